//! Region-true results: each downloaded result lined up with the target image and composited
//! into it (the boxes from the result, everything else the original), with what changed
//! outside the boxes measured. Blocking (decoding, registration, PNG encoding): run it on a
//! blocking thread.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::job::{BBox, JobSpec};
use crate::imaging::composite::{Blend, ChangeReport, composite, what_changed};
use crate::imaging::register::{Mapping, Registration, WorkingPair, register};

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
    pub refusal: Option<String>,
    /// What changed outside the boxes, when it lined up.
    pub change: Option<ChangeReport>,
    /// Where target pixels are in the raw result (when it was lined up).
    #[serde(default)]
    pub mapping: Option<Mapping>,
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
        }
    }

    /// The file to save, copy or use again: the composite when there is one.
    pub fn best(&self) -> &Path {
        self.composite.as_deref().unwrap_or(&self.raw)
    }

    /// One line for the command line and the results list.
    pub fn sentence(&self) -> String {
        match (&self.change, &self.refusal) {
            (_, Some(why)) => crate::t!("not-composited", why = why.as_str()),
            (Some(c), None) => crate::t!(
                "composited-into",
                image = self.target + 1,
                match_percent = format!("{:.0}", self.confidence * 100.0),
                change = c.sentence()
            ),
            (None, None) => crate::t!("composited"),
        }
    }
}

/// How the job's results are composited: the target (0-based), its boxes and the blend.
#[derive(Debug, Clone)]
pub struct RegionPlan {
    pub target: usize,
    pub boxes: Vec<BBox>,
    pub blend: Blend,
}

impl RegionPlan {
    pub fn of(job: &JobSpec) -> Option<RegionPlan> {
        let target = job.composite_target()?;
        Some(RegionPlan {
            target,
            boxes: job.images[target].boxes.clone(),
            blend: Blend {
                feather: job.region.feather,
                margin: job.region.margin,
                match_colour: job.region.match_colour,
            },
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

/// Lines `result` up with `target` and composites it when it lines up.
pub fn composite_pixels(
    plan: &RegionPlan,
    target: &image::RgbaImage,
    result: &image::RgbaImage,
) -> Composited {
    let pair = WorkingPair::new(target, result);
    let registration = register(&pair, &plan.boxes, plan.blend.reach());
    if !registration.lines_up() {
        return Composited {
            registration,
            image: None,
            change: None,
            change_map: None,
        };
    }
    // The measures and the composite are independent: side by side.
    let m = registration.mapping;
    let (measured, image) = std::thread::scope(|scope| {
        let measured = scope.spawn(|| what_changed(&pair, &m, &plan.boxes, &plan.blend));
        let image = composite(target, result, &m, &plan.boxes, &plan.blend);
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
pub fn encode_png(img: &image::RgbaImage) -> Result<Vec<u8>, String> {
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
    res.map_err(|e| e.to_string())?;
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

/// Composites every raw result file into the target (`target_sent`: the target's bytes as
/// sent) and writes each composite beside its raw file. A result that cannot be read or does
/// not line up keeps only its raw file, with the sentence.
pub fn composite_files(
    plan: &RegionPlan,
    target_sent: &[u8],
    raws: &[PathBuf],
) -> Vec<RegionResult> {
    let target = match crate::imaging::prepare::decode_as_sent(target_sent) {
        Ok(t) => t,
        Err(e) => {
            let why = format!("the target image could not be decoded ({e})");
            return raws
                .iter()
                .map(|r| refused(plan, r, 0.0, why.clone()))
                .collect();
        }
    };
    raws.iter()
        .map(|raw| {
            let read =
                crate::store::fs::read_bounded(raw, super::download::MAX_RESULT_BYTES, &|| false)
                    .map_err(|e| e.to_string());
            let service_file = read.as_deref().unwrap_or_default().to_vec();
            let result = match read.and_then(|b| crate::imaging::prepare::decode_as_sent(&b)) {
                Ok(r) => r,
                Err(e) => {
                    return refused(
                        plan,
                        raw,
                        0.0,
                        format!("the result could not be read ({e})"),
                    );
                }
            };
            let done = composite_pixels(plan, &target, &result);
            let reg = done.registration;
            let Some(img) = done.image else {
                return refused(plan, raw, reg.confidence, reg.refusal.unwrap_or_default());
            };
            let dir = raw.parent().unwrap_or(Path::new("."));
            // Labelled as AI-modified, the service's own label kept (see imaging::metadata).
            let stem = composite_stem(raw);
            let written = encode_png(&img).and_then(|bytes| {
                let bytes = crate::imaging::metadata::ai_labelled_png(bytes, &service_file, &stem);
                crate::store::fs::write_new(dir, &stem, "png", &bytes).map_err(|e| e.to_string())
            });
            match written {
                Ok(path) => RegionResult {
                    raw: raw.clone(),
                    composite: Some(path),
                    target: plan.target,
                    confidence: reg.confidence,
                    refusal: None,
                    change: done.change,
                    mapping: Some(reg.mapping),
                },
                Err(e) => RegionResult {
                    change: done.change,
                    ..refused(
                        plan,
                        raw,
                        reg.confidence,
                        crate::t!(
                            "composite-not-written",
                            folder = dir.display().to_string(),
                            why = e.to_string()
                        ),
                    )
                },
            }
        })
        .collect()
}

/// A result kept as the service made it, with the sentence why.
pub fn refused(plan: &RegionPlan, raw: &Path, confidence: f32, why: String) -> RegionResult {
    RegionResult {
        raw: raw.to_path_buf(),
        composite: None,
        target: plan.target,
        confidence,
        refusal: Some(why),
        change: None,
        mapping: None,
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
