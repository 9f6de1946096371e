//! `cargo xtask verify [--bless] [NAME...]`: build the examples once (release), run each as a user
//! would, and check its output, exit status and claims.
//!
//! `cargo xtask copy-check [NAME...]`: copy each example as its README says, outside the
//! workspace, then build it and run it there.
//!
//! `cargo xtask bench [--quick] [--runs N] [--out DIR] [--python PATH]...`: measure Rust beside
//! CPython and write the tables and charts.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use xtask::bench::{Programs, Settings, bench, find_pythons};
use xtask::build::{release_binaries, workspace_root};
use xtask::copy_check::{self, copy_check};
use xtask::examples::{Example, example_dirs};
use xtask::verify::{Options, jobs, verify};

const USAGE: &str = "\
usage: cargo xtask verify [--bless] [NAME...]
       cargo xtask copy-check [NAME...]
       cargo xtask bench [--quick] [--runs N] [--out DIR] [--python PATH]...

  verify              build every example (release), run it, check its output, exit and claims
  verify NAME...      only these examples
  --bless             rewrite expected.stdout where only the output differs (never for a
                      failing exit or claim)

  copy-check          copy every example as its README's Copy it section says into an empty
                      directory outside the workspace, build it there (debug) and run it
  copy-check NAME...  only these examples

  bench               measure Rust (threads, rayon, processes) beside CPython (when python3 is
                      on PATH) on CPU work, worker start-up and downloads; write results.md,
                      results.json and SVG charts (a few minutes)
  --quick             every part once at small sizes: checks that it all works (CI)
  --runs N            take the median of N runs (default 5)
  --out DIR           write there instead of target/bench
  --python PATH       also measure this CPython interpreter (a path, or a name on PATH) on the
                      CPU parts and the picture; repeatable. python3.13t and python3.14t on
                      PATH are measured without being named";

/// How long a copied example, built for debugging, may take with its default arguments.
const COPY_RUN_TIMEOUT: Duration = Duration::from_secs(120);

fn main() -> ExitCode {
    // Each example runs in its own process group, out of reach of the terminal's Ctrl-C: pass it on.
    let interrupted = ctrlc::set_handler(|| {
        xtask::run::kill_running();
        std::process::exit(130);
    });
    if let Err(error) = interrupted {
        eprintln!("xtask: warning: Ctrl-C will not stop running examples ({error})");
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("verify") => run_verify(&args[1..]),
        Some("copy-check") => run_copy_check(&args[1..]),
        Some("bench") => run_bench(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(true)
        }
        _ => Err(format!("expected a command\n\n{USAGE}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_verify(args: &[String]) -> Result<bool, String> {
    let bless = args.iter().any(|arg| arg == "--bless");
    let names: Vec<&String> = args.iter().filter(|arg| *arg != "--bless").collect();
    let dirs = selected_examples(&names)?;
    let examples = dirs
        .iter()
        .map(|dir| Example::load(dir))
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<&str> = examples
        .iter()
        .map(|example| example.name.as_str())
        .collect();
    let programs = release_binaries(&names)?;
    let jobs = jobs(&examples, |name| programs[name].clone());
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    verify(&jobs, &Options { bless, cpus }, &mut io::stdout().lock()).map_err(|e| e.to_string())
}

fn run_copy_check(args: &[String]) -> Result<bool, String> {
    let names: Vec<&String> = args.iter().collect();
    let dirs = selected_examples(&names)?;
    let root = workspace_root();
    let options = copy_check::Options {
        crates_dir: root.join("crates"),
        projects_dir: copies_dir(&root),
        target_dir: root.join("target/copy-check"),
        lockfile: Some(root.join("Cargo.lock")),
        run_timeout: COPY_RUN_TIMEOUT,
    };
    copy_check(&dirs, &options, &mut io::stdout().lock()).map_err(|e| e.to_string())
}

/// Where the copies go: in the system's temporary directory, outside any workspace, and the same
/// for every run from this checkout, so that one run's copies replace the last one's.
fn copies_dir(workspace_root: &Path) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    workspace_root.hash(&mut hasher);
    std::env::temp_dir().join(format!("xtask-copy-check-{:016x}", hasher.finish()))
}

/// The example folders named (all when none is), or an error naming an unknown one.
fn selected_examples(names: &[&String]) -> Result<Vec<PathBuf>, String> {
    if let Some(flag) = names.iter().find(|name| name.starts_with('-')) {
        return Err(format!("unknown option {flag}\n\n{USAGE}"));
    }
    let mut dirs = example_dirs(&workspace_root())?;
    if names.is_empty() {
        return Ok(dirs);
    }
    let name_of = |dir: &PathBuf| dir.file_name().map(|n| n.to_string_lossy().into_owned());
    if let Some(unknown) = names
        .iter()
        .find(|name| !dirs.iter().any(|d| name_of(d).as_ref() == Some(**name)))
    {
        let known: Vec<String> = dirs.iter().filter_map(name_of).collect();
        return Err(format!(
            "no example named `{unknown}`; the examples are: {}",
            known.join(", ")
        ));
    }
    // Only the named examples are loaded, so a half-made one elsewhere does not get in the way.
    dirs.retain(|dir| name_of(dir).is_some_and(|name| names.contains(&&name)));
    Ok(dirs)
}

fn run_bench(args: &[String]) -> Result<bool, String> {
    let mut settings = Settings {
        runs: 5,
        quick: false,
        out_dir: workspace_root().join("target/bench"),
        command: ["cargo xtask bench"]
            .into_iter()
            .chain(args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" "),
    };
    let mut runs_given = false;
    let mut pythons = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => settings.quick = true,
            "--runs" => {
                settings.runs = args
                    .next()
                    .and_then(|runs| runs.parse().ok())
                    .filter(|&runs| runs > 0)
                    .ok_or("--runs needs a number of runs, 1 or more")?;
                runs_given = true;
            }
            "--out" => {
                let dir = args.next().ok_or("--out needs a folder")?;
                settings.out_dir = PathBuf::from(dir);
            }
            "--python" => {
                let python = args.next().ok_or("--python needs an interpreter's path")?;
                pythons.push(python.clone());
            }
            other => return Err(format!("unknown option {other}\n\n{USAGE}")),
        }
    }
    if settings.quick {
        if runs_given {
            return Err(String::from(
                "--quick runs every part once; leave out --runs",
            ));
        }
        settings.runs = 1;
    }
    // Before the build, so that a wrong --python is told at once.
    let (python, more_pythons) = find_pythons(std::env::var_os("PATH").as_deref(), &pythons)?;
    let mut built = release_binaries(&["bench"])?;
    let programs = Programs {
        starts: (built.remove("bench-starts")).ok_or("cargo built no `bench-starts` binary")?,
        bench: (built.remove("bench")).ok_or("cargo built no `bench` binary")?,
        python,
        more_pythons,
        python_dir: workspace_root().join("python"),
    };
    let report = bench(&settings, &programs)?;
    println!("{}", report.headline);
    for file in &report.files {
        println!("wrote {}", file.display());
    }
    for note in &report.notes {
        println!("{note}");
    }
    Ok(true)
}
