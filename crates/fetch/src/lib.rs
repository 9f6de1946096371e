//! The HTTP GET the network examples share: one [`ureq::Agent`] per program, set up so that no
//! URL can hold a run for long or fill its memory, and so that every failure reads as one plain
//! sentence.
//!
//! - Timeouts: connecting, and the whole request from start to last body byte.
//! - A body size limit.
//! - Only `http://` and `https://` URLs.
//! - The user's proxy settings (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`) apply,
//!   except to loopback addresses (`127.0.0.1`, `[::1]`): a proxy elsewhere cannot reach this
//!   machine's loopback, so such URLs are always fetched directly.
//! - An answer with an error status (404, 500) is an [`Error`], not a page.
//!
//! ```no_run
//! use clap::Parser;
//!
//! #[derive(Parser)]
//! struct Args {
//!     #[command(flatten)]
//!     fetch: fetch::Options,
//! }
//!
//! let client = fetch::Client::new(&Args::parse().fetch);
//! match client.get("https://example.com") {
//!     Ok(page) => println!("{} bytes", page.body.len()),
//!     Err(error) => eprintln!("https://example.com: {error}"),
//! }
//! ```

mod error;

use std::fmt::Display;
use std::net::IpAddr;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ureq::http::Uri;
use ureq::http::uri::Scheme;
use ureq::tls::{TlsConfig, TlsProvider};
use ureq::{Agent, Proxy};

pub use error::Error;

/// The TLS library Cargo.toml picks for this platform.
const TLS_PROVIDER: TlsProvider = if cfg!(any(windows, target_vendor = "apple")) {
    TlsProvider::NativeTls
} else {
    TlsProvider::Rustls
};

/// The command-line options every network example takes. Flatten them into its arguments with
/// `#[command(flatten)]`. They can be sent to a worker process (serde), which builds its own
/// client from them.
#[derive(clap::Args, Debug, Clone, Serialize, Deserialize)]
pub struct Options {
    /// Give up on a URL after this many seconds, whatever it is doing
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    pub timeout: Duration,
    /// Give up connecting to a server after this many seconds
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = seconds)]
    pub connect_timeout: Duration,
    /// Refuse a body larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body_bytes: u64,
}

fn seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    match Duration::try_from_secs_f64(seconds) {
        Ok(duration) if !duration.is_zero() => Ok(duration),
        _ => Err(String::from("give a positive number of seconds")),
    }
}

/// A page as it arrived: its bytes, and what its `Content-Type` header says they are.
#[derive(Debug)]
pub struct Page {
    pub body: Vec<u8>,
    /// `text/html` for `Content-Type: text/html; charset=ISO-8859-1`.
    pub mime_type: Option<String>,
    /// `ISO-8859-1` for the same header.
    pub charset: Option<String>,
}

/// One agent (a connection pool and its settings), shared by all the threads of a program.
#[derive(Debug, Clone)]
pub struct Client {
    agent: Agent,
    options: Options,
}

impl Client {
    pub fn new(options: &Options) -> Client {
        let agent = Agent::config_builder()
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.timeout))
            // Statuses are checked in `get`, which names them in its error.
            .http_status_as_error(false)
            .proxy(Proxy::try_from_env())
            .tls_config(TlsConfig::builder().provider(TLS_PROVIDER).build())
            .build()
            .new_agent();
        Client {
            agent,
            options: options.clone(),
        }
    }

    /// GETs `url` and reads its whole body.
    pub fn get(&self, url: &str) -> Result<Page, Error> {
        let uri = parse(url)?;
        let mut request = self.agent.get(&uri);
        if is_loopback(&uri) {
            request = request.config().proxy(None).build();
        }
        let https = uri.scheme() == Some(&Scheme::HTTPS);
        let explain = |error| Error::from_ureq(error, &self.options, https);
        let mut response = request.call().map_err(explain)?;
        let status = response.status();
        if !status.is_success() {
            return Err(Error::Status(status));
        }
        let body = response.body_mut();
        let (mime_type, charset) = (body.mime_type().map(trimmed), body.charset().map(trimmed));
        let body = body
            .with_config()
            .limit(self.options.max_body_bytes)
            .read_to_vec()
            .map_err(explain)?;
        Ok(Page {
            body,
            mime_type,
            charset,
        })
    }
}

/// Reports what one download gave, as the network examples print it: `{label}: {shown}` on
/// stdout, or `error: {label}: {why}` on stderr. Says whether it worked, so that `main` can exit
/// with a failure status if any download failed (the Python originals exit 0 regardless).
pub fn report(label: &str, outcome: Result<impl Display, impl Display>) -> bool {
    match &outcome {
        Ok(shown) => println!("{label}: {shown}"),
        Err(why) => eprintln!("error: {label}: {why}"),
    }
    outcome.is_ok()
}

/// Whether the URL names this machine by a loopback address. A host name such as `localhost`
/// does not count: only the user's resolver knows where a name leads.
fn is_loopback(uri: &Uri) -> bool {
    let host = uri
        .host()
        .map(|host| host.trim_start_matches('[').trim_end_matches(']'));
    host.and_then(|host| host.parse::<IpAddr>().ok())
        .is_some_and(|ip| ip.is_loopback())
}

fn trimmed(text: &str) -> String {
    text.trim().to_owned()
}

/// Checks what ureq would otherwise report in its own terms: the URL parses, asks for HTTP, and
/// names a host.
fn parse(url: &str) -> Result<Uri, Error> {
    if let Some((scheme, _)) = url.split_once("://") {
        let http = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
        if !http && scheme.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::UnsupportedScheme(scheme.to_owned()));
        }
    }
    let uri: Uri = url.parse().map_err(|_| Error::NotAUrl)?;
    match (uri.scheme(), uri.host()) {
        (None, _) => Err(Error::NoScheme),
        (Some(_), None | Some("")) => Err(Error::NoHost),
        (Some(_), Some(_)) => Ok(uri),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_bypass_the_proxy() {
        let loopback = |url: &str| is_loopback(&url.parse().unwrap());
        for url in [
            "http://127.0.0.1:8000/",
            "http://127.9.9.9/",
            "https://[::1]:8443/x",
        ] {
            assert!(loopback(url), "{url}");
        }
        for url in [
            "http://localhost/",
            "http://10.0.0.1/",
            "http://[::2]/",
            "http://a.b/",
        ] {
            assert!(!loopback(url), "{url}");
        }
    }
}
