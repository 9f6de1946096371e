//! Ten downloads of the same JSON document, first in ten threads, then in ten processes.
//!
//! Rust port of the I/O-bound program in *Multithreading vs Multiprocessing in Python, and when
//! to use which!*. See README.md for how it maps to the Python original.

use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use fetch::Client;
use serde::{Deserialize, Serialize};

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

/// Runs `num_threads` downloads in as many threads, sharing one client, and prints how long
/// they took together. Returns each download's size, `None` for those that failed.
fn io_bound_with_threads(client: &Client, url: &str, num_threads: usize) -> Vec<Option<usize>> {
    let start_time = Instant::now();
    let sizes = thread::scope(|scope| {
        let threads: Vec<_> = (0..num_threads)
            .map(|i| {
                thread::Builder::new().spawn_scoped(scope, move || download_data(client, url, i))
            })
            .collect();
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

/// What a worker process needs to download the document: no client crosses a process boundary,
/// so each worker builds its own from these.
#[derive(Clone, Serialize, Deserialize)]
struct Download {
    url: String,
    options: fetch::Options,
}

/// Runs in a worker process: download number `thread_id`, as the Python original calls it.
fn download_in_process((thread_id, download): (usize, Download)) -> Option<usize> {
    download_data(&Client::new(&download.options), &download.url, thread_id)
}

/// Runs `num_processes` downloads in as many worker processes and prints how long they took
/// together. Returns each download's size, `None` for those that failed.
fn io_bound_with_processes(download: &Download, num_processes: usize) -> Vec<Option<usize>> {
    let start_time = Instant::now();
    let processes: Vec<_> = (0..num_processes)
        .map(|i| worker_processes::spawn(download_in_process, (i, download.clone())))
        .collect();
    let sizes = processes
        .into_iter()
        .map(|process| match process.and_then(|process| process.join()) {
            Ok(size) => size,
            Err(error) => {
                eprintln!("error: {error}");
                None
            }
        })
        .collect();
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {num_processes} processes: {total} seconds");
    sizes
}

fn main() -> ExitCode {
    // A worker process runs its download in here and exits: Python's `__main__` guard.
    worker_processes::init();

    let args = Args::parse();
    let mut urls: Vec<String> = args.url.into_iter().collect();
    // Without a URL, a local site stands in for the tutorial's, answering after 0.2 s as a
    // distant server would. It serves until `site` is dropped, at the end of `main`.
    let latency = Duration::from_millis(200);
    let site = match fixture_site::stand_in(&mut urls, &["/posts"], latency) {
        Ok(site) => site,
        Err(error) => {
            eprintln!("error: cannot start the local site: {error}");
            return ExitCode::FAILURE;
        }
    };
    let url = &urls[0];
    let num_threads = 10;
    let num_processes = 10;

    let mut sizes = io_bound_with_threads(&Client::new(&args.fetch), url, num_threads);
    let download = Download {
        url: url.clone(),
        options: args.fetch,
    };
    sizes.extend(io_bound_with_processes(&download, num_processes));

    let downloaded: Vec<usize> = sizes.iter().flatten().copied().collect();
    if site.is_some() {
        // The local site serves the same document every time, to threads and processes alike.
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
