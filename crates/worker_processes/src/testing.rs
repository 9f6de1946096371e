//! Test helpers for the examples (feature `testing`, Linux). They panic on failure, as test
//! code does.
//!
//! - [`Watched`]: run a program in its own process group with
//!   [`TRACE_VARIABLE`](crate::TRACE_VARIABLE) set, find its workers, send real signals, and
//!   check that nothing of it is left.
//! - [`Optimized`]: time an example's heavy function as a release build runs it, to show that
//!   the optimiser left the work in.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

pub use nix::sys::signal::Signal;
use nix::sys::signal::{kill, killpg};
use nix::unistd::Pid;

/// A program under test, leader of its own process group (so its workers are in it too).
pub struct Watched {
    child: Child,
    /// Taken by `finish`.
    stdout: Option<JoinHandle<String>>,
    stderr: Receiver<String>,
    stderr_seen: Vec<String>,
}

/// Where [`Watched::stop_with`] sends its signal.
pub enum Target {
    /// Every process in the group, as Ctrl-C in a terminal does.
    Group,
    /// The program alone, as `kill PID` does.
    Parent,
}

/// How a watched program ended.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Watched {
    pub fn start(mut command: Command) -> Watched {
        command
            .process_group(0)
            .env(crate::TRACE_VARIABLE, "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the program starts");
        let mut stdout_pipe = child.stdout.take().expect("stdout is piped");
        let stdout = thread::spawn(move || {
            let mut text = String::new();
            let _ = stdout_pipe.read_to_string(&mut text);
            text
        });
        let stderr_pipe = child.stderr.take().expect("stderr is piped");
        let (lines, stderr) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stderr_pipe).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        Watched {
            child,
            stdout: Some(stdout),
            stderr,
            stderr_seen: Vec::new(),
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The pids of the first `count` workers the program starts, from its trace lines.
    pub fn worker_pids(&mut self, count: usize, within: Duration) -> Vec<u32> {
        let deadline = Instant::now() + within;
        loop {
            let pids: Vec<u32> = self
                .stderr_seen
                .iter()
                .filter_map(|l| traced_pid(l))
                .collect();
            if pids.len() >= count {
                return pids[..count].to_vec();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) => self.stderr_seen.push(line),
                Err(_) => panic!(
                    "wanted {count} workers within {within:?}; stderr so far:\n{}",
                    self.stderr_seen.join("\n")
                ),
            }
        }
    }

    /// Once `workers` workers run, sends `signal` to `target`, checks that every process of the
    /// group is gone within 0.5 s, and returns how the program ended.
    pub fn stop_with(mut self, workers: usize, signal: Signal, target: Target) -> Finished {
        self.worker_pids(workers, Duration::from_secs(10));
        match target {
            Target::Group => killpg(pid(self.pid()), signal).expect("the group exists"),
            Target::Parent => send(self.pid(), signal),
        }
        self.assert_group_gone_within(Duration::from_millis(500));
        self.finish(Duration::from_secs(1))
    }

    /// Waits for every process of the group to be gone (zombies count as gone: they hold
    /// nothing, and PID 1 does not reap them on every machine), or panics after `within`.
    fn assert_group_gone_within(&mut self, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            // Reap the program itself, so that it does not linger as our zombie.
            let _ = self.child.try_wait();
            let alive = live_in_group(self.pid());
            if alive.is_empty() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "still running after {within:?}: {alive:?}"
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits for the program to exit, or kills its group and panics after `within`.
    pub fn finish(mut self, within: Duration) -> Finished {
        let deadline = Instant::now() + within;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("waiting works") {
                break status;
            }
            if Instant::now() >= deadline {
                let _ = killpg(pid(self.pid()), Signal::SIGKILL);
                panic!("the program did not finish within {within:?}");
            }
            thread::sleep(Duration::from_millis(5));
        };
        // Workers that outlived it would hold the pipes open; verify does not allow them either.
        self.assert_group_gone_within(Duration::from_secs(1));
        self.stderr_seen.extend(self.stderr.iter());
        Finished {
            status,
            stdout: self
                .stdout
                .take()
                .and_then(|reader| reader.join().ok())
                .expect("the stdout reader does not panic"),
            stderr: self.stderr_seen.join("\n"),
        }
    }
}

