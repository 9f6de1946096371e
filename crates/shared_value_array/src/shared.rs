//! Python's `multiprocessing.Value`, `Array` and `Queue`, between real processes.
//!
//! - [`Value`] and [`Array`] live in memory that the parent and its workers all map: a write in
//!   one process is seen by the others without being sent anywhere. Each has its own lock in
//!   that memory (Python's `get_lock()`); [`Value::lock`] and [`Array::lock`] return a guard
//!   through which the contents are read and written, and which unlocks when dropped.
//! - [`Queue`] carries text items; each is taken by exactly one process.
//!
//! Pass them to a worker as its argument, as Python passes them to `Process`; a clone is
//! another handle to the same memory or queue. They work for workers that the process which
//! made them starts after making them (see `sys` for how the worker gets them).

mod lock;
mod queue;
mod region;
mod sys;

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::ptr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use lock::Mutex;
pub use queue::Queue;
use region::{DATA_OFFSET, Handle, Region};

/// The element types, as Python's type codes: `i32` for `'i'`, `f64` for `'d'`. Plain numbers:
/// no padding, no destructor, an alignment of at most 8.
pub trait Element: Copy + Send + Sync + 'static {}
impl Element for i32 {}
impl Element for f64 {}

/// Python's `multiprocessing.Array`: a fixed number of elements in shared memory, with a lock.
pub struct Array<T: Element> {
    region: Arc<Region>,
    len: usize,
    element: PhantomData<T>,
}

impl<T: Element> Array<T> {
    pub fn new(elements: &[T]) -> Result<Array<T>, Error> {
        const { assert!(DATA_OFFSET.is_multiple_of(align_of::<T>())) };
        let region = Region::new(size_of_val(elements))
            .map_err(|e| Error::new("could not create shared memory", e))?;
        let data = region.data().cast::<T>();
        #[expect(
            unsafe_code,
            reason = "writes the first values into the new shared memory"
        )]
        // SAFETY: the region holds exactly `elements.len()` elements after the mutex, at an
        // offset aligned for T; no other process has it yet, and no reference into it exists.
        unsafe {
            ptr::copy_nonoverlapping(elements.as_ptr(), data, elements.len());
        }
        Ok(Array {
            region: Arc::new(region),
            len: elements.len(),
            element: PhantomData,
        })
    }

    /// Waits for the lock, then gives access to all elements until the guard is dropped.
    pub fn lock(&self) -> Guard<'_, [T]> {
        let data = ptr::slice_from_raw_parts_mut(self.region.data().cast::<T>(), self.len);
        Guard::new(&self.region, data)
    }

    /// A copy of the elements, taken under the lock: Python's `list(shared_array)`. Panics as
    /// [`Value::get`] does.
    pub fn to_vec(&self) -> Vec<T> {
        self.lock().unless_holder_died().to_vec()
    }
}

/// Python's `multiprocessing.Value`: one element in shared memory, with a lock.
pub struct Value<T: Element>(Array<T>);

impl<T: Element> Value<T> {
    pub fn new(value: T) -> Result<Value<T>, Error> {
        Array::new(&[value]).map(Value)
    }

    /// Waits for the lock, then gives access to the value until the guard is dropped: Python's
    /// `with counter.get_lock():`.
    pub fn lock(&self) -> Guard<'_, T> {
        Guard::new(&self.0.region, self.0.region.data().cast::<T>())
    }

    /// Reads the value under the lock, as reading Python's `counter.value` does.
    ///
    /// Panics if the lock's previous holder died holding it, as code that unwraps a poisoned
    /// `std::sync::Mutex` does: the value may be half written. ([`Value::lock`] tells instead.)
    pub fn get(&self) -> T {
        *self.lock().unless_holder_died()
    }

    /// Writes the value under the lock, as assigning to Python's `counter.value` does. Panics
    /// as [`Value::get`] does.
    pub fn set(&self, value: T) {
        *self.lock().unless_holder_died() = value;
    }
}

