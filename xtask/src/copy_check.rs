//! `cargo xtask copy-check`: each example copied as its README's Copy it section says, into an
//! empty directory outside the workspace, then built and run as the person who copied it would.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::check::exit_problem;
use crate::copy_it::{CopyIt, HEADING};
use crate::run::{Outcome, run_command};

pub struct Options {
    /// The workspace's `crates/`: the examples, and the folders their READMEs name.
    pub crates_dir: PathBuf,
    /// Where the copies go: `<projects_dir>/<example>/` is emptied, then holds the example's
    /// folder and the folders beside it. It must not be inside a Cargo workspace.
    pub projects_dir: PathBuf,
    /// One target directory for all copies, so that a dependency compiled for one copy is
    /// reused by the next, and by the next run.
    pub target_dir: PathBuf,
    /// The workspace's Cargo.lock, put into each copy so that it builds the versions the
    /// workspace tested (and, once they are in cargo's cache, builds offline).
    pub lockfile: Option<PathBuf>,
    /// How long a copy's run with default arguments may take.
    pub run_timeout: Duration,
}

/// How one example fared.
struct Checked {
    name: String,
    /// Whether every crate it needs was in cargo's cache (else they were downloaded); `None`
    /// until they are all there.
    offline: Option<bool>,
    build_time: Option<Duration>,
    /// The program it built, and the copy's folder to run it in.
    built: Option<(PathBuf, PathBuf)>,
    run: Option<Outcome>,
    failure: Option<Failure>,
}

struct Failure {
    stage: &'static str,
    /// One line, for the example's row.
    reason: String,
    /// The rest: what cargo or the program printed.
    details: String,
}

impl Failure {
    /// A failure with nothing more to show than its reason.
    fn at(stage: &'static str, reason: String) -> Failure {
        Failure {
            stage,
            reason,
            details: String::new(),
        }
    }
}

/// Copies, builds and runs each example in `example_dirs`, then prints one row per example and
/// the details of each failure to `out`. Says whether all passed.
pub fn copy_check(
    example_dirs: &[PathBuf],
    options: &Options,
    out: &mut impl Write,
) -> io::Result<bool> {
    fs::create_dir_all(&options.target_dir)?;
    // Two copy-checks of one workspace would empty each other's directories.
    let lock = File::create(options.target_dir.join("copy-check.lock"))?;
    lock.lock()?;
    writeln!(
        out,
        "copy-check: {} example(s), each copied into its own empty directory under {}, built \
         (debug) in {}",
        example_dirs.len(),
        options.projects_dir.display(),
        options.target_dir.display()
    )?;
    let host = host_triple()?;
    let mut checked = Vec::new();
    for dir in example_dirs {
        let result = copy_and_build(dir, options, &host);
        let status = match (&result.failure, result.build_time) {
            (Some(failure), _) => format!("{} FAILED", failure.stage),
            (None, Some(time)) => format!("built in {:.1} s", time.as_secs_f64()),
            (None, None) => String::new(),
        };
        writeln!(out, "  {}: {status}", result.name)?;
        checked.push(result);
    }
    // The runs are not measured, so they all start together.
    thread::scope(|scope| {
        let runs: Vec<_> = (checked.iter_mut())
            .filter_map(|result| {
                let (program, project) = result.built.clone()?;
                let timeout = options.run_timeout;
                Some((
                    result,
                    scope.spawn(move || run_copy(&program, &project, timeout)),
                ))
            })
            .collect();
        for (result, run) in runs {
            (result.run, result.failure) = run.join().unwrap_or_else(|_| {
                let failure =
                    Failure::at("run", String::from("copy-check's runner thread panicked"));
                (None, Some(failure))
            });
        }
    });
    report(&checked, out)?;
    Ok(checked.iter().all(|result| result.failure.is_none()))
}

/// The target this machine builds for by default, so that only its crates need to be fetched.
fn host_triple() -> io::Result<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).arg("-vV").output()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(String::from)
        .ok_or_else(|| io::Error::other("`rustc -vV` names no host"))
}

/// Copies the example and builds it.
fn copy_and_build(example_dir: &Path, options: &Options, host: &str) -> Checked {
    let name = example_dir
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let mut result = Checked {
        name,
        offline: None,
        build_time: None,
        built: None,
        run: None,
        failure: None,
    };
    let project = match copy(example_dir, options) {
        Ok(project) => project,
        Err(reason) => {
            result.failure = Some(Failure::at("copy", reason));
            return result;
        }
    };
    let start = Instant::now();
    let built = fetch(&project, host, &mut result.offline)
        .and_then(|()| build(&project, &options.target_dir));
    result.build_time = Some(start.elapsed());
    match built {
        Ok(program) => result.built = Some((program, project)),
        Err(failure) => result.failure = Some(failure),
    }
    result
}

