//! I/O at scale, the download part: its sizes, its table in results.md with what each client
//! used, the memory per download, the check that the site is not what was measured, the limits
//! that bound it, its headline rows, and its chart of time and memory against downloads at once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use super::figures::faster;
use super::headline::{Row, ratio};
use super::plan::{Inputs, Language, Part, PartSizes};
use super::report::{PartReport, Run, or_na, row, seconds, time};
use super::results::{Key, Summary};

#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    /// Downloads at once...
    #[serde(rename = "download_counts")]
    pub counts: Vec<usize>,
    /// ... one process per URL only up to this many.
    #[serde(rename = "max_download_processes")]
    pub max_processes: usize,
    /// How long the site waits before each answer.
    pub latency_ms: u64,
}

impl PartSizes for Sizes {
    fn full(_cpus: usize) -> Sizes {
        Sizes {
            counts: vec![10, 100, 1000, 10_000],
            max_processes: 100,
            latency_ms: 100,
        }
    }

    fn quick(cpus: usize) -> Sizes {
        Sizes {
            counts: vec![10, 100],
            max_processes: 10,
            ..Sizes::full(cpus)
        }
    }

    fn args(&self, language: Language, inputs: &Inputs<'_>) -> Vec<(&'static str, String)> {
        let counts: Vec<String> = self.counts.iter().map(usize::to_string).collect();
        let mut flags = vec![
            ("--site", inputs.site.to_string()),
            ("--counts", counts.join(",")),
        ];
        if language == Language::Rust {
            flags.push(("--max-processes", self.max_processes.to_string()));
        }
        flags
    }
}

impl Sizes {
    /// The most downloads at once.
    pub fn most(&self) -> usize {
        self.counts.iter().copied().max().unwrap_or(0)
    }
}

/// What a download measurement's process used, as it reported it (bench/src/usage.rs,
/// python/measurement.py).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Io {
    /// Peak resident memory of the whole process, in KiB.
    pub peak_rss_kib: u64,
    /// User + system time of the process: the client's own work.
    pub cpu_seconds: f64,
    /// The most downloads the client had in flight at once.
    pub waiting_peak: usize,
    /// The most requests the site held at once meanwhile, and the CPU time it used (the Rust
    /// measurements ask it).
    pub site_waiting_peak: Option<usize>,
    pub site_cpu_seconds: Option<f64>,
}

/// The Rust variant that holds every connection for a second, to show the site can.
const SITE_CHECK: &str = "site check: plain TCP tasks waiting 1 s";

/// The variants whose every download starts at once: their memory grows with the count.
fn per_url(variant: &str) -> bool {
    variant.contains("per URL") && variant != "process per URL"
}

/// The variants measured at a count: one process per URL only up to its maximum, the site check
/// only at the most downloads.
fn measured_at(run: &Run<'_>, variant: &str, count: usize) -> bool {
    match variant {
        "process per URL" => count <= run.sizes.downloads.max_processes,
        SITE_CHECK => count == run.sizes.downloads.most(),
        _ => true,
    }
}

fn key(language: Language, variant: &str, count: usize) -> Key {
    Key::new(language, Part::Download, variant).count(count)
}

/// Medians of what the runs of one key used.
struct Used {
    peak_rss_kib: f64,
    cpu_seconds: f64,
    waiting_peak: f64,
    site_waiting_peak: Option<f64>,
    site_cpu_seconds: Option<f64>,
}

fn used(run: &Run<'_>, key: &Key) -> Option<Used> {
    let io = run.results.io(key)?;
    let median = |values: Vec<f64>| Summary::of(&values).map(|summary| summary.median);
    Some(Used {
        peak_rss_kib: median(io.iter().map(|io| io.peak_rss_kib as f64).collect())?,
        cpu_seconds: median(io.iter().map(|io| io.cpu_seconds).collect())?,
        waiting_peak: median(io.iter().map(|io| io.waiting_peak as f64).collect())?,
        site_waiting_peak: median(
            io.iter()
                .filter_map(|io| io.site_waiting_peak.map(|peak| peak as f64))
                .collect(),
        ),
        site_cpu_seconds: median(io.iter().filter_map(|io| io.site_cpu_seconds).collect()),
    })
}

/// Less growth of the peak memory than this says nothing: the same program at the same count
/// peaks up to half a MiB apart from one run to the next (its allocator's arenas, a runtime's own
/// threads), so the growth between two counts must be twice that before it is divided among the
/// downloads.
const LEAST_GROWTH_KIB: f64 = 1024.0;