/// The contents of a [`Value`] (`T`) or an [`Array`] (`[T]`) while this process holds its
/// lock. Dropping the guard releases the lock. Taking the lock again while this thread holds it
/// panics (Python's lock is recursive; this one is not).
pub struct Guard<'a, T: ?Sized> {
    mutex: &'a Mutex,
    data: *mut T,
    previous_holder_died: bool,
}

impl<'a, T: ?Sized> Guard<'a, T> {
    fn new(region: &'a Region, data: *mut T) -> Guard<'a, T> {
        let mutex = region.mutex();
        let previous_holder_died = mutex.lock();
        Guard {
            mutex,
            data,
            previous_holder_died,
        }
    }

    /// Whether the process that held the lock before this one died holding it (killed,
    /// crashed): what it was updating may be half done. Told once, to the next holder. Linux
    /// (and FreeBSD) tell this; on macOS, which has no robust mutexes, a holder's death leaves
    /// the lock taken, and the others wait for ever.
    pub fn previous_holder_died(&self) -> bool {
        self.previous_holder_died
    }

    /// For `get`, `set` and `to_vec`, which hand out no guard to ask: a death is a panic.
    fn unless_holder_died(self) -> Guard<'a, T> {
        assert!(
            !self.previous_holder_died,
            "a process died holding the lock; its update may be lost"
        );
        self
    }
}

impl<T: ?Sized> Deref for Guard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        #[expect(
            unsafe_code,
            reason = "the data lives in memory shared with other processes"
        )]
        // SAFETY: `data` points into the region (aligned, in bounds, initialized by `new`),
        // which the guard's borrow keeps mapped. This process holds the lock, and every process
        // reads or writes the data only while holding it, so nothing else writes to it while
        // this reference lives (at most until the guard is dropped).
        let data = unsafe { &*self.data };
        data
    }
}

impl<T: ?Sized> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        #[expect(
            unsafe_code,
            reason = "the data lives in memory shared with other processes"
        )]
        // SAFETY: as in `deref`; and `&mut self` makes this the only reference through this
        // guard, while the lock keeps every other thread and process out.
        let data = unsafe { &mut *self.data };
        data
    }
}

impl<T: ?Sized> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        self.mutex.unlock();
    }
}

impl<T: Element> Clone for Array<T> {
    fn clone(&self) -> Self {
        Array {
            region: Arc::clone(&self.region),
            len: self.len,
            element: PhantomData,
        }
    }
}

impl<T: Element> Clone for Value<T> {
    fn clone(&self) -> Self {
        Value(self.0.clone())
    }
}

/// Sent to a worker as the descriptor it inherits and the size to expect.
impl<T: Element> Serialize for Array<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.region.handle().serialize(serializer)
    }
}

/// In the worker: maps the memory the parent made.
impl<'de, T: Element> Deserialize<'de> for Array<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let region = Region::attach(&Handle::deserialize(deserializer)?)
            .map_err(|e| serde::de::Error::custom(Error::new("could not map shared memory", e)))?;
        let len = region.data_len() / size_of::<T>();
        if region.data_len() != len * size_of::<T>() {
            return Err(serde::de::Error::custom(
                "the shared memory does not hold whole elements",
            ));
        }
        Ok(Array {
            region: Arc::new(region),
            len,
            element: PhantomData,
        })
    }
}

impl<T: Element> Serialize for Value<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Element> Deserialize<'de> for Value<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let array = Array::deserialize(deserializer)?;
        if array.len != 1 {
            return Err(serde::de::Error::custom("a shared value holds one element"));
        }
        Ok(Value(array))
    }
}

/// Shared memory or the queue could not be set up. One line, also as `Debug`, which is what
/// `main` prints when it returns the error.
pub struct Error(String);

impl Error {
    fn new(what: &str, cause: std::io::Error) -> Error {
        Error(format!("{what}: {cause}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

#[cfg(all(test, target_os = "linux"))]
mod tests;
