//! The HTTP client of this example: reqwest on tokio, with the user's proxy settings except for
//! this machine's own addresses, and every failure as one plain sentence.

use std::fmt;
use std::io::{self, ErrorKind};
use std::net::IpAddr;
use std::time::Duration;

use reqwest::{ClientBuilder, StatusCode, Url};

/// Two connection pools: one that goes through the user's proxy (`HTTPS_PROXY`, `HTTP_PROXY`,
/// `ALL_PROXY`, `NO_PROXY`) and one that goes straight to this machine's loopback addresses,
/// which a proxy elsewhere cannot reach. Cloning it is cheap: the clones share both pools.
#[derive(Clone)]
pub struct Client {
    proxied: reqwest::Client,
    direct: reqwest::Client,
}

impl Client {
    pub fn new() -> Client {
        let build = |builder: ClientBuilder| {
            with_tls(builder)
                .build()
                .expect("a client with these settings always builds")
        };
        Client {
            proxied: build(reqwest::Client::builder()),
            direct: build(reqwest::Client::builder().no_proxy()),
        }
    }

    /// GETs `url` and counts the bytes of its body as they arrive. Nothing is kept, so no body
    /// is too large to count; the caller's timeout bounds how long it may take.
    pub async fn get(&self, url: &str) -> Result<u64, Error> {
        let url = parse(url)?;
        let client = match is_loopback(&url) {
            true => &self.direct,
            false => &self.proxied,
        };
        let mut response = client.get(url).send().await.map_err(Error::from)?;
        if !response.status().is_success() {
            return Err(Error::Status(response.status()));
        }
        let mut bytes = 0;
        while let Some(chunk) = response.chunk().await.map_err(Error::from)? {
            bytes += chunk.len() as u64;
        }
        Ok(bytes)
    }
}

/// TLS for https:// URLs: rustls on ring, trusting Mozilla's root certificates built into the
/// program (webpki-roots), so nothing depends on the system's certificate files.
#[cfg(not(any(windows, target_vendor = "apple")))]
fn with_tls(builder: ClientBuilder) -> ClientBuilder {
    let provider = rustls::crypto::ring::default_provider();
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let tls = rustls::ClientConfig::builder_with_provider(provider.into())
        .with_safe_default_protocol_versions()
        .expect("ring supports rustls's default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    builder.tls_backend_preconfigured(tls)
}

/// TLS for https:// URLs: the system's own (Cargo.toml picks `native-tls` here).
#[cfg(any(windows, target_vendor = "apple"))]
fn with_tls(builder: ClientBuilder) -> ClientBuilder {
    builder
}

/// Why a URL gave no page.
#[derive(Debug)]
pub enum Error {
    NotAUrl,
    /// Like `example.com`, without `http://` or `https://`.
    NoScheme,
    UnsupportedScheme(String),
    /// The server answered with an error status.
    Status(StatusCode),
    TimedOut(Duration),
    Refused,
    /// The server closed the connection before its answer was complete.
    Closed,
    /// The secure connection of an https:// URL could not be set up.
    Tls(String),
    /// Anything else, in the words of the error at the bottom of reqwest's.
    Other(String),
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Error {
        let io_error = causes(&error).filter_map(|cause| cause.downcast_ref::<io::Error>());
        match io_error.last().map(io::Error::kind) {
            Some(ErrorKind::ConnectionRefused) => Error::Refused,
            Some(
                ErrorKind::UnexpectedEof
                | ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe,
            ) => Error::Closed,
            _ if error.is_body() => Error::Closed,
            // rustls reports a failed handshake or a bad certificate as invalid data.
            Some(ErrorKind::InvalidData) => Error::Tls(innermost(error)),
            _ => Error::Other(innermost(error)),
        }
    }
}

/// The words of the innermost cause, which says what happened (the layers above it say where).
fn innermost(error: reqwest::Error) -> String {
    let innermost = causes(&error).skip(1).last().map(|cause| cause.to_string());
    innermost.unwrap_or_else(|| error.without_url().to_string())
}

/// `error` and every error under it. An `io::Error` that wraps another error has that one under
/// it, although its `source()` skips a level.
fn causes<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(error), |&error| {
        match error.downcast_ref::<io::Error>() {
            Some(io_error) => io_error.get_ref().map(|inner| inner as _),
            None => error.source(),
        }
    })
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotAUrl => write!(f, "not a valid URL"),
            Error::NoScheme => write!(f, "not a full URL: start it with http:// or https://"),
            Error::UnsupportedScheme(scheme) => write!(
                f,
                "unsupported scheme `{scheme}`: only http and https URLs are fetched"
            ),
            Error::Status(status) => write!(
                f,
                "the server answered {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("(an unknown status)")
            ),
            Error::TimedOut(after) => write!(
                f,
                "no complete answer within {} s, so it was given up",
                after.as_secs_f64()
            ),
            Error::Refused => write!(f, "connection refused: nothing is listening there"),
            Error::Closed => write!(
                f,
                "the server closed the connection before its answer was complete"
            ),
            Error::Tls(why) => write!(f, "the secure (TLS) connection failed: {why}"),
            Error::Other(words) => write!(f, "{words}"),
        }
    }
}

/// Checks what reqwest would otherwise report in its own terms: the text is a URL and asks for
/// HTTP. (An http or https URL that parses always names a host.)
fn parse(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text).map_err(|_| match text.contains("://") {
        true => Error::NotAUrl,
        false => Error::NoScheme,
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        scheme => Err(Error::UnsupportedScheme(scheme.to_owned())),
    }
}

/// Whether the URL names this machine by a loopback address. A host name such as `localhost`
/// does not count: only the user's resolver knows where a name leads.
fn is_loopback(url: &Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
