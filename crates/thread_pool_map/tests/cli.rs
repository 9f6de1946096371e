use assert_cmd::Command;

/// The tutorial's run: the three results in input order, and the three 1 s waits overlap (1 s in
/// all; 3 s if the pool ran them one after another).
#[test]
fn prints_the_results_in_input_order_in_about_one_second() {
    let output = Command::cargo_bin("thread_pool_map")
        .unwrap()
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..3],
        ["Task 1 finished", "Task 2 finished", "Task 3 finished"],
        "{stdout}"
    );
    assert_eq!(lines.len(), 4, "{stdout}");
    let seconds: f64 = lines[3]
        .strip_prefix("Time: ")
        .and_then(|rest| rest.strip_suffix(" seconds"))
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("no time in {:?}", lines[3]));
    assert!(
        (1.0..2.0).contains(&seconds),
        "took {seconds} s: 1 s if the waits overlap, 3 s if they do not"
    );
}

/// `--processes`: the same lines in the same order, from three worker processes, in about 1 s.
#[test]
fn processes_give_the_same_output() {
    let start = std::time::Instant::now();
    let output = Command::cargo_bin("thread_pool_map")
        .unwrap()
        .arg("--processes")
        .env(worker_processes::TRACE_VARIABLE, "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("Task 1 finished\nTask 2 finished\nTask 3 finished\nTime: "),
        "{stdout}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches(" started, pid ").count(), 3, "{stderr}");
    assert!(start.elapsed() < std::time::Duration::from_millis(1500));
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
