//! What the operating system provides: memory without a name and a datagram socket pair (the
//! lock is the system's too: see `lock`). Unix only; elsewhere each of these is an error that
//! says so, and nothing is shared.
//!
//! Descriptors are passed on by inheritance: the memory's file and the queue's sockets are
//! created without close-on-exec, so every worker process this program starts (the program run
//! again, see `worker_processes`) has them open under the same numbers. The worker is told the
//! numbers and uses them as they are; it never owns them, and they close when it exits.

use std::fs::File;
use std::io;

use memmap2::MmapRaw;

#[cfg(unix)]
pub(super) use std::os::unix::net::UnixDatagram as Socket;

/// No datagram socket pairs here: `socket_pair` fails first, so no value of this type is made.
#[cfg(not(unix))]
pub(super) enum Socket {}

/// A new file of `len` bytes that exists only in memory and in no directory, readable and
/// writable only by this user, and inherited by every worker started after it.
///
/// On Linux, a memfd: it never had a name, so nothing is left behind however the program ends.
/// Its size is sealed, so no process can shrink it under another's mapping.
#[cfg(target_os = "linux")]
pub(super) fn shared_file(len: u64) -> io::Result<File> {
    use nix::fcntl::{FcntlArg, SealFlag, fcntl};
    use nix::sys::memfd::{MFdFlags, memfd_create};
    use std::os::unix::fs::PermissionsExt;

    // No MFD_CLOEXEC: inherited on purpose (see the module comment).
    let file = File::from(memfd_create(
        c"shared_value_array",
        MFdFlags::MFD_ALLOW_SEALING,
    )?);
    file.set_len(len)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    let seals = SealFlag::F_SEAL_SHRINK | SealFlag::F_SEAL_GROW | SealFlag::F_SEAL_SEAL;
    fcntl(&file, FcntlArg::F_ADD_SEALS(seals))?;
    Ok(file)
}

/// Elsewhere on Unix (macOS), as CPython does it: a file in the temporary directory, created
/// with mode 0600 and unlinked at once, so only open descriptors keep it.
#[cfg(all(unix, not(target_os = "linux")))]
pub(super) fn shared_file(len: u64) -> io::Result<File> {
    let file = tempfile::tempfile()?;
    file.set_len(len)?;
    inheritable(&file)?;
    Ok(file)
}

#[cfg(not(unix))]
pub(super) fn shared_file(_len: u64) -> io::Result<File> {
    Err(unsupported())
}

#[cfg(unix)]
pub(super) fn descriptor(file: &impl std::os::fd::AsRawFd) -> i32 {
    file.as_raw_fd()
}

#[cfg(not(unix))]
pub(super) fn descriptor<T>(_file: &T) -> i32 {
    -1
}

/// Maps the whole file open under `descriptor` (inherited from the parent), shared: a write
/// through this mapping is a write to the same memory the other processes map.
#[cfg(unix)]
pub(super) fn map_inherited(descriptor: i32) -> io::Result<MmapRaw> {
    memmap2::MmapOptions::new().map_raw(descriptor)
}

#[cfg(not(unix))]
pub(super) fn map_inherited(_descriptor: i32) -> io::Result<MmapRaw> {
    Err(unsupported())
}

/// Two connected datagram sockets, inherited by every worker started after them.
#[cfg(unix)]
pub(super) fn socket_pair() -> io::Result<(Socket, Socket)> {
    let (one, other) = Socket::pair()?;
    inheritable(&one)?;
    inheritable(&other)?;
    Ok((one, other))
}

#[cfg(not(unix))]
pub(super) fn socket_pair() -> io::Result<(Socket, Socket)> {
    Err(unsupported())
}

/// Sends `bytes` as one datagram, or fails at once if the socket's buffer is full.
#[cfg(unix)]
pub(super) fn send_now(descriptor: i32, bytes: &[u8]) -> io::Result<()> {
    use nix::sys::socket::{MsgFlags, send};
    send(descriptor, bytes, MsgFlags::MSG_DONTWAIT)?;
    Ok(())
}

#[cfg(not(unix))]
pub(super) fn send_now(_descriptor: i32, _bytes: &[u8]) -> io::Result<()> {
    Err(unsupported())
}

/// Waits for one datagram and copies it into `buffer`; returns its length.
#[cfg(unix)]
pub(super) fn receive(descriptor: i32, buffer: &mut [u8]) -> io::Result<usize> {
    use nix::errno::Errno;
    use nix::sys::socket::{MsgFlags, recv};
    loop {
        match recv(descriptor, buffer, MsgFlags::empty()) {
            Err(Errno::EINTR) => continue,
            result => return Ok(result?),
        }
    }
}

#[cfg(not(unix))]
pub(super) fn receive(_descriptor: i32, _buffer: &mut [u8]) -> io::Result<usize> {
    Err(unsupported())
}

/// Clears close-on-exec, so that processes started from now on inherit the descriptor.
#[cfg(unix)]
fn inheritable(descriptor: &impl std::os::fd::AsFd) -> io::Result<()> {
    use nix::fcntl::{FcntlArg, FdFlag, fcntl};
    fcntl(descriptor, FcntlArg::F_SETFD(FdFlag::empty()))?;
    Ok(())
}

#[cfg(not(unix))]
fn unsupported() -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        "sharing memory and a queue with worker processes is implemented for Unix (Linux, macOS) only",
    )
}
