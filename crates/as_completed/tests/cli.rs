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
