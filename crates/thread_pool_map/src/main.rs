//! A pool of 3 worker threads runs a 1-second task on the inputs 1, 2 and 3. `map` hands the
//! results back in input order, and the three waits overlap: about 1 second in all, not 3.
//!
//! Rust port of "4. Concurrent Futures (Modern Way)" in *Multithreading & Multiprocessing Python*
//! (belajarpython.com). See README.md for how it maps to the Python original.

use std::io;
use std::panic;
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;

/// `ThreadPoolExecutor(max_workers=3)`.
const MAX_WORKERS: usize = 3;

fn task(n: u32) -> String {
    thread::sleep(Duration::from_secs(1)); // stands in for waiting on I/O
    format!("Task {n} finished")
}

/// A pool of 3 workers maps a 1-second task over [1, 2, 3], keeping input order.
#[derive(Parser)]
struct Args {
    /// Run the tasks on a pool of 3 worker processes instead of 3 threads (the tutorial's
    /// "replace ThreadPoolExecutor with ProcessPoolExecutor")
    #[arg(long)]
    processes: bool,
}

fn main() -> ExitCode {
    // A worker process runs its task inside `init` and exits, so what follows runs only in the
    // parent: Python's `if __name__ == "__main__":` guard.
    worker_processes::init();
    let args = Args::parse();
    let start = Instant::now();

    let inputs = vec![1, 2, 3];
    let results = if args.processes {
        worker_processes::Pool::with_workers(MAX_WORKERS)
            .map(task, inputs.clone())
            .map_err(|error| error.to_string())
    } else {
        map_on_threads(MAX_WORKERS, task, inputs.clone())
            .map_err(|error| format!("could not start the pool's threads: {error}"))
    };
    let results = match results {
        Ok(results) => results,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    for result in &results {
        println!("{result}");
    }

    println!("Time: {:.2} seconds", start.elapsed().as_secs_f64());
    let in_input_order: Vec<String> = inputs
        .iter()
        .map(|n| format!("Task {n} finished"))
        .collect();
    assert_eq!(results, in_input_order, "map keeps input order");
    ExitCode::SUCCESS
}

/// `executor.map(task, inputs)` in a `with ThreadPoolExecutor(max_workers=workers)` block: the
/// inputs wait in one queue, each worker takes the next one as soon as it is free, and the results
/// come back in input order once every worker has stopped.
fn map_on_threads<I, O>(
    workers: usize,
    task: impl Fn(I) -> O + Sync,
    inputs: Vec<I>,
) -> io::Result<Vec<O>>
where
    I: Send,
    O: Send,
{
    // Each input carries its position, so that its result can be put back in place.
    let (queue, queued) = crossbeam_channel::unbounded();
    for numbered_input in inputs.into_iter().enumerate() {
        queue.send(numbered_input).expect("`queued` is still open");
    }
    // Nothing more will come: a worker that finds the queue empty stops (`executor.shutdown()`).
    drop(queue);

    thread::scope(|scope| {
        let workers = (0..workers)
            .map(|_| {
                let (queued, task) = (queued.clone(), &task);
                thread::Builder::new().spawn_scoped(scope, move || {
                    queued
                        .into_iter()
                        .map(|(position, input)| (position, task(input)))
                        .collect::<Vec<_>>()
                })
            })
            .collect::<io::Result<Vec<_>>>()?;

        let mut results = Vec::new();
        for worker in workers {
            // A task that panicked panics here again, as Python's `map` re-raises a task's
            // exception when its result is reached.
            results.extend(
                worker
                    .join()
                    .unwrap_or_else(|panic| panic::resume_unwind(panic)),
            );
        }
        results.sort_unstable_by_key(|&(position, _)| position);
        Ok(results.into_iter().map(|(_, output)| output).collect())
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn results_keep_input_order_when_later_inputs_finish_first() {
        let finished = Mutex::new(Vec::new());
        let results = map_on_threads(
            3,
            |n: u64| {
                thread::sleep(Duration::from_millis(200 * n));
                finished.lock().unwrap().push(n);
                n * 10
            },
            vec![3, 2, 1],
        )
        .unwrap();
        // The setup works: the tasks really finished in the reverse of input order...
        assert_eq!(finished.into_inner().unwrap(), [1, 2, 3]);
        // ...and map still returns their results in input order.
        assert_eq!(results, [30, 20, 10]);
    }

    #[test]
    fn runs_as_many_tasks_at_once_as_it_has_workers_and_no_more() {
        let running = AtomicUsize::new(0);
        let most_at_once = AtomicUsize::new(0);
        let results = map_on_threads(
            3,
            |n: u32| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most_at_once.fetch_max(now, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(100));
                running.fetch_sub(1, Ordering::SeqCst);
                n
            },
            (0..12).collect(),
        )
        .unwrap();
        assert_eq!(results, (0..12).collect::<Vec<_>>());
        assert_eq!(most_at_once.into_inner(), 3);
    }

    #[test]
    #[should_panic(expected = "task 2 failed")]
    fn a_task_that_panics_makes_map_panic_with_its_message() {
        let _ = map_on_threads(
            3,
            |n: u32| {
                assert!(n != 2, "task {n} failed");
                n
            },
            vec![1, 2, 3],
        );
    }
}
