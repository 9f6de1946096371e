//! Ten downloads of the same JSON document, first in ten threads, then in ten processes.
//!
//! Rust port of the I/O-bound program in *Multithreading vs Multiprocessing in Python, and when
//! to use which!*. See README.md for how it maps to the Python original.

use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use fetch::Client;

/// Downloads the document once: how many bytes it had, or why there are none.
fn download_data(client: &Client, url: &str) -> Result<String, String> {
    let page = client.get(url).map_err(|error| format!("{url}: {error}"))?;
    Ok(format!("Downloaded {} bytes", page.body.len()))
}

/// Runs `num_threads` downloads in as many threads, sharing one client. Says which worked.
fn io_bound_with_threads(client: &Client, url: &str, num_threads: usize) -> Vec<bool> {
    let start_time = Instant::now();
    let downloaded = thread::scope(|s| {
        let threads: Vec<_> = (0..num_threads)
            .map(|i| {
                s.spawn(move || fetch::report(&format!("Thread {i}"), download_data(client, url)))
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {num_threads} threads: {total} seconds");
    downloaded
}

/// Runs in a worker process: download number `i`. A client cannot cross a process boundary, so
/// each worker builds its own from the options.
fn download_in_process((i, url, options): (usize, String, fetch::Options)) -> bool {
    let client = Client::new(&options);
    fetch::report(&format!("Thread {i}"), download_data(&client, &url))
}

/// Runs `num_processes` downloads in as many worker processes. Says which worked.
fn io_bound_with_processes(url: &str, options: &fetch::Options, num_processes: usize) -> Vec<bool> {
    let start_time = Instant::now();
    let processes: Vec<_> = (0..num_processes)
        .map(|i| worker_processes::spawn(download_in_process, (i, url.to_owned(), options.clone())))
        .collect();
    let downloaded = (processes.into_iter())
        .map(|process| {
            process
                .and_then(|process| process.join())
                .unwrap_or_else(|error| {
                    eprintln!("error: {error}");
                    false
                })
        })
        .collect();
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {num_processes} processes: {total} seconds");
    downloaded
}

fn main() -> Result<ExitCode, fixture_site::CannotStart> {
    // A worker process runs its download in here and exits: Python's `__main__` guard.
    worker_processes::init();
    let args = Args::parse();
    let mut urls: Vec<String> = args.url.into_iter().collect();
    // Without a URL, a local site stands in for the tutorial's, answering after 0.2 s as a
    // distant server would, until `_site` is dropped at the end of `main`.
    let _site = fixture_site::stand_in(&mut urls, &["/posts"], Duration::from_millis(200))?;

    let mut downloaded = io_bound_with_threads(&Client::new(&args.fetch), &urls[0], 10);
    downloaded.extend(io_bound_with_processes(&urls[0], &args.fetch, 10));

    let failed = downloaded.contains(&false);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Ten downloads of the same JSON document, first in ten threads, then in ten processes.
#[derive(Parser)]
struct Args {
    /// The document to download. Without one, 100 posts as JSON (about 27 KB) from a local site,
    /// standing in for the tutorial's https://jsonplaceholder.typicode.com/posts
    url: Option<String>,
    #[command(flatten)]
    fetch: fetch::Options,
}
