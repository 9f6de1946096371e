//! What the program prints: one JSON line per measurement, the same shape as the Python
//! programs under python/ print, so that xtask reads both alike.

use std::io::{self, Write};
use std::time::Instant;

use serde::Serialize;

use crate::usage::Usage;

/// One timing: `{"part":"sum","variant":"threads","workers":2,"seconds":0.25}`.
#[derive(Serialize)]
pub struct Measurement {
    pub part: &'static str,
    pub variant: &'static str,
    /// Workers (threads, processes) for the parts that vary them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers: Option<usize>,
    /// Downloads, for the download part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    pub seconds: f64,
    /// What the measuring process used, for the download part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub io: Option<Usage>,
    /// Each task's times, in seconds from the start, at every 1 % of its work (the picture).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Vec<Vec<f64>>>,
}

impl Measurement {
    pub fn new(part: &'static str, variant: &'static str, seconds: f64) -> Measurement {
        Measurement {
            part,
            variant,
            workers: None,
            count: None,
            seconds,
            io: None,
            progress: None,
        }
    }

    pub fn workers(self, workers: usize) -> Measurement {
        Measurement {
            workers: Some(workers),
            ..self
        }
    }

    pub fn count(self, count: usize) -> Measurement {
        Measurement {
            count: Some(count),
            ..self
        }
    }

    pub fn usage(self, usage: Option<Usage>) -> Measurement {
        Measurement { io: usage, ..self }
    }

    pub fn progress(self, progress: Vec<Vec<f64>>) -> Measurement {
        Measurement {
            progress: Some(progress),
            ..self
        }
    }

    /// Prints the line at once, so that xtask sees it even if a later part fails.
    pub fn print(&self) -> Result<(), String> {
        let line = serde_json::to_string(self).map_err(|e| e.to_string())?;
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{line}")
            .and_then(|()| stdout.flush())
            .map_err(|e| format!("cannot write the results: {e}"))
    }
}

/// Runs `work` and returns its result with the seconds it took.
pub fn timed<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let result = work();
    (result, start.elapsed().as_secs_f64())
}
