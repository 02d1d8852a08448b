//! Turns whatever file a designer drops into an input the model accepts, or one clear refusal.
//!
//! - The format comes from the bytes; the file name is never trusted.
//! - EXIF orientation is applied, so that what the user sees, the pixels sent and the box
//!   coordinates share one frame.
//! - What can be repaired without the user redrawing anything is repaired and said: transparency
//!   flattened, GIF/TIFF/CMYK converted, an image over the model's side limit scaled down (its
//!   boxes are rescaled by [`rescale_box`]), a file over the size limit re-encoded.
//! - What cannot (not an image, SVG, damaged, absurd dimensions) is refused with one sentence.
//!   Too small or a wrong aspect ratio are left to validation, which says so in its sentence.
//! - A file that is already valid is sent as its original bytes: no needless re-encode.
//! - Only a screen-sized preview is kept in memory, never full-resolution RGBA.

use std::fmt;
use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageFormat, ImageReader};

use super::{input_format, looks_like_svg, sniff};
use crate::api::catalog::{InputFormat, ModelSpec};
use crate::api::job::{BBox, ImageFacts};
use crate::i18n::Said;

/// Largest image wanedit opens at all. A header that claims more is refused before any pixel is
/// decoded (a decompression bomb, or a scan too large to handle on a laptop).
pub const MAX_OPEN_PIXELS: u64 = 150_000_000;
pub const MAX_OPEN_SIDE: u32 = 30_000;
/// Longest side of the in-memory preview: what shows while an image is fitted in its pane (a
/// canvas is about this wide) and until its real pixels are in. Anything larger on screen is
/// drawn from the image's own pixels (see `ui::tiles`), so a larger preview would only be held
/// for nothing: nine 48 MP inputs keep 27 MB of previews at 1024 px, 108 MB at 2048.
pub const PREVIEW_MAX_SIDE: u32 = 1024;

/// One thing that was done to make the file acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// Turned upright following its EXIF orientation tag.
    Oriented,
    FlattenedAlpha,
    /// An alpha channel with every pixel opaque, removed.
    DroppedOpaqueAlpha,
    /// GIF, TIFF (or another readable format the service does not take) → PNG/JPEG.
    Converted {
        from: String,
        to: InputFormat,
    },
    /// CMYK JPEG → RGB.
    CmykToRgb,
    /// 16 bits per channel sent as 8 (what every decoder of the service's takes; 16-bit input
    /// is unconfirmed): the composite keeps the 16 bits outside the boxes.
    EightBits,
    /// Converted from its colour profile (Adobe RGB, Display P3, …) to sRGB, the colours the
    /// model reads: the composite goes back into the original's profile.
    ToSrgb {
        profile: String,
    },
    ScaledDown {
        from: (u32, u32),
        to: (u32, u32),
    },
    /// Sent without its EXIF, XMP and IPTC (GPS position, serial numbers, names): the rest of
    /// the file byte for byte.
    MetadataLeftOut,
    /// Re-encoded to fit the file-size limit.
    Reencoded {
        from_bytes: u64,
        to_bytes: u64,
    },
}

impl Repair {
    /// What was done, kept as words (put into a language when shown).
    pub fn said(&self) -> Said {
        match self {
            Repair::Oriented => crate::said!("repair-oriented"),
            Repair::FlattenedAlpha => crate::said!("repair-flattened-alpha"),
            Repair::DroppedOpaqueAlpha => crate::said!("repair-dropped-alpha"),
            Repair::Converted { from, to } => {
                crate::said!("repair-converted", from = from.as_str(), to = to.name())
            }
            Repair::CmykToRgb => crate::said!("repair-cmyk"),
            Repair::EightBits => crate::said!("repair-eight-bits"),
            Repair::ToSrgb { profile } => {
                crate::said!("repair-to-srgb", profile = profile.as_str())
            }
            Repair::MetadataLeftOut => crate::said!("repair-metadata-left-out"),
            Repair::ScaledDown { from, to } => crate::said!(
                "repair-scaled-down",
                from = format!("{}×{}", from.0, from.1),
                to = format!("{}×{}", to.0, to.1)
            ),
            Repair::Reencoded {
                from_bytes,
                to_bytes,
            } => crate::said!(
                "repair-reencoded",
                from = format!("{:.1}", *from_bytes as f64 / 1e6),
                to = format!("{:.1}", *to_bytes as f64 / 1e6)
            ),
        }
    }
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said().words())
    }
}

