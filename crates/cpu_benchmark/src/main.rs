//! The same CPU-bound task, four times over: one after another, in four threads, in four worker
//! processes, and on rayon's thread pool. With no GIL, the threads are as fast as the processes.
//!
//! Rust port of "Performance Comparison" in *What is the difference between Multithreading and
//! Multiprocessing in Python?*. See README.md for how it maps to the Python original.

mod checks;

use std::hint::black_box;
use std::thread;
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;
use worker_processes::Pool;

/// Times a sum of squares run one task after another, in threads, in processes and with rayon.
#[derive(Parser)]
struct Args {
    /// How many tasks each way runs; threads and processes get one each
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    tasks: u16,
    /// Each task sums i*i for every i below N
    #[arg(long, default_value_t = 10_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000_000))]
    n: u64,
}

/// CPU-bound: the sum of squares below n. `black_box` on each term keeps LLVM from replacing the
/// loop by the formula in checks.rs (tests/optimizer.rs checks that it does not).
fn cpu_task(n: u64) -> u128 {
    (0..n).map(|i| u128::from(black_box(i)).pow(2)).sum()
}

fn main() -> Result<(), worker_processes::Error> {
    // The `if __name__ == "__main__":` guard: a worker process runs its task in here and exits.
    worker_processes::init();
    let args = Args::parse();
    checks::warn_if_unoptimized();
    let (n, tasks) = (args.n, usize::from(args.tasks));

    // Sequential
    let start = Instant::now();
    let sequential: Vec<u128> = (0..tasks).map(|_| cpu_task(n)).collect();
    let sequential_time = start.elapsed().as_secs_f64();

    // Threaded: ThreadPoolExecutor(max_workers=tasks) gives each task its own thread
    let start = Instant::now();
    let threaded: Vec<u128> = thread::scope(|s| {
        let threads: Vec<_> = (0..tasks).map(|_| s.spawn(|| cpu_task(n))).collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let threaded_time = start.elapsed().as_secs_f64();

    // Multiprocessing: ProcessPoolExecutor(max_workers=tasks) and its map
    let start = Instant::now();
    let processes = Pool::with_workers(tasks).map(cpu_task, vec![n; tasks])?;
    let process_time = start.elapsed().as_secs_f64();

    // Rayon, Rust's usual way: a parallel iterator on a pool of one thread per CPU
    let start = Instant::now();
    let rayon: Vec<u128> = vec![n; tasks].into_par_iter().map(cpu_task).collect();
    let rayon_time = start.elapsed().as_secs_f64();

    println!("CPU-Bound Results:");
    println!(" Sequential: {sequential_time:.2}s");
    println!(" Threaded: {threaded_time:.2}s");
    println!(" Multiprocessing: {process_time:.2}s");
    println!(" Rayon: {rayon_time:.2}s");

    // Python throws the sums away; here each one is checked, so none of the work can be skipped.
    let expected = vec![checks::sum_of_squares_below(n); tasks];
    for results in [sequential, threaded, processes, rayon] {
        assert_eq!(results, expected, "a task summed wrong");
    }
    Ok(())
}
