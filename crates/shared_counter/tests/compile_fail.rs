//! The `compile_fail` doc tests in src/lib.rs pass whenever the snippet fails to compile, for any
//! reason: stable rustdoc ignores the error code in the fence. A typo would keep them green. This
//! test compiles each snippet with rustc and checks it fails with exactly the error it names.

use std::process::Command;

const LIB: &str = include_str!("../src/lib.rs");

/// (error code, snippet) for every ```compile_fail,EXXXX block in the crate docs.
fn compile_fail_snippets() -> Vec<(String, String)> {
    let mut snippets = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in LIB.lines() {
        let text = line
            .strip_prefix("//!")
            .map(|rest| rest.strip_prefix(' ').unwrap_or(rest));
        let Some(text) = text else { continue };
        match (&mut current, text.strip_prefix("```compile_fail,")) {
            (None, Some(code)) => current = Some((code.trim().to_owned(), String::new())),
            (Some(_), _) if text.starts_with("```") => snippets.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(text);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    snippets
}

#[test]
fn each_snippet_fails_with_the_error_it_names() {
    let snippets = compile_fail_snippets();
    assert_eq!(
        snippets.len(),
        2,
        "expected the two compile_fail examples of src/lib.rs"
    );
    let dir = tempfile::tempdir().unwrap();
    for (index, (code, body)) in snippets.iter().enumerate() {
        let source = dir.path().join(format!("snippet{index}.rs"));
        // rustdoc wraps a snippet without `fn main` in one; do the same.
        std::fs::write(
            &source,
            format!("#![allow(dead_code)]\nfn main() {{\n{body}}}\n"),
        )
        .unwrap();
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| String::from("rustc"));
        let output = Command::new(rustc)
            .args(["--edition", "2024", "--emit", "metadata", "--out-dir"])
            .arg(dir.path())
            .arg(&source)
            .output()
            .expect("rustc runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "snippet {index} compiled:\n{body}"
        );
        let codes: Vec<&str> = stderr
            .match_indices("error[E")
            .map(|(at, _)| &stderr[at + 6..at + 11])
            .collect();
        assert!(
            !codes.is_empty() && codes.iter().all(|found| found == code),
            "snippet {index} should fail with {code} only, got {codes:?}:\n{stderr}"
        );
    }
}
