//! Each part prints one JSON line per measurement, with the keys xtask expects; failures are a
//! clear line on stderr and a non-zero exit. (Times of this debug build mean nothing; xtask's
//! own tests run the release build.)

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BENCH: &str = env!("CARGO_BIN_EXE_bench");
const BENCH_STARTS: &str = env!("CARGO_BIN_EXE_bench-starts");

fn bench(args: &[&str]) -> Output {
    Command::new(BENCH).args(args).output().unwrap()
}

/// The lines of a run of `bench` that must succeed, each a JSON object.
fn json_lines(args: &[&str]) -> Vec<Value> {
    json_lines_of(BENCH, args)
}

fn json_lines_of(program: &str, args: &[&str]) -> Vec<Value> {
    let output = Command::new(program).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?} failed: {stderr}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The measurements of a run that must succeed, as (variant, workers or count, seconds).
fn measurements(args: &[&str], part: &str) -> Vec<(String, Option<u64>, f64)> {
    measurements_of(BENCH, args, part)
}

fn measurements_of(program: &str, args: &[&str], part: &str) -> Vec<(String, Option<u64>, f64)> {
    json_lines_of(program, args)
        .iter()
        .map(|json| {
            assert_eq!(json["part"], part, "{json}");
            let seconds = json["seconds"].as_f64().unwrap();
            assert!(seconds >= 0.0, "{json}");
            let x = json.get("workers").or(json.get("count"));
            let variant = json["variant"].as_str().unwrap().to_owned();
            (variant, x.and_then(Value::as_u64), seconds)
        })
        .collect()
}

fn labels(measurements: &[(String, Option<u64>, f64)]) -> Vec<String> {
    measurements
        .iter()
        .map(|(variant, x, _)| match x {
            Some(x) => format!("{variant} {x}"),
            None => variant.clone(),
        })
        .collect()
}

#[test]
fn sum_measures_every_kind_of_worker_at_every_count() {
    let sum = measurements(&["sum", "--n", "100000", "--max-workers", "2"], "sum");
    assert_eq!(
        labels(&sum),
        [
            "sequential 1",
            "threads 1",
            "rayon 1",
            "processes 1",
            "threads 2",
            "rayon 2",
            "processes 2"
        ]
    );
}

#[test]
fn fibonacci_runs_one_after_another_in_threads_and_in_processes() {
    let fib = measurements(&["fib", "--n", "15", "--calls", "3"], "fib");
    assert_eq!(
        labels(&fib),
        [
            "sequential",
            "sequential, no overflow checks",
            "threads",
            "processes"
        ]
    );
}

#[test]
fn four_tasks_are_timed_plain_and_recorded_at_every_step() {
    let args = ["progress", "--n", "100000", "--tasks", "4"];
    let progress = measurements(&args, "progress");
    let recorded = "threads, progress recorded 4";
    assert_eq!(
        labels(&progress),
        ["threads 4", recorded, recorded, "threads 4"]
    );
    let output = bench(&args);
    let recorded = String::from_utf8(output.stdout).unwrap();
    let recorded: Value = serde_json::from_str(recorded.lines().nth(1).unwrap()).unwrap();
    let seconds = recorded["seconds"].as_f64().unwrap();
    let tasks = recorded["progress"].as_array().unwrap();
    assert_eq!(tasks.len(), 4);
    for task in tasks {
        let times: Vec<f64> = task
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_f64().unwrap())
            .collect();
        // The start, then every 1 %, in order, within the time measured for the whole.
        assert_eq!(times.len(), 101);
        assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "{times:?}");
        assert!(times[0] >= 0.0 && times[100] <= seconds, "{times:?}");
    }
}

#[test]
fn starts_are_measured_one_by_one() {
    let starts = measurements_of(BENCH_STARTS, &["--samples", "3"], "start");
    assert_eq!(
        labels(&starts),
        [
            "thread", "thread", "thread", "process", "process", "process"
        ]
    );
}

/// `bench serve` in the background; it stops when its stdin closes (when this is dropped).
struct Served {
    child: std::process::Child,
    site: String,
}

