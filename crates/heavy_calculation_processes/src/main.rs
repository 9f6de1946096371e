//! Two worker processes, named as Python names them, each sum i*i for i below 10^7 and print
//! their name and result; the parent checks both results.
//!
//! Rust port of "Basic Multiprocessing Example" in *What is the difference between
//! Multithreading and Multiprocessing in Python?*. See README.md for how it maps to the Python
//! original.

use std::hint::black_box;
use std::time::Instant;

use clap::Parser;

/// Two named worker processes each sum the squares below N.
#[derive(Parser)]
struct Args {
    /// Each process sums i*i for every i below N
    #[arg(long, default_value_t = 10_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000_000))]
    n: u64,
}

/// CPU-intensive task.
fn heavy_calculation(n: u64) -> u128 {
    let result = sum_of_squares_below(n);
    let name = worker_processes::current_process_name();
    println!("Process {name}: Result = {result}");
    result
}

/// u128, because the sum below 10^7 does not fit in u64. `black_box` on each term keeps LLVM
/// from replacing the loop by the closed form (tests/optimizer.rs checks that it does not).
fn sum_of_squares_below(n: u64) -> u128 {
    (0..n).map(|i| u128::from(black_box(i)).pow(2)).sum()
}

fn main() -> Result<(), worker_processes::Error> {
    // The `if __name__ == "__main__":` guard: a worker process runs its task in here and exits.
    worker_processes::init();
    let args = Args::parse();
    let start = Instant::now();

    // Named `Process-1` and `Process-2` in the order they start, as Python names them.
    let p1 = worker_processes::spawn(heavy_calculation, args.n)?;
    let p2 = worker_processes::spawn(heavy_calculation, args.n)?;

    let results = [p1.join(), p2.join()];

    let elapsed = start.elapsed();
    let n = u128::from(args.n);
    for result in results {
        assert_eq!(
            result?,
            n * (n - 1) * (2 * n - 1) / 6,
            "a worker summed wrong"
        );
    }
    println!("Total time: {:.2}s", elapsed.as_secs_f64());
    Ok(())
}
