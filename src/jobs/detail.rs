//! Detail mode: the target sent as a crop around its boxes instead of the whole frame.
//!
//! Wan renders a fixed pixel budget (2K = 2048² pixels) at the last image's aspect: a 6000×4000
//! photo comes back at 2508×1672, 0.42 output pixels per photo pixel, and the box composited
//! into the photo is an upscale of a small render. A crop around the boxes (the boxes' extent
//! grown [`CONTEXT`] times on each axis, clamped to the frame, shaped to the model's limits)
//! gets the same budget over far fewer photo pixels. The crop is sent as the last image (the
//! service shapes its output after it), `bbox_list` moved into its pixels
//! ([`crate::api::job::JobImage::sent_boxes`]); the result is lined up with the crop and
//! composited into the whole photo (`jobs::region`), exact outside the boxes as always.
//!
//! One crop holds every box of the target. Boxes so far apart that one crop gains too little
//! are sent one crop per box, one call each ([`parts`]; each call billed, said before Run),
//! when the target is the only image with boxes; else the whole frame (`auto`) or the one
//! crop (`on`).

use std::sync::Arc;

use crate::api::catalog::{ModelSpec, SizeMode};
use crate::api::job::{BBox, Crop, DetailMode, ImageFacts, JobSpec, SizeChoice, Tier};

use super::{ApiError, JobEvent, LocalBytes};
use crate::i18n::Said;

/// The crop is the boxes' extent times this on each axis (context for the model: the scene's
/// light and the edges around the object).
pub const CONTEXT: f64 = 2.0;
/// `auto` sends the crop when it gives at least this many times the whole frame's output
/// pixels per photo pixel (along a side)…
pub const MIN_GAIN: f64 = 1.5;
/// …and the whole frame gives fewer than one.
pub const ENOUGH: f64 = 1.0;
/// A crop is grown until the model would render it at no more than this many output pixels per
/// photo pixel: beyond it, a larger crop costs nothing in detail and gives more context.
pub const MAX_DENSITY: f64 = 2.0;

/// What detail mode would do for a job, said before it runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The target (0-based) and its size as prepared (the frame its boxes are in).
    pub target: usize,
    pub full: (u32, u32),
    /// The crop around every box (x, y, width, height): what one call sends.
    pub crop: (u32, u32, u32, u32),
    /// Output pixels per photo pixel, along a side: whole frame, and with detail per box (the
    /// crop it is sent in).
    pub whole: f64,
    pub detailed: Vec<f64>,
    /// The target's boxes (1-based numbers in the sentence).
    pub boxes: usize,
    /// Whether the job sends a crop…
    pub on: bool,
    /// …and, when the boxes are too far apart for one crop to gain enough, one crop per box,
    /// one call each (each billed): the crops, in box order.
    pub split: Option<Vec<(u32, u32, u32, u32)>>,
}

impl Figures {
    /// The figures when the job is sent in one call however far apart its boxes are: the one
    /// crop around them all when detail is `on` and it is not the whole frame, else the whole
    /// frame (one crop that gains too little is not worth `auto`'s while).
    pub fn in_one_call(self, mode: DetailMode) -> Figures {
        if self.split.is_none() {
            return self;
        }
        let (_, _, w, h) = self.crop;
        let whole_frame = (w, h) == self.full;
        let gain = (self.full.0 as f64 * self.full.1 as f64 / (w as f64 * h as f64)).sqrt();
        Figures {
            on: mode == DetailMode::On && !whole_frame,
            detailed: vec![self.whole * gain; self.boxes],
            split: None,
            ..self
        }
    }

    /// The calls a run makes: one, or one per box when split.
    pub fn calls(&self) -> usize {
        self.split.as_ref().map_or(1, Vec::len)
    }

    /// "image 1, box 1: 0.42 → 2.00, …": per box, whole frame and with detail (when off,
    /// "0.42 (2.00 with detail)").
    fn per_box(&self) -> Said {
        let whole = format!("{:.2}", self.whole);
        let boxes = (1..=self.boxes)
            .map(|k| {
                let detailed = format!("{:.2}", self.detailed.get(k - 1).copied().unwrap_or(0.0));
                let (image, whole, detailed) = (self.target + 1, whole.as_str(), detailed.as_str());
                if self.on {
                    crate::said!(
                        "detail-box",
                        image = image,
                        number = k,
                        whole = whole,
                        detailed = detailed
                    )
                } else {
                    crate::said!(
                        "detail-box-off",
                        image = image,
                        number = k,
                        whole = whole,
                        detailed = detailed
                    )
                }
            })
            .collect::<Vec<_>>();
        Said::Joined {
            parts: boxes,
            sep: ", ".into(),
        }
    }

