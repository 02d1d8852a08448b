//! Region-true results: each downloaded result lined up with the target image and composited
//! into it (the boxes from the result, everything else the original), with what changed
//! outside the boxes measured. Blocking (decoding, registration, PNG encoding): run it on a
//! blocking thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::api::job::{BBox, JobSpec};
use crate::i18n::Said;
use crate::imaging::composite::{Blend, ChangeReport, composite_masked, what_changed};
use crate::imaging::prepare::Preview;
use crate::imaging::register::{Mapping, Registration, WorkingPair, register};

mod compose;
mod mask;
pub use compose::{Candidate, Composed, compose_files, target_on_screen};
pub use mask::{PlanMask, Weights};

/// What became of one result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionResult {
    /// The file as the service made it (`…-K.raw.EXT`).
    pub raw: PathBuf,
    /// The composite (`…-K.png`), when the result lined up with the target.
    pub composite: Option<PathBuf>,
    /// The target image (0-based) it was lined up with.
    pub target: usize,
    /// How well it lined up (0–1) and why it was not composited, when it was not.
    pub confidence: f32,
    pub refusal: Option<Said>,
    /// What changed outside the boxes, when it lined up.
    pub change: Option<ChangeReport>,
    /// Where target pixels are in the raw result (when it was lined up).
    #[serde(default)]
    pub mapping: Option<Mapping>,
    /// Detail mode's crop (width, height) when the target was sent as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<(u32, u32)>,
    /// What compositing made of it in memory, handed to the window with the outcome so that it
    /// reads nothing back from disk for it (not kept: history reads its files).
    #[serde(skip)]
    pub made: Option<Made>,
}

/// What compositing made in memory: the composite's preview (in sRGB, for the screen) and its
/// pixel size, and the raw result's change map against the target (each pixel the change on
/// the target's whole frame, as grey RGBA: the difference view of the raw result) when the
/// target was sent whole.
#[derive(Debug, Clone)]
pub struct Made {
    pub preview: Arc<Preview>,
    pub size: (u32, u32),
    pub change_map: Option<Arc<Preview>>,
}

/// The same pictures (not equal ones: these are never compared by their pixels).
impl PartialEq for Made {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.preview, &other.preview)
            && self.size == other.size
            && match (&self.change_map, &other.change_map) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

/// The composite's preview, for the screen: no larger than a preview, in sRGB.
fn preview_of_composite(
    img: &image::RgbaImage,
    profile: Option<&crate::imaging::colour::Foreign>,
) -> Preview {
    use crate::imaging::prepare::{PREVIEW_MAX_SIDE, fit_within};
    let (w, h) = img.dimensions();
    // The size a preview of a file this size has (`prepare::preview_of`).
    let (pw, ph) = fit_within(w, h, PREVIEW_MAX_SIDE);
    let mut small = if (pw, ph) == (w, h) {
        img.clone()
    } else {
        image::imageops::thumbnail(img, pw, ph)
    };
    if let Some(p) = profile {
        // A preview in the target's colour space would show drifted colours: as its file would
        // be shown (and if the conversion fails, as it is).
        let _ = crate::imaging::colour::to_srgb(&mut small, p);
    }
    Preview {
        width: small.width(),
        height: small.height(),
        rgba: small.into_raw(),
    }
}

/// A change map as grey RGBA.
fn grey_preview(map: &image::GrayImage) -> Preview {
    Preview {
        width: map.width(),
        height: map.height(),
        rgba: map
            .pixels()
            .flat_map(|p| [p.0[0], p.0[0], p.0[0], 255])
            .collect(),
    }
}

impl RegionResult {
    /// What history kept of a result's compositing, with the raw file at `raw` and the
    /// composite at `composite` (history's copies, or the output folder's files).
    pub fn from_stored(
        c: &crate::store::history::StoredComposite,
        raw: PathBuf,
        composite: Option<PathBuf>,
    ) -> RegionResult {
        RegionResult {
            raw,
            composite,
            target: c.target,
            confidence: c.confidence,
            refusal: c.refusal.clone(),
            change: c.change,
            mapping: c.mapping,
            detail: c.detail,
            made: None,
        }
    }

    /// The file to save, copy or use again: the composite when there is one.
    pub fn best(&self) -> &Path {
        self.composite.as_deref().unwrap_or(&self.raw)
    }

    /// One line for the command line and the results list.
    pub fn sentence(&self) -> Said {
        let said = self.said();
        match self.detail {
            Some((width, height)) => said.then(
                "; ",
                crate::said!("composited-detail", width = width, height = height),
            ),
            None => said,
        }
    }

