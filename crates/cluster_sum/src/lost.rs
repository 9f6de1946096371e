//! A lost process, once timely runs.
//!
//! A process that stops (killed, crashed) closes its connections, and each of timely's threads
//! that uses one panics with "timely communication error: ...": by timely's design, the
//! computation cannot go on without it. Left alone, that is a page of panic messages from every
//! thread and exit status 101. Here it is one line naming the lost process, and status 1.

use std::panic;
use std::process;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

/// How long a process that lost another waits before it exits. Its exit closes its own
/// connections, and a third process could take that for the first loss and name the wrong
/// process; meanwhile every survivor reads the lost process's own connection closing.
const LINGER: Duration = Duration::from_millis(250);

/// Installs the panic hook that does that. Other panics keep the default report.
pub fn report_a_lost_process_and_exit(me: usize) {
    static LOST: AtomicBool = AtomicBool::new(false);
    static REPORTING: AtomicBool = AtomicBool::new(false);
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = (payload.downcast_ref::<String>().map(String::as_str))
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        // The worker's queues to a network thread that panicked are poisoned by that panic,
        // which is being reported.
        if message == "MergeQueue poisoned." && LOST.load(Ordering::SeqCst) {
            park_for_ever();
        }
        let Some(cause) = message.strip_prefix("timely communication error: ") else {
            return default(info);
        };
        LOST.store(true, Ordering::SeqCst);
        // With --local, Ctrl-C kills the other processes: that is no fault to report.
        worker_processes::wait_if_stopping();
        if REPORTING.swap(true, Ordering::SeqCst) {
            park_for_ever();
        }
        // timely names its threads `timely:send-2` and `timely:recv-2` for process 2.
        let lost = (thread::current().name())
            .and_then(|name| name.rsplit('-').next()?.parse::<usize>().ok())
            .map_or_else(
                || String::from("another process"),
                |lost| format!("process {lost}"),
            );
        eprintln!(
            "Error: process {me} lost its connection to {lost} ({cause}): the cluster cannot go on \
             without it"
        );
        thread::sleep(LINGER);
        process::exit(1);
    }));
}

/// For a thread that must not go on while another one ends the process.
fn park_for_ever() -> ! {
    loop {
        thread::park();
    }
}
