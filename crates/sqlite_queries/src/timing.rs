//! What keeps the timings honest: each way's answers checked, and a warning where a debug build
//! would time SQLite's unoptimised C.

use std::time::Instant;

use sqlite_queries::{Answers, Error, Ids};

/// Runs the queries one way, prints how long they took, and checks every answer.
pub fn timed(
    way: &str,
    queries: &[Ids],
    run: impl FnOnce() -> Result<Answers, Error>,
) -> Result<(), Error> {
    let start = Instant::now();
    let answers = run()?;
    println!("{way}: {:.2} s", start.elapsed().as_secs_f64());
    sqlite_queries::check(queries, &answers)
}

/// cc compiles SQLite's C with cargo's profile: in a debug build, without optimisations, and the
/// queries take about three times as long.
pub fn warn_if_unoptimized() {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: a debug build, SQLite's C included: its timings say little; use `cargo run --release`"
        );
    }
}
