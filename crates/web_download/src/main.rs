//! Threads download web pages at the same time and print each page's size in bytes.
//!
//! Rust port of "Multithreading in Python (Practical Example)" in *Python Multithreading vs
//! Multiprocessing: A Beginner's Guide* (DEV Community). See README.md for how it maps to the
//! Python original.

use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use clap::Parser;
use fetch::{Client, Targets};

/// How long the local site waits before each answer, as a distant server would.
const SITE_LATENCY: Duration = Duration::from_millis(500);

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
    let args = Args::parse();
    let paths = ["/example", "/httpbin"];
    let targets = match Targets::new(args.urls, &paths, SITE_LATENCY, &args.fetch) {
        Ok(targets) => targets,
        Err(error) => {
            eprintln!("error: cannot start the local site: {error}");
            return ExitCode::FAILURE;
        }
    };
    let client = &targets.client;

    // One thread per URL; the scope joins them all before it returns.
    let downloaded: Vec<bool> = thread::scope(|scope| {
        let threads: Vec<_> = (targets.urls.iter())
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
