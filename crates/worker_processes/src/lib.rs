//! Real OS worker processes for the examples ported from Python's `multiprocessing`.
//!
//! - [`init`], first thing in `main`, plays the role of Python's `if __name__ == "__main__":`.
//! - [`spawn`] runs `task(arg)` in a new process, like `Process(target=task, args=(arg,))` and
//!   `start()`; [`Process::join`] waits for it and hands back the task's result.
//!   [`spawn_with_listener`] also hands the worker a listening socket (Unix).
//! - [`Pool::map`] runs a task on every input in worker processes and returns the results in
//!   input order, like `Pool().map` and `ProcessPoolExecutor().map`.
//!
//! Arguments and results cross the process boundary with serde. A worker that crashes or is
//! killed is an [`Error`] naming it, never a hang. Every line a worker prints reaches the
//! parent's stdout or stderr whole. No worker outlives its parent: Ctrl-C or SIGTERM stops them
//! all, and on Linux the kernel kills them if the parent dies any other way.
//!
//! ```no_run
//! fn square(n: u64) -> u64 {
//!     n * n
//! }
//!
//! fn main() -> Result<(), worker_processes::Error> {
//!     worker_processes::init(); // a worker process runs its task in here and exits
//!     let squares = worker_processes::Pool::new().map(square, [1, 2, 3])?;
//!     assert_eq!(squares, [1, 4, 9]);
//!     Ok(())
//! }
//! ```
//!
//! Built on [procspawn](https://docs.rs/procspawn): see README.md for what this layer adds and
//! why.

mod error;
mod lines;
mod pool;
mod process;
mod safety;
mod starter;
#[cfg(all(feature = "testing", target_os = "linux"))]
pub mod testing;

pub use error::Error;
pub use pool::Pool;
pub use process::{Process, inherited_listener, spawn, spawn_with_listener};

/// The environment variable that makes the parent print each worker's name and pid on stderr
/// when it starts (`WORKER_PROCESSES_TRACE=1`). Fault tests use it to find a worker mid-task.
pub const TRACE_VARIABLE: &str = "WORKER_PROCESSES_TRACE";

/// Call this first in `main`: the counterpart of Python's `if __name__ == "__main__":` guard.
///
/// A worker process is this same program started again. In a worker, `init` runs the task the
/// parent asked for, sends back its result and exits, so the code after `init` runs only in the
/// parent. Code before `init` runs again in every worker, as a Python module's top level does.
///
/// In the parent, `init` installs the handler that stops every worker on Ctrl-C, SIGTERM or
/// SIGHUP, then exits with status 130.
pub fn init() {
    procspawn::ProcConfig::new()
        // The parent reports a panic's message; the worker's own panic output shows where.
        .capture_backtraces(false)
        .config_callback(starter::in_worker)
        .init();
    safety::in_parent();
}

/// For a program that notices a lost worker by its own means (a connection to it closed, say):
/// if Ctrl-C, SIGTERM or SIGHUP is why, the handler is stopping every worker and the process is
/// about to exit with status 130, so this waits for that and never returns. Otherwise it returns
/// at once, and the loss is a fault to report.
pub fn wait_if_stopping() {
    safety::wait_if_stopping();
}

/// The name of the current process, as Python's `multiprocessing.current_process().name`:
/// `MainProcess` in the parent, `Process-1`, `Process-2`, ... in the workers [`spawn`] starts
/// (numbered in the order they were started) and `PoolWorker-N` in a [`Pool`]'s workers.
pub fn current_process_name() -> String {
    process::current_name()
}