impl Drop for Watched {
    /// A test that fails midway must not leave the program or its workers running.
    fn drop(&mut self) {
        if !live_in_group(self.pid()).is_empty() {
            let _ = killpg(pid(self.pid()), Signal::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

/// The pids of the workers a program traced on its stderr, in the order they started.
pub fn traced_pids(stderr: &str) -> Vec<u32> {
    stderr.lines().filter_map(traced_pid).collect()
}

/// `worker_processes: Process-1 started, pid 4242` -> 4242.
fn traced_pid(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("worker_processes: ")?;
    rest.rsplit_once(", pid ")?.1.parse().ok()
}

pub fn send(target: u32, signal: Signal) {
    // An already gone target is fine: the test then checks what came of it.
    let _ = kill(pid(target), signal);
}

fn pid(raw: u32) -> Pid {
    Pid::from_raw(i32::try_from(raw).expect("pids fit in i32"))
}

/// Processes of group `group` that are not zombies, from /proc/<pid>/stat.
fn live_in_group(group: u32) -> Vec<u32> {
    let entries = std::fs::read_dir("/proc").expect("/proc is readable");
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|process| {
            let stat = std::fs::read_to_string(format!("/proc/{process}/stat")).unwrap_or_default();
            // After the command name, which is in parentheses and may hold spaces:
            // state ppid pgrp ...
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map(|(_, rest)| rest.split_whitespace().collect())
                .unwrap_or_default();
            matches!(fields.as_slice(), [state, _, pgrp, ..]
                if *state != "Z" && pgrp.parse() == Ok(group))
        })
        .collect()
}

/// One function of an example, compiled alone with `rustc -O` as a default release build
/// would (overflow checks off: the setting under which LLVM folds the most), into a program
/// that times one call.
pub struct Optimized {
    dir: PathBuf,
    program: PathBuf,
}

impl Optimized {
    /// `source` is the text of a .rs file holding `fn <name>(n: u64) -> <printable>`, which may
    /// use `black_box`; `replace` rewrites the function first (`("black_box(i)", "i")` gives the
    /// naive version, to show what the optimiser does to it).
    pub fn compile(source: &str, name: &str, replace: Option<(&str, &str)>) -> Optimized {
        let mut function = function_source(source, name);
        if let Some((from, to)) = replace {
            assert!(function.contains(from), "`{from}` is not in {name}");
            function = function.replace(from, to);
        }
        static COMPILED: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "optimized-{}-{}",
            std::process::id(),
            COMPILED.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let program = dir.join(name);
        let main = format!(
            "#[allow(unused_imports)]\nuse std::hint::black_box;\n{function}\n\
             fn main() {{\n\
                 let n: u64 = std::env::args().nth(1).unwrap().parse().unwrap();\n\
                 let start = std::time::Instant::now();\n\
                 let result = {name}(std::hint::black_box(n));\n\
                 println!(\"{{}} {{}}\", start.elapsed().as_secs_f64(), result);\n\
             }}\n"
        );
        let file = dir.join("main.rs");
        std::fs::write(&file, main).unwrap();
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| String::from("rustc"));
        let output = Command::new(rustc)
            .args(["-O", "--edition", "2024", "-o"])
            .arg(&program)
            .arg(&file)
            .output()
            .expect("rustc runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Optimized { dir, program }
    }

    /// The fastest of three calls with `n`, in seconds: the least disturbed by other load.
    pub fn seconds(&self, n: u64) -> f64 {
        (0..3)
            .map(|_| {
                let output = Command::new(&self.program)
                    .arg(n.to_string())
                    .output()
                    .unwrap();
                let text = String::from_utf8(output.stdout).unwrap();
                text.split_whitespace()
                    .next()
                    .unwrap()
                    .parse::<f64>()
                    .unwrap()
            })
            .fold(f64::INFINITY, f64::min)
    }
}

impl Drop for Optimized {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// From the line declaring `fn <name>(` to the first line that is just `}`.
fn function_source(source: &str, name: &str) -> String {
    let declaration = format!("fn {name}(");
    let lines: Vec<&str> = source
        .lines()
        .skip_while(|line| !line.trim_start().starts_with(&declaration))
        .collect();
    let end = lines.iter().position(|line| *line == "}");
    let Some(end) = end else {
        panic!("no top-level `fn {name}(` in the source");
    };
    lines[..=end].join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_function_is_found_whole() {
        let source = "use x;\n/// Doc.\nfn sum(n: u64) -> u64 {\n    n\n}\n\nfn other() {}\n";
        assert_eq!(
            super::function_source(source, "sum"),
            "fn sum(n: u64) -> u64 {\n    n\n}"
        );
    }

    #[test]
    fn trace_lines_give_the_pid() {
        assert_eq!(
            super::traced_pid("worker_processes: Process-1 started, pid 4242"),
            Some(4242)
        );
        assert_eq!(super::traced_pid("Process 1 starts..."), None);
    }
}
