//! The heavy sum of squares, split across processes that may run on different machines: each
//! process sums i*i over its own share of 0..n, and the partial sums meet in process 0 through
//! timely dataflow.
//!
//! Goes beyond "3. Multiprocessing (For CPU Bound)" in *Multithreading & Multiprocessing
//! Python* (belajarpython.com). See README.md for running it on several machines.

mod cluster;
mod lost;
mod mesh;

use std::hint::black_box;
use std::ops::Range;
use std::process::ExitCode;

use clap::Parser;
use timely::WorkerConfig;
use timely::dataflow::operators::capture::Event;
use timely::dataflow::operators::vec::Map;
use timely::dataflow::operators::{Capture, Exchange, ToStream};

use cluster::Started;
use mesh::Network;

/// Sums i*i for every i below N, split across processes on this machine or on several.
#[derive(Parser)]
struct Args {
    /// Sum i*i for every i below N
    #[arg(long, default_value_t = 10_000_000,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000_000_000))]
    n: u64,
    #[command(flatten)]
    cluster: cluster::Options,
}

/// What one process summed: its number, its share of 0..n, the sum of i*i over that share.
type PartialSum = (usize, Range<u64>, u128);

/// `black_box` on each term keeps LLVM from replacing the loop by the closed form.
fn sum_of_squares(range: Range<u64>) -> u128 {
    range.map(|i| u128::from(black_box(i)).pow(2)).sum()
}

/// Process `process`'s share of 0..n: contiguous, and sizes differ by 1 at most.
fn share(n: u64, process: usize, processes: usize) -> Range<u64> {
    // In u128, n * k cannot overflow; each bound is at most n, so it fits back in u64.
    let bound = |k: usize| (u128::from(n) * k as u128 / processes as u128) as u64;
    bound(process)..bound(process + 1)
}

/// n(n-1)(2n-1)/6, what the partial sums must add up to.
fn closed_form(n: u64) -> u128 {
    let n = u128::from(n);
    n * (n - 1) * (2 * n - 1) / 6
}

fn main() -> ExitCode {
    // timely's network threads panic when a process is lost (the run cannot go on): report it
    // in one line and exit 1. Before `init`, so that the processes `--local` starts do so too.
    lost::report_a_lost_process_and_exit();
    // `--local` starts the other processes as workers of this same program: in them, `init`
    // runs their part (`run`, from the cluster module) and exits.
    worker_processes::init();
    let args = Args::parse();
    let joined = cluster::join(&args.cluster, args.n);
    match joined.and_then(|(network, started)| run(network, started, args.n)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What every process does once connected: its share of the sum; process 0 also reports.
fn run(network: Network, started: Started, n: u64) -> Result<(), String> {
    let process = network.0;
    let sums = sum_across(network, n)?;
    if process == 0 {
        for (process, range, sum) in &sums {
            let (start, end) = (range.start, range.end);
            println!("Process {process} summed [{start}, {end}): {sum}");
        }
        let total: u128 = sums.iter().map(|(_, _, sum)| sum).sum();
        assert_eq!(total, closed_form(n), "the partial sums do not add up");
        println!("Total: {total}");
    }
    started
        .into_iter()
        .try_for_each(|process| process.join().map_err(|e| e.to_string())?)
}

/// The dataflow. One worker thread per process, so worker i is process i: it sums its share,
/// and `exchange` sends every partial sum to worker 0, over TCP from the other processes.
/// Returns what reached this process: in process 0 every partial sum, in process order.
fn sum_across(network: Network, n: u64) -> Result<Vec<PartialSum>, String> {
    let (builders, network) = network.into_timely()?;
    let config = WorkerConfig::default();
    let workers = timely::execute::execute_from(builders, network, config, move |worker| {
        let (process, processes) = (worker.index(), worker.peers());
        worker.dataflow::<(), _, _>(|scope| {
            Some(share(n, process, processes))
                .to_stream(scope)
                .container::<Vec<_>>()
                .map(move |range| (process, range.clone(), sum_of_squares(range)))
                .exchange(|_| 0)
                .capture()
        })
    })?;
    let mut sums = Vec::new();
    for captured in workers.join() {
        for event in captured? {
            if let Event::Messages(_, batch) = event {
                sums.extend(batch);
            }
        }
    }
    sums.sort_by_key(|(process, _, _)| *process);
    Ok(sums)
}
