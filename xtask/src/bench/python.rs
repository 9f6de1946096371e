//! Finding `python3`: the CPython rows need one, everything else runs without.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The first `python3` on `path` (a `PATH` value), as a shell would find it.
pub fn find_python3(path: Option<&OsStr>) -> Option<PathBuf> {
    let name = format!("python3{}", std::env::consts::EXE_SUFFIX);
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
