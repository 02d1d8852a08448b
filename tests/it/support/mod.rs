//! Shared helpers for the integration tests: the DashScope stand-in and test photos.

#![allow(dead_code)]

pub mod hostile;
pub mod standin;
pub mod window;

use std::path::PathBuf;
use std::time::Duration;

use wanedit::api::client::{ApiKey, Client, Timing};

/// A real photograph from tests/data/photos (copied from the scikit-image sample data).
pub fn photo(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/photos")
        .join(name)
}

/// Poll and retry quickly: the stand-in's clock runs in milliseconds.
pub fn fast_timing() -> Timing {
    Timing {
        poll_first: Duration::from_millis(10),
        poll_max: Duration::from_millis(40),
        poll_error_limit: 4,
        retry_first: Duration::from_millis(10),
        retry_max: Duration::from_millis(40),
        create_retries: 3,
        download_retries: 3,
        read_timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        free_timeout: Duration::from_secs(5),
        stall_timeout: Duration::from_secs(5),
        task_deadline: Duration::from_secs(60),
        after_cancel: Duration::from_secs(5),
    }
}

pub fn client_for(s: &standin::StandIn) -> Client {
    Client::new(&s.base_url, ApiKey::new(s.key()).unwrap(), fast_timing())
}

/// A fresh data folder (history, task journal) for one app or queue under test, kept in the
/// target folder's tmp so a failed test leaves it to look at.
pub fn data_dir() -> PathBuf {
    tempfile::Builder::new()
        .prefix("data-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .keep()
}

/// Every file below `dir`, in any depth.
pub fn files_below(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_below(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Whether a command is on the PATH (the real-window tests' Xvfb, xdotool, import).
pub fn have(tool: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
