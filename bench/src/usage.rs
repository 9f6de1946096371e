//! What a measuring process used (its peak resident memory and its CPU time) and what it may use
//! (open files).

use serde::Serialize;

/// What one download measurement's process used, read by the process itself as it ends: the
/// same figures its parent's `wait4` would see.
#[derive(Serialize)]
pub struct Usage {
    /// Peak resident memory, in KiB.
    pub peak_rss_kib: u64,
    /// User + system time of every thread of the process: the client's own work.
    pub cpu_seconds: f64,
    /// The most downloads the client had waiting at once.
    pub waiting_peak: usize,
}

impl Usage {
    /// `None` where the system does not tell (Windows).
    pub fn of_this_process(waiting_peak: usize) -> Option<Usage> {
        Some(Usage {
            peak_rss_kib: peak_rss_kib()?,
            cpu_seconds: cpu_seconds()?,
            waiting_peak,
        })
    }
}

#[cfg(unix)]
fn own_usage() -> Option<nix::sys::resource::Usage> {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_SELF).ok()
}

/// This process's peak resident memory so far, in KiB.
#[cfg(unix)]
fn peak_rss_kib() -> Option<u64> {
    // Linux counts the peak in KiB, macOS in bytes.
    let per_kib = if cfg!(target_vendor = "apple") {
        1024
    } else {
        1
    };
    Some(u64::try_from(own_usage()?.max_rss()).ok()? / per_kib)
}

/// User + system time of this process's threads so far.
#[cfg(unix)]
pub fn cpu_seconds() -> Option<f64> {
    let usage = own_usage()?;
    let seconds =
        |time: nix::sys::time::TimeVal| time.tv_sec() as f64 + time.tv_usec() as f64 / 1e6;
    Some(seconds(usage.user_time()) + seconds(usage.system_time()))
}

#[cfg(not(unix))]
fn peak_rss_kib() -> Option<u64> {
    None
}

#[cfg(not(unix))]
pub fn cpu_seconds() -> Option<f64> {
    None
}

/// Every connection holds a file descriptor: 10,000 at once need more than many systems allow a
/// process by default (macOS: 256, many Linux setups: 1024).
pub mod open_files {
    /// Raises this process's limit (its children inherit it) to `wanted`, up to the hard limit;
    /// an error that names `ulimit -n` if the hard limit is lower.
    #[cfg(unix)]
    pub fn raise_to(wanted: usize) -> Result<(), String> {
        use nix::sys::resource::{Resource, getrlimit, setrlimit};
        let wanted = wanted as u64;
        let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE)
            .map_err(|e| format!("cannot read the open-files limit: {e}"))?;
        if soft >= wanted {
            return Ok(());
        }
        if hard < wanted {
            return Err(format!(
                "this needs {wanted} open files, but the system allows at most {hard}: raise the \
                 hard limit (`ulimit -n {wanted}` as root, or the system's limits \
                 configuration) or measure fewer downloads at once"
            ));
        }
        setrlimit(Resource::RLIMIT_NOFILE, wanted, hard)
            .map_err(|e| format!("cannot raise the open-files limit to {wanted}: {e}"))
    }

    /// Raises this process's limit as far as the system lets it.
    #[cfg(unix)]
    pub fn raise_to_hard_limit() -> Result<(), String> {
        use nix::sys::resource::{Resource, getrlimit};
        let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE)
            .map_err(|e| format!("cannot read the open-files limit: {e}"))?;
        // macOS reports an unlimited hard limit but refuses a soft one above OPEN_MAX (10240).
        let cap = if cfg!(target_vendor = "apple") {
            10_240
        } else {
            u64::MAX
        };
        raise_to(usize::try_from(hard.min(cap)).unwrap_or(usize::MAX))
    }

    /// Windows has no such per-process limit on sockets.
    #[cfg(not(unix))]
    pub fn raise_to(_wanted: usize) -> Result<(), String> {
        Ok(())
    }

    #[cfg(not(unix))]
    pub fn raise_to_hard_limit() -> Result<(), String> {
        Ok(())
    }
}