/// Makes `<projects_dir>/<example>/` hold exactly what the README's Copy it section names: the
/// example's folder with the Cargo.toml shown and the files linked, and the folders linked
/// beside it. Returns the example's folder there.
fn copy(example_dir: &Path, options: &Options) -> Result<PathBuf, String> {
    let readme_path = example_dir.join("README.md");
    let readme = fs::read_to_string(&readme_path)
        .map_err(|e| format!("cannot read {}: {e}", readme_path.display()))?;
    let copy_it =
        CopyIt::parse(&readme).ok_or_else(|| format!("README.md has no `{HEADING}` section"))?;
    let manifest = copy_it
        .manifest
        .ok_or_else(|| format!("README.md's `{HEADING}` shows no ```toml block"))?;
    let name = example_dir
        .file_name()
        .ok_or_else(|| format!("{}: no folder name", example_dir.display()))?;
    let root = options.projects_dir.join(name);
    let project = root.join(name);
    let io_error = |e: io::Error| format!("cannot copy into {}: {e}", root.display());
    if root.exists() {
        fs::remove_dir_all(&root).map_err(io_error)?;
    }
    fs::create_dir_all(&project).map_err(io_error)?;
    fs::write(project.join("Cargo.toml"), manifest).map_err(io_error)?;
    if let Some(lockfile) = &options.lockfile {
        fs::copy(lockfile, project.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy {}: {e}", lockfile.display()))?;
    }
    for file in &copy_it.files {
        let from = example_dir.join(file);
        if !from.exists() {
            return Err(format!(
                "README.md links to `{}`, which does not exist",
                file.display()
            ));
        }
        copy_tree(&from, &project.join(file)).map_err(io_error)?;
    }
    for folder in &copy_it.folders {
        let from = options.crates_dir.join(folder);
        if !from.is_dir() {
            return Err(format!(
                "README.md names the folder `../{folder}`, which does not exist"
            ));
        }
        copy_tree(&from, &root.join(folder)).map_err(io_error)?;
    }
    Ok(project)
}

/// Copies a file, or a folder with everything in it, keeping modification times: unchanged
/// sources in the same place are then not compiled again on the next run.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    if from.is_dir() {
        fs::create_dir_all(to)?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::copy(from, to)?;
    let modified = fs::metadata(from)?.modified()?;
    File::options().write(true).open(to)?.set_modified(modified)
}

fn cargo(project: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(project).stdin(Stdio::null());
    command
}

/// Gets the crates the copy needs for this machine: from cargo's cache when all are there (as
/// they are after the workspace was built), else from the registry.
fn fetch(project: &Path, host: &str, offline: &mut Option<bool>) -> Result<(), Failure> {
    let attempt = |extra: &[&str]| {
        cargo(project)
            .args(["fetch", "--target", host])
            .args(extra)
            .output()
    };
    if attempt(&["--offline"]).is_ok_and(|output| output.status.success()) {
        *offline = Some(true);
        return Ok(());
    }
    match attempt(&[]) {
        Ok(output) if output.status.success() => {
            *offline = Some(false);
            Ok(())
        }
        Ok(output) => Err(cargo_failure("cargo fetch", &output)),
        Err(error) => Err(Failure::at("build", format!("cannot run cargo: {error}"))),
    }
}

/// `cargo build` of the copy (everything is fetched by now); returns the program it built.
fn build(project: &Path, target_dir: &Path) -> Result<PathBuf, Failure> {
    let output = cargo(project)
        .args(["build", "--offline", "--quiet"])
        .args([
            "--message-format",
            "json-render-diagnostics",
            "--target-dir",
        ])
        .arg(target_dir)
        .output()
        .map_err(|error| Failure::at("build", format!("cannot run cargo: {error}")))?;
    if !output.status.success() {
        return Err(cargo_failure("cargo build", &output));
    }
    let executables: Vec<PathBuf> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|message| message["executable"].as_str().map(PathBuf::from))
        .collect();
    match executables.as_slice() {
        [program] => Ok(program.clone()),
        _ => Err(Failure::at(
            "build",
            format!("built {} programs, not one", executables.len()),
        )),
    }
}

