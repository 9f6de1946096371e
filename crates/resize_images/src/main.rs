//! A thumbnail of every image in a folder, made three ways: one image after another, on rayon's
//! threads, and in worker processes. Decoding, resizing and encoding are CPU work, and with no
//! GIL threads do it in parallel: rayon takes half the time on 2 cores, less than processes,
//! which pay for starting a fresh one per image.
//!
//! Beyond the tutorials: the decision guide's "Image processing" row in *What is the difference
//! between Multithreading and Multiprocessing in Python?*, on real images. See README.md for the
//! Python twin and how it maps.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;
use worker_processes::Pool;

use resize_images::samples;
use resize_images::thumbnails::{self, MAX_SIDE, Outcome, jobs, make_thumbnail};

/// Makes a thumbnail of every image in a folder: one after another, with rayon, and in worker
/// processes, and prints how long each way took.
#[derive(Parser)]
struct Args {
    /// A folder of PNG and JPEG images [default: COUNT test pictures, made in a temporary folder]
    #[arg(long)]
    dir: Option<PathBuf>,
    /// How many 1920x1080 test pictures to make when there is no --dir
    #[arg(long, default_value_t = 100, conflicts_with = "dir",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    count: u32,
}

fn main() -> ExitCode {
    // The `if __name__ == "__main__":` guard: a worker process runs its task in here and exits.
    worker_processes::init();
    let args = Args::parse();
    match resize_all(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE, // an image had no thumbnail; its line says why
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn resize_all(args: &Args) -> Result<bool, String> {
    // Test pictures and thumbnails go to a folder that is removed when `work` is dropped.
    let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let images = match &args.dir {
        Some(dir) => thumbnails::images_in(dir)?,
        None => samples::make(&work.path().join("pictures"), args.count)?,
    };
    println!(
        "Thumbnails of {} images, at most {MAX_SIDE}x{MAX_SIDE}:",
        images.len()
    );
    // Each way saves its thumbnails in a folder of its own, where they are checked at the end.
    let jobs_for = |way: &str| jobs(&images, &work.path().join(way));
    let (one_by_one, on_rayon, in_processes) = (
        jobs_for("sequential")?,
        jobs_for("rayon")?,
        jobs_for("processes")?,
    );

    // One after another: `for image in images: make_thumbnail(image)`
    let start = Instant::now();
    let sequential: Vec<Outcome> = one_by_one.into_iter().map(make_thumbnail).collect();
    println!(" One after another: {:.2}s", start.elapsed().as_secs_f64());

    // Rayon: a thread per CPU; one that runs out of images takes some of another's
    let start = Instant::now();
    let rayon: Vec<Outcome> = on_rayon.into_par_iter().map(make_thumbnail).collect();
    println!(" Rayon: {:.2}s", start.elapsed().as_secs_f64());

    // ProcessPoolExecutor().map: a worker process per CPU at a time, results in input order
    let start = Instant::now();
    let processes = Pool::new().map(make_thumbnail, in_processes);
    let processes: Vec<Outcome> = processes.map_err(|e| e.to_string())?;
    println!(" Worker processes: {:.2}s", start.elapsed().as_secs_f64());

    Ok(thumbnails::check(&images, &[sequential, rayon, processes]))
}
