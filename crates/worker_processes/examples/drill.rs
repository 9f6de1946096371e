//! Exercises the layer's promises; tests/promises.rs runs it and checks them.
//!
//! ```text
//! drill lines CHILDREN LINES LENGTH   each child prints LINES lines of LENGTH characters
//! drill sleep WORKERS SECONDS         WORKERS processes sleep, then `done`
//! drill crash                         a pool task whose worker always dies
//! drill panic                         a worker that panics
//! drill no-init                       spawn without calling init first
//! drill early-exit                    a worker that exits before it takes its task, then one
//!                                     that works
//! drill listener                      a worker handed a listener answers one connection
//! ```

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use worker_processes::{Pool, Process};

fn print_lines((child, lines, length): (usize, usize, usize)) {
    let filler = "x".repeat(length);
    for line in 0..lines {
        println!("{child}:{line}:{filler}");
    }
}

fn sleep(seconds: u64) -> u64 {
    thread::sleep(Duration::from_secs(seconds));
    seconds
}

fn die_on_two(n: u32) -> u32 {
    if n == 2 {
        std::process::abort();
    }
    n
}

fn panic_on_call(message: String) {
    panic!("{message}");
}

/// Accepts one connection on the listener it was handed and returns what came, in capitals.
fn answer_once(_: ()) -> Result<String, String> {
    let listener = worker_processes::inherited_listener().map_err(|e| e.to_string())?;
    let (mut connection, _) = listener.accept().map_err(|e| e.to_string())?;
    let mut text = String::new();
    connection
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    Ok(text.to_uppercase())
}

fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let number = |at: usize| args.get(at).and_then(|text| text.parse::<usize>().ok());
    match args.first().map(String::as_str) {
        Some("lines") => {
            let (Some(children), Some(lines), Some(length)) = (number(1), number(2), number(3))
            else {
                return usage();
            };
            let workers = (0..children)
                .map(|child| worker_processes::spawn(print_lines, (child, lines, length)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(workers.into_iter().try_for_each(Process::join)?)
        }
        Some("sleep") => {
            let (Some(workers), Some(seconds)) = (number(1), number(2)) else {
                return usage();
            };
            let seconds = vec![seconds as u64; workers];
            Pool::with_workers(workers.max(1)).map(sleep, seconds)?;
            println!("done");
            Ok(())
        }
        Some("crash") => {
            let results = Pool::with_workers(2).map(die_on_two, [1, 2, 3])?;
            println!("{results:?}");
            Ok(())
        }
        Some("panic") => {
            Ok(worker_processes::spawn(panic_on_call, "on purpose".to_owned())?.join()?)
        }
        Some("early-exit") => {
            // Process-1 ends in `main` before `init` (see `main`): an error, not a hang.
            if let Err(error) = worker_processes::spawn(sleep, 0) {
                eprintln!("first: {error}");
            }
            let slept = worker_processes::spawn(sleep, 0)?.join()?;
            println!("second: slept {slept} s");
            Ok(())
        }
        Some("listener") => {
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
            let address = listener.local_addr()?;
            let worker = worker_processes::spawn_with_listener(answer_once, (), listener)?;
            TcpStream::connect(address)?.write_all(b"hello")?;
            println!("{}", worker.join()??);
            // The parent kept no copy of the listener: with the worker gone, nobody listens.
            let refused = TcpStream::connect(address).is_err();
            println!(
                "afterwards: {}",
                if refused { "refused" } else { "accepted" }
            );
            Ok(())
        }
        _ => usage(),
    }
}

fn usage() -> Result<(), Box<dyn std::error::Error>> {
    Err(
        "usage: drill lines|sleep|crash|panic|no-init|early-exit|listener ARGS (see the source)"
            .into(),
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|mode| mode == "no-init") {
        // Forgetting `init` must be an error, not a hang or a panic.
        return report(
            worker_processes::spawn(sleep, 0)
                .map(drop)
                .map_err(Into::into),
        );
    }
    if args.first().is_some_and(|mode| mode == "early-exit")
        && worker_processes::current_process_name() == "Process-1"
    {
        // Code before `init` runs in every worker too; this ends Process-1 there.
        std::process::exit(3);
    }
    worker_processes::init();
    report(run(&args))
}

fn report(result: Result<(), Box<dyn std::error::Error>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
