//! The picture of threads at work: four tasks of the sum of squares at once, each recording the
//! time it reaches every 1 % of its loop. One chart per runtime, progress against time, one line
//! per task, all on one time axis; its table in results.md says what the recording costs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plotters::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::plan::{Inputs, Language, Part, PartSizes};
use super::report::{PartReport, Run, row, seconds};
use super::results::{Key, Tasks};

const FONT: &str = "sans-serif";
const WIDTH: u32 = 900;
const PANEL_HEIGHT: u32 = 150;

/// One colour per task, the same in every panel.
const TASKS: [RGBColor; 4] = [
    RGBColor(0x1f, 0x6f, 0xb4),
    RGBColor(0xd9, 0x48, 0x1c),
    RGBColor(0x2b, 0x9a, 0x48),
    RGBColor(0x8e, 0x5c, 0xa8),
];

/// The least time of the tasks that can show how they share the cores, and what recording costs:
/// starting and joining the workers takes milliseconds and varies by as much, and CPython's GIL
/// changes hands every 5 ms.
pub const LEAST_SECONDS: f64 = 0.1;

/// T1's four tasks share the sum of i*i below N.
#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    pub tasks: usize,
    pub n_rust: u64,
    pub n_python: u64,
}

impl PartSizes for Sizes {
    /// T1's N in CPython. Rust sums 100 times as many terms, as in the bench's sum, so that its
    /// lines take about as long as CPython's on the time axis they share.
    fn full(_cpus: usize) -> Sizes {
        Sizes {
            tasks: 4,
            n_rust: 1_000_000_000,
            n_python: 10_000_000,
        }
    }

    fn quick(_cpus: usize) -> Sizes {
        Sizes {
            tasks: 4,
            n_rust: 4_000_000,
            n_python: 40_000,
        }
    }

    fn args(&self, language: Language, _: &Inputs<'_>) -> Vec<(&'static str, String)> {
        let n = language.pick(self.n_rust, self.n_python);
        vec![("--n", n.to_string()), ("--tasks", self.tasks.to_string())]
    }
}

impl Sizes {
    /// How many times as many terms Rust sums.
    fn rust_factor(&self) -> f64 {
        self.n_rust as f64 / self.n_python as f64
    }
}

/// One runtime's chart: the recording drawn, the one of median time.
struct Panel<'a> {
    title: String,
    tasks: &'a Tasks,
    /// Its own measurement of the whole: from starting the workers to the last result.
    seconds: f64,
    /// When its last task reached 100 %.
    end: f64,
    /// Which of the key's samples it is, from 1 (each run records twice).
    sample: usize,
    key: Key,
}

/// When the last of the four tasks ended in the recording drawn for `kind` ("threads",
/// "processes") on this runtime.
pub fn end(run: &Run<'_>, language: Language, tag: Option<&str>, kind: &str) -> Option<f64> {
    let key = recorded(language, tag, kind, run.sizes.picture.tasks);
    panels(run)
        .into_iter()
        .find(|panel| panel.key == key)
        .map(|panel| panel.end)
}

fn recorded(language: Language, tag: Option<&str>, kind: &str, tasks: usize) -> Key {
    Key::new(
        language,
        Part::Progress,
        &format!("{kind}, progress recorded"),
    )
    .workers(tasks)
    .interpreter(tag)
}

/// In the order: CPython threads with a GIL, CPython threads without, CPython processes
/// (the default `python3`'s: they look alike on every interpreter), Rust threads. Only what was
/// measured.
fn panels<'a>(run: &'a Run<'_>) -> Vec<Panel<'a>> {
    let tasks = run.sizes.picture.tasks;
    let with_gil = |gil: bool| {
        run.interpreters
            .iter()
            .filter(move |python| python.gil == gil)
            .map(|python| (Language::CPython, python.tag(), "threads"))
    };
    let wanted = with_gil(true).chain(with_gil(false)).chain([
        (Language::CPython, None, "processes"),
        (Language::Rust, None, "threads"),
    ]);
    wanted
        .filter_map(|(language, tag, kind)| {
            let key = recorded(language, tag, kind, tasks);
            let (sample, seconds) = median_sample(run.results.samples(&key)?)?;
            let drawn = run.results.progress(&key)?.get(sample)?;
            let end = drawn.iter().flatten().fold(0.0, |a, &b| f64::max(a, b));
            let mut title = format!("{}: {tasks} {kind}", run.runtime_name(language, tag));
            if language == Language::Rust {
                let _ = write!(title, ", {:.0}x the terms", run.sizes.picture.rust_factor());
            }
            let _ = write!(title, ", the last ends at {}", seconds_label(end));
            Some(Panel {
                title,
                tasks: drawn,
                seconds,
                end,
                sample: sample + 1,
                key,
            })
        })
        .collect()
}

/// The index and time of the median sample (the lower of the two middle ones for an even
/// count).
fn median_sample(samples: &[f64]) -> Option<(usize, f64)> {
    let mut order: Vec<usize> = (0..samples.len()).collect();
    order.sort_by(|&a, &b| samples[a].total_cmp(&samples[b]));
    let middle = *order.get(samples.len().checked_sub(1)? / 2)?;
    Some((middle, samples[middle]))
}

/// `seconds`, with a plain 0 at the axis's origin.
fn seconds_label(value: f64) -> String {
    if value == 0.0 {
        String::from("0")
    } else {
        seconds(value)
    }
}

