use assert_cmd::Command;

/// Started with the trace variable, the layer names each worker and its pid: three different
/// processes, none of them the parent.
#[test]
fn each_number_gets_its_own_process() {
    let output = Command::cargo_bin("process_square")
        .unwrap()
        .env(worker_processes::TRACE_VARIABLE, "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let mut pids: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.split_once(" started, pid ").map(|(_, pid)| pid))
        .collect();
    pids.sort();
    pids.dedup();
    assert_eq!(pids.len(), 3, "{stderr}");
}
