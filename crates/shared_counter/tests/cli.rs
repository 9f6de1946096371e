use assert_cmd::Command;
use predicates::str::contains;

/// Under contention: 16 threads x 1,000,000 increments, and not one is lost.
#[test]
fn sixteen_million_increments_are_all_counted() {
    Command::cargo_bin("shared_counter")
        .unwrap()
        .args(["--threads", "16", "--increments", "1000000"])
        .assert()
        .success()
        .stdout("Final count: 16000000\n");
}

#[test]
fn options_change_the_count() {
    Command::cargo_bin("shared_counter")
        .unwrap()
        .args(["--threads", "3", "--increments", "7"])
        .assert()
        .success()
        .stdout("Final count: 21\n");
}

#[test]
fn bad_options_get_a_clear_error() {
    for args in [
        &["--threads", "0"][..],
        &["--increments=-1"],
        &["--threads", "many"],
    ] {
        Command::cargo_bin("shared_counter")
            .unwrap()
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("invalid value"));
    }
}
