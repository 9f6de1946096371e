//! A child process takes an item from a queue, increments a shared counter under its lock and
//! doubles each element of a shared array; the parent sees both in the memory they share.
//!
//! Rust port of "Sharing Data Between Processes" in *What is the difference between
//! Multithreading and Multiprocessing in Python?*. See README.md for how it maps to the Python
//! original, and src/shared.rs for the shared Value, Array and Queue.

mod args;
mod checks;
mod shared;

use std::error::Error;

use clap::Parser;
use shared::{Array, Queue, Value};

use args::Args;
use checks::say_if_holder_died;

/// Runs in each child. Returns the item it took, for the parent to check.
fn worker((queue, counter, shared_array, args): (Queue, Value<i32>, Array<f64>, Args)) -> String {
    let item = queue.get().expect("the parent put one item per child");

    // `with counter.get_lock(): counter.value += 1`, M times.
    for _ in 0..args.increments {
        if args.no_lock {
            // A read and a write, each locked on its own: another process can write in between.
            counter.set(counter.get() + 1);
        } else {
            let mut count = counter.lock();
            say_if_holder_died(&count);
            *count += 1;
        }
    }

    // The array carries a lock of its own, as Python's `Array` does.
    let mut elements = shared_array.lock();
    say_if_holder_died(&elements);
    for element in elements.iter_mut() {
        *element *= 2.0;
    }
    item
}

fn main() -> Result<(), Box<dyn Error>> {
    // The `if __name__ == "__main__":` guard: a child process runs `worker` in here and exits.
    worker_processes::init();
    let args = Args::parse();

    let queue = Queue::new()?;
    let counter = Value::new(0_i32)?; // Value('i', 0)
    let shared_array = Array::new(&[1.0, 2.0, 3.0])?; // Array('d', [1.0, 2.0, 3.0])

    let children = (0..args.processes)
        .map(|_| {
            let shared = (queue.clone(), counter.clone(), shared_array.clone(), args);
            worker_processes::spawn(worker, shared)
        })
        .collect::<Result<Vec<_>, _>>()?;
    // The tutorial puts its item before starting its child. Putting them after lets every child
    // wait at `queue.get()`, so that with `--processes N` all N start counting at once, and
    // really contend for the lock.
    for _ in 0..args.processes {
        queue.put("task data")?;
    }
    // Join every child before looking at any result: the others finish before a failure is
    // reported.
    let items: Vec<_> = children.into_iter().map(|child| child.join()).collect();
    for item in items {
        assert_eq!(
            item?, "task data",
            "a child took something else from the queue"
        );
    }

    println!("Counter: {}", counter.get());
    println!("Array: {:?}", shared_array.to_vec());
    // The tutorial only prints them; here they are checked, and `--no-lock` counts what was lost.
    checks::updates_add_up(args, &counter, &shared_array);
    Ok(())
}
