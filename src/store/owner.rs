//! One owner at a time for anything paid or downloaded: a batch, a journaled task, a job's
//! downloads, the window's kept composer. Ownership is an OS file lock (`flock` on Unix,
//! `LockFileEx` on Windows, through std's `File::try_lock`), held for as long as the owner
//! lives and released by the OS however the process ends: a SIGKILL or a power cut leaves
//! nothing stale to clean up, and the next process simply takes over.
//!
//! The owner writes its process id into the lock file so that the one turned away can say who
//! has it ("running in another wanedit, pid 4711"). Where the OS keeps a locked file unreadable
//! to others (Windows), the sentence goes without the pid.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Held while this process owns the thing; dropping it releases the lock.
#[derive(Debug)]
pub struct Owned {
    file: File,
    path: PathBuf,
}

impl Owned {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        // The pid goes with the ownership (a reader between this and the unlock sees none).
        let _ = self.file.set_len(0);
    }
}

/// What [`claim`] found.
#[derive(Debug)]
pub enum Claim {
    Owned(Owned),
    /// Another live process owns it (its pid, when it could be read).
    Busy {
        pid: Option<u32>,
    },
}

/// Takes the lock at `path` (its folder is made if missing), unless another process holds it.
#[expect(
    clippy::disallowed_methods,
    reason = "a lock is claimed once, at the window's start or as a job starts"
)]
pub fn claim(path: &Path) -> std::io::Result<Claim> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            write!(file, "{}", std::process::id())?;
            file.flush()?;
            Ok(Claim::Owned(Owned {
                file,
                path: path.to_path_buf(),
            }))
        }
        Err(TryLockError::WouldBlock) => Ok(Claim::Busy {
            pid: std::fs::read_to_string(path)
                .ok()
                .and_then(|s| s.trim().parse().ok()),
        }),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// "in another wanedit, pid 4711", or without the pid when it is not known, or "already in
/// this wanedit" when the owner is this process.
pub fn elsewhere(pid: Option<u32>) -> crate::i18n::Said {
    match pid {
        // This very process (the window's own job, asked for again from History).
        Some(pid) if pid == std::process::id() => crate::said!("owner-here"),
        Some(pid) => crate::said!("owner-elsewhere-pid", pid = pid.to_string()),
        None => crate::said!("owner-elsewhere"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_owner_at_a_time_says_its_pid_and_goes_with_the_owner() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locks/x.lock");
        let first = match claim(&path).unwrap() {
            Claim::Owned(o) => o,
            Claim::Busy { .. } => panic!("nobody held it"),
        };
        match claim(&path).unwrap() {
            Claim::Busy { pid } => assert_eq!(pid, Some(std::process::id())),
            Claim::Owned(_) => panic!("two owners"),
        }
        drop(first);
        assert!(matches!(claim(&path).unwrap(), Claim::Owned(_)));
    }
}
