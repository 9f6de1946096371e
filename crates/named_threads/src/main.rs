//! Two named threads; each one reports the name it was given, read from the thread itself.
//!
//! Rust port of "Basic Threading Example" in *What is the difference between Multithreading and
//! Multiprocessing in Python?*. See README.md for how it maps to the Python original.

use std::io;
use std::thread;
use std::time::Duration;

fn download(url: &str) {
    let current = thread::current();
    let thread_name = current.name().unwrap_or("<unnamed>");
    println!("[{thread_name}] Starting download: {url}");
    thread::sleep(Duration::from_secs(2)); // stands in for waiting on the network
    println!("[{thread_name}] Completed: {url}");
}

fn main() -> io::Result<()> {
    // `Builder::spawn` returns an error instead of panicking when the OS refuses a new thread.
    let t1 = thread::Builder::new()
        .name("Thread-1".into())
        .spawn(|| download("file1.zip"))?;
    let t2 = thread::Builder::new()
        .name("Thread-2".into())
        .spawn(|| download("file2.zip"))?;

    // Wait for both to finish.
    t1.join().expect("Thread-1 panicked");
    t2.join().expect("Thread-2 panicked");

    println!("All downloads complete");
    Ok(())
}
