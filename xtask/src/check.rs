//! Judging one run: its stdout against the expected output, its exit, its claims.

use snapbox::filter::NormalizeToExpected;
use snapbox::report::Palette;
use snapbox::{Assert, Data, Redactions};

use crate::run::{Exit, Outcome};
use crate::spec::{Claim, Operand, Spec, Value};

/// The verdict on one run.
#[derive(Debug)]
pub struct Verdict {
    /// `None` when stdout matched; otherwise a readable diff.
    pub output_diff: Option<String>,
    /// stdout with the unordered groups put in expected order and matched wildcards kept:
    /// what `--bless` writes.
    pub normalized_stdout: String,
    /// `None` when the exit was the expected one; otherwise what happened.
    pub exit_problem: Option<String>,
    pub claims: Vec<ClaimResult>,
}

#[derive(Debug)]
pub struct ClaimResult {
    pub claim: Claim,
    pub outcome: ClaimOutcome,
}

#[derive(Debug, PartialEq)]
pub enum ClaimOutcome {
    Holds(f64),
    Fails(f64),
    /// The number could not be measured (a capture missing from stdout, say).
    Unmeasured(String),
    /// The machine cannot test it (too few CPUs).
    Skipped(String),
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.output_diff.is_none() && self.exit_problem.is_none() && self.claims_hold()
    }

    pub fn claims_hold(&self) -> bool {
        self.claims.iter().all(|result| {
            matches!(
                result.outcome,
                ClaimOutcome::Holds(_) | ClaimOutcome::Skipped(_)
            )
        })
    }
}

/// Judges `outcome` against `expected` (the contents of expected.stdout) and the spec.
pub fn judge(spec: &Spec, expected: &str, outcome: &Outcome, cpus: usize) -> Verdict {
    let (normalized_stdout, output_diff) = compare_output(spec, expected, &outcome.stdout);
    let claims = spec
        .claims
        .iter()
        .map(|claim| ClaimResult {
            claim: claim.clone(),
            outcome: check_claim(spec, claim, outcome, cpus),
        })
        .collect();
    Verdict {
        output_diff,
        normalized_stdout,
        exit_problem: exit_problem(spec.status, spec.timeout_secs, outcome),
        claims,
    }
}

/// Compares `stdout` with `expected` as verify does (patterns, unordered groups). Returns stdout
/// normalized (groups in expected order, matched patterns kept: what `--bless` writes) and, when
/// they differ, a readable diff.
pub fn compare_output(spec: &Spec, expected: &str, stdout: &str) -> (String, Option<String>) {
    let assert = Assert::new().palette(Palette::plain());
    let reordered = Data::text(reorder_unordered_groups(spec, expected, stdout));
    // Lines that match a pattern (`[..]`, `...`) take the pattern's text, so a diff shows only real
    // differences and `--bless` keeps the patterns.
    let (normalized, expected) = assert.normalize(reordered, Data::text(expected));
    let normalized_stdout = normalized.render().unwrap_or_default();
    let diff = assert
        .try_eq(Some(&"stdout"), normalized, expected)
        .err()
        .map(|error| error.to_string().trim_end().to_owned());
    (normalized_stdout, diff)
}

/// What is wrong with how a run ended, given the `status` it should exit with and the timeout
/// it ran under; `None` when nothing is.
pub fn exit_problem(status: i32, timeout_secs: f64, outcome: &Outcome) -> Option<String> {
    let problem = match outcome.exit {
        Exit::Code(code) if code == status => None,
        Exit::Code(code) => Some(format!("exited with status {code}, expected {status}")),
        Exit::Signal(signal) => Some(format!("killed by signal {signal}")),
        Exit::TimedOut => Some(format!("timed out after {timeout_secs} s and was killed")),
    };
    let leftovers = (outcome.leftovers > 0).then(|| {
        format!(
            "left {} process(es) running after it exited (they were killed)",
            outcome.leftovers
        )
    });
    match (problem, leftovers) {
        (Some(problem), Some(leftovers)) => Some(format!("{problem}; {leftovers}")),
        (problem, leftovers) => problem.or(leftovers),
    }
}

/// Puts each unordered group of actual lines in the expected order, so the one diff that follows
/// shows only real differences. Lines of a group that match no expected line stay where they were
/// and show up in that diff.
fn reorder_unordered_groups(spec: &Spec, expected: &str, actual: &str) -> String {
    if spec.unordered.is_empty() {
        return actual.to_owned();
    }
    let expected_lines: Vec<&str> = expected.split_inclusive('\n').collect();
    let actual_lines: Vec<&str> = actual.split_inclusive('\n').collect();
    let mut normalized = String::with_capacity(actual.len());
    let mut next = 0; // index of the next actual line to place
    let redactions = Redactions::new();
    let normalizer = NormalizeToExpected::new()
        .redact_with(&redactions)
        .unordered();
    for &(start, end) in &spec.unordered {
        // Lines before the group are ordered and line up one to one (validation put every `...`
        // after the last group).
        let before = (start - 1)
            .saturating_sub(next)
            .min(actual_lines.len().saturating_sub(next));
        normalized.extend(actual_lines[next..next + before].iter().copied());
        next += before;
        let group_end = end.min(actual_lines.len()).max(next);
        let group_actual: String = actual_lines[next..group_end].concat();
        let group_expected: String = expected_lines[start - 1..end].concat();
        let reordered = normalizer.normalize(Data::text(group_actual), &Data::text(group_expected));
        normalized.push_str(&reordered.render().unwrap_or_default());
        next = group_end;
    }
    normalized.extend(actual_lines[next..].iter().copied());
    normalized
}

