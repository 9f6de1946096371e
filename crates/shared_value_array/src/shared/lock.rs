//! The lock of a Value or an Array (Python's `get_lock()`): the operating system's own mutex, a
//! POSIX `pthread_mutex_t` at the start of the shared memory, made process-shared so that every
//! process mapping that memory locks the same mutex.
//!
//! Taking a free lock is one atomic instruction in user space; a process that finds it taken
//! sleeps in the kernel (on Linux, a futex wait) until the holder lets go and the kernel wakes it.
//!
//! Where mutexes can be robust (Linux, FreeBSD), a process that dies holding the lock does not
//! leave it taken: the kernel hands it to the next process that waits for it or comes for it,
//! with `EOWNERDEAD`. That process marks it consistent and holds it like any other, told that
//! the previous holder died. macOS has no robust mutexes: there, a holder's death leaves the
//! lock taken, and the others wait for ever, as with CPython's lock.
//!
//! The mutex checks for errors (`PTHREAD_MUTEX_ERRORCHECK`): a thread that takes the lock again
//! while it holds it gets `EDEADLK`, and panics with a message saying so, instead of waiting for
//! itself for ever.

use std::io;
use std::mem::MaybeUninit;

/// A process-shared mutex as it lies in the shared memory. A reference to one exists only once
/// [`Mutex::init`] has initialized it.
#[cfg(unix)]
#[repr(transparent)]
pub(super) struct Mutex(std::cell::UnsafeCell<libc::pthread_mutex_t>);

/// Elsewhere nothing is shared (`sys::shared_file` fails first), so no mutex is ever made.
#[cfg(not(unix))]
pub(super) enum Mutex {}

#[cfg(unix)]
#[expect(
    unsafe_code,
    reason = "calls the system's pthread functions on memory shared with other processes"
)]
impl Mutex {
    /// Makes `place` an unlocked, process-shared, error-checking mutex, robust where the
    /// system allows. Exclusive access proves that no other thread uses it; the caller makes
    /// sure that no other process maps it yet either.
    pub(super) fn init(place: &mut MaybeUninit<Mutex>) -> io::Result<()> {
        let mut attributes = MaybeUninit::<libc::pthread_mutexattr_t>::uninit();
        let attributes = attributes.as_mut_ptr();
        // SAFETY: `attributes` is valid for writes, initialized by the first call, used only
        // while it is, and destroyed once. `place` is exclusively ours and aligned for a
        // `pthread_mutex_t`, and no reference to it as a `Mutex` exists before this returns.
        unsafe {
            check(libc::pthread_mutexattr_init(attributes))?;
            let made = Mutex::make(place.as_mut_ptr().cast(), attributes);
            libc::pthread_mutexattr_destroy(attributes);
            made
        }
        // No `pthread_mutex_destroy`: no process knows when it is the last to use the mutex,
        // and the memory goes away with the last one.
    }

    /// Sets `attributes` up and initializes the mutex at `mutex` with them.
    ///
    /// # Safety
    ///
    /// `attributes` is initialized; `mutex` is valid for writes, aligned, and used by nothing
    /// else until this returns.
    unsafe fn make(
        mutex: *mut libc::pthread_mutex_t,
        attributes: *mut libc::pthread_mutexattr_t,
    ) -> io::Result<()> {
        // SAFETY: the caller's promises.
        unsafe {
            let shared = libc::PTHREAD_PROCESS_SHARED;
            check(libc::pthread_mutexattr_setpshared(attributes, shared))?;
            let errorcheck = libc::PTHREAD_MUTEX_ERRORCHECK;
            check(libc::pthread_mutexattr_settype(attributes, errorcheck))?;
            #[cfg(any(target_os = "linux", target_os = "freebsd"))]
            check(libc::pthread_mutexattr_setrobust(
                attributes,
                libc::PTHREAD_MUTEX_ROBUST,
            ))?;
            check(libc::pthread_mutex_init(mutex, attributes))
        }
    }

    /// Waits until this thread holds the lock. Returns whether the previous holder died holding
    /// it (never on macOS, where the wait would not end).
    ///
    /// Panics if this thread holds the lock already.
    pub(super) fn lock(&self) -> bool {
        // SAFETY: `self` is an initialized mutex (see the type), in memory that stays mapped at
        // least as long as the reference.
        let error = unsafe { libc::pthread_mutex_lock(self.0.get()) };
        match error {
            0 => false,
            libc::EDEADLK => {
                panic!("this thread already holds the lock, and it is not recursive")
            }
            // Robust mutexes only: the holder died, and the lock is now ours. Unlocked without
            // this mark, the mutex would refuse every later `lock` (ENOTRECOVERABLE).
            #[cfg(any(target_os = "linux", target_os = "freebsd"))]
            libc::EOWNERDEAD => {
                // SAFETY: as above.
                let error = unsafe { libc::pthread_mutex_consistent(self.0.get()) };
                assert_eq!(error, 0, "pthread_mutex_consistent failed");
                true
            }
            // EINVAL, ENOTRECOVERABLE, EAGAIN: not for an initialized error-checking mutex that
            // is always made consistent before it is unlocked.
            error => panic!("could not lock: {}", io::Error::from_raw_os_error(error)),
        }
    }

    /// Releases the lock, which this thread holds.
    pub(super) fn unlock(&self) {
        // SAFETY: as in `lock`. An error-checking mutex refuses (EPERM) an unlock by a thread
        // that does not hold it, rather than doing anything undefined.
        let error = unsafe { libc::pthread_mutex_unlock(self.0.get()) };
        debug_assert_eq!(error, 0, "unlocked a lock this thread does not hold");
    }
}

#[cfg(not(unix))]
impl Mutex {
    pub(super) fn init(_place: &mut MaybeUninit<Mutex>) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    pub(super) fn lock(&self) -> bool {
        match *self {}
    }

    pub(super) fn unlock(&self) {
        match *self {}
    }
}

/// A pthread function's result: 0, or the error number itself (not in `errno`).
#[cfg(unix)]
fn check(result: libc::c_int) -> io::Result<()> {
    match result {
        0 => Ok(()),
        error => Err(io::Error::from_raw_os_error(error)),
    }
}