pub struct Picture;

impl PartReport for Picture {
    /// The sizes, and each runtime's times without and with recording.
    fn section(&self, run: &Run<'_>) -> String {
        let sizes = &run.sizes.picture;
        let tasks = sizes.tasks;
        let mut out = format!(
            "\n## {tasks} tasks over time (the picture)\n\n{tasks} tasks share the sum of i*i \
             below N (N = {} in Rust, {} in CPython), one thread or process each, started \
             together. Each records the time it reaches every 1 % of its loop; the same tasks \
             without the recording show what it costs (each run times them plain, recorded, \
             recorded, plain), where they took {} or more: starting and joining the workers \
             takes milliseconds, and varies by as much. The picture draws the recording of \
             median time.\n\n\
             | language | variant | workers | median | min | max | recording costs |\n\
             |---|---|---|---|---|---|---|\n",
            sizes.n_rust,
            sizes.n_python,
            seconds(LEAST_SECONDS),
        );
        for (language, tag) in run.runtimes(Part::Progress) {
            for &variant in Part::Progress.variants(language) {
                // Processes run on the default interpreter only.
                if tag.is_some() && variant.starts_with("processes") {
                    continue;
                }
                let key = |variant: &str| {
                    Key::new(language, Part::Progress, variant)
                        .workers(tasks)
                        .interpreter(tag)
                };
                let cost = match variant.strip_suffix(", progress recorded") {
                    Some(plain) => {
                        let recorded = run.results.median(&key(variant));
                        let plain = run.results.median(&key(plain));
                        match recorded.zip(plain) {
                            Some((recorded, plain)) if plain >= LEAST_SECONDS => {
                                format!("{:+.1} %", (recorded / plain - 1.0) * 100.0)
                            }
                            Some(_) => String::from("n/a"),
                            None => String::new(),
                        }
                    }
                    None => String::new(),
                };
                row(
                    &mut out,
                    run,
                    &key(variant),
                    &[variant, &tasks.to_string()],
                    &[cost],
                );
            }
        }
        out
    }

    /// four_tasks.svg: small multiples, a panel per runtime.
    fn charts(&self, run: &Run<'_>, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let path = dir.join("four_tasks.svg");
        let what = format!(
            "{} tasks of the sum of squares at once, one line each: progress",
            run.sizes.picture.tasks
        );
        chart(run, &run.chart_title(&what), &path)?;
        Ok(vec![path])
    }
}

/// The recordings drawn, with every task's times, for results.json.
pub fn json(run: &Run<'_>) -> serde_json::Value {
    let panels: Vec<serde_json::Value> = panels(run)
        .iter()
        .map(|panel| {
            json!({
                "key": panel.key,
                "title": panel.title,
                "sample": panel.sample,
                "seconds": panel.seconds,
                "last_task_ends": panel.end,
                "tasks": panel.tasks,
            })
        })
        .collect();
    json!(panels)
}

/// Small multiples: a panel per runtime, one line per task, the time axis the same in all.
fn chart(run: &Run<'_>, title: &str, path: &Path) -> Result<(), String> {
    let panels = panels(run);
    let end = panels.iter().map(|panel| panel.end).fold(1e-3, f64::max) * 1.03;
    let height = 60 + PANEL_HEIGHT * panels.len().max(1) as u32;
    let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
    let drawn = (|| {
        root.fill(&WHITE)?;
        let below_title = root.titled(title, (FONT, 20))?;
        let areas = below_title.split_evenly((panels.len().max(1), 1));
        for (i, (panel, area)) in panels.iter().zip(&areas).enumerate() {
            let last = i + 1 == panels.len();
            let mut chart = ChartBuilder::on(area)
                .caption(&panel.title, (FONT, 15))
                .margin_left(16)
                .margin_right(24)
                .x_label_area_size(if last { 44 } else { 24 })
                .y_label_area_size(64)
                .build_cartesian_2d(0f64..end, 0f64..100f64)?;
            let mut mesh = chart.configure_mesh();
            mesh.y_labels(3)
                .y_label_formatter(&|p| format!("{p:.0} %"))
                .x_label_formatter(&|&t| seconds_label(t))
                .light_line_style(WHITE)
                .axis_desc_style((FONT, 14))
                .label_style((FONT, 12));
            if last {
                mesh.x_desc("time since the tasks were started");
            }
            mesh.draw()?;
            for (task, times) in panel.tasks.iter().enumerate() {
                let steps = times.len().saturating_sub(1).max(1) as f64;
                let points = times
                    .iter()
                    .enumerate()
                    .map(|(k, &t)| (t, 100.0 * k as f64 / steps));
                let colour = TASKS[task % TASKS.len()];
                chart.draw_series(LineSeries::new(points, colour.stroke_width(2)))?;
            }
        }
        root.present()
    })();
    drawn.map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::median_sample;

    #[test]
    fn the_recording_drawn_is_the_median_one() {
        assert_eq!(median_sample(&[0.3, 0.1, 0.2]), Some((2, 0.2)));
        assert_eq!(median_sample(&[0.4, 0.1, 0.3, 0.2]), Some((3, 0.2)));
        assert_eq!(median_sample(&[0.5]), Some((0, 0.5)));
        assert_eq!(median_sample(&[]), None);
    }
}
