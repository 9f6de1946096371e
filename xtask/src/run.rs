//! Running one example binary as a user would, with a timeout.

use std::io::{self, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

/// What one run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit: Exit,
    /// From spawn to exit, as a user with a stopwatch would see it.
    pub wall: Duration,
    /// Processes the example started and left running after it exited (they have been killed).
    pub leftovers: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Exit {
    Code(i32),
    /// Ended by a signal (a crash, or a kill from outside).
    Signal(i32),
    /// Still running at the timeout; verify killed it and everything it had started.
    TimedOut,
}

/// Process groups of the runs in progress, so that an interrupted verify can take them down.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Kills every run in progress with all the processes it started (for Ctrl-C on verify).
pub fn kill_running() {
    for &group in RUNNING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
    {
        process_group::kill(group);
    }
}

/// How long an exited example's children get to finish before they count as left behind.
const LEFTOVER_GRACE: Duration = Duration::from_millis(1000);

/// Runs `program` with `args` (stdin empty), killing it and its children after `timeout`.
pub fn run(program: &Path, args: &[String], timeout: Duration) -> io::Result<Outcome> {
    let mut command = Command::new(program);
    command.args(args);
    run_command(command, timeout)
}

/// Runs `command` as [`run`] does, with its stdin, stdout and stderr replaced.
pub fn run_command(mut command: Command, timeout: Duration) -> io::Result<Outcome> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        // Its own process group, so a timeout can take down the worker processes it started.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let start = Instant::now();
    let mut child = command.spawn()?;
    RUNNING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(child.id());
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = wait_with_deadline(&mut child, start + timeout)?;
    let wall = start.elapsed();
    let leftovers = process_group::reap(child.id(), LEFTOVER_GRACE);
    RUNNING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .retain(|&group| group != child.id());
    let exit = match status {
        Some(status) => exit_of(status),
        None => Exit::TimedOut,
    };
    Ok(Outcome {
        stdout: join_reader(stdout),
        stderr: join_reader(stderr),
        exit,
        wall,
        leftovers,
    })
}

fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error ends the capture; what arrived so far is still worth showing.
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn join_reader(reader: thread::JoinHandle<String>) -> String {
    reader
        .join()
        .unwrap_or_else(|_| String::from("<output reader panicked>"))
}

/// `Ok(None)` when the deadline passed; the child and its process group are then killed.
fn wait_with_deadline(child: &mut Child, deadline: Instant) -> io::Result<Option<ExitStatus>> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            process_group::kill(child.id());
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        thread::sleep(Duration::from_millis(5));
    }
}

fn exit_of(status: ExitStatus) -> Exit {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Exit::Signal(signal);
        }
    }
    Exit::Code(status.code().unwrap_or(-1))
}

#[cfg(unix)]
mod process_group {
    use std::thread;
    use std::time::{Duration, Instant};

    use nix::sys::signal::{Signal, killpg};
    use nix::unistd::Pid;

    pub fn kill(group: u32) {
        if let Ok(group) = i32::try_from(group) {
            // The group may already be empty; nothing to do then.
            let _ = killpg(Pid::from_raw(group), Signal::SIGKILL);
        }
    }

    /// Waits up to `grace` for the group to empty, then kills what is left and says how many.
    pub fn reap(group: u32, grace: Duration) -> usize {
        let deadline = Instant::now() + grace;
        loop {
            let alive = live_members(group);
            if alive == 0 {
                return 0;
            }
            if Instant::now() >= deadline {
                kill(group);
                return alive;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Members of the group that are not zombies. Orphaned zombies count as gone: on some machines
    /// (this project's CI among them) PID 1 never reaps them, though they hold no resources.
    #[cfg(target_os = "linux")]
    fn live_members(group: u32) -> usize {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return 0;
        };
        entries
            .filter_map(Result::ok)
            .filter(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            })
            .filter_map(|entry| std::fs::read_to_string(entry.path().join("stat")).ok())
            .filter(|stat| {
                // Fields after the command name, which is in parentheses and may contain spaces:
                // state ppid pgrp ...
                let fields: Vec<&str> = stat
                    .rsplit_once(')')
                    .map(|(_, rest)| rest.split_whitespace().collect())
                    .unwrap_or_default();
                matches!(fields.as_slice(), [state, _ppid, pgrp, ..]
                    if *state != "Z" && pgrp.parse() == Ok(group))
            })
            .count()
    }

    /// Elsewhere, a signal 0 to the group tells whether anyone (zombies included) is in it.
    #[cfg(not(target_os = "linux"))]
    fn live_members(group: u32) -> usize {
        let Ok(group) = i32::try_from(group) else {
            return 0;
        };
        usize::from(killpg(Pid::from_raw(group), None).is_ok())
    }
}

#[cfg(not(unix))]
mod process_group {
    use std::time::Duration;

    pub fn kill(_group: u32) {}

    pub fn reap(_group: u32, _grace: Duration) -> usize {
        0
    }
}
