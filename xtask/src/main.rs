//! `cargo xtask verify [--bless] [NAME...]`: build the examples once (release), run each as a user
//! would, and check its output, exit status and claims.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use xtask::examples::{Example, example_dirs};
use xtask::verify::{Options, jobs, verify};

const USAGE: &str = "\
usage: cargo xtask verify [--bless] [NAME...]

  verify          build every example (release), run it, check its output, exit and claims
  verify NAME...  only these examples
  --bless         rewrite expected.stdout where only the output differs (never for a failing
                  exit or claim)";

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
    if let Some(flag) = names.iter().find(|name| name.starts_with('-')) {
        return Err(format!("unknown option {flag}\n\n{USAGE}"));
    }
    let mut dirs = example_dirs(&workspace_root())?;
    if !names.is_empty() {
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
    }
    let examples = dirs
        .iter()
        .map(|dir| Example::load(dir))
        .collect::<Result<Vec<_>, _>>()?;
    let programs = build_release(&examples)?;
    let jobs = jobs(&examples, |name| programs[name].clone());
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    verify(&jobs, &Options { bless, cpus }, &mut io::stdout().lock()).map_err(|e| e.to_string())
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
