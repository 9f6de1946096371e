//! Real signals to the real binary. CPython's `multiprocessing.Pool` hangs for ever when a
//! worker is killed mid-task; here the task runs again and the results are complete. Ctrl-C and
//! SIGTERM leave no process behind.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::{Duration, Instant};

use worker_processes::testing::{Signal, Target, Watched, send};

fn pool_map() -> Watched {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("pool_map"));
    command.args(["--workers", "2"]);
    Watched::start(command)
}

#[test]
fn a_killed_worker_is_reported_and_its_task_runs_again() {
    let mut program = pool_map();
    let pids = program.worker_pids(2, Duration::from_secs(10));
    let killed = Instant::now();
    send(pids[0], Signal::SIGKILL);
    let finished = program.finish(Duration::from_secs(10));
    assert!(finished.status.success(), "{}", finished.stderr);
    assert!(
        finished.stdout.starts_with("[1, 4, 9, 16]\n"),
        "{}",
        finished.stdout
    );
    let report = format!(
        "(pid {}) ended without returning a result: it was killed or crashed; running the task \
         again in a new process",
        pids[0]
    );
    assert!(finished.stderr.contains(&report), "{}", finished.stderr);
    // The lost second is run again: three rounds at most, not a hang.
    assert!(killed.elapsed() < Duration::from_secs(4));
}

#[test]
fn ctrl_c_stops_every_worker_within_half_a_second() {
    let finished = pool_map().stop_with(2, Signal::SIGINT, Target::Group);
    assert_eq!(finished.status.code(), Some(130));
    assert_eq!(finished.stdout, "");
}

#[test]
fn sigterm_to_the_parent_stops_every_worker_within_half_a_second() {
    let finished = pool_map().stop_with(2, Signal::SIGTERM, Target::Parent);
    assert_eq!(finished.status.code(), Some(130));
}
