//! The history of jobs: every job the window or the command line ran, with its frozen request,
//! copies of its inputs, its end state, request_id, usage, timings and its downloaded outputs.
//!
//! Layout under the data folder (`{data}/history`):
//! - `jobs/{id}.json`: one entry per job, rewritten atomically (temp file + fsync + rename);
//! - `files/{sha256}.{ext}`: inputs and outputs, stored once by content however many jobs use
//!   them (outputs are hard-linked from the output folder when the file system allows).
//!
//! Entries never hold the API key: they are built from [`JobSpec`] and the service's answers,
//! neither of which carries it.

pub use super::history_files::StoreError;
use crate::i18n::Said;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::job::{ImageSource, JobSpec};
use crate::api::wire::{OutputItem, Usage};

/// Why history could not be read or written: a sentence that says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.said())]
pub struct HistoryError {
    pub action: &'static str,
    pub path: String,
    pub detail: String,
}

impl HistoryError {
    /// The sentence, kept as words: its action is put into the same language when shown.
    pub fn said(&self) -> Said {
        let action = match self.action {
            "copy a file into" => crate::said!("history-action-copy"),
            "create" => crate::said!("history-action-create"),
            "delete from" => crate::said!("history-action-delete"),
            "write" => crate::said!("history-action-write"),
            other => Said::from(other),
        };
        crate::said!(
            "history-error",
            action = action,
            path = self.path.as_str(),
            detail = self.detail.as_str()
        )
    }
}

pub(super) fn err(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(std::io::Error) -> HistoryError + use<> {
    let path = path.display().to_string();
    move |e| HistoryError {
        action,
        path,
        detail: e.to_string(),
    }
}

/// Why a job could not be recorded at its start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BeginError {
    /// An input file could not be read (it is the job's problem, not history's).
    #[error("could not read {path}: {detail}")]
    Input { path: String, detail: Said },
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// Where a recorded job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryStatus {
    /// Started and not finished (yet, or the program stopped while it ran).
    Running,
    /// An async task that did not end while wanedit watched (connection lost): it stays in
    /// the journal and is resumed at the next start or by `wanedit resume`.
    Waiting,
    /// Every result is on disk.
    Done,
    /// Made (and billed) but some results are not on disk; their links live 24 h.
    Incomplete,
    Failed,
    Canceled,
    /// An async task found again more than 24 h after it was created.
    Expired,
}

impl HistoryStatus {
    pub fn label(self) -> &'static str {
        match self {
            HistoryStatus::Running => "running",
            HistoryStatus::Waiting => "waiting to resume",
            HistoryStatus::Done => "done",
            HistoryStatus::Incomplete => "results not all saved",
            HistoryStatus::Failed => "failed",
            HistoryStatus::Canceled => "cancelled",
            HistoryStatus::Expired => "expired",
        }
    }
}

/// One input as history keeps it: the copy in `files/` (local files) or the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredInput {
    /// The name the user knew it by ("coffee.png" or the URL).
    pub name: String,
    /// The copy's file name in `files/`; `None` for URL inputs (the service fetched them).
    pub file: Option<String>,
}

/// One downloaded result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredOutput {
    /// The copy's file name in `files/`.
    pub file: String,
    /// Where it was written in the output folder.
    #[serde(with = "crate::api::os_path")]
    pub saved_as: PathBuf,
    /// When the job composited: the composite beside this (raw) result, or why there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composite: Option<StoredComposite>,
    /// The designer's flag on it: picked or rejected (as photo culling tools flag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
}

/// A result's flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    Picked,
    Rejected,
}

/// What the designer kept of a job with boxes: each box from the result they chose (or the
/// original), composited with nothing sent. Made again from history's copies of the results
/// whenever it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Per box of the target, in order: `0` the original, `r` result `r` (1-based).
    pub boxes: Vec<usize>,
    /// The composite it made: its copy in `files/`, and where it was written.
    pub file: Option<String>,
    #[serde(with = "crate::api::os_path::maybe", default)]
    pub saved_as: Option<PathBuf>,
    /// The mask file it was made with (`wanedit compose --mask`), its copy in `files/`: the
    /// next choice for the job keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask: Option<String>,
}

impl StoredOutput {
    /// History's copy of the result as the job shows it: the composite when there is one,
    /// else the result itself (a name in `files/`).
    pub fn shown_file(&self) -> &str {
        self.composite
            .as_ref()
            .and_then(|c| c.file.as_deref())
            .unwrap_or(&self.file)
    }
}

