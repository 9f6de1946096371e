use assert_cmd::Command;

/// The tutorial's two lines, then ours; `main` has checked all thirty results against the
/// Fibonacci number, or the run would have failed. The process half runs ten worker processes.
#[test]
fn prints_three_totals_from_checked_results() {
    let output = Command::cargo_bin("cpu_bound_compare")
        .unwrap()
        .args(["--n", "20"])
        .env(worker_processes::TRACE_VARIABLE, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    let ways = ["10 threads", "10 processes", "10 calls one after another"];
    for (line, way) in lines.iter().zip(ways) {
        let seconds = line
            .strip_prefix(&format!("Total time with {way}: "))
            .and_then(|rest| rest.strip_suffix(" seconds"))
            .and_then(|seconds| seconds.parse::<f64>().ok());
        assert!(seconds.is_some_and(|s| s > 0.0), "{line:?}");
    }
    assert_eq!(stderr.matches(" started, pid ").count(), 10, "{stderr}");
}

/// A build without optimisations says so, because its timings mislead; a release build does not.
#[test]
fn only_a_debug_build_warns_about_its_timings() {
    let output = Command::cargo_bin("cpu_bound_compare")
        .unwrap()
        .args(["--n", "10"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    if cfg!(debug_assertions) {
        assert!(stderr.starts_with("warning: a debug build"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    } else {
        assert_eq!(stderr, "");
    }
}

#[test]
fn bad_input_gets_a_clear_error() {
    // fibonacci(94) does not fit in a u64.
    for n in ["0", "94", "-1", "thirty-five"] {
        Command::cargo_bin("cpu_bound_compare")
            .unwrap()
            .arg(format!("--n={n}"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("invalid value"));
    }
}
