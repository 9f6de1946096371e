use std::time::{Duration, Instant};

use assert_cmd::Command;

fn result_line(n: u32) -> String {
    let url = format!("https://api.example.com/data/{n}");
    format!("{url}: Data from {url}")
}

fn sorted(lines: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    lines.sort();
    lines
}

/// The tutorial's run: five results, each once. Jobs 0 to 2 take the three workers first and
/// finish first; jobs 3 and 4 wait for a free worker and finish a second later: two waves, 2 s.
#[test]
fn prints_each_result_as_it_completes_in_two_waves() {
    let start = Instant::now();
    let output = Command::cargo_bin("as_completed")
        .unwrap()
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    let first_wave: Vec<String> = (0..3).map(result_line).collect();
    let second_wave: Vec<String> = (3..5).map(result_line).collect();
    assert_eq!(sorted(&lines[..3]), first_wave, "{stdout}");
    assert_eq!(sorted(&lines[3..]), second_wave, "{stdout}");
    assert!(
        elapsed >= Duration::from_secs(2) && elapsed < Duration::from_millis(2900),
        "took {elapsed:?}: two waves of 1 s take 2 s"
    );
}

/// A job that panics is reported in one line of its own (and nothing else on stderr: no panic
/// message from the default hook), the other four still complete, and the exit status says so.
#[test]
fn a_job_that_panics_is_reported_and_the_others_still_complete() {
    let output = Command::cargo_bin("as_completed")
        .unwrap()
        .args(["--panic", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let others: Vec<String> = [0, 2, 3, 4].into_iter().map(result_line).collect();
    assert_eq!(sorted(&lines), others, "{stdout}");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "https://api.example.com/data/1: failed: the job panicked: simulated failure (--panic)\n"
    );
}

#[test]
fn every_job_can_fail_and_each_failure_is_reported() {
    let output = Command::cargo_bin("as_completed")
        .unwrap()
        .args(["--panic", "0", "--panic", "1", "--panic", "2"])
        .args(["--panic", "3", "--panic", "4", "--panic", "4"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let failed: Vec<&str> = stderr.lines().collect();
    assert_eq!(failed.len(), 5, "{stderr}");
    for n in 0..5 {
        let line = format!("https://api.example.com/data/{n}: failed: the job panicked: ");
        assert!(failed.iter().any(|l| l.starts_with(&line)), "{stderr}");
    }
}

#[test]
fn bad_options_get_a_clear_error() {
    for args in [&["--panic", "5"][..], &["--panic", "one"], &["--panic=-1"]] {
        Command::cargo_bin("as_completed")
            .unwrap()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("invalid value"));
    }
}
