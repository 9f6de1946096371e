//! What a bench run measures, at which sizes, and which program does each part.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::python::Interpreter;
use super::{crawl, fib, images, io_scale, picture, sqlite, starts, sum};

/// The language a measurement was taken in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Language {
    Rust,
    CPython,
}

impl Language {
    pub fn name(self) -> &'static str {
        self.pick("Rust", "CPython")
    }

    /// `rust` or `cpython`, whichever this language is: a size or a name that differs.
    pub fn pick<T>(self, rust: T, cpython: T) -> T {
        match self {
            Language::Rust => rust,
            Language::CPython => cpython,
        }
    }
}

/// One part's sizes (each part's module has its own `Sizes`) and the flags its programs take.
pub trait PartSizes {
    /// The real thing.
    fn full(cpus: usize) -> Self
    where
        Self: Sized;

    /// Every part once, small: for CI, and to see that everything works.
    fn quick(cpus: usize) -> Self
    where
        Self: Sized;

    /// The flags of the part's program in `language`, as (flag, value).
    fn args(&self, language: Language, inputs: &Inputs<'_>) -> Vec<(&'static str, String)>;
}

/// How much work each part does. Where CPython is about a hundred times slower per element, its
/// sizes are smaller, so the comparisons are per element and per call. The parts that have never
/// had an object of their own in results.json are flattened into this one, so that its fields
/// stay what they have been.
#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    #[serde(flatten)]
    pub sum: sum::Sizes,
    #[serde(flatten)]
    pub fib: fib::Sizes,
    pub picture: picture::Sizes,
    #[serde(flatten)]
    pub start: starts::Sizes,
    #[serde(flatten)]
    pub downloads: io_scale::Sizes,
    pub sqlite: sqlite::Sizes,
    pub crawl: crawl::Sizes,
    #[serde(flatten)]
    pub images: images::Sizes,
}

impl Sizes {
    /// Every part's `full` sizes, or its `quick` ones.
    pub fn new(cpus: usize, quick: bool) -> Sizes {
        fn sized<S: PartSizes>(cpus: usize, quick: bool) -> S {
            match quick {
                true => S::quick(cpus),
                false => S::full(cpus),
            }
        }
        Sizes {
            sum: sized(cpus, quick),
            fib: sized(cpus, quick),
            picture: sized(cpus, quick),
            start: sized(cpus, quick),
            downloads: sized(cpus, quick),
            sqlite: sized(cpus, quick),
            crawl: sized(cpus, quick),
            images: sized(cpus, quick),
        }
    }

    /// The sizes of `part`.
    fn of(&self, part: Part) -> &dyn PartSizes {
        match part {
            Part::Sum => &self.sum,
            Part::Fib => &self.fib,
            Part::Progress => &self.picture,
            Part::Start => &self.start,
            Part::Download => &self.downloads,
            Part::Sqlite => &self.sqlite,
            Part::Crawl => &self.crawl,
            Part::Images => &self.images,
        }
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
            (Part::Crawl, _) => &crawl::VARIANTS,
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

    /// The Rust program that measures this part, and its subcommand.
    fn rust_command(self, programs: &Programs) -> (PathBuf, Option<&'static str>) {
        let subcommand = match self {
            Part::Start => return (programs.starts.clone(), None),
            Part::Sum => "sum",
            Part::Fib => "fib",
            Part::Progress => "progress",
            Part::Download => "downloads",
            Part::Sqlite => "sqlite",
            Part::Crawl => "crawl",
            Part::Images => "images",
        };
        (programs.bench.clone(), Some(subcommand))
    }
}

/// The programs that take the measurements.
pub struct Programs {
    /// The Rust bench program, built in release mode.
    pub bench: PathBuf,
    /// Its `bench-starts`, which times the start of a worker process in a small program.
    pub starts: PathBuf,
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
        let (program, subcommand) = part.rust_command(programs);
        steps.push(Step {
            language: Language::Rust,
            interpreter: None,
            part,
            program,
            args: (subcommand.map(str::to_owned).into_iter())
                .chain(args(Language::Rust))
                .collect(),
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
    (sizes.of(part).args(language, inputs).into_iter())
        .flat_map(|(flag, value)| [flag.to_owned(), value])
        .collect()
}
