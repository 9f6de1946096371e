//! The command line: how many children, how many increments each, and whether they lock.

use clap::Parser;
use serde::{Deserialize, Serialize};

/// Child processes share a queue, a counter and an array with the parent.
#[derive(Parser, Clone, Copy, Serialize, Deserialize)]
pub struct Args {
    /// How many child processes to start; each takes one item from the queue
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i32).range(1..=100))]
    pub processes: i32,
    /// How many times each child increments the counter
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i32).range(1..=10_000_000))]
    pub increments: i32,
    /// Increment as `counter.value += 1` does without `get_lock()`, and count the lost updates
    #[arg(long)]
    pub no_lock: bool,
}
