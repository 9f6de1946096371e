//! What keeps the timings honest, kept out of the lesson in main.rs.

/// n(n-1)(2n-1)/6: what each task's sum must come to.
pub fn sum_of_squares_below(n: u64) -> u128 {
    let n = u128::from(n);
    n * (n - 1) * (2 * n - 1) / 6
}

/// Without optimisations (plain `cargo run`) this work runs many times slower than in a release
/// build, and the timings would be taken for Rust's.
pub fn warn_if_unoptimized() {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: a debug build, without optimisations: its timings say little about Rust's speed; use `cargo run --release`"
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_formula_adds_up_the_squares() {
        for n in [1, 2, 3, 10, 1000] {
            let added: u128 = (0..u128::from(n)).map(|i| i * i).sum();
            assert_eq!(super::sum_of_squares_below(n), added, "n = {n}");
        }
        // More than a u64 holds.
        assert_eq!(
            super::sum_of_squares_below(10_000_000),
            333_333_283_333_335_000_000
        );
    }
}
