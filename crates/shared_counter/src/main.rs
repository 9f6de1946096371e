//! Many threads increment one counter under a lock; no update is lost.
//!
//! Rust port of "Thread-Safe Counter" in *What is the difference between Multithreading and
//! Multiprocessing in Python?*. See README.md for how it maps to the Python original, and
//! src/lib.rs for the unlocked version that the compiler rejects.

use std::io;
use std::sync::Mutex;
use std::thread;

use clap::Parser;

/// Many threads increment one counter under a lock; the final count is exact.
#[derive(Parser)]
struct Args {
    /// How many threads increment the counter
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    threads: u32,
    /// How many times each thread increments it
    #[arg(long, default_value_t = 1000)]
    increments: u32,
}

struct ThreadSafeCounter {
    value: Mutex<u64>,
}

impl ThreadSafeCounter {
    fn new() -> Self {
        ThreadSafeCounter {
            value: Mutex::new(0),
        }
    }

    fn increment(&self) {
        // The guard unlocks when it goes out of scope, like leaving Python's `with self.lock:`.
        *self
            .value
            .lock()
            .expect("no thread panics while holding the lock") += 1;
    }

    fn value(&self) -> u64 {
        *self
            .value
            .lock()
            .expect("no thread panics while holding the lock")
    }
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let counter = ThreadSafeCounter::new();

    // Scoped threads may borrow `counter`: the scope joins them all before it returns.
    thread::scope(|scope| {
        for _ in 0..args.threads {
            thread::Builder::new().spawn_scoped(scope, || {
                for _ in 0..args.increments {
                    counter.increment();
                }
            })?;
        }
        Ok::<_, io::Error>(())
    })?;

    println!("Final count: {}", counter.value());
    assert_eq!(
        counter.value(),
        u64::from(args.threads) * u64::from(args.increments),
        "lost updates"
    );
    Ok(())
}
