//! The work is really done in a release build: each task's time grows with n (see
//! heavy_sum_processes/tests/optimizer.rs for what happens without `black_box`).
#![cfg(target_os = "linux")]

use worker_processes::testing::Optimized;

#[test]
fn the_task_takes_time_in_proportion_to_n() {
    let task = Optimized::compile(include_str!("../src/main.rs"), "cpu_task", None);
    let ratio = task.seconds(200_000_000) / task.seconds(20_000_000);
    assert!(ratio > 5.0, "10x the terms took only {ratio:.1}x the time");
}
