//! Python's `multiprocessing.Queue`, for text items, between a parent and its workers.

use std::io;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Error;
use super::sys::{self, Socket};

/// The longest item, in bytes: the smallest datagram limit among the platforms (macOS allows
/// 2048 bytes by default).
const MAX_ITEM: usize = 2048;

/// A queue that every process holding it can put text items into and take them from; each
/// item is taken by exactly one `get`, in whichever process calls it first.
///
/// It is a pair of connected Unix datagram sockets: `put` sends a datagram on one, `get`
/// receives one on the other. The kernel keeps each datagram whole and hands it to exactly one
/// receiver, however many processes wait on that socket, so no item is split, lost or taken
/// twice.
///
/// The queue holds what the socket's buffer holds (278 items of 9 bytes on Linux here); `put`
/// into a full queue is an error rather than a wait, so a program that puts more than it
/// takes fails instead of hanging.
#[derive(Clone, Serialize, Deserialize)]
pub struct Queue {
    put_end: i32,
    get_end: i32,
    /// The sockets, in the process that made them (see `Region` for why); a worker uses the
    /// descriptors it inherited.
    #[serde(skip)]
    _sockets: Option<Arc<(Socket, Socket)>>,
}

impl Queue {
    pub fn new() -> Result<Queue, Error> {
        let (put_end, get_end) =
            sys::socket_pair().map_err(|e| Error::new("could not create the queue", e))?;
        Ok(Queue {
            put_end: sys::descriptor(&put_end),
            get_end: sys::descriptor(&get_end),
            _sockets: Some(Arc::new((put_end, get_end))),
        })
    }

    /// Adds `item` at the end of the queue.
    pub fn put(&self, item: &str) -> Result<(), Error> {
        let failed = |cause| Error::new("could not put an item on the queue", cause);
        if item.len() > MAX_ITEM {
            let cause = format!("it has {} bytes, more than {MAX_ITEM}", item.len());
            return Err(failed(io::Error::other(cause)));
        }
        sys::send_now(self.put_end, item.as_bytes()).map_err(|cause| match cause.kind() {
            io::ErrorKind::WouldBlock => failed(io::Error::other("the queue is full")),
            _ => failed(cause),
        })
    }

    /// Waits for the next item and takes it out of the queue.
    pub fn get(&self) -> Result<String, Error> {
        let failed = |cause| Error::new("could not get an item from the queue", cause);
        let mut buffer = [0; MAX_ITEM];
        let len = sys::receive(self.get_end, &mut buffer).map_err(failed)?;
        String::from_utf8(buffer[..len].to_vec())
            .map_err(|_| failed(io::Error::other("the item is not UTF-8 text")))
    }
}