/// Why a file cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("{}", self.said())]
    NotAnImage,
    #[error("{}", self.said())]
    Svg,
    /// Damaged or cut short: what is wrong (a decoder's words, or wanedit's own).
    #[error("{}", self.said())]
    Damaged(Said),
    #[error("{}", self.said())]
    TooLarge {
        w: u32,
        h: u32,
        max_mp: u64,
        max_side: u32,
    },
}

impl Refusal {
    /// The refusal, kept as words (put into a language when shown).
    pub fn said(&self) -> Said {
        match self {
            Refusal::NotAnImage => crate::said!("refusal-not-an-image"),
            Refusal::Svg => crate::said!("refusal-svg"),
            Refusal::Damaged(why) => crate::said!("refusal-damaged", why = why.clone()),
            Refusal::TooLarge {
                w,
                h,
                max_mp,
                max_side,
            } => crate::said!(
                "refusal-too-large",
                width = *w,
                height = *h,
                max_mp = *max_mp,
                max_side = *max_side
            ),
        }
    }
}

/// A screen-sized RGBA copy for display.
#[derive(Clone, PartialEq, Eq)]
pub struct Preview {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl fmt::Debug for Preview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Preview({}×{})", self.width, self.height)
    }
}

/// An input ready to send.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What will be sent (after orientation and repair).
    pub facts: ImageFacts,
    /// Size in the frame the user sees (after orientation, before any scaling); boxes given in
    /// this frame are mapped to `facts` by [`rescale_box`].
    pub seen_size: (u32, u32),
    pub repairs: Vec<Repair>,
    /// `None` = the original bytes are sent unchanged.
    pub bytes: Option<std::sync::Arc<Vec<u8>>>,
    pub preview: Option<Preview>,
    /// The sniffed source format's name, e.g. "JPEG", "GIF".
    pub source_format: &'static str,
}

fn format_name(f: ImageFormat) -> &'static str {
    match f {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::Bmp => "BMP",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        ImageFormat::Tiff => "TIFF",
        _ => "an unsupported format",
    }
}

fn decoder_limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_OPEN_SIDE);
    l.max_image_height = Some(MAX_OPEN_SIDE);
    // RGBA16 of the largest allowed image would be far more; real inputs are 8-bit.
    l.max_alloc = Some(MAX_OPEN_PIXELS * 4 + 64 * 1024 * 1024);
    l
}

fn damaged(e: impl fmt::Display) -> Refusal {
    Refusal::Damaged(Said::Plain(e.to_string()))
}

