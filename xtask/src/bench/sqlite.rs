//! The SQLite part: the table and queries of the example sqlite_queries, in Rust (the bench
//! program, through that example's library) and in CPython (python/sqlite_queries.py, the
//! standard library's sqlite3). Filling the table, then the queries one after another, on pools
//! of 1, 2, ... threads with a connection each, and on the largest pool sharing one connection.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::plan::{Language, Part};
use super::report::{Run, SKIPPED, row, seconds};
use super::results::Key;
use super::variant_chart::{self, Bar};

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

impl Sizes {
    /// 10^6 rows: each query then walks 500,000 of them, about 20 ms of SQLite's work.
    pub fn full(cpus: usize) -> Sizes {
        Sizes {
            rows: 1_000_000,
            queries: 32,
            workers: (1..=cpus.max(2)).collect(),
        }
    }

    pub fn quick(cpus: usize) -> Sizes {
        Sizes {
            rows: 10_000,
            queries: 4,
            ..Sizes::full(cpus)
        }
    }

    /// The same flags for both programs.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let workers: Vec<String> = self.workers.iter().map(usize::to_string).collect();
        vec![
            ("--rows", self.rows.to_string()),
            ("--queries", self.queries.to_string()),
            ("--workers", workers.join(",")),
        ]
    }

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
fn speedup(run: &Run<'_>, key: &Key) -> Option<f64> {
    let sequential = Key::new(key.language, Part::Sqlite, VARIANTS[1]).workers(1);
    Some(run.results.median(&sequential)? / run.results.median(key)?)
}

/// The fastest way to run the queries (not the fill), and its median.
fn fastest(run: &Run<'_>, language: Language) -> Option<(Key, f64)> {
    keys(&run.sizes.sqlite, language)
        .into_iter()
        .skip(1)
        .filter_map(|key| Some((run.results.median(&key)?, key)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(median, key)| (key, median))
}

/// The section of results.md.
pub fn markdown(run: &Run<'_>) -> String {
    let sizes = &run.sizes.sqlite;
    let mut out = format!(
        "\n## SQLite queries (the example sqlite_queries)\n\nA temporary database of {} rows in \
         WAL mode (fill: creating and filling it), then {} queries one way, each the count and \
         sum of half the table's rows, every answer checked against the formula the data was \
         made by. Rust: rusqlite with the SQLite it compiles in; CPython: its sqlite3 module \
         with the system's SQLite. Speedup = one after another / this time.\n\n\
         | language | variant | threads | median | min | max | speedup |\n\
         |---|---|---|---|---|---|---|\n",
        sizes.rows, sizes.queries
    );
    for language in [Language::Rust, Language::CPython] {
        for key in keys(sizes, language) {
            let threads = key.workers.map_or(String::new(), |w| w.to_string());
            let speedup = match key.workers {
                Some(_) if key.variant != VARIANTS[1] => speedup(run, &key),
                _ => None,
            };
            let speedup = speedup.map_or(String::new(), |s| format!("{s:.2}x"));
            row(&mut out, run, &key, &[&key.variant, &threads], &[speedup]);
        }
    }
    out
}

/// The headline's rows: Rust's fastest way against CPython's, and the speedup on 2 threads.
pub fn headline(run: &Run<'_>) -> String {
    use Language::{CPython, Rust};
    let python = |cell: String| match run.python {
        true => cell,
        false => String::from(SKIPPED),
    };
    let way = |fastest: &Option<(Key, f64)>| match fastest {
        Some((key, median)) => format!("{} ({})", seconds(*median), label(key)),
        None => String::from("n/a"),
    };
    let times = |ratio: Option<f64>| ratio.map_or(String::from("n/a"), |r| format!("{r:.2}x"));
    let (rust, cpython) = (fastest(run, Rust), fastest(run, CPython));
    let ratio = rust.as_ref().zip(cpython.as_ref()).map(|(r, c)| c.1 / r.1);
    let on_two = |language| {
        speedup(
            run,
            &Key::new(language, Part::Sqlite, VARIANTS[2]).workers(2),
        )
    };
    format!(
        "| {} SQLite queries, the fastest way | {} | {} | {} | {} |\n\
         | SQLite queries on 2 threads, a connection each: speedup over one after another | {} \
         | {} | - | {} |\n",
        run.sizes.sqlite.queries,
        way(&rust),
        python(way(&cpython)),
        python(times(ratio)),
        target(run, "Rust faster", ratio.map(|r| r > 1.0)),
        times(on_two(Rust)),
        python(times(on_two(CPython))),
        target(run, "≥ 1.8x", on_two(Rust).map(|s| s >= 1.8)),
    )
}

/// "≥ 1.8x: met", or the target alone where a quick run's sizes are too small to judge by.
fn target(run: &Run<'_>, target: &str, met: Option<bool>) -> String {
    match met {
        _ if run.quick => target.to_owned(),
        Some(true) => format!("{target}: met"),
        Some(false) => format!("{target}: **missed**"),
        None => format!("{target}: n/a"),
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

/// sqlite.svg: a bar per way of running the queries, Rust's and CPython's, by median time.
pub fn chart(run: &Run<'_>, dir: &Path, machine: &str) -> Result<PathBuf, String> {
    let bars: Vec<Bar> = [Language::Rust, Language::CPython]
        .into_iter()
        .flat_map(|language| keys(&run.sizes.sqlite, language).into_iter().skip(1))
        .filter_map(|key| {
            Some(Bar {
                seconds: run.results.median(&key)?,
                label: format!("{}: {}", key.language.name(), label(&key)),
                language: key.language,
            })
        })
        .collect();
    let path = dir.join("sqlite.svg");
    let title = format!(
        "{} SQLite queries over {} rows each: time per way ({machine})",
        run.sizes.sqlite.queries,
        run.sizes.sqlite.rows / 2
    );
    variant_chart::time_per_variant(&bars, &title, &path)?;
    Ok(path)
}