/// How much the peak memory grows per waiting download, in KiB: between the fewest downloads
/// and the most that all waited at once (90 % of them or more in flight together; a thread per
/// URL at 10,000 never gets there, as starting the threads takes longer than each waits), so
/// that what the program needs anyway cancels out. With the two counts it was taken between, or
/// why there is no such figure.
fn per_download_kib(
    run: &Run<'_>,
    language: Language,
    variant: &str,
) -> Result<(f64, usize, usize), String> {
    let all_at_once: Vec<(usize, f64)> = (run.sizes.downloads.counts.iter())
        .filter_map(|&count| {
            let used = used(run, &key(language, variant, count))?;
            let at_once = used.waiting_peak >= 0.9 * count as f64;
            at_once.then_some((count, used.peak_rss_kib))
        })
        .collect();
    let [(fewest, low), .., (most, high)] = all_at_once[..] else {
        return Err(String::from("never all at once past the fewest"));
    };
    match high - low {
        growth if growth < LEAST_GROWTH_KIB => Err(format!(
            "less than {} more at {most} downloads than at {fewest}",
            kib(LEAST_GROWTH_KIB)
        )),
        growth => Ok((growth / (most - fewest) as f64, fewest, most)),
    }
}

fn kib(value: f64) -> String {
    match value {
        v if v >= 10_240.0 => format!("{:.0} MiB", v / 1024.0),
        v if v >= 1024.0 => format!("{:.1} MiB", v / 1024.0),
        v if v >= 10.0 => format!("{v:.0} KiB"),
        v => format!("{v:.1} KiB"),
    }
}

pub struct Downloads;

impl PartReport for Downloads {
    /// A thread per URL at 1000 downloads, a task per URL at the most, and the memory of each.
    fn headline(&self, run: &Run<'_>) -> Vec<Row> {
        headline(run)
    }

    fn section(&self, run: &Run<'_>) -> String {
        let sizes = &run.sizes.downloads;
        let latency = sizes.latency_ms;
        let mut out = format!(
            "\n## I/O at scale: downloads at {latency} ms latency\n\n\
             Each download gets one page from the bench's own local site (hyper on tokio, in a \
             process of its own; it answers every request after {latency} ms and then closes the \
             connection), and every page is checked. Each measurement runs in a process of its \
             own: its peak memory is that process's peak resident set (`ru_maxrss`), the program \
             itself included (see the fewest downloads), and its waiting at once the most \
             downloads it had in flight at the same moment, then, for Rust, the most requests the \
             site held at once. The Rust clients: ureq (crates/fetch) in threads and worker \
             processes (one per URL up to {} downloads), reqwest (as in async_download) in tokio \
             tasks, and, to compare a thread with a task and nothing else, the same HTTP/1.1 GET \
             written on a plain TCP socket in either. CPython: urllib in threads, and the plain \
             GET on asyncio's streams.\n\n\
             | language | variant | downloads | median | min | max | peak memory | waiting at once |\n\
             |---|---|---|---|---|---|---|---|\n",
            sizes.max_processes
        );
        for language in [Language::Rust, Language::CPython] {
            for &count in &sizes.counts {
                for &variant in Part::Download.variants(language) {
                    if measured_at(run, variant, count) {
                        let key = key(language, variant, count);
                        let labels = [variant, &count.to_string()];
                        row(&mut out, run, &key, &labels, &used_cells(run, &key));
                    }
                }
            }
        }
        out.push_str(&memory(run));
        out.push_str(&site_check(run));
        out.push_str(&limits());
        out
    }

    /// io_scale.svg.
    fn charts(&self, run: &Run<'_>, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let path = dir.join("io_scale.svg");
        let what = format!(
            "Downloads at once, {} ms latency each",
            run.sizes.downloads.latency_ms
        );
        chart(run, &run.chart_title(&what), &path)?;
        Ok(vec![path])
    }
}

/// A row's peak memory and waiting at once, and how often it failed and why.
fn used_cells(run: &Run<'_>, key: &Key) -> [String; 2] {
    let mut waiting = String::new();
    let memory = used(run, key).map_or(String::new(), |used| {
        let _ = write!(waiting, "{:.0}", used.waiting_peak);
        if let Some(site) = used.site_waiting_peak {
            let _ = write!(waiting, " / site {site:.0}");
        }
        kib(used.peak_rss_kib)
    });
    let failures = run.results.failures(key).unwrap_or_default();
    if let Some(why) = failures.first() {
        let runs = failures.len() + run.results.samples(key).map_or(0, <[f64]>::len);
        let _ = write!(
            waiting,
            " failed in {} of {runs} runs: {why}",
            failures.len()
        );
    }
    [memory, waiting.trim().to_owned()]
}

