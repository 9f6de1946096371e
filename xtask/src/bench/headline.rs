//! The headline: the figures the project has targets for, each part's rows in `Part::ALL`'s
//! order, then every runtime's CPU figures side by side (runtimes.rs); and the cells the rows
//! share.

use std::fmt::Write as _;

use super::plan::Part;
use super::report::{Run, SKIPPED, or_na, seconds};
use super::runtimes;

/// One row: the figure, Rust's value, CPython's, how many times faster Rust is, the target.
pub type Row = [String; 5];

/// The headline figures, as Markdown tables (also the top of results.md).
pub fn headline(run: &Run<'_>) -> String {
    let mut table = String::from(
        "| figure | Rust | CPython | Rust vs CPython | target |\n|---|---|---|---|---|\n",
    );
    for part in Part::ALL {
        for row in part.report().headline(run) {
            let _ = writeln!(table, "| {} |", row.join(" | "));
        }
    }
    table.push_str(&runtimes::table(run));
    table
}

impl Run<'_> {
    /// `target: met` or `target: **missed**` (or `n/a` without a figure); the target alone in a
    /// quick run, whose sizes are too small to judge a target by.
    pub fn judge(&self, target: &str, met: Option<bool>) -> String {
        match met {
            _ if self.quick => target.to_owned(),
            Some(true) => format!("{target}: met"),
            Some(false) => format!("{target}: **missed**"),
            None => format!("{target}: n/a"),
        }
    }

    /// A CPython cell: the value, `n/a` without one, or why there is no CPython at all.
    pub fn cpython(&self, value: Option<String>) -> String {
        match self.python {
            true => or_na(value),
            false => String::from(SKIPPED),
        }
    }
}

/// The Rust vs CPython cell: `12.3x`.
pub fn ratio(value: f64) -> String {
    format!("{value:.1}x")
}

/// The fastest way's cell: `38.9 ms (rayon)`.
pub fn fastest_way(fastest: Option<(impl AsRef<str>, f64)>) -> Option<String> {
    fastest.map(|(way, time)| format!("{} ({})", seconds(time), way.as_ref()))
}
