//! Whether a file's data reaches its end: a JPEG or PNG cut short (a copy interrupted, a
//! download stopped) decodes with grey or nothing where the rest was, so it is refused here.

use image::ImageFormat;

use super::{Refusal, damaged, format_name};

/// Whether a JPEG's compressed data runs to its end marker: walks the markers and every scan's
/// entropy-coded data (progressive files have several) up to EOI. A file cut short (a copy
/// interrupted, a download stopped) has none; decoders fill the missing part with grey
/// without complaint, so this is what catches it. Bytes after EOI (some cameras append data)
/// are allowed.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return false;
    }
    let mut i = 2;
    loop {
        // Fill bytes before a marker.
        while i < bytes.len() && bytes[i] == 0xFF && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if i + 1 >= bytes.len() || bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xD9 => return true,
            0xD0..=0xD7 | 0x01 => {
                i += 2;
                continue;
            }
            _ => {}
        }
        if i + 4 > bytes.len() {
            return false;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if len < 2 {
            return false;
        }
        i += 2 + len;
        if marker == 0xDA {
            // Entropy-coded data: up to the next marker that is not a stuffed 0xFF00 or a
            // restart marker.
            loop {
                // memchr: the scan is over the whole file (vectorised, ~6× a plain loop).
                match bytes.get(i..).and_then(|r| memchr::memchr(0xFF, r)) {
                    None => return false,
                    Some(p) => i += p,
                }
                match bytes.get(i + 1) {
                    None => return false,
                    Some(0x00) | Some(0xD0..=0xD7) | Some(0xFF) => i += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

/// Whether a PNG's chunks run to IEND (a file cut short has none).
pub fn png_is_complete(bytes: &[u8]) -> bool {
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        if &bytes[i + 4..i + 8] == b"IEND" {
            return true;
        }
        i = match i.checked_add(12).and_then(|x| x.checked_add(len)) {
            Some(n) => n,
            None => return false,
        };
    }
    false
}

/// Refuses a file whose data stops before its end (see [`jpeg_is_complete`]).
pub(super) fn check_complete(bytes: &[u8], fmt: ImageFormat) -> Result<(), Refusal> {
    let complete = match fmt {
        ImageFormat::Jpeg => jpeg_is_complete(bytes),
        ImageFormat::Png => png_is_complete(bytes),
        // Decoded in full before sending: their decoders stop with an error on missing data.
        _ => true,
    };
    if complete {
        Ok(())
    } else {
        Err(damaged(crate::t!(
            "damaged-cut-short",
            format = format_name(fmt)
        )))
    }
}
