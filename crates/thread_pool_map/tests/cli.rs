//! What verify cannot see: that `--processes` really starts worker processes, and bad input.
//! (verify checks both pools' output, its order and the time.)

use assert_cmd::Command;

#[test]
fn processes_are_real_worker_processes() {
    let output = Command::cargo_bin("thread_pool_map")
        .unwrap()
        .arg("--processes")
        .env(worker_processes::TRACE_VARIABLE, "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches(" started, pid ").count(), 3, "{stderr}");
}

#[test]
fn an_unknown_option_gets_a_clear_error() {
    Command::cargo_bin("thread_pool_map")
        .unwrap()
        .args(["--processes", "extra"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unexpected argument 'extra'"));
}
