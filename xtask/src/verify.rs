//! Running the examples, judging them, and reporting: one row per run, then a diff per failure.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;
use std::thread;
use std::time::Duration;

use crate::check::{ClaimOutcome, Verdict, judge};
use crate::examples::Example;
use crate::run::{Outcome, run};

/// One run of one example: its main arguments or one of its variants.
pub struct Job<'a> {
    pub example: &'a Example,
    /// 0 for the main run, then 1.. for the variants.
    pub variant: usize,
    pub program: PathBuf,
}

impl Job<'_> {
    pub fn args(&self) -> &[String] {
        match self.variant {
            0 => &self.example.spec.args,
            n => &self.example.spec.variants[n - 1],
        }
    }

    /// `thread_pool_map`, or `thread_pool_map --processes` for a variant.
    pub fn label(&self) -> String {
        match self.variant {
            0 => self.example.name.clone(),
            _ => format!("{} {}", self.example.name, self.args().join(" ")),
        }
    }

    /// Claims are measurements: such runs must not share the CPU with other examples.
    fn runs_alone(&self) -> bool {
        !self.example.spec.claims.is_empty()
    }
}

/// All jobs of these examples, each run with the binary `program_of` names.
pub fn jobs<'a>(examples: &'a [Example], program_of: impl Fn(&str) -> PathBuf) -> Vec<Job<'a>> {
    examples
        .iter()
        .flat_map(|example| {
            let program = program_of(&example.name);
            (0..=example.spec.variants.len()).map(move |variant| Job {
                example,
                variant,
                program: program.clone(),
            })
        })
        .collect()
}

pub struct Options {
    /// Rewrite expected.stdout from the actual output where only the output differs.
    pub bless: bool,
    /// CPUs of this machine, for claims that need several.
    pub cpus: usize,
}

enum RunResult {
    Ran {
        outcome: Outcome,
        verdict: Verdict,
        blessed: bool,
    },
    /// The binary could not even be started.
    NotStarted(String),
}

impl RunResult {
    fn passed(&self) -> bool {
        match self {
            RunResult::Ran {
                verdict, blessed, ..
            } => *blessed || verdict.passed(),
            RunResult::NotStarted(_) => false,
        }
    }
}

/// Runs the jobs (measured ones alone, one after another, then the rest together), prints the
/// table and the failures to `out`, and says whether everything passed.
pub fn verify(jobs: &[Job<'_>], options: &Options, out: &mut impl Write) -> io::Result<bool> {
    let alone = jobs.iter().filter(|job| job.runs_alone()).count();
    writeln!(
        out,
        "verify: running {} example run(s); {alone} with timing claims run alone, the rest together",
        jobs.len()
    )?;
    let mut results: Vec<Option<RunResult>> = jobs.iter().map(|_| None).collect();
    for (index, job) in jobs.iter().enumerate().filter(|(_, job)| job.runs_alone()) {
        results[index] = Some(run_and_judge(job, options));
    }
    thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .enumerate()
            .filter(|(_, job)| !job.runs_alone())
            .map(|(index, job)| (index, scope.spawn(move || run_and_judge(job, options))))
            .collect();
        for (index, handle) in handles {
            results[index] = Some(handle.join().unwrap_or_else(|_| {
                RunResult::NotStarted(String::from("verify's own runner thread panicked"))
            }));
        }
    });
    let results: Vec<RunResult> = results.into_iter().flatten().collect();
    report(jobs, &results, options.bless, out)?;
    Ok(results.iter().all(RunResult::passed))
}

fn run_and_judge(job: &Job<'_>, options: &Options) -> RunResult {
    let spec = &job.example.spec;
    let timeout = Duration::from_secs_f64(spec.timeout_secs);
    let outcome = match run(&job.program, job.args(), timeout) {
        Ok(outcome) => outcome,
        Err(error) => return RunResult::NotStarted(format!("{}: {error}", job.program.display())),
    };
    let verdict = judge(spec, &job.example.expected, &outcome, options.cpus);
    let blessed = options.bless && job.variant == 0 && bless(job, &verdict);
    RunResult::Ran {
        outcome,
        verdict,
        blessed,
    }
}

/// Rewrites expected.stdout, but only where the output is all that is wrong: a failing exit or
/// claim is never written down as the new truth.
fn bless(job: &Job<'_>, verdict: &Verdict) -> bool {
    verdict.output_diff.is_some()
        && verdict.exit_problem.is_none()
        && verdict.claims_hold()
        && fs::write(job.example.expected_path(), &verdict.normalized_stdout).is_ok()
}

