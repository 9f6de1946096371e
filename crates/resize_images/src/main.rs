//! A thumbnail of every image in a folder, made three ways: one image after another, on rayon's
//! threads, and in worker processes. Decoding, resizing and encoding are CPU work, and with no
//! GIL threads do it in parallel: rayon takes half the time on 2 cores, less than processes,
//! which pay for starting a fresh one per image.
//!
//! Beyond the tutorials: the decision guide's "Image processing" row in *What is the difference
//! between Multithreading and Multiprocessing in Python?*, on real images. See README.md for the
//! Python twin and how it maps.

mod args;

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;
use worker_processes::Pool;

use args::Args;
use resize_images::thumbnails::{self, MAX_SIDE, Outcome, make_thumbnail};

fn main() -> ExitCode {
    // The `if __name__ == "__main__":` guard: a worker process runs its task in here and exits.
    worker_processes::init();
    match resize_all(&Args::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE, // an image had no thumbnail; its line says why
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn resize_all(args: &Args) -> Result<bool, Box<dyn std::error::Error>> {
    // Test pictures and thumbnails go to a folder that is removed when `work` is dropped.
    let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let images = args.images(work.path())?;
    let count = images.len();
    println!("Thumbnails of {count} images, at most {MAX_SIDE}x{MAX_SIDE}:");
    // Each way saves its thumbnails in a folder of its own, where they are checked at the end.
    let [one_by_one, on_rayon, in_processes] = thumbnails::jobs_of_each_way(&images, work.path())?;

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
    let processes: Vec<Outcome> = Pool::new().map(make_thumbnail, in_processes)?;
    println!(" Worker processes: {:.2}s", start.elapsed().as_secs_f64());

    Ok(thumbnails::check(&images, &[sequential, rayon, processes]))
}