    fn said(&self) -> Said {
        match (&self.change, &self.refusal) {
            (_, Some(why)) => crate::said!("not-composited", why = why.clone()),
            (Some(c), None) => crate::said!(
                "composited-into",
                image = self.target + 1,
                match_percent = format!("{:.0}", self.confidence * 100.0),
                change = c.sentence()
            ),
            (None, None) => crate::said!("composited"),
        }
    }
}

/// How the job's results are composited: the target (0-based), its boxes and the blend.
#[derive(Debug, Clone)]
pub struct RegionPlan {
    pub target: usize,
    pub boxes: Vec<BBox>,
    pub blend: Blend,
    pub format: crate::api::job::CompositeFormat,
    pub strip_location: bool,
    /// Detail mode's crop (x, y, width, height in the target's pixels): what was sent, what
    /// each result is lined up with.
    pub crop: Option<(u32, u32, u32, u32)>,
    /// Which pixels of the boxes take the result (none: the whole boxes).
    pub mask: PlanMask,
}

impl RegionPlan {
    pub fn of(job: &JobSpec) -> Option<RegionPlan> {
        let target = job.composite_target()?;
        let strokes = &job.images[target].mask;
        Some(RegionPlan {
            mask: if strokes.is_empty() {
                PlanMask::None
            } else {
                PlanMask::Strokes(strokes.clone())
            },
            target,
            boxes: job.images[target].boxes.clone(),
            blend: Blend {
                feather: job.region.feather,
                margin: job.region.margin,
                match_colour: job.region.match_colour,
            },
            format: job.region.format,
            strip_location: job.region.strip_location,
            crop: job.images[target]
                .crop
                .map(|c| (c.x, c.y, c.width, c.height)),
        })
    }
}

/// Everything registration and compositing compute for one result, in memory.
pub struct Composited {
    pub registration: Registration,
    pub image: Option<image::RgbaImage>,
    pub change: Option<ChangeReport>,
    /// Every pixel's difference on the working grid (for the heat map).
    pub change_map: Option<image::GrayImage>,
}

/// Lines `result` up with `target` (with detail mode's crop of it, when it was sent one) and
/// composites it into the whole target when it lines up.
pub fn composite_pixels(
    plan: &RegionPlan,
    target: &image::RgbaImage,
    result: &image::RgbaImage,
) -> Composited {
    let weights = plan.weights(target.dimensions());
    composite_weighted(plan, target, result, weights.as_ref())
}

/// [`composite_pixels`] with the plan's mask weights worked out already.
fn composite_weighted(
    plan: &RegionPlan,
    target: &image::RgbaImage,
    result: &image::RgbaImage,
    weights: Option<&Weights>,
) -> Composited {
    let (ox, oy) = plan.crop.map_or((0, 0), |c| (c.0, c.1));
    let part;
    let (sent, boxes) = match plan.crop {
        None => (target, plan.boxes.clone()),
        Some(rect @ (x, y, w, h)) => {
            part = image::imageops::crop_imm(target, x, y, w, h).to_image();
            let moved = plan.boxes.iter().map(|b| b.within(rect)).collect();
            (&part, moved)
        }
    };
    let pair = WorkingPair::new(sent, result);
    let mut registration = register(&pair, &boxes, plan.blend.reach());
    if !registration.lines_up() {
        return Composited {
            registration,
            image: None,
            change: None,
            change_map: None,
        };
    }
    // The measures (on what was sent) and the composite (into the whole target): side by
    // side. Where the crop's pixels are in the result, the whole target's are too, shifted.
    let local = registration.mapping;
    let whole = Mapping {
        bx: local.bx - local.ax * ox as f64,
        by: local.by - local.ay * oy as f64,
        ..local
    };
    registration.mapping = whole;
    let (measured, image) = std::thread::scope(|scope| {
        let measured = scope.spawn(|| what_changed(&pair, &local, &boxes, &plan.blend));
        let image = composite_masked(
            target,
            result,
            &whole,
            &plan.boxes,
            &plan.blend,
            weights.map(Weights::view),
        );
        (measured.join().ok(), image)
    });
    let (change, change_map) = measured.unzip();
    Composited {
        registration,
        image: Some(image),
        change,
        change_map,
    }
}

