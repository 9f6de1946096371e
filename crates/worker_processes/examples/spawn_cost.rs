//! What one worker process costs: start one that does nothing, join it, many times.
//!
//! ```sh
//! cargo run --release -p worker_processes --example spawn_cost -- 200
//! ```

use std::time::{Duration, Instant};

fn nothing(_: ()) {}

fn main() -> Result<(), worker_processes::Error> {
    worker_processes::init();
    let runs = std::env::args()
        .nth(1)
        .and_then(|runs| runs.parse::<usize>().ok())
        .unwrap_or(100)
        .max(1);
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        worker_processes::spawn(nothing, ())?.join()?;
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |time: Duration| time.as_secs_f64() * 1000.0;
    println!(
        "start + join of one worker process: median {:.2} ms over {runs} runs (fastest {:.2} ms, slowest {:.2} ms)",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1])
    );
    Ok(())
}
