//! The connections between the processes, made before a deadline, then handed to timely.
//!
//! timely can connect the processes itself (`CommunicationConfig::Cluster`), but it waits for a
//! missing process for ever, prints its progress on stdout and looks for connections once a
//! second. So they connect here, in timely's own scheme (process i connects to processes 0 to
//! i-1 and accepts i+1 to N-1), and timely takes the sockets through
//! `initialize_networking_from_sockets`, which it offers for that.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;
use std::{process, thread};

use serde::{Deserialize, Serialize};
use timely::communication::Hooks;
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};

use crate::lost::Peer;

/// What every process of a cluster knows alike: where each one listens, in process order, the
/// size of the sum, and how long they may take to connect.
#[derive(Clone, Serialize, Deserialize)]
pub struct Cluster {
    pub addresses: Vec<SocketAddr>,
    pub n: u64,
    pub timeout: Duration,
}

/// This process's number, and a connection to every other process (`None` for this one).
pub struct Network(pub usize, Vec<Option<TcpStream>>);

/// What two processes say first on a new connection, each to the other, in bincode (as timely
/// sends the partial sums): processes that differ in n or count would not sum the same thing.
#[derive(Serialize, Deserialize)]
struct Greeting {
    process: usize,
    processes: usize,
    n: u64,
}

impl Cluster {
    /// Connects process `me`, listening on `listener`, to every other one within the timeout.
    pub fn connect(&self, me: usize, listener: &TcpListener) -> Result<Network, String> {
        let processes = self.addresses.len();
        let hello = Greeting {
            process: me,
            processes,
            n: self.n,
        };
        let within = format!("within {} s", self.timeout.as_secs());
        let waiting = Arc::new(Mutex::new(String::new()));
        let _formed = watchdog(self.timeout, Arc::clone(&waiting));
        let wait_for = |what: String| *waiting.lock().unwrap() = what;
        let mut sockets: Vec<Option<TcpStream>> = (0..processes).map(|_| None).collect();
        for (process, &address) in self.addresses.iter().enumerate().take(me) {
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
            match greet(&mut stream, &hello, &who)?.process {
                answer if answer == process => sockets[process] = Some(stream),
                answer => return Err(format!("{who} says it is process {answer}")),
            }
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
            let accepted = listener
                .accept()
                .map_err(|e| format!("cannot accept: {e}"))?;
            let mut stream = accepted.0;
            let process = greet(&mut stream, &hello, "a connecting process")?.process;
            match sockets.get_mut(process) {
                Some(socket @ None) if process > me => *socket = Some(stream),
                _ => return Err(format!("process {process} connected out of turn")),
            }
        }
        Ok(Network(me, sockets))
    }
}

/// Sends `hello` to `who`, reads its greeting and checks that the two agree.
fn greet(stream: &mut TcpStream, hello: &Greeting, who: &str) -> Result<Greeting, String> {
    let mut exchange = || -> bincode::Result<Greeting> {
        // timely, too, sends small messages at once.
        stream.set_nodelay(true)?;
        stream.write_all(&bincode::serialize(hello)?)?;
        bincode::deserialize_from(&mut *stream)
    };
    let answer = exchange().map_err(|e| format!("cannot greet {who}: {e}"))?;
    if (answer.processes, answer.n) == (hello.processes, hello.n) {
        return Ok(answer);
    }
    let mut both = [hello, &answer].map(|g| (g.process, g.n, g.processes));
    both.sort();
    let [(a, a_n, a_of), (b, b_n, b_of)] = both;
    Err(format!(
        "process {a} has --n {a_n} and {a_of} processes, process {b} --n {b_n} and {b_of}"
    ))
}

/// Ends the process with the message in `waiting` unless the cluster forms within `timeout`:
/// dropping the sender it returns, once formed or failed, stops it.
fn watchdog(timeout: Duration, waiting: Arc<Mutex<String>>) -> mpsc::Sender<()> {
    let (formed, done) = mpsc::channel();
    thread::spawn(move || {
        if done.recv_timeout(timeout) == Err(mpsc::RecvTimeoutError::Timeout) {
            eprintln!("Error: {}", waiting.lock().unwrap());
            process::exit(1);
        }
    });
    formed
}

/// timely's network layer: the builder of this process's one worker, and the guard of the
/// threads that send and receive.
type Timely = (Vec<AllocatorBuilder>, Box<dyn std::any::Any + Send>);

impl Network {
    pub fn into_timely(self) -> Result<Timely, String> {
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
