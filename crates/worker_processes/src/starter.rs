//! Starting a worker so that it cannot outlive its parent, and noticing one that dies before it
//! reports in.
//!
//! - On Unix, between fork and exec, before any of its own code runs, the new worker blocks
//!   SIGINT (Ctrl-C reaches the whole process group; the parent stops the workers itself, so a
//!   worker dying on its own first cannot look like a crash), asks the Linux kernel to kill it
//!   when its parent dies (`PR_SET_PDEATHSIG`), and writes its pid into a pipe. The parent thus
//!   knows the worker from its first instant, before procspawn hands over its handle.
//! - The kernel ties `PR_SET_PDEATHSIG` to the *thread* that started the worker, not the
//!   process: a worker started from a short-lived thread would die when that thread ends. So
//!   every worker is started from one thread that lives as long as the program.
//! - procspawn then waits, without a timeout, for the worker to connect back. A worker that dies
//!   first (killed in its first millisecond, or ended by code before `init`) would leave it
//!   waiting for ever. The parent watches that pid meanwhile (Linux), reports such a worker, and
//!   leaves the stuck thread behind: the next worker starts from a new one.
//! - Elsewhere on Unix (macOS, the BSDs) there is no `PR_SET_PDEATHSIG`: a worker checks every
//!   100 ms whether its parent is still there.

use std::io::{PipeReader, Read};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use std::{panic, thread};

use crate::safety;

/// Tells a worker its parent's pid, for the check of `watch_parent`.
#[cfg(unix)]
const PARENT_VARIABLE: &str = "WORKER_PROCESSES_PARENT";

type Job = Box<dyn FnOnce() + Send>;

/// Sets `builder` up as the module comment says. Returns the pipe the worker's pid comes through.
#[cfg(unix)]
pub(crate) fn prepare(builder: &mut procspawn::Builder) -> std::io::Result<PipeReader> {
    use nix::sys::signal::{SigSet, Signal};

    builder.env(PARENT_VARIABLE, std::process::id().to_string());
    let (pid_reader, pid_writer) = std::io::pipe()?;
    let mut ctrl_c = SigSet::empty();
    ctrl_c.add(Signal::SIGINT);
    #[cfg(target_os = "linux")]
    let parent = nix::unistd::getpid();
    let in_new_worker = move || -> std::io::Result<()> {
        ctrl_c.thread_block()?;
        #[cfg(target_os = "linux")]
        {
            nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)?;
            // The parent may have died just before: then no signal will come.
            if nix::unistd::getppid() != parent {
                return Err(nix::errno::Errno::ESRCH.into());
            }
        }
        let pid = nix::unistd::getpid().as_raw().to_ne_bytes();
        nix::unistd::write(&pid_writer, &pid)?;
        Ok(())
    };
    #[expect(
        unsafe_code,
        reason = "runs between fork and exec, where only async-signal-safe calls are allowed: \
                  the closure makes system calls (pthread_sigmask, prctl, getppid, getpid, \
                  write) and neither allocates nor locks (procspawn's wrapper locks a mutex that \
                  only forked children ever lock)"
    )]
    // SAFETY: see the reason above.
    unsafe {
        builder.pre_exec(in_new_worker);
    }
    Ok(pid_reader)
}

/// The pid the new worker wrote, or `None` if it never came to be (procspawn failed first).
fn read_pid(mut pipe: PipeReader) -> Option<u32> {
    let mut pid = [0; 4];
    pipe.read_exact(&mut pid).ok()?;
    u32::try_from(i32::from_ne_bytes(pid)).ok()
}

