//! The local fixture site, in a `bench serve` process of its own for the whole bench, so that
//! the Rust and the CPython downloads hit the same server; and the crawl's, in a `bench
//! crawl-site` process.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

pub struct Site {
    child: Child,
    addr: SocketAddr,
}

impl Site {
    /// Starts the site that `bench SUBCOMMAND --latency-ms LATENCY_MS` serves.
    pub fn start(bench: &Path, subcommand: &str, latency_ms: u64) -> Result<Site, String> {
        let mut child = Command::new(bench)
            .args([subcommand, "--latency-ms", &latency_ms.to_string()])
            // The site serves until its stdin closes: when this Site is dropped, or when xtask
            // dies in any way.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bench.display()))?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let addr = serde_json::from_str::<serde_json::Value>(&line)
            .ok()
            .and_then(|json| json["site"].as_str()?.parse().ok());
        let Some(addr) = addr else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "`bench {subcommand}` did not say where the site is; it said {line:?}"
            ));
        };
        Ok(Site { child, addr })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
