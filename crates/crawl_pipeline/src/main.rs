//! A crawl: threads fetch pages while rayon analyses each one as it arrives, with a bounded
//! channel between them, so that the waiting and the computing overlap in one process.
//!
//! Beyond the tutorials: the "Mixed workloads" row of the decision guide in *What is the
//! difference between Multithreading and Multiprocessing in Python?*. See README.md.

mod args;
mod crawl;
mod report;

use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use clap::Parser;
use crossbeam_channel::{bounded, unbounded};
use fetch::Client;
use rayon::prelude::*;

use args::Args;
use crawl::{analyse, fetch_all};
use report::{report, timed};

fn main() -> Result<ExitCode, fixture_site::CannotStart> {
    let mut args = Args::parse();
    // Without URLs, a local site stands in: `--pages` long articles, each answered after 20 ms.
    let paths = fixture_site::articles::paths(args.pages);
    let site = fixture_site::stand_in(&mut args.urls, &paths, Duration::from_millis(20))?;
    let (client, urls) = (&Client::new(&args.fetch), &args.urls[..]);
    let threads = usize::from(args.threads);

    let ways = [
        // One after another: fetch a page, analyse it, then fetch the next.
        timed("One after another", || {
            urls.iter()
                .map(|url| analyse((url, client.get(url))))
                .collect()
        }),
        // In two phases: threads fetch every page, then rayon analyses them all.
        timed("Fetch all, then analyse", || {
            let (sender, pages) = unbounded();
            fetch_all(client, urls, threads, sender);
            pages.into_iter().par_bridge().map(analyse).collect()
        }),
        // Pipelined: rayon analyses each page as it arrives while the threads wait for the next.
        timed("Pipelined", || {
            thread::scope(|s| {
                // Bounded: when the analysis falls behind, the fetching threads wait for room, so
                // pages never pile up in memory.
                let (sender, pages) = bounded(2 * threads);
                s.spawn(move || fetch_all(client, urls, threads, sender));
                pages.into_iter().par_bridge().map(analyse).collect()
            })
        }),
    ];
    // The local site knows what it put in its articles: the crawl must find just that.
    let put = site.map(|_| fixture_site::articles::totals(args.pages));
    Ok(report(&ways, put.map(|put| (put.words, put.links))))
}
