//! `--local` runs and the command line's errors. Nothing here waits for a network.

use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::str::contains;

fn cluster_sum(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("cluster_sum")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

/// Process 0 prints every share in process order, then the total (main checks it against the
/// closed form); the shares are contiguous and cover 0..n.
fn assert_report(stdout: &str, shares: &[(u64, u64, &str)], total: &str) {
    let mut expected: Vec<String> = (shares.iter().enumerate())
        .map(|(process, (a, b, sum))| format!("Process {process} summed [{a}, {b}): {sum}"))
        .collect();
    expected.push(format!("Total: {total}"));
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected, "{stdout}");
}

#[test]
fn three_local_processes_split_the_range_in_three() {
    let output = cluster_sum(&["--local", "3"]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let shares = [
        (0, 3_333_333, "12345669753088456790"),
        (3_333_333, 6_666_666, "86419710493833641975"),
        (6_666_666, 10_000_000, "234567903086412901235"),
    ];
    assert_report(&stdout, &shares, "333333283333335000000");
}

/// One process needs no network; more processes than numbers leave some shares empty.
#[test]
fn odd_sizes_still_add_up() {
    let output = cluster_sum(&["--local", "1", "--n", "10"]);
    assert_report(
        &String::from_utf8(output.stdout).unwrap(),
        &[(0, 10, "285")],
        "285",
    );
    let output = cluster_sum(&["--local", "3", "--n", "2"]);
    let shares = [(0, 0, "0"), (0, 1, "0"), (1, 2, "1")];
    assert_report(&String::from_utf8(output.stdout).unwrap(), &shares, "1");
}

#[test]
fn bad_arguments_get_a_clear_error() {
    let cases: [&[&str]; 8] = [
        &["--n", "0"],
        &["--n", "ten"],
        &["--local", "0"],
        &["--local", "65"],
        &["--connect-timeout", "0"],
        &["--hosts", "hosts.txt"],
        &["--process", "1"],
        &["--local", "2", "--hosts", "hosts.txt", "--process", "0"],
    ];
    for args in cases {
        Command::cargo_bin("cluster_sum")
            .unwrap()
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("error:"));
    }
}

/// Each bad hosts file is refused with one line naming what is wrong, before anything listens
/// or waits (the default connect timeout is 10 s).
#[test]
fn bad_hosts_files_are_refused_at_once() {
    let cases = [
        ("", "0", "lists no address"),
        ("# only a comment\n\n", "0", "lists no address"),
        (
            "localhost:7000\n",
            "0",
            "line 1: `localhost:7000` is not an IP address and port",
        ),
        (
            "127.0.0.1\n",
            "0",
            "line 1: `127.0.0.1` is not an IP address and port",
        ),
        (
            "127.0.0.1:7000\n127.0.0.1:99999\n",
            "0",
            "line 2: `127.0.0.1:99999`",
        ),
        (
            "127.0.0.1:7000\n0.0.0.0:7001\n",
            "0",
            "line 2: `0.0.0.0:7001` is not an address",
        ),
        (
            "127.0.0.1:0\n",
            "0",
            "line 1: `127.0.0.1:0` is not an address",
        ),
        (
            "127.0.0.1:7000\n127.0.0.1:7000\n",
            "0",
            "line 2: 127.0.0.1:7000 is listed twice",
        ),
        (
            "127.0.0.1:7000\n127.0.0.1:7001\n",
            "2",
            "--process 2 is out of range: ",
        ),
        // TEST-NET-1: no machine has it, so it cannot be this one; nothing is sent there.
        (
            "192.0.2.1:7000\n",
            "0",
            "cannot listen on 192.0.2.1:7000, process 0's address in ",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hosts.txt");
    for (text, process, error) in cases {
        std::fs::write(&file, text).unwrap();
        let start = Instant::now();
        let output = cluster_sum(&["--hosts", file.to_str().unwrap(), "--process", process]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{text:?}: {stderr}");
        assert!(
            stderr.starts_with("Error: ") && stderr.contains(error),
            "{text:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{text:?} took {:?}",
            start.elapsed()
        );
    }
    let output = cluster_sum(&["--hosts", "no/such/hosts.txt", "--process", "0"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("Error: cannot read no/such/hosts.txt: "),
        "{stderr}"
    );
}
