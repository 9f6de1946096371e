//! The heavy work is really done in a release build: its time grows with n. Without the
//! `black_box`, LLVM turns the loop into a formula and the time stays flat.
#![cfg(target_os = "linux")]

use worker_processes::testing::Optimized;

const MAIN: &str = include_str!("../src/main.rs");
const N: u64 = 20_000_000;

/// `sum_of_squares` sums over a range; the timing program calls it with the range 0..n.
fn sum_of_squares_below(replace: Option<(&str, &str)>) -> Optimized {
    let signature = "fn sum_of_squares(range: Range<u64>) -> u128 {";
    assert!(MAIN.contains(signature), "main.rs changed: adapt this test");
    let below = MAIN.replace(
        signature,
        "fn sum_of_squares(n: u64) -> u128 {\n    let range = 0..n;",
    );
    Optimized::compile(&below, "sum_of_squares", replace)
}

#[test]
fn the_sum_takes_time_in_proportion_to_n() {
    let sum = sum_of_squares_below(None);
    let ratio = sum.seconds(10 * N) / sum.seconds(N);
    assert!(ratio > 5.0, "10x the terms took only {ratio:.1}x the time");
}

#[test]
fn without_black_box_the_loop_is_folded_away() {
    let naive = sum_of_squares_below(Some(("black_box(i)", "i")));
    let seconds = naive.seconds(10 * N);
    assert!(
        seconds < 0.001,
        "the naive loop took {seconds} s: no longer folded?"
    );
}
