//! History's stored files: copies of a job's inputs (small ones at once, large ones by the
//! hash the job's check took, a copy already kept named instead of made again) and of results,
//! each kept once by content under `files/`.

use std::path::Path;

use super::fs::FileHash;
use super::history::{BeginError, History, HistoryError, err};
use crate::api::job::{ImageSource, JobSpec};

impl History {
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
                ImageSource::File(p) if !is_larger(p, at_most) => {
                    self.store_input(p, None).map(Some)
                }
                _ => Ok(None),
            })
            .collect()
    }

    /// As [`History::copy_inputs`] for the input files larger than `hashed_above` bytes
    /// (`None` for the others), with the hashes a job takes of them as it reads and checks
    /// them: `next_checked` gives, in input order, each local file's `(index, len, hashes)`
    /// as the job checked it (`None` once the job says no more: the files left are copied as
    /// they are). Such a file that history holds already under that hash is not copied again
    /// (a designer runs several jobs on the same inputs; nine camera files are 150 MB to
    /// write). Blocking.
    pub fn copy_inputs_as_checked(
        &self,
        spec: &JobSpec,
        hashed_above: u64,
        mut next_checked: impl FnMut() -> Option<(usize, u64, Option<FileHash>)>,
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
            let said = checked.get(&i).copied();
            let kept = match said {
                Some((len, Some(h))) => self.kept_copy(p, &h.sha256, len),
                _ => None,
            };
            copies.push(Some(match kept {
                Some(name) => name,
                None => self.store_input(p, said.and_then(|(_, h)| h))?,
            }));
        }
        Ok(copies)
    }

    /// Copies a user's input into history (see [`History::store_file`]); a file that cannot be
    /// read is the job's problem, said as such, not history's.
    fn store_input(&self, source: &Path, checked: Option<FileHash>) -> Result<String, BeginError> {
        self.store_file_as_checked(source, checked)
            .map_err(|e| match e {
                StoreError::Source(detail) => BeginError::Input {
                    path: source.display().to_string(),
                    detail: detail.said(),
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
        self.store_file_as_checked(source, None)
    }

    /// [`History::store_file`] for a file a job checked: its copy is checked with the cheap
    /// digest and named by the checked SHA-256 when it matches (see
    /// [`super::fs::copy_into_as_checked`]).
    fn store_file_as_checked(
        &self,
        source: &Path,
        checked: Option<FileHash>,
    ) -> Result<String, StoreError> {
        let dir = self.files_dir();
        let max = super::fs::MAX_INPUT_BYTES;
        let (tmp, hash, head) = super::fs::copy_into_as_checked(source, &dir, max, checked)
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let checked = FileHash::of(&first);
        // The file now holds other bytes: a copy would be named by them. The job checked the
        // first bytes (its stream refuses to send the others), and history holds those.
        std::fs::write(&photo, &second).unwrap();
        let mut said = vec![(0, first.len() as u64, Some(checked))].into_iter();
        let copies = h.copy_inputs_as_checked(&spec, 0, || said.next()).unwrap();
        assert_eq!(copies, vec![Some(kept.clone())]);
        assert_eq!(std::fs::read(h.file_path(&kept)).unwrap(), first);

        // Without the job's word, or with a length the kept copy does not have (a copy cut
        // short), the file is copied as it is now.
        let other = h.store_file(&photo).unwrap();
        assert_ne!(other, kept);
        for said in [None, Some((0, first.len() as u64 + 1, Some(checked)))] {
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
            shas.push(FileHash::of(&bytes));
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
        let said = [(0, shas[0].len, None), (3, shas[2].len, Some(shas[2]))];
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
