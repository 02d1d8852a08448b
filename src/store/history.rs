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

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::job::{ImageSource, JobSpec};
use crate::api::wire::{OutputItem, Usage};

/// Why history could not be read or written: a sentence that says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "wanedit could not {action} its history in {path} ({detail}); free some disk space or make the folder writable"
)]
pub struct HistoryError {
    pub action: &'static str,
    pub path: String,
    pub detail: String,
}

fn err(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> HistoryError + use<> {
    let path = path.display().to_string();
    move |e| HistoryError {
        action,
        path,
        detail: e.to_string(),
    }
}

/// Why a job could not be recorded at its start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BeginError {
    /// An input file could not be read (it is the job's problem, not history's).
    #[error("could not read {path}: {detail}")]
    Input { path: String, detail: String },
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
    pub saved_as: PathBuf,
    /// When the job composited: the composite beside this (raw) result, or why there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composite: Option<StoredComposite>,
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
    pub saved_as: Option<PathBuf>,
    /// The target image (0-based).
    pub target: usize,
    /// How well the result lined up with the target (0–1).
    pub confidence: f32,
    /// Why it was not composited.
    pub refusal: Option<String>,
    /// What changed outside the boxes.
    pub change: Option<crate::imaging::composite::ChangeReport>,
    /// Where target pixels are in the raw result.
    #[serde(default)]
    pub mapping: Option<crate::imaging::register::Mapping>,
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
    pub out_dir: PathBuf,
    pub status: HistoryStatus,
    /// Why it failed, or what is missing, as a sentence.
    pub sentence: Option<String>,
    pub code: Option<String>,
    pub request_id: Option<String>,
    pub task_id: Option<String>,
    pub usage: Option<Usage>,
    pub timings: Timings,
    /// Every result item in order (image links live 24 h: kept to fetch them again).
    pub items: Vec<OutputItem>,
    pub outputs: Vec<StoredOutput>,
    /// What was repaired on the way (alpha flattened, scaled…).
    pub notices: Vec<String>,
}

