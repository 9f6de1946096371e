//! I/O at scale: many downloads at once from the bench's local site (site.rs), which answers
//! each request after a fixed latency. Each measurement (one way to download, one count) runs
//! in a process of its own, so that the memory it reports is its own; `measure` runs them one
//! after another and passes their lines on, adding how many requests the site held at once.

use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use clap::ValueEnum;
use fetch::Client;
use serde_json::{Value, json};

use crate::measurement::timed;
use crate::site::{PAGE, PEAK_PATH};
use crate::usage::{Usage, open_files};
use crate::waiting::Waiting;
use crate::{Measurement, tasks};

/// The threads of the pool, a common size for I/O pools; also the limit of the limited tasks.
pub const AT_ONCE: usize = 32;
/// No download of the bench takes this long unless something is wrong.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The ways to download, in the order they are measured.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Variant {
    /// A thread per URL, each downloading with ureq (the fetch crate)
    ThreadPerUrl,
    /// 32 threads with ureq, each taking the next URL until none is left
    Pool,
    /// A worker process per URL, each with ureq
    ProcessPerUrl,
    /// A tokio task per URL, each downloading with reqwest
    TaskPerUrl,
    /// A tokio task per URL with reqwest, at most 32 downloading at once (a semaphore)
    TasksAtOnce,
    /// A thread per URL, each writing the request and reading the answer on a TCP socket
    ThreadPerUrlPlain,
    /// A tokio task per URL, each writing the request and reading the answer on a TCP socket
    TaskPerUrlPlain,
    /// The same, each request asking the site to wait 1 s: at the most downloads, it shows
    /// that the site holds them all at once
    SiteCheck,
}

impl Variant {
    /// The `variant` of the measurements.
    pub fn name(self) -> &'static str {
        match self {
            Variant::ThreadPerUrl => "thread per URL",
            Variant::Pool => "pool of 32 threads",
            Variant::ProcessPerUrl => "process per URL",
            Variant::TaskPerUrl => "tokio task per URL",
            Variant::TasksAtOnce => "tokio tasks, 32 at once",
            Variant::ThreadPerUrlPlain => "thread per URL, plain TCP",
            Variant::TaskPerUrlPlain => "tokio task per URL, plain TCP",
            Variant::SiteCheck => "site check: plain TCP tasks waiting 1 s",
        }
    }
}

/// For each count, every variant (one worker process per URL only up to `max_processes`, the
/// site check only at the most downloads), each in a process of its own. A variant that cannot
/// run at a count (the system refuses that many threads) gets a line that says why, and the
/// others go on.
pub fn measure(site: SocketAddr, counts: &[usize], max_processes: usize) -> Result<(), String> {
    // The measuring processes inherit the limit.
    let largest = counts.iter().copied().max().unwrap_or(0);
    open_files::raise_to(largest + 256)?;
    let ask_site = || -> Result<Value, String> {
        serde_json::from_slice(&plain_get(site, PEAK_PATH)?).map_err(|e| e.to_string())
    };
    ask_site().map_err(|e| format!("the site at {site} does not answer: {e}"))?;
    for &count in counts {
        for &variant in Variant::value_variants() {
            let skip = match variant {
                Variant::ProcessPerUrl => count > max_processes,
                Variant::SiteCheck => count < largest,
                _ => false,
            };
            if skip {
                continue;
            }
            let before = ask_site().map_err(|e| format!("the site stopped answering: {e}"))?;
            let measured = in_own_process(site, count, variant);
            let after = ask_site().map_err(|e| format!("the site stopped answering: {e}"))?;
            let line = match measured {
                Ok(mut line) => {
                    if line["io"].is_object() {
                        line["io"]["site_waiting_peak"] = after["waiting_peak"].clone();
                        let cpu = |reading: &Value| reading["cpu_seconds"].as_f64();
                        if let (Some(before), Some(after)) = (cpu(&before), cpu(&after)) {
                            line["io"]["site_cpu_seconds"] = json!(after - before);
                        }
                    }
                    line
                }
                Err(why) => json!({
                    "part": "download",
                    "variant": variant.name(),
                    "count": count,
                    "failed": why,
                }),
            };
            println!("{line}");
        }
    }
    Ok(())
}

