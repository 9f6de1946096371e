//! The SQLite part: the example sqlite_queries's own table and queries (its library), timed.
//! Filling the table, then the queries one after another, on a pool of W threads with a
//! connection each, and on a pool sharing one connection behind a Mutex.

use std::sync::Mutex;

use sqlite_queries::{Answers, Database, Ids, check, on_a_pool, one_after_another, query};

use crate::Measurement;
use crate::measurement::timed;

/// A temporary database of `rows` rows, then `queries` queries each way: a connection each on
/// every pool size in `workers`, one shared connection on the largest.
pub fn measure(rows: i64, queries: usize, workers: &[u16]) -> Result<(), String> {
    let (database, seconds) = timed(|| Database::temporary(rows));
    let database = database.map_err(|e| e.to_string())?;
    Measurement::new("sqlite", "fill", seconds).print()?;
    let queries = sqlite_queries::ranges(database.rows(), queries);
    let record = |variant, workers, (answers, seconds): (Result<Answers, _>, f64)| {
        let answers = answers.and_then(|answers| check(&queries, &answers));
        answers.map_err(|e| format!("{variant} on {workers} threads: {e}"))?;
        Measurement::new("sqlite", variant, seconds)
            .workers(workers)
            .print()
    };
    let sequential = || one_after_another(&database, &queries);
    record("one after another", 1, timed(sequential))?;
    let workers: Vec<usize> = workers.iter().copied().map(usize::from).collect();
    for &threads in &workers {
        let each = || on_a_pool(&queries, threads, || database.connect(), query);
        record("threads, a connection each", threads, timed(each))?;
    }
    let threads = workers.iter().copied().max().unwrap_or(1);
    let shared = Mutex::new(database.connect().map_err(|e| e.to_string())?);
    let lock_and_query = |shared: &&Mutex<_>, ids: &Ids| query(&shared.lock().unwrap(), ids);
    let one = || on_a_pool(&queries, threads, || Ok(&shared), lock_and_query);
    record("threads, one shared connection", threads, timed(one))
}