/// A result composited into its target image (the boxes from the result, the rest original).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredComposite {
    /// The composite's copy in `files/` and where it was written; `None` when not composited.
    pub file: Option<String>,
    #[serde(with = "crate::api::os_path::maybe", default)]
    pub saved_as: Option<PathBuf>,
    /// The target image (0-based).
    pub target: usize,
    /// How well the result lined up with the target (0–1).
    pub confidence: f32,
    /// Why it was not composited: words put into the language of the moment when shown (an
    /// entry written before kept the sentence as it was said then).
    pub refusal: Option<Said>,
    /// What changed outside the boxes.
    pub change: Option<crate::imaging::composite::ChangeReport>,
    /// Where target pixels are in the raw result.
    #[serde(default)]
    pub mapping: Option<crate::imaging::register::Mapping>,
    /// Detail mode's crop (width, height) when the target was sent as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<(u32, u32)>,
}

/// How long each part took, in milliseconds from the start of the job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timings {
    /// The generation request left (after reading, checking and uploading).
    pub sent_ms: Option<u64>,
    /// The async task's id was known.
    pub task_ms: Option<u64>,
    /// The service's answer (sync) or the task's end (async) arrived.
    pub answered_ms: Option<u64>,
    /// Everything ended (results downloaded, or the failure known).
    pub finished_ms: Option<u64>,
}

/// One job in history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Sortable and unique: `20261125-031500-123-4f2a`.
    pub id: String,
    /// Milliseconds since the Unix epoch.
    pub created_ms: u64,
    /// The request as it was frozen when the job started (boxes in the pixels of the images
    /// as prepared for that model).
    pub spec: JobSpec,
    /// One per image of `spec`, in order.
    pub inputs: Vec<StoredInput>,
    /// The base URL it ran against (task ids are per region).
    pub base_url: String,
    /// The region (or Token Plan) the user named for a base URL that does not say it (a proxy,
    /// `--region token-plan --base-url …`); the base URL's own otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(with = "crate::api::os_path")]
    pub out_dir: PathBuf,
    pub status: HistoryStatus,
    /// Why it failed, or what is missing: words put into the language of the moment when
    /// shown (an entry made in English reads in Japanese after a switch).
    pub sentence: Option<Said>,
    pub code: Option<String>,
    pub request_id: Option<String>,
    pub task_id: Option<String>,
    pub usage: Option<Usage>,
    pub timings: Timings,
    /// Every result item in order (image links live 24 h: kept to fetch them again).
    pub items: Vec<OutputItem>,
    pub outputs: Vec<StoredOutput>,
    /// What was repaired on the way (alpha flattened, scaled…), as words to say.
    pub notices: Vec<Said>,
    /// The job whose result (or composite) is one of this job's inputs: the step before it
    /// in a chain of edits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Each box from its chosen result, when the designer chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Choice>,
}

impl HistoryEntry {
    /// Where it was billed, for prices and the ledger: a region's id, `token-plan`, or
    /// `other` (see `store::prices::region_key`).
    pub fn region_key(&self) -> &str {
        self.region
            .as_deref()
            .unwrap_or_else(|| super::prices::region_key(&self.base_url))
    }

    /// A client for where it ran (its region kept for a base URL that does not say it).
    pub fn client(
        &self,
        key: crate::api::client::ApiKey,
        timing: crate::api::client::Timing,
    ) -> crate::api::client::Client {
        let client = crate::api::client::Client::new(&self.base_url, key, timing);
        match self
            .region
            .as_deref()
            .and_then(crate::api::region::Region::find)
        {
            Some(r) => client.in_region(r),
            None => client,
        }
    }

    /// Names history's copies of the inputs ([`History::copy_inputs`], in order) where the
    /// entry has none yet.
    pub fn name_copies(&mut self, copies: Vec<Option<String>>) {
        for (stored, copy) in self.inputs.iter_mut().zip(copies) {
            stored.file = stored.file.take().or(copy);
        }
    }

    /// Text the History filter searches: prompt, model, status, ids, input names.
    pub fn haystack(&self) -> String {
        let mut s = format!(
            "{} {} {} {} {} {}",
            self.spec.prompt,
            self.spec.model,
            self.status.label(),
            self.id,
            self.request_id.as_deref().unwrap_or(""),
            self.task_id.as_deref().unwrap_or("")
        );
        for i in &self.inputs {
            s.push(' ');
            s.push_str(&i.name);
        }
        s.to_lowercase()
    }

