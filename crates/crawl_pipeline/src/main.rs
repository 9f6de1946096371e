//! A crawl: threads fetch pages while rayon analyses each one as it arrives, with a bounded
//! channel between them, so that the waiting and the computing overlap in one process.
//!
//! Beyond the tutorials: the "Mixed workloads" row of the decision guide in *What is the
//! difference between Multithreading and Multiprocessing in Python?*. See README.md.

mod crawl;

use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use crawl::{Crawl, analyse, fetch_all};
use crossbeam_channel::{bounded, unbounded};
use fetch::Client;
use rayon::prelude::*;

fn main() -> Result<ExitCode, fixture_site::CannotStart> {
    let mut args = Args::parse();
    // Without URLs, a local site stands in: `--pages` long articles, each answered after 20 ms.
    let paths = fixture_site::articles::paths(args.pages);
    let site = fixture_site::stand_in(&mut args.urls, &paths, Duration::from_millis(20))?;
    let (client, urls) = (&Client::new(&args.fetch), &args.urls[..]);
    let threads = usize::from(args.threads);

    // One after another: fetch a page, analyse it, then fetch the next.
    let start = Instant::now();
    let one_by_one: Crawl = urls
        .iter()
        .map(|url| analyse((url, client.get(url))))
        .collect();
    let one_by_one_time = start.elapsed();

    // In two phases: threads fetch every page, then rayon analyses them all.
    let start = Instant::now();
    let (sender, pages) = unbounded();
    fetch_all(client, urls, threads, sender);
    let phased: Crawl = pages.into_iter().par_bridge().map(analyse).collect();
    let phased_time = start.elapsed();

    // Pipelined: rayon analyses each page as it arrives while the threads wait for the next.
    let start = Instant::now();
    let pipelined: Crawl = thread::scope(|s| {
        // Bounded: when the analysis falls behind, the fetching threads wait for room, so
        // pages never pile up in memory.
        let (sender, pages) = bounded(2 * threads);
        s.spawn(move || fetch_all(client, urls, threads, sender));
        pages.into_iter().par_bridge().map(analyse).collect()
    });
    let pipelined_time = start.elapsed();

    let ways = [
        ("One after another", one_by_one, one_by_one_time),
        ("Fetch all, then analyse", phased, phased_time),
        ("Pipelined", pipelined, pipelined_time),
    ];
    let mut ok = crawl::report(&ways);
    // The local site knows what it put in its articles: check the totals against that.
    if site.is_some() {
        let (held, found) = (fixture_site::articles::totals(args.pages), ways[0].1.totals);
        let put = format!(
            "the site put {} words and {} links in {} articles",
            held.words, held.links, args.pages
        );
        if (found.words, found.links) == (held.words, held.links) {
            println!("Checked: {put}");
        } else {
            eprintln!("error: but {put}");
            ok = false;
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Fetches pages on a few threads and analyses them on rayon: one after another, in two phases,
/// and pipelined.
#[derive(Parser)]
struct Args {
    /// Pages to crawl. Without any, articles of a local site, with the totals checked against
    /// what the site put in them
    urls: Vec<String>,
    /// How many of the local site's articles to crawl when no URLs are given
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pages: u32,
    /// Threads that fetch: how many requests a crawler keeps open to one site at a time
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: u16,
    #[command(flatten)]
    fetch: fetch::Options,
}
