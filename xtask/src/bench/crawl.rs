//! The crawl part: mixed work, the crawl_pipeline example's. Pages of generated articles are
//! fetched from a site of their own at a short latency and parsed, one after another, in two
//! phases and pipelined; its section of results.md, its headline rows and its chart.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::Path;

use serde::Serialize;

use super::figures::Figures;
use super::plan::{Language, Part};
use super::report::{Run, SKIPPED, row, seconds};
use super::results::Key;
use super::variant_chart::{self, Bar};

/// The crawl's sizes. Its own site answers after `latency_ms`, short enough that one page after
/// another still takes seconds, not minutes; with `threads` fetching, the pages arrive a little
/// slower than two CPUs parse them in Rust, so that both stages take real time and overlapping
/// them shows.
#[derive(Clone, Debug, Serialize)]
pub struct CrawlSizes {
    pub pages: u32,
    pub threads: usize,
    pub latency_ms: u64,
}

impl CrawlSizes {
    /// The example's own run: 100 articles, 8 threads (Scrapy's default number of requests at
    /// once to one site), 20 ms.
    pub fn full() -> CrawlSizes {
        CrawlSizes {
            pages: 100,
            threads: 8,
            latency_ms: 20,
        }
    }

    pub fn quick() -> CrawlSizes {
        CrawlSizes {
            pages: 16,
            ..CrawlSizes::full()
        }
    }

    /// The command-line flags of both programs.
    pub fn flags(&self, site: SocketAddr) -> Vec<(&'static str, String)> {
        vec![
            ("--site", site.to_string()),
            ("--pages", self.pages.to_string()),
            ("--threads", self.threads.to_string()),
        ]
    }
}

/// The ways, in the order both programs run them.
pub const VARIANTS: [&str; 3] = ["one after another", "fetch all, then analyse", "pipelined"];

impl Figures<'_> {
    pub fn crawl(&self, language: Language, variant: &str) -> Option<f64> {
        let key = Key::new(language, Part::Crawl, variant).count(self.sizes.crawl.pages as usize);
        self.results.median(&key)
    }

    /// The fastest way's median time, and the way.
    pub fn fastest_crawl(&self, language: Language) -> Option<(f64, &'static str)> {
        VARIANTS
            .iter()
            .filter_map(|&variant| Some((self.crawl(language, variant)?, variant)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// How many times faster than one after another a way is.
    pub fn crawl_speedup(&self, language: Language, variant: &str) -> Option<f64> {
        Some(self.crawl(language, "one after another")? / self.crawl(language, variant)?)
    }
}

/// The crawl's section of results.md.
pub fn section(run: &Run<'_>) -> String {
    let sizes = &run.sizes.crawl;
    let mut out = String::new();
    let _ = write!(
        out,
        "\n## Mixed work: a crawl of {} articles at {} ms latency\n\nThe crawl_pipeline \
         example's work. Each article (about 200 KB of HTML) is fetched over HTTP and parsed, \
         and its words and links counted: one after another; in two phases ({} threads fetch \
         every page, then every CPU analyses them: rayon in Rust, a process pool in CPython); \
         and pipelined (the same threads and CPUs, each page analysed as it arrives). Every \
         way's totals are checked against what the site put in its articles. Speedup is \
         against one after another.\n\n\
         | language | variant | pages | median | min | max | speedup |\n|---|---|---|---|---|---|---|\n",
        sizes.pages, sizes.latency_ms, sizes.threads
    );
    let f = run.figures();
    for language in [Language::Rust, Language::CPython] {
        for variant in VARIANTS {
            let key = Key::new(language, Part::Crawl, variant).count(sizes.pages as usize);
            let speedup = f
                .crawl_speedup(language, variant)
                .filter(|_| variant != VARIANTS[0])
                .map_or(String::new(), |s| format!("{s:.2}x"));
            row(
                &mut out,
                run,
                &key,
                &[variant, &sizes.pages.to_string()],
                &[speedup],
            );
        }
    }
    out
}

/// The headline rows: Rust's fastest way against CPython's, and each language's pipelined way
/// against its one after another.
pub fn headline(run: &Run<'_>) -> Vec<[String; 5]> {
    use Language::{CPython, Rust};
    let f = run.figures();
    let pages = run.sizes.crawl.pages;
    let python = |cell: Option<String>| match run.python {
        false => String::from(SKIPPED),
        true => cell.unwrap_or_else(|| String::from("n/a")),
    };
    let judged = |target: &str, met: Option<bool>| match met {
        _ if run.quick => target.to_owned(),
        Some(true) => format!("{target}: met"),
        Some(false) => format!("{target}: **missed**"),
        None => format!("{target}: n/a"),
    };
    let fastest = |language| {
        f.fastest_crawl(language)
            .map(|(time, way)| format!("{} ({way})", seconds(time)))
    };
    let (rust, cpython) = (f.fastest_crawl(Rust), f.fastest_crawl(CPython));
    let ratio = rust.zip(cpython).map(|((r, _), (c, _))| c / r);
    let speedup = |language| f.crawl_speedup(language, "pipelined");
    vec![
        [
            format!("crawl of {pages} pages, the fastest way"),
            fastest(Rust).unwrap_or_else(|| String::from("n/a")),
            python(fastest(CPython)),
            python(ratio.map(|r| format!("{r:.1}x"))),
            judged("Rust faster", ratio.map(|r| r > 1.0)),
        ],
        [
            format!("crawl of {pages} pages, pipelined: speedup over one after another"),
            speedup(Rust).map_or(String::from("n/a"), |s| format!("{s:.2}x")),
            python(speedup(CPython).map(|s| format!("{s:.2}x"))),
            String::from("-"),
            judged("≥ 1.8x", speedup(Rust).map(|s| s >= 1.8)),
        ],
    ]
}

/// A bar per way and language: its median time.
pub fn chart(run: &Run<'_>, title: &str, path: &Path) -> Result<(), String> {
    let f = run.figures();
    let bars: Vec<Bar> = [Language::Rust, Language::CPython]
        .into_iter()
        .flat_map(|language| {
            let f = &f;
            VARIANTS.iter().filter_map(move |&variant| {
                Some(Bar {
                    label: format!("{}: {variant}", language.name()),
                    language,
                    seconds: f.crawl(language, variant)?,
                })
            })
        })
        .collect();
    variant_chart::time_per_variant(&bars, title, path)
}
