//! Two threads run the same function.
//!
//! Rust port of "What Are Processes and Threads?" in *Python Multithreading vs Multiprocessing:
//! A Beginner's Guide*. See README.md for how it maps to the Python original.

use std::thread;

fn task() {
    println!("Running in thread");
}

fn main() {
    let thread1 = thread::spawn(task);
    let thread2 = thread::spawn(task);

    // Python waits for every running thread before the interpreter exits, so the original never
    // joins. A Rust process ends when `main` returns, taking unfinished threads with it: without
    // these joins, a line could go missing.
    thread1.join().expect("thread 1 panicked");
    thread2.join().expect("thread 2 panicked");
}
