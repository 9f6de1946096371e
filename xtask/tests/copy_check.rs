//! copy-check must be able to fail. Each test lays out a throwaway `crates/` with an example
//! `demo` and a support folder `helper`, runs the real copy-check on it (real cargo builds, no
//! registry crates), and checks the verdict.

use std::fs;
use std::path::Path;
use std::time::Duration;

use tempfile::TempDir;
use xtask::copy_check::{Options, copy_check};

const HELPER_MANIFEST: &str = "[package]\nname = \"helper\"\nversion = \"0.1.0\"\n\
                               edition = \"2024\"\n";

/// A support folder that only builds inside a workspace, as ours did before they stood alone.
const INHERITING_MANIFEST: &str = "[package]\nname = \"helper\"\nversion = \"0.1.0\"\n\
                                   edition.workspace = true\n";

const USES_HELPER: &str = "fn main() {\n    println!(\"{}\", helper::greeting());\n}\n";

struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// `crates/demo` with `main_rs` and a README whose Copy it section shows `cargo_toml` and then
    /// says `after`; `crates/helper` with `helper_manifest`.
    fn new(main_rs: &str, cargo_toml: &str, after: &str, helper_manifest: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("crates/demo");
        fs::create_dir_all(demo.join("src")).unwrap();
        fs::write(demo.join("src/main.rs"), main_rs).unwrap();
        let readme = format!(
            "# demo\n\n## Run it\n\nIt greets.\n\n## Copy it\n\n`Cargo.toml`:\n\n```toml\n\
             {cargo_toml}```\n\n{after}\n"
        );
        fs::write(demo.join("README.md"), readme).unwrap();
        let helper = dir.path().join("crates/helper");
        fs::create_dir_all(helper.join("src")).unwrap();
        fs::write(helper.join("Cargo.toml"), helper_manifest).unwrap();
        let greeting = "pub fn greeting() -> &'static str {\n    \"hello\"\n}\n";
        fs::write(helper.join("src/lib.rs"), greeting).unwrap();
        Fixture { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs copy-check on `demo`: (passed, what it printed).
    fn check(&self) -> (bool, String) {
        let options = Options {
            crates_dir: self.path().join("crates"),
            projects_dir: self.path().join("copies"),
            target_dir: self.path().join("target"),
            lockfile: None,
            run_timeout: Duration::from_secs(30),
        };
        let mut report = Vec::new();
        let dirs = [self.path().join("crates/demo")];
        let passed = copy_check(&dirs, &options, &mut report).unwrap();
        (passed, String::from_utf8(report).unwrap())
    }
}

fn manifest(dependencies: &str) -> String {
    format!(
        "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{dependencies}"
    )
}

const HELPER_DEPENDENCY: &str = "helper = { path = \"../helper\" }\n";
const NAMES_EVERYTHING: &str = "and [src/main.rs](src/main.rs).\n\n\
                                Folders to put beside it: [helper](../helper), which greets.";

fn assert_fails(fixture: &Fixture, wanted_in_report: &str) {
    let (passed, report) = fixture.check();
    assert!(!passed, "copy-check passed, but should not have:\n{report}");
    assert!(
        report.contains(wanted_in_report),
        "report lacks {wanted_in_report:?}:\n{report}"
    );
    assert!(report.contains("1 of 1 FAILED"), "{report}");
}

#[test]
fn a_copy_of_what_the_readme_names_builds_and_runs() {
    let fixture = Fixture::new(
        USES_HELPER,
        &manifest(HELPER_DEPENDENCY),
        NAMES_EVERYTHING,
        HELPER_MANIFEST,
    );
    let (passed, report) = fixture.check();
    assert!(passed, "{report}");
    assert!(report.contains("all 1 passed"), "{report}");
    // The copy holds what the README names, and nothing of the workspace around it.
    let copy = fixture.path().join("copies/demo");
    assert!(copy.join("demo/src/main.rs").is_file());
    assert!(copy.join("helper/src/lib.rs").is_file());
    assert!(!copy.join("demo/README.md").exists());
}

#[test]
fn a_cargo_toml_that_misses_a_dependency_fails_the_build() {
    let fixture = Fixture::new(
        USES_HELPER,
        &manifest(""),
        NAMES_EVERYTHING,
        HELPER_MANIFEST,
    );
    assert_fails(&fixture, "`helper`");
}

#[test]
fn a_support_folder_that_needs_a_workspace_fails_the_build() {
    let fixture = Fixture::new(
        USES_HELPER,
        &manifest(HELPER_DEPENDENCY),
        NAMES_EVERYTHING,
        INHERITING_MANIFEST,
    );
    assert_fails(&fixture, "error inheriting `edition`");
}

#[test]
fn a_folder_the_readme_does_not_name_is_not_beside_the_copy() {
    let fixture = Fixture::new(
        USES_HELPER,
        &manifest(HELPER_DEPENDENCY),
        "and [src/main.rs](src/main.rs).\n\nFolders to put beside it: none.",
        HELPER_MANIFEST,
    );
    assert_fails(&fixture, "helper");
}

#[test]
fn a_file_the_readme_does_not_name_is_not_in_the_copy() {
    let fixture = Fixture::new(
        "mod words;\nfn main() {\n    println!(\"{}\", words::HELLO);\n}\n",
        &manifest(""),
        "and [src/main.rs](src/main.rs).\n\nFolders to put beside it: none.",
        HELPER_MANIFEST,
    );
    let words = fixture.path().join("crates/demo/src/words.rs");
    fs::write(words, "pub const HELLO: &str = \"hello\";\n").unwrap();
    assert_fails(&fixture, "words");
}

#[test]
fn a_copy_whose_run_fails_fails() {
    let fixture = Fixture::new(
        "fn main() {\n    std::process::exit(3);\n}\n",
        &manifest(""),
        "and [src/main.rs](src/main.rs).\n\nFolders to put beside it: none.",
        HELPER_MANIFEST,
    );
    assert_fails(&fixture, "exited with status 3, expected 0");
}

#[test]
fn a_readme_without_a_copy_it_section_fails() {
    let fixture = Fixture::new(USES_HELPER, &manifest(""), "", HELPER_MANIFEST);
    let readme = fixture.path().join("crates/demo/README.md");
    fs::write(&readme, "# demo\n\n## Run it\n\nIt greets.\n").unwrap();
    assert_fails(&fixture, "README.md has no `## Copy it` section");
}
