use assert_cmd::Command;

/// Bigger sizes give other sums, still in input order (main asserts each against the formula).
#[test]
fn results_come_in_input_order() {
    let output = Command::cargo_bin("process_pool_map")
        .unwrap()
        .args(["--scale", "3"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let (small, large) = ("8999995500000500000", "8999999550000005000000");
    assert!(
        stdout.starts_with(&format!(
            "Results: [{small}, {large}, {small}, {large}]\nTime: "
        )),
        "{stdout}"
    );
}

#[test]
fn bad_scales_get_a_clear_error() {
    for scale in ["0", "-1", "100001", "big"] {
        Command::cargo_bin("process_pool_map")
            .unwrap()
            .arg(format!("--scale={scale}"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("invalid value"));
    }
}
