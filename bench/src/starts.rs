//! What starting a worker costs: start + join of a thread, then of a worker process, that do
//! nothing. One measurement per start.

use std::thread;

use crate::Measurement;
use crate::measurement::timed;

pub fn thread_and_process(samples: u32) -> Result<(), String> {
    let start_thread = || {
        thread::spawn(|| ())
            .join()
            .expect("an empty thread panicked")
    };
    let start_process = || {
        worker_processes::spawn(nothing, ())
            .and_then(worker_processes::Process::join)
            .map_err(|e| e.to_string())
    };
    // One start of each that is not measured: the first pays for loading code and pages.
    start_thread();
    start_process()?;
    for _ in 0..samples {
        let ((), seconds) = timed(start_thread);
        Measurement::new("start", "thread", seconds).print()?;
    }
    for _ in 0..samples {
        let (started, seconds) = timed(start_process);
        started?;
        Measurement::new("start", "process", seconds).print()?;
    }
    Ok(())
}

fn nothing((): ()) {}
