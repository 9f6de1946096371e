//! web_scrape against local servers, the well-behaved fixture site and misbehaving ones. No test
//! needs the internet.

use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use fixture_site::Site;

/// Runs the example with `args`, without proxy settings inherited from whoever runs the tests.
/// Returns its output and how long it took.
fn web_scrape(args: &[String]) -> (Output, Duration) {
    let mut command = Command::cargo_bin("web_scrape").unwrap();
    for variable in fixture_site::PROXY_VARIABLES {
        command.env_remove(variable);
    }
    let start = Instant::now();
    let output = command.args(args).output().unwrap();
    (output, start.elapsed())
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// A title is decoded by the charset the page declares, in its Content-Type header or only in a
/// `<meta>` tag, and a title over several lines is printed on one.
#[test]
fn titles_are_decoded_by_the_declared_charset() {
    let site = Site::start(Duration::ZERO).unwrap();
    let urls = [site.url("/latin1"), site.url("/latin1-meta")];
    let (output, _) = web_scrape(&urls);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(&format!("{}: Crème brûlée à la française\n", urls[0])),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}: Déjà vu : une façade naïve\n", urls[1])),
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
            "unsupported scheme `ftp`: only http and https URLs are fetched",
        ),
        (refused, "connection refused: nothing is listening there"),
        (
            site.url("/stall"),
            "no complete answer within 1 s, so it was given up",
        ),
        (site.url("/status/404"), "the server answered 404 Not Found"),
        (
            site.url("/status/500"),
            "the server answered 500 Internal Server Error",
        ),
        (
            site.url("/bytes/40001"),
            "the body is larger than the limit of 40000 bytes",
        ),
        (
            site.url("/posts"),
            "not an HTML page: its Content-Type is application/json",
        ),
        (site.url("/untitled"), "the page has no <title>"),
    ];
    let mut args: Vec<String> = ["--timeout", "1", "--max-body-bytes", "40000"]
        .map(String::from)
        .to_vec();
    args.push(site.url("/example"));
    args.extend(cases.iter().map(|(url, _)| url.clone()));
    let (output, elapsed) = web_scrape(&args);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(!output.status.success());
    assert_eq!(
        stdout,
        format!("{}: Example Domain\n", site.url("/example"))
    );
    assert_eq!(stderr.lines().count(), cases.len(), "{stderr}");
    for (url, cause) in &cases {
        let line = format!("error: {url}: {cause}");
        assert!(
            stderr.lines().any(|l| l == line),
            "wanted `{line}` in\n{stderr}"
        );
    }
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(4),
        "took {elapsed:?}"
    );
}
