//! The image part: thumbnails of the same test pictures in Rust (the resize_images example's
//! code) and in CPython with Pillow. The pictures are made once per bench, and CPython's rows
//! need Pillow on top of python3.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Serialize;

use super::bar_chart;
use super::figures::{self, Figures, faster};
use super::headline::{Row, fastest_way, ratio};
use super::plan::{Inputs, Language, Part, PartSizes};
use super::report::{PartReport, Run, or_na, row, times};
use super::results::Key;
use crate::run::{Exit, run};

#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    /// Test pictures (1920x1080 PNG) made into thumbnails.
    pub pictures: u32,
}

impl PartSizes for Sizes {
    /// resize_images's default: about 3 s one after another in Rust, 10 s in CPython.
    fn full(_cpus: usize) -> Sizes {
        Sizes { pictures: 100 }
    }

    fn quick(_cpus: usize) -> Sizes {
        Sizes { pictures: 4 }
    }

    /// The folder of the pictures, made for both programs.
    fn args(&self, _: Language, inputs: &Inputs<'_>) -> Vec<(&'static str, String)> {
        vec![("--dir", inputs.pictures.to_string_lossy().into_owned())]
    }
}

/// What a CPython cell of this part says when python3 lacks Pillow.
pub const NO_PILLOW: &str =
    "skipped: no Pillow (`python3 -m pip install -r python/requirements.txt`)";

/// Pillow's version, or `None` when `python` cannot import it.
pub fn pillow_version(python: &Path) -> Option<String> {
    let output = Command::new(python)
        .args(["-c", "import PIL; print(PIL.__version__)"])
        .output()
        .ok()?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !version.is_empty()).then_some(version)
}

/// The test pictures of one bench, in a temporary folder removed when this is dropped.
pub struct Pictures {
    dir: tempfile::TempDir,
}

impl Pictures {
    /// Has the bench program save `count` pictures.
    pub fn make(bench: &Path, count: u32) -> Result<Pictures, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("cannot make a folder: {e}"))?;
        let args = [
            String::from("pictures"),
            String::from("--dir"),
            dir.path().to_string_lossy().into_owned(),
            String::from("--count"),
            count.to_string(),
        ];
        let outcome = run(bench, &args, Duration::from_secs(600))
            .map_err(|e| format!("cannot run {}: {e}", bench.display()))?;
        match outcome.exit {
            Exit::Code(0) => Ok(Pictures { dir }),
            _ => Err(format!(
                "`bench pictures` failed ({:?}): {}",
                outcome.exit,
                outcome.stderr.trim_end()
            )),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

fn key(sizes: &Sizes, language: Language, variant: &str) -> Key {
    Key::new(language, Part::Images, variant).count(sizes.pictures as usize)
}

fn median(f: &Figures<'_>, language: Language, variant: &str) -> Option<f64> {
    f.results.median(&key(&f.sizes.images, language, variant))
}

/// Each way and its median time.
fn ways(f: &Figures<'_>, language: Language) -> Vec<(&'static str, Option<f64>)> {
    (Part::Images.variants(language).iter())
        .map(|&way| (way, median(f, language, way)))
        .collect()
}

/// A language's fastest way and its median time.
pub fn fastest(f: &Figures<'_>, language: Language) -> Option<(&'static str, f64)> {
    figures::fastest(ways(f, language))
}

/// One after another's time over `variant`'s.
fn speedup(f: &Figures<'_>, language: Language, variant: &str) -> Option<f64> {
    Some(median(f, language, "sequential")? / median(f, language, variant)?)
}

/// `rayon 1.95x, processes 1.90x`.
fn speedups(f: &Figures<'_>, language: Language) -> Option<String> {
    let ways: Vec<String> = (Part::Images.variants(language).iter())
        .filter(|&&variant| variant != "sequential")
        .filter_map(|&variant| {
            Some(format!(
                "{variant} {}",
                times(speedup(f, language, variant)?)
            ))
        })
        .collect();
    (!ways.is_empty()).then(|| ways.join(", "))
}

pub struct Thumbnails;

impl PartReport for Thumbnails {
    /// Rust's fastest way against CPython's, and each way's speedup over one after another.
    fn headline(&self, run: &Run<'_>) -> Vec<Row> {
        use Language::{CPython, Rust};
        let f = run.figures();
        // CPython's figures need Pillow too.
        let pillow = |value: Option<String>| match run.machine.pillow {
            None if run.python => String::from(NO_PILLOW),
            _ => run.cpython(value),
        };
        let (rust, cpython) = (fastest(&f, Rust), fastest(&f, CPython));
        let speed = faster(rust.map(|r| r.1), cpython.map(|c| c.1));
        vec![
            [
                format!(
                    "thumbnails of {} pictures, the fastest way",
                    run.sizes.images.pictures
                ),
                or_na(fastest_way(rust)),
                pillow(fastest_way(cpython)),
                pillow(speed.map(ratio)),
                run.judge("Rust faster", speed.map(|s| s > 1.0)),
            ],
            [
                String::from("thumbnails, speedup over one after another"),
                or_na(speedups(&f, Rust)),
                pillow(speedups(&f, CPython)),
                String::from("-"),
                run.judge("rayon ≥ 1.8x", speedup(&f, Rust, "rayon").map(|s| s >= 1.8)),
            ],
        ]
    }

    fn section(&self, run: &Run<'_>) -> String {
        let mut out = format!(
            "\n## Thumbnails of {} pictures\n\nThe same 1920x1080 PNG files in both languages, \
             each decoded, resized with Lanczos3 to at most 256x256 and saved as PNG; every \
             thumbnail is checked. Rust: the resize_images example's code (fast_image_resize); \
             CPython: Pillow. The parallel ways have a worker per CPU ({}); Rust's pool starts a \
             fresh process per picture, CPython's reuses its processes. Speedup = one after \
             another's time / this time.\n\n\
             | language | variant | median | min | max | speedup |\n|---|---|---|---|---|---|\n",
            run.sizes.images.pictures, run.machine.logical_cpus
        );
        let f = run.figures();
        for language in [Language::Rust, Language::CPython] {
            for &variant in Part::Images.variants(language) {
                let speedup = match variant {
                    "sequential" => String::new(),
                    _ => speedup(&f, language, variant).map_or(String::new(), times),
                };
                let key = key(&run.sizes.images, language, variant);
                row(&mut out, run, &key, &[variant], &[speedup]);
            }
        }
        out
    }

    /// images.svg: a bar per way and language, the time to make every thumbnail.
    fn charts(&self, run: &Run<'_>, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let f = run.figures();
        let path = dir.join("images.svg");
        let what = format!("Thumbnails of {} pictures", run.sizes.images.pictures);
        let title = run.chart_title(&what);
        bar_chart::time_per_way(|language| ways(&f, language), &title, &path)?;
        Ok(vec![path])
    }
}
