//! The headline: the figures the project has targets for, one table row each.

use std::fmt::Write as _;

use super::images::{self, NO_PILLOW};
use super::io_scale;
use super::plan::Language;
use super::report::{Run, SKIPPED, seconds, time};
use super::runtimes;
use super::sqlite;

/// The headline figures, as Markdown table rows (also the top of results.md).
pub fn headline(run: &Run<'_>) -> String {
    use Language::{CPython, Rust};
    let f = run.figures();
    let sizes = run.sizes;
    let python = |value: Option<String>| match (run.python, value) {
        (false, _) => String::from(SKIPPED),
        (true, value) => value.unwrap_or_else(|| String::from("n/a")),
    };
    let ratio = |rust: Option<f64>, cpython: Option<f64>| match (rust, cpython) {
        (Some(rust), Some(cpython)) => format!("{:.1}x", cpython / rust),
        _ => String::from("n/a"),
    };
    let met = |target: &str, value: Option<f64>, ok: fn(f64) -> bool| judge(run, target, value, ok);
    let mut table = String::from(
        "| figure | Rust | CPython | Rust vs CPython | target |\n|---|---|---|---|---|\n",
    );
    let mut row = |cells: [String; 5]| {
        let _ = writeln!(table, "| {} |", cells.join(" | "));
    };

    let (rust, cpython) = (
        f.per_element(Rust, "sequential", 1),
        f.per_element(CPython, "sequential", 1),
    );
    let speed = rust.zip(cpython).map(|(r, c)| c / r);
    row([
        String::from("sum of i*i, time per element, 1 thread"),
        time(rust),
        python(cpython.map(seconds)),
        python(Some(ratio(rust, cpython))),
        met("Rust ≥ 100x", speed, |s| s >= 100.0),
    ]);
    let cpython = f.per_call(CPython, "sequential");
    for (variant, how, target) in [
        ("sequential", "", Some("Rust ≥ 30x")),
        (
            "sequential, no overflow checks",
            ", no overflow checks (cargo's default release profile)",
            None,
        ),
    ] {
        let rust = f.per_call(Rust, variant);
        let speed = rust.zip(cpython).map(|(r, c)| c / r);
        row([
            format!("fibonacci({}), time per call, 1 thread{how}", sizes.fib_n),
            time(rust),
            python(cpython.map(seconds)),
            python(Some(ratio(rust, cpython))),
            target.map_or(String::from("-"), |target| {
                met(target, speed, |s| s >= 30.0)
            }),
        ]);
    }
    for variant in ["threads", "rayon", "processes"] {
        let rust = f.efficiency(Rust, variant, 2);
        let cpython = match variant {
            "rayon" => String::from("-"),
            _ => python(f.efficiency(CPython, variant, 2).map(|e| format!("{e:.2}"))),
        };
        row([
            format!("parallel efficiency at 2 workers, {variant}"),
            rust.map_or(String::from("n/a"), |e| format!("{e:.2}")),
            cpython,
            String::from("-"),
            met("≥ 0.9", rust, |e| e >= 0.9),
        ]);
    }
    let rust = f.start(Rust, "process");
    let methods: Vec<String> = ["fork", "spawn", "forkserver"]
        .iter()
        .filter_map(|method| {
            let median = f.start(CPython, &format!("process ({method})"))?;
            Some(format!("{method} {}", seconds(median)))
        })
        .collect();
    row([
        String::from("worker process start + join, median"),
        time(rust),
        python((!methods.is_empty()).then(|| methods.join(", "))),
        String::from("-"),
        met("≤ 2 ms", rust, |s| s <= 0.002),
    ]);
    // The target is for 1000 downloads; the bench also goes further (io_scale.rs).
    let count = sizes.largest_download_count().min(1000);
    let (rust, cpython) = (
        f.download(Rust, "thread per URL", count),
        f.download(CPython, "thread per URL", count),
    );
    row([
        format!(
            "{count} downloads at {} ms latency, one thread per URL",
            sizes.latency_ms
        ),
        time(rust),
        python(cpython.map(seconds)),
        python(Some(ratio(rust, cpython))),
        met("< 0.5 s", rust, |s| s < 0.5),
    ]);
    // The thumbnails: CPython's figures need Pillow too.
    let pillow = |value: Option<String>| match run.machine.pillow {
        None if run.python => String::from(NO_PILLOW),
        _ => python(value),
    };
    let (rust, cpython) = (images::fastest(&f, Rust), images::fastest(&f, CPython));
    let (rust, cpython) = (rust.map(|(_, t)| t), cpython.map(|(_, t)| t));
    row([
        format!("thumbnails of {} pictures, the fastest way", sizes.pictures),
        images::fastest_way(&f, Rust),
        pillow(Some(images::fastest_way(&f, CPython))),
        pillow(Some(ratio(rust, cpython))),
        met("Rust faster", rust.zip(cpython).map(|(r, c)| c / r), |s| {
            s > 1.0
        }),
    ]);
    row([
        String::from("thumbnails, speedup over one after another"),
        images::speedups(&f, Rust),
        pillow(Some(images::speedups(&f, CPython))),
        String::from("-"),
        met("rayon ≥ 1.8x", images::speedup(&f, Rust, "rayon"), |s| {
            s >= 1.8
        }),
    ]);
    for cells in io_scale::headline_rows(run, met) {
        row(cells);
    }
    super::crawl::headline(run).into_iter().for_each(row);
    table.push_str(&sqlite::headline(run));
    table.push_str(&runtimes::table(run));
    table
}

/// `target: met` or `target: **missed**`; the target alone in a quick run, whose sizes are too
/// small to judge a target by.
fn judge(run: &Run<'_>, target: &str, value: Option<f64>, ok: fn(f64) -> bool) -> String {
    match value {
        _ if run.quick => target.to_owned(),
        Some(value) if ok(value) => format!("{target}: met"),
        Some(_) => format!("{target}: **missed**"),
        None => format!("{target}: n/a"),
    }
}
