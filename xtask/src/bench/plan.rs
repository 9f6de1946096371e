//! What a bench run measures, at which sizes, and which program does each part.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::crawl::CrawlSizes;
use super::picture;
use super::python::Interpreter;
use super::sqlite;

/// The language a measurement was taken in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Language {
    Rust,
    CPython,
}

impl Language {
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "Rust",
            Language::CPython => "CPython",
        }
    }
}

/// How much work each part does. The Rust and the CPython sizes differ (CPython is about a
/// hundred times slower per element), so the comparisons are per element and per call.
#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    /// 1, 2, ... this many workers in the CPU scaling: the CPUs, and at least 4 (T1's tasks).
    pub max_workers: usize,
    /// The sum of i*i below this, in Rust...
    pub sum_n_rust: u64,
    /// ... and in CPython.
    pub sum_n_python: u64,
    /// fibonacci(fib_n), fib_calls times.
    pub fib_n: u32,
    pub fib_calls: usize,
    /// Start + join samples per kind of worker.
    pub start_samples_rust: usize,
    pub start_samples_python: usize,
    /// Downloads at once, and the largest count also tried with one process per URL.
    pub download_counts: Vec<usize>,
    pub max_download_processes: usize,
    pub latency_ms: u64,
    pub sqlite: sqlite::Sizes,
    pub crawl: CrawlSizes,
    /// Test pictures (1920x1080 PNG) made into thumbnails.
    pub pictures: u32,
    pub picture: picture::Sizes,
}

impl Sizes {
    /// The real thing: each of the `max_workers` tasks of the scaling part takes about 0.1 s or
    /// more in either language on this project's machines.
    pub fn full(cpus: usize) -> Sizes {
        let max_workers = cpus.max(4);
        Sizes {
            max_workers,
            sum_n_rust: 250_000_000 * max_workers as u64,
            // 10^7 with 4 workers: T1's size.
            sum_n_python: 2_500_000 * max_workers as u64,
            fib_n: 35,
            fib_calls: 10,
            start_samples_rust: 100,
            start_samples_python: 20,
            download_counts: vec![10, 100, 1000, 10_000],
            max_download_processes: 100,
            latency_ms: 100,
            sqlite: sqlite::Sizes::full(cpus),
            crawl: CrawlSizes::full(),
            // resize_images's default: about 3 s one after another in Rust, 10 s in CPython.
            pictures: 100,
            picture: picture::Sizes::full(),
        }
    }

    /// Every part once, small: for CI, and to see that everything works.
    pub fn quick(cpus: usize) -> Sizes {
        let max_workers = cpus.max(4);
        Sizes {
            max_workers,
            sum_n_rust: 1_000_000 * max_workers as u64,
            sum_n_python: 10_000 * max_workers as u64,
            fib_n: 20,
            fib_calls: 10,
            start_samples_rust: 5,
            start_samples_python: 3,
            download_counts: vec![10, 100],
            max_download_processes: 10,
            latency_ms: 100,
            sqlite: sqlite::Sizes::quick(cpus),
            crawl: CrawlSizes::quick(),
            pictures: 4,
            picture: picture::Sizes::quick(),
        }
    }

    pub fn largest_download_count(&self) -> usize {
        self.download_counts.iter().copied().max().unwrap_or(0)
    }
}

/// The parts, each done by the Rust program and by a CPython program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Sum,
    Fib,
    /// The picture: four tasks at once, each recording its progress.
    Progress,
    Start,
    Download,
    Sqlite,
    Crawl,
    Images,
}

impl Part {
    pub const ALL: [Part; 8] = [
        Part::Sum,
        Part::Fib,
        Part::Progress,
        Part::Start,
        Part::Download,
        Part::Sqlite,
        Part::Crawl,
        Part::Images,
    ];

    /// The parts that run on every CPython interpreter, not only on the default `python3`.
    pub fn on_every_interpreter(self) -> bool {
        matches!(self, Part::Sum | Part::Fib | Part::Progress)
    }

    /// The `part` field of the measurements.
    pub fn id(self) -> &'static str {
        match self {
            Part::Sum => "sum",
            Part::Fib => "fib",
            Part::Progress => "progress",
            Part::Start => "start",
            Part::Download => "download",
            Part::Sqlite => "sqlite",
            Part::Crawl => "crawl",
            Part::Images => "images",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Part::Sum => "sum of squares",
            Part::Fib => "fibonacci",
            Part::Progress => "four tasks over time",
            Part::Start => "start + join",
            Part::Download => "downloads",
            Part::Sqlite => "SQLite queries",
            Part::Crawl => "crawl",
            Part::Images => "image thumbnails",
        }
    }

    /// The variants each language measures, in the order the tables show them.
    pub fn variants(self, language: Language) -> &'static [&'static str] {
        match (self, language) {
            (Part::Sum, Language::Rust) => &["sequential", "threads", "rayon", "processes"],
            (Part::Fib, Language::Rust) => &[
                "sequential",
                "sequential, no overflow checks",
                "threads",
                "processes",
            ],
            (Part::Sum | Part::Fib, Language::CPython) => &["sequential", "threads", "processes"],
            (Part::Progress, Language::Rust) => &["threads", "threads, progress recorded"],
            (Part::Progress, Language::CPython) => &[
                "threads",
                "threads, progress recorded",
                "processes",
                "processes, progress recorded",
            ],
            (Part::Start, Language::Rust) => &["thread", "process"],
            (Part::Start, Language::CPython) => &[
                "thread",
                "process (fork)",
                "process (spawn)",
                "process (forkserver)",
            ],
            (Part::Download, Language::Rust) => &[
                "thread per URL",
                "pool of 32 threads",
                "process per URL",
                "tokio task per URL",
                "tokio tasks, 32 at once",
                "thread per URL, plain TCP",
                "tokio task per URL, plain TCP",
                "site check: plain TCP tasks waiting 1 s",
            ],
            (Part::Download, Language::CPython) => &[
                "thread per URL",
                "pool of 32 threads",
                "asyncio task per URL, plain TCP",
            ],
            (Part::Sqlite, _) => &sqlite::VARIANTS,
            (Part::Crawl, _) => &super::crawl::VARIANTS,
            (Part::Images, Language::Rust) => &["sequential", "rayon", "processes"],
            (Part::Images, Language::CPython) => &["sequential", "threads", "processes"],
        }
    }

    fn python_script(self) -> &'static str {
        match self {
            Part::Sum => "sum_of_squares.py",
            Part::Fib => "fibonacci.py",
            Part::Progress => "progress.py",
            Part::Start => "starts.py",
            Part::Download => "downloads.py",
            Part::Sqlite => "sqlite_queries.py",
            Part::Crawl => "crawl_pipeline.py",
            Part::Images => "resize_images.py",
        }
    }

    fn rust_subcommand(self) -> &'static str {
        match self {
            Part::Sum => "sum",
            Part::Fib => "fib",
            Part::Progress => "progress",
            Part::Start => "starts",
            Part::Download => "downloads",
            Part::Sqlite => "sqlite",
            Part::Crawl => "crawl",
            Part::Images => "images",
        }
    }
}

