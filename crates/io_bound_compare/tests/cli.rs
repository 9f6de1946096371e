//! io_bound_compare against local servers, the fixture site and misbehaving ones. No test needs
//! the internet.

use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use fixture_site::Site;

/// Runs the example with `args` and `env`, without proxy settings inherited from whoever runs
/// the tests. Returns its output and how long it took.
fn io_bound_compare(args: &[String], env: &[(&str, &str)]) -> (Output, Duration) {
    let mut command = Command::cargo_bin("io_bound_compare").unwrap();
    for variable in fixture_site::PROXY_VARIABLES {
        command.env_remove(variable);
    }
    let start = Instant::now();
    let output = command
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (output, start.elapsed())
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// The seconds in `Total time with 10 <workers>: <seconds> seconds`.
fn total_time(stdout: &str, workers: &str) -> f64 {
    let prefix = format!("Total time with 10 {workers}: ");
    let line = stdout.lines().find(|line| line.starts_with(&prefix));
    let seconds = line.and_then(|line| line[prefix.len()..].strip_suffix(" seconds"));
    seconds.unwrap().parse().unwrap()
}

/// The process half runs in ten worker processes, each its own (the layer names each one it
/// starts, with its pid, when asked to), and they too reach the local site without the proxy.
#[test]
fn the_processes_are_real_and_bypass_the_proxy_too() {
    let dead_proxy = format!("http://{}", fixture_site::unused_addr().unwrap());
    let env = [
        ("HTTP_PROXY", dead_proxy.as_str()),
        (worker_processes::TRACE_VARIABLE, "1"),
    ];
    let (output, _) = io_bound_compare(&[], &env);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let mut pids: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.split_once(" started, pid ").map(|(_, pid)| pid))
        .collect();
    pids.sort();
    pids.dedup();
    assert_eq!(pids.len(), 10, "{stderr}");
}

#[test]
fn a_given_url_replaces_the_local_site() {
    let site = Site::start(Duration::ZERO).unwrap();
    let (output, _) = io_bound_compare(&[site.url("/bytes/1234")], &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.matches(": Downloaded 1234 bytes\n").count(),
        20,
        "{stdout}"
    );
}

/// Every failed download, in a thread or a process, gets one line naming the download, the URL
/// and the cause; both totals are still printed; the exit status says something failed; a URL
/// that never answers holds each half for its timeout and not much longer.
#[test]
fn failures_are_reported_per_download() {
    let site = Site::start(Duration::ZERO).unwrap();
    let refused = format!("http://{}/", fixture_site::unused_addr().unwrap());
    let cases = [
        (
            String::from("gopher://127.0.0.1/"),
            "unsupported scheme `gopher`: only http and https URLs are fetched",
        ),
        (refused, "connection refused: nothing is listening there"),
        (
            site.url("/status/503"),
            "the server answered 503 Service Unavailable",
        ),
        (
            site.url("/stall"),
            "no complete answer within 1 s, so it was given up",
        ),
    ];
    for (url, cause) in cases {
        let args = ["--timeout".into(), "1".into(), url.clone()];
        let (output, elapsed) = io_bound_compare(&args, &[]);
        let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
        assert!(!output.status.success(), "{url}");
        assert!(!stdout.contains("Downloaded"), "{stdout}");
        total_time(stdout, "threads");
        total_time(stdout, "processes");
        for thread_id in 0..10 {
            let line = format!("error: Thread {thread_id}: {url}: {cause}\n");
            assert_eq!(stderr.matches(&line).count(), 2, "{stderr}");
        }
        assert_eq!(stderr.lines().count(), 20, "{stderr}");
        // Two halves, each held by the stalled URL for its 1 s timeout at most.
        assert!(elapsed < Duration::from_secs(5), "{url}: took {elapsed:?}");
    }
}
