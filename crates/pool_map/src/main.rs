//! `Pool().map` over four tasks that each take a second, with one worker process per CPU: the
//! tasks run in rounds of as many as there are workers.
//!
//! Rust port of "Real-World Use Case with Multiprocessing" in *Python Multithreading vs
//! Multiprocessing: A Beginner's Guide*. See README.md for how it maps to the Python original.

use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use worker_processes::Pool;

/// Four 1-second tasks on a pool of worker processes.
#[derive(Parser)]
struct Args {
    /// Worker processes in the pool [default: one per CPU, as Python's Pool()]
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    workers: Option<u32>,
}

fn heavy_task(n: u64) -> u64 {
    thread::sleep(Duration::from_secs(1)); // stands in for a second of work
    n * n
}

fn main() -> Result<(), worker_processes::Error> {
    // The tutorial's version has no `if __name__ == "__main__":` guard and works only where
    // Python forks; this is the guard: a worker process runs its task in here and exits.
    worker_processes::init();
    let args = Args::parse();
    let pool = match args.workers {
        Some(workers) => Pool::with_workers(workers as usize),
        None => Pool::new(),
    };
    let inputs = [1, 2, 3, 4];
    let start = Instant::now();

    let results = pool.map(heavy_task, inputs)?;
    println!("{results:?}");

    // Added in Rust: four tasks on W workers take ceil(4 / W) rounds of one second each.
    println!("Time: {:.2} seconds", start.elapsed().as_secs_f64());
    assert_eq!(results, [1, 4, 9, 16], "a result is wrong or out of order");
    Ok(())
}
