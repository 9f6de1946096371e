use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Every page starts before any finishes (the three threads wait at the same time), each page
/// starts and finishes exactly once, and the run takes nowhere near the 6 s of waiting in turn.
#[test]
fn downloads_overlap() {
    let start = Instant::now();
    let output = Command::cargo_bin("downloader_threads")
        .unwrap()
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{stdout}");
    for url in ["web1", "web2", "web3"] {
        let started = format!("Start downloading {url}...");
        let finished = format!("Finished downloading {url}");
        assert_eq!(
            lines[..3].iter().filter(|line| **line == started).count(),
            1,
            "{stdout}"
        );
        assert_eq!(
            lines[3..6].iter().filter(|line| **line == finished).count(),
            1,
            "{stdout}"
        );
    }
    assert!(lines[6].starts_with("Total time: "), "{stdout}");
    assert!(
        elapsed < Duration::from_secs(4),
        "took {elapsed:?}: the waits did not overlap"
    );
}
