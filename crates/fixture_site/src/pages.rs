//! What the site serves. All text here was written for this project.

use std::fmt::Write as _;

use crate::articles;
use crate::http::{Body, Rejected, Request, Response, reason};

/// Every path the site serves, with what it returns.
pub const PATHS: &[(&str, &str)] = &[
    ("/", "this list, as an HTML page"),
    (
        "/example",
        "an HTML page titled `Example Domain`, standing in for https://example.com",
    ),
    (
        "/httpbin",
        "an HTML page titled `httpbin.org`, standing in for https://httpbin.org",
    ),
    (
        "/posts",
        "100 posts as JSON (about 27 KB), standing in for https://jsonplaceholder.typicode.com/posts",
    ),
    (
        "/latin1",
        "an ISO-8859-1 page whose Content-Type header names its charset",
    ),
    (
        "/latin1-meta",
        "an ISO-8859-1 page that names its charset only in a <meta> tag; its title spans lines",
    ),
    ("/untitled", "an HTML page without a <title>"),
    (
        "/articles/{n}",
        "article n, 1 to 100000: about 200 KB of HTML, words and links, the same every time",
    ),
    (
        "/articles/totals/{n}",
        "what articles 1 to n hold together, as JSON: {\"articles\": n, \"words\": ..., \"links\": ...}",
    ),
    (
        "/status/{code}",
        "an error answer with that status, for the 4xx and 5xx codes listed in src/http.rs",
    ),
    (
        "/bytes/{n}",
        "n bytes of application/octet-stream, n up to 64 MiB",
    ),
    (
        "/stall",
        "reads the request and never answers, like a hung server",
    ),
];

const HTML: &str = "text/html; charset=utf-8";
const MAX_FILLER_BYTES: u64 = 64 * 1024 * 1024;

/// The answer to `request`, or `None` for a request that must never be answered.
pub fn answer(request: &Request) -> Option<Response> {
    if request.method != "GET" && request.method != "HEAD" {
        return Some(error(405));
    }
    let path = request.path.as_str();
    let page = |content_type, body: Vec<u8>| Response {
        status: 200,
        content_type,
        body: Body::Bytes(body),
    };
    Some(match path {
        "/" => page(HTML, index().into_bytes()),
        "/example" => page(HTML, EXAMPLE_DOMAIN.into()),
        "/httpbin" => page(HTML, HTTPBIN.into()),
        "/posts" => page("application/json; charset=utf-8", posts().into_bytes()),
        "/latin1" => page("text/html; charset=ISO-8859-1", latin1(LATIN1)),
        "/latin1-meta" => page("text/html", latin1(LATIN1_META)),
        "/untitled" => page(HTML, UNTITLED.into()),
        "/stall" => return None,
        _ => {
            if let Some(status) = number_after(path, "/status/")
                .and_then(|code| u16::try_from(code).ok())
                .filter(|&code| code >= 400 && reason(code).is_some())
            {
                error(status)
            } else if let Some(count) = number_after(path, "/articles/totals/")
                .and_then(|count| u32::try_from(count).ok())
                .filter(|&count| count <= articles::MAX)
            {
                let held = articles::totals(count);
                let json = format!(
                    "{{\"articles\": {count}, \"words\": {}, \"links\": {}}}\n",
                    held.words, held.links
                );
                page("application/json; charset=utf-8", json.into_bytes())
            } else if let Some(number) = number_after(path, "/articles/")
                .and_then(|number| u32::try_from(number).ok())
                .filter(|number| (1..=articles::MAX).contains(number))
            {
                page(HTML, articles::article(number).0.into_bytes())
            } else if let Some(len) =
                number_after(path, "/bytes/").filter(|&len| len <= MAX_FILLER_BYTES)
            {
                Response {
                    status: 200,
                    content_type: "application/octet-stream",
                    body: Body::Filler(len),
                }
            } else {
                error(404)
            }
        }
    })
}

/// The answer to a request the site could not read.
pub fn rejected(rejected: &Rejected) -> Response {
    Response {
        status: rejected.status,
        content_type: "text/plain; charset=utf-8",
        body: Body::Bytes(format!("{}\n", rejected.why).into_bytes()),
    }
}

fn error(status: u16) -> Response {
    Response {
        status,
        content_type: "text/plain; charset=utf-8",
        body: Body::Bytes(
            format!("{status} {}\n", reason(status).unwrap_or_default()).into_bytes(),
        ),
    }
}

