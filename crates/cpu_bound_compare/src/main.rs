//! fibonacci(35) ten times: in ten threads, then in ten worker processes, then one call after
//! another. With no GIL, the threads are as fast as the processes.
//!
//! Rust port of the CPU-bound program in *Multithreading vs Multiprocessing in Python, and when
//! to use which!*. See README.md for how it maps to the Python original.

mod checks;
mod work; // the tutorial's fibonacci, alone in a file that tests/optimizer.rs can compile

use std::thread;
use std::time::Instant;

use clap::Parser;
use worker_processes::{Error, Process};

use work::fibonacci;

/// fibonacci(N) ten times: in ten threads, in ten processes, and one call after another.
#[derive(Parser)]
struct Args {
    /// Which Fibonacci number each call computes; one more takes 1.6 times as long
    #[arg(long, default_value_t = 35, value_parser = clap::value_parser!(u64).range(1..=93))]
    n: u64,
}

fn cpu_bound_with_threads(num_threads: usize, n: u64) -> Vec<u64> {
    let start_time = Instant::now();
    let results = thread::scope(|s| {
        let threads: Vec<_> = (0..num_threads).map(|_| s.spawn(|| fibonacci(n))).collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {num_threads} threads: {total} seconds");
    results
}

fn cpu_bound_with_processes(num_processes: usize, n: u64) -> Result<Vec<u64>, Error> {
    let start_time = Instant::now();
    let processes = (0..num_processes)
        .map(|_| worker_processes::spawn(fibonacci, n))
        .collect::<Result<Vec<_>, _>>()?;
    // A worker that fails ends the run here; the others are killed as they are dropped.
    let results = processes
        .into_iter()
        .map(Process::join)
        .collect::<Result<Vec<_>, _>>()?;
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {num_processes} processes: {total} seconds");
    Ok(results)
}

fn cpu_bound_one_after_another(calls: usize, n: u64) -> Vec<u64> {
    let start_time = Instant::now();
    let results = work::one_after_another(calls, n);
    let total = start_time.elapsed().as_secs_f64();
    println!("Total time with {calls} calls one after another: {total} seconds");
    results
}

fn main() -> Result<(), Error> {
    // The `if __name__ == "__main__":` guard: a worker process runs its task in here and exits.
    worker_processes::init();
    let args = Args::parse();
    checks::warn_if_unoptimized();
    let num_threads = 10;
    let num_processes = 10;

    let mut results = cpu_bound_with_threads(num_threads, args.n);
    results.extend(cpu_bound_with_processes(num_processes, args.n)?);
    results.extend(cpu_bound_one_after_another(10, args.n));

    // Python throws the results away; here each one is checked, so none of the work can be skipped.
    let expected = checks::fibonacci_by_loop(args.n);
    assert!(results.iter().all(|&r| r == expected), "wrong: {results:?}");
    Ok(())
}
