//! The downloads on tokio: a task per URL, with reqwest (the client of async_download) or on a
//! plain TCP socket, optionally at most some number at once.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::timeout;

use crate::downloads::{TIMEOUT, body, check, request};
use crate::waiting::Waiting;

/// A task per URL, each downloading with one shared reqwest client, at most `limit` at once.
/// Whether all worked, and the seconds they took.
pub fn with_reqwest(
    urls: Vec<String>,
    limit: Option<usize>,
    waiting: &Arc<Waiting>,
) -> (Result<(), String>, f64) {
    // Only http:// here, but reqwest with rustls needs a crypto provider to build a client.
    #[cfg(not(any(windows, target_vendor = "apple")))]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .timeout(TIMEOUT)
        .build();
    let client = match client {
        Ok(client) => client,
        Err(e) => return (Err(format!("cannot build the client: {e}")), 0.0),
    };
    let downloads = urls.into_iter().map(|url| {
        let (client, waiting) = (client.clone(), Arc::clone(waiting));
        async move {
            let _waits = waiting.enter();
            let fail = |e: reqwest::Error| format!("{url}: {e}");
            let response = client.get(&url).send().await.map_err(fail)?;
            let page = response.error_for_status().map_err(fail)?.bytes().await;
            check(&url, &page.map_err(fail)?)
        }
    });
    run(downloads, limit)
}

/// A task per path, each writing its request and reading the answer on a TCP socket of its own.
pub fn plain(
    site: SocketAddr,
    paths: Vec<String>,
    waiting: &Arc<Waiting>,
) -> (Result<(), String>, f64) {
    let downloads = paths.into_iter().map(|path| {
        let waiting = Arc::clone(waiting);
        async move {
            let _waits = waiting.enter();
            let get = async {
                let mut stream = TcpStream::connect(site).await?;
                stream.write_all(request(site, &path).as_bytes()).await?;
                let mut answer = Vec::new();
                stream.read_to_end(&mut answer).await?;
                Ok::<_, std::io::Error>(answer)
            };
            let answer = match timeout(TIMEOUT, get).await {
                Ok(answer) => answer.map_err(|e| format!("{path}: {e}"))?,
                Err(_) => return Err(format!("{path}: no answer within {TIMEOUT:?}")),
            };
            check(&path, body(&answer).map_err(|e| format!("{path}: {e}"))?)
        }
    });
    run(downloads, None)
}

/// Spawns every download as a task at once on a new runtime (one worker thread per CPU), at
/// most `limit` of them past the semaphore at a time, and waits for all. Timed from the first
/// spawn to the last result.
fn run<F>(downloads: impl Iterator<Item = F>, limit: Option<usize>) -> (Result<(), String>, f64)
where
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    let runtime = match Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return (Err(format!("cannot start the runtime: {e}")), 0.0),
    };
    let limit = Arc::new(Semaphore::new(limit.unwrap_or(Semaphore::MAX_PERMITS)));
    runtime.block_on(async {
        let start = Instant::now();
        let mut tasks = JoinSet::new();
        for download in downloads {
            let limit = Arc::clone(&limit);
            tasks.spawn(async move {
                let _permit = limit
                    .acquire()
                    .await
                    .expect("the semaphore is never closed");
                download.await
            });
        }
        let mut outcome = Ok(());
        while let Some(finished) = tasks.join_next().await {
            let downloaded = finished.expect("a download task panicked");
            if outcome.is_ok() {
                outcome = downloaded;
            }
        }
        (outcome, start.elapsed().as_secs_f64())
    })
}
