//! `cargo xtask bench` for real, in its quick form: with python3 and without it (a PATH that
//! lacks it), with a second interpreter and with a wrong one, and a check that the timed work
//! is really done in the release build.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use xtask::bench::{
    Interpreter, NO_PILLOW, Programs, Report, SKIPPED, Settings, bench, find_python3, find_pythons,
};
use xtask::build::{release_binaries, workspace_root};

/// The release build of the bench's programs (`bench`, `bench-starts`), built once for all tests.
fn bench_program(name: &str) -> PathBuf {
    static PROGRAMS: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    PROGRAMS.get_or_init(|| release_binaries(&["bench"]).unwrap())[name].clone()
}

fn quick(
    python: Option<Interpreter>,
    more_pythons: Vec<Interpreter>,
) -> (tempfile::TempDir, Report) {
    let out = tempfile::tempdir().unwrap();
    let settings = Settings {
        runs: 1,
        quick: true,
        out_dir: out.path().to_owned(),
        command: String::from("cargo xtask bench --quick"),
    };
    let programs = Programs {
        bench: bench_program("bench"),
        starts: bench_program("bench-starts"),
        python,
        more_pythons,
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
        .filter(|line| line.starts_with(&format!("| {language}")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn without_python3_every_cpython_row_is_skipped_and_the_rest_runs() {
    let empty = tempfile::tempdir().unwrap();
    let path = std::env::join_paths([empty.path()]).unwrap();
    assert_eq!(find_python3(Some(&path)), None);
    let (python, more) = find_pythons(Some(&path), &[]).unwrap();
    assert!(python.is_none() && more.is_empty());
    let (out, report) = quick(python, more);

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
    // The picture has Rust's panel alone.
    let picture = std::fs::read_to_string(out.path().join("four_tasks.svg")).unwrap();
    assert!(picture.contains("Rust: 4 threads") && !picture.contains("CPython"));
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
    let (Some(python), _) = find_pythons(std::env::var_os("PATH").as_deref(), &[]).unwrap() else {
        eprintln!("note: no python3 on PATH; the CPython rows are tested only where it is");
        return;
    };
    let (out, report) = quick(Some(python), Vec::new());
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
        "four_tasks.svg",
    ] {
        let svg = std::fs::read_to_string(out.path().join(chart)).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Rust"), "{chart}");
    }
    assert!(report.notes.is_empty());
    let sqlite_svg = std::fs::read_to_string(out.path().join("sqlite.svg")).unwrap();
    assert!(sqlite_svg.contains("CPython: 2 threads, a connection each"));
    let crawl_svg = std::fs::read_to_string(out.path().join("crawl.svg")).unwrap();
    assert!(crawl_svg.contains("CPython: pipelined"));
    // The picture: CPython's threads and processes, and Rust's threads.
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("results.json")).unwrap())
            .unwrap();
    let drawn: Vec<&str> = json["picture"]
        .as_array()
        .unwrap()
        .iter()
        .map(|panel| panel["key"]["variant"].as_str().unwrap())
        .collect();
    assert_eq!(
        drawn,
        [
            "threads, progress recorded",
            "processes, progress recorded",
            "threads, progress recorded"
        ]
    );
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
    // A PATH of that folder alone: it is the default python3, and nothing else comes along.
    let path = std::env::join_paths([dir.path()]).unwrap();
    let (python, _) = find_pythons(Some(&path), &[]).unwrap();
    let (out, report) = quick(python, Vec::new());

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

/// Another interpreter beside python3 runs the CPU parts and the picture, in rows of its own
/// that name it. Here it is python3 again behind a script of another name: the same version,
/// so its label says where it is.
#[cfg(unix)]
#[test]
fn a_second_interpreter_gets_rows_of_its_own() {
    use std::os::unix::fs::PermissionsExt;

    let path = std::env::var_os("PATH");
    let Some(python3) = find_python3(path.as_deref()) else {
        eprintln!("note: no python3 on PATH; a second interpreter is tested only where it is");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("python-again");
    let script = format!("#!/bin/sh\nexec '{}' \"$@\"\n", python3.display());
    std::fs::write(&again, script).unwrap();
    std::fs::set_permissions(&again, std::fs::Permissions::from_mode(0o755)).unwrap();
    let given = [again.to_string_lossy().into_owned()];
    let (python, more) = find_pythons(path.as_deref(), &given).unwrap();
    let python = python.unwrap();
    // Free-threaded builds on PATH would come too: only ours is wanted here.
    let second = more.into_iter().find(|p| p.path == again).unwrap();
    assert_eq!(
        second.label,
        format!("{} ({})", python.label, again.display())
    );
    let (out, report) = quick(Some(python), vec![second.clone()]);

    let results_md = std::fs::read_to_string(out.path().join("results.md")).unwrap();
    let rows = rows(&results_md, &second.label);
    // 1 + 2 x 4 sum rows at least, 3 fibonacci, 2 for the picture's threads; no starts or
    // downloads.
    assert!(rows.len() >= 14, "{results_md}");
    for row in &rows {
        assert!(
            !row.contains("skipped") && !row.contains("not measured"),
            "{row}"
        );
        assert!(!row.contains("process (") && !row.contains("URL"), "{row}");
    }
    assert!(report.headline.contains(&format!("| {} |", second.label)));
    for chart in ["speedup.svg", "four_tasks.svg"] {
        let svg = std::fs::read_to_string(out.path().join(chart)).unwrap();
        assert!(svg.contains(&second.label), "{chart}");
    }
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("results.json")).unwrap())
            .unwrap();
    let its_own = json["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["key"]["interpreter"] == second.label.as_str())
        .count();
    assert_eq!(its_own, rows.len());
}

/// A `--python` that cannot serve stops `cargo xtask bench` before it builds anything, with one
/// line that names the option and says what is wrong.
#[test]
fn a_wrong_python_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("python3.99");
    let missing = missing.to_string_lossy();
    let xtask = |python: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["bench", "--quick", "--python", python])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        String::from_utf8(output.stderr).unwrap()
    };
    let said = xtask(&missing);
    assert!(
        said.starts_with(&format!("xtask: --python {missing}: cannot run it (")),
        "{said}"
    );
    let said = xtask("python3.99-nowhere");
    assert_eq!(
        said,
        "xtask: --python python3.99-nowhere: not found on PATH\n"
    );
}

