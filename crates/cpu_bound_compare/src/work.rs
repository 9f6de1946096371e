//! The work itself, in a file with no dependencies, so that tests/optimizer.rs can compile it
//! alone with `rustc -O`, as a release build does, and show that the optimiser leaves it in.

use std::hint::black_box;

/// The tutorial's naive recursion: fibonacci(n) calls itself about 2 * fibonacci(n) times.
pub fn fibonacci(n: u64) -> u64 {
    if n <= 2 {
        1
    } else {
        fibonacci(n - 1) + fibonacci(n - 2)
    }
}

/// fibonacci(n), `calls` times, one call after another. `black_box` hides that the argument is
/// the same each time: LLVM would otherwise make the call once and reuse its result.
pub fn one_after_another(calls: usize, n: u64) -> Vec<u64> {
    (0..calls).map(|_| fibonacci(black_box(n))).collect()
}
