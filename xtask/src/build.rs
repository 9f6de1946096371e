//! One `cargo build --release` of some packages, for verify (the examples) and bench (the bench
//! program): xtask itself is a debug build, so it never runs or times code of its own.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace's root folder (xtask's parent).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_owned()
}

/// Builds the binaries of `packages` in release mode and returns each binary's path by name,
/// as cargo reports it in its JSON messages rather than guessed from `target/`. Each package
/// must have a binary of its own name.
pub fn release_binaries(packages: &[&str]) -> Result<HashMap<String, PathBuf>, String> {
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
        .args(packages.iter().flat_map(|package| ["--package", package]))
        .stdout(Stdio::piped());
    // `cargo run` describes xtask's own package in these. Some build scripts (ring's) ask to be
    // rerun when they change, so passing them on would rebuild those crates on every switch
    // between `cargo build` and `cargo xtask`.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || matches!(
                &*name,
                "CARGO_MANIFEST_DIR"
                    | "CARGO_MANIFEST_PATH"
                    | "CARGO_MANIFEST_LINKS"
                    | "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
            )
        {
            command.env_remove(&*name);
        }
    }
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
    match packages
        .iter()
        .find(|package| !programs.contains_key(**package))
    {
        Some(missing) => Err(format!(
            "cargo built no binary named `{missing}`: its Cargo.toml must define a binary of that name"
        )),
        None => Ok(programs),
    }
}