fn check_claim(spec: &Spec, claim: &Claim, outcome: &Outcome, cpus: usize) -> ClaimOutcome {
    if cpus < claim.min_cpus {
        return ClaimOutcome::Skipped(format!(
            "needs {} CPUs, this machine has {cpus}",
            claim.min_cpus
        ));
    }
    let measured = match &claim.value {
        Value::Single(operand) => measure(spec, operand, outcome),
        Value::Ratio(numerator, denominator) => measure(spec, numerator, outcome).and_then(|n| {
            let d = measure(spec, denominator, outcome)?;
            if d == 0.0 {
                Err(format!("{denominator} is 0"))
            } else {
                Ok(n / d)
            }
        }),
    };
    match measured {
        Ok(value) if claim.holds_for(value) => ClaimOutcome::Holds(value),
        Ok(value) => ClaimOutcome::Fails(value),
        Err(why) => ClaimOutcome::Unmeasured(why),
    }
}

fn measure(spec: &Spec, operand: &Operand, outcome: &Outcome) -> Result<f64, String> {
    let name = match operand {
        Operand::Wall => return Ok(outcome.wall.as_secs_f64()),
        Operand::Capture(name) => name,
    };
    let (_, regex) = spec
        .captures
        .iter()
        .find(|(capture, _)| capture == name)
        .ok_or_else(|| format!("no capture `{name}`"))?;
    let mut matches = regex.captures_iter(&outcome.stdout);
    let (Some(found), None) = (matches.next(), matches.next()) else {
        return Err(format!(
            "capture `{name}` must match stdout exactly once (regex `{regex}`)"
        ));
    };
    let text = &found[1];
    text.trim()
        .parse()
        .map_err(|_| format!("capture `{name}`: `{text}` is not a number"))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn outcome(stdout: &str) -> Outcome {
        Outcome {
            stdout: stdout.to_owned(),
            stderr: String::new(),
            exit: Exit::Code(0),
            wall: Duration::from_millis(2100),
            leftovers: 0,
        }
    }

    fn spec(toml_text: &str, expected: &str) -> Spec {
        Spec::parse(toml_text, expected).unwrap()
    }

    #[test]
    fn exact_and_wildcard_lines_match() {
        let expected = "Start\nTotal: [..] s\n";
        let verdict = judge(
            &spec("", expected),
            expected,
            &outcome("Start\nTotal: 2.01 s\n"),
            2,
        );
        assert!(verdict.passed(), "{verdict:?}");
    }

    #[test]
    fn a_group_reordered_passes_and_keeps_patterns_for_bless() {
        let expected = "head\nb [..]\na 1\nc\ntail\n";
        let spec = spec("unordered = [[2, 4]]", expected);
        let verdict = judge(&spec, expected, &outcome("head\nc\na 1\nb 7\ntail\n"), 2);
        assert!(verdict.passed(), "{verdict:?}");
        assert_eq!(verdict.normalized_stdout, expected);
    }

    #[test]
    fn order_outside_groups_still_counts() {
        let expected = "a\nb\nc\nd\n";
        let spec = spec("unordered = [[1, 2]]", expected);
        let verdict = judge(&spec, expected, &outcome("b\na\nd\nc\n"), 2);
        assert!(verdict.output_diff.is_some());
    }

    #[test]
    fn captures_must_match_exactly_once() {
        let spec = spec(
            "[captures]\nt = 'T: (.*)'\n[[claims]]\nsays = 's'\nvalue = 't'\nmax = 5",
            "...\n",
        );
        let twice = judge(&spec, "...\n", &outcome("T: 1\nT: 2\n"), 2);
        assert!(matches!(
            twice.claims[0].outcome,
            ClaimOutcome::Unmeasured(_)
        ));
        let not_a_number = judge(&spec, "...\n", &outcome("T: soon\n"), 2);
        assert!(matches!(
            not_a_number.claims[0].outcome,
            ClaimOutcome::Unmeasured(_)
        ));
    }

    #[test]
    fn ratios_and_cpu_requirements() {
        let toml_text = "[captures]\ns = 'S: (.*)'\np = 'P: (.*)'\n\
                         [[claims]]\nsays = 'x'\nvalue = 's / p'\nmin = 1.4\nmin_cpus = 2";
        let spec = spec(toml_text, "...\n");
        let fast = judge(&spec, "...\n", &outcome("S: 3.0\nP: 1.5\n"), 2);
        assert_eq!(fast.claims[0].outcome, ClaimOutcome::Holds(2.0));
        let slow = judge(&spec, "...\n", &outcome("S: 3.0\nP: 3.0\n"), 2);
        assert_eq!(slow.claims[0].outcome, ClaimOutcome::Fails(1.0));
        let one_cpu = judge(&spec, "...\n", &outcome("S: 3.0\nP: 3.0\n"), 1);
        assert!(matches!(
            one_cpu.claims[0].outcome,
            ClaimOutcome::Skipped(_)
        ));
        assert!(one_cpu.passed());
    }
}
