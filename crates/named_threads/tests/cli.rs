use assert_cmd::Command;

/// Each thread names itself: the thread that starts a file is the one that completes it, and the
/// two threads carry different names.
#[test]
fn each_file_is_handled_by_its_own_named_thread() {
    let output = Command::cargo_bin("named_threads")
        .unwrap()
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for (name, file) in [("Thread-1", "file1.zip"), ("Thread-2", "file2.zip")] {
        let started = format!("[{name}] Starting download: {file}");
        let completed = format!("[{name}] Completed: {file}");
        let position = |wanted: &str| stdout.lines().position(|line| line == wanted);
        let (Some(start), Some(end)) = (position(&started), position(&completed)) else {
            panic!("missing lines for {name} in:\n{stdout}");
        };
        assert!(start < end, "{name} completed before it started:\n{stdout}");
    }
    assert_eq!(stdout.lines().last(), Some("All downloads complete"));
}
