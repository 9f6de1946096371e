//! Ten downloads of the same JSON document, first in ten threads, then in ten processes.
//!
//! Rust port of the I/O-bound program in *Multithreading vs Multiprocessing in Python, and when
//! to use which!*. See README.md for how it maps to the Python original.

use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use fetch::{Client, Targets};

/// How long the local site waits before each answer, as a distant server would.
const SITE_LATENCY: Duration = Duration::from_millis(200);

/// Ten downloads of the same JSON document, first in ten threads, then in ten processes.
#[derive(Parser)]
struct Args {
    /// The document to download. Without one, 100 posts as JSON (about 27 KB) from a local site,
    /// standing in for the tutorial's https://jsonplaceholder.typicode.com/posts
    url: Option<String>,
    #[command(flatten)]
    fetch: fetch::Options,
}

/// Downloads the document once and prints its size in bytes, or what went wrong.
fn download_data(client: &Client, url: &str, thread_id: usize) -> Option<usize> {
    match client.get(url) {
        Ok(page) => {
            println!("Thread {thread_id}: Downloaded {} bytes", page.body.len());
            Some(page.body.len())
        }
        Err(error) => {
            eprintln!("error: Thread {thread_id}: {url}: {error}");
            None
        }
    }
}

/// Runs `num_threads` downloads in as many threads and prints how long they took together.
/// Returns each download's size, `None` for those that failed.
fn io_bound_with_threads(client: &Client, url: &str, num_threads: usize) -> Vec<Option<usize>> {
    let start_time = Instant::now();
    let sizes = thread::scope(|scope| {
        let threads: Vec<_> = (0..num_threads)
            .map(|i| {
                thread::Builder::new().spawn_scoped(scope, move || download_data(client, url, i))
            })
            .collect();
        // The scope would join them anyway; joining here collects their results.
        threads
            .into_iter()
            .map(|thread| match thread {
                // A thread that panicked has printed why.
                Ok(thread) => thread.join().unwrap_or(None),
                Err(error) => {
                    eprintln!("error: cannot start a thread: {error}");
                    None
                }
            })
            .collect()
    });
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {num_threads} threads: {total} seconds");
    sizes
}

fn main() -> ExitCode {
    let args = Args::parse();
    let targets = match Targets::new(
        args.url.into_iter().collect(),
        &["/posts"],
        SITE_LATENCY,
        &args.fetch,
    ) {
        Ok(targets) => targets,
        Err(error) => {
            eprintln!("error: cannot start the local site: {error}");
            return ExitCode::FAILURE;
        }
    };
    let url = &targets.urls[0];
    let num_threads = 10;

    let sizes = io_bound_with_threads(&targets.client, url, num_threads);

    let downloaded: Vec<usize> = sizes.iter().flatten().copied().collect();
    if targets.are_local() {
        // The local site serves the same document every time.
        assert!(
            downloaded.windows(2).all(|pair| pair[0] == pair[1]),
            "sizes differ: {downloaded:?}"
        );
    }
    if downloaded.len() == sizes.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
