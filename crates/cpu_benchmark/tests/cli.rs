use assert_cmd::Command;

/// The tutorial's four lines plus rayon's, each time with two decimals; `main` has checked every
/// sum against the formula, or the run would have failed. The process way runs each task in a
/// worker process of its own.
#[test]
fn prints_the_four_timings_from_checked_sums() {
    let output = Command::cargo_bin("cpu_benchmark")
        .unwrap()
        .args(["--tasks", "3", "--n", "100000"])
        .env(worker_processes::TRACE_VARIABLE, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert_eq!(lines[0], "CPU-Bound Results:");
    for (line, way) in lines[1..]
        .iter()
        .zip(["Sequential", "Threaded", "Multiprocessing", "Rayon"])
    {
        let time = line
            .strip_prefix(&format!(" {way}: "))
            .and_then(|rest| rest.strip_suffix('s'));
        let two_decimals =
            time.and_then(|time| time.parse::<f64>().ok().map(|t| format!("{t:.2}") == time));
        assert_eq!(two_decimals, Some(true), "{line:?}");
    }
    assert_eq!(stderr.matches(" started, pid ").count(), 3, "{stderr}");
}

/// A build without optimisations says so, because its timings mislead; a release build does not.
#[test]
fn only_a_debug_build_warns_about_its_timings() {
    let output = Command::cargo_bin("cpu_benchmark")
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
    let bad = [
        ["--n", "0"],
        ["--n", "-5"],
        ["--n", "ten"],
        ["--n", "1000000000001"],
        ["--tasks", "0"],
        ["--tasks", "257"],
        ["--tasks", "four"],
    ];
    for [option, value] in bad {
        Command::cargo_bin("cpu_benchmark")
            .unwrap()
            .arg(format!("{option}={value}"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("invalid value"));
    }
}