/// Programs that are not a CPython 3.8 or newer are refused, each with the reason.
#[cfg(unix)]
#[test]
fn only_cpython_3_8_or_newer_is_taken() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let probed = |implementation: &str, version: &str, major_minor: &str| {
        format!(
            r#"echo '{{"implementation": "{implementation}", "version": "{version}", "major_minor": {major_minor}, "free_threaded": false, "gil": true}}'"#
        )
    };
    let cases = [
        (
            "echo hello",
            "not a Python interpreter: asked what it is, it printed \"hello\"",
        ),
        (
            "echo 'ImportError: no json' >&2; exit 1",
            "not a Python interpreter: asked what it is, it failed (exit status 1): \
             ImportError: no json",
        ),
        (
            &probed("PyPy", "3.10.14", "[3, 10]"),
            "PyPy 3.10.14 is not CPython, which the bench compares",
        ),
        (
            &probed("CPython", "3.7.17", "[3, 7]"),
            "CPython 3.7.17: the bench's programs need 3.8 or newer",
        ),
    ];
    for (i, (body, error)) in cases.iter().enumerate() {
        let program = dir.path().join(format!("python-{i}"));
        std::fs::write(&program, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let given = [program.to_string_lossy().into_owned()];
        let Err(message) = find_pythons(None, &given) else {
            panic!("{body}: taken");
        };
        assert_eq!(message, format!("--python {}: {error}", given[0]));
    }
}

/// LLVM folds a plain sum of squares into a formula; with `black_box` on each term the time
/// must grow with n. Fastest of three, to be fair to a busy machine.
#[test]
fn the_timed_sum_really_adds_every_term() {
    let seconds = |n: u64| {
        (0..3)
            .map(|_| {
                let output = Command::new(bench_program("bench"))
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
            // The sum, the first part, fails: nothing starts a worker.
            starts: program.clone(),
            bench: program,
            python: None,
            more_pythons: Vec::new(),
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
