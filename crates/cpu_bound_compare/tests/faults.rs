//! A worker killed mid-task ends the run with an error naming it, and its nine siblings are
//! killed with it rather than left to finish their now useless work.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::{Duration, Instant};

use worker_processes::testing::{Signal, Watched, send};

#[test]
fn a_killed_worker_is_an_error_and_stops_the_others() {
    // fibonacci(40): about 0.3 s a call in a debug build, so the ten workers run for more than
    // a second if nothing stops them.
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("cpu_bound_compare"));
    command.args(["--n", "40"]);
    let mut program = Watched::start(command);
    let pids = program.worker_pids(10, Duration::from_secs(60));
    let killed_at = Instant::now();
    send(pids[0], Signal::SIGKILL);
    // `finish` also checks that no process of the program is left.
    let finished = program.finish(Duration::from_secs(10));
    let took = killed_at.elapsed();
    assert_eq!(finished.status.code(), Some(1));
    assert!(
        finished.stdout.starts_with("Total time with 10 threads: ")
            && !finished.stdout.contains("processes"),
        "{}",
        finished.stdout
    );
    assert_eq!(
        finished.stderr.lines().last().unwrap(),
        format!(
            "Error: Process-1 (pid {}) ended without returning a result: it was killed or crashed",
            pids[0]
        )
    );
    assert!(took < Duration::from_millis(500), "took {took:?} to stop");
}
