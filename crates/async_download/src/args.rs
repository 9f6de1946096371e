//! The command line: which pages, how many downloads, how many at once, and for how long each.

use std::time::Duration;

use clap::Parser;
use clap::builder::RangedU64ValueParser;

/// Ten downloads of the same JSON document at once, in ten async tasks on tokio.
#[derive(Parser)]
pub struct Args {
    /// Pages to download, each once. Without any, ten times 100 posts as JSON (about 27 KB) from
    /// a local site, standing in for the tutorial's https://jsonplaceholder.typicode.com/posts
    pub urls: Vec<String>,
    /// Downloads in all, taking the URLs in turn [default: 10 from the local site, or one per
    /// URL given]
    #[arg(long, value_name = "N", value_parser = downloads())]
    count: Option<usize>,
    /// At most this many downloads at once; the others wait their turn [default: all at once]
    #[arg(long, value_name = "N", value_parser = downloads())]
    limit: Option<usize>,
    /// Give up on a download after this many seconds, whatever it is doing
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    pub timeout: Duration,
}

impl Args {
    /// How many downloads in all: `--count`, or one per URL given, or ten from the local site
    /// when there are none (ask before the site's URLs are added).
    pub fn count(&self) -> usize {
        match (self.count, self.urls.len()) {
            (Some(count), _) => count,
            (None, 0) => 10,
            (None, urls) => urls,
        }
    }

    /// How many downloads may run at once: `--limit`, or all of them.
    pub fn limit(&self) -> usize {
        self.limit.unwrap_or_else(|| self.count())
    }
}

fn downloads() -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::new().range(1..=100_000)
}

/// `--timeout`: a positive number of seconds.
fn seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    match Duration::try_from_secs_f64(seconds) {
        Ok(duration) if !duration.is_zero() => Ok(duration),
        _ => Err(String::from("give a positive number of seconds")),
    }
}
