//! Real processes, real signals: the memory is mapped by parent and workers alike, nothing is
//! left in the temporary or shared-memory directories however the program ends, a child killed
//! holding the lock is reported and named, and waiters that cannot open files wait as others do.
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use std::{fs, thread};

use worker_processes::testing::{Finished, Signal, Target, Watched, send};

/// The memory's file as /proc shows a descriptor or mapping of it.
const MEMORY: &str = "/memfd:shared_value_array (deleted)";

/// A run of the example with its own empty temporary directory, and the shared-memory
/// directory as it was before the run, to compare with afterwards.
struct Run {
    program: Watched,
    temp: tempfile::TempDir,
    shm_before: BTreeSet<String>,
}

fn shm_entries() -> BTreeSet<String> {
    fs::read_dir("/dev/shm")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

impl Run {
    fn start(processes: u32, increments: u32) -> Run {
        let temp = tempfile::tempdir().unwrap();
        let shm_before = shm_entries();
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("shared_value_array"));
        command
            .args(["--processes", &processes.to_string()])
            .args(["--increments", &increments.to_string()])
            .env("TMPDIR", temp.path());
        Run {
            program: Watched::start(command),
            temp,
            shm_before,
        }
    }

    /// Checks what the program left behind once it has ended, however it ended.
    fn assert_nothing_left(temp: &Path, shm_before: &BTreeSet<String>) {
        let in_temp: Vec<_> = fs::read_dir(temp).unwrap().collect();
        assert!(in_temp.is_empty(), "left in TMPDIR: {in_temp:?}");
        let new_in_shm: Vec<_> = shm_entries().difference(shm_before).cloned().collect();
        assert!(new_in_shm.is_empty(), "left in /dev/shm: {new_in_shm:?}");
    }

    /// Waits for the run to end, which must succeed, print `stdout` and leave nothing behind.
    fn finish_printing(self, stdout: &str) {
        let finished = self.program.finish(Duration::from_secs(120));
        assert!(finished.status.success(), "{finished:?}");
        assert_eq!(finished.stdout, stdout);
        Run::assert_nothing_left(self.temp.path(), &self.shm_before);
    }

    fn stop_with(mut self, signal: Signal, target: Target) -> Finished {
        self.program.worker_pids(2, Duration::from_secs(10));
        let finished = self.program.stop_with(2, signal, target);
        Run::assert_nothing_left(self.temp.path(), &self.shm_before);
        finished
    }
}

/// The worker's mappings of the Value's and the Array's memory, once it has made both (within
/// 10 s): it has then received what it needs from the parent and is at work.
fn both_mappings(worker: u32) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut mappings = memory_mappings(worker);
    while mappings.len() < 2 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
        mappings = memory_mappings(worker);
    }
    mappings
}

/// Lines of /proc/PID/maps that map the memory's file; empty once the process is gone.
fn memory_mappings(pid: u32) -> Vec<String> {
    let maps = fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
    maps.lines()
        .filter(|line| line.ends_with(MEMORY))
        .map(String::from)
        .collect()
}

/// The parent and a worker map the same two files (the counter's, the array's), shared and
/// writable; the files are in no directory. Then the run ends normally, leaving nothing.
#[test]
fn parent_and_worker_map_the_same_memory_and_leave_nothing() {
    let mut run = Run::start(2, 3_000_000);
    let worker = run.program.worker_pids(2, Duration::from_secs(10))[0];
    let in_worker = both_mappings(worker);
    assert_eq!(in_worker.len(), 2, "{in_worker:?}");
    for mapping in &in_worker {
        let permissions = mapping.split_whitespace().nth(1).unwrap();
        assert_eq!(
            permissions, "rw-s",
            "not a shared, writable mapping: {mapping}"
        );
    }
    let inode = |line: &String| line.split_whitespace().nth(4).unwrap().to_owned();
    let worker_files: BTreeSet<String> = in_worker.iter().map(inode).collect();
    let parent_pid = parent_pid_of(worker);
    let parent_files: BTreeSet<String> = memory_mappings(parent_pid).iter().map(inode).collect();
    assert_eq!(worker_files, parent_files, "the worker maps other memory");

    run.finish_printing("Counter: 6000000\nArray: [4.0, 8.0, 12.0]\n");
}

