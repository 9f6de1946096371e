//! The network between the processes: a TCP connection between every pair, made before one
//! deadline, then handed to timely.
//!
//! timely can connect the processes itself (`CommunicationConfig::Cluster`), but it waits for a
//! missing process for ever, prints its progress on stdout, looks for new connections once a
//! second, and binds its port only when it starts, so a port picked for it beforehand could be
//! taken by then. So the processes connect here, and timely gets the connected sockets through
//! `initialize_networking_from_sockets`, which it offers for that.
//!
//! How they connect:
//! 1. Every process listens first (on its line of the hosts file, or on a port the OS picks).
//! 2. Processes 1 to N-1 connect to process 0 and say hello: their number, the size of the
//!    cluster, n, and where they listen.
//! 3. Once all have said hello, process 0 sends each of them where every process listens; if
//!    the deadline passes first, or a hello does not fit, it sends them why it gives up.
//! 4. Process i connects to processes 1 to i-1 and says hello, and accepts processes i+1 to N-1.

use std::any::Any;
use std::fmt;
use std::io::{self, ErrorKind};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use timely::communication::Hooks;
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};

use crate::wire::{self, Hello, Message};

/// Where this process sits in the cluster, before any connection is made.
pub struct Seat {
    pub process: usize,
    pub processes: usize,
    /// Already bound, so no other program can take its port.
    pub listener: TcpListener,
    /// Where process 0 listens; the others connect there first.
    pub coordinator: SocketAddr,
}

/// A connection to every other process, in process order (`None` for this process).
pub struct Network {
    process: usize,
    sockets: Vec<Option<TcpStream>>,
}

/// When the cluster must have formed, and how long that was from the start.
#[derive(Clone, Copy)]
struct Deadline {
    at: Instant,
    timeout: Duration,
}

/// Process 0 tells the others why it gives up at its deadline; they wait this much longer.
const GRACE: Duration = Duration::from_secs(2);

/// Connects this process to every other one within `timeout`, or says why it could not.
pub fn connect(seat: Seat, n: u64, timeout: Duration) -> Result<Network, String> {
    let deadline = Deadline {
        at: Instant::now() + timeout,
        timeout,
    };
    let sockets = match seat.process {
        0 => gather(&seat, n, deadline)?,
        _ => join(&seat, n, deadline)?,
    };
    for socket in sockets.iter().flatten() {
        // timely reads without a timeout and, as it does itself, sends small messages at once.
        let ready = socket
            .set_read_timeout(None)
            .and_then(|()| socket.set_nodelay(true));
        ready.map_err(|e| format!("cannot set up a connection: {e}"))?;
    }
    Ok(Network {
        process: seat.process,
        sockets,
    })
}

/// Process 0: wait for every other process's hello, then tell each where the others listen.
fn gather(seat: &Seat, n: u64, deadline: Deadline) -> Result<Vec<Option<TcpStream>>, String> {
    let mut sockets: Vec<Option<TcpStream>> = (0..seat.processes).map(|_| None).collect();
    let mut members = vec![listening(seat)?; seat.processes];
    let failure = loop {
        if sockets[1..].iter().all(Option::is_some) {
            break None;
        }
        let mut stream = match accept_before(&seat.listener, deadline) {
            Ok(Some(stream)) => stream,
            Ok(None) => break Some(format!("{} did not join {deadline}", missing(&sockets, 1))),
            Err(e) => break Some(format!("cannot accept connections: {e}")),
        };
        let hello = match wire::receive(&mut stream, deadline.left()) {
            Ok(Message::Hello(hello)) => hello,
            Ok(_) => break Some(String::from("a process spoke out of turn")),
            Err(e) => break Some(format!("a connection did not say hello: {e}")),
        };
        if let Err(reason) = check(&hello, seat, n, &sockets) {
            let _ = wire::send(&mut stream, &Message::GiveUp(reason.clone()));
            break Some(reason);
        }
        members[hello.process] = hello.listening;
        sockets[hello.process] = Some(stream);
    };
    let answer = match &failure {
        None => Message::Members(members),
        Some(reason) => Message::GiveUp(reason.clone()),
    };
    for stream in sockets.iter_mut().flatten() {
        // One that cannot be told learns it from the closed connection.
        let _ = wire::send(stream, &answer);
    }
    failure.map_or(Ok(sockets), Err)
}

