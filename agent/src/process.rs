//! One managed process: what it is, how it ended, the last output of each stream, and the connections that
//! receive its output (sinks). The pump thread feeds output in, the reaper records the exit, connections subscribe.

use crate::ring::Ring;
use crate::sys::{self, ExitStatus};
use crate::wire::{self, Encoder, Failure};
use std::fs::File;
use std::io::Write;
use std::net::Shutdown;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

pub const STDOUT: u8 = 1;
pub const STDERR: u8 = 2;
/// What a terminal reads as end-of-file (Ctrl-D): "close stdin" for a process with a terminal.
const END_OF_TRANSMISSION: u8 = 0x04;

/// Locks even when another thread panicked while holding the lock: the agent must outlive a bug in one connection.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A connection receiving a process's output. Writes block: a slow reader slows the process (back-pressure),
/// and the agent buffers nothing beyond the ring buffers.
pub struct Sink {
    stream: Mutex<UnixStream>,
    dead: AtomicBool,
}

impl Sink {
    pub fn new(stream: UnixStream) -> Arc<Sink> {
        Arc::new(Sink { stream: Mutex::new(stream), dead: AtomicBool::new(false) })
    }

    /// Holds the connection for writing: frames written meanwhile by others wait, so a reply goes first.
    pub fn hold(&self) -> MutexGuard<'_, UnixStream> {
        lock(&self.stream)
    }

    /// Writes a whole frame; false (and dead from then on) when the connection is gone.
    pub fn send(&self, frame: &[u8]) -> bool {
        let mut stream = self.hold();
        Sink::send_held(self, &mut stream, frame)
    }

    pub fn send_held(&self, stream: &mut UnixStream, frame: &[u8]) -> bool {
        if self.dead.load(Ordering::Relaxed) {
            return false;
        }
        if stream.write_all(frame).is_err() {
            self.dead.store(true, Ordering::Relaxed);
            return false;
        }
        true
    }

    fn is_dead(&self) -> bool {
        self.dead.load(Ordering::Relaxed)
    }

    /// The exit went out: ends the connection, which also wakes the thread reading client frames from it.
    fn end(&self) {
        let _ = self.hold().shutdown(Shutdown::Both);
    }
}

pub struct Process {
    pub pid: i32,
    pub argv: Vec<String>,
    pub background: bool,
    pub tty: bool,
    pub main: bool,
    pub started_ms: u64,
    /// Wakes the pump when the exit is recorded; `None` for a process without pump (the main command).
    wake: Option<OwnedFd>,
    /// The terminal's master side, for resizes.
    terminal: Option<File>,
    state: Mutex<State>,
}

struct State {
    exit: Option<ExitStatus>,
    exited_at: Option<Instant>,
    /// The exit frame went to the sinks; later subscribers get replay and exit at once.
    finished: bool,
    rings: [Ring; 2],
    sinks: Vec<Arc<Sink>>,
    stdin: Option<Arc<File>>,
}

/// What a new subscriber gets first.
pub struct Subscription {
    pub replay: [Vec<u8>; 2],
    /// Set when the process is finished: the subscriber gets the exit right after the replay.
    pub exit: Option<ExitStatus>,
}

pub struct NewProcess {
    pub pid: i32,
    pub argv: Vec<String>,
    pub background: bool,
    pub main: bool,
    pub stdin: Option<File>,
    pub terminal: Option<File>,
    pub wake: Option<OwnedFd>,
    pub owner: Option<Arc<Sink>>,
}

impl Process {
    pub fn new(new: NewProcess) -> Process {
        let started_ms =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
        Process {
            pid: new.pid,
            argv: new.argv,
            background: new.background,
            tty: new.terminal.is_some(),
            main: new.main,
            started_ms,
            wake: new.wake,
            terminal: new.terminal,
            state: Mutex::new(State {
                exit: None,
                exited_at: None,
                finished: false,
                rings: [Ring::new(), Ring::new()],
                sinks: new.owner.into_iter().collect(),
                stdin: new.stdin.map(Arc::new),
            }),
        }
    }

    pub fn exit(&self) -> Option<ExitStatus> {
        lock(&self.state).exit
    }

    /// When the exit was recorded, and whether the exit frame went out.
    pub fn exit_progress(&self) -> (Option<Instant>, bool) {
        let state = lock(&self.state);
        (state.exited_at, state.finished)
    }

    pub fn has_stdin(&self) -> bool {
        lock(&self.state).stdin.is_some()
    }

    /// Called by the reaper.
    pub fn record_exit(&self, exit: ExitStatus) {
        {
            let mut state = lock(&self.state);
            state.exit = Some(exit);
            state.exited_at = Some(Instant::now());
            state.stdin = None;
        }
        match &self.wake {
            Some(wake) => sys::notify_eventfd(wake.as_raw_fd()),
            None => self.finish(),
        }
    }

    /// Called by the pump with each chunk read: into the ring, then to every connected sink.
    pub fn output(&self, stream: u8, data: &[u8]) {
        let sinks = {
            let mut state = lock(&self.state);
            state.rings[(stream - 1) as usize].push(data);
            state.sinks.clone()
        };
        if sinks.is_empty() {
            return;
        }
        let frame = wire::frame_with(wire::OUTPUT, &[stream], data);
        let mut lost = false;
        for sink in &sinks {
            lost |= !sink.send(&frame);
        }
        if lost {
            lock(&self.state).sinks.retain(|sink| !sink.is_dead());
        }
    }

