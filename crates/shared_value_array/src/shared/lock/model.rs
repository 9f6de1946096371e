//! The lock's algorithm under loom, which runs a test again for every interleaving of its
//! threads (each thread stands for a process) and fails it on any access to the guarded data
//! that the lock's orderings do not make safe.
//!
//! Run by `cargo test`, with loom's settings from the environment (`LOOM_MAX_PREEMPTIONS`...).

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use loom::sync::{Arc, Mutex};
use loom::thread::{self, Thread};

use super::{FREE, Wait, Word, acquire};

word_on!(AtomicU32);

/// The shared memory of the model: the lock word, the data it guards, and which "processes"
/// have died (index pid - 1), as the operating system would report it.
struct Shared {
    word: AtomicU32,
    counter: UnsafeCell<u32>,
    dead: [AtomicBool; 3],
    /// Every thread of the model, to wake when the lock word or a death changes.
    threads: Mutex<Vec<Thread>>,
}

/// A waiting thread parks until another thread has released the lock or died.
///
/// A real waiter pauses for a while and looks again; a look that finds nothing changed does
/// nothing, so leaving those out loses no behaviour. Parking keeps loom from exploring waiters
/// that take turns spinning for ever while the holder never runs, which it cannot bound.
struct ModelWait<'a>(&'a Shared);

impl Wait for ModelWait<'_> {
    fn owner_is_gone(&mut self, owner: u32) -> bool {
        // The OS reports a death only after everything the process did: Acquire here, Release
        // where it dies.
        self.0.dead[owner as usize - 1].load(Ordering::Acquire)
    }

    fn pause(&mut self) {
        thread::park();
    }
}

impl Shared {
    fn new() -> Arc<Shared> {
        Arc::new(Shared {
            word: AtomicU32::new(FREE),
            counter: UnsafeCell::new(0),
            dead: [
                AtomicBool::new(false),
                AtomicBool::new(false),
                AtomicBool::new(false),
            ],
            threads: Mutex::new(Vec::new()),
        })
    }

    /// Leaves the model, waking every other thread in it: whichever waits may now find the
    /// lock free or its holder dead. (An unpark before the park makes the park return at once,
    /// so no wake-up is lost.)
    fn leave(&self) {
        let mut threads = self.threads.lock().unwrap();
        let me = thread::current().id();
        threads.retain(|thread| thread.id() != me);
        for thread in threads.iter() {
            thread.unpark();
        }
    }

    /// Process `pid` takes the lock, increments the counter under it, and releases it unless it
    /// `dies` first. Returns the counter's value before its increment (its turn: 0 for the first
    /// to get the lock) and the dead owner it took the lock over from, if any.
    fn increment(&self, pid: u32, dies: bool) -> (u32, Option<u32>) {
        self.threads.lock().unwrap().push(thread::current());
        let taken_from = acquire(&self.word, pid, &mut ModelWait(self));
        // loom fails the test if another thread could be in here at the same time, or if the
        // previous holder's write is not visible yet.
        let turn = self.counter.with_mut(|counter| {
            #[expect(unsafe_code, reason = "loom's UnsafeCell hands out a raw pointer")]
            // SAFETY: the pointer is valid (loom's `with_mut`); exclusive access is what loom
            // checks here.
            let turn = unsafe { counter.replace(*counter + 1) };
            turn
        });
        if dies {
            self.dead[pid as usize - 1].store(true, Ordering::Release);
        } else {
            self.word.release();
        }
        self.leave();
        (turn, taken_from)
    }
}

/// Runs `test` under loom, with at most 3 preemptions per interleaving unless
/// `LOOM_MAX_PREEMPTIONS` says otherwise. loom's authors find that bound catches most bugs;
/// measured here (debug build, both tests): 3 takes 2 s, 4 takes 9 s, 5 takes 32 s, and no
/// bound had not finished after 12 minutes.
fn model(test: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound.get_or_insert(3);
    builder.check(test);
}

#[test]
fn two_processes_never_hold_the_lock_at_once() {
    model(|| {
        let shared = Shared::new();
        let other = Arc::clone(&shared);
        let process_2 = thread::spawn(move || other.increment(2, false));
        let (turn_1, taken_1) = shared.increment(1, false);
        let (turn_2, taken_2) = process_2.join().unwrap();
        assert_eq!((taken_1, taken_2), (None, None), "nobody died");
        let mut turns = [turn_1, turn_2];
        turns.sort_unstable();
        assert_eq!(turns, [0, 1]);
    });
}

/// Process 1 dies holding the lock, processes 2 and 3 want it too. Whoever comes right after
/// process 1 takes the lock over from it, and only that one; no increment is lost or made at
/// the same time as another.
#[test]
fn a_dead_holders_lock_is_taken_over_by_exactly_one_waiter() {
    model(|| {
        let shared = Shared::new();
        let waiters = [2, 3].map(|pid| {
            let shared = Arc::clone(&shared);
            thread::spawn(move || shared.increment(pid, false))
        });
        let (dead_turn, taken) = shared.increment(1, true);
        assert_eq!(taken, None, "nobody had died before process 1");
        let mut turns = vec![dead_turn];
        for waiter in waiters {
            let (turn, taken_from) = waiter.join().unwrap();
            let came_right_after_the_dead = turn == dead_turn + 1;
            assert_eq!(taken_from, came_right_after_the_dead.then_some(1));
            turns.push(turn);
        }
        turns.sort_unstable();
        assert_eq!(turns, [0, 1, 2]);
    });
}