fn number_after(path: &str, prefix: &str) -> Option<u64> {
    path.strip_prefix(prefix)?.parse().ok()
}

fn index() -> String {
    let mut items = String::new();
    for (path, what) in PATHS {
        let what = what.replace('<', "&lt;").replace('>', "&gt;");
        let _ = writeln!(items, "<li><code>{path}</code>: {what}</li>");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Fixture site</title>\n</head>\n<body>\n<h1>Fixture site</h1>\n\
         <p>A local site for the network examples. It serves:</p>\n<ul>\n{items}</ul>\n\
         </body>\n</html>\n"
    )
}

const EXAMPLE_DOMAIN: &str = "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<title>Example Domain</title>
</head>
<body>
<h1>Example Domain</h1>
<p>This page stands in for example.com, the first page the tutorial downloads. It comes from the
fixture site on your own machine, so the examples run the same with or without the internet.</p>
<p>Give the examples URLs on the command line to fetch real pages instead.</p>
</body>
</html>
";

const HTTPBIN: &str = "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<title>httpbin.org</title>
</head>
<body>
<h1>httpbin.org</h1>
<p>This page stands in for httpbin.org, the service for trying out HTTP clients that the tutorial
downloads second. The fixture site plays a few of its tricks too: an answer with any error
status, a body of any size, a server that never answers. The <a href=\"/\">index</a> lists
them.</p>
</body>
</html>
";

const UNTITLED: &str = "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
</head>
<body>
<p>A page without a title, so a scraper has nothing to print for it.</p>
</body>
</html>
";

/// Sent as ISO-8859-1, with the charset in the Content-Type header only.
const LATIN1: &str = "<!doctype html>
<html lang=\"fr\">
<head>
<title>Crème brûlée à la française</title>
</head>
<body>
<p>Une page en ISO-8859-1 : ses accents ne sont lisibles qu'avec le bon jeu de caractères.</p>
</body>
</html>
";

/// Sent as ISO-8859-1, with the charset only in a `<meta>` tag and a title over several lines.
const LATIN1_META: &str = "<!doctype html>
<html lang=\"fr\">
<head>
<meta charset=\"iso-8859-1\">
<title>
    Déjà vu :
    une   façade   naïve
</title>
</head>
<body>
<p>Le jeu de caractères n'est déclaré que dans la balise meta.</p>
</body>
</html>
";

/// ISO-8859-1 maps each character below U+0100 to the byte of the same value.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

/// The words the generated pages are made of.
pub const WORDS: [&str; 32] = [
    "thread", "process", "lock", "queue", "worker", "join", "spawn", "channel", "mutex", "atomic",
    "wait", "signal", "pool", "task", "future", "shared", "memory", "core", "schedule", "yield",
    "sleep", "block", "order", "message", "socket", "request", "latency", "parallel", "result",
    "counter", "barrier", "scope",
];

/// xorshift32: a fixed sequence of pseudo-random numbers for each seed, so that generated pages
/// are the same every time.
pub struct Sequence(u32);

impl Sequence {
    /// The sequence that starts from `seed`, which must not be 0 (xorshift stays at 0).
    pub fn new(seed: u32) -> Sequence {
        debug_assert_ne!(seed, 0);
        Sequence(seed)
    }

    /// The next number, below `bound`.
    pub fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0 as usize % bound
    }

    pub fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

/// 100 posts shaped like the tutorial's JSON API (userId, id, title, body), pretty-printed. The
/// words are picked by a fixed pseudo-random sequence, so the document is the same every time.
fn posts() -> String {
    let mut sequence = Sequence::new(0x2024_0406);
    let mut words = |count: usize| {
        let picked: Vec<&str> = (0..count).map(|_| sequence.word()).collect();
        picked.join(" ")
    };
    let posts: Vec<String> = (1..=100)
        .map(|id| {
            let title = words(5);
            let body: Vec<String> = (0..4).map(|_| words(6)).collect();
            format!(
                "  {{\n    \"userId\": {},\n    \"id\": {id},\n    \"title\": \"{title}\",\n    \
                 \"body\": \"{}\"\n  }}",
                (id - 1) / 10 + 1,
                body.join("\\n"),
            )
        })
        .collect();
    format!("[\n{}\n]", posts.join(",\n"))
}
