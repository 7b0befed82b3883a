//! `watch`: inotify on a path (and its subdirectories, including new ones, when recursive), reported as events
//! until the client closes the connection.

use crate::files::{act_as, path};
use crate::sys::{self, POLLIN, PollFd};
use crate::wire::{self, Decoder, Encoder, Failure};
use std::collections::HashMap;
use std::ffi::{CString, OsStr};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

const IN_MODIFY: u32 = 0x2;
const IN_ATTRIB: u32 = 0x4;
const IN_MOVED_FROM: u32 = 0x40;
const IN_MOVED_TO: u32 = 0x80;
const IN_CREATE: u32 = 0x100;
const IN_DELETE: u32 = 0x200;
const IN_DELETE_SELF: u32 = 0x400;
const IN_MOVE_SELF: u32 = 0x800;
const IN_Q_OVERFLOW: u32 = 0x4000;
const IN_IGNORED: u32 = 0x8000;
const IN_ISDIR: u32 = 0x4000_0000;
const IN_EXCL_UNLINK: u32 = 0x0400_0000;
const MASK: u32 = IN_CREATE
    | IN_MODIFY
    | IN_DELETE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_ATTRIB
    | IN_DELETE_SELF
    | IN_MOVE_SELF
    | IN_EXCL_UNLINK;

// Event kinds on the wire.
const CREATE: u8 = 1;
const WRITE: u8 = 2;
const REMOVE: u8 = 3;
const RENAME: u8 = 4;
const CHMOD: u8 = 5;

struct Watches {
    inotify: File,
    /// Watch descriptor → the directory (or file) it watches.
    paths: HashMap<i32, PathBuf>,
    root: i32,
}

impl Watches {
    fn add(&mut self, path: &Path) -> io::Result<i32> {
        let name = CString::new(path.as_os_str().as_bytes()).map_err(|_| io::ErrorKind::InvalidInput)?;
        let descriptor = sys::add_inotify_watch(self.inotify.as_raw_fd(), &name, MASK)?;
        self.paths.insert(descriptor, path.to_path_buf());
        Ok(descriptor)
    }

    /// Watches every directory under `directory` (not following links). Best effort: a directory that vanished
    /// or cannot be read meanwhile is skipped.
    fn add_tree(&mut self, directory: &Path) {
        let mut pending = vec![directory.to_path_buf()];
        while let Some(directory) = pending.pop() {
            let Ok(entries) = fs::read_dir(&directory) else { continue };
            for entry in entries.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    let path = entry.path();
                    if self.add(&path).is_ok() {
                        pending.push(path);
                    }
                }
            }
        }
    }
}

pub fn watch(payload: &[u8], stream: &UnixStream) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let root = path(&mut decoder)?;
    let recursive = decoder.u8()? != 0;
    act_as(decoder.optional_string()?)?;
    let meta = fs::metadata(&root).map_err(|e| crate::files::io_failure(&e, &root))?;
    let inotify =
        sys::new_inotify().map_err(|e| Failure::internal(format!("Cannot watch files: {}.", sys::strerror(&e))))?;
    let mut watches = Watches { inotify: File::from(inotify), paths: HashMap::new(), root: -1 };
    watches.root = watches
        .add(&root)
        .map_err(|e| Failure::internal(format!("Cannot watch '{}': {}.", root.display(), sys::strerror(&e))))?;
    if recursive && meta.is_dir() {
        watches.add_tree(&root);
    }
    let mut output = stream;
    if wire::send(&mut output, wire::OK, &[]).is_err() {
        return Ok(());
    }
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        let mut fds = [
            PollFd { fd: watches.inotify.as_raw_fd(), events: POLLIN, revents: 0 },
            PollFd { fd: stream.as_raw_fd(), events: POLLIN, revents: 0 },
        ];
        if sys::poll_fds(&mut fds, -1).is_err() || fds[1].revents != 0 {
            return Ok(()); // the client closed (it sends nothing on a watch)
        }
        if fds[0].revents == 0 {
            continue;
        }
        let count = match watches.inotify.read(&mut buffer) {
            Ok(count) => count,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted) => continue,
            Err(e) => return Err(Failure::internal(format!("The watch failed: {}.", sys::strerror(&e)))),
        };
        let events = decode(&mut watches, &buffer[..count], recursive)?;
        let mut frames = Vec::new();
        let mut last: Option<(u8, PathBuf)> = None;
        for (kind, path) in events {
            // A write is many IN_MODIFY: one event per path and batch is enough.
            if last.as_ref().is_some_and(|(k, p)| *k == kind && *p == path) {
                continue;
            }
            frames.extend_from_slice(&wire::frame(
                wire::EVENT,
                &Encoder::new().u8(kind).bytes(path.as_os_str().as_bytes()).0,
            ));
            last = Some((kind, path));
        }
        if output.write_all(&frames).is_err() {
            return Ok(());
        }
    }
}

/// `struct inotify_event { int wd; u32 mask; u32 cookie; u32 len; char name[len]; }`, back to back.
fn decode(watches: &mut Watches, mut bytes: &[u8], recursive: bool) -> Result<Vec<(u8, PathBuf)>, Failure> {
    let mut events = Vec::new();
    while bytes.len() >= 16 {
        let field = |at: usize| u32::from_ne_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let (descriptor, mask, length) = (field(0) as i32, field(4), field(12) as usize);
        let name = &bytes[16..(16 + length).min(bytes.len())];
        let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
        bytes = &bytes[(16 + length).min(bytes.len())..];
        if mask & IN_Q_OVERFLOW != 0 {
            return Err(Failure::internal("The watch lost events (the kernel's queue overflowed); watch again."));
        }
        if mask & IN_IGNORED != 0 {
            watches.paths.remove(&descriptor);
            continue;
        }
        let Some(base) = watches.paths.get(&descriptor) else { continue };
        let path = if name.is_empty() { base.clone() } else { base.join(OsStr::from_bytes(name)) };
        // A subdirectory's own removal is already reported by its parent's watch.
        if mask & (IN_DELETE_SELF | IN_MOVE_SELF) != 0 && descriptor != watches.root {
            continue;
        }
        let kind = if mask & (IN_CREATE | IN_MOVED_TO) != 0 {
            CREATE
        } else if mask & IN_MODIFY != 0 {
            WRITE
        } else if mask & (IN_DELETE | IN_DELETE_SELF) != 0 {
            REMOVE
        } else if mask & (IN_MOVED_FROM | IN_MOVE_SELF) != 0 {
            RENAME
        } else if mask & IN_ATTRIB != 0 {
            CHMOD
        } else {
            continue;
        };
        if recursive && kind == CREATE && mask & IN_ISDIR != 0 && watches.add(&path).is_ok() {
            watches.add_tree(&path);
        }
        events.push((kind, path));
    }
    Ok(events)
}
