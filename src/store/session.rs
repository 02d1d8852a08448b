//! The window's working state (its images, boxes, prompt and model: what the window calls the
//! composer) kept in the data folder while the window runs, so that a crash, a kill or a power
//! cut loses nothing. The window writes it atomically on every change ([`super::fs::write_atomic`]).
//!
//! One window owns it at a time: an OS lock on `session.lock` ([`super::owner`]), held for the
//! window's life and released by the OS however the process ends (a SIGKILL leaves nothing
//! stale). A second window on the same data folder neither restores nor writes it.

use std::path::{Path, PathBuf};

use super::owner;

/// The kept state's file in `dir` (the data folder).
pub fn path(dir: &Path) -> PathBuf {
    dir.join("session.json")
}

/// This process owns the kept state until it is dropped (or the process ends).
#[derive(Debug)]
pub struct SessionOwner {
    _lock: owner::Owned,
    path: PathBuf,
}

/// What [`claim`] found.
#[derive(Debug)]
pub enum Claim {
    Owned(SessionOwner),
    /// Another live wanedit window owns it.
    Busy,
}

/// Takes the kept state of the data folder `dir` for this process, unless another holds it.
pub fn claim(dir: &Path) -> std::io::Result<Claim> {
    match owner::claim(&dir.join("session.lock"))? {
        owner::Claim::Owned(lock) => Ok(Claim::Owned(SessionOwner {
            _lock: lock,
            path: path(dir),
        })),
        owner::Claim::Busy { .. } => Ok(Claim::Busy),
    }
}

impl SessionOwner {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the last owner kept (`None`: nothing, or unreadable).
    #[expect(
        clippy::disallowed_methods,
        reason = "read once, at the window's start"
    )]
    pub fn read(&self) -> Option<Vec<u8>> {
        std::fs::read(&self.path).ok()
    }

    /// Writes `bytes` atomically (blocking: call it on the runtime's blocking pool, or once at
    /// the window's close).
    pub fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        super::fs::write_atomic(&self.path, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_owner_at_a_time_and_the_lock_goes_with_the_owner() {
        let dir = tempfile::tempdir().unwrap();
        let first = match claim(dir.path()).unwrap() {
            Claim::Owned(o) => o,
            Claim::Busy => panic!("nobody held it"),
        };
        assert!(matches!(claim(dir.path()).unwrap(), Claim::Busy));
        first.write(b"{\"kept\":1}").unwrap();
        drop(first);
        let second = match claim(dir.path()).unwrap() {
            Claim::Owned(o) => o,
            Claim::Busy => panic!("the first owner is gone"),
        };
        assert_eq!(second.read().unwrap(), b"{\"kept\":1}");
    }
}
