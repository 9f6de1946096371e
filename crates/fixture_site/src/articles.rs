//! Generated articles for crawlers: long HTML pages of words and links, the same every time, and
//! what each one holds, counted as the site writes it, so that a crawler can check its totals
//! against the site's.
//!
//! ```
//! let paths = fixture_site::articles::paths(3); // ["/articles/1", "/articles/2", "/articles/3"]
//! let held = fixture_site::articles::totals(3); // the words and links of those three
//! # assert_eq!(paths[2], "/articles/3");
//! # assert!(held.words > held.links && held.links > 0);
//! ```

use std::fmt::Write as _;

use crate::pages::Sequence;

/// The site serves articles 1 to this.
pub const MAX: u32 = 100_000;

/// Paragraphs per article: about 200 KB of HTML, a long article, which takes a parser real
/// work (scraper: about 2 ms in a release build).
const PARAGRAPHS: usize = 340;

/// Links point at one of the first this many articles.
const LINKED_ARTICLES: usize = 1000;

/// What an article holds: the words of its `<body>` text (split at white space) and its links
/// (`<a href>` elements).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: u64,
    pub links: u64,
}

/// The site's path of article `number`: `/articles/7`.
pub fn path(number: u32) -> String {
    format!("/articles/{number}")
}

/// The paths of articles 1 to `count`.
pub fn paths(count: u32) -> Vec<String> {
    (1..=count).map(path).collect()
}

/// What articles 1 to `count` hold together: what the site put in them, counted while writing
/// them, not by reading them back.
pub fn totals(count: u32) -> Counts {
    let mut held = Counts::default();
    for number in 1..=count.min(MAX) {
        let (_, counts) = article(number);
        held.words += counts.words;
        held.links += counts.links;
    }
    held
}

/// Article `number`, 1 to [`MAX`]: its HTML, and what it holds. Its words and links come from a
/// pseudo-random sequence of its own, so the article is the same every time.
pub(crate) fn article(number: u32) -> (String, Counts) {
    // An odd multiplier maps every number in 1..=MAX to a different seed, none of them 0.
    let mut sequence = Sequence::new(number.wrapping_mul(0x9E37_79B9));
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Article {number}</title>\n</head>\n<body>\n<h1>Article {number}</h1>\n"
    );
    // "Article" and the number in the heading.
    let mut counts = Counts { words: 2, links: 0 };
    for _ in 0..PARAGRAPHS {
        html.push_str("<p>");
        let mut words_left = 40 + sequence.below(60);
        while words_left > 0 {
            let words = match sequence.below(20) {
                0 => {
                    let words = (1 + sequence.below(3)).min(words_left);
                    let target = 1 + sequence.below(LINKED_ARTICLES);
                    let text: Vec<&str> = (0..words).map(|_| sequence.word()).collect();
                    let _ = write!(
                        html,
                        "<a href=\"/articles/{target}\">{}</a> ",
                        text.join(" ")
                    );
                    counts.links += 1;
                    words
                }
                1 => {
                    let _ = write!(html, "<em>{}</em> ", sequence.word());
                    1
                }
                _ => {
                    html.push_str(sequence.word());
                    html.push(' ');
                    1
                }
            };
            words_left -= words;
            counts.words += words as u64;
        }
        html.push_str("</p>\n");
    }
    html.push_str("</body>\n</html>\n");
    (html, counts)
}
