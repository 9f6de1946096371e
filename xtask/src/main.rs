//! `cargo xtask verify [--bless] [NAME...]`: build the examples once (release), run each as a user
//! would, and check its output, exit status and claims.
//!
//! `cargo xtask copy-check [NAME...]`: copy each example as its README says, outside the
//! workspace, then build it and run it there.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use xtask::copy_check::{self, copy_check};
use xtask::examples::{Example, example_dirs};
use xtask::verify::{Options, jobs, verify};

const USAGE: &str = "\
usage: cargo xtask verify [--bless] [NAME...]
       cargo xtask copy-check [NAME...]

  verify              build every example (release), run it, check its output, exit and claims
  verify NAME...      only these examples
  --bless             rewrite expected.stdout where only the output differs (never for a
                      failing exit or claim)
  copy-check          copy every example as its README's Copy it section says into an empty
                      directory outside the workspace, build it there (debug) and run it
  copy-check NAME...  only these examples";

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
    let programs = build_release(&examples)?;
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

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_owned()
}

/// One `cargo build --release` of the examples; returns each example's binary path.
fn build_release(examples: &[Example]) -> Result<HashMap<String, PathBuf>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace_root())
        .args([
            "build",
            "--release",
            "--bins",
            "--message-format=json-render-diagnostics",
        ])
        .args(
            examples
                .iter()
                .flat_map(|example| ["--package", example.name.as_str()]),
        )
        .stdout(Stdio::piped());
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    let mut programs = HashMap::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if let (Some(name), Some(executable)) = (
                message["target"]["name"].as_str(),
                message["executable"].as_str(),
            ) {
                programs.insert(name.to_owned(), PathBuf::from(executable));
            }
        }
    }
    let status = child.wait().map_err(|e| format!("cargo build: {e}"))?;
    if !status.success() {
        return Err(String::from("cargo build --release failed (see above)"));
    }
    match examples
        .iter()
        .find(|example| !programs.contains_key(&example.name))
    {
        Some(missing) => Err(format!(
            "cargo built no binary named `{0}`: crates/{0}/Cargo.toml must define a binary of that name",
            missing.name
        )),
        None => Ok(programs),
    }
}
