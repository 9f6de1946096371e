//! Ten downloads of the same JSON document at once, in ten async tasks on tokio: the I/O-bound
//! program of *Multithreading vs Multiprocessing in Python, and when to use which!* written the
//! asyncio way. See README.md for how it maps to asyncio.

mod args;
mod client;
mod report;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::timeout;

use args::Args;
use client::{Client, Error};
use report::Report;

#[tokio::main] // asyncio.run(main())
async fn main() -> Result<ExitCode, fixture_site::CannotStart> {
    let mut args = Args::parse();
    let (count, limit, within) = (args.count(), args.limit(), args.timeout);
    // Without URLs, a local site stands in for the tutorial's, answering after 0.2 s as a
    // distant server would, until `_site` is dropped at the end of `main`.
    let _site = fixture_site::stand_in(&mut args.urls, &["/posts"], Duration::from_millis(200))?;
    let client = Client::new();
    // A download waits here for a permit while `limit` others run (asyncio.Semaphore).
    let limit = Arc::new(Semaphore::new(limit));

    let start_time = Instant::now();
    // One task per download, each started at once (asyncio.create_task in a TaskGroup).
    let mut tasks = JoinSet::new();
    for (i, url) in args.urls.iter().cycle().take(count).enumerate() {
        let (client, limit, url) = (client.clone(), Arc::clone(&limit), url.clone());
        tasks.spawn(async move {
            let _permit = limit.acquire().await.expect("never closed");
            // Gives up after `within`, whatever the download is doing (asyncio.wait_for).
            let bytes = timeout(within, client.get(&url)).await;
            (i, url, bytes.unwrap_or(Err(Error::TimedOut(within))))
        });
    }
    let mut report = Report::new();
    tokio::select! {
        biased;
        // Returning drops `tasks`, and with it every download still running.
        Ok(()) = tokio::signal::ctrl_c() => return Ok(report::interrupted(tasks.len())),
        // Each download's outcome as its task finishes (asyncio.as_completed).
        () = async {
            while let Some(finished) = tasks.join_next().await {
                report.task(finished.expect("a download task panicked"));
            }
        } => {}
    }
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {count} async tasks: {total} seconds");
    Ok(report.exit_code())
}
