//! Processes started by hand, one per address of a hosts file, as on several machines: here
//! 127.0.0.1, 127.0.0.2 and 127.0.0.3, which Linux routes to this machine (macOS and Windows
//! answer on 127.0.0.1 only). A process that is killed or never comes ends the others with one
//! line and a non-zero exit, never a hang.
#![cfg(target_os = "linux")]

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A hosts file listing `processes` addresses, on 127.0.0.1, 127.0.0.2, ... at free ports.
fn hosts_file(processes: u8) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (1..=processes)
        .map(|k| {
            // The port is free now; the process binds it a moment later (a test may lose it).
            let listener = TcpListener::bind((Ipv4Addr::new(127, 0, 0, k), 0)).unwrap();
            listener.local_addr().unwrap().to_string()
        })
        .collect();
    std::fs::write(dir.path().join("hosts.txt"), lines.join("\n") + "\n").unwrap();
    dir
}

fn launch(hosts: &TempDir, process: usize, args: &[&str]) -> Child {
    let file = hosts.path().join("hosts.txt");
    Command::new(assert_cmd::cargo::cargo_bin("cluster_sum"))
        .args([
            "--hosts",
            file.to_str().unwrap(),
            "--process",
            &process.to_string(),
        ])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

struct Ended {
    status: ExitStatus,
    /// After the run started, or after whatever the test counts from.
    at: Duration,
    stdout: String,
    stderr: String,
}

/// Waits for `child` (killing it, and failing, after `within` from `since`).
fn finish(mut child: Child, since: Instant, within: Duration) -> Ended {
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if since.elapsed() > within {
            let _ = child.kill();
            panic!("still running {within:?} later");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let at = since.elapsed();
    let output = child.wait_with_output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    Ended {
        status,
        at,
        stdout: text(output.stdout),
        stderr: text(output.stderr),
    }
}

fn started_on(hosts: &TempDir, processes: usize, args: &[&str]) -> Vec<Child> {
    (0..processes)
        .map(|process| launch(hosts, process, args))
        .collect()
}

#[test]
fn three_processes_on_three_loopback_addresses() {
    let hosts = hosts_file(3);
    let start = Instant::now();
    // Last first: processes 2 and 1 try to reach process 0 before it listens.
    let children: Vec<Child> = (0..3)
        .rev()
        .map(|process| launch(&hosts, process, &[]))
        .collect();
    let ended: Vec<Ended> = children
        .into_iter()
        .map(|child| finish(child, start, Duration::from_secs(10)))
        .collect();
    for end in &ended {
        assert!(
            end.status.success() && end.stderr.is_empty(),
            "{}",
            end.stderr
        );
    }
    assert_eq!(ended[0].stdout, "", "only process 0 reports");
    assert_eq!(ended[1].stdout, "");
    assert_eq!(
        ended[2].stdout,
        "Process 0 summed [0, 3333333): 12345669753088456790\n\
         Process 1 summed [3333333, 6666666): 86419710493833641975\n\
         Process 2 summed [6666666, 10000000): 234567903086412901235\n\
         Total: 333333283333335000000\n"
    );
}

#[test]
fn two_processes_with_a_smaller_n() {
    let hosts = hosts_file(2);
    let start = Instant::now();
    let mut children = started_on(&hosts, 2, &["--n", "1000"]);
    let second = finish(children.pop().unwrap(), start, Duration::from_secs(10));
    let first = finish(children.pop().unwrap(), start, Duration::from_secs(10));
    assert!(first.status.success() && second.status.success());
    assert_eq!(
        first.stdout,
        "Process 0 summed [0, 500): 41541750\nProcess 1 summed [500, 1000): 291291750\n\
         Total: 332833500\n"
    );
}

/// Process 2 is killed in the middle of its share; processes 0 and 1 each print one line
/// naming it and exit with status 1, within a second.
#[test]
fn a_killed_process_ends_the_others_with_one_line() {
    let hosts = hosts_file(3);
    // 10^11 terms: a minute of work, so the sum is in full swing when the kill comes.
    let mut children = started_on(&hosts, 3, &["--n", "100000000000"]);
    thread::sleep(Duration::from_millis(1500));
    let mut killed = children.pop().unwrap();
    for child in &mut children {
        assert!(child.try_wait().unwrap().is_none(), "ended before the kill");
    }
    killed.kill().unwrap();
    let kill = Instant::now();
    killed.wait().unwrap();
    for (process, child) in children.into_iter().enumerate() {
        let end = finish(child, kill, Duration::from_secs(5));
        assert_eq!(end.status.code(), Some(1), "{}", end.stderr);
        assert!(
            end.at < Duration::from_secs(1),
            "process {process} took {:?}",
            end.at
        );
        assert_eq!(end.stdout, "");
        assert_eq!(end.stderr.lines().count(), 1, "{}", end.stderr);
        let line = format!("Error: process {process} lost its connection to process 2 (");
        assert!(end.stderr.starts_with(&line), "{}", end.stderr);
        assert!(!end.stderr.contains("panicked"), "{}", end.stderr);
    }
}

/// Process 2 never starts: at the end of the connect timeout, processes 0 and 1, which both
/// wait for it to connect, each say so.
#[test]
fn a_process_that_never_comes_ends_the_others_after_the_timeout() {
    let hosts = hosts_file(3);
    let start = Instant::now();
    let children = started_on(&hosts, 2, &["--connect-timeout", "1"]);
    for child in children {
        let end = finish(child, start, Duration::from_secs(5));
        assert_eq!(end.stderr, "Error: process 2 did not connect within 1 s\n");
        assert_eq!(end.status.code(), Some(1));
        // Not before the timeout; soon after it (the bound allows for a busy machine).
        let (low, high) = (Duration::from_secs(1), Duration::from_millis(2500));
        assert!(low <= end.at && end.at < high, "ended after {:?}", end.at);
    }
}

/// Without process 0, process 1 gives up reaching it at the timeout.
#[test]
fn without_process_0_the_others_give_up_after_the_timeout() {
    let hosts = hosts_file(2);
    let start = Instant::now();
    let only = launch(&hosts, 1, &["--connect-timeout", "1"]);
    let end = finish(only, start, Duration::from_secs(5));
    assert_eq!(end.status.code(), Some(1));
    let address = first_line(hosts.path());
    assert!(
        end.stderr.starts_with(&format!(
            "Error: could not reach process 0 at {address} within 1 s: "
        )),
        "{}",
        end.stderr
    );
    assert_eq!(end.stderr.lines().count(), 1);
}

fn first_line(dir: &Path) -> SocketAddr {
    let text = std::fs::read_to_string(dir.join("hosts.txt")).unwrap();
    text.lines().next().unwrap().parse().unwrap()
}

/// Processes started with different sizes would sum different things: they refuse each other,
/// and both say why at once.
#[test]
fn processes_that_disagree_on_n_are_refused() {
    let hosts = hosts_file(2);
    let start = Instant::now();
    let first = launch(&hosts, 0, &["--n", "1000"]);
    let second = launch(&hosts, 1, &["--n", "2000"]);
    let [first, second] = [first, second].map(|child| finish(child, start, Duration::from_secs(5)));
    assert_eq!(
        first.stderr,
        "Error: process 1 has --n 2000, process 0 --n 1000\n"
    );
    assert_eq!(
        second.stderr,
        "Error: process 0 has --n 1000, process 1 --n 2000\n"
    );
    for end in [first, second] {
        assert_eq!(end.status.code(), Some(1));
        // At once, not after the default 10 s connect timeout.
        assert!(end.at < Duration::from_secs(5), "ended after {:?}", end.at);
    }
}

/// Process 0's hosts file lists three processes, process 1's only the first two of them: they
/// refuse each other at once, rather than wait for a process 2 that process 1 knows nothing of.
#[test]
fn processes_with_different_hosts_files_are_refused() {
    let three = hosts_file(3);
    let two = tempfile::tempdir().unwrap();
    let lines = std::fs::read_to_string(three.path().join("hosts.txt")).unwrap();
    let first_two: Vec<&str> = lines.lines().take(2).collect();
    std::fs::write(two.path().join("hosts.txt"), first_two.join("\n")).unwrap();
    let start = Instant::now();
    let children = [launch(&three, 0, &[]), launch(&two, 1, &[])];
    let [first, second] = children.map(|child| finish(child, start, Duration::from_secs(5)));
    let why =
        |other, me| format!("Error: process {other}'s hosts file differs from process {me}'s\n");
    assert_eq!(first.stderr, why(1, 0));
    assert_eq!(second.stderr, why(0, 1));
    for end in [first, second] {
        assert_eq!(end.status.code(), Some(1));
        assert!(end.at < Duration::from_secs(5), "ended after {:?}", end.at);
    }
}