fn report(
    jobs: &[Job<'_>],
    results: &[RunResult],
    bless: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let width = jobs
        .iter()
        .map(|job| job.label().len())
        .max()
        .unwrap_or(0)
        .max("example".len());
    writeln!(
        out,
        "\n{:width$}  {:7}  {:6}  {:7}  {:>7}  measured",
        "example", "output", "exit", "claims", "time"
    )?;
    for (job, result) in jobs.iter().zip(results) {
        let row = match result {
            RunResult::NotStarted(_) => format!("{:7}  {:6}  {:7}  {:>7}", "-", "FAIL", "-", "-"),
            RunResult::Ran {
                outcome,
                verdict,
                blessed,
            } => format!(
                "{:7}  {:6}  {:7}  {:>6.2}s  {}",
                match (&verdict.output_diff, blessed) {
                    (None, _) => "ok",
                    (Some(_), true) => "blessed",
                    (Some(_), false) => "DIFF",
                },
                if verdict.exit_problem.is_none() {
                    "ok"
                } else {
                    "FAIL"
                },
                claims_cell(verdict),
                outcome.wall.as_secs_f64(),
                measured_cell(verdict),
            ),
        };
        writeln!(
            out,
            "{}",
            format!("{:width$}  {row}", job.label()).trim_end()
        )?;
    }
    for (job, result) in jobs.iter().zip(results) {
        if !result.passed() {
            write!(out, "\n{}", failure_details(job, result, bless))?;
        }
    }
    let failed = results.iter().filter(|result| !result.passed()).count();
    match failed {
        0 => writeln!(out, "\nverify: all {} passed", results.len()),
        _ => writeln!(out, "\nverify: {failed} of {} FAILED", results.len()),
    }
}

fn claims_cell(verdict: &Verdict) -> String {
    let total = verdict.claims.len();
    let failed = verdict
        .claims
        .iter()
        .filter(|result| {
            matches!(
                result.outcome,
                ClaimOutcome::Fails(_) | ClaimOutcome::Unmeasured(_)
            )
        })
        .count();
    let skipped = verdict
        .claims
        .iter()
        .filter(|r| matches!(r.outcome, ClaimOutcome::Skipped(_)))
        .count();
    match (total, failed, skipped) {
        (0, _, _) => String::from("-"),
        (_, 0, 0) => String::from("ok"),
        (_, 0, _) => format!("ok,{skipped}skip"),
        (_, failed, _) => format!("FAIL {failed}"),
    }
}

fn measured_cell(verdict: &Verdict) -> String {
    verdict
        .claims
        .iter()
        .filter_map(|result| match result.outcome {
            ClaimOutcome::Holds(value) | ClaimOutcome::Fails(value) => {
                Some(format!("{}={value:.2}", result.claim.value))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn failure_details(job: &Job<'_>, result: &RunResult, bless: bool) -> String {
    let mut text = format!("---- {} ----\n", job.label());
    let command = std::iter::once(job.program.display().to_string())
        .chain(job.args().iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(text, "command: {command}");
    let (outcome, verdict) = match result {
        RunResult::NotStarted(why) => {
            let _ = writeln!(text, "could not start: {why}");
            return text;
        }
        RunResult::Ran {
            outcome, verdict, ..
        } => (outcome, verdict),
    };
    if let Some(problem) = &verdict.exit_problem {
        let _ = writeln!(text, "exit: {problem}");
    }
    for result in &verdict.claims {
        let claim = &result.claim;
        let line = match &result.outcome {
            ClaimOutcome::Holds(_) | ClaimOutcome::Skipped(_) => continue,
            ClaimOutcome::Fails(value) => {
                format!("{} = {value:.3}, wanted {}", claim.value, claim.bounds())
            }
            ClaimOutcome::Unmeasured(why) => format!("not measured: {why}"),
        };
        let _ = writeln!(text, "claim \"{}\" failed: {line}", claim.says);
    }
    if bless
        && verdict.output_diff.is_some()
        && (verdict.exit_problem.is_some() || !verdict.claims_hold())
    {
        let _ = writeln!(
            text,
            "not blessed: only a run whose exit and claims pass can be blessed"
        );
    }
    if let Some(diff) = &verdict.output_diff {
        let _ = writeln!(
            text,
            "stdout differs from {}:\n{diff}",
            job.example.expected_path().display()
        );
    }
    let stderr_tail: Vec<&str> = outcome.stderr.lines().rev().take(20).collect();
    if !stderr_tail.is_empty() {
        let _ = writeln!(text, "stderr (last {} lines):", stderr_tail.len());
        for line in stderr_tail.iter().rev() {
            let _ = writeln!(text, "  {line}");
        }
    }
    text
}
