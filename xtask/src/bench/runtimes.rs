//! Rust and every CPython interpreter side by side on the CPU parts: which rows each runtime
//! has and what they are called, the table under the headline, the CPython lines of the
//! speedup chart, and the same figures for results.json.

use std::fmt::Write as _;

use plotters::style::RGBColor;
use serde_json::json;

use super::figures::faster;
use super::picture;
use super::plan::{Language, Part};
use super::python::Interpreter;
use super::report::{Run, or_na, seconds, time, times, two_places};
use super::results::Key;
use super::speedup_chart::Line;

/// The CPython lines of the speedup chart: threads of each interpreter, then the default's
/// processes (processes scale alike on every interpreter: each has its own).
const THREADS: [RGBColor; 4] = [
    RGBColor(0x8e, 0x5c, 0xa8),
    RGBColor(0xc2, 0x18, 0x5b),
    RGBColor(0x00, 0x89, 0x7b),
    RGBColor(0x5d, 0x40, 0x37),
];
const PROCESSES: RGBColor = RGBColor(0x9a, 0x7b, 0x1c);

/// The picture's target: the GIL's four tasks end this many times later than free-threaded ones.
const GIL_SLOWER_TARGET: f64 = 1.5;

impl Run<'_> {
    /// The runtimes with rows for `part`: Rust, the default `python3`, then the other
    /// interpreters where the part runs on each; as (language, interpreter tag).
    pub fn runtimes(&self, part: Part) -> Vec<(Language, Option<&str>)> {
        let more = self
            .interpreters
            .iter()
            .filter(|python| !python.default && part.on_every_interpreter())
            .map(|python| (Language::CPython, python.tag()));
        [(Language::Rust, None), (Language::CPython, None)]
            .into_iter()
            .chain(more)
            .collect()
    }

    /// The interpreter tagged `tag` (`None`: the default `python3`, if there is one).
    pub fn interpreter(&self, tag: Option<&str>) -> Option<&Interpreter> {
        self.interpreters.iter().find(|python| python.tag() == tag)
    }

    /// What a row calls a runtime: Rust, or the interpreter's label (plain `CPython` for the
    /// rows skipped without a `python3`).
    pub fn runtime_name(&self, language: Language, tag: Option<&str>) -> String {
        match (language, self.interpreter(tag)) {
            (Language::CPython, Some(python)) => python.label.clone(),
            _ => language.name().to_owned(),
        }
    }

    /// Worker counts the comparisons use: 2 on a 2-core machine.
    fn compared_workers(&self) -> usize {
        self.machine.logical_cpus.min(self.sizes.sum.max_workers)
    }
}

/// The table under the headline: each runtime's CPU figures, then what free threading costs
/// one thread and what it gains four, against the interpreters with a GIL. Empty without any
/// interpreter (the headline says so).
pub fn table(run: &Run<'_>) -> String {
    if run.interpreters.is_empty() {
        return String::new();
    }
    let workers = run.compared_workers();
    let fib = &run.sizes.fib;
    let mut out = format!(
        "\n| runtime | sum of i*i, per element, 1 thread | efficiency, {workers} threads | \
         efficiency, {workers} processes | fibonacci({0}), per call | fibonacci({0}) x {1} in \
         {1} threads | Rust is faster (per element, 1 thread) |\n|---|---|---|---|---|---|---|\n",
        fib.n, fib.calls
    );
    let rust = run.figures().per_element(Language::Rust, "sequential", 1);
    let efficiency = |e: Option<f64>| or_na(e.map(two_places));
    for (language, tag) in run.runtimes(Part::Sum) {
        if language == Language::CPython && run.interpreter(tag).is_none() {
            continue;
        }
        let f = run.figures_of(tag);
        let per_element = f.per_element(language, "sequential", 1);
        let rust_faster = match language {
            Language::Rust => String::from("-"),
            Language::CPython => or_na(faster(rust, per_element).map(|f| format!("{f:.0}x"))),
        };
        let fib_threads = run
            .results
            .median(&Key::new(language, Part::Fib, "threads").interpreter(tag));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {rust_faster} |",
            run.runtime_name(language, tag),
            time(per_element),
            efficiency(f.efficiency(language, "threads", workers)),
            efficiency(f.efficiency(language, "processes", workers)),
            time(f.per_call(language, "sequential")),
            time(fib_threads),
        );
    }
    let findings = free_threading(run);
    if !findings.is_empty() {
        out.push('\n');
        for finding in findings {
            let _ = writeln!(out, "- {finding}");
        }
    }
    out
}

