//! Five simulated downloads go to a pool of 3 worker threads, and each result is printed as soon
//! as its job finishes. The jobs run in two waves, three and then two: about 2 seconds.
//!
//! Rust port of "Using ThreadPoolExecutor" in *What is the difference between Multithreading and
//! Multiprocessing in Python?*. See README.md for how it maps to the Python original.

use std::any::Any;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use clap::Parser;

/// Five simulated downloads on a pool of 3 threads; each result prints as soon as it is ready.
#[derive(Parser)]
struct Args {
    /// Make the job for data/N panic, to see a failed job reported while the others complete
    /// (N from 0 to 4; repeat the option for more)
    #[arg(long = "panic", value_name = "N", value_parser = clap::value_parser!(u32).range(0..5))]
    panicking: Vec<u32>,
}

/// `ThreadPoolExecutor(max_workers=3)`.
const MAX_WORKERS: usize = 3;

/// Worker threads are named `worker-1`, `worker-2`, ...; the panic hook tells them apart by it.
const WORKER_NAME_PREFIX: &str = "worker-";

fn url(n: u32) -> String {
    format!("https://api.example.com/data/{n}")
}

fn fetch_data(url: &str) -> String {
    thread::sleep(Duration::from_secs(1)); // simulates the network's delay
    format!("Data from {url}")
}

fn main() -> ExitCode {
    let args = Args::parse();
    let urls: Vec<String> = (0..5).map(url).collect();
    let mut failing: Vec<String> = args.panicking.into_iter().map(url).collect();
    failing.sort();
    failing.dedup();

    report_worker_panics_only_as_results();
    let mut reported = Vec::new();
    let mut failed = Vec::new();
    let pool = run_as_completed(
        MAX_WORKERS,
        urls.clone(),
        |url| {
            let data = fetch_data(url);
            if failing.contains(url) {
                panic!("simulated failure (--panic)");
            }
            data
        },
        |url, result| {
            match result {
                Ok(data) => println!("{url}: {data}"),
                Err(panic) => {
                    eprintln!("{url}: failed: the job panicked: {panic}");
                    failed.push(url.clone());
                }
            }
            reported.push(url);
        },
    );
    if let Err(error) = pool {
        eprintln!("error: could not start the pool's threads: {error}");
        return ExitCode::FAILURE;
    }

    reported.sort();
    failed.sort();
    assert_eq!(reported, urls, "every job is reported exactly once");
    assert_eq!(failed, failing, "exactly the jobs told to panic fail");
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs `task` on each job in a pool of `workers` threads that take the jobs from one queue (an
/// `executor.submit` per job), and hands every job with its result to `on_complete` the moment
/// it finishes (`for future in as_completed(...)`). A job that panics gives `Err` with the
/// panic's message, as `future.result()` raises the job's exception, and its worker goes on to
/// the next job. Returns when every job is reported and every worker has stopped.
fn run_as_completed<J, R>(
    workers: usize,
    jobs: Vec<J>,
    task: impl Fn(&J) -> R + Sync,
    mut on_complete: impl FnMut(J, Result<R, String>),
) -> io::Result<()>
where
    J: Send,
    R: Send,
{
    let (submit, queue) = crossbeam_channel::unbounded();
    for job in jobs {
        submit.send(job).expect("`queue` is still open");
    }
    // Nothing more will come: a worker that finds the queue empty stops (`executor.shutdown()`).
    drop(submit);

    let (finish, finished) = crossbeam_channel::unbounded();
    thread::scope(|scope| {
        for id in 1..=workers {
            let (queue, finish, task) = (queue.clone(), finish.clone(), &task);
            thread::Builder::new()
                .name(format!("{WORKER_NAME_PREFIX}{id}"))
                .spawn_scoped(scope, move || {
                    for job in queue {
                        // A panic may leave behind what its job was changing. This example's
                        // jobs only read, so the next job finds nothing half-done: that is what
                        // `AssertUnwindSafe` asserts.
                        let result = panic::catch_unwind(AssertUnwindSafe(|| task(&job)))
                            .map_err(|payload| panic_message(&*payload));
                        if finish.send((job, result)).is_err() {
                            break; // no one is listening any more
                        }
                    }
                })?;
        }
        // From here only the workers hold senders: `finished` ends when the last of them stops.
        drop(finish);
        for (job, result) in finished {
            on_complete(job, result);
        }
        Ok(())
    })
}

/// `panic!("literal")` carries a `&str`, `panic!("{x}")` a `String`.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        String::from("(a panic without a message)")
    }
}

/// A worker catches its job's panic and passes it on as that job's result, which `main` reports
/// in one line. Rust's default hook would also print it, over three lines of stderr, the moment
/// it happens; keep it quiet for the pool's workers and in place for every other thread.
fn report_worker_panics_only_as_results() {
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let in_worker = thread::current()
            .name()
            .is_some_and(|name| name.starts_with(WORKER_NAME_PREFIX));
        if !in_worker {
            default_hook(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    /// Runs the jobs and returns them with their results, in the order `on_complete` saw them.
    fn completed<R: Send>(
        workers: usize,
        jobs: Vec<u64>,
        task: impl Fn(&u64) -> R + Sync,
    ) -> Vec<(u64, Result<R, String>)> {
        let mut completed = Vec::new();
        run_as_completed(workers, jobs, task, |job, result| {
            completed.push((job, result));
        })
        .unwrap();
        completed
    }

    #[test]
    fn results_come_in_completion_order_not_submission_order() {
        // Job n takes n x 200 ms; the slowest is submitted first.
        let order: Vec<u64> = completed(3, vec![3, 1, 2], |&n| thread::sleep(ms(200 * n)))
            .into_iter()
            .map(|(job, _)| job)
            .collect();
        assert_eq!(order, [1, 2, 3]);
    }

    #[test]
    fn five_jobs_on_three_workers_finish_in_two_waves() {
        let start = Instant::now();
        let mut finished_at = Vec::new();
        run_as_completed(
            3,
            (0..5).collect::<Vec<u32>>(),
            |_| thread::sleep(ms(300)),
            |_, _| finished_at.push(start.elapsed()),
        )
        .unwrap();
        assert_eq!(finished_at.len(), 5);
        // Three jobs at once: the first wave ends before a second 300 ms could pass...
        assert!(
            finished_at[..3].iter().all(|&at| at < ms(550)),
            "{finished_at:?}"
        );
        // ...and the other two had to wait for a free worker, so they end after two waits.
        assert!(
            finished_at[3..].iter().all(|&at| at >= ms(600)),
            "{finished_at:?}"
        );
        assert!(finished_at[4] < ms(850), "a third wave? {finished_at:?}");
    }

    #[test]
    fn a_job_that_panics_becomes_its_error_and_its_worker_goes_on() {
        // One worker, so the jobs after the panic run on the very thread that panicked.
        let results = completed(1, vec![1, 2, 3], |&n| {
            assert!(n != 2, "job {n} failed");
            n * 10
        });
        assert_eq!(
            results,
            [
                (1, Ok(10)),
                (2, Err(String::from("job 2 failed"))),
                (3, Ok(30))
            ]
        );
    }
}
