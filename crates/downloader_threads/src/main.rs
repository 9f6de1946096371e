//! Three simulated downloads in three threads: the 2-second waits overlap, so the whole run takes
//! about 2 seconds, not 6.
//!
//! Rust port of "2. Multithreading (For I/O Bound)" in *Multithreading & Multiprocessing Python*
//! (belajarpython.com). See README.md for how it maps to the Python original.

use std::thread;
use std::time::{Duration, Instant};

fn download_page(url: &str) {
    println!("Start downloading {url}...");
    thread::sleep(Duration::from_secs(2)); // stands in for waiting on the network
    println!("Finished downloading {url}");
}

fn main() {
    let start = Instant::now();

    let urls = ["web1", "web2", "web3"];
    let threads: Vec<_> = urls
        .into_iter()
        .map(|url| thread::spawn(move || download_page(url)))
        .collect();

    // Wait for every thread to finish.
    for thread in threads {
        thread.join().expect("a download thread panicked");
    }

    let total = start.elapsed();
    println!("Total time: {:.2} seconds", total.as_secs_f64());
}
