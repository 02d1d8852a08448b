//! Colour management: the model reads every pixel as sRGB, so what is sent is sRGB, and what
//! comes back is brought into the target's own colour space before it is lined up and
//! composited (outside the boxes the original's numbers stay the original's, inside the result
//! looks as the model made it). Profiles are read with `img-parts` (JPEG APP2, PNG iCCP, WebP
//! ICCP) and applied with `moxcms` (the CMS `image` itself depends on).
//!
//! A file without a profile is sRGB (what browsers and the service assume). A profile that
//! maps every colour to within one level of sRGB (the sRGB profiles cameras and phones embed,
//! under many names) is treated as sRGB: nothing is converted. A profile that cannot be read is
//! treated as sRGB too, as every viewer that cannot read it does.

use std::sync::Arc;

use bytes::Bytes;
use image::ImageFormat;
use img_parts::ImageICC;
use moxcms::{ColorProfile, Layout, RenderingIntent, TransformOptions};

use crate::i18n::Said;

/// A colour profile that is not sRGB: its ICC bytes and its name.
#[derive(Clone)]
pub struct Foreign {
    pub icc: Arc<Vec<u8>>,
    pub name: String,
    profile: Arc<ColorProfile>,
}

impl std::fmt::Debug for Foreign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Foreign({:?}, {} bytes)", self.name, self.icc.len())
    }
}

/// The ICC profile embedded in a file (JPEG APP2, PNG iCCP, WebP ICCP, TIFF's tag), as its bytes.
pub fn icc_in(bytes: &[u8], format: ImageFormat) -> Option<Vec<u8>> {
    let b = Bytes::copy_from_slice(bytes);
    let icc = match format {
        ImageFormat::Jpeg => img_parts::jpeg::Jpeg::from_bytes(b).ok()?.icc_profile(),
        ImageFormat::Png => img_parts::png::Png::from_bytes(b).ok()?.icc_profile(),
        ImageFormat::WebP => img_parts::webp::WebP::from_bytes(b).ok()?.icc_profile(),
        // TIFF and the rest: what their decoder reads.
        other => {
            use image::ImageDecoder;
            let mut d = image::ImageReader::with_format(std::io::Cursor::new(bytes), other)
                .into_decoder()
                .ok()?;
            return d.icc_profile().ok().flatten().filter(|i| !i.is_empty());
        }
    }?;
    (!icc.is_empty()).then(|| icc.to_vec())
}

/// The file's profile when it is not sRGB (see the module's words on what counts as sRGB).
pub fn foreign_in(bytes: &[u8], format: ImageFormat) -> Option<Foreign> {
    foreign(&icc_in(bytes, format)?)
}

/// `icc` when it is a readable RGB profile that is not sRGB.
pub fn foreign(icc: &[u8]) -> Option<Foreign> {
    let profile = ColorProfile::new_from_slice(icc).ok()?;
    let to_srgb = profile
        .create_transform_8bit(
            Layout::Rgb,
            &ColorProfile::new_srgb(),
            Layout::Rgb,
            options(),
        )
        .ok()?;
    // Every colour of a 9-level cube (the primaries, the greys, the mixes): within one level of
    // itself after the conversion means the profile is sRGB under another name.
    let levels = [0u8, 32, 64, 96, 128, 160, 192, 224, 255];
    let mut cube = Vec::with_capacity(levels.len().pow(3) * 3);
    for r in levels {
        for g in levels {
            for b in levels {
                cube.extend([r, g, b]);
            }
        }
    }
    let mut out = vec![0u8; cube.len()];
    to_srgb.transform(&cube, &mut out).ok()?;
    let srgb = cube.iter().zip(&out).all(|(a, b)| a.abs_diff(*b) <= 1);
    if srgb {
        return None;
    }
    Some(Foreign {
        name: name_of(&profile),
        icc: Arc::new(icc.to_vec()),
        profile: Arc::new(profile),
    })
}

/// The profile's own description ("Adobe RGB (1998)", "Display P3"), or a plain word.
fn name_of(p: &ColorProfile) -> String {
    let text = match &p.description {
        Some(moxcms::ProfileText::PlainString(s)) => Some(s.clone()),
        Some(moxcms::ProfileText::Localizable(l)) => l.first().map(|s| s.value.clone()),
        Some(moxcms::ProfileText::Description(d)) => Some(d.ascii_string.clone()),
        None => None,
    };
    text.map(|s| s.trim_matches(char::from(0)).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "an embedded colour profile".to_string())
}

