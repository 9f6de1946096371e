//! The crawl part: mixed work, the crawl_pipeline example's. Pages of generated articles are
//! fetched from a site of their own at a short latency and parsed, one after another, in two
//! phases and pipelined; its section of results.md, its headline rows and its chart.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::bar_chart;
use super::figures::{self, Figures, faster};
use super::headline::{Row, fastest_way, ratio};
use super::plan::{Inputs, Language, Part, PartSizes};
use super::report::{PartReport, Run, or_na, row, times};
use super::results::Key;

/// The crawl's sizes. Its own site answers after `latency_ms`, short enough that one page after
/// another still takes seconds, not minutes; with `threads` fetching, the pages arrive a little
/// slower than two CPUs parse them in Rust, so that both stages take real time and overlapping
/// them shows.
#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    pub pages: u32,
    pub threads: usize,
    pub latency_ms: u64,
}

impl PartSizes for Sizes {
    /// The example's own run: 100 articles, 8 threads (Scrapy's default number of requests at
    /// once to one site), 20 ms.
    fn full(_cpus: usize) -> Sizes {
        Sizes {
            pages: 100,
            threads: 8,
            latency_ms: 20,
        }
    }

    fn quick(cpus: usize) -> Sizes {
        Sizes {
            pages: 16,
            ..Sizes::full(cpus)
        }
    }

    /// The same flags for both programs.
    fn args(&self, _: Language, inputs: &Inputs<'_>) -> Vec<(&'static str, String)> {
        vec![
            ("--site", inputs.crawl_site.to_string()),
            ("--pages", self.pages.to_string()),
            ("--threads", self.threads.to_string()),
        ]
    }
}

/// The ways, in the order both programs run them.
pub const VARIANTS: [&str; 3] = ["one after another", "fetch all, then analyse", "pipelined"];

fn key(sizes: &Sizes, language: Language, variant: &str) -> Key {
    Key::new(language, Part::Crawl, variant).count(sizes.pages as usize)
}

fn median(f: &Figures<'_>, language: Language, variant: &str) -> Option<f64> {
    f.results.median(&key(&f.sizes.crawl, language, variant))
}

/// Each way and its median time.
fn ways(f: &Figures<'_>, language: Language) -> Vec<(&'static str, Option<f64>)> {
    (VARIANTS.iter())
        .map(|&way| (way, median(f, language, way)))
        .collect()
}

/// The fastest way, and its median time.
pub fn fastest(f: &Figures<'_>, language: Language) -> Option<(&'static str, f64)> {
    figures::fastest(ways(f, language))
}

/// How many times faster than one after another a way is.
fn speedup(f: &Figures<'_>, language: Language, variant: &str) -> Option<f64> {
    Some(median(f, language, VARIANTS[0])? / median(f, language, variant)?)
}

pub struct Crawl;

impl PartReport for Crawl {
    /// Rust's fastest way against CPython's, and each language's pipelined way against its one
    /// after another.
    fn headline(&self, run: &Run<'_>) -> Vec<Row> {
        use Language::{CPython, Rust};
        let f = run.figures();
        let pages = run.sizes.crawl.pages;
        let (rust, cpython) = (fastest(&f, Rust), fastest(&f, CPython));
        let speed = faster(rust.map(|r| r.1), cpython.map(|c| c.1));
        let pipelined = |language| speedup(&f, language, "pipelined");
        vec![
            [
                format!("crawl of {pages} pages, the fastest way"),
                or_na(fastest_way(rust)),
                run.cpython(fastest_way(cpython)),
                run.cpython(speed.map(ratio)),
                run.judge("Rust faster", speed.map(|s| s > 1.0)),
            ],
            [
                format!("crawl of {pages} pages, pipelined: speedup over one after another"),
                or_na(pipelined(Rust).map(times)),
                run.cpython(pipelined(CPython).map(times)),
                String::from("-"),
                run.judge("≥ 1.8x", pipelined(Rust).map(|s| s >= 1.8)),
            ],
        ]
    }

    fn section(&self, run: &Run<'_>) -> String {
        let sizes = &run.sizes.crawl;
        let mut out = format!(
            "\n## Mixed work: a crawl of {} articles at {} ms latency\n\nThe crawl_pipeline \
             example's work. Each article (about 200 KB of HTML) is fetched over HTTP and parsed, \
             and its words and links counted: one after another; in two phases ({} threads fetch \
             every page, then every CPU analyses them: rayon in Rust, a process pool in CPython); \
             and pipelined (the same threads and CPUs, each page analysed as it arrives). Every \
             way's totals are checked against what the site put in its articles. Speedup is \
             against one after another.\n\n\
             | language | variant | pages | median | min | max | speedup |\n\
             |---|---|---|---|---|---|---|\n",
            sizes.pages, sizes.latency_ms, sizes.threads
        );
        let f = run.figures();
        for language in [Language::Rust, Language::CPython] {
            for variant in VARIANTS {
                let key = key(sizes, language, variant);
                let speedup = speedup(&f, language, variant)
                    .filter(|_| variant != VARIANTS[0])
                    .map_or(String::new(), times);
                let labels = [variant, &sizes.pages.to_string()];
                row(&mut out, run, &key, &labels, &[speedup]);
            }
        }
        out
    }

    /// crawl.svg: a bar per way and language.
    fn charts(&self, run: &Run<'_>, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let f = run.figures();
        let path = dir.join("crawl.svg");
        let title = run.chart_title("Crawl: time per way, Rust and CPython");
        bar_chart::time_per_way(|language| ways(&f, language), &title, &path)?;
        Ok(vec![path])
    }
}
