//! `SYMLINK`: creates a symbolic link, so a directory archive's links arrive as links. Like the other file requests
//! it runs on the connection's thread, as root or with the request's user's file system identity.

use crate::files::{act_as, io_failure, path};
use crate::tree;
use crate::wire::{Decoder, Failure};
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink as make_link;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Longest target the kernel stores (`PATH_MAX` minus the NUL).
const MAX_TARGET: usize = 4095;

/// Payload: target bytes, link path, replace u8 (1: replace a file or link already there), user opt<str>.
/// Missing parent directories are created, as `write` does. Without replace, anything at the path is a conflict;
/// with it, a file or a link is replaced atomically (the new link is made beside it and renamed over it), a directory
/// never is.
pub fn symlink(payload: &[u8]) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let target = decoder.bytes()?.to_vec();
    let link = path(&mut decoder)?;
    let replace = decoder.u8()? & 1 != 0;
    act_as(decoder.optional_string()?)?;
    if target.is_empty() || target.contains(&0) || target.len() > MAX_TARGET {
        return Err(Failure::bad_request(format!(
            "A link target must be 1 to {MAX_TARGET} bytes without a NUL byte (link '{}').",
            link.display()
        )));
    }
    create(OsStr::from_bytes(&target), &link, replace)
}

fn create(target: &OsStr, link: &Path, replace: bool) -> Result<(), Failure> {
    let existing = fs::symlink_metadata(link).ok();
    if let Some(meta) = &existing {
        if !replace {
            return Err(Failure::conflict(format!("Something is already at '{}'.", link.display())));
        }
        if meta.is_dir() {
            return Err(Failure::conflict(format!("'{}' is a directory; a link does not replace it.", link.display())));
        }
    }
    let parent = link.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    tree::create_all(parent).map_err(|e| io_failure(&e, parent))?;
    if existing.is_none() {
        return match make_link(target, link) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                Err(Failure::conflict(format!("Something is already at '{}'.", link.display())))
            }
            result => result.map_err(|e| io_failure(&e, link)),
        };
    }
    let temporary = temporary_name(parent);
    make_link(target, &temporary).map_err(|e| io_failure(&e, link))?;
    fs::rename(&temporary, link).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        io_failure(&e, link)
    })
}

fn temporary_name(directory: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    directory.join(format!(".warren-{}-{}.link", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Encoder;

    fn request(target: &str, link: &Path, replace: bool) -> Vec<u8> {
        Encoder::new().str(target).bytes(link.as_os_str().as_bytes()).u8(replace as u8).u8(0).0
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("warren-links-{name}-{}", std::process::id()));
        let _ = tree::remove_all(&dir);
        dir
    }

    #[test]
    fn a_link_is_made_with_its_missing_parents_and_stores_the_target_as_given() {
        let dir = scratch("make");
        let link = dir.join("a/b/link");
        symlink(&request("../x/y", &link, false)).unwrap();
        assert_eq!(fs::read_link(&link).unwrap(), PathBuf::from("../x/y"));
        tree::remove_all(&dir).unwrap();
    }

    #[test]
    fn an_existing_entry_is_a_conflict_unless_replace_is_asked_and_a_directory_always_is() {
        let dir = scratch("replace");
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("file"), b"x").unwrap();
        let refused = symlink(&request("t", &dir.join("file"), false)).unwrap_err();
        assert_eq!(refused.code, 3);
        assert_eq!(fs::read(dir.join("file")).unwrap(), b"x");
        symlink(&request("t", &dir.join("file"), true)).unwrap();
        assert_eq!(fs::read_link(dir.join("file")).unwrap(), PathBuf::from("t"));
        assert_eq!(symlink(&request("t", &dir.join("sub"), true)).unwrap_err().code, 3);
        assert!(fs::symlink_metadata(dir.join("sub")).unwrap().is_dir());
        let leftovers = fs::read_dir(&dir).unwrap().filter(|e| {
            e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".link")
        });
        assert_eq!(leftovers.count(), 0);
        tree::remove_all(&dir).unwrap();
    }

    #[test]
    fn an_empty_target_is_refused() {
        let dir = scratch("empty");
        assert_eq!(symlink(&request("", &dir.join("l"), false)).unwrap_err().code, 1);
        assert!(fs::symlink_metadata(dir.join("l")).is_err());
    }
}
