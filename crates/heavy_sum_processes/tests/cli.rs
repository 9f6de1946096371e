use assert_cmd::Command;

/// Each process announces its start before its finish, both processes report, and the parent
/// prints the total once both sums came back right (main asserts them).
#[test]
fn both_processes_run_and_report() {
    let output = Command::cargo_bin("heavy_sum_processes")
        .unwrap()
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    for number in [1, 2] {
        let position = |wanted: &str| lines.iter().position(|line| *line == wanted);
        let started = position(&format!("Process {number} starts..."));
        let finished = position(&format!("Process {number} finished."));
        assert!(
            matches!((started, finished), (Some(s), Some(f)) if s < f),
            "{stdout}"
        );
    }
    assert!(lines[4].starts_with("Total time: ") && lines[4].ends_with(" seconds"));
}

#[test]
fn bad_sizes_get_a_clear_error() {
    for n in ["0", "-5", "ten", "1000000000001"] {
        Command::cargo_bin("heavy_sum_processes")
            .unwrap()
            .arg(format!("--n={n}"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("invalid value"));
    }
}
