//! What keeps the timings honest, kept out of the lesson in main.rs.

/// fibonacci(n) the fast way, in n steps: what every call must return.
pub fn fibonacci_by_loop(n: u64) -> u64 {
    let (mut previous, mut current) = (0, 1);
    for _ in 1..n {
        (previous, current) = (current, previous + current);
    }
    current
}

/// Without optimisations (plain `cargo run`) this work runs slower than in a release build,
/// and the timings would be taken for Rust's.
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
    fn the_loop_gives_the_fibonacci_numbers() {
        let first: Vec<u64> = (1..=10).map(super::fibonacci_by_loop).collect();
        assert_eq!(first, [1, 1, 2, 3, 5, 8, 13, 21, 34, 55]);
        assert_eq!(super::fibonacci_by_loop(35), 9_227_465);
        // The largest that fits in a u64, hence the limit on `--n`.
        assert_eq!(super::fibonacci_by_loop(93), 12_200_160_415_121_876_738);
    }
}
