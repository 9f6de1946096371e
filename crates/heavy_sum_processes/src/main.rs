//! Two worker processes each sum i*i for i below 10^7, in parallel on two cores; the parent
//! gets both sums back and checks them.
//!
//! Rust port of "3. Multiprocessing (For CPU Bound)" in *Multithreading & Multiprocessing
//! Python* (belajarpython.com). See README.md for how it maps to the Python original.

use std::hint::black_box;
use std::time::Instant;

use clap::Parser;

/// Two worker processes each sum the squares below N.
#[derive(Parser)]
struct Args {
    /// Each process sums i*i for every i below N
    #[arg(long, default_value_t = 10_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000_000))]
    n: u64,
}

fn heavy_square_calculation((number, n): (u32, u64)) -> u128 {
    println!("Process {number} starts...");
    let result = sum_of_squares_below(n);
    println!("Process {number} finished.");
    result
}

/// The sum needs u128: below 10^7 it is 333333283333335000000, more than u64 holds.
/// `black_box` on each term keeps LLVM from replacing the loop by the closed form below, which
/// would make the heavy work take no time (tests/optimizer.rs checks that it does not).
fn sum_of_squares_below(n: u64) -> u128 {
    (0..n).map(|i| u128::from(black_box(i)).pow(2)).sum()
}

/// n(n-1)(2n-1)/6, what the loop must add up to.
fn closed_form(n: u64) -> u128 {
    let n = u128::from(n);
    n * (n - 1) * (2 * n - 1) / 6
}

fn main() -> Result<(), worker_processes::Error> {
    // The `if __name__ == "__main__":` guard: a worker process runs its task in here and exits.
    worker_processes::init();
    let args = Args::parse();
    let start = Instant::now();

    // Each `spawn` is Python's `Process(target=..., args=...)` and `start()` in one.
    let p1 = worker_processes::spawn(heavy_square_calculation, (1, args.n))?;
    let p2 = worker_processes::spawn(heavy_square_calculation, (2, args.n))?;

    // Join both before looking at either, so one failure does not hide the other's output.
    let results = [p1.join(), p2.join()];

    let end = start.elapsed();
    for result in results {
        assert_eq!(result?, closed_form(args.n), "a worker summed wrong");
    }
    println!("Total time: {:.2} seconds", end.as_secs_f64());
    Ok(())
}
