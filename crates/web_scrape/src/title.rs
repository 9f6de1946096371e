//! Finding a page's title: check that it is HTML, decode it by its charset, take the first
//! `<title>`'s text. Everything here is about HTML, nothing about threads.

use std::fmt;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use fetch::Page;
use scraper::{Html, Selector};

/// The text of the page's first `<title>`, trimmed, with each run of white space made one space.
pub fn title(page: Page) -> Result<String, Failure> {
    let html_types = ["text/html", "application/xhtml+xml"];
    if let Some(mime_type) = page.mime_type.as_deref()
        && !html_types.iter().any(|t| mime_type.eq_ignore_ascii_case(t))
    {
        return Err(Failure::NotHtml(mime_type.to_owned()));
    }
    // `Html` cannot leave this thread (it is not `Send`); the title, a `String`, can.
    let document = Html::parse_document(&decode(&page));
    let selector = Selector::parse("title").expect("`title` is a valid selector");
    let title = document.select(&selector).next().ok_or(Failure::NoTitle)?;
    let words: Vec<&str> = title.text().flat_map(str::split_whitespace).collect();
    match words.is_empty() {
        true => Err(Failure::EmptyTitle),
        false => Ok(words.join(" ")),
    }
}

/// The page's text, decoded by the charset it declares: in its Content-Type header, or else in a
/// `<meta>` tag, or else UTF-8. A byte-order mark overrides both, as in browsers.
fn decode(page: &Page) -> String {
    let encoding = page
        .charset
        .as_deref()
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .or_else(|| meta_charset(&page.body))
        .unwrap_or(UTF_8);
    encoding.decode(&page.body).0.into_owned()
}

/// The charset named by `<meta charset="...">` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` in the first 1024 bytes, where the HTML standard looks for it.
fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    // Windows-1252 turns any bytes into text and keeps the ASCII of the tags as it is.
    let (head, _) = WINDOWS_1252.decode_without_bom_handling(&body[..body.len().min(1024)]);
    let head = Html::parse_document(&head);
    let selector = Selector::parse("meta").expect("`meta` is a valid selector");
    head.select(&selector).find_map(|meta| {
        let meta = meta.value();
        let label = meta.attr("charset").or_else(|| {
            let http_equiv = meta.attr("http-equiv")?;
            let content = meta.attr("content")?;
            let at = content.to_ascii_lowercase().find("charset=")?;
            let value = content[at + "charset=".len()..].split(';').next()?;
            http_equiv
                .eq_ignore_ascii_case("content-type")
                .then(|| value.trim_matches(['"', '\'', ' ']))
        })?;
        // A page cannot declare UTF-16 in ASCII text: the standard reads that as UTF-8.
        Encoding::for_label(label.as_bytes()).map(Encoding::output_encoding)
    })
}

/// Why a page gave no title.
pub enum Failure {
    Fetch(fetch::Error),
    NotHtml(String),
    NoTitle,
    EmptyTitle,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Fetch(error) => write!(f, "{error}"),
            Failure::NotHtml(mime_type) => {
                write!(f, "not an HTML page: its Content-Type is {mime_type}")
            }
            Failure::NoTitle => write!(f, "the page has no <title>"),
            Failure::EmptyTitle => write!(f, "the page's <title> is empty"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(content_type_charset: Option<&str>, body: &[u8]) -> Page {
        Page {
            body: body.to_vec(),
            mime_type: Some(String::from("text/html")),
            charset: content_type_charset.map(String::from),
        }
    }

    #[test]
    fn the_header_charset_comes_first_then_meta_then_utf8() {
        let latin1_meta = b"<meta charset=iso-8859-1><title>caf\xe9</title>";
        assert!(decode(&page(None, latin1_meta)).contains("caf\u{e9}"));
        // The header wins over the meta tag: 0xE9 is not UTF-8, so it becomes U+FFFD.
        assert!(decode(&page(Some("utf-8"), latin1_meta)).contains("caf\u{fffd}"));
        let http_equiv =
            b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1; x'>\xe9";
        assert!(decode(&page(None, http_equiv)).ends_with('\u{e9}'));
        assert!(decode(&page(None, "caf\u{e9}".as_bytes())).ends_with("caf\u{e9}"));
    }

    #[test]
    fn a_byte_order_mark_wins_and_a_meta_tag_cannot_declare_utf16() {
        let bom = b"\xef\xbb\xbf<meta charset=iso-8859-1>\xc3\xa9";
        assert!(decode(&page(Some("iso-8859-1"), bom)).ends_with('\u{e9}'));
        let utf16_meta = "<meta charset=utf-16le>\u{e9}".as_bytes();
        assert!(decode(&page(None, utf16_meta)).ends_with('\u{e9}'));
        let description = b"<meta name=description content='charset=iso-8859-1'>\xc3\xa9";
        assert!(decode(&page(None, description)).ends_with('\u{e9}'));
    }

    #[test]
    fn titles_are_trimmed_and_collapsed() {
        let html = page(None, b"<title>\n  A\t title \n\n on lines </title>");
        assert_eq!(title(html).ok().as_deref(), Some("A title on lines"));
        assert!(matches!(
            title(page(None, b"<title> </title>")),
            Err(Failure::EmptyTitle)
        ));
        assert!(matches!(
            title(page(None, b"<p>none</p>")),
            Err(Failure::NoTitle)
        ));
    }
}
