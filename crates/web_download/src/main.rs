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

/// Threads download web pages at the same time and print each page's size in bytes.
#[derive(Parser)]
struct Args {
    /// Pages to download. Without any, two pages of a local site that stand in for the
    /// tutorial's https://example.com and https://httpbin.org
    urls: Vec<String>,
    #[command(flatten)]
    fetch: fetch::Options,
}

/// Downloads one page and prints its size, or what went wrong. Says whether it worked.
fn download(client: &Client, url: &str) -> bool {
    match client.get(url) {
        Ok(page) => {
            println!("{url}: {} bytes", page.body.len());
            true
        }
        Err(error) => {
            eprintln!("error: {url}: {error}");
            false
        }
    }
}

fn main() -> ExitCode {
    let mut args = Args::parse();
    // Without URLs, a local site stands in for the tutorial's pages, answering after 0.5 s as a
    // distant server would. It serves until `_site` is dropped, at the end of `main`.
    let paths = ["/example", "/httpbin"];
    let latency = Duration::from_millis(500);
    let _site = match fixture_site::stand_in(&mut args.urls, &paths, latency) {
        Ok(site) => site,
        Err(error) => {
            eprintln!("error: cannot start the local site: {error}");
            return ExitCode::FAILURE;
        }
    };
    let client = &Client::new(&args.fetch);

    // One thread per URL; the scope joins them all before it returns.
    let downloaded: Vec<bool> = thread::scope(|scope| {
        let threads: Vec<_> = (args.urls.iter())
            .map(|url| thread::Builder::new().spawn_scoped(scope, || download(client, url)))
            .collect();
        threads
            .into_iter()
            .map(|thread| match thread {
                // A thread that panicked has printed why.
                Ok(thread) => thread.join().unwrap_or(false),
                Err(error) => {
                    eprintln!("error: cannot start a thread: {error}");
                    false
                }
            })
            .collect()
    });

    if downloaded.iter().all(|&ok| ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
