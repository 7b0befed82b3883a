//! One thread per process moves its output from the pipes (or the terminal) into the ring buffers and to the
//! connected sinks, and sends the exit once the output is drained.

use crate::process::Process;
use crate::sys::{self, POLLIN, PollFd};
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// How long the exit waits for output after the process ended, when something it started keeps the pipes open.
const GRACE: Duration = Duration::from_millis(200);
const CHUNK: usize = 32 * 1024;

pub fn spawn(process: Arc<Process>, streams: Vec<(u8, File)>, wake: RawFd) -> io::Result<()> {
    thread::Builder::new()
        .name(format!("pump-{}", process.pid))
        .stack_size(64 * 1024)
        .spawn(move || run(&process, streams, wake))
        .map(drop)
}

fn run(process: &Process, mut streams: Vec<(u8, File)>, wake: RawFd) {
    let mut buffer = vec![0u8; CHUNK];
    loop {
        let (exited_at, finished) = process.exit_progress();
        let mut timeout = -1;
        if let Some(exited_at) = exited_at {
            if !finished && (streams.is_empty() || exited_at.elapsed() >= GRACE) {
                process.finish();
            } else if !finished {
                timeout = (GRACE - exited_at.elapsed()).as_millis().max(1) as i32;
            }
            if streams.is_empty() {
                return;
            }
        }
        // After the exit went out, whatever is left behind writing is still read (into the ring only), so it
        // neither blocks nor dies of SIGPIPE.
        let mut fds: Vec<PollFd> = streams
            .iter()
            .map(|(_, file)| PollFd { fd: file.as_raw_fd(), events: POLLIN, revents: 0 })
            .chain(std::iter::once(PollFd { fd: wake, events: POLLIN, revents: 0 }))
            .collect();
        if sys::poll_fds(&mut fds, timeout).is_err() {
            thread::sleep(Duration::from_millis(10));
            continue;
        }
        if fds[streams.len()].revents != 0 {
            sys::drain_eventfd(wake);
        }
        let mut closed = Vec::new();
        for (index, (stream, file)) in streams.iter_mut().enumerate() {
            if fds[index].revents == 0 {
                continue;
            }
            match file.read(&mut buffer) {
                Ok(0) => closed.push(index),
                Ok(count) => process.output(*stream, &buffer[..count]),
                Err(e) if matches!(e.kind(), io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock) => {}
                // EIO: a terminal's master once the last process holding the slave side is gone
                Err(_) => closed.push(index),
            }
        }
        for index in closed.into_iter().rev() {
            streams.remove(index);
        }
    }
}
