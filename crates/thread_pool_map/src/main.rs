//! A pool of 3 worker threads runs a 1-second task on the inputs 1, 2 and 3. `map` hands the
//! results back in input order, and the three waits overlap: about 1 second in all, not 3.
//!
//! Rust port of "4. Concurrent Futures (Modern Way)" in *Multithreading & Multiprocessing Python*
//! (belajarpython.com). See README.md for how it maps to the Python original.

use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;
use rayon::prelude::*;

fn task(n: u32) -> String {
    thread::sleep(Duration::from_secs(1)); // stands in for waiting on I/O
    format!("Task {n} finished")
}

fn main() -> Result<(), worker_processes::Error> {
    // A worker process runs its task in here and exits: Python's `if __name__ == "__main__":`.
    worker_processes::init();
    let args = Args::parse();
    let start = Instant::now();

    let inputs = [1, 2, 3];
    let results: Vec<String> = if args.processes {
        // `with ProcessPoolExecutor(max_workers=3) as executor: executor.map(task, [1, 2, 3])`
        worker_processes::Pool::with_workers(3).map(task, inputs)?
    } else {
        // `with ThreadPoolExecutor(max_workers=3) as executor: executor.map(task, [1, 2, 3])`
        let executor = rayon::ThreadPoolBuilder::new().num_threads(3).build();
        let executor = executor.expect("the system starts 3 threads");
        executor.install(|| inputs.into_par_iter().map(task).collect())
    };
    for result in &results {
        println!("{result}");
    }

    println!("Time: {:.2} seconds", start.elapsed().as_secs_f64());
    let in_input_order = inputs.map(|n| format!("Task {n} finished"));
    assert_eq!(results, in_input_order, "map keeps input order");
    Ok(())
}

/// A pool of 3 workers maps a 1-second task over [1, 2, 3], keeping input order.
#[derive(Parser)]
struct Args {
    /// Run the tasks on a pool of 3 worker processes instead of 3 threads (the tutorial's
    /// "replace ThreadPoolExecutor with ProcessPoolExecutor")
    #[arg(long)]
    processes: bool,
}
