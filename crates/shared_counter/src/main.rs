//! Many threads increment one counter under a lock; no update is lost.
//!
//! Rust port of "Thread-Safe Counter" in *What is the difference between Multithreading and
//! Multiprocessing in Python?*. See README.md for how it maps to the Python original, and
//! tests/ui/ for the unlocked version that the compiler rejects.

use std::sync::Mutex;
use std::thread;

use clap::Parser;

/// Many threads increment one counter under a lock; the final count is exact.
#[derive(Parser)]
struct Args {
    /// How many threads increment the counter (at most 1024)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1024))]
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

fn main() {
    let args = Args::parse();
    let counter = ThreadSafeCounter::new();

    // Scoped threads may borrow `counter`: the scope joins them all before it returns.
    thread::scope(|s| {
        for _ in 0..args.threads {
            s.spawn(|| {
                for _ in 0..args.increments {
                    counter.increment();
                }
            });
        }
    });

    println!("Final count: {}", counter.value());
    let expected = u64::from(args.threads) * u64::from(args.increments);
    assert_eq!(counter.value(), expected, "lost updates");
}
