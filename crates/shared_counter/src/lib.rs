//! What the compiler says about the unlocked counter.
//!
//! The Python tutorial needs its lock because `counter.value += 1` is a read, an add and a write,
//! and Python does not promise that another thread cannot run in between: two threads can read the
//! same value, and one update is lost. Without the lock, Python runs the program, and whether the
//! count comes out right depends on when the interpreter switches threads. Rust does not compile
//! it. Ten threads that each hold a mutable borrow of the same counter are a data race, and the
//! borrow checker rejects them (error E0499, a second mutable borrow):
//!
//! ```compile_fail,E0499
//! let mut count: u64 = 0;
//! std::thread::scope(|scope| {
//!     for _ in 0..10 {
//!         scope.spawn(|| {
//!             for _ in 0..1000 {
//!                 count += 1;
//!             }
//!         });
//!     }
//! });
//! ```
//!
//! Sharing a plain integer between threads that outlive the function is rejected too, before
//! any question of locking comes up (error E0373, the closure may outlive the borrowed value):
//!
//! ```compile_fail,E0373
//! fn count_in_background() {
//!     let mut count: u64 = 0;
//!     let handle = std::thread::spawn(|| count += 1);
//!     handle.join().unwrap();
//! }
//! ```
//!
//! The fix the compiler steers you to is the tutorial's: put the value behind a lock
//! (src/main.rs), or use an atomic, which needs no lock for a single integer:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering};
//!
//! let count = AtomicU64::new(0);
//! std::thread::scope(|scope| {
//!     for _ in 0..10 {
//!         scope.spawn(|| {
//!             for _ in 0..1000 {
//!                 count.fetch_add(1, Ordering::Relaxed);
//!             }
//!         });
//!     }
//! });
//! assert_eq!(count.into_inner(), 10_000);
//! ```
