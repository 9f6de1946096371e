//! The work being timed, and what its results must be.

use std::hint::black_box;
use std::ops::Range;

/// One term of the sum. `black_box` hides `i` from the optimiser: without it LLVM replaces the
/// whole loop by the closed form and the "work" takes no time. u128, because the sums pass
/// `u64::MAX` from n = 3.8 * 10^6 on.
pub fn square(i: u64) -> u128 {
    u128::from(black_box(i)).pow(2)
}

/// The sum of i*i for i in `range`, term by term.
pub fn sum_of_squares(range: Range<u64>) -> u128 {
    range.map(square).sum()
}

/// What `sum_of_squares(0..n)` must add up to: n(n-1)(2n-1)/6.
pub fn expected_sum_below(n: u64) -> u128 {
    let n = u128::from(n);
    n * n.saturating_sub(1) * (2 * n).saturating_sub(1) / 6
}

/// Splits `0..n` into `parts` contiguous ranges whose lengths differ by at most one.
pub fn split(n: u64, parts: usize) -> Vec<Range<u64>> {
    let parts = parts.max(1) as u64;
    let bound = |k: u64| (u128::from(n) * u128::from(k) / u128::from(parts)) as u64;
    (0..parts).map(|k| bound(k)..bound(k + 1)).collect()
}

/// The naive recursion of T3's program, `fibonacci(1) = fibonacci(2) = 1`: about
/// 2 * fibonacci(n) calls. For n >= 1.
pub fn fibonacci(n: u32) -> u64 {
    if n <= 2 {
        1
    } else {
        fibonacci(n - 1) + fibonacci(n - 2)
    }
}

/// The same recursion with additions that are not checked for overflow, as cargo's default
/// release profile compiles `+`. This workspace keeps the checks on in release builds (see the
/// root Cargo.toml); this variant measures what they cost. It cannot wrap: fibonacci(n) fits in
/// u64 up to n = 93.
pub fn fibonacci_unchecked(n: u32) -> u64 {
    if n <= 2 {
        1
    } else {
        fibonacci_unchecked(n - 1).wrapping_add(fibonacci_unchecked(n - 2))
    }
}

/// fibonacci(n) by iteration, to check the recursion's result; `None` past `u64`.
pub fn expected_fibonacci(n: u32) -> Option<u64> {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.checked_add(b)?);
    }
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sum_matches_its_closed_form() {
        for n in [0, 1, 2, 3, 10, 1000] {
            assert_eq!(sum_of_squares(0..n), expected_sum_below(n), "n = {n}");
        }
        assert_eq!(expected_sum_below(10_000_000), 333_333_283_333_335_000_000);
    }

    #[test]
    fn split_covers_every_number_once() {
        for (n, parts) in [(10, 3), (3, 4), (0, 2), (1_000_000_007, 7)] {
            let ranges = split(n, parts);
            assert_eq!(ranges.len(), parts);
            assert_eq!(ranges[0].start, 0);
            assert_eq!(ranges[parts - 1].end, n);
            assert!(ranges.windows(2).all(|pair| pair[0].end == pair[1].start));
            let lengths: Vec<u64> = ranges.iter().map(|r| r.end - r.start).collect();
            assert!(lengths.iter().max().unwrap() - lengths.iter().min().unwrap() <= 1);
        }
    }

    #[test]
    fn fibonacci_agrees_with_iteration() {
        for n in 1..25 {
            assert_eq!(Some(fibonacci(n)), expected_fibonacci(n), "n = {n}");
            assert_eq!(fibonacci_unchecked(n), fibonacci(n), "n = {n}");
        }
        assert_eq!(expected_fibonacci(35), Some(9_227_465));
        assert_eq!(expected_fibonacci(94), None);
    }
}
