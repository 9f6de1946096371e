//! The command line: a folder of images, or how many test pictures to make.

use std::path::{Path, PathBuf};

use clap::Parser;
use resize_images::{samples, thumbnails};

/// Makes a thumbnail of every image in a folder: one after another, with rayon, and in worker
/// processes, and prints how long each way took.
#[derive(Parser)]
pub struct Args {
    /// A folder of PNG and JPEG images [default: COUNT test pictures, made in a temporary folder]
    #[arg(long)]
    dir: Option<PathBuf>,
    /// How many 1920x1080 test pictures to make when there is no --dir
    #[arg(long, default_value_t = 100, conflicts_with = "dir",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    count: u32,
}

impl Args {
    /// The images to make thumbnails of: those in `--dir`, or `--count` test pictures, made in
    /// `work` (not timed).
    pub fn images(&self, work: &Path) -> Result<Vec<PathBuf>, String> {
        match &self.dir {
            Some(dir) => thumbnails::images_in(dir),
            None => samples::make(&work.join("pictures"), self.count),
        }
    }
}
