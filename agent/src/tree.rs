//! Creating and removing directory trees without recursion: std's `create_dir_all` and `remove_dir_all` recurse once
//! per level, and a deep tree (a user can make one) would overflow a connection thread's small stack and take the
//! whole agent down. Paths longer than PATH_MAX fail with "File name too long" instead.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// `mkdir -p`: the missing ancestors from the top down. Succeeds when the directory exists.
pub fn create_all(path: &Path) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut current = Some(path);
    while let Some(directory) = current {
        if directory.as_os_str().is_empty() || fs::metadata(directory).is_ok() {
            break;
        }
        missing.push(directory);
        current = directory.parent();
    }
    for directory in missing.into_iter().rev() {
        match fs::create_dir(directory) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && fs::metadata(directory)?.is_dir() => {}
            result => result?,
        }
    }
    if fs::metadata(path)?.is_dir() { Ok(()) } else { Err(io::ErrorKind::NotADirectory.into()) }
}

/// `rm -r`: depth-first with an explicit stack; links are removed, never followed. Entries that vanish meanwhile
/// are fine.
pub fn remove_all(root: &Path) -> io::Result<()> {
    let mut pending: Vec<(PathBuf, bool)> = vec![(root.to_path_buf(), false)];
    while let Some((directory, emptied)) = pending.pop() {
        if emptied {
            ignore_vanished(fs::remove_dir(&directory))?;
            continue;
        }
        pending.push((directory.clone(), true));
        let entries = match fs::read_dir(&directory) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            entries => entries?,
        };
        for entry in entries {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push((entry.path(), false));
            } else {
                ignore_vanished(fs::remove_file(entry.path()))?;
            }
        }
    }
    Ok(())
}

fn ignore_vanished(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deep_tree_is_made_and_removed_on_a_small_stack() {
        let root = std::env::temp_dir().join(format!("warren-tree-test-{}", std::process::id()));
        let deep: PathBuf = (0..1500).fold(root.clone(), |path, _| path.join("d"));
        std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                create_all(&deep).unwrap();
                create_all(&deep).unwrap();
                fs::write(deep.join("file"), b"x").unwrap();
                remove_all(&root).unwrap();
                assert!(!root.exists());
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
