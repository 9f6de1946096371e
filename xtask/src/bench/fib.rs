//! fibonacci(N) with T3's recursion, CALLS times: one after another (in Rust also with additions
//! unchecked for overflow), in a thread each, in a worker process each. Its sizes, its table and
//! its headline rows.

use serde::Serialize;

use super::figures::faster;
use super::headline::{Row, ratio};
use super::plan::{Inputs, Language, Part, PartSizes};
use super::report::{PartReport, Run, row, seconds, time, times};
use super::results::Key;

#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    #[serde(rename = "fib_n")]
    pub n: u32,
    #[serde(rename = "fib_calls")]
    pub calls: usize,
}

impl PartSizes for Sizes {
    fn full(_cpus: usize) -> Sizes {
        Sizes { n: 35, calls: 10 }
    }

    fn quick(_cpus: usize) -> Sizes {
        Sizes { n: 20, calls: 10 }
    }

    fn args(&self, _: Language, _: &Inputs<'_>) -> Vec<(&'static str, String)> {
        vec![
            ("--n", self.n.to_string()),
            ("--calls", self.calls.to_string()),
        ]
    }
}

pub struct Fib;

impl PartReport for Fib {
    /// Time per call against CPython's, with and without overflow checks.
    fn headline(&self, run: &Run<'_>) -> Vec<Row> {
        use Language::{CPython, Rust};
        let f = run.figures();
        let cpython = f.per_call(CPython, "sequential");
        let ways = [
            ("sequential", "", Some("Rust ≥ 30x")),
            (
                "sequential, no overflow checks",
                ", no overflow checks (cargo's default release profile)",
                None,
            ),
        ];
        (ways.into_iter())
            .map(|(variant, how, target)| {
                let rust = f.per_call(Rust, variant);
                let speed = faster(rust, cpython);
                [
                    format!(
                        "fibonacci({}), time per call, 1 thread{how}",
                        run.sizes.fib.n
                    ),
                    time(rust),
                    run.cpython(cpython.map(seconds)),
                    run.cpython(speed.map(ratio)),
                    target.map_or(String::from("-"), |target| {
                        run.judge(target, speed.map(|s| s >= 30.0))
                    }),
                ]
            })
            .collect()
    }

    fn section(&self, run: &Run<'_>) -> String {
        let sizes = &run.sizes.fib;
        let mut out = format!(
            "\n## fibonacci({0}), {1} calls\n\nOne after another, then {1} threads, then {1} \
             worker processes, one call each. The Rust builds here keep overflow checks on in \
             release mode; the row without them shows what they cost (cargo's default release \
             profile has them off).\n\n\
             | language | variant | median | min | max | speedup |\n|---|---|---|---|---|---|\n",
            sizes.n, sizes.calls
        );
        for (language, interpreter) in run.runtimes(Part::Fib) {
            let fib = |variant| Key::new(language, Part::Fib, variant).interpreter(interpreter);
            let sequential = run.results.median(&fib("sequential"));
            for &variant in Part::Fib.variants(language) {
                let key = fib(variant);
                let speedup = sequential
                    .zip(run.results.median(&key))
                    .map_or(String::new(), |(s, t)| times(s / t));
                row(&mut out, run, &key, &[variant], &[speedup]);
            }
        }
        out
    }
}
