//! The machine the figures were taken on, for every output: figures without it mean little.

use std::path::Path;
use std::process::Command;

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    pub cpu: String,
    /// What Python's `os.cpu_count()` and the default worker counts go by.
    pub logical_cpus: usize,
    /// Cores without their second hardware threads: what CPU-bound speedups are bounded by.
    pub physical_cores: usize,
    pub os: String,
    pub rustc: String,
    /// `None` without a `python3`.
    pub python: Option<String>,
    /// Pillow's version, `None` without it: the CPython image rows need it.
    pub pillow: Option<String>,
    /// The 1-minute load average before and after the run (Linux), to say how busy the
    /// machine was with other work.
    pub load_before: Option<f64>,
    pub load_after: Option<f64>,
}

impl Machine {
    pub fn detect(python: Option<&Path>) -> Machine {
        Machine {
            cpu: cpu_model().unwrap_or_else(|| String::from("unknown CPU")),
            logical_cpus: num_cpus::get(),
            physical_cores: num_cpus::get_physical(),
            os: os(),
            rustc: version_of(
                std::env::var_os("RUSTC")
                    .as_deref()
                    .unwrap_or("rustc".as_ref()),
            )
            .unwrap_or_else(|| String::from("rustc (version unknown)")),
            python: python.map(|python| {
                version_of(python.as_os_str()).unwrap_or_else(|| String::from("python3"))
            }),
            pillow: python.and_then(super::images::pillow_version),
            load_before: load_average(),
            load_after: None,
        }
    }

    /// One line: `AMD EPYC, 2 logical CPUs / 2 physical cores, linux 6.1 (x86_64), rustc
    /// 1.95.0, Python 3.11.7`.
    pub fn describe(&self) -> String {
        format!(
            "{}, {} logical CPUs / {} physical cores, {}, {}, {}{}",
            self.cpu,
            self.logical_cpus,
            self.physical_cores,
            self.os,
            self.rustc,
            self.python.as_deref().unwrap_or("no python3"),
            match (&self.python, &self.pillow) {
                (None, _) => String::new(),
                (Some(_), Some(pillow)) => format!(" with Pillow {pillow}"),
                (Some(_), None) => String::from(" without Pillow"),
            },
        )
    }

    pub fn describe_load(&self) -> Option<String> {
        match (self.load_before, self.load_after) {
            (Some(before), Some(after)) => Some(format!(
                "load average (1 min) {before:.2} before, {after:.2} after, on {} CPUs",
                self.logical_cpus
            )),
            _ => None,
        }
    }
}

fn version_of(program: &std::ffi::OsStr) -> Option<String> {
    let output = Command::new(program).arg("--version").output().ok()?;
    // Python 2 printed its version on stderr; take whichever has it.
    let text = [output.stdout, output.stderr]
        .iter()
        .map(|bytes| String::from_utf8_lossy(bytes).trim().to_owned())
        .find(|text| !text.is_empty())?;
    output.status.success().then_some(text)
}

fn cpu_model() -> Option<String> {
    if cfg!(target_os = "linux") {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").ok()?;
        cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
            .map(|(_, model)| model.trim().to_owned())
    } else if cfg!(target_os = "macos") {
        let output = Command::new("sysctl")
            .args(["-n", "machdep.cpu.brand_string"])
            .output()
            .ok()?;
        Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        std::env::var("PROCESSOR_IDENTIFIER").ok()
    }
}

fn os() -> String {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|release| format!(" {}", release.trim()))
        .unwrap_or_default();
    format!(
        "{}{release} ({})",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// The 1-minute load average, from /proc/loadavg.
pub fn load_average() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}
