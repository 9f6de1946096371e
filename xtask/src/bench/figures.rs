//! Figures derived from the medians: per element and per call, speedup and efficiency, and how
//! many times faster Rust is than CPython at the same work.

use super::plan::{Language, Part, Sizes};
use super::results::{Key, Results};
use super::{crawl, images};

pub struct Figures<'a> {
    pub results: &'a Results,
    pub sizes: &'a Sizes,
    /// Worker counts up to this are on CPUs of their own.
    pub cpus: usize,
    /// Whose CPython figures these are: `None` for the default `python3` (`Interpreter::tag`).
    pub interpreter: Option<&'a str>,
}

impl Figures<'_> {
    fn key(&self, language: Language, part: Part, variant: &str) -> Key {
        let interpreter = self.interpreter.filter(|_| language == Language::CPython);
        Key::new(language, part, variant).interpreter(interpreter)
    }

    fn sum_n(&self, language: Language) -> f64 {
        let sum = &self.sizes.sum;
        language.pick(sum.n_rust, sum.n_python) as f64
    }

    fn sum(&self, language: Language, variant: &str, workers: usize) -> Option<f64> {
        let key = self.key(language, Part::Sum, variant).workers(workers);
        self.results.median(&key)
    }

    fn fib(&self, language: Language, variant: &str) -> Option<f64> {
        self.results.median(&self.key(language, Part::Fib, variant))
    }

    /// Seconds per element of the sum, `workers` of `variant` sharing the work.
    pub fn per_element(&self, language: Language, variant: &str, workers: usize) -> Option<f64> {
        Some(self.sum(language, variant, workers)? / self.sum_n(language))
    }

    /// Seconds per fibonacci call, one after another.
    pub fn per_call(&self, language: Language, variant: &str) -> Option<f64> {
        Some(self.fib(language, variant)? / self.sizes.fib.calls as f64)
    }

    /// Sequential time over the time of `workers` workers of `variant`.
    pub fn speedup(&self, language: Language, variant: &str, workers: usize) -> Option<f64> {
        Some(self.sum(language, "sequential", 1)? / self.sum(language, variant, workers)?)
    }

    /// Speedup per worker: 1.0 is perfect.
    pub fn efficiency(&self, language: Language, variant: &str, workers: usize) -> Option<f64> {
        Some(self.speedup(language, variant, workers)? / workers as f64)
    }

    pub fn start(&self, language: Language, variant: &str) -> Option<f64> {
        self.results
            .median(&self.key(language, Part::Start, variant))
    }

    pub fn download(&self, language: Language, variant: &str, count: usize) -> Option<f64> {
        let key = self.key(language, Part::Download, variant).count(count);
        self.results.median(&key)
    }

    /// CPython's time over Rust's for the same work, like for like: how many times faster Rust
    /// is. Only what both languages measured.
    pub fn rust_vs_cpython(&self) -> Vec<(String, f64)> {
        use Language::{CPython, Rust};
        let sizes = self.sizes;
        let cpus = self.cpus.min(sizes.sum.max_workers);
        let fib = format!("fibonacci({}) x {}", sizes.fib.n, sizes.fib.calls);
        let count = sizes.downloads.most();
        let per_element = |variant, workers| {
            faster(
                self.per_element(Rust, variant, workers),
                self.per_element(CPython, variant, workers),
            )
        };
        let candidates = [
            (
                String::from("sum of squares, per element, 1 thread"),
                per_element("sequential", 1),
            ),
            (
                format!("fibonacci({}), per call, 1 thread", sizes.fib.n),
                faster(
                    self.per_call(Rust, "sequential"),
                    self.per_call(CPython, "sequential"),
                ),
            ),
            (
                format!("sum of squares, per element, {cpus} threads"),
                per_element("threads", cpus),
            ),
            (
                format!("sum of squares, per element, {cpus} processes"),
                per_element("processes", cpus),
            ),
            (
                format!("{fib} in threads"),
                faster(self.fib(Rust, "threads"), self.fib(CPython, "threads")),
            ),
            (
                format!("{fib} in processes"),
                faster(self.fib(Rust, "processes"), self.fib(CPython, "processes")),
            ),
            (
                String::from("process start + join (vs fork)"),
                faster(
                    self.start(Rust, "process"),
                    self.start(CPython, "process (fork)"),
                ),
            ),
            (
                String::from("process start + join (vs spawn)"),
                faster(
                    self.start(Rust, "process"),
                    self.start(CPython, "process (spawn)"),
                ),
            ),
            (
                format!("{count} downloads, thread per URL"),
                faster(
                    self.download(Rust, "thread per URL", count),
                    self.download(CPython, "thread per URL", count),
                ),
            ),
            (
                format!("crawl of {} pages, the fastest way", sizes.crawl.pages),
                faster(
                    crawl::fastest(self, Rust).map(|(_, time)| time),
                    crawl::fastest(self, CPython).map(|(_, time)| time),
                ),
            ),
            (
                format!("{} thumbnails, the fastest way each", sizes.images.pictures),
                faster(
                    images::fastest(self, Rust).map(|(_, time)| time),
                    images::fastest(self, CPython).map(|(_, time)| time),
                ),
            ),
        ];
        candidates
            .into_iter()
            .filter_map(|(label, ratio)| Some((label, ratio?)))
            .collect()
    }
}

/// How many times faster Rust is: CPython's time over Rust's.
pub fn faster(rust: Option<f64>, cpython: Option<f64>) -> Option<f64> {
    Some(cpython? / rust?)
}

/// The fastest of `ways` that were measured, with its median time.
pub fn fastest<W>(ways: impl IntoIterator<Item = (W, Option<f64>)>) -> Option<(W, f64)> {
    (ways.into_iter())
        .filter_map(|(way, time)| Some((way, time?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}
