//! A small web site on 127.0.0.1 for the network examples and their tests, so that nothing needs
//! the internet.
//!
//! It is a real HTTP/1.1 server (std's `TcpListener`, one thread per connection, keep-alive, and
//! every answer waits a configurable latency first), serving pages written for this project. With
//! a thread per connection, N requests at once wait out their latency together and all finish in
//! about one latency, which is the behaviour the examples' timings are about.
//!
//! ```
//! use std::time::Duration;
//!
//! let site = fixture_site::Site::start(Duration::from_millis(50))?;
//! let url = site.url("/example"); // http://127.0.0.1:<port>/example
//! # assert!(url.starts_with("http://127.0.0.1:"));
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! An example that fetches the URLs its user gives starts the site with [`stand_in`] when the
//! user gives none. The `testing` feature adds what the examples' tests need: `PATHS`, which
//! lists what the site serves, the misbehaving pages included, `PROXY_VARIABLES` and
//! `unused_addr`.

pub mod articles;
mod http;
mod pages;

use std::fmt;
use std::io::{self, BufReader, BufWriter, ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

#[cfg(feature = "testing")]
pub use pages::PATHS;

/// How long a kept-alive connection may sit idle before the site closes it.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// The running site. Dropping it stops it from accepting connections.
pub struct Site {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Site {
    /// Starts the site on 127.0.0.1, on a port the operating system picks. Every answer waits
    /// `latency` before it is sent, as a distant server would.
    pub fn start(latency: Duration) -> io::Result<Site> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listen_queue::lengthen(&listener)?;
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let acceptor = thread::Builder::new()
            .name(String::from("fixture_site"))
            .spawn({
                let stopping = Arc::clone(&stopping);
                move || accept(&listener, latency, &stopping)
            })?;
        Ok(Site {
            addr,
            stopping,
            acceptor: Some(acceptor),
        })
    }

    /// Where the site listens: 127.0.0.1 and its port.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The full URL of `path`, which starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// The local site standing in for the pages an example fetches when its user gives no URLs:
/// when `urls` is empty, starts the site (see [`Site::start`]) and fills `urls` with `paths` on
/// it. Keep the site as long as the URLs are fetched. `None`, and `urls` untouched, when the user
/// gave URLs.
pub fn stand_in(
    urls: &mut Vec<String>,
    paths: &[impl AsRef<str>],
    latency: Duration,
) -> Result<Option<Site>, CannotStart> {
    if !urls.is_empty() {
        return Ok(None);
    }
    let site = Site::start(latency).map_err(CannotStart)?;
    urls.extend(paths.iter().map(|path| site.url(path.as_ref())));
    Ok(Some(site))
}

/// The site could not start (the system refused a port on 127.0.0.1). Its `Debug` is its
/// one-line message too, so that a `main` that returns it with `?` prints
/// `Error: cannot start the local site: ...`.
pub struct CannotStart(pub io::Error);

impl fmt::Display for CannotStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot start the local site: {}", self.0)
    }
}

impl fmt::Debug for CannotStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for CannotStart {}

impl Drop for Site {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // The accept loop looks at the flag after each connection: give it one.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// The environment variables that name a proxy for HTTP clients. Tests of programs that talk to
/// the site remove them, so that a proxy set on the test machine cannot get in the way.
#[cfg(feature = "testing")]
pub const PROXY_VARIABLES: [&str; 6] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

/// An address on 127.0.0.1 where nothing listens (a port the system just handed out and took
/// back), for tests of refused connections.
#[cfg(feature = "testing")]
pub fn unused_addr() -> io::Result<SocketAddr> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()
}

/// std listens with a queue of 128 connections. A burst of more than the accept loop takes in
/// meanwhile (a thousand downloads at once) overflows it; the kernel drops the extra connection
/// attempts, and each client retries only a second later (tests/site.rs shows it). So the site
/// asks for the longest queue the system allows (Linux: 4096). Windows keeps std's.
mod listen_queue {
    use std::io;
    use std::net::TcpListener;

    #[cfg(unix)]
    pub fn lengthen(listener: &TcpListener) -> io::Result<()> {
        use nix::sys::socket::{Backlog, listen};
        // Listening again on a listening socket only changes its queue's length.
        listen(listener, Backlog::MAXCONN).map_err(io::Error::from)
    }

    #[cfg(not(unix))]
    pub fn lengthen(_listener: &TcpListener) -> io::Result<()> {
        Ok(())
    }
}

fn accept(listener: &TcpListener, latency: Duration, stopping: &Arc<AtomicBool>) {
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        match stream {
            Ok(stream) => {
                let stopping = Arc::clone(stopping);
                // If no thread can be started, the connection is dropped: the client sees it
                // closed, which is what an overloaded server does too.
                let _ = thread::Builder::new()
                    .name(String::from("fixture_site connection"))
                    .spawn(move || serve(stream, latency, &stopping));
            }
            // Out of file descriptors, say: wait a little rather than spin.
            Err(_) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Answers the requests of one connection until the client closes it, asks to close it, or
/// leaves it idle for longer than `IDLE_TIMEOUT`.
fn serve(stream: TcpStream, latency: Duration, stopping: &AtomicBool) {
    let setup = stream
        .set_read_timeout(Some(IDLE_TIMEOUT))
        .and_then(|()| stream.set_nodelay(true))
        .and_then(|()| stream.try_clone());
    let Ok(write_half) = setup else { return };
    let mut reader = BufReader::new(stream);
    let mut writer = BufWriter::new(write_half);
    loop {
        let request = match http::read_request(&mut reader) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(rejected) => {
                let _ =
                    http::write_response(&mut writer, &pages::rejected(&rejected), false, false);
                return;
            }
        };
        if request.method == "CONNECT" {
            // Standing in for a proxy: every tunnel leads back to this same site.
            let established = writer
                .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                .and_then(|()| writer.flush());
            match established {
                Ok(()) => continue,
                Err(_) => return,
            }
        }
        let Some(response) = pages::answer(&request) else {
            return never_answer(reader, stopping);
        };
        thread::sleep(latency);
        let keep_alive = request.keep_alive() && !stopping.load(Ordering::SeqCst);
        let head_only = request.method == "HEAD";
        let sent = http::write_response(&mut writer, &response, head_only, keep_alive);
        if sent.is_err() || !keep_alive {
            return;
        }
    }
}

/// Holds the connection open without a word, like a server that hangs, until the client gives
/// up or the site stops.
fn never_answer(mut reader: BufReader<TcpStream>, stopping: &AtomicBool) {
    let mut buffer = [0; 512];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
            }
            Err(_) => return,
        }
    }
}
