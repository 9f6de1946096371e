//! The messages the processes exchange while they connect, before timely takes the sockets.
//!
//! Each is one line of text after its length (4 bytes, big-endian), so nothing is read past it:
//! the first bytes timely sends on a socket stay for timely.

use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Marks our messages, so that a stray connection, or another version, is told apart.
const PROTOCOL: &str = "cluster_sum/1";
/// A list of a few thousand addresses fits; a stray connection cannot make us allocate more.
const LONGEST: u32 = 1 << 16;

pub enum Message {
    Hello(Hello),
    /// Where each process listens, in process order.
    Members(Vec<SocketAddr>),
    GiveUp(String),
}

/// What a process says when it connects to another.
pub struct Hello {
    pub process: usize,
    pub processes: usize,
    pub n: u64,
    pub listening: SocketAddr,
}

pub fn send(stream: &mut TcpStream, message: &Message) -> io::Result<()> {
    let text = message.to_string();
    let length = u32::try_from(text.len()).map_err(io::Error::other)?;
    let mut frame = length.to_be_bytes().to_vec();
    frame.extend_from_slice(text.as_bytes());
    stream.write_all(&frame)
}

/// The next message, or why none came `within` that time.
pub fn receive(stream: &mut TcpStream, within: Duration) -> Result<Message, String> {
    read(stream, within).map_err(|e| match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => String::from("no answer in time"),
        ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
            String::from("it closed the connection")
        }
        _ => e.to_string(),
    })
}

fn read(stream: &mut TcpStream, within: Duration) -> io::Result<Message> {
    // A zero timeout is refused; the smallest one fails at once, as it should.
    stream.set_read_timeout(Some(within.max(Duration::from_millis(1))))?;
    let mut length = [0; 4];
    stream.read_exact(&mut length)?;
    let length = u32::from_be_bytes(length);
    if length > LONGEST {
        return Err(io::Error::new(
            ErrorKind::InvalidData,
            "not a cluster_sum process",
        ));
    }
    let mut text = vec![0; length as usize];
    stream.read_exact(&mut text)?;
    String::from_utf8(text)
        .ok()
        .and_then(|text| Message::parse(&text))
        .ok_or_else(|| {
            let what = "not a cluster_sum process of this version";
            io::Error::new(ErrorKind::InvalidData, what)
        })
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Hello(hello) => {
                let Hello {
                    process,
                    processes,
                    n,
                    listening,
                } = hello;
                write!(f, "{PROTOCOL} hello {process} {processes} {n} {listening}")
            }
            Message::Members(members) => {
                write!(f, "{PROTOCOL} members")?;
                members
                    .iter()
                    .try_for_each(|address| write!(f, " {address}"))
            }
            Message::GiveUp(reason) => write!(f, "{PROTOCOL} give-up {reason}"),
        }
    }
}

impl Message {
    fn parse(text: &str) -> Option<Message> {
        let rest = text.strip_prefix(PROTOCOL)?.strip_prefix(' ')?;
        let (kind, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        match kind {
            "hello" => {
                let [process, processes, n, listening] = rest.split(' ').collect::<Vec<_>>()[..]
                else {
                    return None;
                };
                Some(Message::Hello(Hello {
                    process: process.parse().ok()?,
                    processes: processes.parse().ok()?,
                    n: n.parse().ok()?,
                    listening: listening.parse().ok()?,
                }))
            }
            "members" => (rest.split(' '))
                .map(|address| address.parse().ok())
                .collect::<Option<_>>()
                .map(Message::Members),
            "give-up" => Some(Message::GiveUp(rest.to_owned())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(message: &Message) -> String {
        let text = message.to_string();
        Message::parse(&text).expect("it parses back").to_string()
    }

    #[test]
    fn every_message_reads_back_as_written() {
        let hello = Message::Hello(Hello {
            process: 2,
            processes: 3,
            n: 10_000_000,
            listening: "[::1]:7002".parse().unwrap(),
        });
        let members = Message::Members(vec![
            "127.0.0.1:7000".parse().unwrap(),
            "192.168.1.11:7000".parse().unwrap(),
        ]);
        let give_up = Message::GiveUp(String::from("process 2 did not join within 10 s"));
        for message in [hello, members, give_up] {
            assert_eq!(round_trip(&message), message.to_string());
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            "GET / HTTP/1.1",
            "cluster_sum/2 hello 1 2 10 127.0.0.1:7000",
            "cluster_sum/1 hello 1 2 10",
            "cluster_sum/1 hello 1 2 ten 127.0.0.1:7000",
            "cluster_sum/1 members 127.0.0.1",
            "cluster_sum/1 goodbye",
        ] {
            assert!(Message::parse(text).is_none(), "{text:?}");
        }
    }
}