impl HistoryEntry {
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
        self.write(&entry)?;
        Ok(entry)
    }

    /// Copies of the input files of `spec` into history (see [`History::store_file`]), in
    /// order; `None` for an input that is not a file. Blocking.
    pub fn copy_inputs(&self, spec: &JobSpec) -> Result<Vec<Option<String>>, BeginError> {
        self.copy_small_inputs(spec, u64::MAX)
    }

    /// As [`History::copy_inputs`] for the input files of at most `at_most` bytes (`None`
    /// for the others). Blocking.
    pub fn copy_small_inputs(
        &self,
        spec: &JobSpec,
        at_most: u64,
    ) -> Result<Vec<Option<String>>, BeginError> {
        spec.images
            .iter()
            .map(|img| match &img.source {
                ImageSource::File(p) if !is_larger(p, at_most) => self.store_input(p).map(Some),
                _ => Ok(None),
            })
            .collect()
    }

    /// As [`History::copy_inputs`] for the input files larger than `hashed_above` bytes
    /// (`None` for the others), with the hashes a job takes of them as it reads and checks
    /// them: `next_checked` gives, in input order, each local file's `(index, len, sha256)`
    /// as the job checked it (`None` once the job says no more: the files left are copied as
    /// they are). Such a file that history holds already under that hash is not copied again
    /// (a designer runs several jobs on the same inputs; nine camera files are 150 MB to
    /// write). Blocking.
    pub fn copy_inputs_as_checked(
        &self,
        spec: &JobSpec,
        hashed_above: u64,
        mut next_checked: impl FnMut() -> Option<(usize, u64, Option<[u8; 32]>)>,
    ) -> Result<Vec<Option<String>>, BeginError> {
        let mut checked = std::collections::HashMap::new();
        let mut said_up_to: Option<usize> = None;
        let mut ended = false;
        let mut copies = Vec::with_capacity(spec.images.len());
        for (i, img) in spec.images.iter().enumerate() {
            let ImageSource::File(p) = &img.source else {
                copies.push(None);
                continue;
            };
            if !is_larger(p, hashed_above) {
                copies.push(None);
                continue;
            }
            while !ended && said_up_to.is_none_or(|s| s < i) {
                match next_checked() {
                    Some((j, len, sha256)) => {
                        checked.insert(j, (len, sha256));
                        said_up_to = Some(j);
                    }
                    None => ended = true,
                }
            }
            let kept = match checked.get(&i) {
                Some((len, Some(sha256))) => self.kept_copy(p, sha256, *len),
                _ => None,
            };
            copies.push(Some(match kept {
                Some(name) => name,
                None => self.store_input(p)?,
            }));
        }
        Ok(copies)
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
            let name = img.source.display_name();
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
        let entry = HistoryEntry {
            id: new_id(created_ms),
            created_ms,
            spec: kept,
            inputs,
            base_url: base_url.to_string(),
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
        };
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
        e.sentence = e.sentence.as_deref().map(clean);
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
        e.notices = e.notices.iter().map(|n| clean(n)).collect();
        let text = serde_json::to_vec_pretty(&e).map_err(|x| HistoryError {
            action: "write",
            path: path.display().to_string(),
            detail: x.to_string(),
        })?;
        super::fs::write_atomic(&path, &text).map_err(err("write", &path))
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
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(err("delete from", &path)(e)),
        }
        self.collect_garbage();
        Ok(())
    }

    /// Removes stored files no entry refers to (and temp files left by a crash).
    fn collect_garbage(&self) {
        let used: std::collections::HashSet<String> = self
            .list()
            .iter()
            .flat_map(|e| {
                e.inputs
                    .iter()
                    .filter_map(|i| i.file.clone())
                    .chain(e.outputs.iter().map(|o| o.file.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
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

    /// Copies a user's input into history (see [`History::store_file`]); a file that cannot be
    /// read is the job's problem, said as such, not history's.
    fn store_input(&self, source: &Path) -> Result<String, BeginError> {
        self.store_file(source).map_err(|e| match e {
            StoreError::Source(detail) => BeginError::Input {
                path: source.display().to_string(),
                detail: detail.to_string(),
            },
            StoreError::History(h) => BeginError::History(h),
        })
    }

    /// The name of a copy of `source` that history holds already, found by the hash of the
    /// `len` bytes a job read and checked (history names its copies by that hash): a real
    /// copy of that length, not a link to the user's file. Reads 64 bytes of `source` (the
    /// kind of image names the copy); `None` when there is no such copy.
    pub fn kept_copy(&self, source: &Path, sha256: &[u8; 32], len: u64) -> Option<String> {
        use std::io::Read;
        let mut head = Vec::with_capacity(64);
        std::fs::File::open(source)
            .ok()?
            .take(64)
            .read_to_end(&mut head)
            .ok()?;
        let ext = crate::imaging::sniff(&head)?
            .extensions_str()
            .first()
            .copied()?;
        let hex: String = sha256.iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("{hex}.{ext}");
        let kept = std::fs::symlink_metadata(self.file_path(&name)).ok()?;
        (kept.is_file() && link_count(&kept) == 1 && kept.len() == len).then_some(name)
    }

    /// Stores a real copy of a file by content (a copy-on-write clone where the file system
    /// has one); returns its name in `files/`. The source is only read: the copy is made under
    /// a temporary name of this process, created new, and renamed into place, so no other job
    /// and no file left by a crash can make a write land in the user's file, and editing the
    /// original later leaves history's copy as it was.
    pub fn store_file(&self, source: &Path) -> Result<String, StoreError> {
        let dir = self.files_dir();
        let (tmp, hash, head) = super::fs::copy_into(source, &dir, super::fs::MAX_INPUT_BYTES)
            .map_err(|e| match e {
                super::fs::CopyError::Source(s) => StoreError::Source(s),
                super::fs::CopyError::Target(io) => {
                    StoreError::History(err("copy a file into", &dir)(io))
                }
            })?;
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        let ext = crate::imaging::sniff(&head)
            .and_then(|f| f.extensions_str().first().copied())
            .unwrap_or("bin");
        let name = format!("{hex}.{ext}");
        let target = dir.join(&name);
        // Same content already kept as a file of its own: the new copy is not needed. Older
        // versions hard-linked inputs (sharing the user's inode): such a copy is replaced.
        if std::fs::metadata(&target).is_ok_and(|m| link_count(&m) == 1) {
            let _ = std::fs::remove_file(&tmp);
            return Ok(name);
        }
        std::fs::rename(&tmp, &target).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            StoreError::History(err("write", &target)(e))
        })?;
        // The folder is not flushed either: on ext4 that would force the copy's data out with
        // it (see `fs::copy_into`). The entry that names the copy is written atomically.
        Ok(name)
    }
}

impl History {
    /// Stores bytes (a data URI's image) by content, like [`History::store_file`].
    pub fn store_bytes(&self, bytes: &[u8]) -> Result<String, HistoryError> {
        use sha2::{Digest, Sha256};
        let hex: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let ext = crate::imaging::sniff(bytes)
            .and_then(|f| f.extensions_str().first().copied())
            .unwrap_or("bin");
        let name = format!("{hex}.{ext}");
        let target = self.file_path(&name);
        if !target.exists() {
            super::fs::write_atomic(&target, bytes).map_err(err("write", &target))?;
        }
        Ok(name)
    }
}

/// Why a file could not be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The file to keep could not be read.
    #[error("{0}")]
    Source(super::fs::InputFileError),
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// Whether `path` is a file of more than `bytes` bytes (one that cannot be read is not).
fn is_larger(path: &Path, bytes: u64) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > bytes)
}

