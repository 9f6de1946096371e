//! `bench`: every part of the benchmark but the starts of worker processes (`bench-starts`),
//! one part per call; see the library's documentation.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use bench::{cpu, crawl, downloads, images, progress, site, sqlite};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "The workloads of `cargo xtask bench`, timed; one JSON line per measurement")]
struct Args {
    #[command(subcommand)]
    part: Part,
}

#[derive(Subcommand)]
enum Part {
    /// The sum of i*i below N: sequential, then in threads, rayon and worker processes with
    /// 1, 2, ... MAX_WORKERS workers, each worker summing its share of the range
    Sum {
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000_000))]
        n: u64,
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
        max_workers: u16,
    },
    /// fibonacci(N), CALLS times: one after another, in one thread each, in one worker process
    /// each
    Fib {
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=50))]
        n: u32,
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
        calls: u16,
    },
    /// The sum of i*i below N split over TASKS threads at once, plain, then with each task
    /// recording the time it reaches every 1 % of its loop (the picture of threads at work)
    Progress {
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000_000))]
        n: u64,
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
        tasks: u16,
    },
    /// Runs the bench's local site (hyper on tokio); prints `{"site": "127.0.0.1:PORT"}` and
    /// serves until stdin closes
    Serve {
        /// How long each answer waits, as a distant server would
        #[arg(long, value_parser = clap::value_parser!(u64).range(0..=10_000))]
        latency_ms: u64,
    },
    /// COUNT downloads from the site at SITE, for each COUNT, in every way (one worker process
    /// per URL only up to MAX_PROCESSES), each in a process of its own: `download`
    Downloads {
        #[arg(long)]
        site: SocketAddr,
        #[arg(long, value_delimiter = ',', required = true)]
        counts: Vec<usize>,
        #[arg(long, default_value_t = 100)]
        max_processes: usize,
    },
    /// COUNT downloads from the site at SITE in one way, then what this process used
    Download {
        #[arg(long)]
        site: SocketAddr,
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        count: u32,
        #[arg(long, value_enum)]
        variant: downloads::Variant,
    },
    /// A temporary SQLite database of ROWS rows, then QUERIES range queries: one after another,
    /// on a pool of each number of WORKERS threads with a connection each, and on the largest
    /// pool sharing one connection
    Sqlite {
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=1_000_000_000))]
        rows: i64,
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=10_000))]
        queries: u16,
        #[arg(long, value_delimiter = ',', required = true, value_parser = clap::value_parser!(u16).range(1..=256))]
        workers: Vec<u16>,
    },
    /// Runs the examples' fixture_site, whose articles the crawl fetches; prints
    /// `{"site": "127.0.0.1:PORT"}` and serves until stdin closes
    CrawlSite {
        /// How long each answer waits, as a distant server would
        #[arg(long, value_parser = clap::value_parser!(u64).range(0..=10_000))]
        latency_ms: u64,
    },
    /// Articles 1 to PAGES of the site at SITE, fetched by THREADS threads and analysed on
    /// rayon: one after another, in two phases, and pipelined (the crawl_pipeline example)
    Crawl {
        #[arg(long)]
        site: SocketAddr,
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        pages: u32,
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
        threads: u16,
    },
    /// Saves COUNT test pictures (1920x1080 PNG) in DIR, for the `images` part of both languages
    Pictures {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        count: u32,
    },
    /// A thumbnail of every image in DIR: one after another, on rayon, in worker processes
    Images {
        #[arg(long)]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    // A worker process runs its task in here and exits: Python's `__main__` guard.
    worker_processes::init();
    let outcome = match Args::parse().part {
        Part::Sum { n, max_workers } => cpu::sum(n, max_workers.into()),
        Part::Fib { n, calls } => cpu::fibonacci(n, calls.into()),
        Part::Progress { n, tasks } => progress::tasks_over_time(n, tasks.into()),
        Part::Serve { latency_ms } => site::serve(Duration::from_millis(latency_ms)),
        Part::Downloads {
            site,
            counts,
            max_processes,
        } => downloads::measure(site, &counts, max_processes),
        Part::Download {
            site,
            count,
            variant,
        } => downloads::one(site, count as usize, variant),
        Part::Sqlite {
            rows,
            queries,
            workers,
        } => sqlite::measure(rows, queries.into(), &workers),
        Part::CrawlSite { latency_ms } => crawl::serve(Duration::from_millis(latency_ms)),
        Part::Crawl {
            site,
            pages,
            threads,
        } => crawl::measure(site, pages, threads.into()),
        Part::Pictures { dir, count } => images::make_pictures(&dir, count),
        Part::Images { dir } => images::thumbnails(&dir),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench: {error}");
            ExitCode::FAILURE
        }
    }
}
