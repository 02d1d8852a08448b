//! A JPEG composite that is the original file outside the edit: every 8×8 block of DCT
//! coefficients in an MCU the composite does not change is the original's, copied without
//! decoding (as jpegtran's lossless crop and drop do); only the MCUs the edit touches are
//! encoded again, with the original's quantisation tables and chroma subsampling. So an edit
//! costs no generation of JPEG loss outside the box, and the file stays about its original size.
//!
//! libjpeg-turbo's coefficient API (`jpeg_read_coefficients`, `jpeg_write_coefficients`,
//! `jpeg_copy_critical_parameters`) through `mozjpeg-sys`, the build the previews use. As in
//! `turbo`, libjpeg's errors and data warnings unwind back to [`paste`] and are caught there:
//! the caller then writes the composite another way. Markers (EXIF, XMP, ICC, IPTC) are not
//! copied here: `jobs::region` puts the target's metadata in afterwards.

use std::os::raw::{c_int, c_ulong};
use std::panic::{AssertUnwindSafe, catch_unwind};

use mozjpeg_sys as j;

fn error_mgr() -> Box<j::jpeg_error_mgr> {
    Box::new(super::turbo::strict_errors())
}

/// A decompressor reading `bytes` (which it borrows), its header read.
struct Reader<'a> {
    info: Box<j::jpeg_decompress_struct>,
    _err: Box<j::jpeg_error_mgr>,
    _bytes: std::marker::PhantomData<&'a [u8]>,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        let mut err = error_mgr();
        // SAFETY: a zeroed struct is what jpeg_create_decompress expects to initialise; the
        // error manager and the bytes outlive it (owned by, and borrowed for, the Reader).
        let mut info: Box<j::jpeg_decompress_struct> = Box::new(unsafe { std::mem::zeroed() });
        info.common.err = &mut *err;
        let mut r = Reader {
            info,
            _err: err,
            _bytes: std::marker::PhantomData,
        };
        unsafe {
            j::jpeg_create_decompress(&mut *r.info);
            j::jpeg_mem_src(&mut r.info, bytes.as_ptr(), bytes.len() as c_ulong);
            j::jpeg_read_header(&mut r.info, 1);
        }
        r
    }

    /// Component `ci`'s sampling factors and size in blocks: (h, v, width, height).
    fn component(&self, ci: usize) -> (u32, u32, u32, u32) {
        // SAFETY: comp_info holds num_components entries once the header is read.
        let c = unsafe { &*self.info.comp_info.add(ci) };
        (
            c.h_samp_factor as u32,
            c.v_samp_factor as u32,
            c.width_in_blocks,
            c.height_in_blocks,
        )
    }

    /// One row of blocks of component `ci`'s coefficient array.
    fn block_row(
        &mut self,
        arrays: *mut *mut j::jvirt_barray_control,
        ci: usize,
        row: u32,
        writable: bool,
    ) -> *mut j::JBLOCK {
        // SAFETY: `arrays` came from jpeg_read_coefficients on this decompressor, which has
        // `num_components` of them; `row` is inside the array (checked by the caller).
        unsafe {
            let mem = &*self.info.common.mem;
            let access = mem.access_virt_barray.expect("libjpeg's memory manager");
            let rows = access(
                &mut self.info.common,
                *arrays.add(ci),
                row,
                1,
                writable as j::boolean,
            );
            *rows
        }
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        // SAFETY: created in `new`; destroying also frees its coefficient arrays.
        unsafe { j::jpeg_destroy_decompress(&mut self.info) }
    }
}

/// A compressor writing into memory libjpeg allocates (freed on drop).
struct Writer {
    info: Box<j::jpeg_compress_struct>,
    _err: Box<j::jpeg_error_mgr>,
    out: Box<(*mut u8, c_ulong)>,
}

impl Writer {
    /// With the source's quantisation tables, sampling and colour space, at libjpeg-turbo's
    /// plain settings (baseline, no trellis: the coefficients are what the tables give) and
    /// optimised Huffman tables.
    fn like(src: &Reader) -> Writer {
        let mut err = error_mgr();
        // SAFETY: as for `Reader::new`; `out` is boxed so its address stays put.
        let mut info: Box<j::jpeg_compress_struct> = Box::new(unsafe { std::mem::zeroed() });
        info.common.err = &mut *err;
        let mut w = Writer {
            info,
            _err: err,
            out: Box::new((std::ptr::null_mut(), 0)),
        };
        unsafe {
            j::jpeg_create_compress(&mut *w.info);
            j::jpeg_c_set_int_param(
                &mut w.info,
                j::J_INT_PARAM::JINT_COMPRESS_PROFILE,
                j::JINT_COMPRESS_PROFILE_VALUE::JCP_FASTEST as c_int,
            );
            j::jpeg_copy_critical_parameters(&src.info, &mut w.info);
            w.info.optimize_coding = 1;
            let (buf, size) = &mut *w.out;
            j::jpeg_mem_dest(&mut w.info, buf, size);
        }
        w
    }

