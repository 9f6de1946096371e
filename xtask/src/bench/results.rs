//! The measurements the programs print, gathered over the runs, and their medians.

use serde::{Deserialize, Serialize};

use super::io_scale::Io;
use super::plan::{Language, Part};

/// What one measurement is of: the same key in every run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Key {
    pub language: Language,
    /// The CPython interpreter, where it is not the default `python3` (`Interpreter::tag`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<String>,
    pub part: String,
    pub variant: String,
    /// Threads or processes, where the part varies them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers: Option<usize>,
    /// Downloads, in the download part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

impl Key {
    pub fn new(language: Language, part: Part, variant: &str) -> Key {
        Key {
            language,
            interpreter: None,
            part: part.id().to_owned(),
            variant: variant.to_owned(),
            workers: None,
            count: None,
        }
    }

    pub fn workers(self, workers: usize) -> Key {
        Key {
            workers: Some(workers),
            ..self
        }
    }

    pub fn count(self, count: usize) -> Key {
        Key {
            count: Some(count),
            ..self
        }
    }

    pub fn interpreter(self, interpreter: Option<&str>) -> Key {
        Key {
            interpreter: interpreter.map(str::to_owned),
            ..self
        }
    }
}

/// One line of a program's output.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    part: String,
    variant: String,
    workers: Option<usize>,
    count: Option<usize>,
    /// A measurement has its seconds, or says why it could not be taken.
    seconds: Option<f64>,
    failed: Option<String>,
    /// What the measuring process used, in the download part.
    io: Option<Io>,
    /// Each task's times, in the picture's part.
    progress: Option<Tasks>,
}

/// The picture's record of one run: each task's times, in seconds from the start, at its
/// start and at every 1 % of its work.
pub type Tasks = Vec<Vec<f64>>;

/// Median, min and max of a key's samples, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub samples: usize,
}

impl Summary {
    /// `None` for no samples. The median of an even number of samples is the mean of the two in
    /// the middle.
    pub fn of(samples: &[f64]) -> Option<Summary> {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let middle = sorted.len() / 2;
        let median = match sorted.len() {
            0 => return None,
            len if len % 2 == 1 => sorted[middle],
            _ => (sorted[middle - 1] + sorted[middle]) / 2.0,
        };
        Some(Summary {
            median,
            min: sorted[0],
            max: sorted[sorted.len() - 1],
            samples: sorted.len(),
        })
    }
}

/// Every sample so far, by key, in the order the keys first came.
#[derive(Default)]
pub struct Results {
    entries: Vec<(Key, Vec<f64>)>,
    /// What the measuring process used, for the samples that say.
    io: Vec<(Key, Vec<Io>)>,
    /// Why a measurement could not be taken, once per run that could not.
    failures: Vec<(Key, Vec<String>)>,
    /// The runs' progress records, for the keys that have them, in the order of their samples.
    progress: Vec<(Key, Vec<Tasks>)>,
}

/// Adds `value` to `key`'s list, starting the list if it is the key's first.
fn push<T>(lists: &mut Vec<(Key, Vec<T>)>, key: Key, value: T) {
    match lists.iter_mut().find(|(k, _)| *k == key) {
        Some((_, values)) => values.push(value),
        None => lists.push((key, vec![value])),
    }
}

fn list<'a, T>(lists: &'a [(Key, Vec<T>)], key: &Key) -> Option<&'a [T]> {
    lists
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, values)| values.as_slice())
}