/// PNG, fast compression (a 24 MP composite must not take seconds to write).
pub fn encode_png(img: &image::RgbaImage) -> image::ImageResult<Vec<u8>> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    // An opaque target is written without its (all-255) alpha channel.
    let opaque = img.pixels().all(|p| p[3] == 255);
    let enc = PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive);
    let res = if opaque {
        let rgb = image::DynamicImage::ImageRgba8(img.clone()).to_rgb8();
        enc.write_image(
            rgb.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
    } else {
        enc.write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
    };
    res?;
    Ok(out)
}

/// The composite's name beside its raw file: `wan-…-1.raw.png` → `wan-…-1`.
fn composite_stem(raw: &Path) -> String {
    let name = raw
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match name.find(".raw") {
        Some(i) => name[..i].to_string(),
        None => raw
            .file_stem()
            .map(|s| format!("{}-composite", s.to_string_lossy()))
            .unwrap_or_else(|| "composite".into()),
    }
}

/// The image a job's results are composited into: its bytes as sent, and the file itself when
/// wanedit has it (its own colour space, file type and metadata).
#[derive(Debug, Clone)]
pub struct Target {
    pub sent: Arc<Vec<u8>>,
    pub original: Option<Arc<Vec<u8>>>,
}

/// What the composites of one job are made on, decided once.
struct Base {
    /// The target's pixels: the original's own numbers when it was sent at its size, else the
    /// pixels sent (scaled down, sRGB).
    pixels: image::RgbaImage,
    /// Their colour space when it is not sRGB: each result is brought into it.
    profile: Option<crate::imaging::colour::Foreign>,
    /// The original file and its type, when `pixels` are its own.
    file: Option<(Arc<Vec<u8>>, image::ImageFormat)>,
    /// Whether that file's pixels are stored upright (no EXIF turn): its blocks can be copied.
    stored_upright: bool,
    /// A 16-bit original's own pixels: kept wherever the composite did not change a pixel.
    wide: Option<Wide>,
    carried: crate::imaging::carry::Carried,
}

impl Base {
    fn of(target: &Target) -> Result<Base, Said> {
        use crate::imaging::{carry::Carried, colour, prepare};
        let original = target
            .original
            .as_ref()
            .and_then(|o| crate::imaging::sniff(o).map(|f| (o.clone(), f)));
        if let Some((file, fmt)) = &original {
            let sent_size = image::ImageReader::new(std::io::Cursor::new(target.sent.as_slice()))
                .with_guessed_format()
                .ok()
                .and_then(|r| r.into_dimensions().ok());
            let stored_upright = orientation_of(file, *fmt).is_none();
            if let Ok(full) = prepare::decode_upright(file)
                && Some((full.width(), full.height())) == sent_size
            {
                let wide = matches!(
                    full.color(),
                    image::ColorType::L16
                        | image::ColorType::La16
                        | image::ColorType::Rgb16
                        | image::ColorType::Rgba16
                )
                .then(|| full.to_rgba16());
                return Ok(Base {
                    pixels: full.to_rgba8(),
                    wide,
                    profile: colour::foreign_in(file, *fmt),
                    carried: Carried::of(file, *fmt, true),
                    file: Some((file.clone(), *fmt)),
                    stored_upright,
                });
            }
        }
        // Sent scaled down (or wanedit has only what was sent): composited on the pixels sent,
        // in sRGB; the original's metadata still goes with it.
        Ok(Base {
            pixels: prepare::decode_as_sent(&target.sent)?,
            profile: None,
            carried: original
                .map(|(f, fmt)| Carried::of(&f, fmt, false))
                .unwrap_or_default(),
            file: None,
            stored_upright: false,
            wide: None,
        })
    }

    /// The composite as a file: (bytes, extension). A JPEG target gives a JPEG with the
    /// original's blocks outside the edit (see `imaging::jpeg_paste`), unless PNG is asked.
    fn encoded(
        &self,
        img: &image::RgbaImage,
        format: crate::api::job::CompositeFormat,
        strip_location: bool,
        label: &str,
    ) -> Result<(Vec<u8>, &'static str), Said> {
        use crate::api::job::CompositeFormat;
        use crate::imaging::jpeg_paste;
        let jpeg_file = match &self.file {
            Some((f, image::ImageFormat::Jpeg)) => Some(f.as_slice()),
            _ => None,
        };
        let jpeg = match (format, jpeg_file) {
            (CompositeFormat::Png, _) => None,
            (_, Some(f)) => self
                .stored_upright
                .then(|| jpeg_paste::paste(f, &self.pixels, img).map(|p| p.bytes))
                .flatten()
                .or_else(|| jpeg_paste::encode_like(f, img)),
            (CompositeFormat::Jpeg, None) => Some(jpeg_q95(img).map_err(plain)?),
            (CompositeFormat::Same, None) => None,
        };
        let (out, ext) = match (jpeg, &self.wide) {
            (Some(j), _) => (j, "jpg"),
            (None, Some(wide)) => (
                encode_png16(&widened(img, &self.pixels, wide)).map_err(plain)?,
                "png",
            ),
            (None, None) => (encode_png(img).map_err(plain)?, "png"),
        };
        Ok((
            self.carried
                .into_file(out, img.dimensions(), strip_location, Some(label)),
            ext,
        ))
    }
}

