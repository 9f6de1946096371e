//! Real signals to `--local` runs: a killed process ends the run with one line per process left;
//! Ctrl-C, SIGTERM or SIGKILL to the program leaves no process behind.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::{Duration, Instant};

use worker_processes::testing::{Signal, Target, Watched, send};

/// 10^11 terms: a minute of work, so every signal comes mid-sum.
fn local(processes: &str) -> Watched {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("cluster_sum"));
    command.args(["--local", processes, "--n", "100000000000"]);
    Watched::start(command)
}

/// Process 2 is killed: process 0 (the program) reports it in one line and exits with status 1
/// within a second; process 1 may say the same before it goes, and nothing panics.
#[test]
fn a_killed_process_ends_the_run() {
    let mut program = local("3");
    let pids = program.worker_pids(2, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(500));
    send(pids[1], Signal::SIGKILL);
    let kill = Instant::now();
    let finished = program.finish(Duration::from_secs(5));
    assert!(
        kill.elapsed() < Duration::from_secs(1),
        "took {:?}",
        kill.elapsed()
    );
    assert_eq!(finished.status.code(), Some(1), "{}", finished.stderr);
    assert_eq!(finished.stdout, "");
    let errors: Vec<&str> = (finished.stderr.lines())
        .filter(|line| !line.starts_with("worker_processes: "))
        .collect();
    let reported = "Error: process 0 lost its connection to process 2 (connection closed): the \
                    cluster cannot go on without it";
    assert!(errors.contains(&reported), "{}", finished.stderr);
    for line in errors {
        assert!(line.contains(" lost its connection to process "), "{line}");
    }
}

#[test]
fn ctrl_c_stops_every_process() {
    let finished = local("3").stop_with(2, Signal::SIGINT, Target::Group);
    assert_eq!(finished.status.code(), Some(130));
    assert!(
        !finished.stderr.contains("lost its connection"),
        "{}",
        finished.stderr
    );
}

#[test]
fn sigterm_to_the_program_stops_every_process() {
    let finished = local("2").stop_with(1, Signal::SIGTERM, Target::Parent);
    assert_eq!(finished.status.code(), Some(130));
    assert!(
        !finished.stderr.contains("lost its connection"),
        "{}",
        finished.stderr
    );
}

/// The kernel kills the processes it started (Linux's PR_SET_PDEATHSIG, set up by
/// worker_processes).
#[test]
fn sigkill_to_the_program_leaves_no_process() {
    let finished = local("3").stop_with(2, Signal::SIGKILL, Target::Parent);
    assert_eq!(finished.status.code(), None);
}
