//! A pool of four worker processes sums i*i below each of four sizes; `map` hands the results
//! back in input order.
//!
//! Rust port of "Using ProcessPoolExecutor" in *What is the difference between Multithreading
//! and Multiprocessing in Python?*. See README.md for how it maps to the Python original.

use std::hint::black_box;
use std::time::Instant;

use clap::Parser;
use worker_processes::Pool;

/// Four worker processes map a heavy sum over four sizes.
#[derive(Parser)]
struct Args {
    /// Multiply every size by K, to make the work long enough to watch
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    scale: u64,
}

/// Simulate heavy computation.
fn cpu_intensive_task(n: u64) -> u128 {
    // u128: the sum below 10^7 does not fit in u64. `black_box` on each term keeps LLVM from
    // replacing the loop by a formula (tests/optimizer.rs checks that it does not).
    (0..n).map(|i| u128::from(black_box(i)).pow(2)).sum()
}

fn main() -> Result<(), worker_processes::Error> {
    // The `if __name__ == "__main__":` guard: a worker process runs its task in here and exits.
    worker_processes::init();
    let args = Args::parse();
    let numbers = [1_000_000, 10_000_000, 1_000_000, 10_000_000].map(|n| n * args.scale);

    let start = Instant::now();

    // ProcessPoolExecutor(max_workers=4) and executor.map: results come in input order.
    let results = Pool::with_workers(4).map(cpu_intensive_task, numbers)?;

    println!("Results: {results:?}");
    println!("Time: {:.2}s", start.elapsed().as_secs_f64());

    let expected = numbers.map(|n| u128::from(n) * u128::from(n - 1) * u128::from(2 * n - 1) / 6);
    assert_eq!(results, expected, "a result is wrong or out of order");
    Ok(())
}
