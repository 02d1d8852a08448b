//! What a file says besides its pixels, and what of it leaves this machine.
//!
//! The service needs pixels and nothing else: a camera's EXIF (GPS position, serial numbers,
//! the owner's name), XMP and IPTC (creator, contact, location) stay here. An input sent as its
//! own bytes is sent without those segments, everything else byte for byte (its colour
//! profile, JFIF and Adobe markers, the compressed data): [`for_upload`]. The segments are
//! found and removed with `img-parts`; nothing here reads what they say.

use bytes::Bytes;
use image::ImageFormat;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::{CHUNK_EXIF, CHUNK_XMP, WebP};

/// PNG chunks that carry words about the picture or its maker: EXIF, and the text chunks (XMP
/// is an `iTXt` chunk; "Author", "Copyright" and the like are `tEXt`/`zTXt`/`iTXt`).
const PNG_PRIVATE: [[u8; 4]; 4] = [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt"];

/// JPEG segments that carry them: APP1 (EXIF, XMP) and APP13 (Photoshop's IPTC).
const JPEG_PRIVATE: [u8; 2] = [markers::APP1, markers::APP13];

/// The file without its EXIF, XMP, IPTC and text metadata, for the upload; `None` when it has
/// none (or is not a JPEG, PNG or WebP, or cannot be read as one: it is then re-encoded or
/// refused elsewhere, and a re-encoded file carries no metadata).
pub fn for_upload(bytes: &[u8], format: ImageFormat) -> Option<Vec<u8>> {
    let b = Bytes::copy_from_slice(bytes);
    let out = match format {
        ImageFormat::Jpeg => {
            let mut j = Jpeg::from_bytes(b).ok()?;
            let before = j.segments().len();
            j.segments_mut()
                .retain(|s| !JPEG_PRIVATE.contains(&s.marker()));
            if j.segments().len() == before {
                return None;
            }
            j.encoder().bytes()
        }
        ImageFormat::Png => {
            let mut p = Png::from_bytes(b).ok()?;
            let before = p.chunks().len();
            p.chunks_mut().retain(|c| !PNG_PRIVATE.contains(&c.kind()));
            if p.chunks().len() == before {
                return None;
            }
            p.encoder().bytes()
        }
        ImageFormat::WebP => {
            let mut w = WebP::from_bytes(b).ok()?;
            if !w.has_chunk(CHUNK_EXIF) && !w.has_chunk(CHUNK_XMP) {
                return None;
            }
            w.remove_chunks_by_id(CHUNK_EXIF);
            w.remove_chunks_by_id(CHUNK_XMP);
            w.encoder().bytes()
        }
        _ => return None,
    };
    Some(out.to_vec())
}

/// Whether the first bytes of a JPEG (up to its first scan) hold an EXIF, XMP or IPTC segment:
/// such a file is not streamed as it is but prepared whole, through [`for_upload`]. Only the
/// segments' markers and lengths are read. `true` too when the head ends before the first scan
/// with such a segment not yet ruled out (the whole file decides).
pub fn jpeg_head_has_private(head: &[u8]) -> bool {
    let mut at = 2; // after SOI
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while head.get(at) == Some(&0xFF) && head.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (head.get(at), head.get(at + 1)) else {
            return true;
        };
        if marker == markers::SOS || marker == markers::EOI {
            return false;
        }
        if JPEG_PRIVATE.contains(&marker) {
            return true;
        }
        let Some(len) = head.get(at + 2..at + 4) else {
            return true;
        };
        at += 2 + u16::from_be_bytes([len[0], len[1]]) as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/photos")
                .join(name),
        )
        .unwrap()
    }

    /// A JPEG with an APP1 EXIF segment (a GPS IFD pointer and an owner's name inside) and an
    /// APP13 segment inserted after its first segment.
    pub(crate) fn with_private_segments(jpeg: &[u8]) -> Vec<u8> {
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
        exif.extend_from_slice(b"GPS 35.6581N 139.7414E owner Hanako Yamada serial 0123456789");
        let iptc =
            b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x10\x1c\x02\x50\0\x0cHanako Yamad".to_vec();
        let seg = |marker: u8, data: &[u8]| {
            let mut s = vec![0xFF, marker];
            s.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
            s.extend_from_slice(data);
            s
        };
        let mut out = jpeg[..2].to_vec();
        out.extend(seg(markers::APP1, &exif));
        out.extend(seg(markers::APP13, &iptc));
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn a_jpegs_exif_and_iptc_are_left_out_and_the_rest_kept_byte_for_byte() {
        let original = photo("rocket.jpg");
        assert!(!jpeg_head_has_private(&original));
        assert_eq!(for_upload(&original, ImageFormat::Jpeg), None);
        let private = with_private_segments(&original);
        assert!(jpeg_head_has_private(&private));
        let sent = for_upload(&private, ImageFormat::Jpeg).unwrap();
        assert_eq!(sent, original);
        let text = String::from_utf8_lossy(&sent);
        assert!(!text.contains("Hanako") && !text.contains("GPS"));
        // Its colour profile (APP2) stays: Adobe RGB (1998).
        assert!(text.contains("Adobe RGB (1998)"));
    }

    #[test]
    fn a_pngs_text_and_exif_are_left_out_its_profile_kept() {
        let original = photo("astronaut.png");
        let sent = for_upload(&original, ImageFormat::Png).unwrap();
        let p = Png::from_bytes(Bytes::from(sent.clone())).unwrap();
        assert!(p.chunks().iter().all(|c| !PNG_PRIVATE.contains(&c.kind())));
        assert!(p.chunk_by_type(*b"iCCP").is_some());
        let (a, b) = (
            image::load_from_memory(&original).unwrap().to_rgb8(),
            image::load_from_memory(&sent).unwrap().to_rgb8(),
        );
        assert_eq!(a, b, "the pixels are the same");
        assert_eq!(for_upload(&photo("coffee.png"), ImageFormat::Png), None);
    }

    #[test]
    fn a_head_that_ends_before_its_scan_is_not_ruled_out() {
        let private = with_private_segments(&photo("rocket.jpg"));
        assert!(jpeg_head_has_private(&private[..10]));
        assert!(!jpeg_head_has_private(&photo("retina.jpg")));
    }
}
