use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use fixture_site::Site;

const NO_LATENCY: Duration = Duration::ZERO;

/// A client that ignores any proxy settings in the environment: these tests talk to 127.0.0.1.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .new_agent()
}

fn get(url: &str) -> (u16, String, Vec<u8>) {
    let mut response = agent().get(url).call().unwrap();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.body_mut().read_to_vec().unwrap();
    (response.status().as_u16(), content_type, body)
}

/// Sends `request` as it is on a new connection and returns everything the site sends back
/// until it closes the connection.
fn raw_exchange(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

/// What the examples' timings rest on: N requests at once take about one latency, not N (a
/// server that handles a few connections at a time, as tiny_http did here, takes several).
#[test]
fn ten_concurrent_requests_take_about_one_latency() {
    let latency = Duration::from_millis(500);
    let site = Site::start(latency).unwrap();
    let agent = agent();
    let url = site.url("/posts");
    let start = Instant::now();
    thread::scope(|scope| {
        for _ in 0..10 {
            scope.spawn(|| {
                let body = agent.get(&url).call().unwrap().body_mut().read_to_vec();
                assert!(body.unwrap().len() > 20_000);
            });
        }
    });
    let elapsed = start.elapsed();
    assert!(
        elapsed >= latency,
        "{elapsed:?}: answered before the latency"
    );
    // One latency plus generous noise for a busy 2-core machine; serving even two at a time
    // would take 5 latencies.
    assert!(
        elapsed < latency.mul_f64(1.6),
        "{elapsed:?}: the ten requests did not wait together"
    );
}

#[test]
fn pages_have_the_titles_and_types_the_examples_expect() {
    let site = Site::start(NO_LATENCY).unwrap();
    let (status, content_type, body) = get(&site.url("/example"));
    let body = String::from_utf8(body).unwrap();
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    assert!(body.contains("<title>Example Domain</title>"), "{body}");
    let (_, _, body) = get(&site.url("/httpbin"));
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("<title>httpbin.org</title>")
    );
    let (_, _, body) = get(&site.url("/untitled"));
    assert!(!String::from_utf8(body).unwrap().contains("<title"));
    let (_, _, body) = get(&site.url("/"));
    let index = String::from_utf8(body).unwrap();
    for (path, _) in fixture_site::PATHS {
        assert!(index.contains(&format!("<code>{path}</code>")), "{index}");
    }
}

#[test]
fn posts_are_100_json_posts_of_about_27_kb() {
    let site = Site::start(NO_LATENCY).unwrap();
    let (status, content_type, body) = get(&site.url("/posts"));
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/json; charset=utf-8")
    );
    assert!(
        (25_000..30_000).contains(&body.len()),
        "{} bytes",
        body.len()
    );
    let posts: Vec<serde_json::Value> = serde_json::from_slice(&body).unwrap();
    assert_eq!(posts.len(), 100);
    assert_eq!(posts[99]["id"], 100);
    assert_eq!(posts[99]["userId"], 10);
    assert!(posts.iter().all(|post| post["body"].is_string()));
    // The same document every time, so the examples' expected output can name its size.
    assert_eq!(get(&site.url("/posts")).2, body);
}

/// What an article's HTML holds, counted without an HTML parser: the site writes no `<` or `>`
/// into its text, so the text is what lies outside the tags. The words of the `<body>`, and
/// the `<a href` tags.
fn count_by_hand(html: &str) -> (u64, u64) {
    let body = &html[html.find("<body>").unwrap()..];
    let mut text = String::new();
    for piece in body.split('<') {
        text.push(' ');
        text.push_str(piece.split_once('>').map_or(piece, |(_, after)| after));
    }
    let words = text.split_whitespace().count() as u64;
    (words, html.matches("<a href=").count() as u64)
}

#[test]
fn articles_hold_what_the_site_says_they_hold() {
    let site = Site::start(NO_LATENCY).unwrap();
    let mut by_hand = (0, 0);
    for number in 1..=3 {
        let (status, content_type, body) = get(&site.url(&fixture_site::articles::path(number)));
        assert_eq!(
            (status, content_type.as_str()),
            (200, "text/html; charset=utf-8")
        );
        let html = String::from_utf8(body).unwrap();
        assert!(
            (150_000..250_000).contains(&html.len()),
            "{} bytes",
            html.len()
        );
        assert!(html.contains(&format!("<title>Article {number}</title>")));
        let (words, links) = count_by_hand(&html);
        let held = fixture_site::articles::totals(number);
        let before = fixture_site::articles::totals(number - 1);
        assert_eq!(
            (held.words - before.words, held.links - before.links),
            (words, links)
        );
        by_hand = (by_hand.0 + words, by_hand.1 + links);
        // The same article every time.
        assert_eq!(
            get(&site.url(&fixture_site::articles::path(number))).2,
            html.as_bytes()
        );
    }
    let (status, content_type, body) = get(&site.url("/articles/totals/3"));
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/json; charset=utf-8")
    );
    let totals: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(totals["articles"], 3);
    assert_eq!(
        (totals["words"].as_u64(), totals["links"].as_u64()),
        (Some(by_hand.0), Some(by_hand.1))
    );
    for path in [
        "/articles/0",
        "/articles/100001",
        "/articles/totals/100001",
        "/articles/x",
    ] {
        assert_eq!(get(&site.url(path)).0, 404, "{path}");
    }
}

