//! The verify harness must be able to fail. Each test builds a throwaway example folder whose
//! "binary" is a small shell script, runs the real verify on it, and checks the verdict.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use xtask::examples::Example;
use xtask::verify::{Options, jobs, verify};

/// A throwaway example: `script` is what the binary does, `expected` and `spec` its two files.
struct Fixture {
    _dir: TempDir,
    example_dir: PathBuf,
    program: PathBuf,
}

impl Fixture {
    fn new(script: &str, expected: &str, spec: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let example_dir = dir.path().join("demo");
        fs::create_dir(&example_dir).unwrap();
        fs::write(example_dir.join("expected.stdout"), expected).unwrap();
        fs::write(example_dir.join("verify.toml"), spec).unwrap();
        let program = dir.path().join("demo.sh");
        fs::write(&program, format!("#!/bin/sh\n{script}\n")).unwrap();
        fs::set_permissions(&program, fs::Permissions::from_mode(0o755)).unwrap();
        Fixture {
            _dir: dir,
            example_dir,
            program,
        }
    }

    /// Runs verify on this one example: (passed, what verify printed).
    fn verify(&self, bless: bool) -> (bool, String) {
        let examples = vec![Example::load(&self.example_dir).unwrap()];
        let jobs = jobs(&examples, |_| self.program.clone());
        let mut report = Vec::new();
        let passed = verify(&jobs, &Options { bless, cpus: 2 }, &mut report).unwrap();
        (passed, String::from_utf8(report).unwrap())
    }

    fn expected_now(&self) -> String {
        fs::read_to_string(self.example_dir.join("expected.stdout")).unwrap()
    }
}

const THREE_LINES: &str = "echo one; echo two; echo three";

fn assert_fails(fixture: &Fixture, wanted_in_report: &str) {
    let (passed, report) = fixture.verify(false);
    assert!(!passed, "verify passed, but should not have:\n{report}");
    assert!(
        report.contains(wanted_in_report),
        "report lacks {wanted_in_report:?}:\n{report}"
    );
    assert!(report.contains("1 of 1 FAILED"), "{report}");
}

#[test]
fn matching_output_passes() {
    let (passed, report) = Fixture::new(THREE_LINES, "one\ntwo\nthree\n", "").verify(false);
    assert!(passed, "{report}");
    assert!(report.contains("all 1 passed"), "{report}");
}

#[test]
fn a_wrong_line_fails() {
    assert_fails(
        &Fixture::new(THREE_LINES, "one\n2\nthree\n", ""),
        "stdout differs",
    );
}

#[test]
fn a_missing_line_fails() {
    assert_fails(
        &Fixture::new("echo one; echo three", "one\ntwo\nthree\n", ""),
        "stdout differs",
    );
}

#[test]
fn an_extra_line_fails() {
    assert_fails(
        &Fixture::new(THREE_LINES, "one\ntwo\n", ""),
        "stdout differs",
    );
}

#[test]
fn a_broken_claim_fails() {
    let spec = "[captures]\nt = 'took ([0-9.]+)'\n\
                [[claims]]\nsays = 'it is quick'\nvalue = 't'\nmax = 1.0\n";
    let fixture = Fixture::new("echo took 3.5", "took [..]\n", spec);
    assert_fails(
        &fixture,
        "claim \"it is quick\" failed: t = 3.500, wanted < 1",
    );
}

#[test]
fn a_claim_on_wall_time_is_measured_by_verify() {
    let spec = "[[claims]]\nsays = 'under half a second'\nvalue = 'wall'\nmax = 0.5\n";
    assert_fails(
        &Fixture::new("sleep 1", "", spec),
        "claim \"under half a second\" failed",
    );
}

#[test]
fn a_missing_capture_fails_the_claim() {
    let spec =
        "[captures]\nt = 'took ([0-9.]+)'\n[[claims]]\nsays = 'quick'\nvalue = 't'\nmax = 1\n";
    assert_fails(
        &Fixture::new("echo done", "done\n", spec),
        "must match stdout exactly once",
    );
}

#[test]
fn a_crash_fails() {
    assert_fails(
        &Fixture::new("echo one; kill -SEGV $$", "one\n", ""),
        "killed by signal 11",
    );
}