/// Prepares one input for `spec`. `want_preview` decodes even a valid file to make its preview.
pub fn prepare(bytes: &[u8], spec: &ModelSpec, want_preview: bool) -> Result<Prepared, Refusal> {
    let Some(fmt) = sniff(bytes) else {
        return Err(if looks_like_svg(bytes) {
            Refusal::Svg
        } else {
            Refusal::NotAnImage
        });
    };
    // A JPEG sent as its own bytes needs only its headers and its end (most camera files).
    if !want_preview
        && fmt == ImageFormat::Jpeg
        && let Some(facts) = streamed::jpeg_as_is(bytes, bytes.len() as u64, spec)
    {
        check_complete(bytes, fmt)?;
        return Ok(streamed::as_is(facts));
    }
    let open = || {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
        reader.limits(decoder_limits());
        match reader.into_decoder() {
            Ok(d) => Ok(d),
            Err(image::ImageError::Limits(_)) => Err(header_too_large(bytes, fmt)),
            Err(e) => Err(damaged(e)),
        }
    };
    // A JPEG's facts come from its headers, read in place (`image`'s JPEG decoder copies the
    // whole file before it reads a header): a camera file that needs no repair is never
    // decoded here, nor copied. Anything its header reader cannot read goes the long way.
    let header = match fmt {
        ImageFormat::Jpeg => jpeg_header(bytes),
        _ => None,
    };
    let mut decoder = None;
    let (w, h, orientation, original_color, has_alpha, icc) = match header {
        Some(hd) => (
            hd.0,
            hd.1,
            hd.2,
            ExtendedColorType::Rgb8,
            false,
            super::colour::icc_in(bytes, fmt),
        ),
        None => {
            let mut d = open()?;
            let (w, h) = d.dimensions();
            let o = d.orientation().unwrap_or(Orientation::NoTransforms);
            let (c, a) = (d.original_color_type(), d.color_type().has_alpha());
            let icc = d.icc_profile().ok().flatten();
            decoder = Some(d);
            (w, h, o, c, a, icc)
        }
    };
    // 16 bits per channel are sent as 8: what the service does with more is unconfirmed.
    let wide = matches!(
        original_color,
        ExtendedColorType::L16
            | ExtendedColorType::La16
            | ExtendedColorType::Rgb16
            | ExtendedColorType::Rgba16
    );
    // A picture in another colour space than sRGB is sent as sRGB (see `colour`).
    let foreign = icc.as_deref().and_then(super::colour::foreign);
    if w as u64 * h as u64 > MAX_OPEN_PIXELS || w.max(h) > MAX_OPEN_SIDE {
        return Err(too_large(w, h));
    }
    check_complete(bytes, fmt)?;
    // image's JPEG decoder converts CMYK silently and does not report it: read the frame header.
    let cmyk = matches!(
        original_color,
        ExtendedColorType::Cmyk8 | ExtendedColorType::Cmyk16
    ) || (fmt == ImageFormat::Jpeg && jpeg_components(bytes) == Some(4));
    let (sw, sh) = if swaps_sides(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    let repairing = repair::Repairing {
        spec,
        fmt,
        accepted: input_format(fmt),
        file_bytes: bytes.len() as u64,
        seen: (sw, sh),
        rotated: !matches!(orientation, Orientation::NoTransforms),
        cmyk,
        wide,
        foreign,
        alpha_problem: has_alpha && spec.alpha_refused,
        over_side: sw.max(sh) > spec.max_side,
        over_bytes: bytes.len() as u64 > spec.max_file_bytes,
    };

    // Nothing can make these acceptable: validation words the refusal, with the image's number.
    let needs_repair = !hopeless(sw, sh, spec) && repairing.needed();

    let as_is = ImageFacts {
        width: sw,
        height: sh,
        format: repairing.accepted,
        file_bytes: bytes.len() as u64,
        has_alpha,
    };
    // A file sent as it is (without its metadata), with the preview given.
    let sent_as_is = |preview: Option<Preview>| {
        left_out(
            Prepared {
                facts: as_is,
                seen_size: (sw, sh),
                repairs: vec![],
                bytes: None,
                preview,
                source_format: format_name(fmt),
            },
            bytes,
            fmt,
        )
    };
    // A valid JPEG only needs its preview: decode it at 1/2, 1/4 or 1/8 scale in the DCT
    // domain instead of at full size (most camera files land here).
    if !needs_repair
        && want_preview
        && fmt == ImageFormat::Jpeg
        && !repairing.rotated
        && let Some(preview) = jpeg_preview_scaled(bytes, w, h)
    {
        return Ok(sent_as_is(Some(preview)));
    }
    // A JPEG whose markers run to EOI is sent without decoding it here (the costly part of a
    // camera file); every other format is decoded in full first, so a file cut short or
    // corrupt inside is refused instead of sent.
    if !needs_repair && !want_preview && fmt == ImageFormat::Jpeg {
        return Ok(left_out(streamed::as_is(as_is), bytes, fmt));
    }

    // The window prepared this very file already (a job from the window re-prepares its
    // inputs): its repaired bytes are reused rather than a second full decode and re-encode.
    let key = needs_repair.then(|| (super::sha256_of(bytes), spec.id));
    if !want_preview && let Some(hit) = key.as_ref().and_then(repaired::find) {
        return Ok(hit);
    }

    // Held to the end: the repairs and the re-encoding work on the full-size pixels.
    let _gate = super::one_full_decode_at_a_time();
    let decoder = match decoder {
        Some(d) => d,
        None => open()?,
    };
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(w, h),
        other => damaged(other),
    })?;
    img.apply_orientation(orientation);

    if !needs_repair {
        return Ok(sent_as_is(want_preview.then(|| preview_of(&img))));
    }

    let p = repairing.prepared(img, want_preview)?;
    if let Some(key) = key {
        repaired::keep(key, &p);
    }
    Ok(p)
}

