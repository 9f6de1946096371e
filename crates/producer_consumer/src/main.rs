//! A producer thread hands items to a consumer thread through a channel, one every 0.1 s. The
//! consumer stops when the producer drops its end of the channel: no sentinel value needed.
//!
//! Rust port of "Producer-Consumer with Queue" in *What is the difference between Multithreading
//! and Multiprocessing in Python?*. See README.md for how it maps to the Python original.

mod check;

use std::thread;
use std::time::Duration;

use clap::Parser;
use clap::builder::RangedU64ValueParser;
use crossbeam_channel::{Receiver, Sender};

/// Items travel as their numbers: `17` is `task17`.
fn producer(queue: Sender<usize>, items: impl Iterator<Item = usize>, pause: Duration) {
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
fn consumer(queue: Receiver<usize>, signature: &str) -> Vec<usize> {
    let mut consumed = Vec::new();
    // Waits for the next item; ends when the channel is empty and has no sender left.
    for item in queue {
        println!("Consumed: task{item}{signature}");
        consumed.push(item);
    }
    consumed
}

fn main() {
    let args = Args::parse();
    let pause = Duration::from_millis(args.pause_ms);

    let (sender, receiver) = crossbeam_channel::unbounded();
    let consumed: Vec<Vec<usize>> = thread::scope(|s| {
        for first in 1..=args.producers {
            // This producer's items: every `producers`-th, starting from its own number.
            let items = (first..=args.items).step_by(args.producers);
            let sender = sender.clone();
            s.spawn(move || producer(sender, items, pause));
        }
        // Only the producers hold senders now, so the consumers stop once the producers are done.
        drop(sender);
        let consumers: Vec<_> = (1..=args.consumers)
            .map(|id| {
                let receiver = receiver.clone();
                let signature = match args.consumers {
                    1 => String::new(),
                    _ => format!(" (consumer {id})"),
                };
                s.spawn(move || consumer(receiver, &signature))
            })
            .collect();
        consumers.into_iter().map(|c| c.join().unwrap()).collect()
    });
    check::each_item_consumed_once_in_order(&consumed, args.items, args.producers);
}

/// Producers hand items to consumers through a channel; every item is consumed exactly once.
#[derive(Parser)]
struct Args {
    /// How many items to produce in all, task1 to taskN (at most 10,000,000: main keeps them all
    /// to check them)
    #[arg(long, default_value_t = 4, value_parser = RangedU64ValueParser::<usize>::new().range(..=10_000_000))]
    items: usize,
    /// How many producer threads share the items: producer k makes taskk, task(k+P), ...
    #[arg(long, default_value_t = 1, value_parser = RangedU64ValueParser::<usize>::new().range(1..=256))]
    producers: usize,
    /// How many consumer threads take items from the channel
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=256))]
    consumers: u32,
    /// How long each producer pauses after each item, in milliseconds
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(..=10_000))]
    pause_ms: u64,
}