/// Runs `bench download` for one variant and count; its one line, or why it failed.
fn in_own_process(site: SocketAddr, count: usize, variant: Variant) -> Result<Value, String> {
    let program = std::env::current_exe().map_err(|e| format!("cannot find myself: {e}"))?;
    let variant_flag = variant
        .to_possible_value()
        .map(|value| value.get_name().to_owned())
        .unwrap_or_default();
    let output = Command::new(program)
        .args(["download", "--site", &site.to_string()])
        .args(["--count", &count.to_string(), "--variant", &variant_flag])
        .output()
        .map_err(|e| format!("cannot start a measuring process: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let why = stderr.lines().last().unwrap_or_default();
        let why = why.strip_prefix("bench: ").unwrap_or(why);
        return Err(match why.is_empty() {
            true => format!("the measuring process ended with {}", output.status),
            false => why.to_owned(),
        });
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("not a measurement ({e})"))
}

/// One measurement: `count` downloads of `variant`, all checked, timed, then what the process
/// used.
pub fn one(site: SocketAddr, count: usize, variant: Variant) -> Result<(), String> {
    let waiting = Arc::new(Waiting::default());
    let paths: Vec<String> = (0..count).map(|i| format!("/page/{i}")).collect();
    let urls: Vec<String> = paths
        .iter()
        .map(|path| format!("http://{site}{path}"))
        .collect();
    let client = Client::new(&options());
    let with_ureq = |url: &String| {
        let _waits = waiting.enter();
        let page = client.get(url).map_err(|e| format!("{url}: {e}"))?;
        check(url, &page.body)
    };
    let plain = |path: &String| {
        let _waits = waiting.enter();
        check(path, &plain_get(site, path)?)
    };
    let (downloaded, seconds) = match variant {
        Variant::ThreadPerUrl => timed(|| thread_per_url(&urls, with_ureq)),
        Variant::Pool => timed(|| pool(&urls, with_ureq)),
        Variant::ProcessPerUrl => timed(|| process_per_url(&urls)),
        Variant::ThreadPerUrlPlain => timed(|| thread_per_url(&paths, plain)),
        Variant::TaskPerUrl => tasks::with_reqwest(urls, None, &waiting),
        Variant::TasksAtOnce => tasks::with_reqwest(urls, Some(AT_ONCE), &waiting),
        Variant::TaskPerUrlPlain => tasks::plain(site, paths, &waiting),
        Variant::SiteCheck => {
            let paths = paths.iter().map(|path| format!("{path}?wait_ms=1000"));
            tasks::plain(site, paths.collect(), &waiting)
        }
    };
    downloaded?;
    // A worker process's memory is not this process's: no figures for those.
    let usage = match variant {
        Variant::ProcessPerUrl => None,
        _ => Usage::of_this_process(waiting.peak()),
    };
    Measurement::new("download", variant.name(), seconds)
        .count(count)
        .usage(usage)
        .print()
}

fn options() -> fetch::Options {
    fetch::Options {
        timeout: TIMEOUT,
        connect_timeout: Duration::from_secs(10),
        max_body_bytes: 1024 * 1024,
    }
}

/// Every page must come back whole.
pub fn check(what: &str, page: &[u8]) -> Result<(), String> {
    match page == PAGE.as_bytes() {
        true => Ok(()),
        false => Err(format!(
            "{what}: the page came back wrong ({} bytes)",
            page.len()
        )),
    }
}

/// A thread per URL, each started at once. If the system refuses a thread, the ones started
/// still finish, and the refusal is the error.
fn thread_per_url(
    urls: &[String],
    download: impl Fn(&String) -> Result<(), String> + Sync,
) -> Result<(), String> {
    let download = &download;
    thread::scope(|scope| {
        let mut threads = Vec::with_capacity(urls.len());
        let mut refused = None;
        for url in urls {
            match thread::Builder::new().spawn_scoped(scope, move || download(url)) {
                Ok(thread) => threads.push(thread),
                Err(e) => {
                    let started = threads.len();
                    refused = Some(format!(
                        "the system refused thread {} of {}: {e}",
                        started + 1,
                        urls.len()
                    ));
                    break;
                }
            }
        }
        let results: Vec<_> = threads.into_iter().map(joined).collect();
        match refused {
            Some(refused) => Err(refused),
            None => results.into_iter().collect(),
        }
    })
}

/// A pool: `AT_ONCE` threads take the next URL until none is left.
fn pool(
    urls: &[String],
    download: impl Fn(&String) -> Result<(), String> + Sync,
) -> Result<(), String> {
    let next = AtomicUsize::new(0);
    let worker = || {
        while let Some(url) = urls.get(next.fetch_add(1, Ordering::Relaxed)) {
            download(url)?;
        }
        Ok::<_, String>(())
    };
    thread::scope(|scope| {
        let threads: Vec<_> = (0..AT_ONCE.min(urls.len()))
            .map(|_| scope.spawn(worker))
            .collect();
        let results: Vec<_> = threads.into_iter().map(joined).collect();
        results.into_iter().collect()
    })
}

/// What a download thread returned, or its panic as an error: ureq, with a timeout, resolves
/// each host on a thread of its own, even an IP address, and panics if the system refuses it.
fn joined(thread: thread::ScopedJoinHandle<'_, Result<(), String>>) -> Result<(), String> {
    thread.join().map_err(|panic| {
        let message = (panic.downcast_ref::<String>().map(String::as_str))
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        format!("a download thread panicked: {message}")
    })?
}

/// One worker process per URL, each with a client of its own (a client cannot cross processes).
fn process_per_url(urls: &[String]) -> Result<(), String> {
    let processes: Vec<_> = urls
        .iter()
        .map(|url| worker_processes::spawn(download_in_process, url.clone()))
        .collect();
    let results: Vec<_> = processes
        .into_iter()
        .map(|process| process.and_then(worker_processes::Process::join))
        .collect();
    results
        .into_iter()
        .try_for_each(|result| result.map_err(|e| e.to_string())?)
}

fn download_in_process(url: String) -> Result<(), String> {
    let page = Client::new(&options())
        .get(&url)
        .map_err(|e| format!("{url}: {e}"))?;
    check(&url, &page.body)
}

/// The request of a plain-TCP download: HTTP/1.1, the connection closed after the answer.
pub fn request(site: SocketAddr, path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {site}\r\nConnection: close\r\n\r\n")
}

/// The body of a whole answer, read to the end of the connection, if its status is 200 OK.
pub fn body(answer: &[u8]) -> Result<&[u8], String> {
    let head_end = (answer.windows(4))
        .position(|bytes| bytes == b"\r\n\r\n")
        .ok_or("the answer has no end of its head")?;
    match answer.starts_with(b"HTTP/1.1 200 ") {
        true => Ok(&answer[head_end + 4..]),
        false => Err(format!(
            "the site answered {}",
            String::from_utf8_lossy(answer.split(|&b| b == b'\r').next().unwrap_or_default())
        )),
    }
}

/// GETs `path` from the site on a TCP socket of its own, in this thread: the body.
fn plain_get(site: SocketAddr, path: &str) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let fail = |e: std::io::Error| format!("{path}: {e}");
    let mut stream = TcpStream::connect_timeout(&site, TIMEOUT).map_err(fail)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(fail)?;
    stream
        .write_all(request(site, path).as_bytes())
        .map_err(fail)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(fail)?;
    Ok(body(&answer).map_err(|e| format!("{path}: {e}"))?.to_vec())
}
