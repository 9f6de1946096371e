//! Five simulated downloads go to a pool of 3 worker threads, and each result is printed as soon
//! as its job finishes: two waves, three jobs and then two, about 2 seconds.
//!
//! Rust port of "Using ThreadPoolExecutor" in *What is the difference between Multithreading and
//! Multiprocessing in Python?*. See README.md for how it maps to the Python original.

mod failing_jobs;

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use clap::Parser;

fn fetch_data(url: &str) -> String {
    thread::sleep(Duration::from_secs(1)); // simulates the network's delay
    format!("Data from {url}")
}

fn main() -> ExitCode {
    let args = Args::parse();
    let urls: Vec<String> = (0..5).map(url).collect();
    let failing: &BTreeSet<String> = &args.panicking.iter().map(|&n| url(n)).collect();

    // `executor.submit(fetch_data, url)` for each URL: the jobs wait in one queue.
    let (submit, jobs) = crossbeam_channel::unbounded();
    for url in &urls {
        submit.send(url.clone()).unwrap();
    }
    drop(submit); // no more jobs: each worker stops once the queue is empty

    // `with ThreadPoolExecutor(max_workers=3)`: three threads take jobs from the queue and send
    // each result back the moment its job ends.
    let (complete, completed) = mpsc::channel();
    let (mut reported, mut failures) = (0, 0);
    thread::scope(|s| {
        for _ in 0..3 {
            let (jobs, complete) = (jobs.clone(), complete.clone());
            s.spawn(move || {
                for url in jobs {
                    let result = failing_jobs::catch(|| {
                        let data = fetch_data(&url);
                        assert!(!failing.contains(&url), "simulated failure (--panic)");
                        data
                    });
                    complete.send((url, result)).unwrap();
                }
            });
        }
        drop(complete); // only the workers hold senders: `completed` ends when they stop

        // `for future in as_completed(...)`: results in the order their jobs finish.
        for (url, result) in completed {
            reported += 1;
            match result {
                Ok(data) => println!("{url}: {data}"),
                Err(panic) => {
                    eprintln!("{url}: failed: the job panicked: {panic}");
                    failures += 1;
                }
            }
        }
    });
    assert_eq!(reported, urls.len(), "each job is reported once");
    assert_eq!(failures, failing.len(), "only the --panic jobs fail");
    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn url(n: u32) -> String {
    format!("https://api.example.com/data/{n}")
}

/// Five simulated downloads on a pool of 3 threads; each result prints as soon as it is ready.
#[derive(Parser)]
struct Args {
    /// Make the job for data/N panic, to see a failed job reported while the others complete
    /// (N from 0 to 4; repeat the option for more)
    #[arg(long = "panic", value_name = "N", value_parser = clap::value_parser!(u32).range(0..5))]
    panicking: Vec<u32>,
}
