use assert_cmd::Command;

/// Without the joins, `main` could return before a thread prints; with them, every run has both
/// lines. Many runs, because a missing join loses a line only some of the time.
#[test]
fn every_run_prints_both_lines() {
    for _ in 0..50 {
        Command::cargo_bin("hello_threads")
            .unwrap()
            .assert()
            .success()
            .stdout("Running in thread\nRunning in thread\n");
    }
}
