//! The two stages of a crawl: fetching pages, which is waiting, on threads of our own; and
//! analysing them, which is computing, wherever the caller runs it (rayon, in main.rs).

use std::fmt;
use std::sync::LazyLock;
use std::thread;

use crossbeam_channel::{Sender, unbounded};
use fetch::{Client, Page};
use rayon::iter::{FromParallelIterator, IntoParallelIterator, ParallelIterator};
use scraper::{ElementRef, Html, Selector};

/// A URL and what fetching it gave.
pub type Fetched<'a> = (&'a str, Result<Page, fetch::Error>);

/// A URL and what analysing its page found.
pub type Analysed<'a> = (&'a str, Result<Counts, Failure>);

/// `threads` threads take the URLs one at a time from a queue, fetch each, and send the page on
/// `pages` as soon as it has arrived. Returns when every URL has been fetched; `pages` then
/// closes, once the caller has dropped its own sender too.
pub fn fetch_all<'a>(
    client: &Client,
    urls: &'a [String],
    threads: usize,
    pages: Sender<Fetched<'a>>,
) {
    let (queue, next_url) = unbounded();
    for url in urls {
        queue
            .send(url.as_str())
            .expect("`next_url` keeps the queue open");
    }
    drop(queue);
    thread::scope(|s| {
        for _ in 0..threads {
            let (next_url, pages) = (next_url.clone(), pages.clone());
            s.spawn(move || {
                for url in next_url {
                    // Fails only when the analysing side has stopped (it panicked): then
                    // there is no one to send to, and the panic is what gets reported.
                    let _ = pages.send((url, client.get(url)));
                }
            });
        }
    });
}

/// Parses a page and counts what it holds: CPU work only. The parsed `Html` is not `Send`, so it
/// stays on the thread that made it; only the counts leave.
pub fn analyse((url, fetched): Fetched<'_>) -> Analysed<'_> {
    static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));
    static LINKS: LazyLock<Selector> = LazyLock::new(|| selector("a[href]"));
    let counted = fetched.map_err(Failure::Fetch).and_then(|page| {
        if let Some(mime_type) = page.mime_type.filter(|t| !is_html(t)) {
            return Err(Failure::NotHtml(mime_type));
        }
        let document = Html::parse_document(&String::from_utf8_lossy(&page.body));
        Ok(Counts {
            words: document.select(&BODY).map(words).sum(),
            links: document.select(&LINKS).count() as u64,
        })
    });
    (url, counted)
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid CSS selector")
}

fn is_html(mime_type: &str) -> bool {
    ["text/html", "application/xhtml+xml"]
        .iter()
        .any(|html| mime_type.eq_ignore_ascii_case(html))
}

/// The words of an element's text, split at white space, leaving out scripts and styles.
fn words(element: ElementRef<'_>) -> u64 {
    element
        .descendants()
        .filter_map(|node| Some((node.value().as_text()?, ElementRef::wrap(node.parent()?)?)))
        .filter(|(_, parent)| !matches!(parent.value().name(), "script" | "style"))
        .map(|(text, _)| text.split_whitespace().count() as u64)
        .sum()
}

/// What pages hold: the words of their `<body>` text and their links (`<a href>`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: u64,
    pub links: u64,
}

/// Why a page was not analysed.
pub enum Failure {
    Fetch(fetch::Error),
    NotHtml(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Fetch(error) => write!(f, "{error}"),
            Failure::NotHtml(mime_type) => {
                write!(f, "not an HTML page: its Content-Type is {mime_type}")
            }
        }
    }
}

/// What one way of crawling found: the totals over the pages analysed, and the pages that failed.
pub struct Crawl {
    pub analysed: usize,
    pub totals: Counts,
    /// Each failed page's URL and why, in the order they failed.
    pub failures: Vec<(String, Failure)>,
}

impl<'a> FromIterator<Analysed<'a>> for Crawl {
    fn from_iter<I: IntoIterator<Item = Analysed<'a>>>(analysed: I) -> Crawl {
        let mut crawl = Crawl {
            analysed: 0,
            totals: Counts::default(),
            failures: Vec::new(),
        };
        for (url, counted) in analysed {
            match counted {
                Ok(counts) => {
                    crawl.analysed += 1;
                    crawl.totals.words += counts.words;
                    crawl.totals.links += counts.links;
                }
                Err(failure) => crawl.failures.push((url.to_owned(), failure)),
            }
        }
        crawl
    }
}

/// Lets rayon's `collect` make a `Crawl` too: the results, gathered, then added up.
impl<'a> FromParallelIterator<Analysed<'a>> for Crawl {
    fn from_par_iter<I: IntoParallelIterator<Item = Analysed<'a>>>(analysed: I) -> Crawl {
        let analysed: Vec<Analysed<'a>> = analysed.into_par_iter().collect();
        analysed.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysed(mime_type: Option<&str>, html: &str) -> Result<Counts, Failure> {
        let page = Page {
            body: html.as_bytes().to_vec(),
            mime_type: mime_type.map(String::from),
            charset: None,
        };
        analyse(("http://127.0.0.1/", Ok(page))).1
    }

    #[test]
    fn words_are_the_body_text_and_links_are_anchors_with_href() {
        let html = "<html><head><title>Not counted</title><style>p { x: y }</style></head>\
                    <body><h1>Two words</h1><p>three <a href=/a>more <em>words</em></a>\
                    <a name=anchor>six</a></p><script>let not = counted;</script>\
                    <a href=''>\n seven\t</a></body></html>";
        let counts = analysed(Some("text/html"), html).ok();
        assert_eq!(counts, Some(Counts { words: 7, links: 2 }));
        assert_eq!(analysed(None, "").ok(), Some(Counts::default()));
    }

    #[test]
    fn only_html_is_parsed() {
        let refused = analysed(Some("application/json"), "<p>a b</p>");
        assert!(
            matches!(&refused, Err(Failure::NotHtml(t)) if t == "application/json"),
            "{:?}",
            refused.ok()
        );
        assert!(analysed(Some("APPLICATION/XHTML+XML"), "<p>a b</p>").is_ok());
    }
}
