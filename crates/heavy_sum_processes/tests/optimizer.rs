//! The heavy work is really done in a release build: its time grows with n. Without the
//! `black_box`, LLVM turns the loop into a formula and the time stays flat.
#![cfg(target_os = "linux")]

use worker_processes::testing::Optimized;

const MAIN: &str = include_str!("../src/main.rs");
const N: u64 = 20_000_000;

#[test]
fn the_sum_takes_time_in_proportion_to_n() {
    let sum = Optimized::compile(MAIN, "sum_of_squares_below", None);
    let ratio = sum.seconds(10 * N) / sum.seconds(N);
    assert!(ratio > 5.0, "10x the terms took only {ratio:.1}x the time");
}

#[test]
fn without_black_box_the_loop_is_folded_away() {
    let naive = Optimized::compile(MAIN, "sum_of_squares_below", Some(("black_box(i)", "i")));
    let seconds = naive.seconds(10 * N);
    assert!(
        seconds < 0.001,
        "the naive loop took {seconds} s: no longer folded?"
    );
}
