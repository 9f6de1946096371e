//! The picture of threads at work: four tasks of the sum of squares at once, a thread each,
//! each recording the time it reaches every 1 % of its loop. Timed without the recording too,
//! to show what it costs: plain, recorded, recorded, plain, so that neither goes first more
//! often.

use std::ops::Range;
use std::sync::Barrier;
use std::thread;
use std::time::Instant;

use crate::Measurement;
use crate::measurement::timed;
use crate::work::{expected_sum_below, split, sum_of_squares};

/// A time at the start and after every 1 % of each task's loop.
const STEPS: usize = 100;

/// The sum of i*i below `n` split over `tasks` threads: plain, recorded, recorded, plain.
pub fn tasks_over_time(n: u64, tasks: usize) -> Result<(), String> {
    for record in [false, true, true, false] {
        let (parts, seconds) = timed(|| in_threads(n, tasks, record));
        let total: u128 = parts.iter().map(|(total, _)| total).sum();
        if total != expected_sum_below(n) {
            return Err(format!(
                "the tasks summed {total}, not {}",
                expected_sum_below(n)
            ));
        }
        let measurement = if record {
            let progress: Vec<Vec<f64>> = parts.into_iter().map(|(_, times)| times).collect();
            if progress.iter().flatten().any(|&t| t > seconds) {
                return Err(format!(
                    "a task's times fall outside the {seconds:.3} s it was timed"
                ));
            }
            Measurement::new("progress", "threads, progress recorded", seconds).progress(progress)
        } else {
            Measurement::new("progress", "threads", seconds)
        };
        measurement.workers(tasks).print()?;
    }
    Ok(())
}

/// Each task's sum, with its times in seconds since the threads were started when `record`.
/// The tasks wait for each other first, so that they start together however long each thread
/// took to start: the picture shows how they share the cores.
fn in_threads(n: u64, tasks: usize, record: bool) -> Vec<(u128, Vec<f64>)> {
    let origin = Instant::now();
    let barrier = Barrier::new(tasks);
    thread::scope(|scope| {
        let threads: Vec<_> = split(n, tasks)
            .into_iter()
            .map(|range| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    match record {
                        true => recorded_sum_of_squares(range, origin),
                        false => (sum_of_squares(range), Vec::new()),
                    }
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("a summing thread panicked"))
            .collect()
    })
}

/// The same sum in `STEPS` slices, with the time since `origin` at the start and after each.
fn recorded_sum_of_squares(range: Range<u64>, origin: Instant) -> (u128, Vec<f64>) {
    let mut times = Vec::with_capacity(STEPS + 1);
    times.push(origin.elapsed().as_secs_f64());
    let mut total = 0;
    for slice in split(range.end - range.start, STEPS) {
        total += sum_of_squares(range.start + slice.start..range.start + slice.end);
        times.push(origin.elapsed().as_secs_f64());
    }
    (total, times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_records_its_start_and_every_step_in_order() {
        let parts = in_threads(1_000_003, 4, true);
        assert_eq!(parts.len(), 4);
        let total: u128 = parts.iter().map(|(total, _)| total).sum();
        assert_eq!(total, expected_sum_below(1_000_003));
        for (_, times) in &parts {
            assert_eq!(times.len(), STEPS + 1);
            assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "{times:?}");
        }
    }
}
