//! The bench's local site: hyper's HTTP/1.1 server on tokio, one task per connection. Every
//! request waits a fixed latency, gets the same page and the connection is closed after it. It
//! counts the requests waiting at once, so that a measurement can show the site held them all.
//!
//! Not the examples' fixture_site: that one starts a thread per connection, which at 10,000
//! connections at once costs its accepting thread a thread start each, one after another, and
//! becomes what is measured (see ARCHITECTURE.md).

use std::convert::Infallible;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpSocket};

use crate::usage::{self, open_files};
use crate::waiting::Waiting;

/// What every request but `/peak` gets: a small HTML page, the same each time.
pub const PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
    <title>A page of the bench's site</title>\n</head>\n<body>\n<h1>A page</h1>\n<p>The same \
    page for every download of the benchmark, sent after the site's latency, as a distant \
    server would send it. Each download checks that it came back whole.</p>\n</body>\n</html>\n";

/// The path that answers at once with `{"waiting_peak": N, "cpu_seconds": S}`: the most
/// requests waiting at once since the last time it was asked, and the site's CPU time so far.
pub const PEAK_PATH: &str = "/peak";

/// The longest latency a request may ask for with `?wait_ms=N`.
const MAX_WAIT: Duration = Duration::from_secs(10);

/// Linux's usual cap on a listening socket's queue (`net.core.somaxconn`). Tokio's default of
/// 1024 would make the kernel drop connection attempts of a burst of 10,000, which the clients
/// then retry only a second later.
const LISTEN_QUEUE: u32 = 4096;

/// Starts the site, prints `{"site": "127.0.0.1:PORT"}`, and serves until stdin closes (the
/// caller went away).
pub fn serve(latency: Duration) -> Result<(), String> {
    // Each connection holds a socket, and the clients open up to 10,000 at once.
    open_files::raise_to_hard_limit()?;
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the site's runtime: {e}"))?;
    let listener = runtime
        .block_on(listen())
        .map_err(|e| format!("cannot start the site: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot start the site: {e}"))?;
    runtime.spawn(accept(listener, latency, Arc::default()));
    println!("{}", serde_json::json!({ "site": addr.to_string() }));
    // Anything read is ignored; end of input (or an error) is the signal to stop.
    let _ = io::copy(&mut io::stdin().lock(), &mut io::sink());
    // Connections still open are dropped, not waited for.
    runtime.shutdown_background();
    Ok(())
}

async fn listen() -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    socket.listen(LISTEN_QUEUE)
}

async fn accept(listener: TcpListener, latency: Duration, waiting: Arc<Waiting>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: wait a little rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let waiting = Arc::clone(&waiting);
        tokio::spawn(async move {
            let answer = |request| answer(request, latency, &waiting);
            // A client that breaks off is its own problem; the site carries on.
            let _ = http1::Builder::new()
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), service_fn(answer))
                .await;
        });
    }
}

async fn answer(
    request: Request<Incoming>,
    latency: Duration,
    waiting: &Waiting,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.uri().path() == PEAK_PATH {
        let json = serde_json::json!({
            "waiting_peak": waiting.take_peak(),
            "cpu_seconds": usage::cpu_seconds(),
        });
        return Ok(Response::new(Full::new(Bytes::from(json.to_string()))));
    }
    let _waits = waiting.enter();
    tokio::time::sleep(wait_asked(&request).unwrap_or(latency)).await;
    Ok(Response::new(Full::new(Bytes::from_static(
        PAGE.as_bytes(),
    ))))
}

/// The latency a request asks for with `?wait_ms=N` instead of the site's, up to `MAX_WAIT`: the
/// site check holds every connection for a second.
fn wait_asked(request: &Request<Incoming>) -> Option<Duration> {
    let query = request.uri().query()?;
    let ms = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("wait_ms=")?.parse().ok())?;
    Some(Duration::from_millis(ms).min(MAX_WAIT))
}
