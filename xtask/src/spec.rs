//! `verify.toml`: how verify runs one example and what it checks.
//!
//! ```toml
//! args = ["--items", "4"]       # command-line arguments (default: none)
//! variants = [["--processes"]]  # further runs with other arguments, same output and claims
//! timeout = 10                  # seconds before the run is killed (default: 30)
//! status = 0                    # expected exit status (default: 0)
//! unordered = [[1, 3]]          # line ranges of expected.stdout that may come in any order
//!
//! [captures]                    # numbers taken from stdout: a regex with one group
//! total = 'Total time: ([0-9.]+) seconds'
//!
//! [[claims]]                    # the tutorial's promise, checked on every run
//! says = "three 2 s waits overlap: about 2 s, not 6"
//! value = "total"               # a capture, `wall` (the run's wall time), or `a / b`
//! min = 2.0                     # inclusive
//! max = 2.5                     # exclusive
//! min_cpus = 2                  # skip the claim on machines with fewer CPUs (default: 1)
//! ```
//!
//! Every claim is a measurement, so an example with claims runs alone (see `verify`).

use std::collections::BTreeMap;
use std::fmt;

use regex::Regex;
use serde::Deserialize;

/// A validated `verify.toml`.
#[derive(Debug)]
pub struct Spec {
    pub args: Vec<String>,
    pub variants: Vec<Vec<String>>,
    pub timeout_secs: f64,
    pub status: i32,
    /// 1-based inclusive line ranges of the expected output.
    pub unordered: Vec<(usize, usize)>,
    pub captures: Vec<(String, Regex)>,
    pub claims: Vec<Claim>,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub says: String,
    pub value: Value,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub min_cpus: usize,
}

/// What a claim measures.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Single(Operand),
    Ratio(Operand, Operand),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// The run's wall time in seconds, measured by verify.
    Wall,
    /// A number captured from stdout.
    Capture(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    variants: Vec<Vec<String>>,
    #[serde(default = "default_timeout")]
    timeout: f64,
    #[serde(default)]
    status: i32,
    #[serde(default)]
    unordered: Vec<[usize; 2]>,
    #[serde(default)]
    captures: BTreeMap<String, String>,
    #[serde(default)]
    claims: Vec<RawClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    says: String,
    value: String,
    min: Option<f64>,
    max: Option<f64>,
    #[serde(default = "one")]
    min_cpus: usize,
}

fn default_timeout() -> f64 {
    30.0
}

fn one() -> usize {
    1
}

impl Spec {
    /// Parses and validates a `verify.toml` against the example's expected output.
    pub fn parse(toml_text: &str, expected: &str) -> Result<Spec, String> {
        let raw: RawSpec = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        if !(raw.timeout > 0.0 && raw.timeout.is_finite()) {
            return Err(format!(
                "timeout must be a positive number of seconds, not {}",
                raw.timeout
            ));
        }
        let captures = raw
            .captures
            .into_iter()
            .map(|(name, pattern)| compile_capture(&name, &pattern).map(|re| (name, re)))
            .collect::<Result<Vec<_>, _>>()?;
        let claims = raw
            .claims
            .into_iter()
            .map(|raw| validate_claim(raw, &captures))
            .collect::<Result<Vec<_>, _>>()?;
        let unordered = validate_unordered(&raw.unordered, expected)?;
        Ok(Spec {
            args: raw.args,
            variants: raw.variants,
            timeout_secs: raw.timeout,
            status: raw.status,
            unordered,
            captures,
            claims,
        })
    }
}

fn compile_capture(name: &str, pattern: &str) -> Result<Regex, String> {
    if name == "wall" {
        return Err("capture name `wall` is reserved for the run's wall time".into());
    }
    let re = Regex::new(pattern).map_err(|e| format!("capture `{name}`: {e}"))?;
    if re.captures_len() != 2 {
        return Err(format!(
            "capture `{name}`: the regex needs exactly one group, around the number"
        ));
    }
    Ok(re)
}

fn validate_claim(raw: RawClaim, captures: &[(String, Regex)]) -> Result<Claim, String> {
    let operand = |text: &str| -> Result<Operand, String> {
        let text = text.trim();
        if text == "wall" {
            Ok(Operand::Wall)
        } else if captures.iter().any(|(name, _)| name == text) {
            Ok(Operand::Capture(text.to_owned()))
        } else {
            Err(format!(
                "claim \"{}\": `{text}` is neither `wall` nor a capture",
                raw.says
            ))
        }
    };
    let value = match raw.value.split_once('/') {
        Some((numerator, denominator)) => Value::Ratio(operand(numerator)?, operand(denominator)?),
        None => Value::Single(operand(&raw.value)?),
    };
    match (raw.min, raw.max) {
        (None, None) => Err(format!("claim \"{}\" needs a min or a max", raw.says)),
        (Some(min), Some(max)) if min >= max => Err(format!(
            "claim \"{}\": min {min} is not below max {max}",
            raw.says
        )),
        (min, max) => Ok(Claim {
            says: raw.says,
            value,
            min,
            max,
            min_cpus: raw.min_cpus,
        }),
    }
}