type Wide = image::ImageBuffer<image::Rgba<u16>, Vec<u16>>;

/// A library's error, as it says it.
fn plain(e: impl std::fmt::Display) -> Said {
    Said::Plain(e.to_string())
}

/// "`what` (`why`)", `why` kept as words.
pub(super) fn with_why(what: &str, why: Said) -> Said {
    Said::Joined {
        parts: vec![format!("{what} (").into(), why, ")".into()],
        sep: String::new(),
    }
}

/// The composite in 16 bits: the original's own 16-bit pixel wherever the 8-bit composite is
/// the original's pixel, the composite's (widened) elsewhere.
fn widened(img: &image::RgbaImage, base: &image::RgbaImage, wide: &Wide) -> Wide {
    Wide::from_fn(img.width(), img.height(), |x, y| {
        let c = img.get_pixel(x, y);
        if c == base.get_pixel(x, y) {
            *wide.get_pixel(x, y)
        } else {
            image::Rgba(c.0.map(|v| v as u16 * 257))
        }
    })
}

/// A 16-bit PNG (without its alpha channel when every pixel is opaque).
fn encode_png16(img: &Wide) -> image::ImageResult<Vec<u8>> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    let enc = PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive);
    let (w, h) = img.dimensions();
    let res = if img.pixels().all(|p| p[3] == u16::MAX) {
        let rgb: Vec<u8> = img
            .pixels()
            .flat_map(|p| [p[0], p[1], p[2]])
            .flat_map(u16::to_ne_bytes)
            .collect();
        enc.write_image(&rgb, w, h, image::ExtendedColorType::Rgb16)
    } else {
        let rgba: Vec<u8> = img.as_raw().iter().flat_map(|v| v.to_ne_bytes()).collect();
        enc.write_image(&rgba, w, h, image::ExtendedColorType::Rgba16)
    };
    res?;
    Ok(out)
}

/// The EXIF orientation a file's decoder reports, when it is not upright.
fn orientation_of(bytes: &[u8], fmt: image::ImageFormat) -> Option<image::metadata::Orientation> {
    use image::ImageDecoder;
    let mut d = image::ImageReader::with_format(std::io::Cursor::new(bytes), fmt)
        .into_decoder()
        .ok()?;
    d.orientation()
        .ok()
        .filter(|o| *o != image::metadata::Orientation::NoTransforms)
}

/// A JPEG of a picture that was not one (`--format jpeg` for a PNG target): quality 95.
fn jpeg_q95(img: &image::RgbaImage) -> Result<Vec<u8>, jpeg_encoder::EncodingError> {
    let rgb = image::DynamicImage::ImageRgba8(img.clone()).to_rgb8();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 95).encode(
        rgb.as_raw(),
        rgb.width() as u16,
        rgb.height() as u16,
        jpeg_encoder::ColorType::Rgb,
    )?;
    Ok(out)
}

/// Composites every raw result file into the target and writes each composite beside its raw
/// file. A result that cannot be read or does not line up keeps only its raw file, with the
/// sentence.
pub fn composite_files(plan: &RegionPlan, target: &Target, raws: &[PathBuf]) -> Vec<RegionResult> {
    let base = match Base::of(target) {
        Ok(b) => b,
        Err(e) => {
            let why = with_why("the target image could not be decoded", e);
            return raws
                .iter()
                .map(|r| refused(plan, r, 0.0, why.clone()))
                .collect();
        }
    };
    let weights = plan.weights(base.pixels.dimensions());
    raws.iter()
        .map(|raw| composite_one(plan, &base, weights.as_ref(), raw))
        .collect()
}

