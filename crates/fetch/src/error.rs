//! What went wrong with a URL, in words a user understands rather than as a Debug dump.

use std::fmt;
use std::io::ErrorKind;
use std::time::Duration;

use ureq::Timeout;
use ureq::http::StatusCode;

use crate::Options;

/// Why a URL gave no page.
#[derive(Debug)]
pub enum Error {
    NotAUrl,
    /// Like `example.com`, without `http://` or `https://`.
    NoScheme,
    UnsupportedScheme(String),
    NoHost,
    /// The server answered with an error status.
    Status(StatusCode),
    ConnectTimedOut(Duration),
    TimedOut(Duration),
    BodyTooLarge(u64),
    Refused,
    HostNotFound,
    /// The server closed the connection before its answer was complete.
    Closed,
    /// The secure connection of an https:// URL could not be set up.
    Tls(String),
    /// Anything else, as ureq words it.
    Other(ureq::Error),
}

impl Error {
    pub(crate) fn from_ureq(error: ureq::Error, options: &Options, https: bool) -> Error {
        match error {
            ureq::Error::Timeout(Timeout::Connect | Timeout::Resolve) => {
                Error::ConnectTimedOut(options.connect_timeout)
            }
            ureq::Error::Timeout(_) => Error::TimedOut(options.timeout),
            ureq::Error::BodyExceedsLimit(limit) => Error::BodyTooLarge(limit),
            ureq::Error::HostNotFound => Error::HostNotFound,
            ureq::Error::Io(io) => match io.kind() {
                ErrorKind::ConnectionRefused => Error::Refused,
                ErrorKind::UnexpectedEof
                | ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe => Error::Closed,
                // rustls reports a failed handshake or a bad certificate as invalid data.
                ErrorKind::InvalidData if https => Error::Tls(io.to_string()),
                _ => Error::Other(ureq::Error::Io(io)),
            },
            ureq::Error::Tls(why) => Error::Tls(why.to_owned()),
            other => Error::Other(other),
        }
    }
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
            Error::NoHost => write!(f, "the URL names no host"),
            Error::Status(status) => write!(
                f,
                "the server answered {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("(an unknown status)")
            ),
            Error::ConnectTimedOut(after) => {
                write!(f, "could not connect within {} s", after.as_secs_f64())
            }
            Error::TimedOut(after) => write!(
                f,
                "no complete answer within {} s, so it was given up",
                after.as_secs_f64()
            ),
            Error::BodyTooLarge(limit) => {
                write!(f, "the body is larger than the limit of {limit} bytes")
            }
            Error::Refused => write!(f, "connection refused: nothing is listening there"),
            Error::HostNotFound => write!(f, "host not found"),
            Error::Closed => write!(
                f,
                "the server closed the connection before its answer was complete"
            ),
            Error::Tls(why) => write!(f, "the secure (TLS) connection failed: {why}"),
            Error::Other(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {}
