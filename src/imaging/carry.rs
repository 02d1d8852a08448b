//! What the composite keeps of the target's file besides its pixels: its EXIF (camera, dates,
//! artist, copyright), XMP (creator, rights, keywords), IPTC and colour profile, with the AI
//! label added (see `metadata::label_xmp`). The segments and chunks are moved with `img-parts`.
//!
//! The EXIF is patched in place, never rewritten, so maker notes and tags this code does not
//! know stay byte for byte: the orientation becomes 1 (the composite's pixels are upright), the
//! pixel dimensions become the composite's, the thumbnail (IFD1: the old picture) is dropped,
//! and, when asked, the GPS directory is emptied (its values zeroed, not only unlinked).

use bytes::Bytes;
use image::ImageFormat;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::{ImageEXIF, ImageICC};

/// The target's metadata, read once, for every composite of a job.
#[derive(Debug, Clone, Default)]
pub struct Carried {
    /// The EXIF's TIFF structure (without JPEG's `Exif\0\0`).
    pub exif: Option<Vec<u8>>,
    pub xmp: Option<String>,
    /// The ICC profile, when the composite's pixels are in it.
    pub icc: Option<Vec<u8>>,
    /// Photoshop's IPTC (JPEG APP13 segments, as they were).
    pub iptc: Vec<Vec<u8>>,
}

impl Carried {
    /// What `file` (a JPEG, PNG or WebP) carries. `with_icc`: whether the composite's pixels
    /// are in the file's own colour space (else they are sRGB and no profile is carried).
    pub fn of(file: &[u8], format: ImageFormat, with_icc: bool) -> Carried {
        let b = Bytes::copy_from_slice(file);
        let mut c = Carried {
            xmp: super::metadata::xmp_of(file),
            ..Carried::default()
        };
        let (exif, icc) = match format {
            ImageFormat::Jpeg => match Jpeg::from_bytes(b) {
                Ok(j) => {
                    c.iptc = j
                        .segments_by_marker(markers::APP13)
                        .map(|s| s.contents().to_vec())
                        .collect();
                    (j.exif(), j.icc_profile())
                }
                Err(_) => (None, None),
            },
            ImageFormat::Png => match Png::from_bytes(b) {
                Ok(p) => (p.exif(), p.icc_profile()),
                Err(_) => (None, None),
            },
            ImageFormat::WebP => match img_parts::webp::WebP::from_bytes(b) {
                Ok(w) => (w.exif(), w.icc_profile()),
                Err(_) => (None, None),
            },
            _ => (None, None),
        };
        c.exif = exif.map(|e| e.to_vec());
        c.icc = icc.filter(|_| with_icc).map(|i| i.to_vec());
        c
    }

    /// `out`, a JPEG or PNG just encoded, with the target's metadata for a `dims` composite, the
    /// XMP packet `label` (the AI label) and, when `strip_gps`, no GPS position.
    pub fn into_file(
        &self,
        out: Vec<u8>,
        dims: (u32, u32),
        strip_gps: bool,
        label: Option<&str>,
    ) -> Vec<u8> {
        let exif = self
            .exif
            .as_deref()
            .and_then(|e| exif_for_composite(e, dims, strip_gps))
            .map(Bytes::from);
        let icc = self.icc.clone().map(Bytes::from);
        let b = Bytes::from(out);
        if let Ok(mut j) = Jpeg::from_bytes(b.clone()) {
            j.set_exif(exif);
            j.set_icc_profile(icc);
            if let Some(xmp) = label {
                super::metadata::set_jpeg_xmp(&mut j, xmp);
            }
            // IPTC after the XMP, before the frame (where Photoshop writes it).
            let at = j
                .segments()
                .iter()
                .position(|s| !matches!(s.marker(), markers::APP0..=markers::APP2))
                .unwrap_or(j.segments().len());
            for (k, iptc) in self.iptc.iter().enumerate() {
                j.segments_mut().insert(
                    at + k,
                    img_parts::jpeg::JpegSegment::new_with_contents(
                        markers::APP13,
                        Bytes::from(iptc.clone()),
                    ),
                );
            }
            return j.encoder().bytes().to_vec();
        }
        match Png::from_bytes(b.clone()) {
            Ok(mut p) => {
                p.set_exif(exif);
                p.set_icc_profile(icc);
                if let Some(xmp) = label {
                    super::metadata::set_png_xmp(&mut p, xmp);
                }
                p.encoder().bytes().to_vec()
            }
            Err(_) => b.to_vec(),
        }
    }
}

