//! The connections between the processes, made before a deadline, then handed to timely.
//! timely can connect them itself (`CommunicationConfig::Cluster`), but it waits for a missing
//! process for ever, prints its progress on stdout and looks for connections once a second. So
//! they connect here, in timely's own scheme (process i connects to processes 0 to i-1 and
//! accepts i+1 to N-1); timely takes the sockets through `initialize_networking_from_sockets`.

use std::any::Any;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use std::{process, thread};

use serde::{Deserialize, Serialize};
use timely::communication::Hooks;
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};

use crate::lost::Peer;

/// What every process knows alike: where each listens (in process order), n, and the timeout.
#[derive(Clone, Serialize, Deserialize)]
pub struct Cluster {
    pub hosts: Vec<SocketAddr>,
    pub n: u64,
    pub timeout: Duration,
}

/// This process's number, and a connection to every other process (`None` for this one).
pub struct Network(pub usize, Vec<Option<TcpStream>>);

impl Cluster {
    /// Connects process `me`, listening on `listener`, to every other one within the timeout.
    pub fn connect(&self, me: usize, listener: &TcpListener) -> Result<Network, String> {
        let processes = self.hosts.len();
        let within = format!("within {} s", self.timeout.as_secs());
        let waiting = Arc::new(Mutex::new(String::new()));
        watchdog(self.timeout, Arc::downgrade(&waiting));
        let wait_for = |what: String| *waiting.lock().unwrap() = what;
        let mut sockets: Vec<Option<TcpStream>> = (0..processes).map(|_| None).collect();
        for (process, &address) in self.hosts.iter().enumerate().take(me) {
            let who = format!("process {process} at {address}");
            wait_for(format!("could not reach {who} {within}"));
            let mut stream = loop {
                match TcpStream::connect(address) {
                    Ok(stream) => break stream,
                    // It may not listen yet.
                    Err(e) => wait_for(format!("could not reach {who} {within}: {e}")),
                }
                thread::sleep(Duration::from_millis(20));
            };
            wait_for(format!("{who} did not answer {within}"));
            self.greet(&mut stream, me, &who)?;
            sockets[process] = Some(stream);
        }
        loop {
            let missing: Vec<_> = (me + 1..processes)
                .filter(|&p| sockets[p].is_none())
                .collect();
            match missing[..] {
                [] => break,
                [one] => wait_for(format!("process {one} did not connect {within}")),
                _ => wait_for(format!("processes {missing:?} did not connect {within}")),
            }
            let (mut stream, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
            let process = self.greet(&mut stream, me, "a connecting process")?;
            match sockets.get_mut(process) {
                Some(socket @ None) if process > me => *socket = Some(stream),
                _ => return Err(format!("process {process} connected out of turn")),
            }
        }
        Ok(Network(me, sockets))
    }

    /// On a new connection, process `me` and `who` tell each other their number and the cluster
    /// as they know it (in bincode, as timely sends the partial sums), which must agree:
    /// processes with other hosts files or n would not sum the same thing. Returns its number.
    fn greet(&self, stream: &mut TcpStream, me: usize, who: &str) -> Result<usize, String> {
        let mut exchange = || -> bincode::Result<(usize, Cluster)> {
            // timely, too, sends small messages at once.
            stream.set_nodelay(true)?;
            stream.write_all(&bincode::serialize(&(me, self))?)?;
            bincode::deserialize_from(&mut *stream)
        };
        let (process, theirs) = exchange().map_err(|e| format!("cannot greet {who}: {e}"))?;
        let (n, ours) = (theirs.n, self.n);
        let why = if n != ours {
            format!("process {process} has --n {n}, process {me} --n {ours}")
        } else if theirs.hosts != self.hosts {
            format!("process {process}'s hosts file differs from process {me}'s")
        } else {
            return Ok(process);
        };
        Err(why)
    }
}

/// Ends the process with the message in `waiting` if, after `timeout`, it is still there: the
/// cluster neither formed nor failed (`connect` drops it when it returns).
fn watchdog(timeout: Duration, waiting: Weak<Mutex<String>>) {
    thread::spawn(move || {
        thread::sleep(timeout);
        if let Some(waiting) = waiting.upgrade() {
            eprintln!("Error: {}", waiting.lock().unwrap());
            process::exit(1);
        }
    });
}

impl Network {
    /// timely's network layer: the builder of this process's one worker, and the guard of the
    /// threads that send and receive.
    pub fn into_timely(self) -> Result<(Vec<AllocatorBuilder>, Box<dyn Any + Send>), String> {
        let Network(me, sockets) = self;
        let peers = (sockets.into_iter().enumerate()).map(|(process, socket)| {
            let lost = format!("process {me} lost its connection to process {process}");
            socket.map(|stream| Peer { stream, lost })
        });
        let hooks = Hooks::default();
        let worker = ProcessBuilder::new_typed_vector(1, hooks.refill.clone(), hooks.spill.clone());
        let (builders, guard) =
            initialize_networking_from_sockets(worker, peers.collect(), me, 1, hooks)
                .map_err(|e| format!("cannot start timely's network threads: {e}"))?;
        let builders = builders.into_iter().map(AllocatorBuilder::Tcp).collect();
        Ok((builders, Box::new(guard)))
    }
}
