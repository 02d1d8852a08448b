//! Resizing with SIMD (`fast_image_resize`, several times faster than `image`'s own): for
//! previews, and the working grids registration and the before/after sheet use.

use image::DynamicImage;

/// Resizes with SIMD (bilinear convolution), in the image's own channel layout; the small
/// result is then made RGBA. `None` if the layout is not one it handles.
pub(crate) fn fast_resize(img: &DynamicImage, w: u32, h: u32) -> Option<image::RgbaImage> {
    use fast_image_resize::PixelType;
    let (pt, bytes): (PixelType, std::borrow::Cow<'_, [u8]>) = match img {
        DynamicImage::ImageRgb8(b) => (PixelType::U8x3, b.as_raw().into()),
        DynamicImage::ImageLuma8(b) => (PixelType::U8, b.as_raw().into()),
        DynamicImage::ImageRgba8(b) => (PixelType::U8x4, b.as_raw().into()),
        other => (PixelType::U8x4, other.to_rgba8().into_raw().into()),
    };
    let out = bilinear(img.width(), img.height(), &bytes, pt, w, h)?;
    match pt {
        PixelType::U8x3 => {
            image::RgbImage::from_raw(w, h, out).map(|b| DynamicImage::ImageRgb8(b).to_rgba8())
        }
        PixelType::U8 => {
            image::GrayImage::from_raw(w, h, out).map(|b| DynamicImage::ImageLuma8(b).to_rgba8())
        }
        _ => image::RgbaImage::from_raw(w, h, out),
    }
}

/// An RGBA image resized with SIMD (bilinear convolution: an area-like average when shrinking).
pub(crate) fn resize_rgba(img: &image::RgbaImage, w: u32, h: u32) -> image::RgbaImage {
    if img.dimensions() == (w, h) {
        return img.clone();
    }
    let out = resize_rgba_slice(img.width(), img.height(), img.as_raw(), w, h);
    image::RgbaImage::from_raw(w, h, out).unwrap_or_else(|| {
        image::imageops::resize(img, w, h, image::imageops::FilterType::Triangle)
    })
}

/// [`resize_rgba`] over raw RGBA bytes (`w`×`h`), without a copy of them first.
pub(crate) fn resize_rgba_slice(w: u32, h: u32, rgba: &[u8], nw: u32, nh: u32) -> Vec<u8> {
    let fast = bilinear(w, h, rgba, fast_image_resize::PixelType::U8x4, nw, nh);
    fast.unwrap_or_else(|| {
        image::RgbaImage::from_raw(w, h, rgba.to_vec())
            .map(|img| {
                image::imageops::resize(&img, nw, nh, image::imageops::FilterType::Triangle)
                    .into_raw()
            })
            .unwrap_or_else(|| vec![0; nw as usize * nh as usize * 4])
    })
}

/// `w`×`h` pixels of `pt` resized to `nw`×`nh` with SIMD (bilinear convolution, no alpha
/// weighting); `None` if the sizes do not fit the bytes.
fn bilinear(
    w: u32,
    h: u32,
    bytes: &[u8],
    pt: fast_image_resize::PixelType,
    nw: u32,
    nh: u32,
) -> Option<Vec<u8>> {
    use fast_image_resize::images::{Image, ImageRef};
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    let src = ImageRef::new(w, h, bytes, pt).ok()?;
    let mut dst = Image::new(nw, nh, pt);
    let opts = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Bilinear))
        .use_alpha(false);
    Resizer::new().resize(&src, &mut dst, &opts).ok()?;
    Some(dst.into_vec())
}
