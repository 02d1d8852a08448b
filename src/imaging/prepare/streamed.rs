//! A JPEG sent as its own bytes, prepared from its head and checked to its end a piece at a
//! time: a job on nine camera files reads each one once, through a small buffer, instead of
//! holding it whole (and touching as much fresh memory as the file is large).

use image::ImageFormat;
use image::metadata::Orientation;

use super::complete::{JpegEnd, cut_short};
use super::{
    MAX_OPEN_PIXELS, MAX_OPEN_SIDE, Prepared, Refusal, format_name, hopeless, jpeg_components,
    jpeg_header,
};
use crate::api::catalog::ModelSpec;
use crate::api::job::ImageFacts;
use crate::imaging::{input_format, sniff};

/// The facts of a JPEG that [`super::prepare`] sends as it is (no repair: upright, not CMYK,
/// within the model's side and size limits), read from the file's first bytes: `None` when
/// they do not say so (a header longer than `head`, a file that needs a repair or a refusal,
/// not a JPEG), and the file takes the long way. Whether its data reaches its end is the
/// caller's to check ([`JpegEnd`]).
pub(super) fn jpeg_as_is(head: &[u8], file_len: u64, spec: &ModelSpec) -> Option<ImageFacts> {
    if sniff(head) != Some(ImageFormat::Jpeg) {
        return None;
    }
    let (w, h, orientation) = jpeg_header(head)?;
    if w as u64 * h as u64 > MAX_OPEN_PIXELS
        || w.max(h) > MAX_OPEN_SIDE
        || !matches!(orientation, Orientation::NoTransforms)
        || jpeg_components(head) == Some(4)
        // Its EXIF, XMP or IPTC is left out of the upload: prepared whole.
        || crate::imaging::metadata::jpeg_head_has_private(head)
    {
        return None;
    }
    let accepted = input_format(ImageFormat::Jpeg)?;
    // Nothing makes those acceptable (validation says so): sent as they are, as prepare does.
    let hopeless = hopeless(w, h, spec);
    if !hopeless && (w.max(h) > spec.max_side || file_len > spec.max_file_bytes) {
        return None;
    }
    Some(ImageFacts {
        width: w,
        height: h,
        format: Some(accepted),
        file_bytes: file_len,
        has_alpha: false,
    })
}

/// A JPEG sent as it is, with these facts.
pub(super) fn as_is(facts: ImageFacts) -> Prepared {
    Prepared {
        facts,
        seen_size: (facts.width, facts.height),
        repairs: vec![],
        bytes: None,
        preview: None,
        source_format: format_name(ImageFormat::Jpeg),
    }
}

/// A JPEG prepared as it is read: [`StreamedJpeg::start`] on its first bytes, every piece
/// (those first bytes included) to [`StreamedJpeg::feed`] in order, then
/// [`StreamedJpeg::finish`]: what [`super::prepare`] answers for the whole file without a
/// preview.
#[derive(Debug, Clone)]
pub struct StreamedJpeg {
    facts: ImageFacts,
    end: JpegEnd,
}

impl StreamedJpeg {
    /// `None`: the file is not a JPEG sent as it is, as far as `head` shows (prepare it whole).
    /// `file_len` is the length of the whole file, which the caller reads to its end.
    pub fn start(head: &[u8], file_len: u64, spec: &ModelSpec) -> Option<Self> {
        jpeg_as_is(head, file_len, spec).map(|facts| StreamedJpeg {
            facts,
            end: JpegEnd::new(),
        })
    }

    pub fn feed(&mut self, piece: &[u8]) {
        self.end.feed(piece);
    }

    /// Prepared as it is, or refused as cut short.
    pub fn finish(self) -> Result<Prepared, Refusal> {
        match self.end.complete() {
            true => Ok(as_is(self.facts)),
            false => Err(cut_short(ImageFormat::Jpeg)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imaging::prepare::prepare;

    fn jpeg(w: u32, h: u32, quality: u8) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([
                (x * 3 % 256) as u8,
                (y * 7 % 256) as u8,
                ((x + y) % 256) as u8,
            ])
        });
        let mut b = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut b, quality)
            .encode_image(&img)
            .unwrap();
        b
    }

    fn streamed(
        bytes: &[u8],
        head: usize,
        piece: usize,
        spec: &ModelSpec,
    ) -> Option<Result<Prepared, Refusal>> {
        let mut s = StreamedJpeg::start(&bytes[..head.min(bytes.len())], bytes.len() as u64, spec)?;
        for p in bytes.chunks(piece) {
            s.feed(p);
        }
        Some(s.finish())
    }

    /// Whenever the head decides, the answer is prepare's on the whole file, for every model.
    #[expect(clippy::disallowed_methods, reason = "the test reads the test photos")]
    #[test]
    fn a_streamed_jpeg_is_prepared_as_prepare_does_it_whole() {
        let photos = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/photos");
        let mut files = vec![jpeg(640, 480, 90), jpeg(300, 200, 50), jpeg(100, 2000, 80)];
        files.push(std::fs::read(photos.join("rocket.jpg")).unwrap());
        files.push(std::fs::read(photos.join("retina.jpg")).unwrap());
        let mut decided = 0;
        for spec in crate::api::catalog::MODELS.iter() {
            for whole in &files {
                for cut in [whole.len(), whole.len() - 1, whole.len() / 2] {
                    let bytes = &whole[..cut];
                    let Some(got) = streamed(bytes, 64 << 10, 4096, spec) else {
                        continue;
                    };
                    decided += 1;
                    let want = prepare(bytes, spec, false);
                    match (got, want) {
                        (Ok(g), Ok(w)) => {
                            assert_eq!(g.facts, w.facts, "{}", spec.id);
                            assert_eq!(g.seen_size, w.seen_size);
                            assert!(g.repairs.is_empty() && w.repairs.is_empty());
                            assert!(g.bytes.is_none() && w.bytes.is_none());
                        }
                        (Err(g), Err(w)) => assert_eq!(g, w, "{}", spec.id),
                        (g, w) => panic!("{}: streamed {g:?}, whole {w:?}", spec.id),
                    }
                }
            }
        }
        assert!(decided >= 20, "the head decided only {decided} times");
    }

    #[test]
    fn a_head_that_does_not_say_leaves_the_file_to_the_long_way() {
        let spec = ModelSpec::find("wan2.7-image").unwrap();
        let whole = jpeg(640, 480, 90);
        // Cut inside the frame header (which follows JFIF's 18 bytes here).
        assert_eq!(&whole[20..22], &[0xFF, 0xC0]);
        assert!(StreamedJpeg::start(&whole[..30], whole.len() as u64, spec).is_none());
        // Over the model's file size: it must be re-encoded, not streamed.
        assert!(StreamedJpeg::start(&whole, spec.max_file_bytes + 1, spec).is_none());
        // Not a JPEG.
        assert!(StreamedJpeg::start(b"\x89PNG\r\n\x1a\n", 8, spec).is_none());
        // The whole head is enough.
        assert!(StreamedJpeg::start(&whole, whole.len() as u64, spec).is_some());
    }
}