    /// One sentence for the command line and the window.
    pub fn sentence(&self) -> Said {
        let (_, _, w, h) = self.crop;
        match (self.on, &self.split) {
            (true, Some(crops)) => crate::said!(
                "detail-split",
                figures = self.per_box(),
                image = self.target + 1,
                calls = crops.len()
            ),
            (true, None) => crate::said!(
                "detail-on",
                figures = self.per_box(),
                image = self.target + 1,
                width = w,
                height = h
            ),
            (false, _) => crate::said!("detail-off", figures = self.per_box()),
        }
    }
}

/// The output pixel count a job asks for: its tier's (1K = 1024², 2K = 2048², 4K = 4096²) or
/// its W×H; the model's default for edits when it gives none.
pub fn output_pixels(job: &JobSpec, spec: &ModelSpec) -> u64 {
    let tier = |t: &str| match t {
        "1K" => Some(1024u64 * 1024),
        "2K" => Some(2048 * 2048),
        "4K" => Some(4096 * 4096),
        _ => None,
    };
    match job.params.size {
        Some(SizeChoice::Pixels { width, height }) => width as u64 * height as u64,
        Some(SizeChoice::Tier(t)) => tier(Tier::name(t)).unwrap_or(2048 * 2048),
        None => spec
            .size_rule(SizeMode::Edit)
            .and_then(|r| tier(r.default))
            .unwrap_or(2048 * 2048),
    }
}

/// The crop around `boxes` in a `full`-sized image, for an output of `pixels`.
pub fn crop_rect(
    boxes: &[BBox],
    full: (u32, u32),
    spec: &ModelSpec,
    pixels: u64,
) -> (u32, u32, u32, u32) {
    let (w, h) = (full.0 as f64, full.1 as f64);
    let x1 = boxes.iter().map(|b| b.x1).min().unwrap_or(0) as f64;
    let y1 = boxes.iter().map(|b| b.y1).min().unwrap_or(0) as f64;
    let x2 = boxes.iter().map(|b| b.x2).max().unwrap_or(full.0) as f64;
    let y2 = boxes.iter().map(|b| b.y2).max().unwrap_or(full.1) as f64;
    let (mut cw, mut ch) = (
        ((x2 - x1) * CONTEXT).max(1.0),
        ((y2 - y1) * CONTEXT).max(1.0),
    );
    // Not rendered at more than MAX_DENSITY: more context instead.
    let least = pixels as f64 / (MAX_DENSITY * MAX_DENSITY);
    if cw * ch < least {
        let k = (least / (cw * ch)).sqrt();
        cw *= k;
        ch *= k;
    }
    // The model's limits: its shortest side, and the aspect of an input and of an output.
    let min_side = spec.min_side as f64;
    cw = cw.max(min_side);
    ch = ch.max(min_side);
    let aspect = spec
        .size_rule(SizeMode::Edit)
        .map(|r| r.max_aspect)
        .unwrap_or(4.0)
        .min(spec.max_input_aspect.unwrap_or(f64::MAX));
    if cw / ch > aspect {
        ch = cw / aspect;
    } else if ch / cw > aspect {
        cw = ch / aspect;
    }
    let (cw, ch) = (cw.min(w).round(), ch.min(h).round());
    // Centred on the boxes, moved inside the frame.
    let x = ((x1 + x2) / 2.0 - cw / 2.0).clamp(0.0, w - cw).floor();
    let y = ((y1 + y2) / 2.0 - ch / 2.0).clamp(0.0, h - ch).floor();
    (x as u32, y as u32, cw as u32, ch as u32)
}

