//! `cargo xtask bench`: the tutorials' lessons measured, Rust beside CPython, in one run so that
//! every ratio compares figures taken minutes apart on the same machine.
//!
//! xtask is a debug build, so it times nothing itself: the Rust measurements come from the
//! `bench` program (built in release mode), the CPython ones from the programs under python/.
//! Both print one JSON line per measurement; this module runs them `runs` times, takes medians,
//! and writes results.md, results.json and the SVG charts.

mod bar_chart;
mod crawl;
mod fib;
mod figures;
mod headline;
mod images;
mod io_scale;
mod machine;
mod picture;
mod plan;
mod progress;
mod python;
mod report;
mod results;
mod runtimes;
mod site;
mod speedup_chart;
mod sqlite;
mod starts;
mod sum;

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

pub use images::NO_PILLOW;
pub use plan::Programs;
pub use python::{Interpreter, find_python3, find_pythons};
pub use report::SKIPPED;

use crate::run::{Exit, run};
use machine::Machine;
use plan::{Part, Sizes};
use progress::Progress;
use report::Run;
use results::Results;
use site::Site;

/// No single step of the full bench takes a minute here; this only stops a hung one.
const STEP_TIMEOUT: Duration = Duration::from_secs(600);

pub struct Settings {
    pub runs: usize,
    /// Every part once, at small sizes.
    pub quick: bool,
    pub out_dir: PathBuf,
    /// How the run was asked for, for the report (`cargo xtask bench --quick`).
    pub command: String,
}

/// What a finished bench has to say: the headline table and the files it wrote.
pub struct Report {
    pub headline: String,
    pub files: Vec<PathBuf>,
    /// Why a file was not written (the CPython chart without python3).
    pub notes: Vec<String>,
}

pub fn bench(settings: &Settings, programs: &Programs) -> Result<Report, String> {
    let python3 = programs.python.as_ref().map(|python| python.path.as_path());
    let mut machine = Machine::detect(python3);
    let sizes = Sizes::new(machine.logical_cpus, settings.quick);
    let results = measure(settings, programs, &sizes, machine.pillow.is_some())?;
    machine.load_after = machine::load_average();
    let interpreters: Vec<Interpreter> = programs
        .python
        .iter()
        .chain(&programs.more_pythons)
        .cloned()
        .collect();
    let run = Run {
        machine: &machine,
        command: &settings.command,
        runs: settings.runs,
        quick: settings.quick,
        sizes: &sizes,
        results: &results,
        python: programs.python.is_some(),
        interpreters: &interpreters,
    };
    let (files, notes) = write(settings, &run)?;
    Ok(Report {
        headline: headline::headline(&run),
        files,
        notes,
    })
}

/// Every step of every run, with the local site up for the downloads.
fn measure(
    settings: &Settings,
    programs: &Programs,
    sizes: &Sizes,
    pillow: bool,
) -> Result<Results, String> {
    let site = Site::start(&programs.bench, "serve", sizes.downloads.latency_ms)?;
    // The crawl's site serves the articles and answers sooner (see crawl.rs).
    let crawl_site = Site::start(&programs.bench, "crawl-site", sizes.crawl.latency_ms)?;
    let pictures = images::Pictures::make(&programs.bench, sizes.images.pictures)?;
    let inputs = plan::Inputs {
        site: site.addr(),
        crawl_site: crawl_site.addr(),
        pictures: pictures.dir(),
        pillow,
    };
    let steps = plan::steps(sizes, programs, &inputs);
    let mut progress = Progress::new(settings.runs * steps.len());
    let mut results = Results::default();
    let mut measured = || {
        for number in 1..=settings.runs {
            for step in &steps {
                let runtime = step.interpreter.as_deref().unwrap_or(step.language.name());
                let what = format!("{runtime} {}", step.part.title());
                progress.start(&format!("run {number} of {}: {what}", settings.runs));
                let outcome = run(&step.program, &step.args, STEP_TIMEOUT)
                    .map_err(|e| format!("{what}: cannot run {}: {e}", step.program.display()))?;
                let failed = match (&outcome.exit, outcome.leftovers) {
                    (Exit::Code(0), 0) => None,
                    (Exit::Code(0), n) => Some(format!("left {n} processes running")),
                    (Exit::Code(code), _) => Some(format!("exit status {code}")),
                    (Exit::Signal(signal), _) => Some(format!("killed by signal {signal}")),
                    (Exit::TimedOut, _) => Some(format!("still running after {STEP_TIMEOUT:?}")),
                };
                if let Some(failed) = failed {
                    return Err(format!(
                        "{what} failed ({failed}): {} {}\n{}",
                        step.program.display(),
                        step.args.join(" "),
                        outcome.stderr.trim_end()
                    ));
                }
                results
                    .add(step.language, step.interpreter.as_deref(), &outcome.stdout)
                    .map_err(|e| format!("{what}: {e}"))?;
                progress.done();
            }
        }
        Ok(())
    };
    let measured = measured();
    progress.finish();
    measured.map(|()| results)
}

fn write(settings: &Settings, run: &Run<'_>) -> Result<(Vec<PathBuf>, Vec<String>), String> {
    let dir = &settings.out_dir;
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let save = |name: &str, text: String| {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok::<_, String>(path)
    };
    let json = serde_json::to_string_pretty(&report::json(run)).map_err(|e| e.to_string())?;
    let mut files = vec![
        save("results.md", report::markdown(run))?,
        save("results.json", json + "\n")?,
    ];
    for part in Part::ALL {
        files.extend(part.report().charts(run, dir)?);
    }
    let mut notes = Vec::new();
    let versus = dir.join("rust_vs_cpython.svg");
    if run.python {
        let title = run.chart_title("Rust against CPython, the same work");
        bar_chart::times_faster(&run.figures().rust_vs_cpython(), &title, &versus)?;
        files.push(versus);
    } else {
        // A chart left from an earlier run would not belong to these figures.
        let _ = fs::remove_file(&versus);
        notes.push(format!("{}: {SKIPPED}", versus.display()));
    }
    Ok((files, notes))
}