fn validate_unordered(
    ranges: &[[usize; 2]],
    expected: &str,
) -> Result<Vec<(usize, usize)>, String> {
    let lines: Vec<&str> = expected.lines().collect();
    let first_elision = lines.iter().position(|line| *line == "...").map(|i| i + 1);
    let mut previous_end = 0;
    ranges
        .iter()
        .map(|&[start, end]| {
            if start <= previous_end || start >= end || end > lines.len() {
                return Err(format!(
                    "unordered range [{start}, {end}]: ranges must be increasing, disjoint, at least \
                     two lines long, and within expected.stdout's {} lines",
                    lines.len()
                ));
            }
            if first_elision.is_some_and(|elision| elision <= end) {
                return Err(format!(
                    "unordered range [{start}, {end}]: it must come before the first `...` line, \
                     whose length is not known in advance"
                ));
            }
            previous_end = end;
            Ok((start, end))
        })
        .collect()
}

impl Claim {
    /// `[2.0, 2.5)`, `>= 1.4`, `< 1.25`.
    pub fn bounds(&self) -> String {
        match (self.min, self.max) {
            (Some(min), Some(max)) => format!("[{min}, {max})"),
            (Some(min), None) => format!(">= {min}"),
            (None, Some(max)) => format!("< {max}"),
            (None, None) => String::from("anything"),
        }
    }

    pub fn holds_for(&self, value: f64) -> bool {
        self.min.is_none_or(|min| value >= min) && self.max.is_none_or(|max| value < max)
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Wall => f.write_str("wall"),
            Operand::Capture(name) => f.write_str(name),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Single(operand) => write!(f, "{operand}"),
            Value::Ratio(numerator, denominator) => write!(f, "{numerator} / {denominator}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPECTED: &str = "a\nb\nc\n...\n";

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let spec = Spec::parse("", EXPECTED).unwrap();
        assert!(spec.args.is_empty() && spec.claims.is_empty() && spec.unordered.is_empty());
        assert_eq!((spec.timeout_secs, spec.status), (30.0, 0));
    }

    #[test]
    fn claims_parse_single_values_and_ratios() {
        let spec = Spec::parse(
            "[captures]\nseq = 'S: (.*)'\npar = 'P: (.*)'\n\
             [[claims]]\nsays = 'fast'\nvalue = 'seq / par'\nmin = 1.4\n\
             [[claims]]\nsays = 'quick'\nvalue = 'wall'\nmax = 3\n",
            EXPECTED,
        )
        .unwrap();
        assert_eq!(
            spec.claims[0].value,
            Value::Ratio(
                Operand::Capture("seq".into()),
                Operand::Capture("par".into())
            )
        );
        assert_eq!(spec.claims[1].value, Value::Single(Operand::Wall));
        assert!(spec.claims[1].holds_for(2.9) && !spec.claims[1].holds_for(3.0));
    }

    #[test]
    fn mistakes_are_reported() {
        let cases = [
            ("unknown = 1", "unknown field"),
            ("[captures]\nt = 'no group'", "exactly one group"),
            ("[captures]\nwall = '(x)'", "reserved"),
            (
                "[[claims]]\nsays = 's'\nvalue = 'nothing'\nmin = 1",
                "neither `wall` nor a capture",
            ),
            (
                "[[claims]]\nsays = 's'\nvalue = 'wall'",
                "needs a min or a max",
            ),
            (
                "[[claims]]\nsays = 's'\nvalue = 'wall'\nmin = 2\nmax = 1",
                "is not below max",
            ),
            ("unordered = [[1, 1]]", "at least two lines"),
            ("unordered = [[2, 9]]", "within expected.stdout"),
            ("unordered = [[1, 2], [2, 3]]", "disjoint"),
            ("unordered = [[3, 4]]", "before the first `...`"),
            ("timeout = 0", "positive"),
        ];
        for (toml_text, wanted) in cases {
            let error = Spec::parse(toml_text, EXPECTED).unwrap_err();
            assert!(
                error.contains(wanted),
                "{toml_text:?} gave {error:?}, wanted {wanted:?}"
            );
        }
    }
}