#[test]
fn latin1_pages_are_latin1_bytes() {
    let site = Site::start(NO_LATENCY).unwrap();
    let (_, content_type, body) = get(&site.url("/latin1"));
    assert_eq!(content_type, "text/html; charset=ISO-8859-1");
    // "Crème": è is the single byte 0xE8 in ISO-8859-1 (two bytes in UTF-8).
    assert!(body.windows(5).any(|w| w == b"Cr\xe8me"));
    assert!(String::from_utf8(body).is_err());
    let (_, content_type, body) = get(&site.url("/latin1-meta"));
    assert_eq!(content_type, "text/html");
    assert!(
        body.windows(28)
            .any(|w| w == b"<meta charset=\"iso-8859-1\">\n")
    );
    assert!(body.windows(4).any(|w| w == b"D\xe9j\xe0"));
}

#[test]
fn errors_and_sizes_on_request() {
    let site = Site::start(NO_LATENCY).unwrap();
    for (path, status) in [
        ("/status/404", 404),
        ("/status/500", 500),
        ("/status/200", 404),
        ("/status/499", 404),
        ("/nowhere", 404),
        ("/bytes/99999999999", 404),
    ] {
        assert_eq!(get(&site.url(path)).0, status, "{path}");
    }
    let (status, content_type, body) = get(&site.url("/bytes/100000"));
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/octet-stream")
    );
    assert_eq!(body.len(), 100_000);
}

#[test]
fn stall_never_answers() {
    let site = Site::start(NO_LATENCY).unwrap();
    let mut stream = TcpStream::connect(site.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    stream
        .write_all(b"GET /stall HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut buffer = [0; 16];
    let error = stream.read(&mut buffer).unwrap_err();
    assert!(
        matches!(
            error.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
        "{error}"
    );
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let site = Site::start(NO_LATENCY).unwrap();
    // Two pipelined requests, the second asking to close: both answered, then the close.
    let answer = raw_exchange(
        site.addr(),
        "GET /example HTTP/1.1\r\nHost: x\r\n\r\n\
         HEAD /example HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(answer.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{answer}");
    assert_eq!(answer.matches("<title>").count(), 1, "HEAD has no body");
    assert!(answer.contains("Connection: keep-alive\r\n"), "{answer}");
    assert!(answer.ends_with("Connection: close\r\n\r\n"), "{answer}");
    assert!(answer.contains("\r\nDate: "), "{answer}");
    // HTTP/1.0 closes after one answer unless asked otherwise.
    let answer = raw_exchange(site.addr(), "GET /example HTTP/1.0\r\n\r\n");
    assert!(answer.contains("Connection: close\r\n"), "{answer}");
}

#[test]
fn bad_requests_get_an_error_status_and_a_closed_connection() {
    let site = Site::start(NO_LATENCY).unwrap();
    let cases = [
        ("nonsense\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"),
        (
            "POST /example HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 405 Method Not Allowed\r\n",
        ),
        (
            "GET / HTTP/3\r\n\r\n",
            "HTTP/1.1 505 HTTP Version Not Supported\r\n",
        ),
    ];
    for (request, status_line) in cases {
        let answer = raw_exchange(site.addr(), request);
        assert!(answer.starts_with(status_line), "{request:?} gave {answer}");
    }
}

/// Tests can use the site as a stand-in HTTP proxy whose every destination is the site itself:
/// it serves requests in absolute form, and tunnels that CONNECT opens lead back to it.
#[test]
fn the_site_stands_in_for_a_proxy() {
    let site = Site::start(NO_LATENCY).unwrap();
    let answer = raw_exchange(
        site.addr(),
        "GET http://example.invalid/httpbin HTTP/1.1\r\nHost: example.invalid\r\nConnection: close\r\n\r\n",
    );
    assert!(answer.contains("<title>httpbin.org</title>"), "{answer}");
    let answer = raw_exchange(
        site.addr(),
        "CONNECT example.invalid:80 HTTP/1.1\r\nHost: example.invalid:80\r\n\r\n\
         GET /httpbin HTTP/1.1\r\nHost: example.invalid\r\nConnection: close\r\n\r\n",
    );
    assert!(
        answer.starts_with("HTTP/1.1 200 Connection Established\r\n\r\nHTTP/1.1 200 OK\r\n"),
        "{answer}"
    );
    assert!(answer.contains("<title>httpbin.org</title>"), "{answer}");
}

#[test]
fn a_dropped_site_refuses_connections() {
    let site = Site::start(NO_LATENCY).unwrap();
    let addr = site.addr();
    drop(site);
    assert!(TcpStream::connect(addr).is_err());
    assert!(TcpStream::connect(fixture_site::unused_addr().unwrap()).is_err());
}

/// A burst of connections, faster than the site can take them one by one, must wait in the
/// listen queue rather than be dropped: a dropped connection attempt is retried only after a
/// second, which turns "a thousand downloads at once take one latency" into more than a second.
#[test]
fn a_burst_of_connections_waits_its_turn_instead_of_a_second() {
    let site = Site::start(NO_LATENCY).unwrap();
    let start = Instant::now();
    // One thread opens them as fast as the kernel completes handshakes; the site starts a
    // thread for each as it takes it.
    let mut streams: Vec<TcpStream> = (0..400)
        .map(|_| TcpStream::connect(site.addr()).unwrap())
        .collect();
    for stream in &mut streams {
        stream
            .write_all(b"GET /example HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            .unwrap();
    }
    for stream in &mut streams {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    }
    let elapsed = start.elapsed();
    assert!(
        elapsed < Duration::from_millis(900),
        "400 connections at once took {elapsed:?}: some were dropped and retried"
    );
}