/// The gist of a failed cargo command in one line: rustc's first error, or the innermost causes
/// of a cargo error (`failed to parse manifest ...`, then `Caused by:` down to the real reason).
fn cargo_failure(what: &str, output: &Output) -> Failure {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let lines: Vec<&str> = stderr.lines().collect();
    let first_error = lines.iter().position(|line| line.starts_with("error"));
    let causes: Vec<&str> = lines
        .iter()
        .skip(first_error.unwrap_or(0))
        .skip_while(|line| line.trim() != "Caused by:")
        .map(|line| line.trim())
        .filter(|line| !line.is_empty() && *line != "Caused by:")
        .collect();
    let reason = match (first_error, causes.as_slice()) {
        (_, [.., last_but_one, last]) => format!("{last_but_one}: {last}"),
        (Some(at), [only]) => format!("{}: {only}", lines[at]),
        (None, [only]) => (*only).to_owned(),
        (Some(at), []) => {
            let location = lines.get(at + 1).map(|line| line.trim()).unwrap_or("");
            match location.strip_prefix("--> ") {
                Some(location) => format!("{} (at {location})", lines[at]),
                None => lines[at].to_owned(),
            }
        }
        (None, []) => format!("{what} failed, {}", output.status),
    };
    Failure {
        stage: "build",
        reason,
        details: stderr,
    }
}

/// Runs the copy's program with no arguments in the copy's folder: what it did, and what was
/// wrong with how it ended, if anything.
fn run_copy(
    program: &Path,
    project: &Path,
    timeout: Duration,
) -> (Option<Outcome>, Option<Failure>) {
    let mut command = Command::new(program);
    command.current_dir(project);
    match run_command(command, timeout) {
        Ok(outcome) => {
            let failure = exit_problem(0, timeout.as_secs_f64(), &outcome).map(|problem| Failure {
                stage: "run",
                reason: problem,
                details: outcome.stderr.clone(),
            });
            (Some(outcome), failure)
        }
        Err(error) => {
            let reason = format!("cannot start {}: {error}", program.display());
            (None, Some(Failure::at("run", reason)))
        }
    }
}

fn report(checked: &[Checked], out: &mut impl Write) -> io::Result<()> {
    let width = checked
        .iter()
        .map(|result| result.name.len())
        .max()
        .unwrap_or(0)
        .max("example".len());
    writeln!(
        out,
        "\n{:width$}  {:4}  {:7}  {:>6}  {:>6}  why it failed",
        "example", "copy", "crates", "build", "run"
    )?;
    for result in checked {
        let failed_at = result.failure.as_ref().map(|failure| failure.stage);
        let cell = |stage: &str, time: Option<Duration>| match (failed_at, time) {
            (Some(failed), _) if failed == stage => String::from("FAIL"),
            (_, Some(time)) => format!("{:.1}s", time.as_secs_f64()),
            (_, None) => String::from("-"),
        };
        let row = format!(
            "{:width$}  {:4}  {:7}  {:>6}  {:>6}  {}",
            result.name,
            if failed_at == Some("copy") {
                "FAIL"
            } else {
                "ok"
            },
            match result.offline {
                Some(true) => "cached",
                Some(false) => "fetched",
                None => "-",
            },
            cell("build", result.build_time),
            cell("run", result.run.as_ref().map(|run| run.wall)),
            result
                .failure
                .as_ref()
                .map_or("", |failure| failure.reason.as_str()),
        );
        writeln!(out, "{}", row.trim_end())?;
    }
    for result in checked {
        if let Some(failure) = &result.failure {
            write!(out, "\n{}", failure_details(&result.name, failure))?;
        }
    }
    let failed = checked.iter().filter(|r| r.failure.is_some()).count();
    match failed {
        0 => writeln!(out, "\ncopy-check: all {} passed", checked.len()),
        _ => writeln!(out, "\ncopy-check: {failed} of {} FAILED", checked.len()),
    }
}

fn failure_details(name: &str, failure: &Failure) -> String {
    let mut text = format!(
        "---- {name} ----\n{} failed: {}\n",
        failure.stage, failure.reason
    );
    let tail: Vec<&str> = failure.details.lines().rev().take(30).collect();
    if !tail.is_empty() {
        let _ = writeln!(text, "its output (last {} lines):", tail.len());
        for line in tail.iter().rev() {
            let _ = writeln!(text, "  {line}");
        }
    }
    text
}
