//! crawl_pipeline against local servers: the fixture site's articles, its misbehaving pages, and
//! URLs that are no URLs. No test needs the internet.

use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use fixture_site::Site;

/// Runs the example with `args`, without proxy settings inherited from whoever runs the tests.
/// Returns its output and how long it took.
fn crawl_pipeline(args: &[String]) -> (Output, Duration) {
    let mut command = Command::cargo_bin("crawl_pipeline").unwrap();
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

/// Runs the example on `good` articles of a site and on `failing` URLs, and checks what every
/// run must show: the good pages analysed, their totals what the site put in them; one line on
/// stderr per failing URL, naming it and the cause, and nothing else there; exit status 1.
fn crawl_with_failures(site: &Site, options: &[&str], failing: &[(String, &str)]) -> Duration {
    let good = [1, 2, 3].map(|n| site.url(&fixture_site::articles::path(n)));
    let mut args: Vec<String> = options.iter().map(|&option| option.to_owned()).collect();
    args.extend(good.iter().cloned());
    // Failures among the good pages, not only after them.
    args.insert(args.len() - 1, failing[0].0.clone());
    args.extend(failing[1..].iter().map(|(url, _)| url.clone()));
    let (output, elapsed) = crawl_pipeline(&args);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));

    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    let held = fixture_site::articles::totals(3);
    let first_line = format!(
        "Crawled 3 pages ({} failed): {} words, {} links\n",
        failing.len(),
        held.words,
        held.links
    );
    assert!(stdout.starts_with(&first_line), "{stdout}");
    for way in ["One after another", "Fetch all, then analyse", "Pipelined"] {
        assert!(stdout.contains(&format!(" {way}: ")), "{stdout}");
    }
    // The URLs came from the command line: no site to check the totals against.
    assert!(!stdout.contains("Checked"), "{stdout}");
    assert_eq!(stderr.lines().count(), failing.len(), "{stderr}");
    for (url, cause) in failing {
        let line = format!("error: {url}: {cause}");
        assert!(
            stderr.lines().any(|l| l == line),
            "wanted `{line}` in\n{stderr}"
        );
    }
    elapsed
}

/// A page that fails, in any of the ways a server can fail, is one line; the other pages are
/// still analysed by every way; the run ends soon after the timeout, which each way waits once.
#[test]
fn a_failed_page_is_one_line_and_the_others_are_still_analysed() {
    let site = Site::start(Duration::ZERO).unwrap();
    let refused = format!("http://{}/", fixture_site::unused_addr().unwrap());
    let failing = [
        (site.url("/status/404"), "the server answered 404 Not Found"),
        (
            site.url("/status/503"),
            "the server answered 503 Service Unavailable",
        ),
        (refused, "connection refused: nothing is listening there"),
        (
            site.url("/stall"),
            "no complete answer within 1 s, so it was given up",
        ),
        (
            site.url("/bytes/300001"),
            "the body is larger than the limit of 300000 bytes",
        ),
        (
            site.url("/posts"),
            "not an HTML page: its Content-Type is application/json",
        ),
    ];
    let options = ["--timeout", "1", "--max-body-bytes", "300000"];
    let elapsed = crawl_with_failures(&site, &options, &failing);
    assert!(
        elapsed >= Duration::from_secs(3) && elapsed < Duration::from_secs(8),
        "took {elapsed:?}"
    );
}

/// What is not a URL that can be fetched is refused before any request, with the reason.
#[test]
fn bad_urls_are_one_line_each() {
    let site = Site::start(Duration::ZERO).unwrap();
    let failing = [
        (String::from("not a url"), "not a valid URL"),
        (
            String::from("example.com"),
            "not a full URL: start it with http:// or https://",
        ),
        (
            String::from("ftp://127.0.0.1/articles/1"),
            "unsupported scheme `ftp`: only http and https URLs are fetched",
        ),
        (String::from("http://:80/"), "the URL names no host"),
    ];
    crawl_with_failures(&site, &[], &failing);
}

/// The options that size the work have bounds, and a value outside them is refused by name.
#[test]
fn out_of_range_options_are_refused() {
    for (option, value) in [("--threads", "0"), ("--threads", "257"), ("--pages", "0")] {
        let (output, _) = crawl_pipeline(&[option.to_owned(), value.to_owned()]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains(&format!("invalid value '{value}' for '{option}")),
            "{stderr}"
        );
    }
}
