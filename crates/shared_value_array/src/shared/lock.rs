//! The lock of a Value or an Array (Python's `get_lock()`): one 32-bit word in the shared memory
//! itself, 0 when the lock is free, otherwise the process id of the process that holds it.
//!
//! Taking a free lock is one compare-and-swap from 0 to our pid, and releasing it one store: no
//! system call either way. A process that finds the lock taken spins briefly, then yields its CPU
//! between looks, since on a busy machine the holder may itself be waiting for a CPU, and naps
//! between looks once the wait grows long.
//!
//! A process that dies holding the lock (killed, crashed) never releases it. Because the word
//! names the holder, a waiter that has waited a while asks the operating system whether that
//! process has ended, and if so takes the lock over with a compare-and-swap from the dead pid to
//! its own, which only one waiter can win.
//!
//! The algorithm is written against two small traits, so that the permutation test (`model.rs`)
//! runs this same code on loom's atomics, through every interleaving of its threads.

use std::hint;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::sys;

/// The lock word's value when no process holds the lock. No process has pid 0.
pub(super) const FREE: u32 = 0;

/// What the lock does with its word.
pub(super) trait Word {
    fn load(&self) -> u32;
    /// Replaces `current` with `new` if the word holds `current`; on success, everything the
    /// previous holder wrote before its `release` is visible (Acquire).
    fn replace(&self, current: u32, new: u32) -> bool;
    /// Sets the word to `FREE`, after everything written while holding the lock (Release).
    fn release(&self);
}

/// Implements [`Word`] on an `AtomicU32` type: std's here, loom's in the model, so that both
/// run with the same orderings.
macro_rules! word_on {
    ($atomic:ty) => {
        impl Word for $atomic {
            fn load(&self) -> u32 {
                self.load(Ordering::Relaxed)
            }

            fn replace(&self, current: u32, new: u32) -> bool {
                self.compare_exchange(current, new, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
            }

            fn release(&self) {
                self.store(FREE, Ordering::Release);
            }
        }
    };
}

word_on!(AtomicU32);

/// How a process waits for a taken lock.
pub(super) trait Wait {
    /// Whether process `owner` has ended without releasing the lock.
    fn owner_is_gone(&mut self, owner: u32) -> bool;
    fn pause(&mut self);
}

/// Takes the lock for process `me`. Returns the pid of the dead process it was taken over
/// from, if it was; what that process guarded may then be half updated.
pub(super) fn acquire(word: &impl Word, me: u32, wait: &mut impl Wait) -> Option<u32> {
    loop {
        if word.replace(FREE, me) {
            return None;
        }
        // Watch with plain loads until it looks free: a failed compare-and-swap would take the
        // word's cache line away from the holder each time.
        loop {
            let owner = word.load();
            if owner == FREE {
                break;
            }
            if wait.owner_is_gone(owner) && word.replace(owner, me) {
                return Some(owner);
            }
            wait.pause();
        }
    }
}

/// How a real process waits: spin, then yield, then nap; ask about the owner only now and then.
pub(super) struct Backoff {
    pauses: u32,
    next_check: Option<Instant>,
}

/// A holder normally lets go within a microsecond: spin that long before yielding the CPU.
const SPINS: u32 = 100;
/// A holder that lost its CPU gets it back within a time slice (milliseconds) if waiters yield
/// theirs. Beyond that, the holder is slow (or stopped) and waiters nap, rather than keep a CPU
/// busy yielding: 8 processes x 100,000 increments took about the same time either way here
/// (0.09 to 0.12 s), and about half the CPU time with naps.
const YIELDS: u32 = 900;
const NAP: Duration = Duration::from_micros(50);
/// Asking whether a process has ended costs microseconds (a read of /proc on Linux); a holder
/// that is merely descheduled is back within a few milliseconds.
const CHECK_EVERY: Duration = Duration::from_millis(10);

impl Backoff {
    pub(super) fn new() -> Backoff {
        Backoff {
            pauses: 0,
            next_check: None,
        }
    }
}

impl Wait for Backoff {
    fn owner_is_gone(&mut self, owner: u32) -> bool {
        if self.pauses < SPINS {
            return false;
        }
        let now = Instant::now();
        if self.next_check.is_some_and(|at| now < at) {
            return false;
        }
        self.next_check = Some(now + CHECK_EVERY);
        sys::process_is_gone(owner)
    }

    fn pause(&mut self) {
        if self.pauses < SPINS {
            hint::spin_loop();
        } else if self.pauses < SPINS + YIELDS {
            thread::yield_now();
        } else {
            thread::sleep(NAP);
        }
        self.pauses = self.pauses.saturating_add(1);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod model;