/// Runs `start` on the starter thread, which sends procspawn's handle into the channel it is
/// given, and returns that handle once it comes. The worker's pid, if `pid_pipe` brings it, is
/// registered for the Ctrl-C handler at once. `Err` says why no handle will come: the starter is
/// gone, or the worker exited and procspawn, still waiting for it to connect, never returns.
pub(crate) fn start_worker<H: Send + 'static>(
    start: impl FnOnce(Sender<H>) + Send + 'static,
    pid_pipe: Option<PipeReader>,
) -> Result<H, String> {
    static STARTER: Mutex<Option<Sender<Job>>> = Mutex::new(None);
    // One start at a time: a stuck one is detected before the next begins.
    let mut starter = STARTER.lock().unwrap_or_else(PoisonError::into_inner);
    if starter.is_none() {
        *starter = new_starter_thread();
    }
    let (handles, handle) = mpsc::channel();
    let sent = starter
        .as_ref()
        .is_some_and(|jobs| jobs.send(Box::new(move || start(handles))).is_ok());
    if !sent {
        *starter = None;
        return Err(String::from("no thread to start it from"));
    }
    let pid = pid_pipe.and_then(read_pid);
    if let Some(pid) = pid {
        safety::remember(pid);
    }
    let outcome = wait_for_handle(&handle, pid);
    if outcome.is_err() {
        if let Some(pid) = pid {
            safety::forget(pid);
        }
        *starter = None;
    }
    outcome
}

fn new_starter_thread() -> Option<Sender<Job>> {
    let (jobs, queue) = mpsc::channel::<Job>();
    thread::Builder::new()
        .name("worker-starter".into())
        .spawn(move || {
            for job in queue {
                // A job that panics drops its sender; the caller sees that.
                let _ = panic::catch_unwind(panic::AssertUnwindSafe(job));
            }
        })
        .ok()?;
    Some(jobs)
}

fn wait_for_handle<H>(handle: &Receiver<H>, pid: Option<u32>) -> Result<H, String> {
    const POLL: Duration = Duration::from_millis(10);
    // A worker with a quick task can exit just before procspawn returns: microseconds.
    const GRACE: Duration = Duration::from_secs(2);
    let mut exited: Option<(Instant, String)> = None;
    loop {
        match handle.recv_timeout(POLL) {
            Ok(handle) => return Ok(handle),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(String::from("procspawn failed while starting it"));
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        match &exited {
            Some((at, how)) if at.elapsed() > GRACE => {
                return Err(format!("it {how} before it took its task"));
            }
            Some(_) => {}
            None => exited = pid.and_then(exit_of).map(|how| (Instant::now(), how)),
        }
    }
}

/// How the worker `pid` ended, if it has; it stays unreaped, for procspawn to reap.
#[cfg(target_os = "linux")]
fn exit_of(pid: u32) -> Option<String> {
    use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
    let pid = nix::unistd::Pid::from_raw(i32::try_from(pid).ok()?);
    let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
    match waitid(Id::Pid(pid), flags).ok()? {
        WaitStatus::Exited(_, code) => Some(format!("exited with status {code}")),
        WaitStatus::Signaled(_, signal, _) => Some(format!("was killed by {signal}")),
        _ => None,
    }
}

/// Without `waitid(WNOWAIT)` (macOS) a check would reap the worker; a worker that dies before
/// it reports in is not detected there.
#[cfg(not(target_os = "linux"))]
fn exit_of(_pid: u32) -> Option<String> {
    None
}

/// In a worker, before it takes its task (procspawn's config callback).
pub(crate) fn in_worker() {
    #[cfg(all(unix, not(target_os = "linux")))]
    watch_parent();
}

/// Where the kernel cannot kill a worker whose parent died: exit once adopted by another.
#[cfg(all(unix, not(target_os = "linux")))]
fn watch_parent() {
    let Some(parent) = std::env::var(PARENT_VARIABLE)
        .ok()
        .and_then(|pid| pid.parse::<u32>().ok())
    else {
        return;
    };
    let _ = thread::Builder::new()
        .name("parent-watch".into())
        .spawn(move || {
            loop {
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(1);
                }
                thread::sleep(Duration::from_millis(100));
            }
        });
}