/// Processes 1 to N-1: say hello to process 0, learn where the others listen, connect to them.
fn join(seat: &Seat, n: u64, deadline: Deadline) -> Result<Vec<Option<TcpStream>>, String> {
    let mut sockets: Vec<Option<TcpStream>> = (0..seat.processes).map(|_| None).collect();
    let hello = Message::Hello(Hello {
        process: seat.process,
        processes: seat.processes,
        n,
        listening: listening(seat)?,
    });
    let mut coordinator = connect_before(seat.coordinator, 0, deadline)?;
    wire::send(&mut coordinator, &hello)
        .map_err(|e| format!("cannot say hello to process 0: {e}"))?;
    let members = match wire::receive(&mut coordinator, deadline.left() + GRACE) {
        Ok(Message::Members(members)) if members.len() == seat.processes => members,
        Ok(Message::GiveUp(reason)) => return Err(format!("process 0 gave up: {reason}")),
        Ok(_) => return Err(String::from("process 0 answered out of turn")),
        Err(e) => return Err(format!("process 0 did not say who is in the cluster: {e}")),
    };
    sockets[0] = Some(coordinator);
    for process in 1..seat.process {
        let mut stream = connect_before(members[process], process, deadline)?;
        wire::send(&mut stream, &hello)
            .map_err(|e| format!("cannot say hello to process {process}: {e}"))?;
        sockets[process] = Some(stream);
    }
    while sockets[seat.process + 1..].iter().any(Option::is_none) {
        let accepted = accept_before(&seat.listener, deadline)
            .map_err(|e| format!("cannot accept connections: {e}"))?;
        let Some(mut stream) = accepted else {
            let missing = missing(&sockets, seat.process + 1);
            return Err(format!("{missing} did not connect {deadline}"));
        };
        match wire::receive(&mut stream, deadline.left()) {
            Ok(Message::Hello(hello)) if hello.process > seat.process => {
                check(&hello, seat, n, &sockets)?;
                sockets[hello.process] = Some(stream);
            }
            Ok(_) => return Err(String::from("a process spoke out of turn")),
            Err(e) => return Err(format!("a connection did not say hello: {e}")),
        }
    }
    Ok(sockets)
}

/// A hello must come from a process of this cluster not yet connected, started with the same n.
fn check(hello: &Hello, seat: &Seat, n: u64, sockets: &[Option<TcpStream>]) -> Result<(), String> {
    let (me, process) = (seat.process, hello.process);
    if hello.processes != seat.processes {
        let (theirs, ours) = (hello.processes, seat.processes);
        Err(format!(
            "process {process} counts {theirs} processes and process {me} counts {ours}: are \
             their hosts files the same?"
        ))
    } else if hello.n != n {
        let theirs = hello.n;
        Err(format!(
            "process {process} was started with --n {theirs} and process {me} with --n {n}"
        ))
    } else if process >= seat.processes || process == me {
        Err(format!(
            "a process says it is process {process}, which it cannot be"
        ))
    } else if sockets[process].is_some() {
        Err(format!("two processes say they are process {process}"))
    } else {
        Ok(())
    }
}

/// "process 2" or "processes 2, 3": those from `first` on not yet connected.
fn missing(sockets: &[Option<TcpStream>], first: usize) -> String {
    let numbers: Vec<String> = (first..sockets.len())
        .filter(|&process| sockets[process].is_none())
        .map(|process| process.to_string())
        .collect();
    match numbers.as_slice() {
        [one] => format!("process {one}"),
        many => format!("processes {}", many.join(", ")),
    }
}

fn listening(seat: &Seat) -> Result<SocketAddr, String> {
    (seat.listener.local_addr()).map_err(|e| format!("cannot tell where this process listens: {e}"))
}

/// Connects to `process` at `address`, trying again until the deadline: it may not listen yet.
fn connect_before(
    address: SocketAddr,
    process: usize,
    deadline: Deadline,
) -> Result<TcpStream, String> {
    loop {
        let left = deadline.left();
        let attempt = left.clamp(Duration::from_millis(1), Duration::from_secs(1));
        match TcpStream::connect_timeout(&address, attempt) {
            Ok(stream) => return Ok(stream),
            Err(e) if left.is_zero() => {
                return Err(format!(
                    "could not reach process {process} at {address} {deadline}: {e}"
                ));
            }
            Err(_) => thread::sleep(Duration::from_millis(50).min(left)),
        }
    }
}

/// The next connection, or `None` once the deadline has passed.
fn accept_before(listener: &TcpListener, deadline: Deadline) -> io::Result<Option<TcpStream>> {
    // std has no accept with a timeout: poll.
    listener.set_nonblocking(true)?;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                // Accepted sockets inherit non-blocking mode on some systems (Windows, macOS).
                stream.set_nonblocking(false)?;
                return Ok(Some(stream));
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if deadline.left().is_zero() {
                    return Ok(None);
                }
                thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(e),
        }
    }
}

impl Deadline {
    fn left(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }
}

/// "within 10 s", for the messages.
impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "within {} s", self.timeout.as_secs())
    }
}

impl Network {
    /// timely's network layer on these connections, with one worker thread in this process:
    /// the builder of that worker, and the guard of the send and receive threads.
    pub fn into_timely(self) -> Result<(Vec<AllocatorBuilder>, Box<dyn Any + Send>), String> {
        crate::lost::report_a_lost_process_and_exit(self.process);
        let hooks = Hooks::default();
        let worker = ProcessBuilder::new_typed_vector(1, hooks.refill.clone(), hooks.spill.clone());
        let (builders, guard) =
            initialize_networking_from_sockets(worker, self.sockets, self.process, 1, hooks)
                .map_err(|e| format!("cannot start timely's network threads: {e}"))?;
        let builders = builders.into_iter().map(AllocatorBuilder::Tcp).collect();
        Ok((builders, Box::new(guard)))
    }
}
