//! Results saved where the user asks: one result in the format its new name says, or a whole
//! set into a folder in set order. Blocking (encodes, writes): run on the runtime's blocking
//! pool. Errors are sentences for the status line.

use std::path::{Path, PathBuf};

/// Writes `source` to `target` in the format its extension names (PNG, JPEG, WebP), encoded in
/// memory and written atomically: a failure leaves whatever was at `target` as it was. The
/// target is the user's explicit choice in a save dialog (which asked before replacing).
pub fn save_converted(source: &Path, target: &Path) -> Result<PathBuf, String> {
    let ext = target
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("png")
        .to_ascii_lowercase();
    let img =
        image::open(source).map_err(|e| format!("could not read {}: {e}", source.display()))?;
    let fmt = match ext.as_str() {
        "jpg" | "jpeg" => image::ImageFormat::Jpeg,
        "webp" => image::ImageFormat::WebP,
        _ => image::ImageFormat::Png,
    };
    let img = if fmt == image::ImageFormat::Jpeg {
        image::DynamicImage::ImageRgb8(img.to_rgb8())
    } else {
        img
    };
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, fmt)
        .map_err(|e| format!("could not encode {}: {e}", target.display()))?;
    crate::store::fs::write_atomic(target, bytes.get_ref()).map_err(|e| {
        format!(
            "could not write {}: {e}; choose another place or free some space",
            target.display()
        )
    })?;
    Ok(target.to_path_buf())
}

/// Copies a set of results into `dir` as `{stem}-01.png`, `{stem}-02.png`… in set order. A
/// name already taken in the folder is never replaced: `{stem}-01-2.png` is used instead.
pub fn save_all(files: &[PathBuf], dir: &Path, stem: &str) -> Result<Vec<PathBuf>, String> {
    let width = files.len().to_string().len().max(2);
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("png");
            let name = format!("{stem}-{:0width$}", i + 1);
            let bytes = std::fs::read(f)
                .map_err(|e| format!("could not read the result {}: {e}", f.display()))?;
            crate::store::fs::write_new(dir, &name, ext, &bytes).map_err(|e| {
                format!(
                    "could not write {name}.{ext} into {}: {e}; choose another folder or free some space",
                    dir.display()
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_all_never_replaces_a_file_in_the_folder() {
        let src = tempfile::tempdir().unwrap();
        let dst = tempfile::tempdir().unwrap();
        let a = src.path().join("a.png");
        std::fs::write(&a, b"result").unwrap();
        std::fs::write(dst.path().join("set-01.png"), b"mine").unwrap();
        let saved = save_all(&[a], dst.path(), "set").unwrap();
        assert_eq!(saved, vec![dst.path().join("set-01-2.png")]);
        assert_eq!(
            std::fs::read(dst.path().join("set-01.png")).unwrap(),
            b"mine"
        );
    }
}