impl Results {
    /// Adds every line of a program's `stdout`, taken in `language` (on `interpreter`, for
    /// CPython beside the default).
    pub fn add(
        &mut self,
        language: Language,
        interpreter: Option<&str>,
        stdout: &str,
    ) -> Result<(), String> {
        for text in stdout.lines().filter(|line| !line.trim().is_empty()) {
            let line: Line = serde_json::from_str(text)
                .map_err(|e| format!("not a measurement ({e}): {text}"))?;
            let key = Key {
                language,
                interpreter: interpreter.map(str::to_owned),
                part: line.part,
                variant: line.variant,
                workers: line.workers,
                count: line.count,
            };
            match (line.seconds, line.failed) {
                (Some(seconds), None) if seconds.is_finite() && seconds >= 0.0 => {
                    if let Some(io) = line.io {
                        push(&mut self.io, key.clone(), io);
                    }
                    if let Some(tasks) = line.progress {
                        push(&mut self.progress, key.clone(), tasks);
                    }
                    push(&mut self.entries, key, seconds);
                }
                (None, Some(why)) => push(&mut self.failures, key, why),
                _ => {
                    return Err(format!(
                        "not a time in seconds, nor why there is none: {text}"
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn summary(&self, key: &Key) -> Option<Summary> {
        self.samples(key).and_then(Summary::of)
    }

    pub fn median(&self, key: &Key) -> Option<f64> {
        self.summary(key).map(|summary| summary.median)
    }

    pub fn samples(&self, key: &Key) -> Option<&[f64]> {
        list(&self.entries, key)
    }

    /// What the measuring process used, one per sample that says.
    pub fn io(&self, key: &Key) -> Option<&[Io]> {
        list(&self.io, key)
    }

    /// Why the measurement could not be taken, once per run that could not.
    pub fn failures(&self, key: &Key) -> Option<&[String]> {
        list(&self.failures, key)
    }

    /// Every key with a failure, with its reasons.
    pub fn all_failures(&self) -> impl Iterator<Item = &(Key, Vec<String>)> {
        self.failures.iter()
    }

    /// Each run's progress record, where the key has them (`samples` in the same order).
    pub fn progress(&self, key: &Key) -> Option<&[Tasks]> {
        list(&self.progress, key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.entries.iter().map(|(key, _)| key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_min_and_max() {
        let summary = Summary::of(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((summary.median, summary.min, summary.max), (2.0, 1.0, 3.0));
        assert_eq!(Summary::of(&[4.0, 1.0, 2.0, 3.0]).unwrap().median, 2.5);
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn lines_gather_by_key() {
        let mut results = Results::default();
        let run = r#"{"part":"sum","variant":"threads","workers":2,"seconds":0.5}
{"part":"sum","variant":"threads","workers":1,"seconds":1.0}
"#;
        results.add(Language::Rust, None, run).unwrap();
        results
            .add(
                Language::Rust,
                None,
                &run.replace("0.5", "0.7").replace("1.0", "0.9"),
            )
            .unwrap();
        let two = Key::new(Language::Rust, Part::Sum, "threads").workers(2);
        assert_eq!(results.samples(&two), Some(&[0.5, 0.7][..]));
        assert_eq!(results.median(&two), Some(0.6));
        let in_python = Key::new(Language::CPython, Part::Sum, "threads").workers(2);
        assert_eq!(results.summary(&in_python), None);
    }

    #[test]
    fn failures_and_what_a_process_used_are_kept_by_key() {
        let mut results = Results::default();
        let run = r#"{"part":"download","variant":"thread per URL","count":10,"seconds":0.1,"io":{"peak_rss_kib":8000,"cpu_seconds":0.01,"waiting_peak":10,"site_waiting_peak":10,"site_cpu_seconds":0.01}}
{"part":"download","variant":"thread per URL","count":10000,"failed":"the system refused thread 9000 of 10000"}
"#;
        results.add(Language::Rust, None, run).unwrap();
        let key = |count| Key::new(Language::Rust, Part::Download, "thread per URL").count(count);
        assert_eq!(results.io(&key(10)).unwrap()[0].peak_rss_kib, 8000);
        assert_eq!(results.median(&key(10000)), None);
        assert_eq!(
            results.failures(&key(10000)),
            Some(&[String::from("the system refused thread 9000 of 10000")][..])
        );
        assert_eq!(results.keys().count(), 1);
    }

    #[test]
    fn interpreters_and_progress_records_are_kept_apart() {
        let mut results = Results::default();
        let line = r#"{"part":"progress","variant":"threads","workers":2,"seconds":0.5,"progress":[[0.1,0.5],[0.2,0.4]]}"#;
        let free = Some("CPython 3.13.5t, GIL off");
        results.add(Language::CPython, None, line).unwrap();
        results.add(Language::CPython, free, line).unwrap();
        results
            .add(Language::CPython, free, &line.replace("0.4]", "0.3]"))
            .unwrap();
        let key = Key::new(Language::CPython, Part::Progress, "threads").workers(2);
        assert_eq!(results.progress(&key).map(<[_]>::len), Some(1));
        let runs = results.progress(&key.clone().interpreter(free)).unwrap();
        assert_eq!(runs[1], [vec![0.1, 0.5], vec![0.2, 0.3]]);
        assert_eq!(
            results.samples(&key.interpreter(free)),
            Some(&[0.5, 0.5][..])
        );
        let plain = Key::new(Language::Rust, Part::Sum, "sequential").workers(1);
        results
            .add(
                Language::Rust,
                None,
                r#"{"part":"sum","variant":"sequential","workers":1,"seconds":1}"#,
            )
            .unwrap();
        assert_eq!(results.progress(&plain), None);
    }

    #[test]
    fn anything_else_is_an_error() {
        let mut results = Results::default();
        for bad in [
            "Sum: 0.5 s",
            r#"{"part":"sum","variant":"x","seconds":-1}"#,
            r#"{"part":"sum","variant":"x","seconds":1,"extra":2}"#,
            r#"{"part":"sum","variant":"x"}"#,
            r#"{"part":"sum","variant":"x","seconds":1,"failed":"both"}"#,
        ] {
            assert!(results.add(Language::Rust, None, bad).is_err(), "{bad}");
        }
    }
}