fn parent_pid_of(pid: u32) -> u32 {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = stat.rsplit_once(')').unwrap().1;
    after_name
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

/// Which processes hold the locks of the parent's shared memory, read through its descriptors.
/// A robust mutex's futex word holds its holder's thread id (the kernel's robust-futex protocol
/// needs it; glibc keeps that word first in `pthread_mutex_t`), 0 when free, and a process's
/// first thread has the process's id.
fn lock_holders(parent: u32) -> Vec<u32> {
    let fds = fs::read_dir(format!("/proc/{parent}/fd")).unwrap();
    fds.filter_map(Result::ok)
        .filter(|fd| fs::read_link(fd.path()).is_ok_and(|target| target == Path::new(MEMORY)))
        .filter_map(|fd| {
            let mut word = [0; 4];
            fs::File::open(fd.path()).ok()?.read_exact(&mut word).ok()?;
            Some(u32::from_ne_bytes(word) & libc::FUTEX_TID_MASK)
        })
        .collect()
}

fn is_stopped(pid: u32) -> bool {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(')')
        .is_some_and(|(_, rest)| rest.trim_start().starts_with('T'))
}

/// Stops `victim` until it is caught holding a lock, then kills it: it dies holding that lock.
fn kill_while_holding_a_lock(victim: u32, parent: u32) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        assert!(Instant::now() < deadline, "never caught it holding a lock");
        send(victim, Signal::SIGSTOP);
        while !is_stopped(victim) {
            assert!(Instant::now() < deadline, "it did not stop (it ended?)");
            thread::sleep(Duration::from_micros(100));
        }
        if lock_holders(parent).contains(&victim) {
            send(victim, Signal::SIGKILL);
            return;
        }
        send(victim, Signal::SIGCONT);
        thread::sleep(Duration::from_millis(1));
    }
}

/// One of three children is killed while it holds the counter's lock. The other two still
/// finish: the kernel hands the lock to one of them, which says so once. The run then ends with
/// a line naming the killed child, no count printed, status 1, and nothing left behind.
#[test]
fn a_child_killed_holding_the_lock_is_reported_and_an_error_naming_it() {
    let mut run = Run::start(3, 10_000_000);
    let pids = run.program.worker_pids(3, Duration::from_secs(10));
    kill_while_holding_a_lock(pids[1], parent_pid_of(pids[1]));
    let finished = run.program.finish(Duration::from_secs(60));
    assert_eq!(finished.status.code(), Some(1), "{finished:?}");
    assert_eq!(
        finished.stdout, "",
        "printed a count after a child was lost"
    );
    let reports = finished
        .stderr
        .lines()
        .filter(|line| *line == "a process died holding the lock; its update may be lost");
    assert_eq!(reports.count(), 1, "{}", finished.stderr);
    assert_eq!(
        finished.stderr.lines().last().unwrap(),
        format!(
            "Error: Process-2 (pid {}) ended without returning a result: it was killed or crashed",
            pids[1]
        )
    );
    Run::assert_nothing_left(run.temp.path(), &run.shm_before);
}

#[test]
fn ctrl_c_stops_everything_and_leaves_nothing() {
    let finished = Run::start(2, 10_000_000).stop_with(Signal::SIGINT, Target::Group);
    assert_eq!(finished.status.code(), Some(130));
}

#[test]
fn sigterm_stops_everything_and_leaves_nothing() {
    let finished = Run::start(2, 10_000_000).stop_with(Signal::SIGTERM, Target::Parent);
    assert_eq!(finished.status.code(), Some(130));
}

/// The parent cannot clean up after SIGKILL; the kernel kills the workers, and the memory goes
/// with the last process that had it open.
#[test]
fn sigkill_to_the_parent_leaves_nothing() {
    use std::os::unix::process::ExitStatusExt;
    let finished = Run::start(2, 10_000_000).stop_with(Signal::SIGKILL, Target::Parent);
    assert_eq!(finished.status.signal(), Some(9));
}

/// Lowers the soft open-files limit of process `pid` to 3, as `prlimit --pid PID --nofile=3:HARD`
/// does: every descriptor it has stays open, but it can open no new file.
fn forbid_new_files(pid: u32) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    #[expect(
        unsafe_code,
        reason = "prlimit(2) on another process; nix offers only setrlimit"
    )]
    // SAFETY: plain system calls; `limit` is a valid rlimit for the first to fill and the second
    // to read.
    let set = unsafe {
        let pid = pid as libc::pid_t;
        libc::prlimit(pid, libc::RLIMIT_NOFILE, std::ptr::null(), &mut limit) == 0 && {
            limit.rlim_cur = 3;
            libc::prlimit(pid, libc::RLIMIT_NOFILE, &limit, std::ptr::null_mut()) == 0
        }
    };
    assert!(set, "prlimit {pid}: {}", std::io::Error::last_os_error());
}

/// Eight children contend for the lock while none of them can open a file (as after `prlimit
/// --pid PID --nofile=3`, a process at its descriptor limit). Waiting for the lock needs no
/// descriptor, so none of them takes a lock that a live process holds: the count is exact.
#[test]
fn waiters_that_cannot_open_files_never_take_a_live_lock() {
    let mut run = Run::start(8, 1_000_000);
    for pid in run.program.worker_pids(8, Duration::from_secs(10)) {
        // Not sooner: a worker that has just started still opens descriptors to receive its
        // task from the parent (procspawn's channel), which is not what this test is about.
        both_mappings(pid);
        forbid_new_files(pid);
    }
    run.finish_printing("Counter: 8000000\nArray: [256.0, 512.0, 768.0]\n");
}
