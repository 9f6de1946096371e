//! One block of memory mapped by several processes: a mutex, then the data it guards.

use std::fs::File;
use std::io;
use std::mem::MaybeUninit;

use memmap2::MmapRaw;
use serde::{Deserialize, Serialize};

use super::lock::Mutex;
use super::sys;

/// Where the data starts: after the mutex, at an offset aligned for every element type
/// (`Element` types have an alignment of at most 8).
pub(super) const DATA_OFFSET: usize = size_of::<Mutex>().next_multiple_of(8);

/// The memory, mapped into this process. Its size is fixed when it is made, before any other
/// process can map it, and never changes (on Linux the kernel enforces that: the file is sealed).
pub(super) struct Region {
    map: MmapRaw,
    descriptor: i32,
    /// The process that made the region keeps its file open, so that each worker it starts
    /// inherits it. A worker maps the descriptor it inherited and holds nothing else.
    _file: Option<File>,
}

/// What a worker is sent to find the region: the number of the descriptor it inherited, and
/// the region's size, to check against.
#[derive(Serialize, Deserialize)]
pub(super) struct Handle {
    descriptor: i32,
    len: usize,
}

impl Region {
    /// A region with `data_len` bytes of data, all zero, and its lock free.
    pub(super) fn new(data_len: usize) -> io::Result<Region> {
        let len = DATA_OFFSET + data_len;
        let file = sys::shared_file(len as u64)?;
        let map = memmap2::MmapOptions::new().map_raw(&file)?;
        #[expect(unsafe_code, reason = "the mutex is made in memory mapped from a file")]
        // SAFETY: the mapping starts on a page boundary and is at least DATA_OFFSET bytes long,
        // so the place is aligned and in bounds; nothing else refers to it, and no other process
        // has the file yet (workers inherit it only once they are started).
        let place = unsafe { &mut *map.as_mut_ptr().cast::<MaybeUninit<Mutex>>() };
        Mutex::init(place)?;
        Ok(Region {
            map,
            descriptor: sys::descriptor(&file),
            _file: Some(file),
        })
    }

    /// Maps the region that `handle` names, in a worker.
    pub(super) fn attach(handle: &Handle) -> io::Result<Region> {
        let map = sys::map_inherited(handle.descriptor)?;
        if map.len() != handle.len {
            return Err(io::Error::other(format!(
                "descriptor {} holds {} bytes, not the {} of the shared memory",
                handle.descriptor,
                map.len(),
                handle.len
            )));
        }
        Ok(Region {
            map,
            descriptor: handle.descriptor,
            _file: None,
        })
    }

    pub(super) fn handle(&self) -> Handle {
        Handle {
            descriptor: self.descriptor,
            len: self.map.len(),
        }
    }

    /// How many bytes of data follow the mutex.
    pub(super) fn data_len(&self) -> usize {
        self.map.len() - DATA_OFFSET
    }

    /// Where the data starts. Reading or writing through it needs the lock (or, in `new`, a
    /// region no other process has yet).
    pub(super) fn data(&self) -> *mut u8 {
        self.map.as_mut_ptr().wrapping_add(DATA_OFFSET)
    }

    /// The lock of the data.
    pub(super) fn mutex(&self) -> &Mutex {
        #[expect(unsafe_code, reason = "the mutex lives in memory mapped from a file")]
        // SAFETY: the mapping is aligned and long enough (see `new`); `new` initialized the
        // mutex before any worker existed, and a worker maps the file only after that (no Region
        // is made where `shared_file` fails). It stays mapped as long as `self`, which the
        // reference borrows, and is touched only through pthread calls.
        let mutex = unsafe { &*self.map.as_mut_ptr().cast::<Mutex>() };
        mutex
    }
}
