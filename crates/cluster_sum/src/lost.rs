//! A lost process, once timely runs. A process that stops closes its connections, and each of
//! timely's network threads that uses one panics, by design: the run cannot go on. The hook
//! makes that one line naming the lost process, which it learns from the [`Peer`] that failed
//! on the panicking thread, and exit status 1 (not a page of panics and status 101).

use std::cell::Cell;
use std::fmt::Display;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::time::Duration;
use std::{panic, process, thread};

use timely::communication::allocator::zero_copy::stream::Stream;

thread_local! {
    /// On one of timely's network threads: how its connection failed, if it did.
    static FAILED: Cell<Option<String>> = const { Cell::new(None) };
}

/// Installs the hook. Other panics keep the default report.
pub fn report_a_lost_process_and_exit() {
    static REPORTING: AtomicBool = AtomicBool::new(false);
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let failed = FAILED.take();
        if failed.is_none() && !REPORTING.load(SeqCst) {
            return default(info);
        }
        // With --local, Ctrl-C kills the other processes: that is no fault to report.
        worker_processes::wait_if_stopping();
        if let Some(lost) = failed
            && !REPORTING.swap(true, SeqCst)
        {
            eprintln!("Error: {lost}: the cluster cannot go on without it");
            // Exiting closes this process's connections too: first let a third process read
            // the lost one's, or it could name this one.
            thread::sleep(Duration::from_millis(250));
            process::exit(1);
        }
        // An echo of the loss being reported (timely's queues, poisoned by it).
        loop {
            thread::park();
        }
    }));
}

/// A connection to another process, as timely's network threads use it.
pub struct Peer {
    pub stream: TcpStream,
    /// What its failure means: "process 0 lost its connection to process 2".
    pub lost: String,
}

impl Peer {
    fn failed(&self, cause: impl Display) {
        FAILED.set(Some(format!("{} ({cause})", self.lost)));
    }
}

impl Read for Peer {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.stream.read(buffer).inspect_err(|e| self.failed(e));
        // Also how a clean shutdown ends; then the thread ends, without a panic.
        if let Ok(0) = read {
            self.failed("connection closed");
        }
        read
    }
}

impl Write for Peer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.stream.write(bytes).inspect_err(|e| self.failed(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

impl Stream for Peer {
    fn try_clone(&self) -> io::Result<Self> {
        let (stream, lost) = (self.stream.try_clone()?, self.lost.clone());
        Ok(Peer { stream, lost })
    }

    fn set_nonblocking(&self, nonblocking: bool) -> io::Result<()> {
        self.stream.set_nonblocking(nonblocking)
    }

    fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.stream.shutdown(how)
    }
}