fn composite_one(
    plan: &RegionPlan,
    base: &Base,
    weights: Option<&Weights>,
    raw: &Path,
) -> RegionResult {
    let read = crate::store::fs::read_bounded(raw, super::download::MAX_RESULT_BYTES, &|| false)
        .map_err(|e| e.said());
    let service_file = read.as_deref().unwrap_or_default().to_vec();
    let decoded = read.and_then(|b| crate::imaging::prepare::decode_as_sent(&b));
    let mut result = match decoded {
        Ok(r) => r,
        Err(e) => {
            return refused(plan, raw, 0.0, with_why("the result could not be read", e));
        }
    };
    // The service's sRGB, in the target's colour space: lined up and blended there.
    if let Some(p) = &base.profile
        && let Err(e) = crate::imaging::colour::from_srgb(&mut result, p)
    {
        return refused(plan, raw, 0.0, e);
    }
    let done = composite_weighted(plan, &base.pixels, &result, weights);
    let reg = done.registration;
    let Some(img) = done.image else {
        let why = reg.refusal.unwrap_or_else(|| plain(""));
        return refused(plan, raw, reg.confidence, why);
    };
    let dir = raw.parent().unwrap_or(Path::new("."));
    // Labelled as AI-modified, the service's own label and the target's XMP kept (see
    // imaging::metadata), the picture upright.
    let stem = composite_stem(raw);
    let target_xmp = base
        .carried
        .xmp
        .as_deref()
        .map(crate::imaging::carry::upright_xmp);
    let label = crate::imaging::metadata::label_xmp(&service_file, &stem, target_xmp.as_deref());
    let written = base
        .encoded(&img, plan.format, plan.strip_location, &label)
        .and_then(|(bytes, ext)| {
            crate::store::fs::write_new(dir, &stem, ext, &bytes).map_err(plain)
        });
    match written {
        Ok(path) => RegionResult {
            raw: raw.to_path_buf(),
            composite: Some(path),
            target: plan.target,
            confidence: reg.confidence,
            refusal: None,
            change: done.change,
            mapping: Some(reg.mapping),
            detail: plan.crop.map(|c| (c.2, c.3)),
            made: Some(Made {
                preview: Arc::new(preview_of_composite(&img, base.profile.as_ref())),
                size: img.dimensions(),
                // On the working grid of what was sent: the whole target's only when it was
                // sent whole (a crop's map would sit in the wrong place).
                change_map: done
                    .change_map
                    .filter(|_| plan.crop.is_none())
                    .map(|m| Arc::new(grey_preview(&m))),
            }),
        },
        Err(e) => RegionResult {
            change: done.change,
            ..refused(
                plan,
                raw,
                reg.confidence,
                crate::said!(
                    "composite-not-written",
                    folder = dir.display().to_string(),
                    why = e
                ),
            )
        },
    }
}

/// The target's own file, as it was read for this run (its digest checked: a file changed
/// since is not used, and the composite is made on what was sent). `None` for a link.
pub(super) async fn target_original(
    job: &crate::api::job::JobSpec,
    target: usize,
) -> Option<Arc<Vec<u8>>> {
    let img = job.images.get(target)?;
    match (&img.source, img.read_as) {
        (crate::api::job::ImageSource::File(path), Some((len, digest))) => {
            let file = super::LocalBytes::File {
                path: path.clone(),
                len: len as usize,
                digest,
            };
            file.bytes().await.ok()
        }
        (crate::api::job::ImageSource::Data(uri), _) => {
            crate::imaging::decode_data_uri(uri).ok().map(Arc::new)
        }
        _ => None,
    }
}

/// [`region::composite_files`] on a blocking thread.
pub async fn composite_results(
    plan: RegionPlan,
    target: Target,
    raws: Vec<PathBuf>,
) -> Vec<RegionResult> {
    let (fallback, copy) = (plan.clone(), raws.clone());
    tokio::task::spawn_blocking(move || composite_files(&plan, &target, &raws))
        .await
        .unwrap_or_else(|e| {
            copy.iter()
                .map(|r| {
                    refused(
                        &fallback,
                        r,
                        0.0,
                        plain(format!("compositing stopped ({e})")),
                    )
                })
                .collect()
        })
}

/// A result kept as the service made it, with the sentence why.
pub fn refused(plan: &RegionPlan, raw: &Path, confidence: f32, why: Said) -> RegionResult {
    RegionResult {
        raw: raw.to_path_buf(),
        composite: None,
        target: plan.target,
        confidence,
        refusal: Some(why),
        change: None,
        mapping: None,
        detail: plan.crop.map(|c| (c.2, c.3)),
        made: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_sits_beside_its_raw_file() {
        assert_eq!(
            composite_stem(Path::new("/o/wan-1-abc-2.raw.png")),
            "wan-1-abc-2"
        );
        assert_eq!(composite_stem(Path::new("/o/x.png")), "x-composite");
    }
}
