//! A producer thread hands items to a consumer thread through a channel, one every 0.1 s. The
//! consumer stops when the producer drops its end of the channel: no sentinel value needed.
//!
//! Rust port of "Producer-Consumer with Queue" in *What is the difference between Multithreading
//! and Multiprocessing in Python?*. See README.md for how it maps to the Python original.

use std::collections::HashMap;
use std::io;
use std::panic;
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use clap::Parser;
use crossbeam_channel::{Receiver, Sender};

/// Producers hand items to consumers through a channel; every item is consumed exactly once.
#[derive(Parser)]
struct Args {
    /// How many items to produce in all, task1 to taskN (at most 10,000,000: main keeps them all
    /// to check them)
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(..=10_000_000))]
    items: u64,
    /// How many producer threads share the items: producer k makes taskk, task(k+P), ...
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=256))]
    producers: u64,
    /// How many consumer threads take items from the channel
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=256))]
    consumers: u32,
    /// How long each producer pauses after each item, in milliseconds
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(..=10_000))]
    pause_ms: u64,
}

/// Items travel as their numbers: `17` is `task17`.
fn producer(queue: Sender<u64>, items: impl Iterator<Item = u64>, pause: Duration) {
    for item in items {
        // Printed before the item is handed over, so its `Consumed:` line cannot come first.
        println!("Produced: task{item}");
        if queue.send(item).is_err() {
            return; // every consumer is gone
        }
        thread::sleep(pause);
    }
    // Returning drops `queue`, this producer's sender. Once every producer's is gone, the
    // consumers' loops end: that is what Python's `q.put(None)` sentinel does by hand.
}

/// Prints each item it takes, `signature` after it, and returns them in the order it took them.
fn consumer(queue: Receiver<u64>, signature: &str) -> Vec<u64> {
    let mut consumed = Vec::new();
    // Waits for the next item; ends when the channel is empty and has no sender left.
    for item in queue {
        println!("Consumed: task{item}{signature}");
        consumed.push(item);
    }
    consumed
}

fn main() -> ExitCode {
    let args = Args::parse();
    let pause = Duration::from_millis(args.pause_ms);

    let consumed = thread::scope(|scope| {
        let (sender, receiver) = crossbeam_channel::unbounded();
        for first in 1..=args.producers {
            // This producer's items: every `producers`-th, starting from its own number.
            let items = (0..)
                .map(move |round| first + round * args.producers)
                .take_while(move |&item| item <= args.items);
            let sender = sender.clone();
            thread::Builder::new().spawn_scoped(scope, move || producer(sender, items, pause))?;
        }
        let consumers = (1..=args.consumers)
            .map(|id| {
                let receiver = receiver.clone();
                let signature = match args.consumers {
                    1 => String::new(),
                    _ => format!(" (consumer {id})"),
                };
                thread::Builder::new().spawn_scoped(scope, move || consumer(receiver, &signature))
            })
            .collect::<io::Result<Vec<_>>>()?;
        // Only the producers hold senders now, so the consumers stop once the producers are done.
        drop(sender);
        let consumed: Vec<Vec<u64>> = consumers
            .into_iter()
            .map(|consumer| {
                consumer
                    .join()
                    .unwrap_or_else(|panic| panic::resume_unwind(panic))
            })
            .collect();
        Ok::<_, io::Error>(consumed)
    });
    match consumed {
        Ok(consumed) => {
            check_each_item_consumed_once_in_order(&consumed, args.items, args.producers);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: could not start a thread: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What the example promises: items 1 to `items` are each consumed exactly once, and every
/// consumer took each producer's items in the order that producer made them. (With several
/// consumers, their printed lines may interleave out of that order; each one's own list may not.)
fn check_each_item_consumed_once_in_order(consumed: &[Vec<u64>], items: u64, producers: u64) {
    let mut all: Vec<u64> = consumed.concat();
    all.sort_unstable();
    assert!(
        all.iter().copied().eq(1..=items),
        "items were lost or consumed twice"
    );
    for taken in consumed {
        let mut last_from_producer = HashMap::new();
        for &item in taken {
            let last = last_from_producer.insert((item - 1) % producers, item);
            assert!(
                last.is_none_or(|last| last < item),
                "task{item} was consumed after a later item of its producer"
            );
        }
    }
}
