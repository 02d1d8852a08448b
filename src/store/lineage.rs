//! The lineage of edits: which recorded job made a picture history keeps. History names its
//! copies by content (`files/{sha256}.{ext}`), so a job's input whose copy has the name of an
//! earlier job's result, composite or choice came from that job: that job is its parent.
//!
//! Found through an index kept beside the entries, `made/{copy name}` holding the id of the
//! entry that made it (the first one: identical bytes made twice are the older job's), written
//! with each entry ([`History::write`]) and built once from the entries when it is missing
//! (a history older than the index). A lookup reads one small file and the entry it names (to
//! be sure it still makes that file), whatever the size of history: measured in
//! `examples/bench_history.rs` (README, Benchmarks).

use std::path::PathBuf;

use super::history::{History, HistoryEntry};

/// The index's folder under history's root.
const MADE: &str = "made";
/// Written once the index holds every entry that was there when it was built.
const BUILT: &str = ".built";

impl HistoryEntry {
    /// The pictures this job made, as named in `files/`: its results, their composites and the
    /// composite of its choice.
    pub fn made_files(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for o in &self.outputs {
            out.push(o.file.as_str());
            if let Some(f) = o.composite.as_ref().and_then(|c| c.file.as_deref()) {
                out.push(f);
            }
        }
        if let Some(f) = self.choice.as_ref().and_then(|c| c.file.as_deref()) {
            out.push(f);
        }
        out
    }
}

/// Whether `name` can be a copy's name in `files/` (and so a file name in `made/`): no path.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
}

/// Writes `dir/name` holding `text` by a rename (a reader never sees half of it). Not flushed
/// to the disk: the index is made again from the entries if it is lost, and a history of
/// thousands of results would wait seconds for as many flushes.
fn write_index(dir: &std::path::Path, name: &str, text: &str) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let tmp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, dir.join(name)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

impl History {
    fn made_dir(&self) -> PathBuf {
        self.root().join(MADE)
    }

    /// Notes in the index the pictures `e` made (none noted already by a job that still makes
    /// them). Called with every write of an entry; what cannot be written is logged: a lookup
    /// then finds no parent, nothing else is lost.
    pub(super) fn note_made(&self, e: &HistoryEntry) {
        let files = e.made_files();
        if files.is_empty() {
            return;
        }
        let dir = self.made_dir();
        if let Err(err) = std::fs::create_dir_all(&dir) {
            tracing::info!(
                "the lineage index could not be made in {}: {err}",
                dir.display()
            );
            return;
        }
        for f in files.into_iter().filter(|f| plain_name(f)) {
            let path = dir.join(f);
            match std::fs::read_to_string(&path) {
                Ok(id) if id.trim() == e.id => continue,
                // Another job made the same bytes first; it stays theirs while it exists.
                Ok(id) if self.makes(id.trim(), f).is_some() => continue,
                _ => {}
            }
            if let Err(err) = write_index(&dir, f, &e.id) {
                tracing::info!("the lineage index could not note {f}: {err}");
            }
        }
    }

    /// The entry `id` when it exists and makes `file`.
    fn makes(&self, id: &str, file: &str) -> Option<HistoryEntry> {
        self.get(id).filter(|e| e.made_files().contains(&file))
    }

