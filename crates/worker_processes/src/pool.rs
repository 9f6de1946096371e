//! A pool of worker processes with an ordered `map`.

use std::fmt::Debug;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::thread;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::{lines, process};

/// At most this many worker processes at a time: Python's `Pool(processes)` and
/// `ProcessPoolExecutor(max_workers)`.
///
/// Each task runs in a fresh process (Python's `maxtasksperchild=1`): a crash takes down one
/// task, never a worker that holds others, and starting a process costs about 1.4 ms (see
/// README.md), small next to work worth sending to another process.
#[derive(Clone, Copy, Debug)]
pub struct Pool {
    workers: usize,
}

impl Pool {
    /// One worker per CPU this program may use, as `Pool()` and `ProcessPoolExecutor()` do.
    /// (Python counts every CPU of the machine; `available_parallelism` also respects CPU
    /// affinity and container quotas.)
    pub fn new() -> Pool {
        let cpus = thread::available_parallelism().map_or(1, |cpus| cpus.get());
        Pool::with_workers(cpus)
    }

    /// # Panics
    ///
    /// If `workers` is 0, as Python raises `ValueError` for `max_workers=0`.
    pub fn with_workers(workers: usize) -> Pool {
        assert!(workers > 0, "a pool needs at least one worker process");
        Pool { workers }
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Runs `task` on every input in worker processes, at most [`workers`](Pool::workers) at a
    /// time, and returns the results in input order.
    ///
    /// A worker that dies mid-task (killed, out of memory) is reported on stderr and its task
    /// runs once more in a new process; if that one dies too, or a task panics, `map` starts
    /// no further tasks, waits for the running ones, and returns the first failure in input
    /// order, naming the task.
    pub fn map<A, R>(
        &self,
        task: fn(A) -> R,
        inputs: impl IntoIterator<Item = A>,
    ) -> Result<Vec<R>, Error>
    where
        A: Serialize + DeserializeOwned + Clone + Debug + Send + Sync + 'static,
        R: Serialize + DeserializeOwned + Send + 'static,
    {
        let inputs: Vec<A> = inputs.into_iter().collect();
        let outcomes: Vec<Mutex<Option<Result<R, Error>>>> =
            inputs.iter().map(|_| Mutex::new(None)).collect();
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        thread::scope(|scope| {
            for _ in 0..self.workers.min(inputs.len()) {
                // Each thread keeps one worker process busy: it starts one, waits, repeats.
                scope.spawn(|| {
                    while !failed.load(Ordering::SeqCst) {
                        let index = next.fetch_add(1, Ordering::SeqCst);
                        let Some(input) = inputs.get(index) else {
                            break;
                        };
                        let label = task_label(index, inputs.len(), input);
                        let outcome = run_with_one_retry(task, input, &label);
                        failed.fetch_or(outcome.is_err(), Ordering::SeqCst);
                        *lock(&outcomes[index]) = Some(outcome);
                    }
                });
            }
        });
        // Tasks start in input order, so after a failure only later inputs lack an outcome.
        outcomes
            .into_iter()
            .filter_map(|outcome| outcome.into_inner().unwrap_or_else(|p| p.into_inner()))
            .collect()
    }
}

impl Default for Pool {
    fn default() -> Pool {
        Pool::new()
    }
}

fn run_with_one_retry<A, R>(task: fn(A) -> R, input: &A, label: &str) -> Result<R, Error>
where
    A: Serialize + DeserializeOwned + Clone + Send + 'static,
    R: Serialize + DeserializeOwned + Send + 'static,
{
    let attempt = || {
        let name = process::next_name("PoolWorker");
        process::start(name, task, input.clone(), Stdio::null())
            .and_then(process::Process::join)
            .map_err(|error| error.in_task(label))
    };
    match attempt() {
        Err(error) if error.is_lost_worker() => {
            lines::report(&format!("{error}; running the task again in a new process"));
            attempt()
        }
        outcome => outcome,
    }
}

/// `task 2 of 4 (input 10000000)`, with long inputs cut short.
fn task_label(index: usize, count: usize, input: &impl Debug) -> String {
    const LONGEST: usize = 40;
    let mut shown = format!("{input:?}");
    if let Some((cut, _)) = shown.char_indices().nth(LONGEST) {
        shown.truncate(cut);
        shown.push_str("...");
    }
    format!("task {} of {count} (input {shown})", index + 1)
}

fn lock<T>(slot: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Only whole values are stored, so a poisoned slot is still consistent.
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_count_from_one_and_cut_long_inputs() {
        assert_eq!(task_label(1, 4, &10), "task 2 of 4 (input 10)");
        let long = task_label(0, 1, &"x".repeat(100));
        assert_eq!(long, format!("task 1 of 1 (input \"{}...)", "x".repeat(39)));
    }

    #[test]
    #[should_panic(expected = "at least one worker")]
    fn a_pool_without_workers_is_refused() {
        Pool::with_workers(0);
    }

    #[test]
    fn the_default_pool_has_one_worker_per_cpu() {
        let cpus = thread::available_parallelism().unwrap().get();
        assert_eq!(Pool::new().workers(), cpus);
    }
}