mod complete;
mod decode;
mod preview;
mod repair;
mod repaired;
mod streamed;

use complete::check_complete;
pub use complete::{JpegEnd, jpeg_is_complete, png_is_complete};
use decode::decode_full_holding_the_gate;
pub use decode::{decode_as_sent, decode_full, decode_upright};
pub use streamed::StreamedJpeg;

use preview::jpeg_preview_scaled;
pub use preview::{THUMB_MAX_SIDE, preview_of, thumbnail_of};

/// Too small or of a wrong aspect for the model, `sw`×`sh` as the user sees it: nothing makes
/// such an image acceptable, so it is not repaired (validation says why).
fn hopeless(sw: u32, sh: u32, spec: &ModelSpec) -> bool {
    let too_small = sw.min(sh) < spec.min_side;
    let bad_aspect = spec
        .max_input_aspect
        .is_some_and(|a| sw.max(sh) as f64 / sw.min(sh).max(1) as f64 > a);
    too_small || bad_aspect
}

fn swaps_sides(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

fn too_large(w: u32, h: u32) -> Refusal {
    Refusal::TooLarge {
        w,
        h,
        max_mp: MAX_OPEN_PIXELS / 1_000_000,
        max_side: MAX_OPEN_SIDE,
    }
}

/// The decoder refused at its limits before reporting dimensions: read them unlimited (header only).
fn header_too_large(bytes: &[u8], fmt: ImageFormat) -> Refusal {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
    reader.no_limits();
    let dims = reader.into_dimensions().ok();
    match dims {
        Some((w, h)) => too_large(w, h),
        None => too_large(0, 0),
    }
}

/// The number of colour components in a JPEG's frame header (4 = CMYK/YCCK), read from the
/// markers without decoding.
fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        let is_sof = matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_sof {
            return bytes.get(i + 9).copied();
        }
        if marker == 0xDA || marker == 0xD9 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// The largest size with the same aspect whose longest side is at most `max`.
pub fn fit_within(w: u32, h: u32, max: u32) -> (u32, u32) {
    if w.max(h) <= max {
        return (w, h);
    }
    let s = max as f64 / w.max(h) as f64;
    (
        ((w as f64 * s).round() as u32).clamp(1, max),
        ((h as f64 * s).round() as u32).clamp(1, max),
    )
}

fn flatten_on_white(img: &DynamicImage) -> image::RgbImage {
    let rgba = img.to_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = p[3] as u32;
        let mix = |c: u8| ((c as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    })
}

fn encode(
    img: &DynamicImage,
    target: InputFormat,
    quality: u8,
    room: usize,
) -> Result<Vec<u8>, Refusal> {
    let mut out = Cursor::new(Vec::with_capacity(room));
    // Encoded from the decoded pixels themselves when they are 8-bit already: a copy of a
    // 48 MP photo would be another 144 MB.
    match target {
        InputFormat::Jpeg => {
            let (w, h) = (img.width(), img.height());
            let (Ok(w16), Ok(h16)) = (u16::try_from(w), u16::try_from(h)) else {
                return Err(too_large(w, h));
            };
            let mut enc = jpeg_encoder::Encoder::new(out.get_mut(), quality);
            // 4:2:2, as before (image's encoder): colour edges keep more than at 4:2:0.
            enc.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_2);
            let rgb;
            let pixels = match img {
                DynamicImage::ImageRgb8(b) => b.as_raw(),
                // Grey too goes as RGB, as it always has (a one-channel JPEG is unconfirmed).
                other => {
                    rgb = other.to_rgb8();
                    rgb.as_raw()
                }
            };
            enc.encode(pixels, w16, h16, jpeg_encoder::ColorType::Rgb)
                .map_err(damaged)?;
        }
        _ => {
            // 8-bit PNG: 16-bit inputs are kept only when sent unchanged.
            match img {
                DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => {
                    img.write_to(&mut out, ImageFormat::Png)
                }
                other if other.color().has_alpha() => {
                    DynamicImage::ImageRgba8(other.to_rgba8()).write_to(&mut out, ImageFormat::Png)
                }
                other => {
                    DynamicImage::ImageRgb8(other.to_rgb8()).write_to(&mut out, ImageFormat::Png)
                }
            }
            .map_err(damaged)?;
        }
    }
    Ok(out.into_inner())
}

