//! How many downloads wait at once: counted by the clients (how many they had in flight) and by
//! the site (how many requests it held), so that a measurement can show its concurrency.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Downloads in flight now, and the most at once since the peak was last taken.
#[derive(Default)]
pub struct Waiting {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Waiting {
    /// Counts one more in flight until the returned guard is dropped.
    pub fn enter(&self) -> Waits<'_> {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        Waits(self)
    }

    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// The peak so far; the count starts again from those in flight now.
    pub fn take_peak(&self) -> usize {
        let now = self.now.load(Ordering::SeqCst);
        self.peak.swap(now, Ordering::SeqCst)
    }
}

/// One download in flight, counted until dropped (also when it fails or is cancelled).
pub struct Waits<'a>(&'a Waiting);

impl Drop for Waits<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}