/// The programs that take the measurements.
pub struct Programs {
    /// The Rust bench program, built in release mode.
    pub bench: PathBuf,
    /// `python3`, when there is one: every CPython part runs on it.
    pub python: Option<Interpreter>,
    /// Interpreters beside it (`--python`, free-threaded builds on `PATH`): the parts
    /// `on_every_interpreter` run on each of them too.
    pub more_pythons: Vec<Interpreter>,
    /// The folder of the CPython programs.
    pub python_dir: PathBuf,
}

/// What the steps need from the run itself: the sites they fetch from, the pictures made for
/// the thumbnails, and whether the CPython programs can use Pillow.
pub struct Inputs<'a> {
    pub site: SocketAddr,
    pub crawl_site: SocketAddr,
    pub pictures: &'a Path,
    pub pillow: bool,
}

/// One call of one program: one part, in one language, once.
pub struct Step {
    pub language: Language,
    /// The CPython interpreter's tag (see `Interpreter::tag`): `None` for the default.
    pub interpreter: Option<String>,
    pub part: Part,
    pub program: PathBuf,
    pub args: Vec<String>,
}

/// Every step of one run: each part in Rust, then in CPython when there is a `python3` (and, for
/// the pictures, Pillow), then on the other interpreters where the part runs on each.
pub fn steps(sizes: &Sizes, programs: &Programs, inputs: &Inputs<'_>) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in Part::ALL {
        let args = |language| part_args(part, language, sizes, inputs);
        steps.push(Step {
            language: Language::Rust,
            interpreter: None,
            part,
            program: programs.bench.clone(),
            args: [
                vec![part.rust_subcommand().to_owned()],
                args(Language::Rust),
            ]
            .concat(),
        });
        let more = programs.more_pythons.iter();
        let pythons = programs
            .python
            .iter()
            .chain(more.filter(|_| part.on_every_interpreter()));
        for python in pythons.filter(|_| part != Part::Images || inputs.pillow) {
            let mut args = args(Language::CPython);
            if part == Part::Progress && !python.default {
                // Processes look alike on every interpreter: the default's are enough.
                args.extend(["--kinds", "threads"].map(String::from));
            }
            steps.push(Step {
                language: Language::CPython,
                interpreter: python.tag().map(str::to_owned),
                part,
                program: python.path.clone(),
                // -B: no __pycache__ folder in the repository.
                args: [
                    vec![String::from("-B"), script(&programs.python_dir, part)],
                    args,
                ]
                .concat(),
            });
        }
    }
    steps
}

fn script(dir: &Path, part: Part) -> String {
    dir.join(part.python_script())
        .to_string_lossy()
        .into_owned()
}

fn part_args(part: Part, language: Language, sizes: &Sizes, inputs: &Inputs<'_>) -> Vec<String> {
    let rust = language == Language::Rust;
    let flags: Vec<(&str, String)> = match part {
        Part::Sum => vec![
            (
                "--n",
                if rust {
                    sizes.sum_n_rust
                } else {
                    sizes.sum_n_python
                }
                .to_string(),
            ),
            ("--max-workers", sizes.max_workers.to_string()),
        ],
        Part::Fib => vec![
            ("--n", sizes.fib_n.to_string()),
            ("--calls", sizes.fib_calls.to_string()),
        ],
        Part::Progress => sizes.picture.args(language),
        Part::Start => vec![(
            "--samples",
            if rust {
                sizes.start_samples_rust
            } else {
                sizes.start_samples_python
            }
            .to_string(),
        )],
        Part::Download => {
            let counts: Vec<String> = sizes.download_counts.iter().map(usize::to_string).collect();
            let mut flags = vec![
                ("--site", inputs.site.to_string()),
                ("--counts", counts.join(",")),
            ];
            if rust {
                flags.push(("--max-processes", sizes.max_download_processes.to_string()));
            }
            flags
        }
        Part::Sqlite => sizes.sqlite.args(),
        Part::Crawl => sizes.crawl.flags(inputs.crawl_site),
        Part::Images => vec![("--dir", inputs.pictures.to_string_lossy().into_owned())],
    };
    flags
        .into_iter()
        .flat_map(|(flag, value)| [flag.to_owned(), value])
        .collect()
}
