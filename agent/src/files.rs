//! File requests. Each runs on its connection's own thread, as root, or, when the request names a user, with that
//! user's file system identity on this thread only (permission checks and ownership are the user's).

use crate::sys;
use crate::tree;
use crate::users;
use crate::wire::{self, Decoder, Encoder, Failure};
use std::ffi::OsStr;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, BufRead, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

const CHUNK: usize = 64 * 1024;
/// `write`'s mode meaning "keep the existing file's mode, or 0644".
const DEFAULT_MODE: u32 = u32::MAX;

pub fn stat(payload: &[u8], output: &mut impl Write) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let path = path(&mut decoder)?;
    act_as(decoder.optional_string()?)?;
    let meta = fs::symlink_metadata(&path).map_err(|e| io_failure(&e, &path))?;
    let _ = output.write_all(&file_frame(&path, &meta));
    Ok(())
}

/// Depth-first, each directory's entries by name; the top directory itself is not listed. Links are listed, not
/// followed (the top path may be one). Subdirectories that cannot be read are listed without their content.
pub fn list(payload: &[u8], output: &mut impl Write) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let root = path(&mut decoder)?;
    let depth = decoder.u32()?;
    act_as(decoder.optional_string()?)?;
    if depth < 1 {
        return Err(Failure::bad_request("A listing needs a depth of at least 1."));
    }
    let meta = fs::metadata(&root).map_err(|e| io_failure(&e, &root))?;
    if !meta.is_dir() {
        return Err(Failure::conflict(format!("'{}' is not a directory.", root.display())));
    }
    let top = sorted_entries(&root).map_err(|e| io_failure(&e, &root))?;
    let mut pending: Vec<(PathBuf, u32)> = top.into_iter().rev().map(|p| (p, 1)).collect();
    while let Some((entry, level)) = pending.pop() {
        let Ok(meta) = fs::symlink_metadata(&entry) else { continue };
        if output.write_all(&file_frame(&entry, &meta)).is_err() {
            return Ok(());
        }
        if meta.is_dir()
            && level < depth
            && let Ok(children) = sorted_entries(&entry)
        {
            pending.extend(children.into_iter().rev().map(|p| (p, level + 1)));
        }
    }
    let _ = wire::send(output, wire::END, &[]);
    Ok(())
}

fn sorted_entries(directory: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(directory)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    Ok(entries)
}

pub fn make_directories(payload: &[u8]) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let path = path(&mut decoder)?;
    act_as(decoder.optional_string()?)?;
    match tree::create_all(&path) {
        Ok(()) => Ok(()),
        Err(_) if fs::metadata(&path).is_ok_and(|m| !m.is_dir()) => {
            Err(Failure::conflict(format!("'{}' exists and is not a directory.", path.display())))
        }
        Err(e) => Err(io_failure(&e, &path)),
    }
}

pub fn remove(payload: &[u8]) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let path = path(&mut decoder)?;
    act_as(decoder.optional_string()?)?;
    if path.parent().is_none() {
        return Err(Failure::bad_request("The agent does not remove '/'."));
    }
    let meta = fs::symlink_metadata(&path).map_err(|e| io_failure(&e, &path))?;
    let result = if meta.is_dir() { tree::remove_all(&path) } else { fs::remove_file(&path) };
    result.map_err(|e| io_failure(&e, &path))
}

pub fn rename(payload: &[u8]) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let from = path(&mut decoder)?;
    let to = path(&mut decoder)?;
    act_as(decoder.optional_string()?)?;
    fs::symlink_metadata(&from).map_err(|e| io_failure(&e, &from))?;
    fs::rename(&from, &to).map_err(|e| io_failure(&e, &to))
}

pub fn read(payload: &[u8], output: &mut impl Write) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let path = path(&mut decoder)?;
    act_as(decoder.optional_string()?)?;
    // Non-blocking open: a FIFO put there must not hang the connection; only regular files are read.
    let mut file =
        OpenOptions::new().read(true).custom_flags(sys::O_NONBLOCK).open(&path).map_err(|e| io_failure(&e, &path))?;
    match file.metadata() {
        Ok(meta) if meta.is_dir() => {
            return Err(Failure::conflict(format!("'{}' is a directory.", path.display())));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Failure::conflict(format!("'{}' is not a regular file.", path.display())));
        }
        Ok(_) => {}
        Err(e) => return Err(io_failure(&e, &path)),
    }
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let count = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(count) => count,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_failure(&e, &path)),
        };
        if wire::send(output, wire::DATA, &chunk[..count]).is_err() {
            return Ok(()); // the client went away
        }
    }
    let _ = wire::send(output, wire::END, &[]);
    Ok(())
}

