//! What a run of the example cannot show: what the memory's file is, how the lock treats a
//! holder that still runs, one that dies and one that takes it again, and the queue's limits.

use std::io::{self, PipeWriter, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::prctl;
use nix::sys::signal::{self, Signal};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};

use super::{Queue, Value, sys};

#[test]
fn the_memory_is_private_nameless_sealed_and_inherited() {
    use nix::fcntl::{FcntlArg, FdFlag, fcntl};
    use std::os::unix::fs::PermissionsExt;

    let file = sys::shared_file(64).unwrap();
    assert_eq!(file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
    let fd = sys::descriptor(&file);
    let target = std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap();
    // A memfd's name is only a label: the file is in no directory.
    let target = target.to_string_lossy();
    assert_eq!(target, "/memfd:shared_value_array (deleted)");
    assert!(file.set_len(4096).is_err(), "the size is sealed");
    let flags = FdFlag::from_bits_retain(fcntl(&file, FcntlArg::F_GETFD).unwrap());
    assert!(
        !flags.contains(FdFlag::FD_CLOEXEC),
        "workers must inherit it"
    );
}

/// A process that holds the lock of a counter: a fork of this test process, so that it maps the
/// same memory. Should a test fail first, the holder is killed when the test's thread ends
/// (`PR_SET_PDEATHSIG`).
struct Holder {
    pid: Pid,
    /// Writing to it tells the holder to let go and exit.
    release: PipeWriter,
}

impl Holder {
    /// Forks a process that takes the lock of `counter`, adds one, and holds the lock until it
    /// is told to let go, or killed. Returns once it holds the lock.
    #[expect(unsafe_code, reason = "fork(2), to have another process take the lock")]
    fn take(counter: &Value<i32>) -> Holder {
        let (mut ready_reader, mut ready_writer) = io::pipe().unwrap();
        let (mut release_reader, release) = io::pipe().unwrap();
        // SAFETY: this process has other threads; the child only takes the lock, reads and
        // writes pipes, and leaves with `_exit`, never returning into the test harness.
        let forked = unsafe { fork() }.unwrap();
        let ForkResult::Parent { child } = forked else {
            drop(release);
            let held = panic::catch_unwind(AssertUnwindSafe(|| {
                prctl::set_pdeathsig(Signal::SIGKILL).unwrap();
                let mut count = counter.lock();
                *count += 1;
                ready_writer.write_all(b"held").unwrap();
                let _ = release_reader.read(&mut [0]); // until told to let go
            }));
            if held.is_err() {
                let _ = ready_writer.write_all(b"fail");
            }
            // SAFETY: ends the child at once, without running the harness's exit handlers.
            unsafe { libc::_exit(if held.is_ok() { 0 } else { 1 }) };
        };
        drop(ready_writer);
        // Four bytes, not to the end: forks made by tests running meanwhile hold copies of the
        // writing end, so it may not close.
        let mut held = [0; 4];
        ready_reader.read_exact(&mut held).unwrap();
        assert_eq!(&held, b"held", "the holder could not take the lock");
        Holder {
            pid: child,
            release,
        }
    }

    /// Lets the holder release the lock and exit normally.
    fn let_go(mut self) {
        self.release.write_all(b"go").unwrap();
        assert_eq!(
            waitpid(self.pid, None).unwrap(),
            WaitStatus::Exited(self.pid, 0)
        );
    }

    /// Kills the holder with SIGKILL while it holds the lock. Returns when the signal was sent.
    fn kill(self) -> Instant {
        let sent = Instant::now();
        signal::kill(self.pid, Signal::SIGKILL).unwrap();
        assert_eq!(
            waitpid(self.pid, None).unwrap(),
            WaitStatus::Signaled(self.pid, Signal::SIGKILL, false)
        );
        sent
    }
}

/// Starts a thread that takes the lock of `counter`, then sends when it got it and whether the
/// previous holder died. (A plain thread, not a scoped one: a test that fails must not wait for
/// it.)
fn lock_in_background(counter: &Value<i32>) -> Receiver<(Instant, bool)> {
    let (taken, took) = mpsc::channel();
    let counter = counter.clone();
    thread::spawn(move || {
        let mut count = counter.lock();
        *count += 1;
        let _ = taken.send((Instant::now(), count.previous_holder_died()));
    });
    took
}

/// A holder that still runs keeps its lock, however long it holds it.
#[test]
fn a_live_holders_lock_is_waited_for() {
    let counter = Value::new(0).unwrap();
    let holder = Holder::take(&counter);
    let took = lock_in_background(&counter);
    let early = took.recv_timeout(Duration::from_millis(300));
    assert_eq!(
        early.err(),
        Some(RecvTimeoutError::Timeout),
        "took a live holder's lock"
    );
    holder.let_go();
    let (_, holder_died) = took
        .recv_timeout(Duration::from_secs(10))
        .expect("the lock was let go");
    assert!(!holder_died, "the holder let go, it did not die");
    assert_eq!(counter.get(), 2);
}

/// A holder killed (SIGKILL) while it holds the lock: a waiter already asleep in `lock` gets
/// the lock at once, told that the holder died, and sees what it wrote before. The next one is
/// not told again. Seven rounds; the median wait, from the kill to the waiter holding the lock,
/// must be far below the 10 ms of a waiter that polls (measured here, with other builds
/// running: 0.05 to 0.25 ms).
#[test]
fn a_killed_holders_lock_goes_at_once_to_the_next_who_is_told() {
    let counter = Value::new(0).unwrap();
    let mut waits = Vec::new();
    for round in 1..=7 {
        let holder = Holder::take(&counter);
        let took = lock_in_background(&counter);
        thread::sleep(Duration::from_millis(20)); // the waiter is asleep in `lock` by now
        let killed = holder.kill();
        let (taken, holder_died) = took
            .recv_timeout(Duration::from_secs(10))
            .expect("the lock was taken over");
        waits.push(taken.saturating_duration_since(killed));
        assert!(holder_died, "the takeover was not reported");
        assert_eq!(
            counter.get(),
            2 * round,
            "the holder's write before it died is lost"
        );
    }
    assert!(!counter.lock().previous_holder_died(), "reported twice");
    waits.sort();
    assert!(waits[3] < Duration::from_millis(2), "waits: {waits:?}");
}

/// Python's lock is recursive (an RLock): `counter.value += 1` inside `with counter.get_lock():`
/// takes it again. This one is not; taken again by its holder, it panics rather than hang.
#[test]
fn taking_the_lock_again_in_the_same_thread_panics_rather_than_hangs() {
    let counter = Value::new(0).unwrap();
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let count = counter.lock();
        let again = panic::catch_unwind(AssertUnwindSafe(|| counter.set(*count + 1)));
        let message = again
            .err()
            .and_then(|e| e.downcast_ref::<&str>().map(|m| m.to_string()));
        let _ = done.send(message);
    });
    let message = finished
        .recv_timeout(Duration::from_secs(5))
        .expect("it waited for itself");
    assert_eq!(
        message.as_deref(),
        Some("this thread already holds the lock, and it is not recursive")
    );
}

#[test]
fn each_item_is_taken_by_exactly_one_getter() {
    let queue = Queue::new().unwrap();
    let mut taken: Vec<String> = thread::scope(|scope| {
        let getters: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| queue.get().unwrap()))
            .collect();
        for item in ["a", "b", "c", "d"] {
            queue.put(item).unwrap();
        }
        getters.into_iter().map(|g| g.join().unwrap()).collect()
    });
    taken.sort();
    assert_eq!(taken, ["a", "b", "c", "d"]);
}

#[test]
fn a_full_queue_and_an_oversized_item_are_errors_not_waits() {
    let queue = Queue::new().unwrap();
    let full = (0..100_000).find_map(|_| queue.put("task data").err());
    let full = full.expect("the socket buffer filled up").to_string();
    assert_eq!(
        full,
        "could not put an item on the queue: the queue is full"
    );
    let oversized = Queue::new().unwrap().put(&"x".repeat(2049)).unwrap_err();
    assert!(
        oversized.to_string().contains("more than 2048"),
        "{oversized}"
    );
}
