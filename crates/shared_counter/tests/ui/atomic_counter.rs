// What the compiler accepts without a lock: an atomic integer, whose `fetch_add` is one
// indivisible read-add-write. For one integer it does the mutex's job.

use std::sync::atomic::{AtomicU64, Ordering};

fn main() {
    let count = AtomicU64::new(0);
    std::thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                for _ in 0..1000 {
                    count.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(count.into_inner(), 10_000);
}