    /// Sends the exit to every sink and ends their connections. Once.
    pub fn finish(&self) {
        let (sinks, exit) = {
            let mut state = lock(&self.state);
            if state.finished || state.exit.is_none() {
                return;
            }
            state.finished = true;
            (std::mem::take(&mut state.sinks), state.exit.unwrap())
        };
        let frame = exit_frame(exit);
        for sink in sinks {
            sink.send(&frame);
            sink.end();
        }
    }

    /// Registers a sink, atomically with taking the replay: nothing is lost or sent twice in between.
    /// The caller holds the sink (`Sink::hold`) until it has written the replay, so live output waits behind it.
    pub fn subscribe(&self, sink: &Arc<Sink>) -> Subscription {
        let mut state = lock(&self.state);
        let replay = [state.rings[0].contents(), state.rings[1].contents()];
        if state.finished {
            return Subscription { replay, exit: state.exit };
        }
        state.sinks.push(sink.clone());
        Subscription { replay, exit: None }
    }

    /// Drops the ring buffers (of a process that exited a while ago); true when they held anything.
    pub fn forget_output(&self) -> bool {
        let mut state = lock(&self.state);
        let held = !state.rings[0].is_empty() || !state.rings[1].is_empty();
        state.rings = [Ring::new(), Ring::new()];
        held
    }

    pub fn unsubscribe(&self, sink: &Arc<Sink>) {
        lock(&self.state).sinks.retain(|s| !Arc::ptr_eq(s, sink));
    }

    pub fn signal(&self, signal: i32) -> Result<(), Failure> {
        if let Some(exit) = self.exit() {
            return Err(Failure::conflict(format!("Process {} has already {}.", self.pid, describe(exit))));
        }
        // A process that made itself a session leader elsewhere has left its group: signal it alone.
        sys::kill_group(self.pid, signal)
            .or_else(|_| sys::kill_process(self.pid, signal))
            .map_err(|e| Failure::internal(format!("Cannot signal process {}: {}.", self.pid, sys::strerror(&e))))
    }

    pub fn write_stdin(&self, data: &[u8]) -> Result<(), Failure> {
        let stdin = self.open_stdin()?;
        (&*stdin).write_all(data).map_err(|e| {
            Failure::conflict(format!("Cannot write to the stdin of process {}: {}.", self.pid, sys::strerror(&e)))
        })
    }

    /// Closes stdin; with a terminal, sends end-of-file through it instead (the terminal stays usable).
    pub fn close_stdin(&self) -> Result<(), Failure> {
        if self.tty {
            return self.write_stdin(&[END_OF_TRANSMISSION]);
        }
        self.open_stdin()?;
        lock(&self.state).stdin = None;
        Ok(())
    }

    fn open_stdin(&self) -> Result<Arc<File>, Failure> {
        let state = lock(&self.state);
        if let Some(exit) = state.exit {
            return Err(Failure::conflict(format!("Process {} has already {}.", self.pid, describe(exit))));
        }
        state.stdin.clone().ok_or_else(|| {
            Failure::conflict(format!(
                "Process {} has no open stdin (it was started without one, or it was closed).",
                self.pid
            ))
        })
    }

    pub fn resize(&self, cols: u16, rows: u16) -> Result<(), Failure> {
        let terminal = self
            .terminal
            .as_ref()
            .ok_or_else(|| Failure::conflict(format!("Process {} has no terminal to resize.", self.pid)))?;
        if let Some(exit) = self.exit() {
            return Err(Failure::conflict(format!("Process {} has already {}.", self.pid, describe(exit))));
        }
        if cols == 0 || rows == 0 {
            return Err(Failure::bad_request("A terminal needs at least one column and one row."));
        }
        sys::set_window_size(terminal.as_raw_fd(), cols, rows).map_err(|e| {
            Failure::internal(format!("Cannot resize the terminal of process {}: {}.", self.pid, sys::strerror(&e)))
        })
    }

    /// The `PROCESS` frame of `list`.
    pub fn info_frame(&self) -> Vec<u8> {
        let exit = self.exit();
        let flags =
            exit.is_none() as u8 | (self.background as u8) << 1 | (self.tty as u8) << 2 | (self.main as u8) << 3;
        let mut encoder = Encoder::new().u32(self.pid as u32).u32(self.argv.len() as u32);
        for arg in &self.argv {
            encoder = encoder.str(arg);
        }
        let payload = encoder.u8(flags).i32(exit.map_or(0, ExitStatus::shell_code)).u64(self.started_ms).0;
        wire::frame(wire::PROCESS, &payload)
    }
}

pub fn exit_frame(exit: ExitStatus) -> Vec<u8> {
    wire::frame(wire::EXIT, &Encoder::new().i32(exit.shell_code()).i32(exit.signal).0)
}

/// "exited with code 0", "been killed by signal 9": completes "Process 42 has already …".
fn describe(exit: ExitStatus) -> String {
    if exit.signal != 0 {
        format!("been killed by signal {}", exit.signal)
    } else {
        format!("exited with code {}", exit.code)
    }
}
