//! The parent's half of the safety net: it knows every worker it started, and on Ctrl-C,
//! SIGTERM or SIGHUP its handler kills them all, then exits. (The worker's half, dying with a
//! parent that is killed outright, is in `starter`.)

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::{process, thread};

use crate::lines;

static INITIALIZED: AtomicBool = AtomicBool::new(false);
static STOPPING: AtomicBool = AtomicBool::new(false);
/// Process ids of the workers started and not yet joined.
static WORKERS: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

/// In the parent, from `init`: stop every worker on Ctrl-C, SIGTERM or SIGHUP.
pub(crate) fn in_parent() {
    INITIALIZED.store(true, Ordering::SeqCst);
    if let Err(error) = ctrlc::set_handler(stop_everything) {
        // Another handler owns these signals; workers still die with the parent on Linux.
        lines::report(&format!(
            "warning: worker processes will not be stopped on Ctrl-C: {error}"
        ));
    }
}

pub(crate) fn initialized() -> bool {
    INITIALIZED.load(Ordering::SeqCst)
}

fn stop_everything() {
    STOPPING.store(true, Ordering::SeqCst);
    let workers = lock_workers();
    for &pid in workers.iter() {
        kill(pid);
    }
    lines::report(&format!(
        "Interrupted: stopped {} worker process(es)",
        workers.len()
    ));
    // 128 + SIGINT, the shell's status for an interrupted program. ctrlc does not say which of
    // SIGINT, SIGTERM or SIGHUP arrived, so all three end the same way.
    process::exit(130);
}

/// After a worker is lost: if the handler is stopping everything, that is why, and the process
/// is about to exit. Wait for it rather than report a crash that is not one.
pub(crate) fn wait_if_stopping() {
    while STOPPING.load(Ordering::SeqCst) {
        thread::park();
    }
}

pub(crate) fn remember(pid: u32) {
    lock_workers().insert(pid);
}

/// Called right after procspawn has reaped the worker. In between, the pid could in principle be
/// handed to a new process and killed by `stop_everything`; but Linux hands out pids in
/// increasing order up to `pid_max` (32768 here, often 4194304) before it reuses one, so that
/// would take tens of thousands of new processes within microseconds.
pub(crate) fn forget(pid: u32) {
    lock_workers().remove(&pid);
}

fn lock_workers() -> std::sync::MutexGuard<'static, BTreeSet<u32>> {
    // The set stays consistent even if a holder panicked: every update is one call.
    WORKERS.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(unix)]
fn kill(pid: u32) {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    if let Ok(pid) = i32::try_from(pid) {
        // It may have exited already; nothing to do then.
        let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

/// On Windows, Ctrl-C reaches every process attached to the console, workers included.
#[cfg(not(unix))]
fn kill(_pid: u32) {}
