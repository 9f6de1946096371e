//! Finding the examples: every `crates/<name>` with a `src/main.rs`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::spec::Spec;

pub const EXPECTED_FILE: &str = "expected.stdout";
pub const SPEC_FILE: &str = "verify.toml";

/// One example crate, with its verify settings loaded and checked.
#[derive(Debug)]
pub struct Example {
    /// The folder name, which is also the package and binary name.
    pub name: String,
    pub dir: PathBuf,
    pub expected: String,
    pub spec: Spec,
}

impl Example {
    pub fn load(dir: &Path) -> Result<Example, String> {
        let name = dir
            .file_name()
            .and_then(|name| name.to_str())
            .ok_or_else(|| format!("{}: the folder name is not UTF-8", dir.display()))?
            .to_owned();
        let read = |file: &str| {
            let path = dir.join(file);
            fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        let expected = read(EXPECTED_FILE)?;
        let spec = Spec::parse(&read(SPEC_FILE)?, &expected)
            .map_err(|e| format!("{}: {e}", dir.join(SPEC_FILE).display()))?;
        Ok(Example {
            name,
            dir: dir.to_owned(),
            expected,
            spec,
        })
    }

    pub fn expected_path(&self) -> PathBuf {
        self.dir.join(EXPECTED_FILE)
    }
}

/// The folders under `crates/` that hold an example (a binary), sorted by name. Support crates,
/// which are libraries only, are not examples.
pub fn example_dirs(workspace_root: &Path) -> Result<Vec<PathBuf>, String> {
    let crates = workspace_root.join("crates");
    let entries = fs::read_dir(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("src/main.rs").is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}