fn options() -> TransformOptions {
    TransformOptions {
        // Photographs: colours out of the smaller gamut are compressed, not clipped.
        rendering_intent: RenderingIntent::Perceptual,
        ..TransformOptions::default()
    }
}

/// Converts RGBA pixels between `from` (`None` = sRGB) and `to` (`None` = sRGB), alpha kept.
fn convert(
    img: &mut image::RgbaImage,
    from: Option<&Foreign>,
    to: Option<&Foreign>,
) -> Result<(), Said> {
    let srgb = ColorProfile::new_srgb();
    let src = from.map(|f| f.profile.as_ref()).unwrap_or(&srgb);
    let dst = to.map(|f| f.profile.as_ref()).unwrap_or(&srgb);
    let t = src
        .create_transform_8bit(Layout::Rgba, dst, Layout::Rgba, options())
        .map_err(|e| Said::Plain(format!("the colour profile cannot be applied ({e})")))?;
    // Row bands on every core: a 24 MP photo is converted in a fraction of a second.
    let row = img.width() as usize * 4;
    let rows_per_band = (img.height() as usize)
        .div_ceil(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        for band in img.chunks_mut(row * rows_per_band) {
            let (t, failed) = (&t, &failed);
            s.spawn(move || {
                let src = band.to_vec();
                if t.transform(&src, band).is_err() {
                    failed.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    if failed.into_inner() {
        return Err(Said::from("the colour profile cannot be applied"));
    }
    Ok(())
}

/// The picture's pixels in sRGB, from its own profile.
pub fn to_srgb(img: &mut image::RgbaImage, from: &Foreign) -> Result<(), Said> {
    convert(img, Some(from), None)
}

/// sRGB pixels (what the service makes) in the target's profile.
pub fn from_srgb(img: &mut image::RgbaImage, to: &Foreign) -> Result<(), Said> {
    convert(img, None, Some(to))
}

/// `img`, decoded from `file`, as a screen (taken to be sRGB) must show it: converted from the
/// file's profile when it has one that is not sRGB, else as it is.
pub fn on_screen(file: &[u8], img: image::DynamicImage) -> image::DynamicImage {
    let Some(profile) = super::sniff(file).and_then(|f| foreign_in(file, f)) else {
        return img;
    };
    let alpha = img.color().has_alpha();
    let mut rgba = img.to_rgba8();
    if to_srgb(&mut rgba, &profile).is_err() {
        return img;
    }
    if alpha {
        image::DynamicImage::ImageRgba8(rgba)
    } else {
        image::DynamicImage::ImageRgb8(image::DynamicImage::ImageRgba8(rgba).to_rgb8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(p: &ColorProfile) -> Vec<u8> {
        p.encode().expect("a built-in profile encodes")
    }

    #[test]
    fn srgb_under_any_name_is_left_alone_and_wide_gamuts_are_not() {
        assert!(foreign(&encoded(&ColorProfile::new_srgb())).is_none());
        let adobe = foreign(&encoded(&ColorProfile::new_adobe_rgb())).expect("Adobe RGB");
        assert!(!adobe.name.is_empty());
        assert!(foreign(&encoded(&ColorProfile::new_display_p3())).is_some());
        // Not a profile: treated as sRGB (as viewers do).
        assert!(foreign(b"not an icc profile").is_none());
    }

    #[test]
    fn there_and_back_keeps_the_colours() {
        let p3 = foreign(&encoded(&ColorProfile::new_display_p3())).expect("P3");
        let original = image::RgbaImage::from_fn(64, 48, |x, y| {
            // Colours inside both gamuts (what is beyond sRGB cannot come back).
            image::Rgba([100 + x as u8 / 2, 100 + y as u8 / 2, 110, 200])
        });
        let mut img = original.clone();
        to_srgb(&mut img, &p3).expect("to sRGB");
        assert_ne!(img, original, "P3 numbers differ from sRGB numbers");
        // Saturated P3 red is beyond sRGB: its sRGB red is at the top, its green below zero.
        let mut red = image::RgbaImage::from_pixel(1, 1, image::Rgba([255, 0, 0, 255]));
        to_srgb(&mut red, &p3).expect("to sRGB");
        assert!(red.get_pixel(0, 0)[0] >= 250);
        from_srgb(&mut img, &p3).expect("back");
        let worst = img
            .as_raw()
            .iter()
            .zip(original.as_raw())
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap_or(0);
        assert!(worst <= 3, "round trip off by {worst}");
        assert!(img.pixels().all(|p| p[3] == 200), "alpha kept");
    }
}