/// Content arrives in `IN_DATA` frames until `IN_END`, into a temporary file beside the target that is renamed over
/// it at the end: readers see the old file or the new one, never a part. Missing parents are created.
pub fn write(payload: &[u8], mut input: impl BufRead, output: &mut impl Write) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let path = path(&mut decoder)?;
    let mode = decoder.u32()?;
    let user = decoder.optional_string()?;
    let as_root = user.is_none();
    act_as(user)?;
    let existing = fs::metadata(&path).ok();
    if existing.as_ref().is_some_and(Metadata::is_dir) {
        return Err(Failure::conflict(format!("'{}' is a directory.", path.display())));
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    tree::create_all(parent).map_err(|e| io_failure(&e, parent))?;
    let mode = match (mode, &existing) {
        (DEFAULT_MODE, Some(meta)) => meta.mode() & 0o7777,
        (DEFAULT_MODE, None) => 0o644,
        (mode, _) => mode & 0o7777,
    };
    let temporary = Temporary::create(parent).map_err(|e| io_failure(&e, parent))?;
    if wire::send(output, wire::OK, &[]).is_err() {
        return Ok(());
    }
    let mut file = &temporary.file;
    loop {
        match wire::read_frame(&mut input) {
            Ok(Some(frame)) if frame.kind == wire::IN_DATA => {
                file.write_all(&frame.payload).map_err(|e| io_failure(&e, &path))?;
            }
            Ok(Some(frame)) if frame.kind == wire::IN_END => break,
            Ok(Some(frame)) => {
                return Err(Failure::bad_request(format!(
                    "Frame type 0x{:02x} is not allowed while writing a file.",
                    frame.kind
                )));
            }
            _ => return Ok(()), // the client went away: the temporary file goes, the target stays as it was
        }
    }
    temporary.file.set_permissions(fs::Permissions::from_mode(mode)).map_err(|e| io_failure(&e, &path))?;
    if let (true, Some(meta)) = (as_root, &existing) {
        // Root replacing someone's file keeps it theirs.
        let _ = std::os::unix::fs::fchown(&temporary.file, Some(meta.uid()), Some(meta.gid()));
    }
    temporary.commit(&path).map_err(|e| io_failure(&e, &path))?;
    let _ = wire::send(output, wire::OK, &[]);
    Ok(())
}

/// A temporary file that is removed unless it was renamed into place.
struct Temporary {
    path: PathBuf,
    file: File,
    committed: bool,
}

impl Temporary {
    fn create(directory: &Path) -> io::Result<Temporary> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = format!(".warren-{}-{}.tmp", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = directory.join(name);
        let file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
        Ok(Temporary { path, file, committed: false })
    }

    fn commit(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Applies the request's user to this thread's file system identity; nothing when it names none.
pub fn act_as(user: Option<String>) -> Result<(), Failure> {
    let Some(user) = user else { return Ok(()) };
    let credentials = users::resolve(&user).map_err(Failure::bad_request)?;
    let euid = sys::effective_uid();
    if euid != 0 {
        return if credentials.uid == euid {
            Ok(())
        } else {
            Err(Failure::denied(format!("The agent does not run as root, so it cannot act as user '{user}'.")))
        };
    }
    sys::act_as_on_this_thread(credentials.uid, credentials.gid, &credentials.groups)
        .map_err(|e| Failure::internal(format!("Cannot act as user '{user}': {}.", sys::strerror(&e))))
}

pub fn path(decoder: &mut Decoder) -> Result<PathBuf, Failure> {
    let bytes = decoder.bytes()?;
    if bytes.is_empty() || bytes.contains(&0) {
        return Err(Failure::bad_request("A path must be non-empty and contain no NUL byte."));
    }
    Ok(PathBuf::from(OsStr::from_bytes(bytes)))
}

/// `FILE`: path, name, type (1 file, 2 directory, 3 link, 4 other), size, mode, mtime ms, link target.
pub fn file_frame(path: &Path, meta: &Metadata) -> Vec<u8> {
    let kind = meta.file_type();
    let type_code = if kind.is_symlink() {
        3
    } else if kind.is_dir() {
        2
    } else if kind.is_file() {
        1
    } else {
        4
    };
    let target = if kind.is_symlink() { fs::read_link(path).ok() } else { None };
    let name = path.file_name().map_or(path.as_os_str(), |n| n);
    let mtime_ms = meta.mtime() * 1000 + meta.mtime_nsec() / 1_000_000;
    let payload = Encoder::new()
        .bytes(path.as_os_str().as_bytes())
        .bytes(name.as_bytes())
        .u8(type_code)
        .u64(meta.len())
        .u32(meta.mode() & 0o7777)
        .u64(mtime_ms as u64)
        .optional_bytes(target.as_ref().map(|t| t.as_os_str().as_bytes()))
        .0;
    wire::frame(wire::FILE, &payload)
}

/// "No such file or directory: '/x'" with the code the client maps to an exception.
pub fn io_failure(error: &io::Error, path: &Path) -> Failure {
    let sentence = format!("{}: '{}'", sys::strerror(error), path.display());
    match error.kind() {
        io::ErrorKind::NotFound => Failure::not_found(sentence),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => Failure::denied(sentence),
        io::ErrorKind::AlreadyExists
        | io::ErrorKind::IsADirectory
        | io::ErrorKind::NotADirectory
        | io::ErrorKind::DirectoryNotEmpty
        | io::ErrorKind::CrossesDevices => Failure::conflict(sentence),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidFilename => Failure::bad_request(sentence),
        _ => Failure::internal(sentence),
    }
}
