//! The task journal: every async task is written down the moment its task_id is known, so that
//! a paid result survives a crash, a kill or a closed laptop. `wanedit resume` (and, later, the
//! window at start) finishes every task still open. Entries never hold the API key.
//!
//! One JSON file per task in `{data dir}/tasks/`, written atomically (temp file + rename).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::i18n::Said;

/// Results live 24 hours on the service; after that a task cannot be fetched (§11).
pub const TASK_LIFETIME_SECS: u64 = 24 * 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryState {
    /// Created; its result has not been downloaded yet.
    Open,
    Done,
    Failed,
    /// Older than 24 hours when we came back to it.
    Expired,
}

/// One journaled task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub task_id: String,
    pub request_id: Option<String>,
    pub model: String,
    /// The base URL the task was created on (task ids are per region).
    pub base_url: String,
    #[serde(with = "crate::api::os_path")]
    pub out_dir: PathBuf,
    /// Seconds since the Unix epoch.
    pub created_at: u64,
    pub state: EntryState,
    /// Result files once downloaded.
    #[serde(default, with = "crate::api::os_path::list")]
    pub files: Vec<PathBuf>,
    /// The sentence saying why, for Failed / Expired: words put into the language of the
    /// moment when shown (an entry written before kept the sentence as it was said then).
    #[serde(default)]
    pub note: Option<Said>,
    /// The job's history entry, updated when the task ends.
    #[serde(default)]
    pub history_id: Option<String>,
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// An id (a task's, a job's) as part of a file name: ASCII letters, digits and `-` kept,
/// anything else `_`, so that no id can climb out of its folder.
pub fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// wanedit's data folder: `WANEDIT_DATA_DIR`, else the platform's (e.g. ~/.local/share/wanedit).
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("WANEDIT_DATA_DIR") {
        return PathBuf::from(d);
    }
    directories::ProjectDirs::from("", "", "wanedit")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("wanedit"))
}

/// The journal in `dir` (normally `data_dir()/tasks`).
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

impl Journal {
    pub fn open_default() -> Journal {
        Journal::at(data_dir().join("tasks"))
    }

    pub fn at(dir: impl Into<PathBuf>) -> Journal {
        Journal { dir: dir.into() }
    }

    fn path_for(&self, task_id: &str) -> PathBuf {
        self.dir.join(format!("{}.json", file_safe(task_id)))
    }

    /// The lock file that says which process owns the task (see `Recorder::claim_task`).
    pub fn lock_path(&self, task_id: &str) -> PathBuf {
        self.path_for(task_id).with_extension("lock")
    }

    /// Writes (or rewrites) an entry atomically.
    pub fn write(&self, e: &JournalEntry) -> Result<(), Said> {
        std::fs::create_dir_all(&self.dir).map_err(|err| {
            Said::Plain(format!("could not create {}: {err}", self.dir.display()))
        })?;
        let path = self.path_for(&e.task_id);
        let mut e = e.clone();
        let clean = |s: &str| crate::api::untrusted::clean(s, 4000);
        e.note = e.note.map(|n| n.map_text(&clean));
        let text = serde_json::to_vec_pretty(&e).map_err(|err| Said::Plain(err.to_string()))?;
        super::fs::write_atomic(&path, &text)
            .map_err(|err| Said::Plain(format!("could not write {}: {err}", path.display())))
    }

    /// Every entry, oldest first. Unreadable files are skipped (and left in place).
    pub fn entries(&self) -> Vec<JournalEntry> {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<JournalEntry> = dir
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter_map(|b| serde_json::from_slice(&b).ok())
            .collect();
        out.sort_by_key(|e| e.created_at);
        out
    }

    pub fn open_entries(&self) -> Vec<JournalEntry> {
        self.entries()
            .into_iter()
            .filter(|e| e.state == EntryState::Open)
            .collect()
    }

    pub fn get(&self, task_id: &str) -> Option<JournalEntry> {
        std::fs::read(self.path_for(task_id))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_only_open_ones_are_resumed() {
        let dir = std::env::temp_dir().join(format!("wanedit-journal-{}", std::process::id()));
        let j = Journal::at(&dir);
        let mut e = JournalEntry {
            task_id: "0385dc79-5ff8/../x".into(),
            request_id: Some("r".into()),
            model: "wan2.7-image".into(),
            base_url: "https://dashscope-intl.aliyuncs.com/api/v1".into(),
            out_dir: "/tmp/out".into(),
            created_at: 5,
            state: EntryState::Open,
            files: vec![],
            note: None,
            history_id: None,
        };
        j.write(&e).unwrap();
        assert_eq!(j.get(&e.task_id).unwrap(), e);
        assert_eq!(j.open_entries().len(), 1);
        e.state = EntryState::Done;
        j.write(&e).unwrap();
        assert!(j.open_entries().is_empty());
        assert_eq!(j.entries().len(), 1, "rewritten in place, not added");
        // The task id cannot escape the folder.
        assert!(
            std::fs::read_dir(&dir)
                .unwrap()
                .all(|f| f.unwrap().path().starts_with(&dir))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