/// `xmp` with its TIFF orientation set to 1 (as an attribute or an element).
pub fn upright_xmp(xmp: &str) -> String {
    let mut s = xmp.to_string();
    for (open, close) in [("tiff:Orientation=\"", "\""), ("<tiff:Orientation>", "<")] {
        let mut from = 0;
        while let Some(i) = s[from..].find(open) {
            let start = from + i + open.len();
            let Some(len) = s[start..].find(close) else {
                break;
            };
            s.replace_range(start..start + len, "1");
            from = start + 1;
        }
    }
    s
}

/// A TIFF structure read and patched within its bounds (every read is checked: a damaged EXIF
/// gives `None` and the composite goes without it).
struct Tiff {
    b: Vec<u8>,
    le: bool,
    /// The end of the furthest data any directory outside IFD1 uses.
    used: usize,
}

/// A directory entry: (its offset, tag, type, count, value field).
type Entry = (usize, u16, u16, u32, u32);

const ORIENTATION: u16 = 0x0112;
const IMAGE_WIDTH: u16 = 0x0100;
const IMAGE_LENGTH: u16 = 0x0101;
const EXIF_IFD: u16 = 0x8769;
const GPS_IFD: u16 = 0x8825;
const INTEROP_IFD: u16 = 0xA005;
const PIXEL_X: u16 = 0xA002;
const PIXEL_Y: u16 = 0xA003;
const THUMB_OFFSET: u16 = 0x0201;
const THUMB_LENGTH: u16 = 0x0202;

