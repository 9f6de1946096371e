//! What a run of the example cannot show: what the memory's file is, how the lock treats a
//! holder that died or still runs, and the queue's limits.

use std::process::Command;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

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

/// A counter whose lock is held by process `pid`, as if that process had taken it.
fn counter_locked_by(pid: u32) -> Value<i32> {
    let counter = Value::new(0).unwrap();
    counter.0.region.lock_word().store(pid, Ordering::SeqCst);
    counter
}

/// Starts a thread that takes the lock of `counter` and increments; the receiver hears when
/// it is done. (A plain thread, not a scoped one: a test that fails must not wait for it.)
fn increment_in_background(counter: &Value<i32>) -> Receiver<()> {
    let (done, finished) = mpsc::channel();
    let counter = counter.clone();
    thread::spawn(move || {
        *counter.lock() += 1;
        let _ = done.send(());
    });
    finished
}

#[test]
fn a_lock_whose_holder_exited_is_taken_over() {
    let mut exited = Command::new("true").spawn().unwrap();
    exited.wait().unwrap();
    let counter = counter_locked_by(exited.id());
    let finished = increment_in_background(&counter);
    finished
        .recv_timeout(Duration::from_secs(2))
        .expect("taken over");
    assert_eq!(counter.get(), 1);
    assert_eq!(counter.0.region.lock_word().load(Ordering::SeqCst), 0);
}

/// A zombie (dead, not yet reaped by its parent) still has its pid; it counts as gone.
#[test]
fn a_lock_whose_holder_is_a_zombie_is_taken_over() {
    use nix::sys::wait::{Id, WaitPidFlag, waitid};
    use nix::unistd::Pid;

    let mut zombie = Command::new("true").spawn().unwrap();
    let pid = Pid::from_raw(zombie.id() as i32);
    waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT).unwrap();
    let counter = counter_locked_by(zombie.id());
    let finished = increment_in_background(&counter);
    finished
        .recv_timeout(Duration::from_secs(2))
        .expect("taken over");
    assert_eq!(counter.get(), 1);
    zombie.wait().unwrap();
}

/// A holder that still runs keeps its lock, however long it takes; once it dies, the lock is
/// taken over.
#[test]
fn a_lock_whose_holder_runs_is_waited_for() {
    let mut holder = Command::new("sleep").arg("30").spawn().unwrap();
    let counter = counter_locked_by(holder.id());
    let finished = increment_in_background(&counter);
    let early = finished.recv_timeout(Duration::from_millis(300));
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(
        early,
        Err(RecvTimeoutError::Timeout),
        "took a live holder's lock"
    );
    finished
        .recv_timeout(Duration::from_secs(2))
        .expect("taken over after the death");
    assert_eq!(counter.get(), 1);
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