/// For each free-threaded interpreter: its cost on one thread against the GIL build of the
/// same version, and how much later the four tasks end under each GIL than without one.
fn free_threading(run: &Run<'_>) -> Vec<String> {
    use Language::CPython;
    let per_element = |python: &Interpreter| {
        run.figures_of(python.tag())
            .per_element(CPython, "sequential", 1)
    };
    let per_call =
        |python: &Interpreter| run.figures_of(python.tag()).per_call(CPython, "sequential");
    let end = |python: &Interpreter| picture::end(run, CPython, python.tag(), "threads");
    // Tasks that end sooner show how long the workers took to start, not what the GIL does.
    let long_enough = |python| end(python).filter(|&end| end >= picture::LEAST_SECONDS);
    let ratio = |a: Option<f64>, b: Option<f64>| Some(a? / b?);
    let mut findings = Vec::new();
    for free in run.interpreters.iter().filter(|python| !python.gil) {
        let same_version = |python: &&Interpreter| python.gil && python.version == free.version;
        if let Some(gil) = run.interpreters.iter().find(same_version) {
            findings.push(format!(
                "free threading's cost on one thread: {} takes {} the time of {} per element \
                 of the sum, {} per fibonacci call",
                free.label,
                or_na(ratio(per_element(free), per_element(gil)).map(times)),
                gil.label,
                or_na(ratio(per_call(free), per_call(gil)).map(times)),
            ));
        }
        for gil in run.interpreters.iter().filter(|python| python.gil) {
            let later = ratio(long_enough(gil), long_enough(free));
            let target = run.judge(
                &format!("target ≥ {GIL_SLOWER_TARGET}x"),
                later.map(|later| later >= GIL_SLOWER_TARGET),
            );
            let later = match later {
                Some(later) => format!("{} as late with the GIL", times(later)),
                None => format!(
                    "how much later with the GIL: n/a, they took under {}",
                    seconds(picture::LEAST_SECONDS)
                ),
            };
            let tasks = run.sizes.picture.tasks;
            findings.push(format!(
                "{tasks} tasks in {tasks} threads, when the last ends: {} on {}, {} on {}; \
                 {later} ({target})",
                time(end(gil)),
                gil.label,
                time(end(free)),
                free.label,
            ));
        }
    }
    findings
}

/// The CPython lines of the speedup chart.
pub fn speedup_lines(run: &Run<'_>) -> Vec<Line> {
    let max_workers = run.sizes.sum.max_workers;
    let line = |tag: Option<&str>, variant: &str, colour| {
        let f = run.figures_of(tag);
        let points = (1..=max_workers)
            .filter_map(|w| Some((w as u32, f.speedup(Language::CPython, variant, w)?)))
            .collect();
        let name = run.runtime_name(Language::CPython, tag);
        (format!("{name}: {variant}"), colour, points)
    };
    let mut lines: Vec<Line> = run
        .interpreters
        .iter()
        .zip(THREADS.iter().cycle())
        .map(|(python, &colour)| line(python.tag(), "threads", colour))
        .collect();
    lines.push(line(None, "processes", PROCESSES));
    lines
}

/// Each interpreter with its figures, for results.json.
pub fn json(run: &Run<'_>) -> serde_json::Value {
    let workers = run.compared_workers();
    let interpreters: Vec<serde_json::Value> = run
        .interpreters
        .iter()
        .map(|python| {
            let f = run.figures_of(python.tag());
            json!({
                "interpreter": python,
                "sum_per_element_1_thread": f.per_element(Language::CPython, "sequential", 1),
                "fib_per_call_1_thread": f.per_call(Language::CPython, "sequential"),
                format!("efficiency_{workers}_threads"):
                    f.efficiency(Language::CPython, "threads", workers),
                format!("efficiency_{workers}_processes"):
                    f.efficiency(Language::CPython, "processes", workers),
            })
        })
        .collect();
    json!({ "interpreters": interpreters, "findings": free_threading(run) })
}
