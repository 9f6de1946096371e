//! One block of memory mapped by several processes: a lock word, then the data it guards.

use std::fs::File;
use std::io;
use std::sync::atomic::AtomicU32;

use memmap2::MmapRaw;
use serde::{Deserialize, Serialize};

use super::lock::{self, Backoff, Word};
use super::sys;

/// Where the data starts: after the lock word, at an offset aligned for every element type
/// (`Element` types have an alignment of at most 8).
pub(super) const DATA_OFFSET: usize = 8;

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

    /// How many bytes of data follow the lock word.
    pub(super) fn data_len(&self) -> usize {
        self.map.len() - DATA_OFFSET
    }

    /// Where the data starts. Reading or writing through it needs the lock (or, in `new`, a
    /// region no other process has yet).
    pub(super) fn data(&self) -> *mut u8 {
        self.map.as_mut_ptr().wrapping_add(DATA_OFFSET)
    }

    /// Waits until this process holds the lock.
    pub(super) fn lock(&self) {
        lock::acquire(self.lock_word(), std::process::id(), &mut Backoff::new());
    }

    /// Releases the lock, which this process holds.
    pub(super) fn unlock(&self) {
        self.lock_word().release();
    }

    pub(super) fn lock_word(&self) -> &AtomicU32 {
        let word = self.map.as_mut_ptr().cast::<u32>();
        #[expect(
            unsafe_code,
            reason = "the lock word lives in memory mapped from a file"
        )]
        // SAFETY: the mapping starts on a page boundary, so the word is aligned for an
        // AtomicU32, and it is at least DATA_OFFSET bytes long (`new` and `attach` make sure).
        // It stays mapped as long as `self`, which the returned reference borrows. Every
        // process touches the word only through atomic operations, in this module.
        let word = unsafe { AtomicU32::from_ptr(word) };
        word
    }
}
