//! What the program says about the downloads, and what its exit status says about them.

use std::process::ExitCode;

use crate::client::Error;

/// A finished download: its task's number, its URL, and how many bytes it had or why none.
pub type Outcome = (usize, String, Result<u64, Error>);

/// The downloads reported so far, and whether any failed.
pub struct Report {
    failed: bool,
}

impl Report {
    pub fn new() -> Report {
        Report { failed: false }
    }

    /// Prints `Task 3: Downloaded 26822 bytes`, or `error: Task 3: URL: why` on stderr for a
    /// download that failed.
    pub fn task(&mut self, (i, url, bytes): Outcome) {
        match bytes {
            Ok(bytes) => println!("Task {i}: Downloaded {bytes} bytes"),
            Err(why) => {
                eprintln!("error: Task {i}: {url}: {why}");
                self.failed = true;
            }
        }
    }

    /// 1 if any download failed (each has its line on stderr), else 0.
    pub fn exit_code(&self) -> ExitCode {
        match self.failed {
            true => ExitCode::FAILURE,
            false => ExitCode::SUCCESS,
        }
    }
}

/// Ctrl-C: says how many downloads were cancelled; 130, as a shell reports a program that
/// SIGINT ended.
pub fn interrupted(cancelled: usize) -> ExitCode {
    eprintln!("error: interrupted, {cancelled} downloads cancelled");
    ExitCode::from(130)
}
