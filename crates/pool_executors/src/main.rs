//! The same `map` on a pool of threads, then on a pool of worker processes.
//!
//! Rust port of "ThreadPoolExecutor vs ProcessPoolExecutor" in *Python Multithreading vs
//! Multiprocessing: A Beginner's Guide*. See README.md for how it maps to the Python original.

use std::error::Error;
use std::thread;

use rayon::prelude::*;
use worker_processes::Pool;

fn task(n: u64) -> u64 {
    n * n
}

/// `ThreadPoolExecutor()`'s default size: min(32, CPUs + 4).
fn default_thread_workers() -> usize {
    let cpus = thread::available_parallelism().map_or(1, |cpus| cpus.get());
    (cpus + 4).min(32)
}

fn main() -> Result<(), Box<dyn Error>> {
    // The tutorial's version has no `if __name__ == "__main__":` guard and works only where
    // Python forks; this is the guard: a worker process runs its task in here and exits.
    worker_processes::init();
    let inputs = [1, 2, 3];

    // Thread pool
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(default_thread_workers())
        .build()?;
    let from_threads: Vec<u64> = threads.install(|| inputs.par_iter().map(|&n| task(n)).collect());
    println!("{from_threads:?}");

    // Process pool: one worker process per CPU, as ProcessPoolExecutor() has.
    let from_processes = Pool::new().map(task, inputs)?;
    println!("{from_processes:?}");

    assert_eq!(from_threads, [1, 4, 9], "the thread pool lost the order");
    assert_eq!(from_processes, from_threads, "the pools disagree");
    Ok(())
}
