//! The work is really done in a release build. One call's time grows as fibonacci(n) does, and
//! the ten calls one after another take ten times as long as one: without the `black_box` on
//! their argument, LLVM computes the same call once and hands its result to all ten.
#![cfg(target_os = "linux")]

use worker_processes::testing::Optimized;

const MAIN: &str = include_str!("../src/main.rs");
/// fibonacci(32) takes a few milliseconds: long enough to time, short enough to repeat.
const N: u64 = 32;

#[test]
fn one_call_takes_time_in_proportion_to_fibonacci_n() {
    let fibonacci = Optimized::compile(MAIN, "fibonacci", None);
    // fibonacci(32) / fibonacci(27) = 11.1
    let ratio = fibonacci.seconds(N) / fibonacci.seconds(N - 5);
    assert!(ratio > 5.0, "11x the calls took only {ratio:.1}x the time");
}

#[test]
fn ten_calls_one_after_another_take_ten_times_one() {
    let one = Optimized::compile(MAIN, "fibonacci", None).seconds(N);
    let ten = Optimized::compile(&ten_calls(), "ten_calls", None).seconds(N);
    assert!(ten / one > 5.0, "ten calls took {:.1}x one", ten / one);
}

#[test]
fn without_black_box_the_ten_calls_are_one() {
    let one = Optimized::compile(MAIN, "fibonacci", None).seconds(N);
    let naive = Optimized::compile(&ten_calls(), "ten_calls", Some(("black_box(n)", "n")));
    let ten = naive.seconds(N);
    assert!(
        ten / one < 2.0,
        "ten calls took {:.1}x one: no longer merged?",
        ten / one
    );
}

/// main.rs's ten calls one after another as one function of n, for `Optimized` to time: main's
/// own `fibonacci`, nested, and main's own line that makes the calls.
fn ten_calls() -> String {
    let fibonacci: Vec<String> = MAIN
        .lines()
        .skip_while(|line| !line.starts_with("fn fibonacci("))
        .take_while(|line| *line != "}")
        .chain(["}"])
        .map(|line| format!("    {line}"))
        .collect();
    let calls = MAIN
        .lines()
        .find(|line| line.contains("fibonacci(black_box(n))"))
        .expect("main.rs calls fibonacci(black_box(n)) one call after another");
    format!(
        "fn ten_calls(n: u64) -> u64 {{\n{}\n    let calls = 10;\n{calls}\n    results.iter().sum()\n}}\n",
        fibonacci.join("\n")
    )
}