#[test]
fn an_unexpected_exit_status_fails() {
    assert_fails(
        &Fixture::new("echo one; exit 3", "one\n", ""),
        "exited with status 3, expected 0",
    );
}

#[test]
fn an_expected_nonzero_status_passes() {
    let (passed, report) = Fixture::new("echo one; exit 3", "one\n", "status = 3").verify(false);
    assert!(passed, "{report}");
}

#[test]
fn a_timeout_fails_and_kills_the_run() {
    let started = std::time::Instant::now();
    let fixture = Fixture::new("echo one; sleep 30", "one\n", "timeout = 0.5");
    assert_fails(&fixture, "timed out after 0.5 s");
    assert!(
        started.elapsed().as_secs() < 10,
        "verify waited for the sleep"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn processes_left_running_fail_and_are_killed() {
    let fixture = Fixture::new("sleep 30 & echo one", "one\n", "");
    assert_fails(&fixture, "left 1 process(es) running");
}

#[test]
fn unordered_groups_accept_a_reordering() {
    let script = "echo head; echo b 2; echo a 1; echo tail";
    let fixture = Fixture::new(
        script,
        "head\na [..]\nb [..]\ntail\n",
        "unordered = [[2, 3]]",
    );
    let (passed, report) = fixture.verify(false);
    assert!(passed, "{report}");
}

#[test]
fn unordered_groups_reject_a_changed_line() {
    let script = "echo head; echo b 2; echo c 1; echo tail";
    let fixture = Fixture::new(
        script,
        "head\na [..]\nb [..]\ntail\n",
        "unordered = [[2, 3]]",
    );
    assert_fails(&fixture, "stdout differs");
}

#[test]
fn unordered_groups_keep_lines_outside_them_in_order() {
    let script = "echo tail; echo a; echo b; echo head";
    let fixture = Fixture::new(script, "head\na\nb\ntail\n", "unordered = [[2, 3]]");
    assert_fails(&fixture, "stdout differs");
}

#[test]
fn bless_rewrites_a_wrong_expected_output_keeping_its_patterns() {
    let fixture = Fixture::new("echo took 3.5; echo new", "took [..]\nold\n", "");
    let (passed, report) = fixture.verify(true);
    assert!(passed, "{report}");
    assert_eq!(fixture.expected_now(), "took [..]\nnew\n");
    assert!(
        fixture.verify(false).0,
        "the blessed output should now verify"
    );
}

#[test]
fn bless_refuses_a_failing_claim() {
    let spec =
        "[captures]\nt = 'took ([0-9.]+)'\n[[claims]]\nsays = 'quick'\nvalue = 't'\nmax = 1\n";
    let fixture = Fixture::new("echo took 3.5", "took [..]\nold\n", spec);
    let (passed, report) = fixture.verify(true);
    assert!(!passed, "{report}");
    assert!(report.contains("not blessed"), "{report}");
    assert_eq!(fixture.expected_now(), "took [..]\nold\n");
}

#[test]
fn bless_refuses_a_failing_exit() {
    let fixture = Fixture::new("echo new; exit 1", "old\n", "");
    let (passed, report) = fixture.verify(true);
    assert!(!passed, "{report}");
    assert_eq!(fixture.expected_now(), "old\n");
}

#[test]
fn variants_run_with_their_own_arguments() {
    let fixture = Fixture::new("echo \"$@\"", "\n", "variants = [['--other']]");
    let (passed, report) = fixture.verify(false);
    assert!(
        !passed,
        "the variant prints `--other`, not an empty line:\n{report}"
    );
    assert!(report.contains("---- demo --other ----"), "{report}");
}

#[test]
fn a_missing_binary_fails_cleanly() {
    let fixture = Fixture::new("", "", "");
    let examples = vec![Example::load(&fixture.example_dir).unwrap()];
    let jobs = jobs(&examples, |_| Path::new("/nonexistent/demo").to_owned());
    let mut report = Vec::new();
    let passed = verify(
        &jobs,
        &Options {
            bless: false,
            cpus: 2,
        },
        &mut report,
    )
    .unwrap();
    let report = String::from_utf8(report).unwrap();
    assert!(!passed && report.contains("could not start"), "{report}");
}
