//! A JPEG decoded at a reduced DCT scale by libjpeg-turbo (mozjpeg-sys: built from source with
//! the C compiler every Rust toolchain already needs to link, with its x86 SIMD when `nasm` is on
//! the machine, plain C when not). It is used only for previews, where it is measurably faster
//! than the pure-Rust decoder (see the README's figures). The file sent is never touched by it.
//!
//! It is strict: any error and any warning (a file cut short, corrupt data the library would
//! paper over in grey) gives `None`, and the caller goes on as it did before this decoder
//! existed. libjpeg reports both by calling back into us; the callbacks unwind back to
//! [`decode_scaled`], which catches that and nothing else (the C code was built with unwinding
//! in mind: `mozjpeg-sys`'s `unwinding` feature).

use std::os::raw::c_int;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

/// How libjpeg's fatal errors end: back to [`decode_scaled`]'s `catch_unwind`, without the panic
/// hook (`resume_unwind`), so nothing is printed and nothing is lost but this preview.
extern "C-unwind" fn on_error(_: &mut mozjpeg_sys::jpeg_common_struct) {
    resume_unwind(Box::new(DecodeFailed));
}

/// Level −1 is a warning about the data (truncated, corrupt): refused like an error. Levels 0
/// and up are trace messages, ignored.
extern "C-unwind" fn on_message(_: &mut mozjpeg_sys::jpeg_common_struct, level: c_int) {
    if level < 0 {
        resume_unwind(Box::new(DecodeFailed));
    }
}

struct DecodeFailed;

/// A libjpeg error manager whose errors and data warnings unwind, through the callbacks above,
/// to the caller's `catch_unwind` (here and in `jpeg_paste`).
pub(crate) fn strict_errors() -> mozjpeg_sys::jpeg_error_mgr {
    // SAFETY: jpeg_std_error fills in every field of a zeroed error manager (the C library's
    // own way to make one); the two callbacks are then replaced with ours.
    let mut err: mozjpeg_sys::jpeg_error_mgr = unsafe { std::mem::zeroed() };
    unsafe { mozjpeg_sys::jpeg_std_error(&mut err) };
    err.error_exit = Some(on_error);
    err.emit_message = Some(on_message);
    err
}

/// The smallest scale n/8 (n = 1…8) at which a `w`×`h` JPEG still covers `pw`×`ph`.
pub(crate) fn scale_eighths(w: u32, h: u32, pw: u32, ph: u32) -> u32 {
    (1..=8u32)
        .find(|n| {
            (w as u64 * *n as u64).div_ceil(8) >= pw as u64
                && (h as u64 * *n as u64).div_ceil(8) >= ph as u64
        })
        .unwrap_or(8)
}

/// The JPEG's pixels as RGB at the smallest scale n/8 that still covers `pw`×`ph`: (width,
/// height, RGB bytes). `None` for anything libjpeg refuses or warns about.
pub(crate) fn decode_scaled(bytes: &[u8], pw: u32, ph: u32) -> Option<(u32, u32, Vec<u8>)> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut d = mozjpeg::Decompress::builder()
            .with_err(strict_errors())
            .from_mem(bytes)
            .ok()?;
        let (w, h) = (d.width() as u32, d.height() as u32);
        d.scale(scale_eighths(w, h, pw, ph) as u8);
        let mut started = d.rgb().ok()?;
        let (sw, sh) = (started.width() as u32, started.height() as u32);
        let pixels: Vec<u8> = started.read_scanlines().ok()?;
        started.finish().ok()?;
        (pixels.len() == sw as usize * sh as usize * 3).then_some((sw, sh, pixels))
    }))
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A photo-like test JPEG: gradients and a pattern fine enough to need the AC coefficients.
    fn jpeg(w: u32, h: u32, grey: bool) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            let ripple = ((x / 3 + y / 5) % 7 * 20) as u8;
            if grey {
                image::Rgb([ripple; 3])
            } else {
                image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, ripple])
            }
        });
        let mut out = Vec::new();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
        if grey {
            image::DynamicImage::ImageRgb8(img)
                .to_luma8()
                .write_with_encoder(enc)
                .unwrap();
        } else {
            img.write_with_encoder(enc).unwrap();
        }
        out
    }

    #[test]
    fn the_scale_is_the_smallest_that_still_covers_the_size_asked_for() {
        assert_eq!(scale_eighths(8000, 6000, 921, 691), 1); // 1000×750
        assert_eq!(scale_eighths(6000, 4000, 921, 614), 2); // 1500×1000; 1/8 is 750 wide
        assert_eq!(scale_eighths(3000, 2000, 921, 614), 3); // 1125×750, not 1/2's 1500×1000
        assert_eq!(scale_eighths(900, 600, 900, 600), 8); // already small: full size
        assert_eq!(scale_eighths(100, 50, 921, 614), 8); // smaller than asked: full size
    }

    #[test]
    fn a_scaled_decode_has_the_size_and_the_pixels_of_the_pure_rust_decoder() {
        let bytes = jpeg(1600, 1200, false);
        let (w, h, rgb) = decode_scaled(&bytes, 400, 300).expect("libjpeg decodes it");
        assert_eq!((w, h), (400, 300));
        let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(&bytes));
        d.read_info().unwrap();
        assert_eq!(d.scale(400, 300).unwrap(), (400, 300));
        let theirs = d.decode().unwrap();
        assert_eq!(rgb.len(), theirs.len());
        let total: u64 = rgb
            .iter()
            .zip(&theirs)
            .map(|(a, b)| a.abs_diff(*b) as u64)
            .sum();
        let mean = total as f64 / rgb.len() as f64;
        // Two IDCTs and upsamplers round differently; a channel swap or a wrong scale would
        // be tens of levels off.
        assert!(mean < 2.0, "mean difference {mean:.2} levels");
    }

    #[test]
    fn a_grey_jpeg_comes_out_as_rgb() {
        let (w, h, rgb) = decode_scaled(&jpeg(640, 480, true), 320, 240).unwrap();
        assert_eq!((w, h), (320, 240));
        assert_eq!(rgb.len(), 320 * 240 * 3);
        assert!(rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]));
    }

    #[test]
    fn a_file_cut_short_or_not_a_jpeg_gives_none_without_a_panic() {
        let bytes = jpeg(1600, 1200, false);
        for cut in [2, 100, 700, bytes.len() / 2, bytes.len() - 2] {
            assert!(
                decode_scaled(&bytes[..cut], 400, 300).is_none(),
                "cut at {cut}"
            );
        }
        assert!(decode_scaled(b"not a jpeg at all", 10, 10).is_none());
        assert!(decode_scaled(&[], 10, 10).is_none());
        // Corrupt inside: the entropy-coded data overwritten in the middle.
        let mut corrupt = bytes.clone();
        let mid = corrupt.len() / 2;
        corrupt[mid..mid + 64].fill(0xFF);
        assert!(decode_scaled(&corrupt, 400, 300).is_none());
        // And the library is still usable afterwards, on this thread.
        assert!(decode_scaled(&bytes, 400, 300).is_some());
    }
}
