//! Finding the CPython interpreters and naming them. `python3` on `PATH` runs every CPython
//! part; more interpreters (`--python PATH`, and `python3.13t` or `python3.14t` on `PATH`) run
//! the CPU parts and the picture beside it. Everything else runs without any.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::run::{Exit, run};

/// Free-threaded builds (PEP 703, PEP 779), picked up from `PATH` without being asked for.
const FREE_THREADED: [&str; 2] = ["python3.13t", "python3.14t"];

/// Asking an interpreter what it is takes well under a second; this only stops a hung one.
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);

/// The first `python3` on `path` (a `PATH` value), as a shell would find it.
pub fn find_python3(path: Option<&OsStr>) -> Option<PathBuf> {
    find_on_path("python3", path)
}

fn find_on_path(name: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    let name = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path?)
        .map(|dir| dir.join(&name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// One CPython interpreter, as it says it is.
#[derive(Clone, Debug, Serialize)]
pub struct Interpreter {
    pub path: PathBuf,
    /// `platform.python_version()`: 3.13.5.
    pub version: String,
    /// Built with `--disable-gil` (what the `t` in python3.13t stands for).
    pub free_threaded: bool,
    /// `sys._is_gil_enabled()` at start-up; always on before 3.13. A free-threaded build runs
    /// with it on under `-X gil=1` or `PYTHON_GIL=1`.
    pub gil: bool,
    /// How rows and charts name it, unique in a run: `CPython 3.13.5t, GIL off`.
    pub label: String,
    /// `python3` on `PATH`: every CPython part runs on it, and its measurements carry no tag.
    pub default: bool,
}

/// What the probe prints, in any Python from 2.7 on, so that an old one gets a clear error.
const PROBE: &str = "import json, platform, sys, sysconfig
print(json.dumps({
    'implementation': platform.python_implementation(),
    'version': platform.python_version(),
    'major_minor': list(sys.version_info[:2]),
    'free_threaded': bool(sysconfig.get_config_var('Py_GIL_DISABLED')),
    'gil': getattr(sys, '_is_gil_enabled', lambda: True)(),
}))";

#[derive(Deserialize)]
struct Probed {
    implementation: String,
    version: String,
    major_minor: (u32, u32),
    free_threaded: bool,
    gil: bool,
}

impl Interpreter {
    /// Runs `path` to ask what it is. An error says why it cannot serve, in one sentence.
    pub fn probe(path: &Path) -> Result<Interpreter, String> {
        let args = [String::from("-c"), String::from(PROBE)];
        let outcome =
            run(path, &args, PROBE_TIMEOUT).map_err(|e| format!("cannot run it ({e})"))?;
        let failed = match outcome.exit {
            Exit::Code(0) => None,
            Exit::Code(code) => Some(format!("exit status {code}")),
            Exit::Signal(signal) => Some(format!("killed by signal {signal}")),
            Exit::TimedOut => Some(format!("no answer in {PROBE_TIMEOUT:?}")),
        };
        if let Some(failed) = failed {
            let said = outcome.stderr.lines().last().unwrap_or("").trim();
            return Err(format!(
                "not a Python interpreter: asked what it is, it failed ({failed}): {said}"
            ));
        }
        let probed: Probed = serde_json::from_str(outcome.stdout.trim()).map_err(|_| {
            let said = outcome.stdout.lines().next().unwrap_or("").trim();
            format!("not a Python interpreter: asked what it is, it printed {said:?}")
        })?;
        if probed.implementation != "CPython" {
            return Err(format!(
                "{} {} is not CPython, which the bench compares",
                probed.implementation, probed.version
            ));
        }
        if probed.major_minor < (3, 8) {
            return Err(format!(
                "CPython {}: the bench's programs need 3.8 or newer",
                probed.version
            ));
        }
        let t = if probed.free_threaded { "t" } else { "" };
        let gil = if probed.gil { "on" } else { "off" };
        Ok(Interpreter {
            path: path.to_owned(),
            label: format!("CPython {}{t}, GIL {gil}", probed.version),
            version: probed.version,
            free_threaded: probed.free_threaded,
            gil: probed.gil,
            default: false,
        })
    }

    /// What its measurements are tagged with: nothing for the default `python3`, whose rows
    /// every part has, its label for the others.
    pub fn tag(&self) -> Option<&str> {
        (!self.default).then_some(self.label.as_str())
    }
}

/// The interpreters of a run: `python3` on `path` (a `PATH` value) as the default, then each
/// of `given` (`--python`: a path, or a name looked up on `PATH`), then the free-threaded builds
/// on `PATH`. One that is already there is left out; one that cannot serve is an error that
/// names it.
pub fn find_pythons(
    path: Option<&OsStr>,
    given: &[String],
) -> Result<(Option<Interpreter>, Vec<Interpreter>), String> {
    let default = match find_python3(path) {
        Some(python3) => Some(Interpreter {
            default: true,
            ..Interpreter::probe(&python3)
                .map_err(|e| format!("python3 on PATH ({}): {e}", python3.display()))?
        }),
        None => None,
    };
    let mut seen: Vec<PathBuf> = default.iter().map(|python| real(&python.path)).collect();
    let mut labels: Vec<String> = default.iter().map(|python| python.label.clone()).collect();
    let mut more = Vec::new();
    let given = given.iter().map(|arg| {
        let found = match arg.contains(['/', '\\']) {
            true => Some(PathBuf::from(arg)),
            false => find_on_path(arg, path),
        };
        (format!("--python {arg}"), found.ok_or("not found on PATH"))
    });
    let on_path = FREE_THREADED
        .iter()
        .filter_map(|name| Some((format!("{name} on PATH"), Ok(find_on_path(name, path)?))));
    for (origin, found) in given.chain(on_path) {
        let python = found.map_err(|e| format!("{origin}: {e}"))?;
        if seen.contains(&real(&python)) {
            continue;
        }
        seen.push(real(&python));
        let mut interpreter = Interpreter::probe(&python).map_err(|e| format!("{origin}: {e}"))?;
        // Two builds of one version (say, with and without PGO) are told apart by their path.
        if labels.contains(&interpreter.label) {
            interpreter.label = format!("{} ({})", interpreter.label, python.display());
        }
        labels.push(interpreter.label.clone());
        more.push(interpreter);
    }
    Ok((default, more))
}

/// The file a path names, links followed, for telling the same interpreter given twice.
fn real(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn found_only_where_path_has_an_executable_python3() {
        let empty = tempfile::tempdir().unwrap();
        let with = tempfile::tempdir().unwrap();
        let not_executable = tempfile::tempdir().unwrap();
        let python = with.path().join("python3");
        fs::write(&python, "#!/bin/sh\n").unwrap();
        fs::set_permissions(&python, fs::Permissions::from_mode(0o755)).unwrap();
        fs::write(not_executable.path().join("python3"), "").unwrap();

        let path_of = |dirs: &[&Path]| std::env::join_paths(dirs).unwrap();
        assert_eq!(find_python3(Some(&path_of(&[empty.path()]))), None);
        assert_eq!(find_python3(Some(&path_of(&[not_executable.path()]))), None);
        assert_eq!(
            find_python3(Some(&path_of(&[empty.path(), with.path()]))),
            Some(python)
        );
        assert_eq!(find_python3(None), None);
    }
}
