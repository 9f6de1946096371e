//! Ten downloads of the same JSON document at once, in ten async tasks on tokio: the I/O-bound
//! program of *Multithreading vs Multiprocessing in Python, and when to use which!* written the
//! asyncio way. See README.md for how it maps to asyncio.

mod client;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::timeout;

use client::{Client, Error};

/// Downloads the document once: how many bytes it had, or why there are none. Gives up after
/// `within`, as `asyncio.wait_for` would.
async fn download_data(client: &Client, url: &str, within: Duration) -> Result<String, Error> {
    let bytes = timeout(within, client.get(url))
        .await
        .map_err(|_elapsed| Error::TimedOut(within))??;
    Ok(format!("Downloaded {bytes} bytes"))
}

type Outcome = (usize, String, Result<String, Error>);

/// Prints each download's outcome as its task finishes (`asyncio.as_completed`). Says whether
/// every download worked.
async fn report_as_completed(tasks: &mut JoinSet<Outcome>) -> bool {
    let mut all_worked = true;
    while let Some(finished) = tasks.join_next().await {
        let (i, url, outcome) = finished.expect("a download task panicked");
        match outcome {
            Ok(shown) => println!("Task {i}: {shown}"),
            Err(why) => {
                eprintln!("error: Task {i}: {url}: {why}");
                all_worked = false;
            }
        }
    }
    all_worked
}

#[tokio::main] // asyncio.run(main())
async fn main() -> Result<ExitCode, fixture_site::CannotStart> {
    let Args {
        mut urls,
        count,
        limit,
        timeout,
    } = Args::parse();
    let count = count.unwrap_or(if urls.is_empty() { 10 } else { urls.len() });
    // Without URLs, a local site stands in for the tutorial's, answering after 0.2 s as a
    // distant server would, until `_site` is dropped at the end of `main`.
    let _site = fixture_site::stand_in(&mut urls, &["/posts"], Duration::from_millis(200))?;
    let client = Client::new();
    // A download waits here for a permit while `limit` others run (asyncio.Semaphore).
    let limit = Arc::new(Semaphore::new(limit.unwrap_or(count)));

    let start_time = Instant::now();
    // One task per download, each started at once (asyncio.create_task in a TaskGroup).
    let mut tasks = JoinSet::new();
    for (i, url) in urls.iter().cycle().take(count).enumerate() {
        let (client, limit, url) = (client.clone(), Arc::clone(&limit), url.clone());
        tasks.spawn(async move {
            let _permit = limit
                .acquire()
                .await
                .expect("the semaphore is never closed");
            let outcome = download_data(&client, &url, timeout).await;
            (i, url, outcome)
        });
    }
    let all_worked = tokio::select! {
        biased;
        Ok(()) = tokio::signal::ctrl_c() => {
            // Returning drops `tasks`, and with it every download still running.
            eprintln!("error: interrupted, {} downloads cancelled", tasks.len());
            return Ok(ExitCode::from(130));
        }
        all_worked = report_as_completed(&mut tasks) => all_worked,
    };
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {count} async tasks: {total} seconds");

    Ok(if all_worked {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Ten downloads of the same JSON document at once, in ten async tasks on tokio.
#[derive(Parser)]
struct Args {
    /// Pages to download, each once. Without any, ten times 100 posts as JSON (about 27 KB) from
    /// a local site, standing in for the tutorial's https://jsonplaceholder.typicode.com/posts
    urls: Vec<String>,
    /// Downloads in all, taking the URLs in turn [default: 10 from the local site, or one per
    /// URL given]
    #[arg(long, value_name = "N", value_parser = downloads())]
    count: Option<usize>,
    /// At most this many downloads at once; the others wait their turn [default: all at once]
    #[arg(long, value_name = "N", value_parser = downloads())]
    limit: Option<usize>,
    /// Give up on a download after this many seconds, whatever it is doing
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = client::seconds)]
    timeout: Duration,
}

fn downloads() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..=100_000)
}
