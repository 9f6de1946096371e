//! Just enough HTTP/1.1 (RFC 9112) for a site that serves GET and HEAD: reading a request head,
//! writing a response with a `Content-Length`, and keep-alive by the protocol version's rules.

use std::io::{self, BufRead, Read, Write};
use std::time::{SystemTime, UNIX_EPOCH};

/// A request head longer than this is refused.
const MAX_HEAD_BYTES: u64 = 16 * 1024;

/// One parsed request. Requests with a body are refused, so nothing follows the head.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The path without its query, also for absolute-form targets (`GET http://host/path`), which
    /// clients send to a proxy. For `CONNECT`, the `host:port` it asks for.
    pub path: String,
    keep_alive: bool,
}

impl Request {
    /// Whether the client wants the connection kept open after the answer.
    pub fn keep_alive(&self) -> bool {
        self.keep_alive
    }
}

/// A request the site will not serve: the status to answer with, and why.
#[derive(Debug, PartialEq)]
pub struct Rejected {
    pub status: u16,
    pub why: &'static str,
}

fn reject(status: u16, why: &'static str) -> Rejected {
    Rejected { status, why }
}

/// An answer: status, content type and body.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Body,
}

pub enum Body {
    Bytes(Vec<u8>),
    /// That many filler bytes, written in pieces rather than held in memory.
    Filler(u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            // usize always fits in u64 on the platforms Rust supports.
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::Filler(len) => *len,
        }
    }

    fn write_to(&self, writer: &mut impl Write) -> io::Result<()> {
        match self {
            Body::Bytes(bytes) => writer.write_all(bytes),
            Body::Filler(len) => io::copy(&mut io::repeat(b'x').take(*len), writer).map(drop),
        }
    }
}

/// Reads the next request head. `Ok(None)` means the connection is done: the client closed it,
/// or it stayed idle past the read timeout, or it broke off in the middle of a head.
pub fn read_request(reader: &mut impl BufRead) -> Result<Option<Request>, Rejected> {
    let mut limited = reader.take(MAX_HEAD_BYTES);
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        match limited.read_until(b'\n', &mut line) {
            Ok(_) if line.ends_with(b"\n") => {}
            _ if limited.limit() == 0 => return Err(reject(431, "the request head is too large")),
            _ => return Ok(None),
        }
        let line = line.strip_suffix(b"\n").unwrap_or(&line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match (line.is_empty(), lines.is_empty()) {
            // Empty lines before a request are allowed (RFC 9112, section 2.2).
            (true, true) => continue,
            (true, false) => break,
            (false, _) => lines.push(
                String::from_utf8(line.to_vec())
                    .map_err(|_| reject(400, "the request head is not UTF-8"))?,
            ),
        }
    }
    parse(&lines).map(Some)
}

fn parse(lines: &[String]) -> Result<Request, Rejected> {
    let (request_line, header_lines) = lines.split_first().ok_or(reject(400, "no request line"))?;
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(reject(
            400,
            "the request line is not `METHOD TARGET HTTP/1.x`",
        ));
    };
    let http_1_1 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ if version.starts_with("HTTP/") => {
            return Err(reject(505, "only HTTP/1.0 and HTTP/1.1 are supported"));
        }
        _ => return Err(reject(400, "the request line has no HTTP version")),
    };
    let mut has_host = false;
    let mut connection = Vec::new();
    for line in header_lines {
        let (name, value) = line
            .split_once(':')
            .filter(|(name, _)| !name.is_empty() && !name.contains(char::is_whitespace))
            .ok_or(reject(400, "a header line is not `Name: value`"))?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            has_host = true;
        } else if name.eq_ignore_ascii_case("connection") {
            connection.extend(
                value
                    .split(',')
                    .map(|token| token.trim().to_ascii_lowercase()),
            );
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value != "0")
        {
            return Err(reject(400, "this site takes no request bodies"));
        }
    }
    if http_1_1 && !has_host {
        // RFC 9112, section 3.2: a server must reject an HTTP/1.1 request without Host.
        return Err(reject(400, "an HTTP/1.1 request needs a Host header"));
    }
    let keep_alive = match http_1_1 {
        true => !connection.iter().any(|token| token == "close"),
        false => connection.iter().any(|token| token == "keep-alive"),
    };
    Ok(Request {
        method: method.to_owned(),
        path: match method {
            "CONNECT" => target.to_owned(),
            _ => path_of(target)?,
        },
        keep_alive,
    })
}

