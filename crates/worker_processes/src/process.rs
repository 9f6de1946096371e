//! One worker process: [`spawn`] and [`Process::join`].

use std::io;
use std::net::TcpListener;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::lines::{self, Stream};
use crate::{safety, starter};

/// Carries a worker's name (`Process-1`) into the worker.
const NAME_VARIABLE: &str = "WORKER_PROCESSES_NAME";

/// Runs `task(arg)` in a new worker process, named `Process-N` as Python names them.
///
/// Python's `Process(target=task, args=(arg,))` followed by `start()`. The process runs this
/// same program (see [`init`](crate::init)), so `task` is a plain function, not a closure: only
/// `arg` crosses to the worker, serialized with serde, and the result comes back the same way.
/// The worker's stdin is empty; its stdout and stderr reach the parent's line by line.
pub fn spawn<A, R>(task: fn(A) -> R, arg: A) -> Result<Process<R>, Error>
where
    A: Serialize + DeserializeOwned + Send + 'static,
    R: Serialize + DeserializeOwned + Send + 'static,
{
    start(next_name("Process"), task, arg, Stdio::null())
}

/// [`spawn`], handing the worker `listener`, which it takes with [`inherited_listener`]: the
/// parent binds the port and the worker accepts on it, as a Python `Process` can be passed a
/// socket in its `args`. The listener becomes the worker's stdin, as inetd hands a server its
/// socket, and the parent keeps no copy. Unix only: std on Windows cannot hand a socket down, so
/// there this is an `Err`.
pub fn spawn_with_listener<A, R>(
    task: fn(A) -> R,
    arg: A,
    listener: TcpListener,
) -> Result<Process<R>, Error>
where
    A: Serialize + DeserializeOwned + Send + 'static,
    R: Serialize + DeserializeOwned + Send + 'static,
{
    let name = next_name("Process");
    #[cfg(unix)]
    {
        start(name, task, arg, std::os::fd::OwnedFd::from(listener).into())
    }
    #[cfg(not(unix))]
    {
        let _ = (task, arg, listener);
        Err(Error::start(
            &name,
            "std on Windows cannot hand a socket down",
        ))
    }
}

/// In a worker that [`spawn_with_listener`] started: the listener it was handed.
pub fn inherited_listener() -> io::Result<TcpListener> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let listener = TcpListener::from(io::stdin().as_fd().try_clone_to_owned()?);
        // Fails unless stdin is a socket (a worker from `spawn`, say, has none).
        listener.local_addr()?;
        Ok(listener)
    }
    #[cfg(not(unix))]
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no listener is handed down on Windows",
    ))
}

/// A running worker process. Join it to get its result; dropping it unjoined kills it.
pub struct Process<R> {
    name: String,
    // Dropped before `registration`: procspawn kills and reaps an unjoined worker on drop.
    handle: procspawn::JoinHandle<R>,
    registration: Registration,
    output: [JoinHandle<()>; 2],
}

impl<R: Serialize + DeserializeOwned> Process<R> {
    /// `Process-1`, `Process-2`, ... in the order the parent started them.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn pid(&self) -> u32 {
        self.registration.0
    }

    /// Waits for the worker to finish and returns its result, once everything it printed has
    /// been passed on. A worker that panicked, crashed or was killed is an `Err` naming it.
    pub fn join(self) -> Result<R, Error> {
        let pid = self.pid();
        let result = self.handle.join();
        drop(self.registration);
        for relay in self.output {
            // A relay thread does not panic; if it did, only output would be lost.
            let _ = relay.join();
        }
        result.map_err(|error| {
            safety::wait_if_stopping();
            Error::from_join(&self.name, pid, &error)
        })
    }
}

/// The worker's pid in the set the Ctrl-C handler kills, until it is reaped.
struct Registration(u32);

impl Drop for Registration {
    fn drop(&mut self) {
        safety::forget(self.0);
    }
}

pub(crate) fn next_name(kind: &str) -> String {
    // One count for all workers, as Python's `Process-1`, `ForkPoolWorker-2`, ...
    static STARTED: AtomicUsize = AtomicUsize::new(0);
    format!("{kind}-{}", STARTED.fetch_add(1, Ordering::Relaxed) + 1)
}

pub(crate) fn current_name() -> String {
    std::env::var(NAME_VARIABLE).unwrap_or_else(|_| String::from("MainProcess"))
}

/// Starts `task(arg)` in the worker `name`, with `stdin` as its stdin.
pub(crate) fn start<A, R>(
    name: String,
    task: fn(A) -> R,
    arg: A,
    stdin: Stdio,
) -> Result<Process<R>, Error>
where
    A: Serialize + DeserializeOwned + Send + 'static,
    R: Serialize + DeserializeOwned + Send + 'static,
{
    if !safety::initialized() {
        return Err(Error::not_initialized(&name));
    }
    let cannot_start = |cause: io::Error| Error::start(&name, cause);
    let (stdout, stdout_writer) = io::pipe().map_err(cannot_start)?;
    let (stderr, stderr_writer) = io::pipe().map_err(cannot_start)?;
    let mut builder = procspawn::Builder::new();
    builder
        .env(NAME_VARIABLE, &name)
        .stdin(stdin)
        .stdout(stdout_writer)
        .stderr(stderr_writer);
    #[cfg(unix)]
    let pid_pipe = Some(starter::prepare(&mut builder).map_err(cannot_start)?);
    #[cfg(not(unix))]
    let pid_pipe = None;
    let start = move |handles: Sender<procspawn::JoinHandle<R>>| {
        // `spawn` drops the builder's pipe ends, so the relays end when the worker does.
        let _ = handles.send(builder.spawn(arg, task));
    };
    let handle =
        starter::start_worker(start, pid_pipe).map_err(|cause| Error::start(&name, cause))?;
    let Some(pid) = handle.pid() else {
        return Err(Error::start_failed(&name, handle.join().err()));
    };
    safety::remember(pid);
    let registration = Registration(pid);
    if std::env::var_os(crate::TRACE_VARIABLE).is_some() {
        lines::report(&format!("worker_processes: {name} started, pid {pid}"));
    }
    let output = [
        lines::relay(stdout, Stream::Stdout).map_err(cannot_start)?,
        lines::relay(stderr, Stream::Stderr).map_err(cannot_start)?,
    ];
    Ok(Process {
        name,
        handle,
        registration,
        output,
    })
}
