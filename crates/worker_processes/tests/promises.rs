//! The layer's promises, checked on examples/drill.rs with real processes and real signals.
#![cfg(target_os = "linux")]

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use worker_processes::testing::{Signal, Target, Watched, send};

/// `cargo test -p worker_processes` builds the examples next to the test binaries, in
/// target/<profile>/examples/. (`cargo test --test promises` alone does not rebuild them.)
fn drill(args: &[&str]) -> Command {
    let test_binary = std::env::current_exe().unwrap();
    let profile_dir = test_binary.parent().and_then(|deps| deps.parent()).unwrap();
    let program: PathBuf = profile_dir.join("examples").join("drill");
    assert!(
        program.is_file(),
        "{} is missing: run `cargo test -p worker_processes` (which builds the examples), or \
         `cargo build -p worker_processes --examples` first",
        program.display()
    );
    let mut command = Command::new(program);
    command.args(args);
    command
}

/// Eight workers print 200 lines of 20,000 characters each at the same time; every line
/// arrives whole, exactly once.
#[test]
fn lines_from_many_workers_stay_whole() {
    let (children, lines, length) = (8, 200, 20_000);
    let args = [children, lines, length].map(|n| n.to_string());
    let finished = Watched::start(drill(&["lines", &args[0], &args[1], &args[2]]))
        .finish(Duration::from_secs(60));
    assert!(finished.status.success(), "{}", finished.stderr);
    let filler = "x".repeat(length);
    let mut seen = vec![vec![0; lines]; children];
    for line in finished.stdout.lines() {
        let mut fields = line.splitn(3, ':');
        let (Some(child), Some(number), Some(rest)) = (fields.next(), fields.next(), fields.next())
        else {
            panic!("a broken line: {:.80}...", line);
        };
        assert!(rest == filler, "a broken line: {:.80}...", line);
        seen[child.parse::<usize>().unwrap()][number.parse::<usize>().unwrap()] += 1;
    }
    assert!(
        seen.iter().flatten().all(|&count| count == 1),
        "lines lost or doubled"
    );
}

/// Two workers that sleep for 30 s.
fn sleepers() -> Watched {
    Watched::start(drill(&["sleep", "2", "30"]))
}

#[test]
fn ctrl_c_stops_every_worker_within_half_a_second() {
    let finished = sleepers().stop_with(2, Signal::SIGINT, Target::Group);
    assert_eq!(finished.status.code(), Some(130), "{}", finished.stderr);
    assert!(
        finished
            .stderr
            .contains("Interrupted: stopped 2 worker process(es)")
    );
    assert!(!finished.stderr.contains("error"), "{}", finished.stderr);
}

#[test]
fn sigterm_to_the_parent_alone_stops_every_worker_within_half_a_second() {
    let finished = sleepers().stop_with(2, Signal::SIGTERM, Target::Parent);
    assert_eq!(finished.status.code(), Some(130));
}

/// SIGKILL cannot be handled: the kernel kills the workers (PR_SET_PDEATHSIG).
#[test]
fn workers_die_with_a_parent_killed_outright() {
    let finished = sleepers().stop_with(2, Signal::SIGKILL, Target::Parent);
    assert_eq!(finished.status.signal(), Some(Signal::SIGKILL as i32));
}

#[test]
fn a_pool_task_whose_worker_is_killed_runs_again() {
    let mut program = Watched::start(drill(&["sleep", "2", "2"]));
    let pids = program.worker_pids(2, Duration::from_secs(10));
    let started = Instant::now();
    send(pids[0], Signal::SIGKILL);
    let finished = program.finish(Duration::from_secs(10));
    assert!(finished.status.success(), "{}", finished.stderr);
    assert_eq!(finished.stdout, "done\n");
    let report = format!(
        "(pid {}) ended without returning a result: it was killed or crashed; running the task \
         again in a new process",
        pids[0]
    );
    assert!(finished.stderr.contains(&report), "{}", finished.stderr);
    // The retried task starts over: about 2 s after the kill, not 4 s of work in turn.
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn a_task_whose_worker_always_dies_fails_the_map_naming_the_task() {
    let started = Instant::now();
    let finished = Watched::start(drill(&["crash"])).finish(Duration::from_secs(10));
    assert_eq!(finished.status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(finished.stdout, "");
    let errors: Vec<&str> = finished
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", finished.stderr);
    assert!(
        errors[0].starts_with("error: task 2 of 3 (input 2): PoolWorker-")
            && errors[0].ends_with("ended without returning a result: it was killed or crashed"),
        "{}",
        errors[0]
    );
    assert_eq!(finished.stderr.matches("running the task again").count(), 1);
}

#[test]
fn a_panic_in_a_worker_is_an_error_with_its_message() {
    let finished = Watched::start(drill(&["panic"])).finish(Duration::from_secs(10));
    assert_eq!(finished.status.code(), Some(1));
    let last = finished.stderr.lines().last().unwrap();
    assert!(
        last.starts_with("error: Process-1 (pid ") && last.ends_with(") panicked: on purpose"),
        "{last}"
    );
}

#[test]
fn forgetting_init_is_an_error_not_a_hang() {
    let finished = Watched::start(drill(&["no-init"])).finish(Duration::from_secs(10));
    assert_eq!(finished.status.code(), Some(1));
    assert_eq!(
        finished.stderr.trim(),
        "error: cannot start Process-1: call worker_processes::init() first in main"
    );
}

/// procspawn waits, without a timeout, for a new worker to report in: one that dies first would
/// hang the parent. The layer notices the worker's output pipes close, reports it, and starts the
/// next worker from a fresh thread.
#[test]
fn a_worker_that_dies_before_its_task_is_an_error_not_a_hang() {
    let started = Instant::now();
    let finished = Watched::start(drill(&["early-exit"])).finish(Duration::from_secs(10));
    assert!(finished.status.success(), "{}", finished.stderr);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        finished.stderr.contains(
            "first: could not start Process-1: it exited with status 3 before it took its task"
        ),
        "{}",
        finished.stderr
    );
    assert_eq!(finished.stdout, "second: slept 0 s\n");
}

/// A worker handed a listener accepts on it; the parent keeps no copy.
#[test]
fn a_worker_accepts_on_the_listener_it_was_handed() {
    let finished = Watched::start(drill(&["listener"])).finish(Duration::from_secs(10));
    assert!(finished.status.success(), "{}", finished.stderr);
    assert_eq!(finished.stdout, "HELLO\nafterwards: refused\n");
}
