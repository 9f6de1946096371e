//! Figures derived from the medians: per element and per call, speedup and efficiency, and how
//! many times faster Rust is than CPython at the same work.

use super::images;
use super::plan::{Language, Part, Sizes};
use super::results::{Key, Results};

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
        match language {
            Language::Rust => self.sizes.sum_n_rust as f64,
            Language::CPython => self.sizes.sum_n_python as f64,
        }
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
        Some(self.fib(language, variant)? / self.sizes.fib_calls as f64)
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
        let both = |rust: Option<f64>, cpython: Option<f64>| Some(cpython? / rust?);
        let cpus = self.cpus.min(self.sizes.max_workers);
        let fib = format!("fibonacci({}) x {}", self.sizes.fib_n, self.sizes.fib_calls);
        let count = self.sizes.largest_download_count();
        let per_element = |variant, workers| {
            both(
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
                format!("fibonacci({}), per call, 1 thread", self.sizes.fib_n),
                both(
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
                both(self.fib(Rust, "threads"), self.fib(CPython, "threads")),
            ),
            (
                format!("{fib} in processes"),
                both(self.fib(Rust, "processes"), self.fib(CPython, "processes")),
            ),
            (
                String::from("process start + join (vs fork)"),
                both(
                    self.start(Rust, "process"),
                    self.start(CPython, "process (fork)"),
                ),
            ),
            (
                String::from("process start + join (vs spawn)"),
                both(
                    self.start(Rust, "process"),
                    self.start(CPython, "process (spawn)"),
                ),
            ),
            (
                format!("{count} downloads, thread per URL"),
                both(
                    self.download(Rust, "thread per URL", count),
                    self.download(CPython, "thread per URL", count),
                ),
            ),
            (
                format!("crawl of {} pages, the fastest way", self.sizes.crawl.pages),
                both(
                    self.fastest_crawl(Rust).map(|(time, _)| time),
                    self.fastest_crawl(CPython).map(|(time, _)| time),
                ),
            ),
            (
                format!("{} thumbnails, the fastest way each", self.sizes.pictures),
                both(
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
