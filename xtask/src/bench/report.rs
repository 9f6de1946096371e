//! results.md (the tables) and results.json (everything, to compare runs).

use std::fmt::Write as _;

use serde_json::json;

use super::figures::Figures;
use super::headline::headline;
use super::images::{self, NO_PILLOW};
use super::io_scale;
use super::machine::Machine;
use super::plan::{Language, Part, Sizes};
use super::python::Interpreter;
use super::results::{Key, Results, Summary};
use super::sqlite;
use super::{picture, runtimes};

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
}

/// What a CPython cell says when there is no python3.
pub const SKIPPED: &str = "skipped: no python3";

/// The whole of results.md.
pub fn markdown(run: &Run<'_>) -> String {
    let sizes = run.sizes;
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

    let _ = write!(
        out,
        "\n## CPU scaling: the sum of i*i below N\n\nN = {} in Rust, {} in CPython. With W \
         workers each sums 1/W of the range; speedup = sequential time / this time, \
         efficiency = speedup / W. {} logical CPUs: beyond that, workers share them.\n\n",
        sizes.sum_n_rust, sizes.sum_n_python, run.machine.logical_cpus
    );
    out.push_str(
        "| language | variant | workers | median | min | max | speedup | efficiency |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for (language, interpreter) in run.runtimes(Part::Sum) {
        let f = run.figures_of(interpreter);
        for &variant in Part::Sum.variants(language) {
            let workers = match variant {
                "sequential" => 1..=1,
                _ => 1..=sizes.max_workers,
            };
            for w in workers {
                let key = Key::new(language, Part::Sum, variant)
                    .workers(w)
                    .interpreter(interpreter);
                let extra = match run.results.summary(&key) {
                    Some(_) if variant != "sequential" => [
                        f.speedup(language, variant, w)
                            .map_or(String::new(), |s| format!("{s:.2}x")),
                        f.efficiency(language, variant, w)
                            .map_or(String::new(), |e| format!("{e:.2}")),
                    ],
                    _ => [String::new(), String::new()],
                };
                row(&mut out, run, &key, &[variant, &w.to_string()], &extra);
            }
        }
    }

    let _ = write!(
        out,
        "\n## fibonacci({0}), {1} calls\n\nOne after another, then {1} threads, then {1} \
         worker processes, one call each. The Rust builds here keep overflow checks on in release \
         mode; the row without them shows what they cost (cargo's default release profile has \
         them off).\n\n\
         | language | variant | median | min | max | speedup |\n|---|---|---|---|---|---|\n",
        sizes.fib_n, sizes.fib_calls
    );
    for (language, interpreter) in run.runtimes(Part::Fib) {
        let fib = |variant| Key::new(language, Part::Fib, variant).interpreter(interpreter);
        let sequential = run.results.median(&fib("sequential"));
        for &variant in Part::Fib.variants(language) {
            let key = fib(variant);
            let speedup = sequential
                .zip(run.results.median(&key))
                .map_or(String::new(), |(s, t)| format!("{:.2}x", s / t));
            row(&mut out, run, &key, &[variant], &[speedup]);
        }
    }
    out.push_str(&picture::markdown(run));

    out.push_str(
        "\n## Start + join of a worker that does nothing\n\n\
         | language | worker | median | min | max | samples |\n|---|---|---|---|---|---|\n",
    );
    for language in [Language::Rust, Language::CPython] {
        for &variant in Part::Start.variants(language) {
            let key = Key::new(language, Part::Start, variant);
            let samples = run
                .results
                .summary(&key)
                .map_or(String::new(), |s| s.samples.to_string());
            row(&mut out, run, &key, &[variant], &[samples]);
        }
    }

    out.push_str(&io_scale::section(run));
    out.push_str(&sqlite::markdown(run));
    out.push_str(&super::crawl::section(run));
    out.push_str(&images::markdown(run));
    out
}

/// `| language | labels... | median | min | max | extra... |`, or the reason there is no figure.
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
    value.map_or(String::from("n/a"), seconds)
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
