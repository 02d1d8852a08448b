//! Flags on results (picked, rejected: as photo culling tools flag) kept in history, and the
//! picked results exported into a folder.

use std::path::{Path, PathBuf};

use super::history::{Flag, History, HistoryEntry};
use crate::i18n::Said;

/// One picture to export: history's copy, and the name the designer knows it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub source: PathBuf,
    /// The file name it was written under in the output folder (`coffee-edit-1.png`).
    pub name: String,
}

impl History {
    /// Sets (or with `None`, clears) the flag of result `index` (0-based) of the job `id`:
    /// the entry read, changed and written again. Blocking. The entry as written, or why not.
    pub fn set_flag(
        &self,
        id: &str,
        index: usize,
        flag: Option<Flag>,
    ) -> Result<HistoryEntry, Said> {
        let e = self
            .get(id)
            .ok_or_else(|| crate::said!("flag-no-job", id = id))?;
        if index >= e.outputs.len() {
            return Err(crate::said!("flag-no-result", number = index + 1));
        }
        // Through `update`: a choice written at the same moment stays.
        self.update(id, |e| {
            if let Some(out) = e.outputs.get_mut(index) {
                out.flag = flag;
            }
        })
        .map_err(|x| x.said())
    }

    /// What "Export picked" writes of the jobs `ids`: for each picked result, the picture the
    /// job shows of it (its composite when it has one, else the result itself); and for a job
    /// with a picked result and a choice (each box from the result the designer chose), that
    /// choice's composite too: it is the picture they made of the job. Each once.
    pub fn picked_exports(&self, ids: &[String]) -> Vec<Export> {
        let mut out: Vec<Export> = Vec::new();
        for e in ids.iter().filter_map(|id| self.get(id)) {
            let picked: Vec<_> = e
                .outputs
                .iter()
                .filter(|o| o.flag == Some(Flag::Picked))
                .collect();
            let mut add = |file: &str, saved_as: Option<&Path>| {
                let source = self.file_path(file);
                if out.iter().any(|x| x.source == source) {
                    return;
                }
                let name = saved_as
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file.to_string());
                out.push(Export { source, name });
            };
            for o in &picked {
                let composite = o.composite.as_ref().filter(|c| c.file.is_some());
                match composite {
                    Some(c) => add(o.shown_file(), c.saved_as.as_deref()),
                    None => add(&o.file, Some(&o.saved_as)),
                }
            }
            if let Some((file, c)) = e
                .choice
                .as_ref()
                .and_then(|c| Some((c.file.as_deref()?, c)))
                .filter(|_| !picked.is_empty())
            {
                add(file, c.saved_as.as_deref());
            }
        }
        out
    }

    /// Writes copies of the picked results of `ids` into `dest` ([`History::picked_exports`]),
    /// each under its own name, or a new one (`-2`, `-3`…) where the folder has that name:
    /// nothing there is replaced. Blocking. How many were written, or why not.
    pub fn export_picked(&self, ids: &[String], dest: &Path) -> Result<Said, Said> {
        let exports = self.picked_exports(ids);
        if exports.is_empty() {
            return Err(crate::said!("export-picked-none"));
        }
        for x in &exports {
            let bytes = super::fs::read_bounded(&x.source, super::fs::MAX_INPUT_BYTES, &|| false)
                .map_err(|e| {
                crate::said!(
                    "export-picked-unread",
                    name = x.name.as_str(),
                    why = e.said()
                )
            })?;
            let name = Path::new(&x.name);
            let stem = name
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "picked".into());
            let ext = name
                .extension()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "png".into());
            super::fs::write_new(dest, &stem, &ext, &bytes).map_err(|e| {
                crate::said!(
                    "export-not-written-into",
                    name = x.name.as_str(),
                    folder = dest.display().to_string(),
                    why = e.to_string()
                )
            })?;
        }
        Ok(crate::said!(
            "export-picked-done",
            count = exports.len(),
            folder = dest.display().to_string()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::JobSpec;
    use crate::store::history::{Choice, StoredComposite, StoredOutput};

    fn entry_with_results(h: &History, dir: &Path) -> HistoryEntry {
        let spec = JobSpec::new("wan2.7-image", "a step");
        let mut e = h.begin(&spec, "http://x/api/v1", dir).unwrap();
        for k in 0..3u8 {
            let file = h.store_bytes(&[k; 40]).unwrap();
            let composite = (k == 1).then(|| StoredComposite {
                file: Some(h.store_bytes(&[10 + k; 40]).unwrap()),
                saved_as: Some(dir.join(format!("tea-edit-{k}.png"))),
                target: 0,
                confidence: 1.0,
                refusal: None,
                change: None,
                mapping: None,
                detail: None,
            });
            e.outputs.push(StoredOutput {
                file,
                saved_as: dir.join(format!("tea-edit-{k}.raw.png")),
                composite,
                flag: None,
            });
        }
        h.write(&e).unwrap();
        e
    }

    #[test]
    fn flags_are_kept_and_picked_results_exported_without_replacing_anything() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::at(dir.path().join("history"));
        let e = entry_with_results(&h, dir.path());
        assert!(matches!(
            h.set_flag("no-such-job", 0, Some(Flag::Picked)),
            Err(Said::Message { .. })
        ));
        assert!(h.set_flag(&e.id, 3, Some(Flag::Picked)).is_err());
        h.set_flag(&e.id, 0, Some(Flag::Rejected)).unwrap();
        h.set_flag(&e.id, 1, Some(Flag::Picked)).unwrap();
        h.set_flag(&e.id, 2, Some(Flag::Picked)).unwrap();
        let back = h.set_flag(&e.id, 2, None).unwrap();
        assert_eq!(
            h.get(&e.id)
                .unwrap()
                .outputs
                .iter()
                .map(|o| o.flag)
                .collect::<Vec<_>>(),
            vec![Some(Flag::Rejected), Some(Flag::Picked), None]
        );
        assert_eq!(back, h.get(&e.id).unwrap());

        // The picked one's composite, under its name; with a choice, that too.
        let mut chosen = back.clone();
        chosen.choice = Some(Choice {
            boxes: vec![2],
            file: Some(h.store_bytes(&[99; 40]).unwrap()),
            saved_as: Some(dir.path().join("tea-edit-chosen.png")),
            mask: None,
        });
        h.write(&chosen).unwrap();
        let names: Vec<String> = h
            .picked_exports(std::slice::from_ref(&e.id))
            .into_iter()
            .map(|x| x.name)
            .collect();
        assert_eq!(names, ["tea-edit-1.png", "tea-edit-chosen.png"]);

        let dest = dir.path().join("picked");
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::write(dest.join("tea-edit-1.png"), b"the designer's own").unwrap();
        h.export_picked(std::slice::from_ref(&e.id), &dest).unwrap();
        let mut written: Vec<String> = std::fs::read_dir(&dest)
            .unwrap()
            .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        written.sort();
        assert_eq!(
            written,
            ["tea-edit-1-2.png", "tea-edit-1.png", "tea-edit-chosen.png"]
        );
        assert_eq!(
            std::fs::read(dest.join("tea-edit-1.png")).unwrap(),
            b"the designer's own"
        );
        assert_eq!(
            std::fs::read(dest.join("tea-edit-1-2.png")).unwrap(),
            [11; 40]
        );
        // Nothing picked: said, nothing written.
        h.set_flag(&e.id, 1, None).unwrap();
        assert!(h.export_picked(std::slice::from_ref(&e.id), &dest).is_err());
        assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 3);
    }
}
