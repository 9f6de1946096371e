//! The image part: thumbnails of the same test pictures in Rust (the resize_images example's
//! code) and in CPython with Pillow. The pictures are made once per bench, and CPython's rows
//! need Pillow on top of python3.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::figures::Figures;
use super::plan::{Language, Part, Sizes};
use super::report::{Run, row, seconds};
use super::results::Key;
use super::variant_chart::{self, Bar};
use crate::run::{Exit, run};

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
    f.results.median(&key(f.sizes, language, variant))
}

/// A language's fastest way and its median time.
pub fn fastest(f: &Figures<'_>, language: Language) -> Option<(&'static str, f64)> {
    (Part::Images.variants(language).iter())
        .filter_map(|&variant| Some((variant, median(f, language, variant)?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// One after another's time over `variant`'s.
pub fn speedup(f: &Figures<'_>, language: Language, variant: &str) -> Option<f64> {
    Some(median(f, language, "sequential")? / median(f, language, variant)?)
}

/// `rayon 1.23 s`, or `n/a`.
pub fn fastest_way(f: &Figures<'_>, language: Language) -> String {
    fastest(f, language).map_or(String::from("n/a"), |(way, time)| {
        format!("{way} {}", seconds(time))
    })
}

/// `rayon 1.95x, processes 1.90x`, or `n/a`.
pub fn speedups(f: &Figures<'_>, language: Language) -> String {
    let ways: Vec<String> = (Part::Images.variants(language).iter())
        .filter(|&&variant| variant != "sequential")
        .filter_map(|&variant| Some(format!("{variant} {:.2}x", speedup(f, language, variant)?)))
        .collect();
    match ways.is_empty() {
        true => String::from("n/a"),
        false => ways.join(", "),
    }
}

/// The section of results.md.
pub fn markdown(run: &Run<'_>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "\n## Thumbnails of {} pictures\n\nThe same 1920x1080 PNG files in both languages, each \
         decoded, resized with Lanczos3 to at most 256x256 and saved as PNG; every thumbnail is \
         checked. Rust: the resize_images example's code (fast_image_resize); CPython: Pillow. \
         The parallel ways have a worker per CPU ({}); Rust's pool starts a fresh process per \
         picture, CPython's reuses its processes. Speedup = one after another's time / this \
         time.\n\n\
         | language | variant | median | min | max | speedup |\n|---|---|---|---|---|---|\n",
        run.sizes.pictures, run.machine.logical_cpus
    );
    let f = run.figures();
    for language in [Language::Rust, Language::CPython] {
        for &variant in Part::Images.variants(language) {
            let speedup = match variant {
                "sequential" => None,
                _ => speedup(&f, language, variant),
            };
            let speedup = speedup.map_or(String::new(), |s| format!("{s:.2}x"));
            row(
                &mut out,
                run,
                &key(run.sizes, language, variant),
                &[variant],
                &[speedup],
            );
        }
    }
    out
}

/// A bar per way and language: the median time to make every thumbnail.
pub fn chart(f: &Figures<'_>, title: &str, path: &Path) -> Result<(), String> {
    let bars: Vec<Bar> = [Language::Rust, Language::CPython]
        .into_iter()
        .flat_map(|language| {
            let variants = Part::Images.variants(language).iter();
            variants.filter_map(move |&variant| {
                Some(Bar {
                    label: format!("{}: {variant}", language.name()),
                    language,
                    seconds: median(f, language, variant)?,
                })
            })
        })
        .collect();
    variant_chart::time_per_variant(&bars, title, path)
}