fn memory(run: &Run<'_>) -> String {
    let mut out = format!(
        "\n### Memory per waiting download\n\n\
         How much the peak memory grows per download, between the fewest downloads and the \
         most that all waited at once (at least 90 % of them in flight together), for the ways \
         that start every download at once (the pools hold at most 32). It counts what the \
         process touched; the kernel's own part of each thread (on x86-64 Linux a 16 KiB kernel \
         stack, and its task structure) is not in it. Where the memory grew less than {}, \
         there is no figure: one run of a count can peak up to half that apart from the next.\n\n\
         | way | memory per waiting download | between |\n|---|---|---|\n",
        kib(LEAST_GROWTH_KIB)
    );
    for language in [Language::Rust, Language::CPython] {
        for &variant in Part::Download.variants(language) {
            if !per_url(variant) {
                continue;
            }
            let (per, between) = match per_download_kib(run, language, variant) {
                Ok((per, fewest, most)) => (kib(per), format!("{fewest} and {most} downloads")),
                Err(why) => (String::from("n/a"), why),
            };
            let _ = writeln!(
                out,
                "| {variant} ({}) | {per} | {between} |",
                language.name()
            );
        }
    }
    out
}

/// Whether the site held every request at once (the site check), and the fastest client at the
/// most downloads against one latency plus its own CPU time: if it took about that long, the
/// site was not what was measured.
fn site_check(run: &Run<'_>) -> String {
    let count = run.sizes.downloads.most();
    let latency = run.sizes.downloads.latency_ms as f64 / 1000.0;
    let mut out = String::from("\n### The site is not what is measured\n\n");
    let check = key(Language::Rust, SITE_CHECK, count);
    if let (Some(time), Some(used)) = (run.results.median(&check), used(run, &check)) {
        let _ = write!(
            out,
            "With each of {count} requests asking it to wait 1 s (the site check), the site held \
             up to {:.0} at once and the client took {}. ",
            used.site_waiting_peak.unwrap_or_default(),
            seconds(time)
        );
    }
    let fastest = [Language::Rust, Language::CPython]
        .into_iter()
        .flat_map(|language| {
            (Part::Download.variants(language).iter())
                .filter(|&&variant| variant != SITE_CHECK)
                .map(move |&variant| (language, variant, key(language, variant, count)))
        })
        .filter_map(|(language, variant, key)| {
            Some((
                language,
                variant,
                run.results.median(&key)?,
                used(run, &key)?,
            ))
        })
        .min_by(|a, b| a.2.total_cmp(&b.2));
    let Some((language, variant, time, used)) = fastest else {
        out.push_str("No client measured what it used at the most downloads.\n");
        return out;
    };
    let bound = latency + used.cpu_seconds;
    let _ = write!(
        out,
        "At {count} downloads and {} latency the fastest client, {variant} ({}), took {}: one \
         latency plus its own CPU time ({}) is {}, and it took {:.2}x that{}.",
        seconds(latency),
        language.name(),
        seconds(time),
        seconds(used.cpu_seconds),
        seconds(bound),
        time / bound,
        match time <= 1.3 * bound {
            true => ", within 30 %",
            false => ", **more than 30 % over**: the site, or the machine's load, slowed it",
        },
    );
    if let Some(site_cpu) = used.site_cpu_seconds {
        let cpus = run.machine.logical_cpus.max(1) as f64;
        let _ = write!(
            out,
            " Client and site used {} of CPU time between them, mostly the kernel's work on \
             {count} connections; on {cpus} CPUs that alone takes {} of the wall time.",
            seconds(used.cpu_seconds + site_cpu),
            seconds((used.cpu_seconds + site_cpu) / cpus),
        );
    }
    out.push('\n');
    out
}

