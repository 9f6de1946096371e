//! web_download against local servers, the well-behaved fixture site and misbehaving ones. No
//! test needs the internet.

use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use fixture_site::Site;

/// Runs the example with `args` and `env`, and no proxy settings inherited from whoever runs the
/// tests. Returns its output and how long it took.
fn web_download(args: &[String], env: &[(&str, &str)]) -> (Output, Duration) {
    let mut command = Command::cargo_bin("web_download").unwrap();
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

/// The size is the body's length in bytes, exactly, JSON or not.
#[test]
fn counts_bytes() {
    let site = Site::start(Duration::ZERO).unwrap();
    let urls = [site.url("/bytes/100000"), site.url("/bytes/0")];
    let (output, _) = web_download(&urls, &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(&format!("{}: 100000 bytes\n", urls[0])),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}: 0 bytes\n", urls[1])),
        "{stdout}"
    );
}

/// Every kind of failure gets one line on stderr naming the URL and the cause; the good URL is
/// still reported; the exit status says something failed; the run ends soon after the timeout.
#[test]
fn each_failure_gets_one_clear_line_and_the_rest_still_run() {
    let site = Site::start(Duration::ZERO).unwrap();
    let refused = format!("http://{}/", fixture_site::unused_addr().unwrap());
    let cases = [
        (String::from("not a url"), "not a valid URL"),
        (
            String::from("ftp://127.0.0.1/file"),
            "unsupported scheme `ftp`",
        ),
        (refused, "connection refused"),
        (site.url("/stall"), "no complete answer within 1 s"),
        (site.url("/status/404"), "the server answered 404 Not Found"),
        (
            site.url("/status/500"),
            "the server answered 500 Internal Server Error",
        ),
        (
            site.url("/bytes/2001"),
            "larger than the limit of 2000 bytes",
        ),
    ];
    let mut args: Vec<String> = ["--timeout", "1", "--max-body-bytes", "2000"]
        .map(String::from)
        .to_vec();
    args.push(site.url("/bytes/2000"));
    args.extend(cases.iter().map(|(url, _)| url.clone()));
    let (output, elapsed) = web_download(&args, &[]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(!output.status.success());
    assert_eq!(stdout, format!("{}: 2000 bytes\n", site.url("/bytes/2000")));
    assert_eq!(stderr.lines().count(), cases.len(), "{stderr}");
    for (url, cause) in &cases {
        let prefix = format!("error: {url}: ");
        let line = stderr.lines().find(|line| line.starts_with(&prefix));
        assert!(
            line.is_some_and(|line| line.contains(cause)),
            "{url}: {stderr}"
        );
    }
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(4),
        "took {elapsed:?}"
    );
}

/// URLs from the command line go through the user's proxy: here the fixture site plays the
/// proxy, and the URL's own host, a port where nothing listens, is never contacted.
#[test]
fn given_urls_go_through_the_users_proxy() {
    let proxy = Site::start(Duration::ZERO).unwrap();
    let unused = fixture_site::unused_addr().unwrap();
    let url = format!("http://localhost:{}/example", unused.port());
    let proxy_url = format!("http://{}", proxy.addr());
    let (output, _) = web_download(std::slice::from_ref(&url), &[("HTTP_PROXY", &proxy_url)]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).starts_with(&format!("{url}: ")));
}

/// The local site is reached directly, even when the user's proxy cannot be reached at all.
#[test]
fn the_local_site_bypasses_the_proxy() {
    let dead_proxy = format!("http://{}", fixture_site::unused_addr().unwrap());
    let env = [
        ("HTTP_PROXY", dead_proxy.as_str()),
        ("ALL_PROXY", &dead_proxy),
    ];
    let (output, _) = web_download(&[], &env);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).lines().count(), 2);
}

#[test]
fn bad_options_get_a_usage_error() {
    for bad in [
        "--timeout=0",
        "--max-body-bytes=lots",
        "--connect-timeout=never",
    ] {
        let (output, _) = web_download(&[bad.to_owned()], &[]);
        assert_eq!(output.status.code(), Some(2));
        assert!(text(&output.stderr).contains("invalid value"), "{bad}");
    }
}