impl Served {
    fn start(latency_ms: &str) -> Served {
        let mut child = Command::new(BENCH)
            .args(["serve", "--latency-ms", latency_ms])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let json: Value = serde_json::from_str(&line).unwrap();
        let site = json["site"].as_str().unwrap().to_owned();
        Served { child, site }
    }

    fn stop(mut self) -> std::process::ExitStatus {
        drop(self.child.stdin.take());
        self.child.wait().unwrap()
    }
}

/// Every variant at every count, each with what its process used: every download waited at
/// the client and at the site at once (or 32 at a time in the pool and the limited tasks), and
/// no variant beat the latency.
#[test]
fn downloads_wait_out_the_latency_in_each_variant() {
    let served = Served::start("200");
    let args = [
        "downloads",
        "--site",
        &served.site,
        "--counts",
        "3,5",
        "--max-processes",
        "3",
    ];
    let lines = json_lines(&args);
    let labels: Vec<String> = lines
        .iter()
        .map(|line| format!("{} {}", line["variant"].as_str().unwrap(), line["count"]))
        .collect();
    let per_count = [
        "thread per URL",
        "pool of 32 threads",
        "process per URL",
        "tokio task per URL",
        "tokio tasks, 32 at once",
        "thread per URL, plain TCP",
        "tokio task per URL, plain TCP",
    ];
    let mut expected: Vec<String> = [3, 5]
        .iter()
        .flat_map(|count| {
            (per_count.iter())
                .filter(move |variant| *count <= 3 || **variant != "process per URL")
                .map(move |variant| format!("{variant} {count}"))
        })
        .collect();
    // At the most downloads, each request also asks the site to hold it for a second.
    expected.push(String::from("site check: plain TCP tasks waiting 1 s 5"));
    assert_eq!(labels, expected);
    for line in &lines {
        let seconds = line["seconds"].as_f64().unwrap();
        let latency = match line["variant"].as_str().unwrap().starts_with("site check") {
            true => 1.0,
            false => 0.2,
        };
        assert!(seconds >= latency, "{line}: less than the latency");
        if line["variant"] == "process per URL" {
            assert!(line.get("io").is_none(), "{line}");
            continue;
        }
        let io = &line["io"];
        assert_eq!(io["waiting_peak"], line["count"], "{line}");
        assert_eq!(io["site_waiting_peak"], line["count"], "{line}");
        assert!(io["peak_rss_kib"].as_u64().unwrap() > 1000, "{line}");
        assert!(io["cpu_seconds"].as_f64().unwrap() > 0.0, "{line}");
        assert!(io["site_cpu_seconds"].as_f64().unwrap() >= 0.0, "{line}");
    }
    // The site stops when its input closes, and says nothing more.
    assert!(served.stop().success());
}

/// A site that answers every page wrongly: each variant's measurement fails with a line that
/// says why, and the bench goes on to the next.
#[test]
fn a_failed_measurement_says_why_and_the_rest_go_on() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let site = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || {
                let mut request = [0; 1024];
                let read = stream.read(&mut request).unwrap_or(0);
                let body = match request[..read].starts_with(b"GET /peak ") {
                    true => r#"{"waiting_peak": 0}"#,
                    false => "not the page",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    let args = [
        "downloads",
        "--site",
        &site,
        "--counts",
        "2",
        "--max-processes",
        "0",
    ];
    let lines = json_lines(&args);
    assert_eq!(lines.len(), 7);
    for line in &lines {
        let why = line["failed"].as_str().unwrap();
        assert!(
            why.contains("the page came back wrong (12 bytes)"),
            "{line}"
        );
        assert!(line.get("seconds").is_none());
    }
}

#[test]
fn a_site_that_is_not_there_is_an_error() {
    // A port the system just handed out and took back: nothing listens there.
    let nowhere = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .to_string();
    let output = bench(&["downloads", "--site", &nowhere, "--counts", "2"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(&format!("bench: the site at {nowhere} does not answer: ")),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_arguments_are_refused() {
    for args in [
        &["sum", "--n", "0", "--max-workers", "2"][..],
        &["fib", "--n", "94", "--calls", "1"],
        &["progress", "--n", "100", "--tasks", "0"],
        &["downloads", "--site", "not-an-address", "--counts", "1"],
        &["bake"],
    ] {
        let output = bench(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
