//! A composite made box by box, each box from the result the designer chose (see
//! [`crate::jobs::choice`]), on the same target and encoder as the job's own composites.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Base, RegionPlan, Target, Weights, plain, preview_of_composite, with_why};
use crate::i18n::Said;
use crate::imaging::prepare::Preview;
use crate::imaging::register::Mapping;

/// The target's pixels the composites are made on, in sRGB (for the screen): the original's
/// own when it was sent at its size, else the pixels sent. Blocking.
pub fn target_on_screen(target: &Target) -> Result<image::RgbaImage, Said> {
    let base = Base::of(target)?;
    let mut pixels = base.pixels;
    if let Some(p) = &base.profile {
        crate::imaging::colour::to_srgb(&mut pixels, p)?;
    }
    Ok(pixels)
}

/// One result a box can be taken from: history's copy of the raw file, and where the target's
/// pixels are in it (as it was lined up when the job ran).
pub struct Candidate {
    pub raw: PathBuf,
    pub mapping: Mapping,
}

/// A composite made box by box (see [`crate::imaging::composite::compose`]).
pub struct Composed {
    pub path: PathBuf,
    pub preview: Arc<Preview>,
    pub size: (u32, u32),
}

/// Composites box `k` of `plan` from `candidates[picks[k] - 1]` (the original where `picks[k]`
/// is 0) into the target, with the plan's mask, and writes it into `dir` as `stem`, a new file
/// (as the job's composites are written: the original's blocks and metadata kept). Nothing is
/// sent. Blocking.
pub fn compose_files(
    plan: &RegionPlan,
    target: &Target,
    candidates: &[Option<Candidate>],
    picks: &[usize],
    dir: &Path,
    stem: &str,
) -> Result<Composed, Said> {
    let base =
        Base::of(target).map_err(|e| with_why("the target image could not be decoded", e))?;
    let mut results: std::collections::BTreeMap<usize, (image::RgbaImage, Mapping, Vec<u8>)> =
        Default::default();
    for &r in picks.iter().filter(|&&r| r > 0) {
        if results.contains_key(&r) {
            continue;
        }
        let Some(Some(c)) = candidates.get(r - 1) else {
            return Err(crate::said!("choice-result-not-lined-up", result = r));
        };
        let bytes = crate::store::fs::read_bounded(
            &c.raw,
            crate::jobs::download::MAX_RESULT_BYTES,
            &|| false,
        )
        .map_err(|e| crate::said!("choice-result-unreadable", result = r, why = e.said()))?;
        let mut img = crate::imaging::prepare::decode_as_sent(&bytes)
            .map_err(|e| crate::said!("choice-result-unreadable", result = r, why = e))?;
        if let Some(p) = &base.profile {
            crate::imaging::colour::from_srgb(&mut img, p)?;
        }
        results.insert(r, (img, c.mapping, bytes));
    }
    let from: Vec<_> = plan
        .boxes
        .iter()
        .enumerate()
        .map(|(k, _)| {
            let r = picks.get(k).copied().unwrap_or(0);
            results.get(&r).map(|(img, m, _)| (img, m))
        })
        .collect();
    let weights = plan.weights(base.pixels.dimensions());
    let img = crate::imaging::composite::compose(
        &base.pixels,
        &plan.boxes,
        &from,
        &plan.blend,
        weights.as_ref().map(Weights::view),
    );
    // Labelled as the job's composites are: the service's label of the first result taken.
    let service_file = results
        .values()
        .next()
        .map(|r| r.2.as_slice())
        .unwrap_or_default();
    let target_xmp = base
        .carried
        .xmp
        .as_deref()
        .map(crate::imaging::carry::upright_xmp);
    let label = crate::imaging::metadata::label_xmp(service_file, stem, target_xmp.as_deref());
    let (bytes, ext) = base.encoded(&img, plan.format, plan.strip_location, &label)?;
    let path = crate::store::fs::write_new(dir, stem, ext, &bytes).map_err(|e| {
        crate::said!(
            "composite-not-written",
            folder = dir.display().to_string(),
            why = plain(e)
        )
    })?;
    Ok(Composed {
        path,
        preview: Arc::new(preview_of_composite(&img, base.profile.as_ref())),
        size: img.dimensions(),
    })
}
