//! Several queries on a real database, SQLite, embedded: one after another, then on a pool of
//! threads with a connection each, then on a pool sharing one connection behind a Mutex.
//!
//! Puts to work the "Database queries" row of the decision guide in *What is the difference
//! between Multithreading and Multiprocessing in Python?*. See README.md.

mod args;
mod timing;

use std::sync::Mutex;
use std::time::Instant;

use clap::Parser;
use rusqlite::Connection;
use sqlite_queries::{Database, Error, Ids, on_a_pool, one_after_another, query};

use args::Args;
use timing::timed;

fn main() -> Result<(), Error> {
    let args = Args::parse();
    timing::warn_if_unoptimized();
    let threads = args.threads();

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