    /// Whether every word of `filter` occurs (case-insensitive).
    pub fn matches(&self, filter: &str) -> bool {
        let hay = self.haystack();
        filter
            .split_whitespace()
            .all(|w| hay.contains(&w.to_lowercase()))
    }

    /// The image links of the result (to fetch results again within 24 h).
    pub fn result_urls(&self) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|i| match i {
                OutputItem::Image { url } => Some(url.clone()),
                _ => None,
            })
            .collect()
    }
}

/// The history folder.
#[derive(Debug, Clone)]
pub struct History {
    root: PathBuf,
}

impl History {
    /// History in `{data dir}/history`.
    pub fn open_default() -> History {
        History::at(super::journal::data_dir().join("history"))
    }

    pub fn at(root: impl Into<PathBuf>) -> History {
        History { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn jobs_dir(&self) -> PathBuf {
        self.root.join("jobs")
    }

    pub fn files_dir(&self) -> PathBuf {
        self.root.join("files")
    }

    /// The path of a stored file (`StoredInput::file`, `StoredOutput::file`).
    pub fn file_path(&self, name: &str) -> PathBuf {
        self.files_dir().join(name)
    }

    fn entry_path(&self, id: &str) -> PathBuf {
        self.jobs_dir().join(format!("{}.json", safe_id(id)))
    }

    /// A new entry for `spec`, with its local inputs copied into history, written to disk.
    /// Blocking (copies files): call it off the UI thread.
    pub fn begin(
        &self,
        spec: &JobSpec,
        base_url: &str,
        out_dir: &Path,
    ) -> Result<HistoryEntry, BeginError> {
        let mut entry = self.begin_uncopied(spec, base_url, out_dir)?;
        let copies = self.copy_inputs(spec)?;
        entry.name_copies(copies);
        entry.parent = self.parent_of(&entry).or(entry.parent);
        self.write(&entry)?;
        Ok(entry)
    }

    /// As [`History::begin`], without the copies of input files (a job makes them while it
    /// runs, [`History::copy_inputs`]): the entry exists at once, before anything is sent.
    /// A data URI input is kept as a file now, so that the entry never holds its base64.
    pub fn begin_uncopied(
        &self,
        spec: &JobSpec,
        base_url: &str,
        out_dir: &Path,
    ) -> Result<HistoryEntry, BeginError> {
        let created_ms = now_ms();
        let mut inputs = Vec::with_capacity(spec.images.len());
        for img in &spec.images {
            let name = img.display_name();
            let file = match &img.source {
                ImageSource::File(_) => None,
                ImageSource::Data(uri) => {
                    let bytes = crate::imaging::decode_data_uri(uri).map_err(|detail| {
                        BeginError::Input {
                            path: name.clone(),
                            detail,
                        }
                    })?;
                    Some(self.store_bytes(&bytes)?)
                }
                ImageSource::Url(_) | ImageSource::Oss(_) => None,
            };
            inputs.push(StoredInput { name, file });
        }
        // A data URI input is kept once, as a file in history: the entry names that file
        // instead of holding megabytes of base64.
        let mut kept = spec.clone();
        for (img, stored) in kept.images.iter_mut().zip(&inputs) {
            if let (ImageSource::Data(_), Some(f)) = (&img.source, &stored.file) {
                img.source = ImageSource::File(self.file_path(f));
            }
        }
        let mut entry = HistoryEntry {
            id: new_id(created_ms),
            created_ms,
            spec: kept,
            inputs,
            base_url: base_url.to_string(),
            region: None,
            out_dir: std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf()),
            status: HistoryStatus::Running,
            sentence: None,
            code: None,
            request_id: None,
            task_id: None,
            usage: None,
            timings: Timings::default(),
            items: Vec::new(),
            outputs: Vec::new(),
            notices: Vec::new(),
            parent: None,
            choice: None,
        };
        // A data URI's copy exists already: it may be a picture history made.
        entry.parent = self.parent_of(&entry);
        self.write(&entry)?;
        Ok(entry)
    }

    /// Writes (or rewrites) an entry atomically.
    pub fn write(&self, e: &HistoryEntry) -> Result<(), HistoryError> {
        let dir = self.jobs_dir();
        std::fs::create_dir_all(&dir).map_err(err("create", &dir))?;
        let path = self.entry_path(&e.id);
        // Whatever the sentences quote (a server's message, a library's error), what is
        // stored is redacted and free of control characters.
        let mut e = e.clone();
        let clean = |s: &str| crate::api::untrusted::clean(s, 4000);
        e.sentence = e.sentence.map(|s| s.map_text(&clean));
        e.notices = e.notices.iter().map(|s| s.map_text(&clean)).collect();
        e.code = e
            .code
            .as_deref()
            .map(|c| crate::api::untrusted::clean(c, 80));
        e.request_id = e
            .request_id
            .as_deref()
            .map(|c| crate::api::untrusted::clean(c, 128));
        e.task_id = e
            .task_id
            .as_deref()
            .map(|c| crate::api::untrusted::clean(c, 128));
        let text = serde_json::to_vec_pretty(&e).map_err(|x| HistoryError {
            action: "write",
            path: path.display().to_string(),
            detail: x.to_string(),
        })?;
        super::fs::write_atomic(&path, &text).map_err(err("write", &path))?;
        self.note_made(&e);
        Ok(())
    }

    /// Changes an entry where it stands on disk (read, changed, written atomically), one
    /// change at a time in this process: a flag and a choice made at once both stay.
    pub fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut HistoryEntry),
    ) -> Result<HistoryEntry, HistoryError> {
        static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
        let mut e = self.get(id).ok_or_else(|| HistoryError {
            action: "read",
            path: self.entry_path(id).display().to_string(),
            detail: "no such job in history".into(),
        })?;
        change(&mut e);
        self.write(&e)?;
        Ok(e)
    }

    pub fn get(&self, id: &str) -> Option<HistoryEntry> {
        std::fs::read(self.entry_path(id))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
    }

    /// Every entry, newest first. Unreadable files are skipped and left in place.
    pub fn list(&self) -> Vec<HistoryEntry> {
        let Ok(dir) = std::fs::read_dir(self.jobs_dir()) else {
            return Vec::new();
        };
        let mut out: Vec<HistoryEntry> = dir
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter_map(|b| serde_json::from_slice(&b).ok())
            .collect();
        out.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then(b.id.cmp(&a.id)));
        out
    }

    /// Deletes an entry and every stored file no other entry uses.
    pub fn delete(&self, id: &str) -> Result<(), HistoryError> {
        let path = self.entry_path(id);
        let gone = self.get(id);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                if let Some(e) = &gone {
                    self.forget_made(e);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(err("delete from", &path)(e)),
        }
        self.collect_garbage();
        Ok(())
    }

    /// The stored files the kept composer (`session.json` beside history) names as its images.
    fn named_by_the_composer(&self) -> Vec<String> {
        let Some(kept) = self
            .root
            .parent()
            .map(super::session::path)
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        else {
            return Vec::new();
        };
        let files = self.files_dir();
        let mut names = Vec::new();
        let mut stack = vec![&kept];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::String(t) => {
                    let p = std::path::Path::new(t);
                    if p.parent() == Some(files.as_path())
                        && let Some(n) = p.file_name()
                    {
                        names.push(n.to_string_lossy().into_owned());
                    }
                }
                serde_json::Value::Array(a) => stack.extend(a),
                serde_json::Value::Object(o) => stack.extend(o.values()),
                _ => {}
            }
        }
        names
    }

    /// Removes stored files no entry refers to, and none the window's kept composer names (a
    /// job reopened from an entry works on its copies: deleting the entry must not take them
    /// from under it), and temp files left by a crash.
    fn collect_garbage(&self) {
        let mut used: std::collections::HashSet<String> = self
            .list()
            .iter()
            .flat_map(|e| {
                // Composites and a choice's composite are kept too (they were collected
                // with the first delete of any entry).
                e.inputs
                    .iter()
                    .filter_map(|i| i.file.clone())
                    .chain(e.made_files().into_iter().map(String::from))
                    .collect::<Vec<_>>()
            })
            .collect();
        used.extend(self.named_by_the_composer());
        let Ok(dir) = std::fs::read_dir(self.files_dir()) else {
            return;
        };
        for f in dir.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            let temp = name.starts_with(super::fs::TEMP_PREFIX) || name.ends_with(".part");
            // A young temporary file may be a copy another process is making right now.
            let removable = if temp {
                super::fs::is_stale_temp(&f.path(), std::time::Duration::from_secs(3600))
            } else {
                !used.contains(&name)
            };
            if removable {
                let _ = std::fs::remove_file(f.path());
            }
        }
    }
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// `YYYYMMDD-HHMMSS-mmm-xxxx` (UTC), unique within this process and very likely across them.
fn new_id(ms: u64) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let secs = ms / 1000;
    let (y, mo, d) = civil_from_days((secs / 86_400) as i64);
    let t = secs % 86_400;
    let salt = (std::process::id() as u64)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed) as u64)
        & 0xffff;
    format!(
        "{y:04}{mo:02}{d:02}-{:02}{:02}{:02}-{:03}-{salt:04x}",
        t / 3600,
        (t / 60) % 60,
        t % 60,
        ms % 1000
    )
}