    fn bytes(&self) -> Vec<u8> {
        let (buf, size) = *self.out;
        if buf.is_null() {
            return Vec::new();
        }
        // SAFETY: after jpeg_finish_compress, libjpeg's buffer holds `size` bytes.
        unsafe { std::slice::from_raw_parts(buf, size as usize) }.to_vec()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // SAFETY: created in `like`; the memory destination's buffer is the caller's to free.
        unsafe {
            j::jpeg_destroy_compress(&mut self.info);
            if !self.out.0.is_null() {
                libc::free(self.out.0.cast());
            }
        }
    }
}

/// JFIF's full-range RGB → YCbCr (what libjpeg's colour converter does).
fn ycbcr(p: &image::Rgba<u8>) -> [u8; 3] {
    let (r, g, b) = (p[0] as f32, p[1] as f32, p[2] as f32);
    let y = 0.299 * r + 0.587 * g + 0.114 * b;
    let cb = 128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b;
    let cr = 128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b;
    [y, cb, cr].map(|v| v.round().clamp(0.0, 255.0) as u8)
}

/// Encodes `img`'s rectangle `(x0, y0, w, h)` with `src`'s tables and sampling.
fn encode_rect(src: &Reader, img: &image::RgbaImage, rect: (u32, u32, u32, u32)) -> Vec<u8> {
    let (x0, y0, w, h) = rect;
    let mut out = Writer::like(src);
    let grey = src.info.num_components == 1;
    out.info.image_width = w;
    out.info.image_height = h;
    let mut line = Vec::with_capacity(w as usize * 3);
    // SAFETY: each scanline holds `w` samples of `input_components` (1 or 3) bytes.
    unsafe {
        j::jpeg_start_compress(&mut out.info, 1);
        for y in y0..y0 + h {
            line.clear();
            for x in x0..x0 + w {
                let c = ycbcr(img.get_pixel(x, y));
                if grey {
                    line.push(c[0]);
                } else {
                    line.extend(c);
                }
            }
            let row = line.as_ptr();
            j::jpeg_write_scanlines(&mut out.info, &row, 1);
        }
        j::jpeg_finish_compress(&mut out.info);
    }
    out.bytes()
}

/// Whether `original` can be written this way: an 8-bit baseline or progressive JPEG in
/// YCbCr or greyscale, `width`×`height` as stored (no EXIF rotation to undo).
pub fn can_paste(original: &[u8], width: u32, height: u32) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        let r = Reader::new(original);
        let i = &r.info;
        (i.image_width, i.image_height) == (width, height)
            && matches!(
                (i.num_components, i.jpeg_color_space),
                (1, j::J_COLOR_SPACE::JCS_GRAYSCALE) | (3, j::J_COLOR_SPACE::JCS_YCbCr)
            )
    }))
    .unwrap_or(false)
}

/// The MCU size of `original` (16×16 for 4:2:0, 8×8 for 4:4:4 and greyscale).
pub fn mcu_size(original: &[u8]) -> Option<(u32, u32)> {
    catch_unwind(AssertUnwindSafe(|| {
        let r = Reader::new(original);
        (
            r.info.max_h_samp_factor as u32 * 8,
            r.info.max_v_samp_factor as u32 * 8,
        )
    }))
    .ok()
}

/// What [`paste`] did: the file and how many MCUs of how many it encoded again.
pub struct Pasted {
    pub bytes: Vec<u8>,
    pub mcus_encoded: usize,
    pub mcus: usize,
}

