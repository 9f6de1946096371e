use std::fmt;

/// A worker process that could not start, or ended without a result. The message names the
/// worker (and the task, for a pool) in one line.
pub struct Error {
    /// `task 2 of 4 (input 10)` for a pool task; `None` for a process from `spawn`.
    task: Option<String>,
    worker: String,
    pid: Option<u32>,
    cause: Cause,
}

enum Cause {
    NotInitialized,
    Start(String),
    /// The result channel closed before a result came: the process crashed or was killed.
    Lost,
    Panicked(String),
    Failed(String),
}

impl Error {
    pub(crate) fn not_initialized(worker: &str) -> Error {
        Error::new(worker, None, Cause::NotInitialized)
    }

    pub(crate) fn start(worker: &str, cause: impl fmt::Display) -> Error {
        Error::new(worker, None, Cause::Start(cause.to_string()))
    }

    /// procspawn could not start the worker (`error` is what joining its handle returned).
    pub(crate) fn start_failed(worker: &str, error: Option<procspawn::SpawnError>) -> Error {
        let cause = error.map_or_else(|| String::from("no reason given"), |e| describe(&e));
        Error::new(worker, None, Cause::Start(cause))
    }

    /// Interprets procspawn's error from joining the worker `worker` with process id `pid`.
    pub(crate) fn from_join(worker: &str, pid: u32, error: &procspawn::SpawnError) -> Error {
        let cause = if let Some(panic) = error.panic_info() {
            Cause::Panicked(panic.message().to_owned())
        } else if error.is_remote_close() {
            Cause::Lost
        } else {
            Cause::Failed(describe(error))
        };
        Error::new(worker, Some(pid), cause)
    }

    fn new(worker: &str, pid: Option<u32>, cause: Cause) -> Error {
        Error {
            task: None,
            worker: worker.to_owned(),
            pid,
            cause,
        }
    }

    pub(crate) fn in_task(mut self, task: &str) -> Error {
        self.task = Some(task.to_owned());
        self
    }

    /// True when the worker process died before it could send a result (killed by a signal,
    /// out of memory, aborted): the task itself may well succeed in a new process. A panic is
    /// not a lost worker: the task would panic again.
    pub(crate) fn is_lost_worker(&self) -> bool {
        matches!(self.cause, Cause::Lost)
    }
}

/// The error and its sources in one line: procspawn's own message alone hides the cause.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(task) = &self.task {
            write!(f, "{task}: ")?;
        }
        let worker = match self.pid {
            Some(pid) => format!("{} (pid {pid})", self.worker),
            None => self.worker.clone(),
        };
        match &self.cause {
            Cause::NotInitialized => write!(
                f,
                "cannot start {worker}: call worker_processes::init() first in main"
            ),
            Cause::Start(cause) => write!(f, "could not start {worker}: {cause}"),
            Cause::Lost => write!(
                f,
                "{worker} ended without returning a result: it was killed or crashed"
            ),
            Cause::Panicked(message) => write!(f, "{worker} panicked: {message}"),
            Cause::Failed(cause) => write!(f, "{worker} failed: {cause}"),
        }
    }
}

/// The same one line as `Display`, so that `main` returning `Result<(), Error>` prints
/// `Error: <message>` rather than a struct dump.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_worker_and_the_task() {
        let lost =
            Error::new("PoolWorker-3", Some(42), Cause::Lost).in_task("task 2 of 4 (input 7)");
        assert_eq!(
            lost.to_string(),
            "task 2 of 4 (input 7): PoolWorker-3 (pid 42) ended without returning a result: it \
             was killed or crashed"
        );
        assert!(lost.is_lost_worker());
        let panicked = Error::new("Process-1", Some(7), Cause::Panicked("boom".into()));
        assert_eq!(format!("{panicked:?}"), "Process-1 (pid 7) panicked: boom");
        assert!(!panicked.is_lost_worker());
        assert_eq!(
            Error::not_initialized("Process-2").to_string(),
            "cannot start Process-2: call worker_processes::init() first in main"
        );
    }
}
