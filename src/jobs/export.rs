//! Results saved where the user asks: one result in the format its new name says, or a whole
//! set into a folder in set order. Blocking (encodes, writes): run on the runtime's blocking
//! pool. Errors are sentences for the status line.

use std::path::{Path, PathBuf};

use crate::i18n::Said;

/// The JPEG quality Save as uses unless the designer picks another (Settings): high enough that
/// a retouch survives, as photo tools default to.
pub const DEFAULT_JPEG_QUALITY: u8 = 92;

/// Writes `source` to `target` in the format its extension names (PNG, JPEG at `jpeg_quality`,
/// WebP), encoded in memory and written atomically: a failure leaves whatever was at `target`
/// as it was. The target is the user's explicit choice in a save dialog (which asked before
/// replacing).
pub fn save_converted(source: &Path, target: &Path, jpeg_quality: u8) -> Result<PathBuf, Said> {
    let ext = target
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("png")
        .to_ascii_lowercase();
    let from = crate::store::fs::read_bounded(source, crate::store::fs::MAX_INPUT_BYTES, &|| false)
        .map_err(|e| could_not_read(source, e.said()))?;
    let fmt = match ext.as_str() {
        "jpg" | "jpeg" => image::ImageFormat::Jpeg,
        "webp" => image::ImageFormat::WebP,
        _ => image::ImageFormat::Png,
    };
    let own = crate::imaging::sniff(&from);
    // Already in that format: the file itself, byte for byte (a JPEG composite stays lossless
    // outside its boxes, a 16-bit PNG 16-bit).
    let bytes = if own == Some(fmt) {
        from
    } else {
        converted(&from, own, fmt, jpeg_quality)
            .map_err(|e| Said::Plain(format!("could not encode {}: {e}", target.display())))?
    };
    written(target, &bytes)
}

/// "could not read {file}: {why}".
fn could_not_read(file: &Path, why: Said) -> Said {
    Said::Plain(format!("could not read {}", file.display())).then(": ", why)
}

/// `bytes` written to `target` atomically, or the sentence why not.
fn written(target: &Path, bytes: &[u8]) -> Result<PathBuf, Said> {
    crate::store::fs::write_atomic(target, bytes).map_err(|e| {
        crate::said!(
            "export-not-written",
            file = target.display().to_string(),
            why = e.to_string()
        )
    })?;
    Ok(target.to_path_buf())
}

/// `from` (a file of type `own`) encoded as `fmt`, with its colour profile, EXIF and XMP (the
/// AI label of a composite) in PNG and JPEG.
fn converted(
    from: &[u8],
    own: Option<image::ImageFormat>,
    fmt: image::ImageFormat,
    jpeg_quality: u8,
) -> image::ImageResult<Vec<u8>> {
    let img = image::load_from_memory(from)?;
    let img = if fmt == image::ImageFormat::Jpeg {
        image::DynamicImage::ImageRgb8(img.to_rgb8())
    } else {
        img
    };
    let mut bytes = std::io::Cursor::new(Vec::new());
    let encoded = if fmt == image::ImageFormat::Jpeg {
        let q = jpeg_quality.clamp(1, 100);
        img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut bytes, q,
        ))
    } else {
        img.write_to(&mut bytes, fmt)
    };
    encoded?;
    let bytes = bytes.into_inner();
    Ok(match (own, fmt) {
        (Some(own), image::ImageFormat::Png | image::ImageFormat::Jpeg) => {
            let carried = crate::imaging::carry::Carried::of(from, own, true);
            let xmp = carried.xmp.clone();
            carried.into_file(bytes, (img.width(), img.height()), false, xmp.as_deref())
        }
        _ => crate::imaging::metadata::with_xmp_of(bytes, fmt, from),
    })
}

/// Copies a set of results into `dir` as `{stem}-01.png`, `{stem}-02.png`… in set order. A
/// name already taken in the folder is never replaced: `{stem}-01-2.png` is used instead.
pub fn save_all(files: &[PathBuf], dir: &Path, stem: &str) -> Result<Vec<PathBuf>, Said> {
    let width = files.len().to_string().len().max(2);
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("png");
            let name = format!("{stem}-{:0width$}", i + 1);
            let bytes = std::fs::read(f).map_err(|e| {
                Said::Plain(format!("could not read the result {}: {e}", f.display()))
            })?;
            crate::store::fs::write_new(dir, &name, ext, &bytes).map_err(|e| {
                crate::said!(
                    "export-not-written-into",
                    name = format!("{name}.{ext}"),
                    folder = dir.display().to_string(),
                    why = e.to_string()
                )
            })
        })
        .collect()
}

/// What a before/after sheet is made of: an input file (its boxes in the pixels it was sent
/// in, `sent`) and a result file (its boxes in its own pixels).
pub struct SheetSides {
    pub before: PathBuf,
    pub sent: (u32, u32),
    pub before_boxes: Vec<[f32; 4]>,
    pub after: PathBuf,
    pub after_boxes: Vec<[f32; 4]>,
}

