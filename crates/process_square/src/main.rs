//! One worker process per number; each prints the square of its number.
//!
//! Rust port of "Multiprocessing in Python (Practical Example)" in *Python Multithreading vs
//! Multiprocessing: A Beginner's Guide*. See README.md for how it maps to the Python original.

use std::collections::BTreeSet;

/// Prints the square, and returns the id of the process that did it, so that the parent can
/// check that every number really had a process of its own.
fn square(n: u64) -> u32 {
    println!("{}", n * n);
    std::process::id()
}

fn main() -> Result<(), worker_processes::Error> {
    // The tutorial's version has no `if __name__ == "__main__":` guard and works only where
    // Python forks; this is the guard: a worker process runs its task in here and exits.
    worker_processes::init();

    let numbers = [1, 2, 3];
    let processes = numbers
        .into_iter()
        .map(|n| worker_processes::spawn(square, n))
        .collect::<Result<Vec<_>, _>>()?;

    let mut workers = BTreeSet::new();
    for process in processes {
        workers.insert(process.join()?);
    }

    assert_eq!(workers.len(), numbers.len(), "two numbers shared a process");
    assert!(
        !workers.contains(&std::process::id()),
        "a square was computed in the parent"
    );
    Ok(())
}
