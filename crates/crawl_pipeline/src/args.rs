//! The command line: which pages, how many fetching threads, and the client's limits.

use clap::Parser;

/// Fetches pages on a few threads and analyses them on rayon: one after another, in two phases,
/// and pipelined.
#[derive(Parser)]
pub struct Args {
    /// Pages to crawl. Without any, articles of a local site, with the totals checked against
    /// what the site put in them
    pub urls: Vec<String>,
    /// How many of the local site's articles to crawl when no URLs are given
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub pages: u32,
    /// Threads that fetch: how many requests a crawler keeps open to one site at a time
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,
    #[command(flatten)]
    pub fetch: fetch::Options,
}
