//! `cargo xtask bench` for real, in its quick form: with python3 and without it (a PATH that
//! lacks it), and a check that the timed work is really done in the release build.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use xtask::bench::{NO_PILLOW, Programs, Report, SKIPPED, Settings, bench, find_python3};
use xtask::build::{release_binaries, workspace_root};

/// The release build of the bench program, built once for all tests.
fn bench_program() -> PathBuf {
    static PROGRAM: OnceLock<PathBuf> = OnceLock::new();
    PROGRAM
        .get_or_init(|| release_binaries(&["bench"]).unwrap()["bench"].clone())
        .clone()
}

fn quick(python: Option<PathBuf>) -> (tempfile::TempDir, Report) {
    let out = tempfile::tempdir().unwrap();
    let settings = Settings {
        runs: 1,
        quick: true,
        out_dir: out.path().to_owned(),
        command: String::from("cargo xtask bench --quick"),
    };
    let programs = Programs {
        bench: bench_program(),
        python,
        python_dir: workspace_root().join("python"),
    };
    let report = bench(&settings, &programs).unwrap();
    (out, report)
}

/// The table rows of results.md that hold measurements (not headers, not the headline).
fn rows(results_md: &str, language: &str) -> Vec<String> {
    let details = &results_md[results_md.find("## CPU scaling").unwrap()..];
    details
        .lines()
        .filter(|line| line.starts_with(&format!("| {language} |")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn without_python3_every_cpython_row_is_skipped_and_the_rest_runs() {
    let empty = tempfile::tempdir().unwrap();
    let path = std::env::join_paths([empty.path()]).unwrap();
    let python = find_python3(Some(&path));
    assert_eq!(python, None);
    let (out, report) = quick(python);

    let results_md = std::fs::read_to_string(out.path().join("results.md")).unwrap();
    let cpython = rows(&results_md, "CPython");
    // 1 + 2 x 4 sum rows at least, 3 fibonacci, 4 starts, 2 x 2 downloads.
    assert!(cpython.len() >= 20, "{results_md}");
    for row in &cpython {
        assert!(row.contains(SKIPPED), "{row}");
    }
    let rust = rows(&results_md, "Rust");
    // 1 + 3 x 4 sum rows at least, 3 fibonacci, 2 starts, 2 x 2 + 1 downloads.
    assert!(rust.len() >= 23, "{results_md}");
    for row in &rust {
        assert!(
            !row.contains("skipped") && !row.contains("not measured"),
            "{row}"
        );
    }
    assert!(report.headline.contains(SKIPPED), "{}", report.headline);

    assert!(out.path().join("speedup.svg").is_file());
    assert!(out.path().join("io_scale.svg").is_file());
    assert!(!out.path().join("rust_vs_cpython.svg").exists());
    // The SQLite part: Rust's rows are measured (the loop above), its chart has Rust's bars only.
    assert!(results_md.contains("\n| Rust | threads, a connection each | 2 | "));
    let sqlite_svg = std::fs::read_to_string(out.path().join("sqlite.svg")).unwrap();
    assert!(sqlite_svg.contains("Rust: 2 threads, a connection each"));
    assert!(!sqlite_svg.contains("CPython:"));
    // The crawl: Rust's rows are measured (the loop above), its chart has Rust's bars only.
    assert!(
        results_md.contains("\n| Rust | pipelined | 16 | "),
        "{results_md}"
    );
    let crawl_svg = std::fs::read_to_string(out.path().join("crawl.svg")).unwrap();
    assert!(crawl_svg.contains("Rust: pipelined") && !crawl_svg.contains("CPython:"));
    assert!(report.notes.iter().any(|note| note.contains(SKIPPED)));
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("results.json")).unwrap())
            .unwrap();
    assert_eq!(json["machine"]["python"], Value::Null);
    let measured = json["measurements"].as_array().unwrap();
    assert_eq!(measured.len(), rust.len());
    assert!(
        measured
            .iter()
            .all(|m| m["key"]["language"] == "Rust" && m["summary"]["median"].is_f64())
    );
}

#[test]
fn with_python3_every_row_is_measured() {
    let Some(python) = find_python3(std::env::var_os("PATH").as_deref()) else {
        eprintln!("note: no python3 on PATH; the CPython rows are tested only where it is");
        return;
    };
    let (out, report) = quick(Some(python));
    let results_md = std::fs::read_to_string(out.path().join("results.md")).unwrap();
    let cpython = rows(&results_md, "CPython");
    assert!(cpython.len() >= 20, "{results_md}");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("results.json")).unwrap())
            .unwrap();
    let pillow = json["machine"]["pillow"].is_string();
    // Linux has all three start methods; elsewhere a missing one is "not measured here". The
    // image rows need Pillow (the test below covers its absence).
    for row in cpython.iter().chain(&rows(&results_md, "Rust")) {
        let missing = row.contains("skipped") || row.contains("not measured");
        let excused = !cfg!(target_os = "linux") || (!pillow && row.contains(NO_PILLOW));
        assert!(!missing || excused, "{row}");
    }
    assert!(!report.headline.contains(SKIPPED), "{}", report.headline);
    for chart in [
        "speedup.svg",
        "rust_vs_cpython.svg",
        "sqlite.svg",
        "io_scale.svg",
        "crawl.svg",
        "images.svg",
    ] {
        let svg = std::fs::read_to_string(out.path().join(chart)).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Rust"), "{chart}");
    }
    assert!(report.notes.is_empty());
    let sqlite_svg = std::fs::read_to_string(out.path().join("sqlite.svg")).unwrap();
    assert!(sqlite_svg.contains("CPython: 2 threads, a connection each"));
    let crawl_svg = std::fs::read_to_string(out.path().join("crawl.svg")).unwrap();
    assert!(crawl_svg.contains("CPython: pipelined"));
}