/// The original JPEG with the MCUs where `composite` differs from `base` (the original's own
/// pixels, as decoded) encoded again from `composite`, every other block copied. `None` when
/// libjpeg refuses the file (the caller encodes the composite whole instead).
pub fn paste(
    original: &[u8],
    base: &image::RgbaImage,
    composite: &image::RgbaImage,
) -> Option<Pasted> {
    let (w, h) = composite.dimensions();
    if base.dimensions() != (w, h) || !can_paste(original, w, h) {
        return None;
    }
    let (mw, mh) = mcu_size(original)?;
    let (cols, rows) = (w.div_ceil(mw), h.div_ceil(mh));
    // The MCUs the edit changed, found from the pixels (exact: the composite is the base
    // outside the boxes' blend).
    let mut changed = vec![false; (cols * rows) as usize];
    for (y, (a, b)) in base.rows().zip(composite.rows()).enumerate() {
        let row = y as u32 / mh;
        for (x, (pa, pb)) in a.zip(b).enumerate() {
            if pa.0[..3] != pb.0[..3] {
                changed[(row * cols + x as u32 / mw) as usize] = true;
            }
        }
    }
    let mcus_encoded = changed.iter().filter(|c| **c).count();
    let mcus = changed.len();
    let cells = || {
        changed
            .iter()
            .enumerate()
            .filter(|(_, c)| **c)
            .map(|(i, _)| (i as u32 % cols, i as u32 / cols))
    };
    let (c0, r0) = cells().fold((u32::MAX, u32::MAX), |a, (c, r)| (a.0.min(c), a.1.min(r)));
    let (c1, r1) = cells().fold((0, 0), |a, (c, r)| (a.0.max(c), a.1.max(r)));
    catch_unwind(AssertUnwindSafe(|| {
        let mut src = Reader::new(original);
        // SAFETY: header read; the arrays live as long as `src`.
        let coefs = unsafe { j::jpeg_read_coefficients(&mut src.info) };
        if mcus_encoded > 0 {
            let rect = (
                c0 * mw,
                r0 * mh,
                ((c1 + 1) * mw).min(w) - c0 * mw,
                ((r1 + 1) * mh).min(h) - r0 * mh,
            );
            let crop = encode_rect(&src, composite, rect);
            let mut fresh = Reader::new(&crop);
            // SAFETY: as above, for the crop.
            let fresh_coefs = unsafe { j::jpeg_read_coefficients(&mut fresh.info) };
            for ci in 0..src.info.num_components as usize {
                let (hs, vs, aw, ah) = src.component(ci);
                let (bh, bv, bw, bhh) = fresh.component(ci);
                if (bh, bv) != (hs, vs) {
                    return None;
                }
                // Arrays are allocated rounded up to whole MCUs.
                let (a_cols, a_rows) = (aw.next_multiple_of(hs), ah.next_multiple_of(vs));
                let (b_cols, b_rows) = (bw.next_multiple_of(hs), bhh.next_multiple_of(vs));
                for r in r0..=r1 {
                    for by in 0..vs {
                        let (ra, rb) = (r * vs + by, (r - r0) * vs + by);
                        if ra >= a_rows || rb >= b_rows {
                            continue;
                        }
                        let row_a = src.block_row(coefs, ci, ra, true);
                        let row_b = fresh.block_row(fresh_coefs, ci, rb, false);
                        for c in c0..=c1 {
                            if !changed[(r * cols + c) as usize] {
                                continue;
                            }
                            for bx in 0..hs {
                                let (ca, cb) = (c * hs + bx, (c - c0) * hs + bx);
                                if ca < a_cols && cb < b_cols {
                                    // SAFETY: both inside their rows (checked above).
                                    unsafe { *row_a.add(ca as usize) = *row_b.add(cb as usize) };
                                }
                            }
                        }
                    }
                }
            }
        }
        let mut out = Writer::like(&src);
        // SAFETY: the arrays are `src`'s, alive until it drops (after `out` has finished).
        unsafe {
            j::jpeg_write_coefficients(&mut out.info, coefs);
            j::jpeg_finish_compress(&mut out.info);
        }
        Some(out.bytes())
    }))
    .ok()
    .flatten()
    .map(|bytes| Pasted {
        bytes,
        mcus_encoded,
        mcus,
    })
}

/// `img` encoded whole with `original`'s quantisation tables and sampling (for a JPEG target
/// the lossless paste cannot serve: one turned by its EXIF orientation). `None` when libjpeg
/// refuses the original.
pub fn encode_like(original: &[u8], img: &image::RgbaImage) -> Option<Vec<u8>> {
    catch_unwind(AssertUnwindSafe(|| {
        let src = Reader::new(original);
        let ok = matches!(
            (src.info.num_components, src.info.jpeg_color_space),
            (1, j::J_COLOR_SPACE::JCS_GRAYSCALE) | (3, j::J_COLOR_SPACE::JCS_YCbCr)
        );
        ok.then(|| encode_rect(&src, img, (0, 0, img.width(), img.height())))
    }))
    .ok()
    .flatten()
    .filter(|b| !b.is_empty())
}

#[cfg(test)]
mod tests;
