//! The heavy work is really done in a release build: its time grows with n (see
//! heavy_sum_processes/tests/optimizer.rs for what happens without `black_box`).
#![cfg(target_os = "linux")]

use worker_processes::testing::Optimized;

#[test]
fn the_sum_takes_time_in_proportion_to_n() {
    let sum = Optimized::compile(include_str!("../src/main.rs"), "sum_of_squares_below", None);
    let ratio = sum.seconds(200_000_000) / sum.seconds(20_000_000);
    assert!(ratio > 5.0, "10x the terms took only {ratio:.1}x the time");
}
