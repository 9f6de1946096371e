//! Who the processes are: `--local N` starts them on this machine, `--hosts FILE --process I`
//! is one of them, started by hand (on any machine the file lists).

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use worker_processes::Process;

use crate::mesh::{self, Network, Seat};

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

/// This process, connected to all the others.
pub struct Member {
    pub process: usize,
    pub network: Network,
    pub started: Started,
}

/// The processes that `--local` started, to wait for at the end.
pub struct Started(Vec<Process<Result<(), String>>>);

/// What a process started by `--local` needs to know, sent to it with serde.
#[derive(Serialize, Deserialize)]
pub struct LocalProcess {
    process: usize,
    processes: usize,
    n: u64,
    coordinator: SocketAddr,
    timeout: Duration,
}

impl Member {
    /// Starts the other processes when `--local`, then connects to all of them.
    pub fn join(options: &Options, n: u64) -> Result<Member, String> {
        let timeout = Duration::from_secs(options.connect_timeout);
        let (seat, started) = match options.hosts.as_deref().zip(options.process) {
            Some((file, process)) => (seat_in(file, process)?, Started(Vec::new())),
            None => start_local(usize::from(options.local.unwrap_or(2)), n, timeout)?,
        };
        Member::connect(seat, n, timeout, started)
    }

    fn connect(seat: Seat, n: u64, timeout: Duration, started: Started) -> Result<Member, String> {
        let process = seat.process;
        let network = mesh::connect(seat, n, timeout)?;
        Ok(Member {
            process,
            network,
            started,
        })
    }
}

/// Process `process` of a hosts file listens on its line's address, and nowhere else.
fn seat_in(file: &Path, process: usize) -> Result<Seat, String> {
    let addresses = read_hosts(file)?;
    let (processes, name) = (addresses.len(), file.display());
    let Some(&address) = addresses.get(process) else {
        let last = processes - 1;
        let error = format!(
            "--process {process} is out of range: {name} lists {processes} process(es), 0 to {last}"
        );
        return Err(error);
    };
    let listener = TcpListener::bind(address).map_err(|e| {
        let whose = format!("process {process}'s address in {name}");
        format!("cannot listen on {address}, {whose}: {e} (is it this machine's?)")
    })?;
    Ok(Seat {
        process,
        processes,
        listener,
        coordinator: addresses[0],
    })
}

/// Process 0 listens first, at a port the system picks and this process holds, so no other
/// program can take it; each process it starts does the same and tells process 0 its port.
fn start_local(processes: usize, n: u64, timeout: Duration) -> Result<(Seat, Started), String> {
    let listener = listen_on_loopback()?;
    let coordinator = (listener.local_addr())
        .map_err(|e| format!("cannot tell where this process listens: {e}"))?;
    let started = (1..processes)
        .map(|process| {
            let task = LocalProcess {
                process,
                processes,
                n,
                coordinator,
                timeout,
            };
            worker_processes::spawn(run_local_process, task).map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let seat = Seat {
        process: 0,
        processes,
        listener,
        coordinator,
    };
    Ok((seat, Started(started)))
}

impl Started {
    /// Waits for each process, and fails if any did.
    pub fn wait(self) -> Result<(), String> {
        for process in self.0 {
            process.join().map_err(|e| e.to_string())??;
        }
        Ok(())
    }
}

/// A process that `--local` started: it joins the cluster and does its share, as a process
/// started by hand would.
fn run_local_process(task: LocalProcess) -> Result<(), String> {
    let seat = Seat {
        process: task.process,
        processes: task.processes,
        listener: listen_on_loopback()?,
        coordinator: task.coordinator,
    };
    let member = Member::connect(seat, task.n, task.timeout, Started(Vec::new()))?;
    crate::run(member, task.n)
}

fn listen_on_loopback() -> Result<TcpListener, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))
}

/// One `IP:port` per line, process 0 first; blank lines and lines starting with `#` are skipped.
fn read_hosts(file: &Path) -> Result<Vec<SocketAddr>, String> {
    let name = file.display();
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut addresses: Vec<SocketAddr> = Vec::new();
    for (number, line) in (1..).zip(text.lines()) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let address: SocketAddr = line.parse().map_err(|_| {
            format!(
                "{name}, line {number}: `{line}` is not an IP address and port such as \
                 192.168.1.20:7000 (host names are not accepted: one can stand for an address \
                 the other machines cannot reach)"
            )
        })?;
        if address.ip().is_unspecified() || address.port() == 0 {
            return Err(format!(
                "{name}, line {number}: `{line}` is not an address other processes can connect to"
            ));
        }
        if addresses.contains(&address) {
            return Err(format!("{name}, line {number}: {address} is listed twice"));
        }
        addresses.push(address);
    }
    if addresses.is_empty() {
        return Err(format!("{name} lists no address"));
    }
    Ok(addresses)
}
