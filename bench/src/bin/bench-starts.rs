//! `bench-starts`: start + join of a thread, then of a worker process, that do nothing. A
//! program of its own, as small as an example, since a worker's start re-executes its program
//! (see the library's documentation).

use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(
    about = "Start + join of a thread, then of a worker process, that do nothing, SAMPLES times each; one JSON line per start"
)]
struct Args {
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    samples: u32,
}

fn main() -> ExitCode {
    // A worker process runs its task in here and exits: Python's `__main__` guard.
    worker_processes::init();
    match bench::starts::thread_and_process(Args::parse().samples) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench-starts: {error}");
            ExitCode::FAILURE
        }
    }
}
