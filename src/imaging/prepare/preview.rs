//! Previews: the screen-sized stand-in for an input (a JPEG decoded at a reduced DCT scale,
//! anything else shrunk from its pixels) and the strip's smaller thumbnail.

use std::io::Cursor;

use image::DynamicImage;

use super::{PREVIEW_MAX_SIDE, Preview, fit_within};

/// A preview of a JPEG decoded at the smallest DCT scale that still covers nine tenths of the
/// preview size: an 8000×6000 photo is decoded at 1/8 (1000×750, its preview as it is), not at
/// 1/4 (2000×1500, four times the pixels to hold and to shrink) to be made 2.4 % larger. A
/// preview only stands for the image until its real pixels are shown. libjpeg-turbo decodes it
/// ([`crate::imaging::turbo`], any scale n/8); a file it refuses or warns about goes to
/// `jpeg-decoder` (1/8, 1/4, 1/2) as before. `None` when neither can (the caller then decodes
/// at full size).
pub(super) fn jpeg_preview_scaled(bytes: &[u8], w: u32, h: u32) -> Option<Preview> {
    let (pw, ph) = fit_within(w, h, PREVIEW_MAX_SIDE * 9 / 10);
    if let Some((sw, sh, rgb)) = crate::imaging::turbo::decode_scaled(bytes, pw, ph) {
        let img = image::RgbImage::from_raw(sw, sh, rgb)?;
        return Some(preview_of(&DynamicImage::ImageRgb8(img)));
    }
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.read_info().ok()?;
    let (sw, sh) = d
        .scale(
            pw.min(u16::MAX as u32) as u16,
            ph.min(u16::MAX as u32) as u16,
        )
        .ok()?;
    let pixels = d.decode().ok()?;
    let info = d.info()?;
    let (sw, sh) = (sw as u32, sh as u32);
    let img = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            DynamicImage::ImageRgb8(image::RgbImage::from_raw(sw, sh, pixels)?)
        }
        jpeg_decoder::PixelFormat::L8 => {
            DynamicImage::ImageLuma8(image::GrayImage::from_raw(sw, sh, pixels)?)
        }
        _ => return None,
    };
    Some(preview_of(&img))
}

/// A preview no larger than [`PREVIEW_MAX_SIDE`], as RGBA8.
pub fn preview_of(img: &DynamicImage) -> Preview {
    let (pw, ph) = fit_within(img.width(), img.height(), PREVIEW_MAX_SIDE);
    let rgba = if (pw, ph) == (img.width(), img.height()) {
        img.to_rgba8()
    } else {
        crate::imaging::resize::fast_resize(img, pw, ph)
            .unwrap_or_else(|| img.thumbnail_exact(pw, ph).to_rgba8())
    };
    Preview {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    }
}

/// The largest side of an input's picture on the strip: its cards are 140×90 points, so this
/// is sharp up to twice that on a high-density screen.
pub const THUMB_MAX_SIDE: u32 = 320;

/// A smaller copy of a preview (the strip's picture): a texture of its own, so that only the
/// image on the canvas has its full preview on the GPU.
pub fn thumbnail_of(p: &Preview, max: u32) -> Preview {
    let (w, h) = fit_within(p.width, p.height, max);
    if (w, h) == (p.width, p.height) {
        return p.clone();
    }
    let rgba = crate::imaging::resize::resize_rgba_slice(p.width, p.height, &p.rgba, w, h);
    Preview {
        width: w,
        height: h,
        rgba,
    }
}
