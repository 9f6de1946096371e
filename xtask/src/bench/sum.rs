//! The sum of i*i below N (T1's task): one after another, then with 1, 2, ... workers as
//! threads, rayon and worker processes, each worker summing 1/W of the range. Its sizes, its
//! table of speedups, its headline rows and the speedup chart.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::figures::faster;
use super::headline::{Row, ratio};
use super::plan::{Inputs, Language, Part, PartSizes};
use super::report::{PartReport, Run, or_na, row, seconds, time, times, two_places};
use super::results::Key;
use super::{runtimes, speedup_chart};

#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    /// 1, 2, ... this many workers: the CPUs, and at least 4 (T1's tasks).
    pub max_workers: usize,
    /// The sum of i*i below this, in Rust...
    #[serde(rename = "sum_n_rust")]
    pub n_rust: u64,
    /// ... and in CPython, about a hundred times slower per element.
    #[serde(rename = "sum_n_python")]
    pub n_python: u64,
}

impl PartSizes for Sizes {
    /// Each of the `max_workers` tasks takes about 0.1 s or more in either language on this
    /// project's machines; CPython's N is 10^7 with 4 workers, T1's size.
    fn full(cpus: usize) -> Sizes {
        Sizes::per_worker(cpus, 250_000_000, 2_500_000)
    }

    fn quick(cpus: usize) -> Sizes {
        Sizes::per_worker(cpus, 1_000_000, 10_000)
    }

    fn args(&self, language: Language, _: &Inputs<'_>) -> Vec<(&'static str, String)> {
        vec![
            ("--n", language.pick(self.n_rust, self.n_python).to_string()),
            ("--max-workers", self.max_workers.to_string()),
        ]
    }
}

impl Sizes {
    /// N grows with the workers, so that each of the most workers' tasks keeps its size.
    fn per_worker(cpus: usize, rust: u64, python: u64) -> Sizes {
        let max_workers = cpus.max(4);
        Sizes {
            max_workers,
            n_rust: rust * max_workers as u64,
            n_python: python * max_workers as u64,
        }
    }
}

pub struct Sum;

impl PartReport for Sum {
    /// Time per element against CPython's, and the parallel efficiency at 2 workers.
    fn headline(&self, run: &Run<'_>) -> Vec<Row> {
        use Language::{CPython, Rust};
        let f = run.figures();
        let (rust, cpython) = (
            f.per_element(Rust, "sequential", 1),
            f.per_element(CPython, "sequential", 1),
        );
        let speed = faster(rust, cpython);
        let mut rows = vec![[
            String::from("sum of i*i, time per element, 1 thread"),
            time(rust),
            run.cpython(cpython.map(seconds)),
            run.cpython(speed.map(ratio)),
            run.judge("Rust ≥ 100x", speed.map(|s| s >= 100.0)),
        ]];
        rows.extend(["threads", "rayon", "processes"].map(|variant| {
            let rust = f.efficiency(Rust, variant, 2);
            let cpython = match variant {
                "rayon" => String::from("-"),
                _ => run.cpython(f.efficiency(CPython, variant, 2).map(two_places)),
            };
            [
                format!("parallel efficiency at 2 workers, {variant}"),
                or_na(rust.map(two_places)),
                cpython,
                String::from("-"),
                run.judge("≥ 0.9", rust.map(|e| e >= 0.9)),
            ]
        }));
        rows
    }

    fn section(&self, run: &Run<'_>) -> String {
        let sizes = &run.sizes.sum;
        let mut out = format!(
            "\n## CPU scaling: the sum of i*i below N\n\nN = {} in Rust, {} in CPython. With W \
             workers each sums 1/W of the range; speedup = sequential time / this time, \
             efficiency = speedup / W. {} logical CPUs: beyond that, workers share them.\n\n\
             | language | variant | workers | median | min | max | speedup | efficiency |\n\
             |---|---|---|---|---|---|---|---|\n",
            sizes.n_rust, sizes.n_python, run.machine.logical_cpus
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
                            f.speedup(language, variant, w).map_or(String::new(), times),
                            (f.efficiency(language, variant, w)).map_or(String::new(), two_places),
                        ],
                        _ => [String::new(), String::new()],
                    };
                    row(&mut out, run, &key, &[variant, &w.to_string()], &extra);
                }
            }
        }
        out
    }

    /// speedup.svg: a line per kind of worker and runtime.
    fn charts(&self, run: &Run<'_>, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let path = dir.join("speedup.svg");
        let title = run.chart_title("Sum of squares: speedup against workers");
        let lines = runtimes::speedup_lines(run);
        speedup_chart::draw(&run.figures(), lines, &title, &path)?;
        Ok(vec![path])
    }
}