/// What detail mode would do for `job`: `None` when it does not apply (no composite target,
/// a target that is not last, no boxes, a link whose size is unknown, a model without boxes).
pub fn figures(job: &JobSpec) -> Option<Figures> {
    let spec = job.spec()?;
    spec.max_boxes_per_image?;
    let target = job.composite_target()?;
    if target + 1 != job.images.len() {
        return None;
    }
    let img = &job.images[target];
    if img.boxes.is_empty() {
        return None;
    }
    let f = img.facts?;
    let full = (f.width, f.height);
    let pixels = output_pixels(job, spec);
    let crop = crop_rect(&img.boxes, full, spec, pixels);
    let density = |r: (u32, u32, u32, u32)| (pixels as f64 / (r.2 as f64 * r.3 as f64)).sqrt();
    let whole = density((0, 0, full.0, full.1));
    let is_whole = |r: (u32, u32, u32, u32)| r.2 == full.0 && r.3 == full.1;
    let gains = |r: (u32, u32, u32, u32)| !is_whole(r) && density(r) >= whole * MIN_GAIN;
    let wanted = match job.region.detail {
        DetailMode::On => true,
        DetailMode::Off => false,
        DetailMode::Auto => whole < ENOUGH,
    };
    // One crop per box when one around them all gains too little and each of its own does.
    let split = (wanted && !gains(crop) && splittable(job, target))
        .then(|| {
            img.boxes
                .iter()
                .map(|b| crop_rect(std::slice::from_ref(b), full, spec, pixels))
                .collect::<Vec<_>>()
        })
        .filter(|crops| crops.iter().all(|c| gains(*c)));
    let on = wanted
        && (split.is_some()
            || gains(crop)
            || (job.region.detail == DetailMode::On && !is_whole(crop)));
    let detailed = match &split {
        Some(crops) => crops.iter().map(|c| density(*c)).collect(),
        None => vec![density(crop); img.boxes.len()],
    };
    Some(Figures {
        target,
        full,
        crop,
        whole,
        detailed,
        boxes: img.boxes.len(),
        on,
        split: split.filter(|_| on),
    })
}

/// Whether a job may be split into one call per box: the target is the only image with
/// boxes (the prompt's box numbers are then the target's, and each call's can be renumbered),
/// it asks for neither an image set nor text, and it is not already one call of a split.
fn splittable(job: &JobSpec, target: usize) -> bool {
    job.part.is_none()
        && !job.sequential()
        && !job.interleave()
        && job.images[target].boxes.len() > 1
        && job
            .images
            .iter()
            .enumerate()
            .all(|(i, img)| i == target || img.boxes.is_empty())
}

/// A job detail mode splits, as its calls: each the job with the target's one box (numbered
/// box 1 in its prompt), detail on. `None` for a job sent in one call.
pub fn parts(job: &JobSpec) -> Option<Vec<JobSpec>> {
    let f = figures(job).filter(|f| f.on)?;
    let crops = f.split?;
    let all = job.images[f.target].boxes.clone();
    let of = crops.len();
    Some(
        all.iter()
            .enumerate()
            .map(|(index, b)| {
                let mut part = job.clone();
                part.prompt = crate::api::part::renumber_boxes(&job.prompt, index + 1);
                part.images[f.target].boxes = vec![*b];
                part.region.detail = DetailMode::On;
                if index + 1 < of {
                    let names = job
                        .names
                        .as_deref()
                        .unwrap_or(super::naming::DEFAULT_TEMPLATE);
                    part.names = Some(format!("{names}-box{}", index + 1));
                }
                part.part = Some(crate::api::part::DetailPart {
                    index,
                    of,
                    number: index + 1,
                    prompt: job.prompt.clone(),
                    boxes: all.clone(),
                    detail: job.region.detail,
                    names: job.names.clone(),
                    onto: Vec::new(),
                });
                part
            })
            .collect(),
    )
}

/// `bbox_list` as each call of `job` will carry it: one call, or one per box when split, the
/// boxes moved into detail mode's crop when it sends one (what `apply` does on the way).
pub fn bbox_lists(job: &JobSpec) -> Vec<Option<Vec<Vec<[u32; 4]>>>> {
    let calls = parts(job).unwrap_or_else(|| vec![job.clone()]);
    calls
        .into_iter()
        .map(|mut call| {
            let mode = call.region.detail;
            if let Some(f) = figures(&call).map(|f| f.in_one_call(mode)).filter(|f| f.on)
                && let Some(facts) = call.images[f.target].facts
            {
                let (x, y, width, height) = f.crop;
                call.images[f.target].crop = Some(Crop {
                    x,
                    y,
                    width,
                    height,
                    facts: ImageFacts {
                        width,
                        height,
                        ..facts
                    },
                });
            }
            call.bbox_list()
        })
        .collect()
}

