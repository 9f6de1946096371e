//! What every part adds to the report (`PartReport`), results.md (the tables, part by part)
//! and results.json (everything, to compare runs), and the cells the tables share.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::figures::Figures;
use super::headline::{Row, headline};
use super::images::NO_PILLOW;
use super::machine::Machine;
use super::plan::{Language, Part, Sizes};
use super::python::Interpreter;
use super::results::{Key, Results, Summary};
use super::{crawl, fib, images, io_scale, picture, runtimes, sqlite, starts, sum};

/// What a bench run knows when it writes its report.
pub struct Run<'a> {
    pub machine: &'a Machine,
    pub command: &'a str,
    pub runs: usize,
    pub quick: bool,
    pub sizes: &'a Sizes,
    pub results: &'a Results,
    pub python: bool,
    /// Every CPython interpreter measured, the default `python3` first when there is one.
    pub interpreters: &'a [Interpreter],
}

impl Run<'_> {
    /// The figures of Rust and of the default `python3`.
    pub fn figures(&self) -> Figures<'_> {
        self.figures_of(None)
    }

    /// The figures of Rust and of the CPython interpreter tagged `interpreter`.
    pub fn figures_of<'b>(&'b self, interpreter: Option<&'b str>) -> Figures<'b> {
        Figures {
            results: self.results,
            sizes: self.sizes,
            cpus: self.machine.logical_cpus,
            interpreter,
        }
    }

    /// A chart's title: `what`, and the machine it was measured on.
    pub fn chart_title(&self, what: &str) -> String {
        let machine = self.machine;
        format!(
            "{what} ({}, {} logical CPUs)",
            machine.cpu, machine.logical_cpus
        )
    }
}

/// What a part adds to the report; each part's module has one (sum.rs, fib.rs, picture.rs,
/// starts.rs, io_scale.rs, sqlite.rs, crawl.rs, images.rs), and the report takes them in
/// `Part::ALL`'s order.
pub trait PartReport {
    /// Its rows of the headline: the figures it has targets for.
    fn headline(&self, _run: &Run<'_>) -> Vec<Row> {
        Vec::new()
    }

    /// Its section of results.md.
    fn section(&self, run: &Run<'_>) -> String;

    /// The charts it draws in `dir`.
    fn charts(&self, _run: &Run<'_>, _dir: &Path) -> Result<Vec<PathBuf>, String> {
        Ok(Vec::new())
    }
}

impl Part {
    /// Where the part's headline rows, section and charts come from.
    pub fn report(self) -> &'static dyn PartReport {
        match self {
            Part::Sum => &sum::Sum,
            Part::Fib => &fib::Fib,
            Part::Progress => &picture::Picture,
            Part::Start => &starts::Starts,
            Part::Download => &io_scale::Downloads,
            Part::Sqlite => &sqlite::Sqlite,
            Part::Crawl => &crawl::Crawl,
            Part::Images => &images::Thumbnails,
        }
    }
}

/// What a CPython cell says when there is no python3.
pub const SKIPPED: &str = "skipped: no python3";

/// The whole of results.md.
pub fn markdown(run: &Run<'_>) -> String {
    let mut out = String::from("# Benchmark results\n\n");
    let _ = writeln!(out, "- Machine: {}", run.machine.describe());
    if let Some(load) = run.machine.describe_load() {
        let _ = writeln!(out, "- Load: {load}");
    }
    let _ = writeln!(
        out,
        "- Command: `{}`: {}; median, min and max over the runs (start + join: over every \
         start of every run)",
        run.command,
        match run.quick {
            true =>
                String::from("one run at small sizes, a smoke test: do not quote these figures"),
            false => format!("{} runs", run.runs),
        }
    );
    out.push_str("\n## Headline\n\n");
    out.push_str(&headline(run));

    for part in Part::ALL {
        out.push_str(&part.report().section(run));
    }
    out
}