#[cfg(unix)]
fn link_count(m: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(not(unix))]
fn link_count(_: &std::fs::Metadata) -> u64 {
    1
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn png_of(seed: u8) -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(32, 32, |x, y| image::Rgb([seed, x as u8 * 7, y as u8 * 5]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_file_held_already_under_the_checked_hash_is_named_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::at(dir.path().join("history"));
        let photo = dir.path().join("photo.png");
        let (first, second) = (png_of(1), png_of(2));
        std::fs::write(&photo, &first).unwrap();
        let kept = h.store_file(&photo).unwrap();
        let mut spec = JobSpec::new("wan2.7-image", "Make it dusk");
        spec.images = vec![crate::api::job::JobImage::new(ImageSource::File(
            photo.clone(),
        ))];
        let sha = crate::imaging::sha256_of(&first);
        // The file now holds other bytes: a copy would be named by them. The job checked the
        // first bytes (its stream refuses to send the others), and history holds those.
        std::fs::write(&photo, &second).unwrap();
        let mut said = vec![(0, first.len() as u64, Some(sha))].into_iter();
        let copies = h.copy_inputs_as_checked(&spec, 0, || said.next()).unwrap();
        assert_eq!(copies, vec![Some(kept.clone())]);
        assert_eq!(std::fs::read(h.file_path(&kept)).unwrap(), first);

        // Without the job's word, or with a length the kept copy does not have (a copy cut
        // short), the file is copied as it is now.
        let other = h.store_file(&photo).unwrap();
        assert_ne!(other, kept);
        for said in [None, Some((0, first.len() as u64 + 1, Some(sha)))] {
            let mut said = said.into_iter();
            let copies = h.copy_inputs_as_checked(&spec, 0, || said.next()).unwrap();
            assert_eq!(copies, vec![Some(other.clone())]);
        }
    }

    #[test]
    fn copies_wait_for_the_job_to_say_each_file_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::at(dir.path().join("history"));
        let mut spec = JobSpec::new("wan2.7-image", "Fuse them");
        let mut shas = Vec::new();
        for k in 0..3u8 {
            let p = dir.path().join(format!("in{k}.png"));
            let bytes = png_of(10 + k);
            std::fs::write(&p, &bytes).unwrap();
            shas.push((bytes.len() as u64, crate::imaging::sha256_of(&bytes)));
            spec.images
                .push(crate::api::job::JobImage::new(ImageSource::File(p)));
        }
        spec.images.insert(
            1,
            crate::api::job::JobImage::new(ImageSource::Url("https://example.com/a.png".into())),
        );
        // Held already: the third file (input 3 with the link at 1).
        let third = dir.path().join("in2.png");
        let kept = h.store_file(&third).unwrap();
        std::fs::write(&third, png_of(99)).unwrap();
        let said = [(0, shas[0].0, None), (3, shas[2].0, Some(shas[2].1))];
        let mut asked = 0;
        let copies = h
            .copy_inputs_as_checked(&spec, 0, || {
                asked += 1;
                said.get(asked - 1).copied()
            })
            .unwrap();
        assert_eq!(copies.len(), 4);
        assert_eq!(copies[1], None);
        assert_eq!(copies[3], Some(kept));
        // Input 2 (in1.png) was never said (input 3 was, after it): copied as it is. Asked
        // twice, once for each word; the end was not waited for.
        assert!(copies[2].is_some());
        assert_eq!(asked, 2);
        // Files no larger than the hashed size are not waited for: they are the small copies'.
        let mut asked = 0;
        let none = h
            .copy_inputs_as_checked(&spec, 1 << 20, || {
                asked += 1;
                None
            })
            .unwrap();
        assert_eq!((asked, none.iter().flatten().count()), (0, 0));
        let small = h.copy_small_inputs(&spec, 1 << 20).unwrap();
        assert_eq!(small.iter().flatten().count(), 3);
        assert_eq!(h.copy_small_inputs(&spec, 10).unwrap(), vec![None; 4]);
    }
}
