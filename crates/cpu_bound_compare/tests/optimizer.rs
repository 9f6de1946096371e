//! The work is really done in a release build. One call's time grows as fibonacci(n) does, and
//! the ten calls one after another take ten times as long as one: without the `black_box` on
//! their argument, LLVM computes the same call once and hands its result to all ten.
#![cfg(target_os = "linux")]

use worker_processes::testing::Optimized;

/// fibonacci(32) takes a few milliseconds: long enough to time, short enough to repeat.
const N: u64 = 32;

/// `call`, an expression of `n` on src/work.rs, compiled as a release build would: the file goes
/// in whole, as a module inside the function that `Optimized` times, so nothing of it is picked
/// out by how it is formatted. `replace` rewrites the module first.
fn timed(call: &str, replace: Option<(&str, &str)>) -> Optimized {
    let work: String = include_str!("../src/work.rs")
        .lines()
        .map(|line| format!("        {line}\n"))
        .collect();
    let source =
        format!("fn timed(n: u64) -> u64 {{\n    mod work {{\n{work}    }}\n    {call}\n}}\n");
    Optimized::compile(&source, "timed", replace)
}

fn one_call() -> Optimized {
    timed("work::fibonacci(n)", None)
}

fn ten_calls(replace: Option<(&str, &str)>) -> Optimized {
    timed("work::one_after_another(10, n).iter().sum()", replace)
}

#[test]
fn one_call_takes_time_in_proportion_to_fibonacci_n() {
    let fibonacci = one_call();
    // fibonacci(32) / fibonacci(27) = 11.1
    let ratio = fibonacci.seconds(N) / fibonacci.seconds(N - 5);
    assert!(ratio > 5.0, "11x the calls took only {ratio:.1}x the time");
}

#[test]
fn ten_calls_one_after_another_take_ten_times_one() {
    let one = one_call().seconds(N);
    let ten = ten_calls(None).seconds(N);
    assert!(ten / one > 5.0, "ten calls took {:.1}x one", ten / one);
}

#[test]
fn without_black_box_the_ten_calls_are_one() {
    let one = one_call().seconds(N);
    let ten = ten_calls(Some(("black_box(n)", "n"))).seconds(N);
    assert!(
        ten / one < 2.0,
        "ten calls took {:.1}x one: no longer merged?",
        ten / one
    );
}