/// Writes a before/after sheet for client review to `target` (PNG, written atomically).
pub fn save_sheet(sides: &SheetSides, target: &Path) -> Result<PathBuf, Said> {
    let read = |p: &Path| {
        crate::store::fs::read_bounded(p, crate::store::fs::MAX_INPUT_BYTES, &|| false)
            .map_err(|e| could_not_read(p, e.said()))
            .and_then(|b| {
                crate::imaging::prepare::decode_as_sent(&b).map_err(|e| {
                    Said::Plain(format!("could not decode {}", p.display())).then(": ", e)
                })
            })
    };
    let before = read(&sides.before)?;
    let after = read(&sides.after)?;
    // The input file may be larger than what was sent (scaled to the model's limit).
    let k = before.width() as f32 / sides.sent.0.max(1) as f32;
    let before_boxes: Vec<[f32; 4]> = sides
        .before_boxes
        .iter()
        .map(|b| b.map(|v| v * k))
        .collect();
    let sheet = crate::imaging::sheet::before_after(
        &before,
        &before_boxes,
        &after,
        &sides.after_boxes,
        1600,
    );
    let bytes = super::region::encode_png(&sheet).map_err(|e| Said::Plain(e.to_string()))?;
    written(target, &bytes)
}

/// Copies `files` into `dest` under their own names (a name taken gets a number: nothing in
/// `dest` is overwritten). Blocking.
pub fn copy_into(files: &[std::path::PathBuf], dest: &std::path::Path) -> Result<Said, Said> {
    let mut n = 0;
    for f in files {
        let name = f
            .file_name()
            .ok_or_else(|| crate::said!("export-no-file-name"))?;
        let mut to = dest.join(name);
        let mut k = 2;
        while to.exists() {
            let stem = f.file_stem().unwrap_or_default().to_string_lossy();
            let ext = f
                .extension()
                .map(|e| e.to_string_lossy())
                .unwrap_or_default();
            to = dest.join(format!("{stem}-{k}.{ext}"));
            k += 1;
        }
        std::fs::copy(f, &to).map_err(|e| {
            crate::said!(
                "export-not-copied",
                file = f.display().to_string(),
                folder = dest.display().to_string(),
                why = e.to_string()
            )
        })?;
        n += 1;
    }
    Ok(crate::said!(
        "export-copied",
        count = n,
        folder = dest.display().to_string()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_is_written_as_a_png_with_both_sides() {
        let dir = tempfile::tempdir().unwrap();
        let (b, a) = (dir.path().join("b.png"), dir.path().join("a.png"));
        image::RgbaImage::from_pixel(300, 200, image::Rgba([0, 0, 255, 255]))
            .save(&b)
            .unwrap();
        image::RgbaImage::from_pixel(600, 400, image::Rgba([0, 255, 0, 255]))
            .save(&a)
            .unwrap();
        let sides = SheetSides {
            before: b,
            sent: (300, 200),
            before_boxes: vec![[10.0, 10.0, 100.0, 100.0]],
            after: a,
            after_boxes: vec![[20.0, 20.0, 200.0, 200.0]],
        };
        let out = dir.path().join("sheet.png");
        save_sheet(&sides, &out).unwrap();
        let sheet = image::open(&out).unwrap().to_rgb8();
        assert!(sheet.height() >= 400 && sheet.width() > 2 * 600);
        let blue = sheet.pixels().filter(|p| p.0 == [0, 0, 255]).count();
        let green = sheet.pixels().filter(|p| p.0 == [0, 255, 0]).count();
        assert!(blue > 500 * 400 && green > 500 * 400, "{blue} {green}");
    }

    #[test]
    fn save_as_keeps_a_file_already_in_that_format_and_carries_profile_and_exif_across() {
        let dir = tempfile::tempdir().unwrap();
        let jpeg = {
            let img =
                image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 4, 90]));
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
                .encode_image(&img)
                .unwrap();
            out
        };
        let icc = moxcms::ColorProfile::new_adobe_rgb().encode().unwrap();
        let mut j = img_parts::jpeg::Jpeg::from_bytes(bytes::Bytes::from(jpeg)).unwrap();
        use img_parts::{ImageEXIF, ImageICC};
        j.set_icc_profile(Some(bytes::Bytes::from(icc.clone())));
        j.set_exif(Some(bytes::Bytes::from_static(
            b"II*\0\x08\0\0\0\0\0\0\0\0\0",
        )));
        let source = dir.path().join("composite.jpg");
        std::fs::write(&source, j.encoder().bytes()).unwrap();
        let same = save_converted(&source, &dir.path().join("again.jpg"), 50).unwrap();
        assert_eq!(
            std::fs::read(same).unwrap(),
            std::fs::read(&source).unwrap()
        );
        let png = save_converted(&source, &dir.path().join("as.png"), 92).unwrap();
        let p = img_parts::png::Png::from_bytes(std::fs::read(png).unwrap().into()).unwrap();
        assert_eq!(p.icc_profile().map(|b| b.to_vec()), Some(icc));
        assert!(p.exif().is_some());
    }

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
