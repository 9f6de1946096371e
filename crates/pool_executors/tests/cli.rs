use assert_cmd::Command;

/// Both pools print the squares in input order; the process pool runs each task in a worker
/// process of its own.
#[test]
fn both_pools_keep_input_order() {
    let output = Command::cargo_bin("pool_executors")
        .unwrap()
        .env(worker_processes::TRACE_VARIABLE, "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "[1, 4, 9]\n[1, 4, 9]\n"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    let workers = stderr
        .lines()
        .filter(|line| line.contains(" started, pid "))
        .count();
    assert_eq!(workers, 3, "one worker process per task: {stderr}");
}
