//! The safety net: no worker process outlives its parent.
//!
//! - Ctrl-C, SIGTERM or SIGHUP to the parent: its handler kills every worker, then exits.
//! - The parent dies any other way (SIGKILL, a crash): on Linux the kernel kills each worker,
//!   which asked for that with `prctl(PR_SET_PDEATHSIG)` when it started. Elsewhere on Unix a
//!   worker checks every 100 ms whether its parent is still there.
//!
//! The kernel ties `PR_SET_PDEATHSIG` to the *thread* that started the worker, not the process:
//! a worker started from a short-lived thread would be killed when that thread ends. So every
//! worker is started from one thread that lives as long as the program (`on_spawner_thread`).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Mutex, OnceLock};
use std::{panic, process, thread};

/// Tells a worker its parent's process id, to catch a parent that died before the worker
/// could ask to die with it.
pub(crate) const PARENT_VARIABLE: &str = "WORKER_PROCESSES_PARENT";

static INITIALIZED: AtomicBool = AtomicBool::new(false);
static STOPPING: AtomicBool = AtomicBool::new(false);
/// Process ids of the workers started and not yet joined.
static WORKERS: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

/// In the parent, from `init`: stop every worker on Ctrl-C, SIGTERM or SIGHUP.
pub(crate) fn in_parent() {
    INITIALIZED.store(true, Ordering::SeqCst);
    if let Err(error) = ctrlc::set_handler(stop_everything) {
        // Another handler owns these signals; workers still die with the parent on Linux.
        eprintln!("warning: worker processes will not be stopped on Ctrl-C: {error}");
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
    eprintln!("Interrupted: stopped {} worker process(es)", workers.len());
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

/// Called right after the worker has been reaped. Between the two, the pid could in principle be
/// handed to a new process and killed by `stop_everything`; Linux hands out pids in increasing
/// order up to `pid_max` (4194304 on 64-bit) before it reuses one, so that takes millions of new
/// processes within microseconds.
pub(crate) fn forget(pid: u32) {
    lock_workers().remove(&pid);
}

fn lock_workers() -> std::sync::MutexGuard<'static, BTreeSet<u32>> {
    // The set stays consistent even if a holder panicked: every update is one call.
    WORKERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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

type Job = Box<dyn FnOnce() + Send>;

/// Runs `start` on the one thread that starts every worker (see the module comment), and
/// returns what it returned; `None` if that thread could not be started or `start` panicked.
pub(crate) fn on_spawner_thread<T: Send + 'static>(
    start: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    static SPAWNER: OnceLock<Option<Sender<Job>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (jobs, queue) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("worker-spawner".into())
            .spawn(move || {
                for job in queue {
                    // A panicking job drops its reply sender, which its caller sees as None.
                    let _ = panic::catch_unwind(panic::AssertUnwindSafe(job));
                }
            })
            .ok()?;
        Some(jobs)
    });
    let (reply, answer) = mpsc::channel();
    let job: Job = Box::new(move || {
        let _ = reply.send(start());
    });
    spawner.as_ref()?.send(job).ok()?;
    answer.recv().ok()
}

/// In a worker, before it runs its task (procspawn's config callback).
pub(crate) fn in_worker() {
    #[cfg(unix)]
    {
        use nix::sys::signal::{SigSet, Signal};
        // Ctrl-C reaches the whole process group. Only the parent acts on it, and kills the
        // workers: a worker dying on its own first would look like a crash to the parent.
        let mut ctrl_c = SigSet::empty();
        ctrl_c.add(Signal::SIGINT);
        let _ = ctrl_c.thread_block();
        die_with_parent();
    }
}

#[cfg(unix)]
fn die_with_parent() {
    let expected = std::env::var(PARENT_VARIABLE)
        .ok()
        .and_then(|pid| pid.parse::<u32>().ok());
    let parent_is_gone =
        move || expected.is_some_and(|pid| pid != std::os::unix::process::parent_id());
    #[cfg(target_os = "linux")]
    {
        let _ = nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL);
        // The parent may have died before the line above; then no signal will come.
        if parent_is_gone() {
            process::exit(1);
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        // No parent-death signal here (macOS, the BSDs): watch for being adopted.
        let _ = thread::Builder::new()
            .name("parent-watch".into())
            .spawn(move || {
                loop {
                    if parent_is_gone() {
                        process::exit(1);
                    }
                    thread::sleep(std::time::Duration::from_millis(100));
                }
            });
    }
}
