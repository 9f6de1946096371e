//! The examples' main.rs stay short: each reads as the tutorial's program beside the Python, and
//! what the lesson does not need (argument parsing, reporting, checks, error plumbing) lives in
//! modules of its crate or in a support crate.

use std::fs;
use std::path::{Path, PathBuf};

/// No example's src/main.rs may be longer than this.
const MOST_LINES: usize = 120;

/// The median length of the examples' src/main.rs may be no more than this.
const MEDIAN_LINES: usize = 60;

/// What to do about a main.rs that is too long, the same for both limits.
const FIX: &str = "move what the lesson does not need (argument parsing, reporting, checks, \
                   error plumbing) into modules of the crate (src/args.rs, src/report.rs, ...) or \
                   into a support crate, and list them in its README's Copy it section";

/// Every example's src/main.rs has at most `MOST_LINES` lines, and the median over the examples
/// is at most `MEDIAN_LINES`. Lines as `wc -l` counts them in a file that rustfmt formatted.
pub fn mains_are_short(root: &Path, examples: &[PathBuf]) -> Vec<String> {
    let mut lengths = Vec::new();
    let mut problems = Vec::new();
    for dir in examples {
        let path = dir.join("src/main.rs");
        let file = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        match fs::read_to_string(&path) {
            Ok(text) => lengths.push((file, text.lines().count())),
            Err(e) => problems.push(format!("{file}: cannot read ({e})")),
        }
    }
    problems.extend(too_long(&lengths));
    problems
}

/// The problems with these main.rs files, each given as its path and its number of lines.
fn too_long(lengths: &[(String, usize)]) -> Vec<String> {
    let mut problems: Vec<String> = lengths
        .iter()
        .filter(|(_, lines)| *lines > MOST_LINES)
        .map(|(file, lines)| {
            format!("{file}: {lines} lines, over the {MOST_LINES} a main.rs may have; {FIX}")
        })
        .collect();
    let mut longest_first = lengths.to_vec();
    longest_first.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let Some(median) = median(&longest_first) else {
        return problems;
    };
    if median > MEDIAN_LINES as f64 {
        let over: Vec<String> = (longest_first.iter())
            .filter(|(_, lines)| *lines > MEDIAN_LINES)
            .map(|(file, lines)| format!("{file} ({lines})"))
            .collect();
        problems.push(format!(
            "crates/*/src/main.rs: their median length is {median} lines, over {MEDIAN_LINES}; \
             shorten some of the longest, {}: {FIX}",
            over.join(", ")
        ));
    }
    problems
}

/// The middle length, or the mean of the two in the middle; `lengths` is sorted by length
/// (either way).
fn median(lengths: &[(String, usize)]) -> Option<f64> {
    let n = lengths.len();
    let middle = |i: usize| lengths[i].1 as f64;
    match n {
        0 => None,
        _ => Some((middle((n - 1) / 2) + middle(n / 2)) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(lines: &[usize]) -> Vec<String> {
        let lengths: Vec<(String, usize)> = (lines.iter().enumerate())
            .map(|(i, &lines)| (format!("crates/e{i}/src/main.rs"), lines))
            .collect();
        too_long(&lengths)
    }

    #[test]
    fn short_mains_pass_up_to_both_limits() {
        assert_eq!(problems_of(&[]), Vec::<String>::new());
        assert_eq!(problems_of(&[21, 60, 60, 120]), Vec::<String>::new());
        assert_eq!(problems_of(&[120, 59, 60]), Vec::<String>::new());
    }

    #[test]
    fn a_main_over_the_most_is_named_with_the_fix() {
        let problems = problems_of(&[30, 121, 40]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with(
                "crates/e1/src/main.rs: 121 lines, over the 120 a main.rs may have; move what"
            ),
            "{problems:?}"
        );
    }

    #[test]
    fn a_median_over_the_limit_names_the_longest() {
        // The workspace before its four longest mains were shortened: a median of 63.5.
        let problems = problems_of(&[59, 68, 115, 20, 84, 58]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with(
                "crates/*/src/main.rs: their median length is 63.5 lines, over 60; shorten some \
                 of the longest, crates/e2/src/main.rs (115), crates/e4/src/main.rs (84), \
                 crates/e1/src/main.rs (68): move what"
            ),
            "{problems:?}"
        );
        assert_eq!(problems_of(&[61, 10, 62]).len(), 1);
        assert_eq!(problems_of(&[130, 61, 62]).len(), 2);
    }
}