/// Seconds since the epoch as the machine's local date and time (year, month, day, hour,
/// minute, second), by the C library's time zone rules (`TZ`, `/etc/localtime`). `None` where
/// they cannot be read (the caller then shows UTC, saying so).
pub fn local_datetime(secs: i64) -> Option<(i64, u32, u32, u32, u32, u32)> {
    #[cfg(unix)]
    {
        #[expect(
            clippy::useless_conversion,
            reason = "time_t is 32 bits on some targets"
        )]
        let t: libc::time_t = secs.try_into().ok()?;
        // SAFETY: localtime_r writes only into `tm`, which lives here; a zeroed tm is valid.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::localtime_r(&t, &mut tm) };
        if r.is_null() {
            return None;
        }
        Some((
            tm.tm_year as i64 + 1900,
            (tm.tm_mon + 1) as u32,
            tm.tm_mday as u32,
            tm.tm_hour as u32,
            tm.tm_min as u32,
            tm.tm_sec as u32,
        ))
    }
    #[cfg(not(unix))]
    {
        let _ = secs;
        None
    }
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn safe_id(id: &str) -> String {
    super::journal::file_safe(id)
}

#[cfg(test)]
mod local_time_tests {
    /// The local time is the C library's: with TZ unset it is the machine's zone, and at the
    /// epoch it is one of the zones the world has (UTC−12 … UTC+14).
    #[test]
    fn local_time_is_the_machines_and_sane() {
        let (y, mo, d, h, mi, s) = super::local_datetime(0).unwrap();
        assert!(
            (y == 1970 && mo == 1 && d == 1) || (y == 1969 && mo == 12 && d == 31),
            "{y}-{mo}-{d}"
        );
        assert!(h < 24 && mi < 60 && s < 60);
        // Noon UTC on 2026-06-15 is the same day or a neighbour in any zone.
        let (y, mo, d, ..) = super::local_datetime(1_781_524_800).unwrap();
        assert_eq!((y, mo), (2026, 6));
        assert!((14..=16).contains(&d), "{d}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A job reopened from an entry works on history's copies: deleting the entry leaves the
    /// copies the window's kept composer names, and the next delete (the composer moved on)
    /// takes them.
    #[test]
    fn a_delete_keeps_the_copies_the_kept_composer_works_on() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::at(dir.path().join("history"));
        let photo = dir.path().join("photo.png");
        std::fs::write(&photo, b"not really a png, but bytes to keep").unwrap();
        let kept = h.store_file(&photo).unwrap();
        let copy = h.file_path(&kept);
        let composer = serde_json::json!({
            "inputs": [{ "source": ImageSource::File(copy.clone()), "name": "photo.png" }],
            "prompt": { "prompt": "box 1 in gold" },
        });
        let session = super::super::session::path(dir.path());
        std::fs::write(&session, serde_json::to_vec(&composer).unwrap()).unwrap();
        h.delete("no-such-entry").unwrap();
        assert!(copy.exists(), "the composer's copy was taken from under it");
        std::fs::write(&session, b"{\"inputs\": []}").unwrap();
        h.delete("no-such-entry").unwrap();
        assert!(!copy.exists(), "a copy nothing names is left behind");
    }

    #[test]
    fn ids_are_dated_and_sort_by_time() {
        // 2026-11-25 03:15:00.123 UTC
        let ms = 1_795_576_500_123;
        let id = new_id(ms);
        assert!(id.starts_with("20261125-031500-123-"), "{id}");
        assert!(new_id(ms + 1000) > id);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn the_filter_needs_every_word() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::at(dir.path());
        let mut spec = JobSpec::new("wan2.7-image", "Replace the raspberry with a LEMON");
        spec.images = vec![crate::api::job::JobImage::new(ImageSource::Url(
            "https://example.com/fruit.png".into(),
        ))];
        let e = h.begin(&spec, "http://x/api/v1", dir.path()).unwrap();
        assert!(e.matches("lemon raspberry"));
        assert!(e.matches("fruit.png wan2.7"));
        assert!(e.matches(""));
        assert!(!e.matches("lemon cherry"));
    }
}
