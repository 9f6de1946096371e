//! resize_images on folders of real files, good and bad: what verify's default run cannot show.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use image::{Rgb, RgbImage};

fn resize_images(args: &[&str]) -> Output {
    Command::cargo_bin("resize_images")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// A small picture of the given size, saved in the format its name says.
fn save_picture(path: &Path, width: u32, height: u32) {
    let picture = RgbImage::from_fn(width, height, |x, y| Rgb([x as u8, y as u8, 128]));
    picture.save(path).unwrap();
}

/// The three times, each with two decimals, after the line that counts the images.
fn assert_three_times(stdout: &str, images: usize) {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert_eq!(
        lines[0],
        format!("Thumbnails of {images} images, at most 256x256:")
    );
    for (line, way) in lines[1..]
        .iter()
        .zip(["One after another", "Rayon", "Worker processes"])
    {
        let time = line
            .strip_prefix(&format!(" {way}: "))
            .and_then(|rest| rest.strip_suffix('s'))
            .and_then(|time| time.parse::<f64>().ok());
        assert!(time.is_some(), "{line:?}");
    }
}

/// Without --dir it makes its own pictures and removes them (and the thumbnails) at the end.
#[test]
fn makes_test_pictures_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("resize_images")
        .unwrap()
        .args(["--count", "3"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_three_times(text(&output.stdout), 3);
    assert_eq!(text(&output.stderr), "");
    let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Images of any shape and both formats; other files are left alone. `main` checks every
/// thumbnail's size (a wrong one panics, exit status 101).
#[test]
fn every_png_and_jpeg_in_the_folder_gets_its_thumbnail() {
    let dir = tempfile::tempdir().unwrap();
    save_picture(&dir.path().join("wide.png"), 640, 480);
    save_picture(&dir.path().join("tall.JPG"), 300, 600);
    save_picture(&dir.path().join("small.jpeg"), 100, 50);
    fs::write(dir.path().join("notes.txt"), "not an image").unwrap();
    let output = resize_images(&["--dir", dir.path().to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_three_times(text(&output.stdout), 3);
    assert_eq!(text(&output.stderr), "");
}

/// A corrupt, a cut-off and an unreadable image each get one line naming the file; the good
/// ones are still done, and the exit status is 1.
#[test]
fn each_bad_image_gets_one_line_and_the_others_are_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    save_picture(&path("good-1.png"), 640, 360);
    save_picture(&path("good-2.jpg"), 400, 400);
    fs::write(path("corrupt.png"), b"this is no PNG").unwrap();
    let whole = fs::read(path("good-1.png")).unwrap();
    fs::write(path("cut-off.png"), &whole[..whole.len() / 2]).unwrap();
    // Unreadable even for root: a folder by an image's name.
    fs::create_dir(path("folder.jpg")).unwrap();

    let output = resize_images(&["--dir", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert_three_times(text(&output.stdout), 5);
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    for (name, why) in [
        ("corrupt.png", "cannot decode it"),
        ("cut-off.png", "cannot decode it"),
        ("folder.jpg", "cannot"),
    ] {
        let line = format!("error: {}: {why}", path(name).display());
        assert!(
            stderr.lines().any(|l| l.starts_with(&line)),
            "no line {line:?} in\n{stderr}"
        );
    }
}

#[test]
fn a_missing_folder_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("photos");
    let output = resize_images(&["--dir", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: cannot read the folder {}: ",
            missing.display()
        )),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_folder_without_images_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "not an image").unwrap();
    let output = resize_images(&["--dir", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        format!("error: no PNG or JPEG images in {}\n", dir.path().display())
    );
}

#[test]
fn bad_options_get_a_clear_error() {
    for args in [
        &["--count", "0"][..],
        &["--count", "many"],
        &["--count", "10001"],
        &["--count", "2", "--dir", "."],
    ] {
        let output = resize_images(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("invalid value") || stderr.contains("cannot be used with"),
            "{args:?}: {stderr}"
        );
    }
}
