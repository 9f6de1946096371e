use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Runs pool_map and returns its stdout and wall time.
fn pool_map(args: &[&str]) -> (String, Duration) {
    let start = Instant::now();
    let output = Command::cargo_bin("pool_map")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    assert!(output.status.success());
    (String::from_utf8(output.stdout).unwrap(), elapsed)
}

fn assert_rounds(elapsed: Duration, rounds: u64) {
    let low = Duration::from_secs(rounds);
    assert!(
        elapsed >= low && elapsed < low + Duration::from_millis(500),
        "took {elapsed:?}, expected {rounds} rounds of 1 s"
    );
}

/// The default pool has one worker per CPU, as Python's `Pool()`.
#[test]
fn the_default_pool_has_one_worker_per_cpu() {
    let cpus = std::thread::available_parallelism().unwrap().get();
    let (stdout, elapsed) = pool_map(&[]);
    assert!(stdout.starts_with("[1, 4, 9, 16]\nTime: "), "{stdout}");
    assert_rounds(elapsed, 4_u64.div_ceil(cpus as u64));
}

/// Four workers take one round; one worker takes four, one task after another.
#[test]
fn the_pool_size_sets_the_rounds() {
    for (workers, rounds) in [("4", 1), ("1", 4)] {
        let (stdout, elapsed) = pool_map(&["--workers", workers]);
        assert!(stdout.starts_with("[1, 4, 9, 16]\n"), "{stdout}");
        assert_rounds(elapsed, rounds);
    }
}

#[test]
fn bad_pool_sizes_get_a_clear_error() {
    for workers in ["0", "-2", "many"] {
        Command::cargo_bin("pool_map")
            .unwrap()
            .arg(format!("--workers={workers}"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("invalid value"));
    }
}