/// `| runtime | labels... | median | min | max | extra... |`, or the reason there is no figure.
pub fn row(out: &mut String, run: &Run<'_>, key: &Key, labels: &[&str], extra: &[String]) {
    let figures = match run.results.summary(key) {
        Some(Summary {
            median, min, max, ..
        }) => [median, min, max].map(seconds).join(" | "),
        None if key.language == Language::CPython
            && run.interpreter(key.interpreter.as_deref()).is_none() =>
        {
            format!("{SKIPPED} | | ")
        }
        None if key.part == Part::Images.id()
            && key.language == Language::CPython
            && run.machine.pillow.is_none() =>
        {
            format!("{NO_PILLOW} | | ")
        }
        None if run.results.failures(key).is_some() => String::from("failed | | "),
        None => String::from("not measured here | | "),
    };
    let extra: String = extra.iter().map(|cell| format!(" {cell} |")).collect();
    let _ = writeln!(
        out,
        "| {} | {} | {figures} |{extra}",
        run.runtime_name(key.language, key.interpreter.as_deref()),
        labels.join(" | ")
    );
}

/// results.json: the machine, the settings, every sample and its summary, the Rust/CPython
/// ratios and the efficiency at 2 workers.
pub fn json(run: &Run<'_>) -> serde_json::Value {
    let measurements: Vec<serde_json::Value> = run
        .results
        .keys()
        .map(|key| {
            json!({
                "key": key,
                "summary": run.results.summary(key),
                "samples": run.results.samples(key),
                "io": run.results.io(key),
            })
        })
        .collect();
    let ratios: serde_json::Map<String, serde_json::Value> = run
        .figures()
        .rust_vs_cpython()
        .into_iter()
        .map(|(label, ratio)| (label, json!(ratio)))
        .collect();
    let f = run.figures();
    let efficiency: serde_json::Map<String, serde_json::Value> =
        [Language::Rust, Language::CPython]
            .into_iter()
            .flat_map(|language| {
                let f = &f;
                Part::Sum
                    .variants(language)
                    .iter()
                    .filter(|&&variant| variant != "sequential")
                    .filter_map(move |&variant| {
                        let efficiency = f.efficiency(language, variant, 2)?;
                        Some((format!("{} {variant}", language.name()), json!(efficiency)))
                    })
            })
            .collect();
    let failed: Vec<serde_json::Value> = run
        .results
        .all_failures()
        .map(|(key, why)| json!({ "key": key, "failed": why }))
        .collect();
    json!({
        "machine": run.machine,
        "command": run.command,
        "runs": run.runs,
        "quick": run.quick,
        "sizes": run.sizes,
        "measurements": measurements,
        "failed": failed,
        "rust_vs_cpython": ratios,
        "efficiency_at_2_workers": efficiency,
        "cpython_interpreters": runtimes::json(run),
        "picture": picture::json(run),
    })
}

/// 0.25 s, 12.3 ms, 45.6 µs, 0.49 ns: three significant digits in a readable unit.
pub fn seconds(value: f64) -> String {
    let (scaled, unit) = match value {
        v if v >= 1.0 => (v, "s"),
        v if v >= 1e-3 => (v * 1e3, "ms"),
        v if v >= 1e-6 => (v * 1e6, "µs"),
        v => (v * 1e9, "ns"),
    };
    let digits = match scaled {
        s if s >= 100.0 => 0,
        s if s >= 10.0 => 1,
        _ => 2,
    };
    format!("{scaled:.digits$} {unit}")
}

pub fn time(value: Option<f64>) -> String {
    or_na(value.map(seconds))
}

/// `1.95x`: a speedup, or how many times as long.
pub fn times(value: f64) -> String {
    format!("{value:.2}x")
}

/// `0.93`: an efficiency.
pub fn two_places(value: f64) -> String {
    format!("{value:.2}")
}

/// The value, or `n/a` where there is none.
pub fn or_na(value: Option<String>) -> String {
    value.unwrap_or_else(|| String::from("n/a"))
}

#[cfg(test)]
mod tests {
    use super::seconds;

    #[test]
    fn times_read_well() {
        assert_eq!(seconds(0.251), "251 ms");
        assert_eq!(seconds(3.27), "3.27 s");
        assert_eq!(seconds(0.00141), "1.41 ms");
        assert_eq!(seconds(0.0000456), "45.6 µs");
        assert_eq!(seconds(4.9e-10), "0.49 ns");
    }
}
