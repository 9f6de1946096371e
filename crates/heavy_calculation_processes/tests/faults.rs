//! A worker killed mid-task is an error naming it; the other still reports. (Ctrl-C and
//! SIGTERM: see heavy_sum_processes and worker_processes, same layer.)
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::Duration;

use worker_processes::testing::{Signal, Watched, send};

#[test]
fn a_killed_worker_is_an_error_naming_it() {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("heavy_calculation_processes"));
    command.args(["--n", "30000000"]);
    let mut program = Watched::start(command);
    let pids = program.worker_pids(2, Duration::from_secs(10));
    send(pids[1], Signal::SIGKILL);
    let finished = program.finish(Duration::from_secs(10));
    assert_eq!(finished.status.code(), Some(1));
    assert!(
        finished.stdout.starts_with("Process Process-1: Result = "),
        "{}",
        finished.stdout
    );
    assert_eq!(
        finished.stderr.lines().last().unwrap(),
        format!(
            "Error: Process-2 (pid {}) ended without returning a result: it was killed or crashed",
            pids[1]
        )
    );
}