/// A JPEG's size and orientation from its headers alone (`None`: not readable this way).
/// A file sent as its own bytes goes without its EXIF, XMP and IPTC (see
/// [`super::metadata`]): the bytes without them, and the repair that says so.
fn left_out(mut p: Prepared, bytes: &[u8], fmt: ImageFormat) -> Prepared {
    if p.bytes.is_none()
        && let Some(kept) = super::metadata::for_upload(bytes, fmt)
    {
        p.facts.file_bytes = kept.len() as u64;
        p.bytes = Some(std::sync::Arc::new(kept));
        p.repairs.push(Repair::MetadataLeftOut);
    }
    p
}

fn jpeg_header(bytes: &[u8]) -> Option<(u32, u32, Orientation)> {
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.read_info().ok()?;
    let info = d.info()?;
    let orientation = d
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    Some((info.width as u32, info.height as u32, orientation))
}

/// Maps a box from the frame the user saw (`from`) to the frame sent (`to`): corners move
/// outward to whole pixels so the region never shrinks, and stay inside the image.
pub fn rescale_box(b: BBox, from: (u32, u32), to: (u32, u32)) -> BBox {
    if from == to {
        return b;
    }
    let sx = to.0 as f64 / from.0 as f64;
    let sy = to.1 as f64 / from.1 as f64;
    // The epsilon keeps exact products (700 × 5000/7000 = 500) from rounding outward.
    const EPS: f64 = 1e-6;
    BBox {
        x1: ((b.x1 as f64 * sx + EPS).floor() as u32).min(to.0),
        y1: ((b.y1 as f64 * sy + EPS).floor() as u32).min(to.1),
        x2: ((b.x2 as f64 * sx - EPS).ceil() as u32).min(to.0),
        y2: ((b.y2 as f64 * sy - EPS).ceil() as u32).min(to.1),
    }
}

/// Prepares several inputs at once, on as many threads as there are cores. Results keep the
/// order of `inputs`.
pub fn prepare_all(
    inputs: &[&[u8]],
    spec: &ModelSpec,
    want_preview: bool,
) -> Vec<Result<Prepared, Refusal>> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(inputs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<Prepared, Refusal>>>> =
        inputs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(bytes) = inputs.get(i) else { break };
                    let r = prepare(bytes, spec, want_preview);
                    *slots[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .unwrap_or(Err(Refusal::NotAnImage))
        })
        .collect()
}

#[cfg(test)]
mod properties;
