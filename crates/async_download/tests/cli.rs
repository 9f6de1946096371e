//! async_download against local servers, the fixture site and misbehaving ones: failures, the
//! timeout, `--count`, `--limit`, the proxy, Ctrl-C. No test needs the internet.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use fixture_site::Site;

/// The example, without proxy settings inherited from whoever runs the tests.
fn async_download(args: &[String]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_async_download"));
    for variable in fixture_site::PROXY_VARIABLES {
        command.env_remove(variable);
    }
    command.args(args);
    command
}

/// Runs it to the end. Returns its output and how long it took.
fn run(args: &[String], env: &[(&str, &str)]) -> (Output, Duration) {
    let start = Instant::now();
    let output = async_download(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (output, start.elapsed())
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| arg.to_string()).collect()
}

/// The seconds in `Total time with {count} async tasks: {seconds} seconds`, the last line.
fn total_time(stdout: &str, count: usize) -> f64 {
    let prefix = format!("Total time with {count} async tasks: ");
    let last = stdout.lines().last().unwrap_or_default();
    let seconds = last
        .strip_prefix(&prefix)
        .map(|rest| rest.trim_end_matches(" seconds"));
    seconds
        .unwrap_or_else(|| panic!("{stdout}"))
        .parse()
        .unwrap()
}

/// `--count` repeats the local site's document: one task per download, each reporting once.
#[test]
fn count_sets_how_many_downloads() {
    let (output, _) = run(&strings(&["--count", "25"]), &[]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for i in 0..25 {
        let line = format!("Task {i}: Downloaded 26822 bytes\n");
        assert_eq!(stdout.matches(&line).count(), 1, "{stdout}");
    }
    assert_eq!(stdout.lines().count(), 26, "{stdout}");
    total_time(stdout, 25);
}

/// Given URLs replace the local site; with `--count`, the tasks take them in turn.
#[test]
fn given_urls_are_taken_in_turn() {
    let site = Site::start(Duration::ZERO).unwrap();
    let (a, b) = (site.url("/bytes/1234"), site.url("/bytes/0"));
    let (output, _) = run(&strings(&["--count", "5", &a, &b]), &[]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut lines: Vec<&str> = stdout.lines().take(5).collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "Task 0: Downloaded 1234 bytes",
            "Task 1: Downloaded 0 bytes",
            "Task 2: Downloaded 1234 bytes",
            "Task 3: Downloaded 0 bytes",
            "Task 4: Downloaded 1234 bytes",
        ]
    );
    total_time(stdout, 5);
}

/// Every failure gets one line naming the task, the URL and the cause; the good page is still
/// reported and the total printed; the exit status says something failed; a page that never
/// answers ends at the timeout.
#[test]
fn each_failure_gets_one_line_and_the_rest_still_run() {
    let site = Site::start(Duration::ZERO).unwrap();
    let refused = format!("http://{}/", fixture_site::unused_addr().unwrap());
    let cases = [
        (
            "not a url",
            "not a full URL: start it with http:// or https://",
        ),
        ("http://", "not a valid URL"),
        (
            "gopher://127.0.0.1/",
            "unsupported scheme `gopher`: only http and https URLs are fetched",
        ),
        (&refused, "connection refused: nothing is listening there"),
        (
            &site.url("/status/503"),
            "the server answered 503 Service Unavailable",
        ),
        (
            &site.url("/stall"),
            "no complete answer within 1 s, so it was given up",
        ),
    ];
    let mut args = strings(&["--timeout", "1", &site.url("/bytes/10")]);
    args.extend(cases.iter().map(|(url, _)| url.to_string()));
    let (output, elapsed) = run(&args, &[]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout.starts_with("Task 0: Downloaded 10 bytes\n"),
        "{stdout}"
    );
    total_time(stdout, 7);
    assert_eq!(stderr.lines().count(), cases.len(), "{stderr}");
    for (i, (url, cause)) in cases.iter().enumerate() {
        let line = format!("error: Task {}: {url}: {cause}\n", i + 1);
        assert!(stderr.contains(&line), "{line}{stderr}");
    }
    // The stalled page holds the run for its 1 s timeout, and not much longer.
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(4),
        "took {elapsed:?}"
    );
}

/// N downloads at most L at a time take N/L rounds of the site's latency: 8 downloads at 0.2 s
/// each take 4 rounds (0.8 s) two at a time, 1 round all at once. The lower bounds are what the
/// semaphore guarantees; the upper ones allow a busy machine 0.4 s, still short of one round
/// more.
#[test]
fn limit_makes_the_downloads_take_turns() {
    let site = Site::start(Duration::from_millis(200)).unwrap();
    for (limit, rounds) in [(2, 4.0), (4, 2.0), (8, 1.0)] {
        let mut args = strings(&["--count", "8", "--limit", &limit.to_string()]);
        args.push(site.url("/example"));
        let (output, _) = run(&args, &[]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let total = total_time(text(&output.stdout), 8);
        let least = rounds * 0.2;
        assert!(
            total >= least && total < least + 0.4,
            "--limit {limit}: {total} s, expected {rounds} rounds of 0.2 s"
        );
    }
}

/// URLs from the command line go through the user's proxy: here the fixture site plays the
/// proxy, and the URL's own host, a port where nothing listens, is never contacted.
#[test]
fn given_urls_go_through_the_users_proxy() {
    let proxy = Site::start(Duration::ZERO).unwrap();
    let unused = fixture_site::unused_addr().unwrap();
    let url = format!("http://localhost:{}/bytes/7", unused.port());
    let proxy_url = format!("http://{}", proxy.addr());
    let (output, _) = run(&[url], &[("HTTP_PROXY", &proxy_url)]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).starts_with("Task 0: Downloaded 7 bytes\n"));
}

/// The local site is reached directly, even when the user's proxy cannot be reached at all.
#[test]
fn the_local_site_bypasses_the_proxy() {
    let dead_proxy = format!("http://{}", fixture_site::unused_addr().unwrap());
    let env = [
        ("HTTP_PROXY", dead_proxy.as_str()),
        ("ALL_PROXY", &dead_proxy),
    ];
    let (output, _) = run(&[], &env);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).lines().count(), 11);
}

#[test]
fn bad_options_get_a_usage_error() {
    for bad in ["--timeout=0", "--count=0", "--limit=none", "--count=100001"] {
        let (output, _) = run(&[bad.to_owned()], &[]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(text(&output.stderr).contains("invalid value"), "{bad}");
    }
}

/// Ctrl-C while two pages stall: the run ends at once with status 130, saying how many
/// downloads it cancelled, instead of waiting out their 60 s timeout.
#[cfg(unix)]
#[test]
fn ctrl_c_cancels_what_is_still_running() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;

    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;

    let site = Site::start(Duration::from_millis(100)).unwrap();
    let args = ["/example", "/stall", "/stall"].map(|path| site.url(path));
    let mut child =
        async_download(&[["--timeout", "60"].map(String::from).as_slice(), &args].concat())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
    // Once a page has arrived, the program is waiting for the rest, and for Ctrl-C.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, "Task 0: Downloaded 421 bytes\n");

    let interrupted = Instant::now();
    kill(Pid::from_raw(child.id() as i32), Signal::SIGINT).unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if interrupted.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("still running 10 s after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let ended_after = interrupted.elapsed();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_eq!(stderr, "error: interrupted, 2 downloads cancelled\n");
    assert_eq!(rest, "", "no total after Ctrl-C");
    assert!(ended_after < Duration::from_secs(2), "took {ended_after:?}");
}
