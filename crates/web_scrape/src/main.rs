//! Threads fetch web pages at the same time and print each page's title.
//!
//! Rust port of "Web Scraping with Multithreading" in *Python Multithreading vs Multiprocessing:
//! A Beginner's Guide* (DEV Community). See README.md for how it maps to the Python original.

mod title;

use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use clap::Parser;
use fetch::Client;
use title::{Failure, title};

/// Fetches one page: its title, or why there is none.
fn scrape(client: &Client, url: &str) -> Result<String, Failure> {
    let page = client.get(url).map_err(Failure::Fetch)?;
    title(page)
}

fn main() -> Result<ExitCode, fixture_site::CannotStart> {
    let mut args = Args::parse();
    // Without URLs, a local site stands in for the tutorial's pages, answering after 0.5 s as a
    // distant server would, until `_site` is dropped at the end of `main`.
    let latency = Duration::from_millis(500);
    let _site = fixture_site::stand_in(&mut args.urls, &["/example", "/httpbin"], latency)?;
    let client = Client::new(&args.fetch);

    // A thread per URL, each started at once; the scope joins them all before it ends.
    let scraped: Vec<bool> = thread::scope(|s| {
        let threads: Vec<_> = (args.urls.iter())
            .map(|url| s.spawn(|| fetch::report(url, scrape(&client, url))))
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });

    let failed = scraped.contains(&false);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Threads fetch web pages at the same time and print each page's title.
#[derive(Parser)]
struct Args {
    /// Pages to scrape. Without any, two pages of a local site that stand in for the tutorial's
    /// https://example.com and https://httpbin.org
    urls: Vec<String>,
    #[command(flatten)]
    fetch: fetch::Options,
}
