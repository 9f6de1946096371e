//! Progress while the bench runs: a bar on a terminal, one plain line per step otherwise (CI
//! logs, pipes), both on stderr.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

pub enum Progress {
    Bar(ProgressBar),
    Lines { done: usize, total: usize },
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines { done: 0, total };
        }
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress::Bar(bar)
    }

    /// Says what runs now.
    pub fn start(&self, what: &str) {
        match self {
            Progress::Bar(bar) => bar.set_message(what.to_owned()),
            Progress::Lines { done, total } => eprintln!("bench: [{}/{total}] {what}", done + 1),
        }
    }

    pub fn done(&mut self) {
        match self {
            Progress::Bar(bar) => bar.inc(1),
            Progress::Lines { done, .. } => *done += 1,
        }
    }

    pub fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
