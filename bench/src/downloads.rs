//! I/O at scale: many downloads from the local fixture site, which answers each request after a
//! fixed latency. The site runs in a process of its own (`serve`), so that the Python programs
//! download from the same server as the Rust ones.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use fetch::Client;
use fixture_site::Site;

use crate::Measurement;
use crate::measurement::timed;

/// The threads of the pool variant, a common size for I/O pools.
const POOL_THREADS: usize = 32;
/// The site's page that stands in for "a URL".
const PAGE: &str = "/example";

/// Starts the site, prints its address, and serves until stdin closes (the caller went away).
pub fn serve(latency: Duration) -> Result<(), String> {
    // Each connection holds a socket; the caller may open a thousand at once.
    open_files::raise_to(4096)?;
    let site = Site::start(latency).map_err(|e| format!("cannot start the site: {e}"))?;
    println!("{}", serde_json::json!({ "site": site.addr().to_string() }));
    // Anything read is ignored; end of input (or an error) is the signal to stop.
    let _ = io::copy(&mut io::stdin().lock(), &mut io::sink());
    Ok(())
}

/// For each count: that many downloads with one thread per URL, with a pool of 32 threads, and,
/// up to `max_processes`, with one worker process per URL. Every page must arrive whole.
pub fn measure(site: SocketAddr, counts: &[usize], max_processes: usize) -> Result<(), String> {
    let largest = counts.iter().copied().max().unwrap_or(0);
    open_files::raise_to(largest + 256)?;
    let client = Client::new(&options());
    let urls = |count| -> Vec<String> {
        (0..count)
            .map(|i| format!("http://{site}{PAGE}?page={i}"))
            .collect()
    };
    // One download first, unmeasured: the page every download must match.
    let page = client
        .get(&urls(1)[0])
        .map_err(|e| format!("the site at {site} does not answer: {e}"))?
        .body;
    for &count in counts {
        let urls = urls(count);
        let check = |variant, (bodies, seconds): (Result<Vec<Vec<u8>>, String>, f64)| {
            let bodies = bodies?;
            let wrong = bodies.iter().filter(|body| **body != page).count();
            if bodies.len() != count || wrong > 0 {
                return Err(format!(
                    "{variant}: {} of {count} pages came back, {wrong} of them wrong",
                    bodies.len()
                ));
            }
            Measurement::new("download", variant, seconds)
                .count(count)
                .print()
        };
        check("thread per URL", timed(|| thread_per_url(&client, &urls)))?;
        check("pool of 32 threads", timed(|| pool(&client, &urls)))?;
        if count <= max_processes {
            check("process per URL", timed(|| process_per_url(&urls)))?;
        }
    }
    Ok(())
}

fn options() -> fetch::Options {
    fetch::Options {
        timeout: Duration::from_secs(30),
        connect_timeout: Duration::from_secs(10),
        max_body_bytes: 1024 * 1024,
    }
}

fn get(client: &Client, url: &str) -> Result<Vec<u8>, String> {
    client
        .get(url)
        .map(|page| page.body)
        .map_err(|e| format!("{url}: {e}"))
}

fn thread_per_url(client: &Client, urls: &[String]) -> Result<Vec<Vec<u8>>, String> {
    thread::scope(|scope| {
        let threads = urls
            .iter()
            .map(|url| {
                thread::Builder::new()
                    .spawn_scoped(scope, move || get(client, url))
                    .map_err(|e| format!("cannot start a thread: {e}"))
            })
            .collect::<Vec<_>>();
        // Join every thread that started, even after a failure, before reporting it.
        let results: Vec<_> = threads
            .into_iter()
            .map(|thread| thread?.join().expect("a download thread panicked"))
            .collect();
        results.into_iter().collect()
    })
}

/// A pool: `POOL_THREADS` threads take the next URL until none is left.
fn pool(client: &Client, urls: &[String]) -> Result<Vec<Vec<u8>>, String> {
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut pages = Vec::new();
        while let Some(url) = urls.get(next.fetch_add(1, Ordering::Relaxed)) {
            pages.push(get(client, url)?);
        }
        Ok::<_, String>(pages)
    };
    thread::scope(|scope| {
        let threads: Vec<_> = (0..POOL_THREADS.min(urls.len()))
            .map(|_| scope.spawn(worker))
            .collect();
        let mut pages = Vec::new();
        for thread in threads {
            pages.extend(thread.join().expect("a pool thread panicked")?);
        }
        Ok(pages)
    })
}

/// One worker process per URL, each with a client of its own (a client cannot cross processes).
fn process_per_url(urls: &[String]) -> Result<Vec<Vec<u8>>, String> {
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
        .map(|result| result.map_err(|e| e.to_string())?)
        .collect()
}

fn download_in_process(url: String) -> Result<Vec<u8>, String> {
    get(&Client::new(&options()), &url)
}

/// A thousand connections need a thousand file descriptors, more than some systems allow a
/// process by default (macOS: 256, many Linux setups: 1024).
mod open_files {
    #[cfg(unix)]
    pub fn raise_to(wanted: usize) -> Result<(), String> {
        use nix::sys::resource::{Resource, getrlimit, setrlimit};
        let wanted = wanted as u64;
        let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE)
            .map_err(|e| format!("cannot read the open-files limit: {e}"))?;
        if soft >= wanted {
            return Ok(());
        }
        if hard < wanted {
            return Err(format!(
                "this needs {wanted} open files, but the system allows at most {hard} \
                 (see `ulimit -Hn`)"
            ));
        }
        setrlimit(Resource::RLIMIT_NOFILE, wanted, hard)
            .map_err(|e| format!("cannot raise the open-files limit to {wanted}: {e}"))
    }

    /// Windows has no such per-process limit on sockets.
    #[cfg(not(unix))]
    pub fn raise_to(_wanted: usize) -> Result<(), String> {
        Ok(())
    }
}
