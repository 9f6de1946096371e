//! One worker process per number; each prints the square of its number.
//!
//! Rust port of "Multiprocessing in Python (Practical Example)" in *Python Multithreading vs
//! Multiprocessing: A Beginner's Guide*. See README.md for how it maps to the Python original.

fn square(n: u64) {
    println!("{}", n * n);
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
    for process in processes {
        process.join()?;
    }
    Ok(())
}