/// A python3 without Pillow: the image rows say how to install it; every other CPython row is
/// measured. The same python3 started with `-S` has no site-packages, so no Pillow.
#[cfg(unix)]
#[test]
fn without_pillow_the_image_rows_say_how_to_get_it_and_the_rest_runs() {
    use std::os::unix::fs::PermissionsExt;

    let Some(real) = find_python3(std::env::var_os("PATH").as_deref()) else {
        eprintln!("note: no python3 on PATH; the rows without Pillow are tested only where it is");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let python = dir.path().join("python3");
    let script = format!("#!/bin/sh\nexec '{}' -S \"$@\"\n", real.display());
    std::fs::write(&python, script).unwrap();
    std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (out, report) = quick(Some(python));

    let results_md = std::fs::read_to_string(out.path().join("results.md")).unwrap();
    let cpython = rows(&results_md, "CPython");
    let (images, others): (Vec<&String>, Vec<&String>) =
        (cpython.iter()).partition(|row| row.contains(NO_PILLOW));
    // One after another, threads, processes.
    assert_eq!(images.len(), 3, "{results_md}");
    assert!(others.len() >= 20, "{results_md}");
    for row in others {
        let missing = row.contains("skipped") || row.contains("not measured");
        assert!(!missing || !cfg!(target_os = "linux"), "{row}");
    }
    assert!(report.headline.contains(NO_PILLOW), "{}", report.headline);
    assert!(results_md.contains("without Pillow"), "{results_md}");
    for chart in ["speedup.svg", "rust_vs_cpython.svg", "images.svg"] {
        assert!(out.path().join(chart).is_file(), "{chart}");
    }
}

/// LLVM folds a plain sum of squares into a formula; with `black_box` on each term the time
/// must grow with n. Fastest of three, to be fair to a busy machine.
#[test]
fn the_timed_sum_really_adds_every_term() {
    let seconds = |n: u64| {
        (0..3)
            .map(|_| {
                let output = Command::new(bench_program())
                    .args(["sum", "--n", &n.to_string(), "--max-workers", "1"])
                    .output()
                    .unwrap();
                assert!(output.status.success());
                let first = String::from_utf8(output.stdout).unwrap();
                let line: Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
                assert_eq!(line["variant"], "sequential");
                line["seconds"].as_f64().unwrap()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let ratio = seconds(200_000_000) / seconds(20_000_000);
    assert!(ratio > 5.0, "10x the terms took only {ratio:.1}x the time");
}

/// A program that fails, or prints something else than measurements, stops the bench with an
/// error that says which step and shows what the program said.
#[cfg(unix)]
#[test]
fn a_failing_step_stops_the_bench_and_says_why() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "echo 'bench: the sum is wrong' >&2; exit 1",
            "Rust sum of squares failed (exit status 1)",
            "bench: the sum is wrong",
        ),
        (
            "echo 'Sequential: 0.25 s'",
            "Rust sum of squares: not a measurement",
            "Sequential: 0.25 s",
        ),
    ];
    for (i, (sum, error, detail)) in cases.into_iter().enumerate() {
        // Serves a "site" that nobody visits, and does `sum` as told.
        let program = dir.path().join(format!("bench-{i}"));
        let script = format!(
            "#!/bin/sh\ncase \"$1\" in\n  serve|crawl-site) echo '{{\"site\": \"127.0.0.1:9\"}}'; cat >/dev/null ;;\n  sum) {sum} ;;\nesac\n"
        );
        std::fs::write(&program, script).unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let settings = Settings {
            runs: 1,
            quick: true,
            out_dir: dir.path().join("out"),
            command: String::from("cargo xtask bench --quick"),
        };
        let programs = Programs {
            bench: program,
            python: None,
            python_dir: workspace_root().join("python"),
        };
        let Err(message) = bench(&settings, &programs) else {
            panic!("the bench passed with a broken program");
        };
        assert!(message.contains(error), "{message}");
        assert!(message.contains(detail), "{message}");
        assert!(!dir.path().join("out/results.md").exists());
    }
}