/// What bounds the counts on this machine.
fn limits() -> String {
    let read = |path: &str| std::fs::read_to_string(path).ok();
    let pid_max = read("/proc/sys/kernel/pid_max");
    let ports = read("/proc/sys/net/ipv4/ip_local_port_range");
    // `Max open files  20000  20000  files`
    let open_files = read("/proc/self/limits").and_then(|limits| {
        let line = limits
            .lines()
            .find(|line| line.starts_with("Max open files"))?;
        let numbers: Vec<&str> = line.split_whitespace().skip(3).take(2).collect();
        Some(numbers.join(" soft, ") + " hard")
    });
    let (Some(pid_max), Some(ports), Some(open_files)) = (pid_max, ports, open_files) else {
        return String::new();
    };
    let ports = ports.split_whitespace().collect::<Vec<_>>().join("-");
    format!(
        "\n### Limits on this machine\n\n\
         Threads count against pid_max ({}) with every other thread and process; each \
         connection holds a file descriptor (open files: {open_files}; the bench raises the soft \
         limit to what it needs and stops, naming `ulimit -n`, where the hard limit is too low) \
         and a local port of {ports} per destination address (the site closes each connection \
         after its answer, so the clients' ports are free again at once). A variant that the \
         system refuses at a count says so in its row, and the others go on.\n",
        pid_max.trim()
    )
}

/// The part's headline rows.
fn headline(run: &Run<'_>) -> Vec<Row> {
    use Language::{CPython, Rust};
    let f = run.figures();
    let (most, latency) = (run.sizes.downloads.most(), run.sizes.downloads.latency_ms);
    // The target for threads is at 1000 downloads; the bench also goes further.
    let thousand = most.min(1000);
    let (threads, python_threads) = (
        f.download(Rust, "thread per URL", thousand),
        f.download(CPython, "thread per URL", thousand),
    );
    let reqwest = f.download(Rust, "tokio task per URL", most);
    let (tokio, asyncio) = (
        f.download(Rust, "tokio task per URL, plain TCP", most),
        f.download(CPython, "asyncio task per URL, plain TCP", most),
    );
    let speed = faster(tokio, asyncio);
    let per = |language, variant| {
        per_download_kib(run, language, variant)
            .ok()
            .map(|(per, ..)| per)
    };
    let (task, thread) = (
        per(Rust, "tokio task per URL, plain TCP"),
        per(Rust, "thread per URL, plain TCP"),
    );
    let (python_task, python_thread) = (
        per(CPython, "asyncio task per URL, plain TCP"),
        per(CPython, "thread per URL"),
    );
    let both = |task: Option<f64>, thread: Option<f64>, names: [&str; 2]| {
        let [task, thread] = [task, thread].map(|kib_each| or_na(kib_each.map(kib)));
        format!("{} {task}, {} {thread}", names[0], names[1])
    };
    vec![
        [
            format!("{thousand} downloads at {latency} ms latency, one thread per URL"),
            time(threads),
            run.cpython(python_threads.map(seconds)),
            run.cpython(faster(threads, python_threads).map(ratio)),
            run.judge("< 0.5 s", threads.map(|s| s < 0.5)),
        ],
        [
            format!("{most} downloads at {latency} ms latency, a tokio task per URL (reqwest)"),
            time(reqwest),
            String::from("-"),
            String::from("-"),
            run.judge("< 0.6 s", reqwest.map(|s| s < 0.6)),
        ],
        [
            format!("{most} downloads, a task per URL on plain TCP: tokio vs asyncio"),
            time(tokio),
            run.cpython(asyncio.map(seconds)),
            run.cpython(speed.map(ratio)),
            run.judge("Rust ≥ 3x", speed.map(|s| s >= 3.0)),
        ],
        [
            String::from("memory per waiting download, plain TCP: a task vs a thread"),
            both(task, thread, ["task", "thread"]),
            run.cpython(Some(both(
                python_task,
                python_thread,
                ["asyncio task", "thread (urllib)"],
            ))),
            String::from("-"),
            run.judge(
                "task ≤ 1/10 of a thread",
                task.zip(thread).map(|(task, thread)| task / thread <= 0.1),
            ),
        ],
    ]
}

