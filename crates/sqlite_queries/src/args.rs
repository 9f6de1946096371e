//! The command line: the database, its size, the queries and the threads.

use std::num::NonZero;
use std::path::PathBuf;
use std::thread;

use clap::Parser;

/// Range aggregates on an SQLite database: one query after another, then on a pool of threads.
#[derive(Parser)]
pub struct Args {
    /// The database file [default: a temporary one, deleted at the end]. A new file gets the
    /// table `readings`, with --rows rows; a file that has it is queried as it is
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Rows of a new database
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(i64).range(1..=1_000_000_000))]
    pub rows: i64,
    /// Queries each way runs, each over half the table
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=10_000))]
    pub queries: u16,
    /// Threads in each pool [default: one per CPU]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}

impl Args {
    /// `--threads`, or one per CPU.
    pub fn threads(&self) -> usize {
        match self.threads {
            Some(threads) => threads.into(),
            None => thread::available_parallelism().map_or(1, NonZero::get),
        }
    }
}
