//! Mixed work: a crawl of the local site's articles, fetched on threads and analysed on rayon,
//! timed the three ways the crawl_pipeline example runs it: one after another, in two phases
//! (fetch all, then analyse), and pipelined. The stages are the example's own
//! (crates/crawl_pipeline/src/crawl.rs, compiled in here), so what is timed is the code the
//! example shows. Every way's totals must be what the site put in its articles.

#[path = "../../crates/crawl_pipeline/src/crawl.rs"]
mod stages;

use std::io;
use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

use crossbeam_channel::{bounded, unbounded};
use fetch::Client;
use rayon::prelude::*;

use crate::Measurement;
use crate::measurement::timed;
use stages::{Crawl, analyse, fetch_all};

/// Starts the examples' fixture_site, whose articles the crawl fetches, prints its address, and
/// serves until stdin closes (the caller went away).
pub fn serve(latency: Duration) -> Result<(), String> {
    let site =
        fixture_site::Site::start(latency).map_err(|e| format!("cannot start the site: {e}"))?;
    println!("{}", serde_json::json!({ "site": site.addr().to_string() }));
    // Anything read is ignored; end of input (or an error) is the signal to stop.
    let _ = io::copy(&mut io::stdin().lock(), &mut io::sink());
    Ok(())
}

/// Crawls articles 1 to `pages` of the site at `site` with `threads` fetching threads, each way
/// once.
pub fn measure(site: SocketAddr, pages: u32, threads: usize) -> Result<(), String> {
    let urls: Vec<String> = fixture_site::articles::paths(pages)
        .iter()
        .map(|path| format!("http://{site}{path}"))
        .collect();
    let held = fixture_site::articles::totals(pages);
    let client = &Client::new(&fetch::Options {
        timeout: Duration::from_secs(30),
        connect_timeout: Duration::from_secs(10),
        max_body_bytes: 16 * 1024 * 1024,
    });
    let urls = &urls[..];
    let check = |variant, (crawl, seconds): (Crawl, f64)| {
        if let Some((url, failure)) = crawl.failures.first() {
            return Err(format!("{variant}: {url}: {failure}"));
        }
        let (words, links) = (crawl.totals.words, crawl.totals.links);
        if (crawl.analysed, words, links) != (urls.len(), held.words, held.links) {
            return Err(format!(
                "{variant}: {} pages hold {words} words and {links} links, but the site put {} \
                 and {} in {pages}",
                crawl.analysed, held.words, held.links
            ));
        }
        Measurement::new("crawl", variant, seconds)
            .count(urls.len())
            .print()
    };

    check(
        "one after another",
        timed(|| {
            urls.iter()
                .map(|url| analyse((url, client.get(url))))
                .collect()
        }),
    )?;
    check(
        "fetch all, then analyse",
        timed(|| {
            let (sender, pages) = unbounded();
            fetch_all(client, urls, threads, sender);
            pages.into_iter().par_bridge().map(analyse).collect()
        }),
    )?;
    check(
        "pipelined",
        timed(|| {
            thread::scope(|s| {
                let (sender, pages) = bounded(2 * threads);
                s.spawn(move || fetch_all(client, urls, threads, sender));
                pages.into_iter().par_bridge().map(analyse).collect()
            })
        }),
    )
}
