//! Start + join of a worker that does nothing: a thread, and a worker process (in CPython, with
//! each start method). Its sizes, its table and its headline row.

use serde::Serialize;

use super::headline::Row;
use super::plan::{Inputs, Language, Part, PartSizes};
use super::report::{PartReport, Run, row, seconds, time};
use super::results::Key;

/// Start + join samples per kind of worker.
#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    #[serde(rename = "start_samples_rust")]
    pub samples_rust: usize,
    #[serde(rename = "start_samples_python")]
    pub samples_python: usize,
}

impl PartSizes for Sizes {
    fn full(_cpus: usize) -> Sizes {
        Sizes {
            samples_rust: 100,
            samples_python: 20,
        }
    }

    fn quick(_cpus: usize) -> Sizes {
        Sizes {
            samples_rust: 5,
            samples_python: 3,
        }
    }

    fn args(&self, language: Language, _: &Inputs<'_>) -> Vec<(&'static str, String)> {
        let samples = language.pick(self.samples_rust, self.samples_python);
        vec![("--samples", samples.to_string())]
    }
}

pub struct Starts;

impl PartReport for Starts {
    /// A worker process's start + join, beside CPython's with each start method.
    fn headline(&self, run: &Run<'_>) -> Vec<Row> {
        let f = run.figures();
        let rust = f.start(Language::Rust, "process");
        let methods: Vec<String> = ["fork", "spawn", "forkserver"]
            .iter()
            .filter_map(|method| {
                let median = f.start(Language::CPython, &format!("process ({method})"))?;
                Some(format!("{method} {}", seconds(median)))
            })
            .collect();
        vec![[
            String::from("worker process start + join, median"),
            time(rust),
            run.cpython((!methods.is_empty()).then(|| methods.join(", "))),
            String::from("-"),
            run.judge("≤ 2 ms", rust.map(|s| s <= 0.002)),
        ]]
    }

    fn section(&self, run: &Run<'_>) -> String {
        let mut out = String::from(
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
        out
    }
}
