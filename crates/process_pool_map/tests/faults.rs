//! A worker killed mid-task: its task runs again in a new process, the crash is reported on
//! stderr, and the results are complete and correct.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::Duration;

use worker_processes::testing::{Signal, Watched, send};

#[test]
fn a_killed_worker_is_reported_and_its_task_runs_again() {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("process_pool_map"));
    command.args(["--scale", "5"]);
    let mut program = Watched::start(command);
    let pids = program.worker_pids(4, Duration::from_secs(10));
    send(pids[0], Signal::SIGKILL);
    let finished = program.finish(Duration::from_secs(30));
    assert!(finished.status.success(), "{}", finished.stderr);
    let (small, large) = ("41666654166667500000", "41666665416666675000000");
    assert!(
        finished
            .stdout
            .starts_with(&format!("Results: [{small}, {large}, {small}, {large}]\n")),
        "{}",
        finished.stdout
    );
    let report = format!(
        "(pid {}) ended without returning a result: it was killed or crashed; running the task \
         again in a new process",
        pids[0]
    );
    assert!(finished.stderr.contains(&report), "{}", finished.stderr);
}
