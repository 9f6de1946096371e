//! The image parts: `pictures` saves the test pictures, `images` prints one JSON line per way,
//! and a picture that cannot be decoded fails the run with a line naming it. (Times of this
//! debug build mean nothing; xtask's own tests run the release build.)

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bench"))
        .args(args)
        .output()
        .unwrap()
}

fn make_pictures(dir: &Path, count: &str) {
    let output = bench(&["pictures", "--dir", dir.to_str().unwrap(), "--count", count]);
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn every_way_prints_its_line_with_the_count() {
    let dir = tempfile::tempdir().unwrap();
    make_pictures(dir.path(), "3");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    let output = bench(&["images", "--dir", dir.path().to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let variants: Vec<&str> = lines
        .iter()
        .map(|l| l["variant"].as_str().unwrap())
        .collect();
    assert_eq!(variants, ["sequential", "rayon", "processes"]);
    for line in &lines {
        assert_eq!(line["part"], "images", "{line}");
        assert_eq!(line["count"], 3, "{line}");
        assert!(line["seconds"].as_f64().unwrap() >= 0.0, "{line}");
    }
}

#[test]
fn a_picture_that_cannot_be_decoded_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    make_pictures(dir.path(), "1");
    let broken = dir.path().join("broken.png");
    std::fs::write(&broken, "not a picture").unwrap();
    let output = bench(&["images", "--dir", dir.path().to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("error: {}: cannot decode it", broken.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("bench: sequential: some of the pictures have no thumbnail"),
        "{stderr}"
    );
}
