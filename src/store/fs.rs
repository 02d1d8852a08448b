//! The only ways wanedit writes files, and the only way it reads a user's file.
//!
//! - [`write_atomic`]: a temporary file created new (never opened over an existing path) under
//!   a name no other process or thread can be using, written, flushed to disk, renamed over the
//!   target, and the folder flushed: a crash leaves the old file or the new one, never half.
//! - [`copy_into`]: a real copy of a user's file (a copy-on-write clone where the file system
//!   has one), so that nothing wanedit keeps shares an inode with the user's original. It is
//!   not forced to disk: it is a spare of a file that exists elsewhere.
//! - [`open_regular`] / [`read_bounded`]: only regular files, size checked before reading,
//!   opened without blocking (a FIFO cannot hang the open), read in chunks up to a cap.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::i18n::Said;

/// The largest file wanedit reads as an input (see [`crate::imaging::MAX_INPUT_BYTES`]).
pub use crate::imaging::MAX_INPUT_BYTES;

/// Temporary files start with this; garbage collection knows them by it.
pub const TEMP_PREFIX: &str = ".wanedit-tmp-";

/// A name in `dir` that no other process (pid) or thread (counter) of wanedit uses.
pub fn temp_path(dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    dir.join(format!(
        "{TEMP_PREFIX}{}-{}-{nanos:08x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Creates a new temporary file in `dir`: `create_new`, so an existing path (a link planted
/// there, a file of another process) is never opened or written through.
pub fn create_temp(dir: &Path) -> std::io::Result<(File, PathBuf)> {
    loop {
        let path = temp_path(dir);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(f) => return Ok((f, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Flushes a folder's entries (a rename is durable only once its folder is). Best effort:
/// some file systems refuse to open folders for this.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes `bytes` to `path` atomically (see the module docs). Creates the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let (mut f, tmp) = create_temp(dir)?;
    let r = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    match r {
        Ok(()) => {
            sync_dir(dir);
            Ok(())
        }
        Err(e) => {
            // A full disk must not keep a half-written file taking the space that is left.
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Moves a finished temporary file to `dir/{stem}.{ext}` without replacing anything: when that
/// name is taken (a file of the user's, another job's result), `{stem}-2.{ext}`, `-3`… is used.
/// Returns the final path. The link-then-unlink is what makes "never replace" atomic.
pub fn persist_new(tmp: &Path, dir: &Path, stem: &str, ext: &str) -> std::io::Result<PathBuf> {
    for n in 1..10_000u32 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let target = dir.join(name);
        match std::fs::hard_link(tmp, &target) {
            Ok(()) => {
                let _ = std::fs::remove_file(tmp);
                sync_dir(dir);
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            // File systems without hard links (some network and FAT mounts): only a name
            // that does not exist yet is renamed to (a small race, never a write into a file).
            Err(_) if !target.exists() => {
                std::fs::rename(tmp, &target)?;
                sync_dir(dir);
                return Ok(target);
            }
            Err(_) => continue,
        }
    }
    Err(std::io::Error::other(NamesTaken {
        name: format!("{stem}.{ext}"),
        folder: dir.display().to_string(),
    }))
}

/// Every name like `name` is taken in `folder` (inside the `std::io::Error` of
/// [`persist_new`]; its words are put into a language when shown).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.said())]
pub struct NamesTaken {
    pub name: String,
    pub folder: String,
}

impl NamesTaken {
    /// The sentence, kept as words.
    pub fn said(&self) -> Said {
        crate::said!(
            "every-name-taken",
            name = self.name.as_str(),
            folder = self.folder.as_str()
        )
    }
}

/// Writes `bytes` as a new file `dir/{stem}.{ext}` (or `-2`, `-3`… when taken): never over
/// an existing file, never through a link planted under that name.
pub fn write_new(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let (mut f, tmp) = create_temp(dir)?;
    let r = f
        .write_all(bytes)
        .and_then(|_| f.sync_all())
        .and_then(|_| persist_new(&tmp, dir, stem, ext));
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

/// Why a user's file cannot be read as an input. Sentences say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputFileError {
    #[error("{}", self.said())]
    Missing,
    #[error("{}", self.said())]
    Folder,
    #[error("{}", self.said())]
    NotRegular,
    #[error("{}", self.said())]
    TooLarge { size: u64, limit: u64 },
    #[error("{}", self.said())]
    Denied(String),
    #[error("{}", self.said())]
    Io(String),
    #[error("{}", self.said())]
    Stopped,
}

impl InputFileError {
    /// The sentence, kept as words (put into a language when shown).
    pub fn said(&self) -> Said {
        match self {
            InputFileError::Missing => crate::said!("input-missing"),
            InputFileError::Folder => crate::said!("input-folder"),
            InputFileError::NotRegular => crate::said!("input-not-regular"),
            InputFileError::TooLarge { size, limit } => crate::said!(
                "input-too-large",
                mb = size / 1_000_000,
                limit = limit / 1_000_000
            ),
            InputFileError::Denied(why) => crate::said!("input-denied", why = why.as_str()),
            InputFileError::Io(why) => crate::said!("input-io", why = why.as_str()),
            InputFileError::Stopped => crate::said!("input-stopped"),
        }
    }
}

impl From<std::io::Error> for InputFileError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => InputFileError::Missing,
            std::io::ErrorKind::PermissionDenied => InputFileError::Denied(e.to_string()),
            std::io::ErrorKind::IsADirectory => InputFileError::Folder,
            _ => InputFileError::Io(e.to_string()),
        }
    }
}

/// Opens a user's file for reading, only if it is a regular file no larger than `limit`.
/// The open itself does not block on a FIFO (non-blocking open, then the type is checked on
/// the handle, so a path swapped in between is seen too).
pub fn open_regular(path: &Path, limit: u64) -> Result<(File, u64), InputFileError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(InputFileError::Folder);
    }
    if !meta.is_file() {
        return Err(InputFileError::NotRegular);
    }
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let f = opts.open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(InputFileError::NotRegular);
    }
    if meta.len() > limit {
        return Err(InputFileError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok((f, meta.len()))
}

/// Reads a user's file whole, only if it is a regular file of at most `limit` bytes; reads in
/// chunks and stops when `stop` turns true (Ctrl+C, a cancelled job) or the file grows past
/// the limit while being read.
pub fn read_bounded(
    path: &Path,
    limit: u64,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<u8>, InputFileError> {
    let (mut f, len) = open_regular(path, limit)?;
    let mut out = Vec::with_capacity(len as usize);
    loop {
        if stop() {
            return Err(InputFileError::Stopped);
        }
        let n = read_piece(&mut f, &mut out, READ_PIECE)?;
        if n == 0 {
            return Ok(out);
        }
        if out.len() as u64 > limit {
            return Err(InputFileError::TooLarge {
                size: out.len() as u64,
                limit,
            });
        }
    }
}

/// What [`read_bounded`] reads between two looks at its `stop`.
const READ_PIECE: u64 = 1 << 20;

/// Appends up to `at_most` bytes of `f` to `out`, read straight into its spare room (no
/// buffer in between, nothing zeroed first); 0 at the end of the file.
pub fn read_piece(f: &mut File, out: &mut Vec<u8>, at_most: u64) -> std::io::Result<usize> {
    // `read_to_end` retries reads that were interrupted.
    f.take(at_most).read_to_end(out)
}

/// What a job's check took of a file larger than 2 MiB: the SHA-256 history names its copy by,
/// and the xxh3-128 its stream (and history's copy) is checked against on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHash {
    pub len: u64,
    pub sha256: [u8; 32],
    pub digest: u128,
}

impl FileHash {
    pub fn of(bytes: &[u8]) -> Self {
        FileHash {
            len: bytes.len() as u64,
            sha256: crate::imaging::sha256_of(bytes),
            digest: digest_of(bytes),
        }
    }
}

/// xxh3-128 of some bytes: what a file sent as it is is checked against on its way out (and
/// what history's copy of it is checked with). It guards against the file changing between its
/// check and its use (a designer saving over it), not against an adversary, and it is on the
/// request's path: each SHA-256 pass over nine camera files was about 15 % of the job's CPU.
pub fn digest_of(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Copies a user's file into `dir` under a temporary name: a copy-on-write clone where the
/// file system has one (btrfs, XFS, APFS…), otherwise a byte copy. Returns the temporary
/// file's path (the caller renames it) and the SHA-256 of what was copied, with the first bytes.
/// The source is only ever opened for reading.
pub fn copy_into(
    source: &Path,
    dir: &Path,
    limit: u64,
) -> Result<(PathBuf, [u8; 32], Vec<u8>), CopyError> {
    copy_into_as_checked(source, dir, limit, None)
}

/// [`copy_into`], for a file a job checked (`checked`): the copy is then hashed with the cheap
/// digest only, and when it matches (the file is as it was checked) it is named by the checked
/// SHA-256. A copy that does not match (the file changed since) is hashed in full, so that a
/// copy's name is always the SHA-256 of what it holds.
pub fn copy_into_as_checked(
    source: &Path,
    dir: &Path,
    limit: u64,
    checked: Option<FileHash>,
) -> Result<(PathBuf, [u8; 32], Vec<u8>), CopyError> {
    use sha2::{Digest, Sha256};
    let (mut src, _) = open_regular(source, limit).map_err(CopyError::Source)?;
    std::fs::create_dir_all(dir).map_err(CopyError::Target)?;
    let (mut dst, tmp) = create_temp(dir).map_err(CopyError::Target)?;
    let result = (|| {
        let cloned = reflink_copy::reflink_file(&src, &dst).is_ok();
        let mut hasher = Sha256::new();
        let mut quick = xxhash_rust::xxh3::Xxh3::new();
        let mut head = Vec::new();
        let mut buf = vec![0u8; 256 * 1024];
        // A clone shares blocks until either side changes: hash what the copy holds.
        let mut reader: Box<dyn Read> = if cloned {
            Box::new(File::open(&tmp).map_err(CopyError::Target)?)
        } else {
            Box::new(&mut src)
        };
        let mut total = 0u64;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(if cloned {
                        CopyError::Target(e)
                    } else {
                        CopyError::Source(e.into())
                    });
                }
            };
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > limit {
                return Err(CopyError::Source(InputFileError::TooLarge {
                    size: total,
                    limit,
                }));
            }
            if head.len() < 64 {
                head.extend_from_slice(&buf[..n.min(64 - head.len())]);
            }
            match checked {
                Some(_) => quick.update(&buf[..n]),
                None => hasher.update(&buf[..n]),
            }
            if !cloned {
                dst.write_all(&buf[..n]).map_err(CopyError::Target)?;
            }
        }
        // Not forced to disk: a copy is history's spare of a file that exists elsewhere (the
        // user's original, a result saved in the output folder), and forcing nine camera
        // files to disk costs more than the whole request (about 1 s for 150 MB here). Nor
        // is its write-back started by hand: on a disk still busy with the last job's copies
        // that call waits for the queue (measured: 0.8 s instead of 0.4 s for the nine-file
        // job run back to back). The kernel writes it within its usual half-minute; a copy cut
        // short by a power cut is refused when it is used (a JPEG or PNG that does not reach
        // its end is never sent, see `imaging::prepare`).
        match checked {
            None => Ok((hasher.finalize().into(), head)),
            Some(c) if c.len == total && c.digest == quick.digest128() => Ok((c.sha256, head)),
            Some(_) => {
                let mut copy = File::open(&tmp).map_err(CopyError::Target)?;
                loop {
                    match copy.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => hasher.update(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(CopyError::Target(e)),
                    }
                }
                Ok((hasher.finalize().into(), head))
            }
        }
    })();
    match result {
        Ok((hash, head)) => Ok((tmp, hash, head)),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Why [`copy_into`] failed: the user's file (its problem) or wanedit's folder (disk space,
/// permissions).
#[derive(Debug)]
pub enum CopyError {
    Source(InputFileError),
    Target(std::io::Error),
}

/// Whether a file name is one of our temporary files older than `min_age` (left by a crash):
/// younger ones may belong to a job running in another process.
pub fn is_stale_temp(path: &Path, min_age: std::time::Duration) -> bool {
    let is_temp = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(TEMP_PREFIX) || n.ends_with(".part"));
    is_temp
        && std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= min_age)
}

/// A result or stored file decoded to its screen preview, with its full size: read here (within
/// [`MAX_INPUT_BYTES`]), decoded by `imaging`. Blocking.
pub fn open_preview(path: &Path) -> Result<(crate::imaging::prepare::Preview, (u32, u32)), Said> {
    read_bounded(path, MAX_INPUT_BYTES, &|| false)
        .map_err(|e| e.said())
        .and_then(|bytes| crate::imaging::preview_of_file(&bytes))
        .map_err(|e| Said::Plain(format!("could not open {}", path.display())).then(": ", e))
}

/// A small RGBA thumbnail (longest side `max`) of an image file, for lists. Blocking.
pub fn thumbnail(path: &Path, max: u32) -> Option<image::RgbaImage> {
    let bytes = read_bounded(path, MAX_INPUT_BYTES, &|| false).ok()?;
    crate::imaging::thumbnail_of(&bytes, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_never_writes_through_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.jpg");
        std::fs::write(&victim, b"the user's photo").unwrap();
        let target = dir.path().join("state.json");
        // An old wanedit used `{target}.part`: plant a link there to the user's file.
        std::fs::hard_link(&victim, dir.path().join("state.json.part")).unwrap();
        write_atomic(&target, b"{}").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"the user's photo");
        assert_eq!(std::fs::read(&target).unwrap(), b"{}");
    }

    #[test]
    fn persist_new_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("wan-1.png"), b"mine").unwrap();
        let (mut f, tmp) = create_temp(dir.path()).unwrap();
        f.write_all(b"result").unwrap();
        let p = persist_new(&tmp, dir.path(), "wan-1", "png").unwrap();
        assert_eq!(p, dir.path().join("wan-1-2.png"));
        assert_eq!(
            std::fs::read(dir.path().join("wan-1.png")).unwrap(),
            b"mine"
        );
        assert_eq!(std::fs::read(p).unwrap(), b"result");
        assert!(!tmp.exists());
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.png");
        std::fs::write(&f, vec![1u8; 100]).unwrap();
        assert_eq!(read_bounded(&f, 100, &|| false).unwrap().len(), 100);
        assert!(matches!(
            read_bounded(&f, 99, &|| false),
            Err(InputFileError::TooLarge { size: 100, .. })
        ));
        assert_eq!(
            read_bounded(dir.path(), 100, &|| false),
            Err(InputFileError::Folder)
        );
        assert_eq!(
            read_bounded(Path::new("/dev/zero"), 100, &|| false),
            Err(InputFileError::NotRegular)
        );
        assert_eq!(
            read_bounded(&dir.path().join("nope"), 100, &|| false),
            Err(InputFileError::Missing)
        );
        assert_eq!(
            read_bounded(&f, 100, &|| true),
            Err(InputFileError::Stopped)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.png");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert_eq!(
            read_bounded(&fifo, 100, &|| false),
            Err(InputFileError::NotRegular)
        );
    }

    #[test]
    fn a_checked_copy_is_named_by_the_check_only_when_its_digest_matches() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("photo.jpg");
        std::fs::write(&src, b"checked bytes").unwrap();
        let store = dir.path().join("store");
        let real = FileHash::of(b"checked bytes");
        // The check's SHA-256 is taken as the copy's when the copy's digest and length match
        // (a stand-in SHA here shows which was used: the copy was not hashed in full).
        let stand_in = FileHash {
            sha256: [7; 32],
            ..real
        };
        let (_, hash, head) = copy_into_as_checked(&src, &store, 1000, Some(stand_in)).unwrap();
        assert_eq!((hash, head.as_slice()), ([7; 32], &b"checked bytes"[..]));
        // The file changed since its check (same length, other bytes): the copy is hashed in
        // full and named by what it holds, never by the check.
        std::fs::write(&src, b"CHECKED BYTES").unwrap();
        let (tmp, hash, _) = copy_into_as_checked(&src, &store, 1000, Some(stand_in)).unwrap();
        assert_eq!(std::fs::read(&tmp).unwrap(), b"CHECKED BYTES");
        assert_eq!(hash, FileHash::of(b"CHECKED BYTES").sha256);
        // A length that differs is a change too.
        let longer = FileHash {
            len: real.len + 1,
            ..stand_in
        };
        std::fs::write(&src, b"checked bytes").unwrap();
        let (_, hash, _) = copy_into_as_checked(&src, &store, 1000, Some(longer)).unwrap();
        assert_eq!(hash, real.sha256);
    }

    #[test]
    fn a_copy_is_independent_of_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("photo.jpg");
        std::fs::write(&src, b"original bytes").unwrap();
        let store = dir.path().join("store");
        let (tmp, hash, head) = copy_into(&src, &store, 1000).unwrap();
        assert_eq!(head, b"original bytes");
        std::fs::write(&src, b"edited later").unwrap();
        assert_eq!(std::fs::read(&tmp).unwrap(), b"original bytes");
        use sha2::Digest;
        assert_eq!(
            hash,
            <[u8; 32]>::from(sha2::Sha256::digest(b"original bytes"))
        );
    }
}

/// One entry of a folder listing (for the window's own file picker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedEntry {
    pub name: String,
    pub path: PathBuf,
    pub is_dir: bool,
    pub bytes: u64,
}

/// The folders and files in `dir`, folders first, each group by name; hidden entries (a leading
/// dot) left out. Follows symlinks to say what they point at; a broken one is left out.
pub fn list_dir(dir: &Path) -> std::io::Result<Vec<ListedEntry>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let Ok(e) = e else { continue };
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        out.push(ListedEntry {
            name,
            path,
            is_dir: meta.is_dir(),
            bytes: meta.len(),
        });
    }
    out.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(out)
}

/// Where `program` is on `PATH`, if anywhere.
pub fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()))
    })
}

/// Writes `bytes` as `dir/name` (atomically, replacing an older copy of wanedit's own), creating
/// `dir` first. For wanedit's own files only (samples), never a user's.
pub fn write_own_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    write_atomic(&path, bytes)?;
    Ok(path)
}
