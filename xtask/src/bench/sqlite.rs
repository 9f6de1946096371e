//! The SQLite part: the table and queries of the example sqlite_queries, in Rust (the bench
//! program, through that example's library) and in CPython (python/sqlite_queries.py, the
//! standard library's sqlite3). Filling the table, then the queries one after another, on pools
//! of 1, 2, ... threads with a connection each, and on the largest pool sharing one connection.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::bar_chart;
use super::figures::{self, Figures, faster};
use super::headline::{Row, fastest_way, ratio};
use super::plan::{Inputs, Language, Part, PartSizes};
use super::report::{PartReport, Run, or_na, row, times};
use super::results::Key;

/// The part's variants, in the order the tables show them.
pub const VARIANTS: [&str; 4] = [
    "fill",
    "one after another",
    "threads, a connection each",
    "threads, one shared connection",
];

#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    pub rows: u64,
    /// Each query covers half the table.
    pub queries: usize,
    /// The pools with a connection each; the one shared connection goes with the largest.
    pub workers: Vec<usize>,
}

impl PartSizes for Sizes {
    /// 10^6 rows: each query then walks 500,000 of them, about 20 ms of SQLite's work.
    fn full(cpus: usize) -> Sizes {
        Sizes {
            rows: 1_000_000,
            queries: 32,
            workers: (1..=cpus.max(2)).collect(),
        }
    }

    fn quick(cpus: usize) -> Sizes {
        Sizes {
            rows: 10_000,
            queries: 4,
            ..Sizes::full(cpus)
        }
    }

    /// The same flags for both programs.
    fn args(&self, _: Language, _: &Inputs<'_>) -> Vec<(&'static str, String)> {
        let workers: Vec<String> = self.workers.iter().map(usize::to_string).collect();
        vec![
            ("--rows", self.rows.to_string()),
            ("--queries", self.queries.to_string()),
            ("--workers", workers.join(",")),
        ]
    }
}

impl Sizes {
    fn most_workers(&self) -> usize {
        self.workers.iter().copied().max().unwrap_or(1)
    }
}

/// Every key the part measures in `language`, in table order.
fn keys(sizes: &Sizes, language: Language) -> Vec<Key> {
    let key = |variant| Key::new(language, Part::Sqlite, variant);
    let mut keys = vec![key(VARIANTS[0]), key(VARIANTS[1]).workers(1)];
    keys.extend(sizes.workers.iter().map(|&w| key(VARIANTS[2]).workers(w)));
    keys.push(key(VARIANTS[3]).workers(sizes.most_workers()));
    keys
}

/// The time one after another over the time of `key`.
fn speedup(f: &Figures<'_>, key: &Key) -> Option<f64> {
    let sequential = Key::new(key.language, Part::Sqlite, VARIANTS[1]).workers(1);
    Some(f.results.median(&sequential)? / f.results.median(key)?)
}

/// Each way to run the queries (not the fill), and its median time.
fn ways(f: &Figures<'_>, language: Language) -> Vec<(String, Option<f64>)> {
    (keys(&f.sizes.sqlite, language).into_iter().skip(1))
        .map(|key| (label(&key), f.results.median(&key)))
        .collect()
}

/// The fastest way to run the queries, and its median time.
fn fastest(f: &Figures<'_>, language: Language) -> Option<(String, f64)> {
    figures::fastest(ways(f, language))
}

pub struct Sqlite;

impl PartReport for Sqlite {
    /// Rust's fastest way against CPython's, and the speedup on 2 threads.
    fn headline(&self, run: &Run<'_>) -> Vec<Row> {
        use Language::{CPython, Rust};
        let f = run.figures();
        let (rust, cpython) = (fastest(&f, Rust), fastest(&f, CPython));
        let speed = faster(rust.as_ref().map(|r| r.1), cpython.as_ref().map(|c| c.1));
        let on_two = |language| {
            speedup(
                &f,
                &Key::new(language, Part::Sqlite, VARIANTS[2]).workers(2),
            )
        };
        vec![
            [
                format!(
                    "{} SQLite queries, the fastest way",
                    run.sizes.sqlite.queries
                ),
                or_na(fastest_way(rust)),
                run.cpython(fastest_way(cpython)),
                run.cpython(speed.map(ratio)),
                run.judge("Rust faster", speed.map(|s| s > 1.0)),
            ],
            [
                String::from(
                    "SQLite queries on 2 threads, a connection each: speedup over one after another",
                ),
                or_na(on_two(Rust).map(times)),
                run.cpython(on_two(CPython).map(times)),
                String::from("-"),
                run.judge("≥ 1.8x", on_two(Rust).map(|s| s >= 1.8)),
            ],
        ]
    }

    fn section(&self, run: &Run<'_>) -> String {
        let sizes = &run.sizes.sqlite;
        let mut out = format!(
            "\n## SQLite queries (the example sqlite_queries)\n\nA temporary database of {} rows \
             in WAL mode (fill: creating and filling it), then {} queries one way, each the count \
             and sum of half the table's rows, every answer checked against the formula the data \
             was made by. Rust: rusqlite with the SQLite it compiles in; CPython: its sqlite3 \
             module with the system's SQLite. Speedup = one after another / this time.\n\n\
             | language | variant | threads | median | min | max | speedup |\n\
             |---|---|---|---|---|---|---|\n",
            sizes.rows, sizes.queries
        );
        let f = run.figures();
        for language in [Language::Rust, Language::CPython] {
            for key in keys(sizes, language) {
                let threads = key.workers.map_or(String::new(), |w| w.to_string());
                let speedup = match key.workers {
                    Some(_) if key.variant != VARIANTS[1] => speedup(&f, &key),
                    _ => None,
                };
                let speedup = speedup.map_or(String::new(), times);
                row(&mut out, run, &key, &[&key.variant, &threads], &[speedup]);
            }
        }
        out
    }

    /// sqlite.svg: a bar per way of running the queries, Rust's and CPython's.
    fn charts(&self, run: &Run<'_>, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let f = run.figures();
        let path = dir.join("sqlite.svg");
        let what = format!(
            "{} SQLite queries over {} rows each: time per way",
            run.sizes.sqlite.queries,
            run.sizes.sqlite.rows / 2
        );
        let title = run.chart_title(&what);
        bar_chart::time_per_way(|language| ways(&f, language), &title, &path)?;
        Ok(vec![path])
    }
}

/// "2 threads, a connection each", "1 thread, a connection each", "one after another".
fn label(key: &Key) -> String {
    match (key.workers, key.variant.strip_prefix("threads")) {
        (Some(1), Some(rest)) => format!("1 thread{rest}"),
        (Some(w), Some(rest)) => format!("{w} threads{rest}"),
        _ => key.variant.clone(),
    }
}
