//! Who the processes are: `--local N` starts them on this machine, `--hosts FILE --process I`
//! is one of them, started by hand (on any machine the file lists).

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use worker_processes::Process;

use crate::mesh::{Cluster, Network};

/// How this process finds the others.
#[derive(clap::Args)]
pub struct Options {
    /// Start N processes on this machine, on 127.0.0.1 at ports the system picks; this one is
    /// process 0 [default without --hosts: 2]
    #[arg(long, value_name = "N", conflicts_with = "hosts",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    local: Option<u16>,
    /// Be one process of a cluster: FILE lists where each process listens, one IP:port per line
    /// (process 0 on the first)
    #[arg(long, value_name = "FILE", requires = "process")]
    hosts: Option<PathBuf>,
    /// Which process of the hosts file this one is, counting from 0; it listens on that line
    #[arg(long, value_name = "I", requires = "hosts")]
    process: Option<usize>,
    /// Seconds each process waits for all the others to connect before it gives up
    #[arg(long, value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    connect_timeout: u64,
}

/// The processes that `--local` started, to wait for at the end.
pub type Started = Vec<Process<Result<(), String>>>;

/// Starts the other processes when `--local`, then connects to all of them.
pub fn join(options: &Options, n: u64) -> Result<(Network, Started), String> {
    let timeout = Duration::from_secs(options.connect_timeout);
    let Some((file, process)) = options.hosts.as_deref().zip(options.process) else {
        return start_local(usize::from(options.local.unwrap_or(2)), n, timeout);
    };
    let (hosts, name) = (read_hosts(file)?, file.display());
    let Some(&address) = hosts.get(process) else {
        let last = hosts.len() - 1;
        return Err(format!(
            "--process {process} is out of range: {name} lists processes 0 to {last}"
        ));
    };
    // This line's address, and nowhere else.
    let listener = TcpListener::bind(address).map_err(|e| {
        let whose = format!("process {process}'s address in {name}");
        format!("cannot listen on {address}, {whose}: {e} (is it this machine's?)")
    })?;
    let cluster = Cluster { hosts, n, timeout };
    Ok((cluster.connect(process, &listener)?, Vec::new()))
}

/// Process 0 binds every process's listener on 127.0.0.1, at a port the system picks, and hands
/// each process it starts its own: no port is picked, then bound when another program has it.
fn start_local(processes: usize, n: u64, timeout: Duration) -> Result<(Network, Started), String> {
    // std on Windows cannot hand a socket down.
    if cfg!(not(unix)) && processes > 1 {
        return Err("--local with more than one process needs Unix; use --hosts".into());
    }
    let cannot_listen = |e| format!("cannot listen on 127.0.0.1: {e}");
    let (mut hosts, mut listeners) = (Vec::new(), Vec::new());
    for _ in 0..processes {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(cannot_listen)?;
        hosts.push(listener.local_addr().map_err(cannot_listen)?);
        listeners.push(listener);
    }
    let cluster = Cluster { hosts, n, timeout };
    let mut started = Vec::new();
    for (process, listener) in (1..).zip(listeners.split_off(1)) {
        let task = (process, cluster.clone());
        let start = worker_processes::spawn_with_listener(run_local_process, task, listener);
        started.push(start.map_err(|e| e.to_string())?);
    }
    Ok((cluster.connect(0, &listeners[0])?, started))
}

/// A process that `--local` started, given its number and the cluster, with the listener that
/// process 0 handed it: it joins and does its share, as a process started by hand would.
fn run_local_process((process, cluster): (usize, Cluster)) -> Result<(), String> {
    let listener = worker_processes::inherited_listener()
        .map_err(|e| format!("process {process} has no listener: {e}"))?;
    let network = cluster.connect(process, &listener)?;
    crate::run(network, Vec::new(), cluster.n)
}

/// One `IP:port` per line, process 0 first; blank lines and lines starting with `#` are skipped.
fn read_hosts(file: &Path) -> Result<Vec<SocketAddr>, String> {
    let name = file.display();
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut hosts = Vec::new();
    for (number, line) in (1..).zip(text.lines().map(str::trim)) {
        let wrong = |what: String| Err(format!("{name}, line {number}: {what}"));
        match line.parse::<SocketAddr>() {
            _ if line.is_empty() || line.starts_with('#') => {}
            Err(_) => return wrong(format!("`{line}` {NOT_AN_ADDRESS}")),
            Ok(host) if host.ip().is_unspecified() || host.port() == 0 => {
                return wrong(format!("`{line}` is not an address others can connect to"));
            }
            Ok(host) if hosts.contains(&host) => return wrong(format!("{host} is listed twice")),
            Ok(host) => hosts.push(host),
        }
    }
    if hosts.is_empty() {
        return Err(format!("{name} lists no address"));
    }
    Ok(hosts)
}

const NOT_AN_ADDRESS: &str = "is not an IP address and port such as 192.168.1.20:7000 (host \
    names are not accepted: one can stand for an address the other machines cannot reach)";