/// A line per variant and language (CPython's dashed): time (left) and peak memory (right)
/// against downloads at once, every axis on a log scale, the legend below both.
fn chart(run: &Run<'_>, title: &str, path: &Path) -> Result<(), String> {
    const COLOURS: [RGBColor; 10] = [
        RGBColor(0xd9, 0x48, 0x1c),
        RGBColor(0xf0, 0x9a, 0x3e),
        RGBColor(0x9a, 0x7b, 0x1c),
        RGBColor(0x1f, 0x6f, 0xb4),
        RGBColor(0x6b, 0xae, 0xd6),
        RGBColor(0x2b, 0x9a, 0x48),
        RGBColor(0x08, 0x30, 0x6b),
        RGBColor(0x8e, 0x5c, 0xa8),
        RGBColor(0xc5, 0x7f, 0xc4),
        RGBColor(0x55, 0x55, 0x55),
    ];
    struct Line {
        label: String,
        colour: RGBColor,
        dashed: bool,
        times: Vec<(f64, f64)>,
        memory: Vec<(f64, f64)>,
    }
    let variants = [Language::Rust, Language::CPython]
        .into_iter()
        .flat_map(|language| {
            (Part::Download.variants(language).iter())
                .filter(|&&variant| variant != SITE_CHECK)
                .map(move |&variant| (language, variant))
        });
    let lines: Vec<Line> = variants
        .zip(COLOURS.iter().cycle())
        .map(|((language, variant), &colour)| {
            let counts = run.sizes.downloads.counts.iter();
            let keys: Vec<(f64, Key)> = counts
                .map(|&count| (count as f64, key(language, variant, count)))
                .collect();
            Line {
                label: format!("{variant} ({})", language.name()),
                colour,
                dashed: language == Language::CPython,
                times: (keys.iter())
                    .filter_map(|(x, key)| Some((*x, run.results.median(key)?)))
                    .collect(),
                memory: (keys.iter())
                    .filter_map(|(x, key)| Some((*x, used(run, key)?.peak_rss_kib / 1024.0)))
                    .collect(),
            }
        })
        .filter(|line| !line.times.is_empty())
        .collect();
    let counts = &run.sizes.downloads.counts;
    let x_range = (counts.iter().copied().min().unwrap_or(1) as f64 / 1.5)
        ..(counts.iter().copied().max().unwrap_or(10) as f64 * 1.5);
    let extent = |pick: fn(&Line) -> &Vec<(f64, f64)>| {
        let values = lines
            .iter()
            .flat_map(|line| pick(line).iter().map(|&(_, y)| y));
        let (low, high) = values.fold((f64::MAX, f64::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        match low <= high {
            true => (low / 1.5)..(high * 1.5),
            false => 0.1..1.0,
        }
    };
    let root = SVGBackend::new(path, (1200, 760)).into_drawing_area();
    let drawn = (|| {
        root.fill(&WHITE)?;
        let root = root.titled(title, ("sans-serif", 22))?;
        let (panels, legend) = root.split_vertically(580);
        let (left, right) = panels.split_horizontally(600);
        for (area, y_desc, y_range, memory) in [
            (left, "median time", extent(|line| &line.times), false),
            (
                right,
                "peak memory of the process",
                extent(|line| &line.memory),
                true,
            ),
        ] {
            let y_label = |y: &f64| match memory {
                true => kib(y * 1024.0),
                false => seconds(*y),
            };
            let mut chart = ChartBuilder::on(&area)
                .margin(16)
                .x_label_area_size(44)
                .y_label_area_size(60)
                .build_cartesian_2d(x_range.clone().log_scale(), y_range.log_scale())?;
            chart
                .configure_mesh()
                .x_desc("downloads at once (log scale)")
                .y_desc(format!("{y_desc} (log scale)"))
                .x_label_formatter(&|x| format!("{x:.0}"))
                .y_label_formatter(&y_label)
                .axis_desc_style(("sans-serif", 15))
                .label_style(("sans-serif", 13))
                .draw()?;
            for line in &lines {
                let points = match memory {
                    true => &line.memory,
                    false => &line.times,
                };
                let style = line.colour.stroke_width(2);
                match line.dashed {
                    true => chart.draw_series(DashedLineSeries::new(
                        points.iter().copied(),
                        6,
                        4,
                        style,
                    ))?,
                    false => chart.draw_series(LineSeries::new(points.iter().copied(), style))?,
                };
                let dots = points
                    .iter()
                    .map(|&p| Circle::new(p, 3, line.colour.filled()));
                chart.draw_series(dots)?;
            }
        }
        // Three columns of legend entries under both panels.
        for (i, line) in lines.iter().enumerate() {
            let (x, y) = (40 + 390 * (i as i32 % 3), 30 * (i as i32 / 3) + 20);
            let style = line.colour.stroke_width(2);
            match line.dashed {
                true => legend.draw(&PathElement::new([(x, y), (x + 8, y)], style))?,
                false => legend.draw(&PathElement::new([(x, y), (x + 28, y)], style))?,
            }
            if line.dashed {
                legend.draw(&PathElement::new([(x + 14, y), (x + 28, y)], style))?;
            }
            let text = TextStyle::from(("sans-serif", 14).into_font())
                .pos(Pos::new(HPos::Left, VPos::Center));
            legend.draw(&Text::new(line.label.as_str(), (x + 36, y), text))?;
        }
        root.present()
    })();
    drawn.map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::machine::Machine;
    use crate::bench::plan;
    use crate::bench::results::Results;

    fn line(variant: &str, count: usize, seconds: f64, rss: u64, waiting: usize) -> String {
        format!(
            r#"{{"part":"download","variant":"{variant}","count":{count},"seconds":{seconds},"io":{{"peak_rss_kib":{rss},"cpu_seconds":0.1,"waiting_peak":{waiting},"site_waiting_peak":{waiting},"site_cpu_seconds":0.1}}}}"#
        )
    }

    /// The part's section of results.md and its headline rows, from these lines.
    fn report(lines: &[String]) -> (String, Vec<Row>) {
        let machine = Machine {
            cpu: String::from("test CPU"),
            logical_cpus: 2,
            physical_cores: 2,
            os: String::from("linux"),
            rustc: String::from("rustc"),
            python: None,
            pillow: None,
            load_before: None,
            load_after: None,
        };
        let mut sizes = plan::Sizes::new(2, true);
        sizes.downloads.counts = vec![10, 100, 1000];
        let mut results = Results::default();
        results
            .add(Language::Rust, None, &lines.join("\n"))
            .unwrap();
        let run = Run {
            machine: &machine,
            command: "test",
            runs: 1,
            quick: false,
            sizes: &sizes,
            results: &results,
            python: false,
            interpreters: &[],
        };
        (Downloads.section(&run), Downloads.headline(&run))
    }

    /// Memory per waiting download counts only where every download waited at once and the
    /// memory grew by more than runs differ; a way that never got there says so, and so does
    /// one whose memory did not grow enough (less, here); a refused measurement is a row that
    /// says why.
    #[test]
    fn memory_per_waiting_download_and_failures() {
        let plain = "thread per URL, plain TCP";
        let tasks = "tokio task per URL, plain TCP";
        let lines = [
            line(plain, 10, 0.1, 4000, 10),
            line(plain, 100, 0.1, 6000, 100),
            // Only half of them waited at once: not a measure of a waiting download.
            line(plain, 1000, 0.5, 50_000, 500),
            line(tasks, 10, 0.1, 4000, 10),
            line(tasks, 100, 0.1, 4090, 95),
            line(tasks, 1000, 0.2, 6000, 1000),
            line("tokio task per URL", 10, 0.1, 8000, 10),
            line("tokio task per URL", 100, 0.1, 7900, 100),
            line("thread per URL", 10, 0.1, 8000, 10),
            line("thread per URL", 100, 0.1, 9000, 50),
            String::from(
                r#"{"part":"download","variant":"thread per URL","count":1000,"failed":"the system refused thread 700 of 1000"}"#,
            ),
            line(SITE_CHECK, 1000, 1.2, 6000, 1000),
        ];
        let (out, headline) = report(&lines);
        assert!(
            out.contains("| thread per URL, plain TCP (Rust) | 22 KiB | 10 and 100 downloads |"),
            "{out}"
        );
        assert!(
            out.contains(
                "| tokio task per URL, plain TCP (Rust) | 2.0 KiB | 10 and 1000 downloads |"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "| tokio task per URL (Rust) | n/a | less than 1.0 MiB more at 100 downloads than \
                 at 10 |"
            ),
            "{out}"
        );
        let memory = &headline[3];
        assert_eq!(memory[1], "task 2.0 KiB, thread 22 KiB");
        assert!(
            out.contains("| thread per URL (Rust) | n/a | never all at once past the fewest |"),
            "{out}"
        );
        assert!(
            out.contains(
                "| Rust | thread per URL | 1000 | failed | |  |  | failed in 1 of 1 runs: the system refused thread 700 of 1000 |"
            ),
            "{out}"
        );
        // The site check shows the site holding every request; the fastest client is measured
        // against one latency plus its own CPU time.
        assert!(out.contains("the site held up to 1000 at once"), "{out}");
        assert!(
            out.contains("the fastest client, tokio task per URL, plain TCP (Rust), took 200 ms"),
            "{out}"
        );
        // Rows for the site check only at the most downloads.
        assert_eq!(
            out.matches(&format!("| {SITE_CHECK} |")).count(),
            1,
            "{out}"
        );
    }
}
