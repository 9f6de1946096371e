//! Each way a URL can fail, against local servers that misbehave on purpose, gives its own error
//! in words, and none takes longer than the timeout.

use std::time::{Duration, Instant};

use fetch::{Client, Error, Options};
use fixture_site::Site;

fn options(timeout: Duration) -> Options {
    Options {
        timeout,
        connect_timeout: timeout,
        max_body_bytes: 50_000,
    }
}

/// A client with a 5 s timeout. It reaches the site, on a loopback address, directly, whatever
/// proxy the environment names.
fn client() -> Client {
    Client::new(&options(Duration::from_secs(5)))
}

#[test]
fn a_page_comes_with_its_type_and_charset() {
    let site = Site::start(Duration::ZERO).unwrap();
    let page = client().get(&site.url("/latin1")).unwrap();
    assert_eq!(page.mime_type.as_deref(), Some("text/html"));
    assert_eq!(page.charset.as_deref(), Some("ISO-8859-1"));
    let page = client().get(&site.url("/posts")).unwrap();
    assert_eq!(page.mime_type.as_deref(), Some("application/json"));
    assert!(page.body.len() > 20_000);
}

#[test]
fn bad_urls_are_refused_before_any_request() {
    let client = Client::new(&options(Duration::from_secs(5)));
    let cases = [
        ("not a url", "not a valid URL"),
        ("example.com", "start it with http:// or https://"),
        ("ftp://127.0.0.1/file", "unsupported scheme `ftp`"),
        ("file:///etc/passwd", "unsupported scheme `file`"),
        ("http://", "not a valid URL"),
        ("http:///path", "not a valid URL"),
        ("http://:80/", "names no host"),
        ("http s://x/", "not a valid URL"),
    ];
    for (url, wanted) in cases {
        let message = client.get(url).unwrap_err().to_string();
        assert!(message.contains(wanted), "{url}: {message}");
    }
}

#[test]
fn error_statuses_are_errors() {
    let site = Site::start(Duration::ZERO).unwrap();
    for (path, wanted) in [
        ("/status/404", "the server answered 404 Not Found"),
        (
            "/status/500",
            "the server answered 500 Internal Server Error",
        ),
    ] {
        let error = client().get(&site.url(path)).unwrap_err();
        assert_eq!(error.to_string(), wanted);
    }
}

#[test]
fn a_refused_connection_says_so() {
    let url = format!("http://{}/", fixture_site::unused_addr().unwrap());
    let error = Client::new(&options(Duration::from_secs(5)))
        .get(&url)
        .unwrap_err();
    assert!(matches!(error, Error::Refused), "{error:?}");
}

#[test]
fn a_server_that_never_answers_is_given_up_at_the_timeout() {
    let site = Site::start(Duration::ZERO).unwrap();
    let timeout = Duration::from_millis(500);
    let client = Client::new(&options(timeout));
    let start = Instant::now();
    let error = client.get(&site.url("/stall")).unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(
        error.to_string(),
        "no complete answer within 0.5 s, so it was given up"
    );
    assert!(
        elapsed >= timeout && elapsed < timeout * 4,
        "gave up after {elapsed:?}"
    );
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let site = Site::start(Duration::ZERO).unwrap();
    let client = client();
    assert_eq!(
        client.get(&site.url("/bytes/50000")).unwrap().body.len(),
        50_000
    );
    let error = client.get(&site.url("/bytes/50001")).unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge(50_000)), "{error:?}");
}

#[test]
fn bad_option_values_are_refused() {
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct Args {
        #[command(flatten)]
        fetch: Options,
    }
    for bad in [
        "--timeout=0",
        "--timeout=soon",
        "--connect-timeout=-1",
        "--max-body-bytes=1e3",
    ] {
        let error = Args::try_parse_from(["x", bad]).unwrap_err();
        assert!(error.to_string().contains("invalid value"), "{error}");
    }
    let args = Args::try_parse_from(["x", "--timeout", "0.25"]).unwrap();
    assert_eq!(args.fetch.timeout, Duration::from_millis(250));
}

/// https:// URLs go through TLS: a plain-HTTP server on the other end fails the handshake.
#[test]
fn https_urls_speak_tls() {
    let site = Site::start(Duration::ZERO).unwrap();
    let url = site.url("/example").replacen("http://", "https://", 1);
    let error = client().get(&url).unwrap_err().to_string();
    assert!(
        error.starts_with("the secure (TLS) connection failed: "),
        "{error}"
    );
}
