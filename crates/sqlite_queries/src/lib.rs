//! The queries and the ways to run them: one after another on one connection, or on a pool of
//! threads. main.rs is the program; the bench (`cargo xtask bench`) times these same ways.
//!
//! Every value in the table follows from its row's id, so each answer is checked against a
//! formula rather than against SQLite itself.

mod database;

use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use rusqlite::Connection;

pub use database::{Database, Error};

/// One query: how many rows, and the sum of their values, over a range of ids. The range is on
/// the primary key, so SQLite walks just those rows of the table's B-tree.
const QUERY: &str =
    "SELECT count(*), coalesce(sum(value), 0) FROM readings WHERE id BETWEEN ?1 AND ?2";

/// The ids one query covers, first and last included.
pub type Ids = RangeInclusive<i64>;

/// What one query found: the rows in its range and the sum of their values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    pub rows: i64,
    pub sum: i64,
}

/// Each answer with the number of its query.
pub type Answers = Vec<(usize, Answer)>;

/// Runs one query on `connection`.
pub fn query(connection: &Connection, ids: &Ids) -> Result<Answer, Error> {
    let answer = |row: &rusqlite::Row<'_>| {
        Ok(Answer {
            rows: row.get(0)?,
            sum: row.get(1)?,
        })
    };
    connection
        .query_row(QUERY, (ids.start(), ids.end()), answer)
        .map_err(|e| Error::new(format!("the query over ids {ids:?} failed: {e}")))
}

/// Every query in turn, on one connection.
pub fn one_after_another(database: &Database, queries: &[Ids]) -> Result<Answers, Error> {
    let connection = database.connect()?;
    let answer = |(i, ids)| Ok((i, query(&connection, ids)?));
    queries.iter().enumerate().map(answer).collect()
}

/// A pool of `threads` threads, ThreadPoolExecutor's way: each thread gets a connection from
/// `connect`, then takes the next query that no thread has taken yet and runs it with `run`,
/// until none is left.
pub fn on_a_pool<C>(
    queries: &[Ids],
    threads: usize,
    connect: impl Fn() -> Result<C, Error> + Sync,
    run: impl Fn(&C, &Ids) -> Result<Answer, Error> + Sync,
) -> Result<Answers, Error> {
    let next = AtomicUsize::new(0);
    let worker = || {
        let connection = connect()?;
        let mut answers = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(ids) = queries.get(i) else {
                return Ok(answers);
            };
            answers.push((i, run(&connection, ids)?));
        }
    };
    let answers = thread::scope(|s| {
        let workers: Vec<_> = (0..threads).map(|_| s.spawn(worker)).collect();
        let answers = workers.into_iter().map(|w| w.join().unwrap());
        answers.collect::<Result<Vec<Answers>, Error>>()
    });
    Ok(answers?.concat())
}

/// The value stored in row `id`: a reading that cycles through 0..1000.
pub fn value_of(id: i64) -> i64 {
    id % 1000
}

/// What a query over `ids` must find, from the closed form of the data: the values of ids
/// 0..n add up to 499500 for each full cycle of 1000, plus 0 + 1 + ... + (r - 1) for the rest.
pub fn expected(ids: &Ids) -> Answer {
    let below = |n: i64| (n / 1000) * 499_500 + (n % 1000) * (n % 1000 - 1) / 2;
    Answer {
        rows: ids.end() - ids.start() + 1,
        sum: below(ids.end() + 1) - below(*ids.start()),
    }
}

/// Checks that every query has one answer, and that each is what the formula says.
pub fn check(queries: &[Ids], answers: &[(usize, Answer)]) -> Result<(), Error> {
    let mut answered = vec![false; queries.len()];
    for &(i, answer) in answers {
        let ids = &queries[i];
        let expected = expected(ids);
        if answer != expected {
            return Err(Error::new(format!(
                "the query over ids {ids:?} found {} rows summing to {}, where this program's \
                 data has {} rows summing to {}: the table holds other data",
                answer.rows, answer.sum, expected.rows, expected.sum
            )));
        }
        answered[i] = true;
    }
    match answered.iter().position(|&done| !done) {
        Some(i) => Err(Error::new(format!("query {i} got no answer"))),
        None => Ok(()),
    }
}

/// `count` ranges of ids over a table of `rows` rows, each covering half of it, their starts
/// spread evenly from the first row to the middle.
pub fn ranges(rows: i64, count: usize) -> Vec<Ids> {
    let span = (rows / 2).max(1);
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    (0..count)
        .map(|k| {
            let first = 1 + (rows - span) * k / count;
            first..=first + span - 1
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_adds_up_the_values() {
        for (first, last) in [(1, 1), (1, 999), (1, 1000), (998, 2003), (5, 123_456)] {
            let rows = last - first + 1;
            let sum = (first..=last).map(value_of).sum();
            assert_eq!(expected(&(first..=last)), Answer { rows, sum });
        }
    }

    #[test]
    fn ranges_cover_half_the_table_from_the_start_to_the_middle() {
        assert_eq!(ranges(1000, 4), [1..=500, 126..=625, 251..=750, 376..=875]);
        assert_eq!(ranges(1, 3), [1..=1, 1..=1, 1..=1]);
    }

    #[test]
    fn a_wrong_or_missing_answer_fails_the_check() {
        let queries = ranges(1000, 2);
        let right: Answers = queries.iter().map(expected).enumerate().collect();
        assert!(check(&queries, &right).is_ok());
        let mut wrong = right.clone();
        wrong[1].1.sum += 1;
        assert!(check(&queries, &wrong).is_err());
        assert!(check(&queries, &right[..1]).is_err());
    }
}
