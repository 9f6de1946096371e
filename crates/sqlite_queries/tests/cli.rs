//! What verify cannot see: `--db` files that are no good, a file kept between runs, and a
//! temporary directory that is gone after every run, also one stopped by Ctrl-C.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::Connection;

fn sqlite_queries() -> Command {
    Command::cargo_bin("sqlite_queries").unwrap()
}

/// A bad `--db` file is one line on stderr (after a debug build's warning) and exit status 1,
/// and the file is left as it was.
fn refused(db: &Path, message: &str) {
    let before = fs::read(db).ok();
    sqlite_queries()
        .args(["--rows", "1000", "--db"])
        .arg(db)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::ends_with(format!(
            "Error: {}: {message}\n",
            db.display()
        )));
    assert_eq!(fs::read(db).ok(), before, "{} changed", db.display());
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    fs::write(
        &db,
        "These are notes, not a database: SQLite says so on the first read.\n",
    )
    .unwrap();
    refused(&db, "not an SQLite database");
}

/// A database with tables of its own is not written to.
#[test]
fn a_database_without_the_table_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.db");
    let app = Connection::open(&db).unwrap();
    app.execute("CREATE TABLE users (name TEXT)", ()).unwrap();
    drop(app);
    refused(
        &db,
        "has tables, but not `readings`: give a new file, or one this program filled",
    );
}

/// The table needs writing: a read-only file is refused. SQLite's `mode=ro` makes the
/// connection read-only even for root, who may write any file; the file's own permissions are
/// tried too where they hold.
#[test]
fn a_read_only_database_that_needs_the_table_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    fs::write(&db, "").unwrap();
    let read_only_uri = PathBuf::from(format!("file:{}?mode=ro", db.display()));
    refused(
        &read_only_uri,
        "cannot create the table readings: it is read-only",
    );

    let mut permissions = fs::metadata(&db).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&db, permissions).unwrap();
    if fs::OpenOptions::new().write(true).open(&db).is_ok() {
        eprintln!("note: this user may write a read-only file (root?); that case is not tried");
        return;
    }
    refused(&db, "cannot create the table readings: it is read-only");
}

#[test]
fn a_folder_that_is_not_there_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no such folder/readings.db");
    refused(&db, "cannot open or create this file");
    assert!(!db.parent().unwrap().exists());
}

/// A new file is filled once; the next run queries it as it found it. A table that holds other
/// data than this program writes fails the check, naming the query.
#[test]
fn a_database_file_is_kept_between_runs_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("readings.db");
    let run = |expected: &str| {
        let output = sqlite_queries()
            .args(["--rows", "2000", "--queries", "3", "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        let first_line = format!("{}, {expected} with 2000 rows: ", db.display());
        assert!(stdout.starts_with(&first_line), "{stdout}");
    };
    run("filled");
    run("found");
    // The last connection closed took the WAL files with it.
    let mut files: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert_eq!(files, ["readings.db"]);

    let other = Connection::open(&db).unwrap();
    other
        .execute("UPDATE readings SET value = 0 WHERE id = 700", ())
        .unwrap();
    drop(other);
    sqlite_queries()
        .args(["--queries", "3", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "Error: the query over ids 1..=1000 found 1000 rows summing to 498800, where this \
             program's data has 1000 rows summing to 499500: the table holds other data",
        ));
}

/// The temporary database lives in a directory of its own under the system's temporary
/// directory, and nothing of it is left there after the run. A build without optimisations
/// says on stderr that its timings mislead (SQLite's C is then unoptimised too); a release
/// build prints nothing there.
#[test]
fn the_temporary_database_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let output = sqlite_queries()
        .args(["--rows", "1000", "--queries", "2"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("A temporary database, filled with 1000 rows: "));
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    let stderr = String::from_utf8(output.stderr).unwrap();
    match cfg!(debug_assertions) {
        true => {
            assert!(stderr.starts_with("warning: a debug build") && stderr.lines().count() == 1)
        }
        false => assert_eq!(stderr, ""),
    }
}

/// Ctrl-C in the middle of filling the table: the program exits as interrupted, and its
/// temporary directory is gone.
#[cfg(unix)]
#[test]
fn ctrl_c_leaves_nothing_behind() {
    use std::process::{Command, Stdio};
    use std::thread;
    use std::time::{Duration, Instant};

    let tmp = tempfile::tempdir().unwrap();
    let mut program = Command::new(assert_cmd::cargo::cargo_bin("sqlite_queries"))
        .args(["--rows", "1000000000"])
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let has_files = |dir: &Path| fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    while !fs::read_dir(tmp.path())
        .unwrap()
        .any(|d| has_files(&d.unwrap().path()))
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no database after 30 s"
        );
        thread::sleep(Duration::from_millis(20));
    }
    let interrupt = Command::new("kill")
        .args(["-INT", &program.id().to_string()])
        .status();
    assert!(interrupt.unwrap().success());
    let interrupted = Instant::now();
    let status = loop {
        if let Some(status) = program.try_wait().unwrap() {
            break status;
        }
        if interrupted.elapsed() > Duration::from_secs(10) {
            program.kill().unwrap();
            panic!("still running 10 s after Ctrl-C");
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn bad_options_get_a_clear_error() {
    let bad = [
        ["--rows", "0"],
        ["--rows", "1000000001"],
        ["--rows", "many"],
        ["--queries", "0"],
        ["--queries", "10001"],
        ["--threads", "0"],
        ["--threads", "257"],
    ];
    for [option, value] in bad {
        sqlite_queries()
            .arg(format!("{option}={value}"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("invalid value"));
    }
}