/// Says what detail mode does for `job` and, when it is on, replaces the target's bytes with
/// its crop and records the crop in the job (`JobImage::crop`).
pub async fn apply(
    job: &mut JobSpec,
    bytes: &mut [Option<LocalBytes>],
    events: &mut impl FnMut(JobEvent),
) -> Result<(), ApiError> {
    // A split job is sent as its calls (`parts`), each of which applies its own crop; one
    // sent in one call anyway (a batch item: its estimate and cap count one call) is sent as
    // one call would be.
    let mode = job.region.detail;
    let Some(f) = figures(job).map(|f| f.in_one_call(mode)) else {
        return Ok(());
    };
    // Said when it changes what is sent, or when the designer chose: `auto` finding nothing to
    // gain is not news on every job.
    // A call of a split job: the job's figures were said before its first call.
    if (f.on || job.region.detail != DetailMode::Auto) && job.part.is_none() {
        events(JobEvent::Notice(f.sentence()));
    }
    if !f.on {
        return Ok(());
    }
    let Some(Some(local)) = bytes.get(f.target) else {
        return Ok(());
    };
    let whole = local.bytes().await?;
    let rect = f.crop;
    let cut = tokio::task::spawn_blocking(move || cut(&whole, rect))
        .await
        .map_err(|e| Said::Plain(e.to_string()))
        .and_then(|r| r);
    let (encoded, format) = cut.map_err(|detail| ApiError::ReadInput {
        path: job.images[f.target].display_name(),
        detail: super::region::with_why("its detail crop could not be made", detail),
    })?;
    let (x, y, width, height) = rect;
    job.images[f.target].crop = Some(Crop {
        x,
        y,
        width,
        height,
        facts: ImageFacts {
            width,
            height,
            format: Some(format),
            file_bytes: encoded.len() as u64,
            has_alpha: false,
        },
    });
    bytes[f.target] = Some(LocalBytes::Held(Arc::new(encoded)));
    Ok(())
}

