//! Thumbnails with the resize_images example's own code: one after another, on rayon (a thread
//! per CPU) and in worker processes (one per CPU). The pictures are made once per bench run
//! (`pictures`), so that the CPython side resizes the very same files.

use std::path::Path;

use rayon::prelude::*;
use resize_images::thumbnails::{self, Outcome, make_thumbnail};
use worker_processes::Pool;

use crate::Measurement;
use crate::measurement::timed;

/// Saves `count` test pictures (1920x1080 PNG) in `dir`.
pub fn make_pictures(dir: &Path, count: u32) -> Result<(), String> {
    resize_images::samples::make(dir, count).map(drop)
}

/// A thumbnail of every image in `dir`, each way in turn; every thumbnail is checked.
pub fn thumbnails(dir: &Path) -> Result<(), String> {
    let images = thumbnails::images_in(dir)?;
    let out = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let [sequential, on_rayon, in_processes] = thumbnails::jobs_of_each_way(&images, out.path())?;
    let record = |variant, (outcomes, seconds): (Result<Vec<Outcome>, String>, f64)| {
        // One line on stderr for each image without a thumbnail; a wrong size panics.
        if !thumbnails::check(&images, &[outcomes?]) {
            return Err(format!("{variant}: some of the pictures have no thumbnail"));
        }
        Measurement::new("images", variant, seconds)
            .count(images.len())
            .print()
    };
    record(
        "sequential",
        timed(|| Ok(sequential.into_iter().map(make_thumbnail).collect())),
    )?;
    record(
        "rayon",
        timed(|| Ok(on_rayon.into_par_iter().map(make_thumbnail).collect())),
    )?;
    let pool = || Pool::new().map(make_thumbnail, in_processes);
    record("processes", timed(|| pool().map_err(|e| e.to_string())))
}
