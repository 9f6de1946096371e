//! The CPU-bound parts: the sum of squares with 1, 2, ... workers, and fibonacci calls.

use std::hint::black_box;
use std::thread;

use rayon::prelude::*;
use worker_processes::Pool;

use crate::measurement::timed;
use crate::work::{expected_fibonacci, expected_sum_below, fibonacci as fib, split, square};
use crate::{Measurement, work};

/// The sum of i*i below `n`, sequential and then with 1..=`max_workers` workers of each kind.
/// The work is the same every time; with W workers each sums 1/W of the range.
pub fn sum(n: u64, max_workers: usize) -> Result<(), String> {
    let expected = expected_sum_below(n);
    let record = |variant, workers, (total, seconds): (Result<u128, String>, f64)| {
        let total = total?;
        if total != expected {
            return Err(format!(
                "{variant} with {workers} workers summed {total}, not {expected}"
            ));
        }
        Measurement::new("sum", variant, seconds)
            .workers(workers)
            .print()
    };
    record("sequential", 1, timed(|| Ok(work::sum_of_squares(0..n))))?;
    for workers in 1..=max_workers {
        // The kinds take turns, so that a change in the machine's load hits all of them.
        record("threads", workers, timed(|| Ok(in_threads(n, workers))))?;
        record("rayon", workers, timed(|| in_rayon(n, workers)))?;
        record("processes", workers, timed(|| in_processes(n, workers)))?;
    }
    Ok(())
}

fn in_threads(n: u64, workers: usize) -> u128 {
    thread::scope(|scope| {
        let threads: Vec<_> = split(n, workers)
            .into_iter()
            .map(|range| scope.spawn(|| work::sum_of_squares(range)))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("a summing thread panicked"))
            .sum()
    })
}

/// Rayon splits the range itself, as `par_iter` users let it. Over a `usize` range: rayon's
/// `Range<u64>` is not an indexed iterator (its length might not fit a 32-bit `usize`), and its
/// loop ran about 10 % slower than the plain one here, on one thread or two; over `usize` it
/// runs as fast.
fn in_rayon(n: u64, workers: usize) -> Result<u128, String> {
    let n = usize::try_from(n).map_err(|_| format!("{n} terms are more than rayon can index"))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .map_err(|e| format!("cannot start rayon's {workers} threads: {e}"))?;
    // usize is at most 64 bits wide, so `as u64` loses nothing.
    Ok(pool.install(|| (0..n).into_par_iter().map(|i| square(i as u64)).sum()))
}

fn in_processes(n: u64, workers: usize) -> Result<u128, String> {
    let parts = Pool::with_workers(workers)
        .map(work::sum_of_squares, split(n, workers))
        .map_err(|e| e.to_string())?;
    Ok(parts.into_iter().sum())
}

/// fibonacci(`n`) `calls` times: one after another, then each call in its own thread, then each
/// in its own worker process.
pub fn fibonacci(n: u32, calls: usize) -> Result<(), String> {
    let expected = expected_fibonacci(n).ok_or(format!("fibonacci({n}) exceeds u64"))?;
    let record = |variant, (results, seconds): (Result<Vec<u64>, String>, f64)| {
        let results = results?;
        if results.len() != calls || results.iter().any(|&result| result != expected) {
            return Err(format!(
                "{variant}: fibonacci({n}) gave {results:?}, not {calls} x {expected}"
            ));
        }
        Measurement::new("fib", variant, seconds).print()
    };
    // `black_box(n)`: each call must really run, not reuse the first one's result.
    let one_after_another =
        |function: fn(u32) -> u64| Ok((0..calls).map(|_| function(black_box(n))).collect());
    record("sequential", timed(|| one_after_another(fib)))?;
    let unchecked = || one_after_another(work::fibonacci_unchecked);
    record("sequential, no overflow checks", timed(unchecked))?;
    record("threads", timed(|| Ok(fib_in_threads(n, calls))))?;
    let in_processes = || fib_in_processes(n, calls).map_err(|e| e.to_string());
    record("processes", timed(in_processes))?;
    Ok(())
}

fn fib_in_threads(n: u32, calls: usize) -> Vec<u64> {
    thread::scope(|scope| {
        let threads: Vec<_> = (0..calls)
            .map(|_| scope.spawn(|| fib(black_box(n))))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("a fibonacci thread panicked"))
            .collect()
    })
}

/// All the processes start before the first is joined, so that they run at the same time.
fn fib_in_processes(n: u32, calls: usize) -> Result<Vec<u64>, worker_processes::Error> {
    let processes = (0..calls)
        .map(|_| worker_processes::spawn(fib, n))
        .collect::<Result<Vec<_>, _>>()?;
    processes
        .into_iter()
        .map(worker_processes::Process::join)
        .collect()
}