/// The crop of the image as sent: a JPEG stays a JPEG (quality 95, 4:4:4: the box's detail is
/// the point), anything else becomes a PNG.
fn cut(
    whole: &[u8],
    (x, y, w, h): (u32, u32, u32, u32),
) -> Result<(Vec<u8>, crate::api::catalog::InputFormat), Said> {
    use crate::api::catalog::InputFormat;
    let img = crate::imaging::prepare::decode_as_sent(whole)?;
    if x + w > img.width() || y + h > img.height() {
        return Err(Said::Plain(format!(
            "{w}×{h} at {x},{y} is not inside {}×{}",
            img.width(),
            img.height()
        )));
    }
    let part = image::imageops::crop_imm(&img, x, y, w, h).to_image();
    if crate::imaging::sniff(whole) == Some(image::ImageFormat::Jpeg) {
        let rgb = image::DynamicImage::ImageRgba8(part).to_rgb8();
        let mut out = Vec::new();
        let mut enc = jpeg_encoder::Encoder::new(&mut out, 95);
        enc.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_4_4);
        enc.encode(
            rgb.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(|e| Said::Plain(e.to_string()))?;
        Ok((out, InputFormat::Jpeg))
    } else {
        let png = super::region::encode_png(&part).map_err(|e| Said::Plain(e.to_string()))?;
        Ok((png, InputFormat::Png))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::{ImageSource, JobImage};

    fn job(full: (u32, u32), boxes: &[BBox], size: &str, mode: DetailMode) -> JobSpec {
        let mut j = JobSpec::new("wan2.7-image", "make box 1 glow");
        let mut img = JobImage::new(ImageSource::parse("/photo.jpg"));
        img.boxes = boxes.to_vec();
        img.facts = Some(ImageFacts {
            width: full.0,
            height: full.1,
            format: Some(crate::api::catalog::InputFormat::Jpeg),
            file_bytes: 1,
            has_alpha: false,
        });
        j.images.push(img);
        j.params.size = Some(SizeChoice::parse(size).unwrap());
        j.region.detail = mode;
        j
    }

    #[test]
    fn a_box_on_a_24_mp_photo_is_sent_as_a_crop_at_more_pixels_per_photo_pixel() {
        let b = BBox::new(2800, 1800, 3400, 2300);
        let f = figures(&job((6000, 4000), &[b], "2K", DetailMode::Auto)).unwrap();
        assert!((f.whole - 0.418).abs() < 0.01, "{}", f.whole);
        assert!(f.on);
        let (x, y, w, h) = f.crop;
        // At least twice the box each way, inside the frame, holding the box.
        assert!(
            w >= 1200 && h >= 1000 && x + w <= 6000 && y + h <= 4000,
            "{:?}",
            f.crop
        );
        assert!(x <= b.x1 && y <= b.y1 && x + w >= b.x2 && y + h >= b.y2);
        // Never rendered at more than MAX_DENSITY: grown for context instead.
        assert!(
            f.detailed[0] <= MAX_DENSITY + 0.01 && f.detailed[0] >= 1.0,
            "{:?}",
            f.detailed
        );
        assert_eq!((f.calls(), f.split.as_ref()), (1, None));
        assert!(
            f.sentence().words().contains("box 1: 0.42 → "),
            "{}",
            f.sentence()
        );
    }

    #[test]
    fn auto_leaves_a_small_photo_or_a_box_over_most_of_it_whole_frame_and_off_is_off() {
        // 1.0 px per photo pixel already.
        let small = figures(&job(
            (1024, 1024),
            &[BBox::new(100, 100, 300, 300)],
            "1K",
            DetailMode::Auto,
        ));
        assert!(!small.unwrap().on);
        // Boxes far apart: their one crop is nearly the frame, so each is sent in its own
        // (two calls, each billed), said per box.
        let far = [
            BBox::new(10, 10, 400, 400),
            BBox::new(5500, 3500, 5990, 3990),
        ];
        let f = figures(&job((6000, 4000), &far, "2K", DetailMode::Auto)).unwrap();
        assert!(f.on, "{f:?}");
        assert_eq!(f.boxes, 2);
        assert_eq!(f.calls(), 2);
        let crops = f.split.clone().unwrap();
        for (c, b) in crops.iter().zip(&far) {
            assert!(c.0 <= b.x1 && c.1 <= b.y1 && c.0 + c.2 >= b.x2 && c.1 + c.3 >= b.y2);
            assert!(c.2 < 3000 && c.3 < 2000, "{c:?}");
        }
        assert!(f.detailed.iter().all(|d| *d >= f.whole * MIN_GAIN), "{f:?}");
        let said = f.sentence().words();
        assert!(
            said.contains("box 1: 0.42 → ")
                && said.contains("box 2: 0.42 → ")
                && said.contains("2 calls"),
            "{said}"
        );
        // Sent in one call anyway (a batch item): the whole frame for auto, the one crop for on.
        let one = f.clone().in_one_call(DetailMode::Auto);
        assert!(
            !one.on && one.split.is_none() && one.detailed.len() == 2,
            "{one:?}"
        );
        // Nearer: one crop exists (4000×2800) but gains under 1.5×.
        let nearer = [
            BBox::new(2000, 1300, 2200, 1500),
            BBox::new(3800, 2500, 4000, 2700),
        ];
        let on = figures(&job((6000, 4000), &nearer, "2K", DetailMode::On)).unwrap();
        assert_eq!(on.calls(), 2);
        let one = on.in_one_call(DetailMode::On);
        assert!(one.on && one.crop.2 < 6000 && one.calls() == 1, "{one:?}");
        // Off sends the whole frame, in one call.
        let f = figures(&job((6000, 4000), &far, "2K", DetailMode::Off)).unwrap();
        assert!(!f.on && f.split.is_none() && f.calls() == 1);
        // Another image with boxes: the prompt's box numbers are not the target's alone, so
        // it is not split, and auto keeps the whole frame.
        let mut two = job((6000, 4000), &far, "2K", DetailMode::Auto);
        let mut other = two.images[0].clone();
        other.boxes = vec![BBox::new(0, 0, 10, 10)];
        two.images.insert(0, other);
        two.region.target = Some(1);
        let f = figures(&two).unwrap();
        assert!(!f.on && f.split.is_none(), "{f:?}");
        let off = [BBox::new(2800, 1800, 3400, 2300)];
        assert!(
            !figures(&job((6000, 4000), &off, "2K", DetailMode::Off))
                .unwrap()
                .on
        );
        // On forces it where a crop exists.
        let f = figures(&job(
            (1024, 1024),
            &[BBox::new(100, 100, 300, 300)],
            "1K",
            DetailMode::On,
        ))
        .unwrap();
        assert!(f.on && f.crop.2 < 1024);
    }

    #[test]
    fn a_split_job_is_one_job_per_box_each_with_its_box_as_box_1_and_the_whole_job_kept() {
        let far = [
            BBox::new(10, 10, 400, 400),
            BBox::new(5500, 3500, 5990, 3990),
        ];
        let mut j = job((6000, 4000), &far, "2K", DetailMode::Auto);
        j.prompt = "make box 1 red and box 2 blue".into();
        let parts = parts(&j).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].prompt, "make box 1 red and box 2 blue");
        assert_eq!(parts[1].prompt, "make box 2 red and box 1 blue");
        for (k, p) in parts.iter().enumerate() {
            assert_eq!(p.images[0].boxes, vec![far[k]]);
            let part = p.part.as_ref().unwrap();
            assert_eq!((part.index, part.of, part.number), (k, 2, k + 1));
            // Each call is sent as its own crop, in one call (never split again).
            let f = figures(p).unwrap();
            assert!(f.on && f.split.is_none(), "{f:?}");
            assert_eq!(f.crop, figures(&j).unwrap().split.unwrap()[k]);
            // Reopen, Re-run and recipes get the job as composed.
            assert_eq!(p.whole(), j);
        }
        // A job sent in one call has no parts.
        let near = [BBox::new(2800, 1800, 3400, 2300)];
        assert!(super::parts(&job((6000, 4000), &near, "2K", DetailMode::Auto)).is_none());
    }

    #[test]
    fn the_bbox_list_said_is_the_one_each_call_sends() {
        let near = [BBox::new(2800, 1800, 3400, 2300)];
        let lists = bbox_lists(&job((6000, 4000), &near, "2K", DetailMode::On));
        let f = figures(&job((6000, 4000), &near, "2K", DetailMode::On)).unwrap();
        let (x, y) = (f.crop.0, f.crop.1);
        assert_eq!(
            lists,
            vec![Some(vec![vec![[2800 - x, 1800 - y, 3400 - x, 2300 - y]]])]
        );
        let off = bbox_lists(&job((6000, 4000), &near, "2K", DetailMode::Off));
        assert_eq!(off, vec![Some(vec![vec![[2800, 1800, 3400, 2300]]])]);
        let far = [
            BBox::new(10, 10, 400, 400),
            BBox::new(5500, 3500, 5990, 3990),
        ];
        let split = bbox_lists(&job((6000, 4000), &far, "2K", DetailMode::Auto));
        assert_eq!(split.len(), 2);
        assert!(split.iter().all(|l| l.as_ref().unwrap()[0].len() == 1));
    }

    #[test]
    fn a_thin_box_gets_a_crop_within_the_models_aspect_and_side_limits() {
        let spec = crate::api::catalog::ModelSpec::find("wan2.7-image").unwrap();
        let (_, _, w, h) = crop_rect(
            &[BBox::new(100, 100, 5900, 110)],
            (6000, 4000),
            spec,
            1024 * 1024,
        );
        assert!(w as f64 / h as f64 <= 8.0 + 1e-9, "{w}×{h}");
        assert!(h >= spec.min_side && w <= 6000);
        let (x, y, w, h) = crop_rect(&[BBox::new(0, 0, 20, 20)], (6000, 4000), spec, 2048 * 2048);
        assert_eq!((x, y), (0, 0), "moved inside the frame");
        assert!(w >= spec.min_side && h >= spec.min_side);
    }

    #[test]
    fn the_boxes_sent_are_in_the_crops_pixels() {
        let mut j = job(
            (6000, 4000),
            &[BBox::new(2800, 1800, 3400, 2300)],
            "2K",
            DetailMode::On,
        );
        let facts = j.images[0].facts.unwrap();
        j.images[0].crop = Some(Crop {
            x: 2500,
            y: 1500,
            width: 1200,
            height: 1100,
            facts,
        });
        assert_eq!(
            j.images[0].sent_boxes(),
            vec![BBox::new(300, 300, 900, 800)]
        );
        assert_eq!(j.bbox_list(), Some(vec![vec![[300, 300, 900, 800]]]));
        // The job keeps its boxes in the photo's pixels (history, Reopen).
        assert_eq!(j.images[0].boxes, vec![BBox::new(2800, 1800, 3400, 2300)]);
    }
}