/// `/a?b` and `http://host/a?b` both give `/a`.
fn path_of(target: &str) -> Result<String, Rejected> {
    let origin_form = match target.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => {
            rest.find('/').map_or("/", |at| &rest[at..])
        }
        Some(_) => return Err(reject(400, "only http:// targets are served")),
        None => target,
    };
    if !origin_form.starts_with('/') {
        return Err(reject(400, "the request target is not a path"));
    }
    let path = origin_form.split(['?', '#']).next().unwrap_or(origin_form);
    Ok(path.to_owned())
}

/// Writes `response`: the whole of it, or only its head for a HEAD request.
pub fn write_response(
    writer: &mut impl Write,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let status = response.status;
    write!(
        writer,
        "HTTP/1.1 {status} {}\r\n",
        reason(status).unwrap_or("Unknown")
    )?;
    write!(writer, "Date: {}\r\n", http_date(SystemTime::now()))?;
    write!(writer, "Server: fixture_site\r\n")?;
    write!(writer, "Content-Type: {}\r\n", response.content_type)?;
    write!(writer, "Content-Length: {}\r\n", response.body.len())?;
    if status == 405 {
        write!(writer, "Allow: GET, HEAD\r\n")?;
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    write!(writer, "Connection: {connection}\r\n\r\n")?;
    if !head_only {
        response.body.write_to(writer)?;
    }
    writer.flush()
}

/// The reason phrase of the statuses this site sends.
pub fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => return None,
    })
}

/// The `Date` header's format (RFC 9110, section 5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
/// An origin server with a clock must send it.
fn http_date(time: SystemTime) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, time_of_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        time_of_day / 3600,
        time_of_day / 60 % 60,
        time_of_day % 60,
    )
}

/// (year, month 1..=12, day 1..=31) of a day counted from 1970-01-01, by Howard Hinnant's
/// `civil_from_days` algorithm (eras of 400 years, years starting in March).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let days = days + 719_468; // from 0000-03-01
    let era = days / 146_097;
    let day_of_era = days % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn parse_head(head: &str) -> Result<Option<Request>, Rejected> {
        read_request(&mut head.as_bytes())
    }

    #[test]
    fn dates_have_the_rfc_format() {
        let rfc_example = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(http_date(rfc_example), "Sun, 06 Nov 1994 08:49:37 GMT");
        let leap_day = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(http_date(leap_day), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn keep_alive_follows_the_version_rules() {
        let cases = [
            ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
            (
                "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
                false,
            ),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
        ];
        for (head, keep_alive) in cases {
            let request = parse_head(head).unwrap().unwrap();
            assert_eq!(request.keep_alive(), keep_alive, "{head:?}");
        }
    }

    #[test]
    fn targets_become_paths() {
        for (request_line, path) in [
            ("GET /posts?x=1", "/posts"),
            ("GET http://example.invalid/posts", "/posts"),
            ("GET http://example.invalid", "/"),
            ("CONNECT example.invalid:80", "example.invalid:80"),
        ] {
            let head = format!("\r\n{request_line} HTTP/1.1\nHost: a\n\n");
            assert_eq!(parse_head(&head).unwrap().unwrap().path, path);
        }
    }

    #[test]
    fn bad_heads_are_rejected_with_a_status() {
        let cases = [
            ("GET /\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / HTTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
                400,
            ),
            ("GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            ("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ];
        for (head, status) in cases {
            assert_eq!(parse_head(head).unwrap_err().status, status, "{head:?}");
        }
        let huge = format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", "a".repeat(20_000));
        assert_eq!(parse_head(&huge).unwrap_err().status, 431);
    }

    #[test]
    fn an_unfinished_head_ends_the_connection_quietly() {
        assert!(parse_head("").unwrap().is_none());
        assert!(parse_head("GET / HTTP/1.1\r\nHost").unwrap().is_none());
    }
}
