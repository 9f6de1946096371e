use assert_cmd::Command;

/// Each process prints its own Python-style name with its result; the parent prints the total
/// time once both results came back right (main asserts them).
#[test]
fn each_named_process_reports_its_result() {
    let output = Command::cargo_bin("heavy_calculation_processes")
        .unwrap()
        .args(["--n", "1000"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines: Vec<&str> = stdout.lines().collect();
    let total = lines.pop().unwrap();
    lines.sort();
    assert_eq!(
        lines,
        [
            "Process Process-1: Result = 332833500",
            "Process Process-2: Result = 332833500"
        ]
    );
    assert!(
        total.starts_with("Total time: ") && total.ends_with('s'),
        "{stdout}"
    );
}

#[test]
fn bad_sizes_get_a_clear_error() {
    for n in ["0", "-1", "lots"] {
        Command::cargo_bin("heavy_calculation_processes")
            .unwrap()
            .arg(format!("--n={n}"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("invalid value"));
    }
}
