//! Threads download web pages at the same time and print each page's size in bytes.
//!
//! Rust port of "Multithreading in Python (Practical Example)" in *Python Multithreading vs
//! Multiprocessing: A Beginner's Guide* (DEV Community). See README.md for how it maps to the
//! Python original.

use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use clap::Parser;
use fetch::Client;

/// Downloads one page: its size in bytes, or why there is none.
fn download(client: &Client, url: &str) -> Result<String, fetch::Error> {
    let page = client.get(url)?;
    Ok(format!("{} bytes", page.body.len()))
}

fn main() -> Result<ExitCode, fixture_site::CannotStart> {
    let mut args = Args::parse();
    // Without URLs, a local site stands in for the tutorial's pages, answering after 0.5 s as a
    // distant server would, until `_site` is dropped at the end of `main`.
    let latency = Duration::from_millis(500);
    let _site = fixture_site::stand_in(&mut args.urls, &["/example", "/httpbin"], latency)?;
    let client = Client::new(&args.fetch);

    // A thread per URL, each started at once; the scope joins them all before it ends.
    let downloaded: Vec<bool> = thread::scope(|s| {
        let threads: Vec<_> = (args.urls.iter())
            .map(|url| s.spawn(|| fetch::report(url, download(&client, url))))
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });

    let failed = downloaded.contains(&false);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Threads download web pages at the same time and print each page's size in bytes.
#[derive(Parser)]
struct Args {
    /// Pages to download. Without any, two pages of a local site that stand in for the
    /// tutorial's https://example.com and https://httpbin.org
    urls: Vec<String>,
    #[command(flatten)]
    fetch: fetch::Options,
}