    /// Takes `e`'s pictures out of the index (it was deleted).
    pub(super) fn forget_made(&self, e: &HistoryEntry) {
        let dir = self.made_dir();
        for f in e.made_files().into_iter().filter(|f| plain_name(f)) {
            let path = dir.join(f);
            if std::fs::read_to_string(&path).is_ok_and(|id| id.trim() == e.id) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    /// Builds the index from every entry, oldest first, unless it was built. Blocking: reads
    /// all of history, once per data folder.
    fn build_made_index(&self) {
        let built = self.made_dir().join(BUILT);
        if built.exists() {
            return;
        }
        let mut entries = self.list();
        entries.reverse();
        for e in &entries {
            self.note_made(e);
        }
        if let Err(err) = std::fs::create_dir_all(self.made_dir())
            .and_then(|()| write_index(&self.made_dir(), BUILT, "1"))
        {
            tracing::info!("the lineage index could not be marked built: {err}");
        }
    }

    /// The id of the recorded job that made `file` (a name in `files/`), if one still does.
    /// Blocking (reads the index and that job's entry).
    pub fn maker_of(&self, file: &str) -> Option<String> {
        if !plain_name(file) {
            return None;
        }
        self.build_made_index();
        let id = std::fs::read_to_string(self.made_dir().join(file)).ok()?;
        let id = id.trim();
        self.makes(id, file).map(|e| e.id)
    }

    /// The parent of `e`: the job that made one of its inputs. The first input (in the job's
    /// order, image 1 first) whose copy some other job made decides: image 1 is the picture a
    /// designer edits, the later ones are what they bring into it. Inputs not copied yet
    /// (large ones are copied while the job runs) are looked at when named. Blocking.
    pub fn parent_of(&self, e: &HistoryEntry) -> Option<String> {
        e.inputs
            .iter()
            .filter_map(|i| i.file.as_deref())
            .filter_map(|f| self.maker_of(f))
            .find(|id| *id != e.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::{ImageSource, JobImage, JobSpec};
    use crate::store::history::{StoredComposite, StoredOutput};

    fn png(seed: u8) -> Vec<u8> {
        let img = image::RgbImage::from_fn(16, 12, |x, y| image::Rgb([seed, x as u8, y as u8]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// A job recorded with `input` and results `made` (stored in history), the first with a
    /// composite `composite` when given.
    fn job(
        h: &History,
        dir: &std::path::Path,
        input: &[u8],
        made: &[&[u8]],
        composite: Option<&[u8]>,
    ) -> HistoryEntry {
        let path = dir.join(format!("in-{}.png", input[40]));
        std::fs::write(&path, input).unwrap();
        let mut spec = JobSpec::new("wan2.7-image", "a step");
        spec.images = vec![JobImage::new(ImageSource::File(path))];
        let mut e = h.begin(&spec, "http://x/api/v1", dir).unwrap();
        for (k, bytes) in made.iter().enumerate() {
            let file = h.store_bytes(bytes).unwrap();
            let composite = (k == 0)
                .then_some(composite)
                .flatten()
                .map(|c| StoredComposite {
                    file: Some(h.store_bytes(c).unwrap()),
                    saved_as: None,
                    target: 0,
                    confidence: 1.0,
                    refusal: None,
                    change: None,
                    mapping: None,
                    detail: None,
                });
            e.outputs.push(StoredOutput {
                file,
                saved_as: dir.join(format!("out-{k}.png")),
                composite,
                flag: None,
            });
        }
        h.write(&e).unwrap();
        e
    }

    #[test]
    fn a_job_on_a_result_or_a_composite_has_the_job_that_made_it_as_parent() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::at(dir.path().join("history"));
        let a = job(&h, dir.path(), &png(1), &[&png(2), &png(3)], Some(&png(4)));
        assert_eq!(
            h.parent_of(&a),
            None,
            "a photo of the designer's has no parent"
        );
        // On A's second result.
        let b = job(&h, dir.path(), &png(3), &[&png(5)], None);
        assert_eq!(b.parent.as_deref(), Some(a.id.as_str()), "begin finds it");
        assert_eq!(h.parent_of(&b).as_deref(), Some(a.id.as_str()));
        // On A's composite, and on B's result.
        let c = job(&h, dir.path(), &png(4), &[&png(6)], None);
        assert_eq!(h.parent_of(&c).as_deref(), Some(a.id.as_str()));
        let d = job(&h, dir.path(), &png(5), &[&png(7)], None);
        assert_eq!(h.parent_of(&d).as_deref(), Some(b.id.as_str()));
        // A job that makes bytes another made first leaves them the older job's.
        let again = job(&h, dir.path(), &png(9), &[&png(5)], None);
        assert_eq!(
            h.maker_of(&again.outputs[0].file).as_deref(),
            Some(b.id.as_str())
        );
        // B deleted: its result is nobody's (the copy name stays the lookup's, not a path).
        h.delete(&b.id).unwrap();
        assert_eq!(h.parent_of(&d), None);
        assert_eq!(h.maker_of("../jobs/x.json"), None);
    }

    /// A history written before the index: it is built from the entries at the first lookup.
    #[test]
    fn the_index_is_built_from_an_older_history() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::at(dir.path().join("history"));
        let a = job(&h, dir.path(), &png(1), &[&png(2)], None);
        std::fs::remove_dir_all(dir.path().join("history").join(MADE)).unwrap();
        let b = job(&h, dir.path(), &png(2), &[&png(3)], None);
        assert_eq!(h.parent_of(&b).as_deref(), Some(a.id.as_str()));
        assert!(dir.path().join("history").join(MADE).join(BUILT).exists());
    }
}
