//! Whole lines from every worker.
//!
//! Workers that share the parent's stdout interleave: a long line goes out in several writes
//! (Rust's stdout buffer holds 1 KiB; a pipe keeps a write whole only up to 4 KiB), and another
//! process's write can land in between. So each worker writes into its own pipe, and a thread in
//! the parent copies it line by line to the parent's stdout or stderr, holding that stream's lock
//! for the whole line. Only the parent writes to the real streams, one whole line at a time.

use std::io::{self, BufRead, BufReader, PipeReader, Write};
use std::thread::{self, JoinHandle};

/// Writes `line` and a newline to the parent's stderr. Unlike `eprintln!`, it does not panic
/// when stderr is gone: the layer's reports must not take down the thread that makes them.
pub(crate) fn report(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Which of the parent's streams a worker's pipe feeds.
#[derive(Clone, Copy)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

/// Starts a thread that copies `pipe` to `stream` line by line until the worker closes it.
pub(crate) fn relay(pipe: PipeReader, stream: Stream) -> io::Result<JoinHandle<()>> {
    thread::Builder::new()
        .name("worker-output".into())
        .spawn(move || {
            copy_lines(pipe, |line| match stream {
                Stream::Stdout => io::stdout().lock().write_all(line),
                Stream::Stderr => io::stderr().lock().write_all(line),
            });
        })
}

/// Hands `write_line` every line of `source`, newline included. A last line without one (a
/// worker killed mid-line) gets one, so the next line starts on a line of its own.
fn copy_lines(source: impl io::Read, mut write_line: impl FnMut(&[u8]) -> io::Result<()>) {
    let mut reader = BufReader::new(source);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                if !line.ends_with(b"\n") {
                    line.push(b'\n');
                }
                // If the parent's stream is gone (a closed pipe), keep reading anyway: a worker
                // blocked on a full pipe would never finish.
                let _ = write_line(&line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(input: &[u8]) -> Vec<Vec<u8>> {
        let mut lines = Vec::new();
        copy_lines(input, |line| {
            lines.push(line.to_vec());
            Ok(())
        });
        lines
    }

    #[test]
    fn each_line_goes_out_in_one_piece() {
        let long = "x".repeat(100_000);
        let input = format!("short\n{long}\nlast");
        assert_eq!(
            lines_of(input.as_bytes()),
            [
                b"short\n".to_vec(),
                format!("{long}\n").into_bytes(),
                b"last\n".to_vec()
            ]
        );
        assert!(lines_of(b"").is_empty());
    }

    #[test]
    fn a_closed_stream_does_not_stop_the_reading() {
        let mut seen = 0;
        copy_lines(&b"a\nb\nc\n"[..], |_| {
            seen += 1;
            Err(io::ErrorKind::BrokenPipe.into())
        });
        assert_eq!(seen, 3);
    }
}
