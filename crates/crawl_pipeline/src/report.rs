//! What the program prints: what the crawl found, how long each way took, one line per page
//! that failed, and the check of the totals against what the local site put in its articles.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::crawl::{Counts, Crawl};

/// One way of crawling: its name, what it found, and how long it took.
pub type Way = (&'static str, Crawl, Duration);

/// Crawls one way, timed.
pub fn timed(name: &'static str, crawl: impl FnOnce() -> Crawl) -> Way {
    let start = Instant::now();
    let crawl = crawl();
    (name, crawl, start.elapsed())
}

/// Prints what the crawl found (from the first way), how long each way took, and one line on
/// stderr per failed page; given the words and links the local site put in its articles
/// (`site_put`), whether the crawl found just those. Fails if a page failed, the ways found
/// different totals, or the site's were not found.
pub fn report(ways: &[Way], site_put: Option<(u64, u64)>) -> ExitCode {
    let mut ok = found_the_same(ways);
    if let (Some((_, first, _)), Some((words, links))) = (ways.first(), site_put) {
        let pages = first.analysed + first.failures.len();
        let put = format!("the site put {words} words and {links} links in {pages} articles");
        if (first.totals.words, first.totals.links) == (words, links) {
            println!("Checked: {put}");
        } else {
            eprintln!("error: but {put}");
            ok = false;
        }
    }
    match ok {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}

/// Prints the first way's totals, each way's time and the first way's failures. Whether every
/// page was analysed and every way found the same.
fn found_the_same(ways: &[Way]) -> bool {
    let Some((_, first, _)) = ways.first() else {
        return true;
    };
    let (pages, failed) = (first.analysed, first.failures.len());
    let Counts { words, links } = first.totals;
    let pages = format!("{pages} page{}", if pages == 1 { "" } else { "s" });
    match failed {
        0 => println!("Crawled {pages}: {words} words, {links} links"),
        _ => println!("Crawled {pages} ({failed} failed): {words} words, {links} links"),
    }
    for (way, _, time) in ways {
        println!(" {way}: {:.2}s", time.as_secs_f64());
    }
    for (url, failure) in &first.failures {
        eprintln!("error: {url}: {failure}");
    }
    let agree = ways.iter().all(|(_, crawl, _)| crawl.agrees_with(first));
    if !agree {
        eprintln!("error: the ways found different totals: did a page change meanwhile?");
    }
    failed == 0 && agree
}

impl Crawl {
    /// Whether two crawls found the same: the same totals from as many pages.
    fn agrees_with(&self, other: &Crawl) -> bool {
        (self.analysed, self.totals, self.failures.len())
            == (other.analysed, other.totals, other.failures.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crawl::Failure;

    fn crawl(words: u64) -> Crawl {
        Crawl {
            analysed: 2,
            totals: Counts { words, links: 3 },
            failures: Vec::new(),
        }
    }

    #[test]
    fn failures_and_disagreements_fail_the_run() {
        let second = Duration::from_secs(1);
        assert!(found_the_same(&[
            ("a", crawl(10), second),
            ("b", crawl(10), second)
        ]));
        assert!(!found_the_same(&[
            ("a", crawl(10), second),
            ("b", crawl(9), second)
        ]));
        let mut failed = crawl(10);
        failed
            .failures
            .push((String::from("u"), Failure::NotHtml(String::from("t"))));
        assert!(!found_the_same(&[("a", failed, second)]));
    }

    #[test]
    fn totals_other_than_the_sites_fail_the_run() {
        let ways = [("a", crawl(10), Duration::from_secs(1))];
        assert_eq!(report(&ways, Some((10, 3))), ExitCode::SUCCESS);
        assert_eq!(report(&ways, Some((11, 3))), ExitCode::FAILURE);
        assert_eq!(report(&ways, None), ExitCode::SUCCESS);
    }
}