impl Tiff {
    fn u16(&self, at: usize) -> Option<u16> {
        let b: [u8; 2] = self.b.get(at..at + 2)?.try_into().ok()?;
        Some(if self.le {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    }

    fn u32(&self, at: usize) -> Option<u32> {
        let b: [u8; 4] = self.b.get(at..at + 4)?.try_into().ok()?;
        Some(if self.le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn put_u16(&mut self, at: usize, v: u16) -> Option<()> {
        let bytes = if self.le {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        };
        self.b.get_mut(at..at + 2)?.copy_from_slice(&bytes);
        Some(())
    }

    fn put_u32(&mut self, at: usize, v: u32) -> Option<()> {
        let bytes = if self.le {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        };
        self.b.get_mut(at..at + 4)?.copy_from_slice(&bytes);
        Some(())
    }

    /// The entries of the directory at `at`: (entry offset, tag, type, count, value field).
    fn entries(&self, at: usize) -> Option<Vec<Entry>> {
        let n = self.u16(at)? as usize;
        (0..n)
            .map(|i| {
                let e = at + 2 + i * 12;
                Some((
                    e,
                    self.u16(e)?,
                    self.u16(e + 2)?,
                    self.u32(e + 4)?,
                    self.u32(e + 8)?,
                ))
            })
            .collect()
    }

    /// Bytes of a value of `kind` × `count` (0 for an unknown type).
    fn size(kind: u16, count: u32) -> usize {
        let unit = match kind {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 => 8,
            _ => 0,
        };
        unit * count as usize
    }

    /// Notes how far the directory at `at` and its out-of-line values reach.
    fn note_used(&mut self, at: usize) -> Option<()> {
        let entries = self.entries(at)?;
        self.used = self.used.max(at + 2 + entries.len() * 12 + 4);
        for (_, _, kind, count, value) in entries {
            let size = Self::size(kind, count);
            if size > 4 {
                self.used = self.used.max(value as usize + size);
            }
        }
        Some(())
    }

    /// Sets a SHORT or LONG value in place.
    fn set_number(&mut self, entry: usize, kind: u16, v: u32) -> Option<()> {
        match kind {
            3 => self.put_u16(entry + 8, v.min(u16::MAX as u32) as u16),
            4 => self.put_u32(entry + 8, v),
            _ => Some(()),
        }
    }
}

/// The EXIF for a composite of `dims`: orientation 1, dimensions updated, no thumbnail, and
/// no GPS values when `strip_gps`. `None`: not a readable TIFF structure.
pub fn exif_for_composite(tiff: &[u8], dims: (u32, u32), strip_gps: bool) -> Option<Vec<u8>> {
    let le = match tiff.get(..4)? {
        [b'I', b'I', 42, 0] => true,
        [b'M', b'M', 0, 42] => false,
        _ => return None,
    };
    let mut t = Tiff {
        b: tiff.to_vec(),
        le,
        used: 8,
    };
    let ifd0 = t.u32(4)? as usize;
    t.note_used(ifd0)?;
    let entries = t.entries(ifd0)?;
    for &(e, tag, kind, _, value) in &entries {
        match tag {
            ORIENTATION => t.set_number(e, kind, 1)?,
            IMAGE_WIDTH => t.set_number(e, kind, dims.0)?,
            IMAGE_LENGTH => t.set_number(e, kind, dims.1)?,
            EXIF_IFD => {
                let at = value as usize;
                t.note_used(at)?;
                for (e, tag, kind, _, value) in t.entries(at)? {
                    match tag {
                        PIXEL_X => t.set_number(e, kind, dims.0)?,
                        PIXEL_Y => t.set_number(e, kind, dims.1)?,
                        INTEROP_IFD => t.note_used(value as usize)?,
                        _ => {}
                    }
                }
            }
            GPS_IFD => {
                let at = value as usize;
                t.note_used(at)?;
                if strip_gps {
                    // Every value zeroed, then the directory emptied: no position is left in
                    // the bytes, and readers see a GPS directory with nothing in it.
                    let gps = t.entries(at)?;
                    for (e, _, kind, count, value) in &gps {
                        let size = Tiff::size(*kind, *count);
                        if size > 4 {
                            let (from, to) = (*value as usize, *value as usize + size);
                            t.b.get_mut(from..to)?.fill(0);
                        }
                        t.b.get_mut(*e..e + 12)?.fill(0);
                    }
                    t.put_u16(at, 0)?;
                }
            }
            _ => {}
        }
    }
    // IFD1 (the thumbnail) unlinked, and its bytes cut off when nothing else lies beyond them
    // (cameras write it last), else zeroed.
    let next_at = ifd0 + 2 + entries.len() * 12;
    let ifd1 = t.u32(next_at)? as usize;
    t.put_u32(next_at, 0)?;
    if ifd1 != 0 && ifd1 < t.b.len() {
        // IFD1's directory, its values and the thumbnail itself.
        let mut ranges = Vec::new();
        if let Some(thumb) = t.entries(ifd1) {
            ranges.push((ifd1, ifd1 + 2 + thumb.len() * 12 + 4));
            let field = |tag| thumb.iter().find(|e| e.1 == tag).map(|e| e.4 as usize);
            if let (Some(off), Some(len)) = (field(THUMB_OFFSET), field(THUMB_LENGTH)) {
                ranges.push((off, off + len));
            }
            for (_, _, kind, count, value) in &thumb {
                let size = Tiff::size(*kind, *count);
                if size > 4 {
                    ranges.push((*value as usize, *value as usize + size));
                }
            }
        }
        let first = ranges.iter().map(|r| r.0).min().unwrap_or(ifd1);
        let last = ranges.iter().map(|r| r.1).max().unwrap_or(ifd1);
        if t.used <= first && last >= t.b.len() {
            t.b.truncate(first);
        } else {
            for (from, to) in ranges {
                if let Some(bytes) = t.b.get_mut(from..to.min(tiff.len())) {
                    bytes.fill(0);
                }
            }
        }
    }
    Some(t.b)
}

#[cfg(test)]
mod tests;
