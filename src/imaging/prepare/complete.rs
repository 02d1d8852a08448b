//! Whether a file's data reaches its end: a JPEG or PNG cut short (a copy interrupted, a
//! download stopped) decodes with grey or nothing where the rest was, so it is refused here.

use image::ImageFormat;

use super::{Refusal, format_name};

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
        Err(cut_short(fmt))
    }
}

/// The refusal of a file whose data stops before its end.
pub(super) fn cut_short(fmt: ImageFormat) -> Refusal {
    Refusal::Damaged(crate::said!("damaged-cut-short", format = format_name(fmt)))
}

/// [`jpeg_is_complete`] fed a piece at a time, for a file checked as it is read (a camera
/// file is never held whole for it): the same walk over the markers and each scan's data,
/// with at most a marker's four bytes carried from one piece to the next. Fed every piece of
/// a file in order, [`JpegEnd::complete`] answers what [`jpeg_is_complete`] answers for the
/// whole file.
#[derive(Debug, Clone)]
pub struct JpegEnd {
    state: EndState,
    /// The start of a marker (or SOI) split between pieces.
    pending: [u8; 4],
    npending: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndState {
    /// The first two bytes: SOI.
    Start,
    /// At a marker: 0xFF, its code and, for a segment, its length.
    Marker,
    /// Inside a segment; a scan's data follows when `scan`.
    Skip { left: usize, scan: bool },
    /// In a scan's entropy-coded data, looking for 0xFF.
    Scan,
    /// Just after a 0xFF in a scan's data: the next byte says whether it was a marker.
    ScanFf,
    /// EOI reached (`true`), or the walk failed (`false`); later bytes do not matter.
    Done(bool),
}

impl Default for JpegEnd {
    fn default() -> Self {
        Self::new()
    }
}

impl JpegEnd {
    pub fn new() -> Self {
        JpegEnd {
            state: EndState::Start,
            pending: [0; 4],
            npending: 0,
        }
    }

    /// Whether the walk has reached EOI or failed: the bytes still to come change nothing.
    pub fn is_decided(&self) -> bool {
        matches!(self.state, EndState::Done(_))
    }

    /// Whether the bytes fed so far run to EOI.
    pub fn complete(&self) -> bool {
        self.state == EndState::Done(true)
    }

    /// Takes up to `want` pending bytes from the front of `b`; whether they are all there.
    fn take_pending(&mut self, b: &mut &[u8], want: usize) -> bool {
        let n = (want - self.npending).min(b.len());
        self.pending[self.npending..self.npending + n].copy_from_slice(&b[..n]);
        self.npending += n;
        *b = &b[n..];
        self.npending == want
    }

