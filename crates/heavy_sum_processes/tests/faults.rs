//! Real signals to the real binary: a killed worker is an error naming it; Ctrl-C and SIGTERM
//! leave no process behind.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::Duration;

use worker_processes::testing::{Signal, Target, Watched, send};

fn heavy_sum(n: u64) -> Watched {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("heavy_sum_processes"));
    command.args(["--n", &n.to_string()]);
    Watched::start(command)
}

/// Process 1 is killed mid-sum; Process 2 still finishes and reports, then the run fails with
/// one line naming Process 1.
#[test]
fn a_killed_worker_is_an_error_naming_it() {
    let mut program = heavy_sum(30_000_000);
    let pids = program.worker_pids(2, Duration::from_secs(10));
    send(pids[0], Signal::SIGKILL);
    let finished = program.finish(Duration::from_secs(10));
    assert_eq!(finished.status.code(), Some(1));
    assert!(
        finished.stdout.contains("Process 2 finished."),
        "{}",
        finished.stdout
    );
    assert!(!finished.stdout.contains("Total time"));
    assert_eq!(
        finished.stderr.lines().last().unwrap(),
        format!(
            "Error: Process-1 (pid {}) ended without returning a result: it was killed or crashed",
            pids[0]
        )
    );
}

#[test]
fn ctrl_c_stops_both_workers_within_half_a_second() {
    let finished = heavy_sum(1_000_000_000_000).stop_with(2, Signal::SIGINT, Target::Group);
    assert_eq!(finished.status.code(), Some(130));
}

#[test]
fn sigterm_to_the_parent_stops_both_workers_within_half_a_second() {
    let finished = heavy_sum(1_000_000_000_000).stop_with(2, Signal::SIGTERM, Target::Parent);
    assert_eq!(finished.status.code(), Some(130));
}
