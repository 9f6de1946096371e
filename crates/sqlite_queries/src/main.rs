//! Several queries on a real database, SQLite, embedded: one after another, then on a pool of
//! threads with a connection each, then on a pool sharing one connection behind a Mutex.
//!
//! Puts to work the "Database queries" row of the decision guide in *What is the difference
//! between Multithreading and Multiprocessing in Python?*. See README.md.

use std::num::NonZero;
use std::path::PathBuf;
use std::sync::Mutex;
use std::thread;
use std::time::Instant;

use clap::Parser;
use rusqlite::Connection;
use sqlite_queries::{Answers, Database, Error, Ids, on_a_pool, one_after_another, query};

fn main() -> Result<(), Error> {
    let args = Args::parse();
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: a debug build, SQLite's C included: its timings say little; use `cargo run --release`"
        );
    }
    let threads = match args.threads {
        Some(threads) => threads.into(),
        None => thread::available_parallelism().map_or(1, NonZero::get),
    };

    let start = Instant::now();
    let database = match &args.db {
        Some(path) => Database::open(path, args.rows)?,
        None => Database::temporary(args.rows)?,
    };
    println!("{database}: {:.2} s", start.elapsed().as_secs_f64());
    let queries = sqlite_queries::ranges(database.rows(), args.queries.into());
    let span = queries[0].end() - queries[0].start() + 1;
    println!("{} queries, each over {span} rows:", queries.len());

    timed("One after another", &queries, || {
        one_after_another(&database, &queries)
    })?;

    // The way to do it: every thread opens a connection of its own and uses it alone.
    let each = format!("{threads} threads, a connection each");
    timed(&each, &queries, || {
        on_a_pool(&queries, threads, || database.connect(), query)
    })?;

    // The trap: one connection behind a Mutex, shared by all the threads. A query holds the
    // lock as long as it runs, so the threads take turns.
    let shared = Mutex::new(database.connect()?);
    let lock_and_query =
        |shared: &&Mutex<Connection>, ids: &Ids| query(&shared.lock().unwrap(), ids);
    let one = format!("{threads} threads, one shared connection");
    timed(&one, &queries, || {
        on_a_pool(&queries, threads, || Ok(&shared), lock_and_query)
    })?;

    println!("Every answer matches the formula the data was made by");
    Ok(())
}

/// Runs the queries one way, prints how long they took, and checks every answer.
fn timed(
    way: &str,
    queries: &[Ids],
    run: impl FnOnce() -> Result<Answers, Error>,
) -> Result<(), Error> {
    let start = Instant::now();
    let answers = run()?;
    println!("{way}: {:.2} s", start.elapsed().as_secs_f64());
    sqlite_queries::check(queries, &answers)
}

/// Range aggregates on an SQLite database: one query after another, then on a pool of threads.
#[derive(Parser)]
struct Args {
    /// The database file [default: a temporary one, deleted at the end]. A new file gets the
    /// table `readings`, with --rows rows; a file that has it is queried as it is
    #[arg(long)]
    db: Option<PathBuf>,
    /// Rows of a new database
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(i64).range(1..=1_000_000_000))]
    rows: i64,
    /// Queries each way runs, each over half the table
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=10_000))]
    queries: u16,
    /// Threads in each pool [default: one per CPU]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}