    /// Walks the next piece of the file.
    pub fn feed(&mut self, mut b: &[u8]) {
        use EndState::*;
        while !b.is_empty() {
            match self.state {
                Done(_) => return,
                Start => {
                    if self.take_pending(&mut b, 2) {
                        self.npending = 0;
                        self.state = match self.pending[..2] == [0xFF, 0xD8] {
                            true => Marker,
                            false => Done(false),
                        };
                    }
                }
                Marker => {
                    if self.npending < 2 && !self.take_pending(&mut b, 2) {
                        continue;
                    }
                    if self.pending[0] != 0xFF {
                        self.state = Done(false);
                        continue;
                    }
                    match self.pending[1] {
                        // A fill byte: the second 0xFF starts the marker.
                        0xFF => self.npending = 1,
                        0xD9 => self.state = Done(true),
                        0xD0..=0xD7 | 0x01 => self.npending = 0,
                        marker => {
                            if !self.take_pending(&mut b, 4) {
                                continue;
                            }
                            let len = u16::from_be_bytes([self.pending[2], self.pending[3]]);
                            self.npending = 0;
                            self.state = match len {
                                0 | 1 => Done(false),
                                len => Skip {
                                    left: len as usize - 2,
                                    scan: marker == 0xDA,
                                },
                            };
                        }
                    }
                }
                Skip { left, scan } => {
                    let n = left.min(b.len());
                    b = &b[n..];
                    self.state = match (left - n, scan) {
                        (0, true) => Scan,
                        (0, false) => Marker,
                        (left, scan) => Skip { left, scan },
                    };
                }
                Scan => match memchr::memchr(0xFF, b) {
                    None => b = &[],
                    Some(p) => {
                        b = &b[p + 1..];
                        self.state = ScanFf;
                    }
                },
                ScanFf => match b[0] {
                    // Stuffed 0xFF00, a restart marker: still data. Another 0xFF: look again.
                    0x00 | 0xD0..=0xD7 => {
                        b = &b[1..];
                        self.state = Scan;
                    }
                    0xFF => b = &b[1..],
                    _ => {
                        // A marker: its 0xFF was the one just passed.
                        self.pending[0] = 0xFF;
                        self.npending = 1;
                        self.state = Marker;
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real JPEGs of several kinds: baseline, progressive, with restart markers, with data
    /// after EOI, and the test photos.
    #[expect(clippy::disallowed_methods, reason = "the test reads the test photos")]
    fn jpegs() -> Vec<Vec<u8>> {
        use image::codecs::jpeg::JpegEncoder;
        let img = image::RgbImage::from_fn(97, 61, |x, y| {
            image::Rgb([
                (x * 7 % 256) as u8,
                (y * 5 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ])
        });
        let mut out = Vec::new();
        for q in [30, 95] {
            let mut b = Vec::new();
            JpegEncoder::new_with_quality(&mut b, q)
                .encode_image(&img)
                .unwrap();
            out.push(b);
        }
        let mut trailing = out[0].clone();
        trailing.extend_from_slice(b"\xFF\xD8 maker data after the end");
        out.push(trailing);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/photos");
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let b = std::fs::read(e.path()).unwrap();
            if image::guess_format(&b).ok() == Some(ImageFormat::Jpeg) {
                out.push(b);
            }
        }
        // A progressive file and one with restart intervals.
        for (progressive, restart) in [(true, 0), (false, 3)] {
            let mut b = Vec::new();
            let mut e = jpeg_encoder::Encoder::new(&mut b, 80);
            e.set_progressive(progressive);
            e.set_restart_interval(restart);
            e.encode(img.as_raw(), 97, 61, jpeg_encoder::ColorType::Rgb)
                .unwrap();
            out.push(b);
        }
        assert!(out.len() >= 7, "too few JPEGs to test with");
        out
    }

    fn streamed(bytes: &[u8], piece: usize) -> bool {
        let mut end = JpegEnd::new();
        for p in bytes.chunks(piece.max(1)) {
            end.feed(p);
        }
        end.complete()
    }

    #[test]
    fn fed_in_pieces_it_answers_as_the_whole_file_walk() {
        for whole in jpegs() {
            assert!(jpeg_is_complete(&whole));
            let step = (whole.len() / 300).max(1);
            let cuts = (0..whole.len())
                .step_by(step)
                .chain(whole.len() - 8..whole.len());
            for cut in cuts {
                let bytes = &whole[..cut];
                let expected = jpeg_is_complete(bytes);
                for piece in [1, 2, 3, 5, 64, 4096, 1 << 20] {
                    assert_eq!(
                        streamed(bytes, piece),
                        expected,
                        "{cut} of {} bytes in pieces of {piece}",
                        whole.len()
                    );
                }
            }
            for piece in [1, 2, 3, 5, 64, 4096, 1 << 20] {
                assert!(streamed(&whole, piece), "whole file in pieces of {piece}");
            }
        }
    }

    #[test]
    fn damaged_bytes_answer_as_the_whole_file_walk() {
        // Bytes changed here and there (a marker broken, a length wrong, data stuffed).
        let whole = jpegs().remove(1);
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..2000 {
            let mut b = whole.clone();
            for _ in 0..3 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed % b.len() as u64) as usize;
                b[at] =
                    [0xFF, 0x00, 0xD9, 0xDA, 0xD0, (seed >> 32) as u8][(seed >> 40) as usize % 6];
            }
            let piece = 1 + (seed >> 20) as usize % 700;
            assert_eq!(
                streamed(&b, piece),
                jpeg_is_complete(&b),
                "pieces of {piece}"
            );
        }
    }

    #[test]
    fn not_a_jpeg_and_empty_input_are_not_complete() {
        assert!(!streamed(b"", 1));
        assert!(!streamed(b"\x89PNG\r\n\x1a\n....", 3));
        assert!(!streamed(&[0xFF, 0xD8], 1));
        assert!(!streamed(&[0xFF, 0xD8, 0xFF, 0xD9][..3], 1));
        assert!(streamed(&[0xFF, 0xD8, 0xFF, 0xD9], 1));
    }
}
