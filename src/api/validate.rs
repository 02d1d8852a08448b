//! Checks a whole job against the catalog before anything is sent.
//!
//! Each problem is one sentence that names the thing (image 3, box 2 of image 1, the prompt) and
//! says what the model needs, so the user knows what to change. Images given as URLs are not
//! checked here (we have not seen their bytes); the service checks them.

use std::fmt;

use super::catalog::{Draft, ModelSpec, SizeMode};
use super::job::{CallMode, JobSpec, SizeChoice};
use crate::i18n::Said;

/// One thing wrong with a job.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem(pub Said);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.words())
    }
}

/// The problems of a job, empty when it may be sent.
pub fn validate(job: &JobSpec) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(spec) = job.spec() else {
        out.push(Problem(crate::said!(
            "refuse-unknown-model",
            model = job.model.as_str(),
            models = ModelSpec::ids().join(", ")
        )));
        return out;
    };
    let mut p = |s: Said| out.push(Problem(s));

    check_mode_flags(job, spec, &mut p);
    check_prompt(job, spec, &mut p);
    check_images(job, spec, &mut p);
    check_boxes(job, spec, &mut p);
    check_size(job, spec, &mut p);
    check_counts(job, spec, &mut p);
    check_region(job, &mut p);
    out
}

/// Compositing asked for, or a target marked, needs a target with boxes.
fn check_region(job: &JobSpec, p: &mut impl FnMut(Said)) {
    use super::job::CompositeMode;
    let asked = job.region.composite == CompositeMode::On || job.region.target.is_some();
    if job.region.composite == CompositeMode::Off || !asked {
        return;
    }
    if let Err(why) = job.target() {
        p(crate::said!("refuse-composite-no-target", why = why));
    }
}

/// The draft the catalog's option rules judge.
fn draft_of(job: &JobSpec) -> Draft {
    Draft {
        images: job.images.len(),
        image_set: job.sequential(),
        interleave: job.interleave(),
    }
}

fn check_mode_flags(job: &JobSpec, spec: &ModelSpec, p: &mut impl FnMut(Said)) {
    let o = spec.options(draft_of(job));
    let mut check = |used: bool, allowed: &super::catalog::Allowed| {
        if used && let Err(why) = allowed {
            p(why.clone());
        }
    };
    let params = &job.params;
    check(job.mode == CallMode::Sync, &o.sync);
    check(params.enable_sequential.is_some(), &o.image_set);
    check(params.enable_interleave.is_some(), &o.interleave);
    check(params.thinking_mode.is_some(), &o.thinking);
    check(params.prompt_extend.is_some(), &o.prompt_extend);
    check(params.watermark.is_some(), &o.watermark);
    check(params.color_palette.is_some(), &o.palette);
    if params.max_images.is_some() && !job.interleave() {
        p(crate::said!("refuse-max-images-without-interleave"));
    }
}

fn check_prompt(job: &JobSpec, spec: &ModelSpec, p: &mut impl FnMut(Said)) {
    let chars = job.prompt.chars().count();
    if job.prompt.trim().is_empty() {
        p(crate::said!("refuse-prompt-empty"));
    } else if chars > spec.max_prompt_chars {
        // The service truncates silently; refusing keeps the user's words from being cut unseen.
        p(crate::said!(
            "refuse-prompt-long",
            count = chars,
            model = spec.id,
            max = spec.max_prompt_chars
        ));
    }
    if let Some(neg) = &job.params.negative_prompt {
        match spec.negative_prompt {
            None => p(crate::said!("refuse-no-negative", model = spec.id)),
            Some((_, max)) => {
                let n = neg.chars().count();
                if n > max {
                    p(crate::said!(
                        "refuse-negative-long",
                        count = n,
                        model = spec.id,
                        max = max
                    ));
                }
            }
        }
    }
}

fn check_images(job: &JobSpec, spec: &ModelSpec, p: &mut impl FnMut(Said)) {
    let count = job.images.len() as u32;
    let range = match (job.interleave(), spec.interleave) {
        (true, Some(il)) => il.images,
        _ => spec.images,
    };
    if !range.contains(count) {
        let key = match (job.interleave(), range.min == range.max) {
            (false, false) => "refuse-image-count",
            (false, true) => "refuse-image-count-exact",
            (true, false) => "refuse-image-count-interleave",
            (true, true) => "refuse-image-count-interleave-exact",
        };
        use crate::i18n::SaidArg;
        p(Said::Message {
            key: key.into(),
            args: vec![
                ("count".into(), SaidArg::from(count)),
                ("model".into(), SaidArg::from(spec.id)),
                ("min".into(), SaidArg::from(range.min)),
                ("max".into(), SaidArg::from(range.max)),
            ],
        });
    }
    for (i, img) in job.images.iter().enumerate() {
        let n = i + 1;
        let Some(f) = img.sent_facts() else { continue };
        match f.format {
            None => p(crate::said!("refuse-image-format-unknown", image = n)),
            Some(fmt) if !spec.formats.contains(&fmt) => p(crate::said!(
                "refuse-image-format",
                image = n,
                format = fmt.name(),
                model = spec.id
            )),
            _ => {}
        }
        if f.has_alpha && spec.alpha_refused {
            p(crate::said!(
                "refuse-image-alpha",
                image = n,
                model = spec.id
            ));
        }
        let (w, h) = (f.width, f.height);
        if w.min(h) < spec.min_side {
            p(crate::said!(
                "refuse-image-small",
                image = n,
                width = w,
                height = h,
                model = spec.id,
                min = spec.min_side
            ));
        }
        if w.max(h) > spec.max_side {
            p(crate::said!(
                "refuse-image-large",
                image = n,
                width = w,
                height = h,
                model = spec.id,
                max = spec.max_side
            ));
        }
        if let Some(max) = spec.max_input_aspect {
            let aspect = w.max(h) as f64 / w.min(h).max(1) as f64;
            if aspect > max {
                p(crate::said!(
                    "refuse-image-aspect",
                    image = n,
                    width = w,
                    height = h,
                    aspect = format!("{aspect:.1}"),
                    model = spec.id,
                    max = max.to_string()
                ));
            }
        }
        if f.file_bytes > spec.max_file_bytes {
            p(crate::said!(
                "refuse-image-bytes",
                image = n,
                mb = format!("{:.1}", f.file_bytes as f64 / 1e6),
                model = spec.id,
                max = spec.max_file_bytes / crate::api::catalog::MB
            ));
        }
    }
}

fn check_boxes(job: &JobSpec, spec: &ModelSpec, p: &mut impl FnMut(Said)) {
    if !job.has_boxes() {
        return;
    }
    let Some(max) = spec.max_boxes_per_image else {
        p(crate::said!(
            "refuse-boxes-unsupported",
            why = spec
                .boxes_unsupported_reason()
                .unwrap_or_else(|| Said::Plain(String::new()))
        ));
        return;
    };
    for (i, img) in job.images.iter().enumerate() {
        let n = i + 1;
        if img.boxes.len() > max {
            p(crate::said!(
                "refuse-too-many-boxes",
                image = n,
                count = img.boxes.len(),
                model = spec.id,
                max = max
            ));
        }
        for (j, b) in img.boxes.iter().enumerate() {
            let bn = j + 1;
            if b.x2 <= b.x1 || b.y2 <= b.y1 {
                p(crate::said!(
                    "refuse-box-inverted",
                    number = bn,
                    image = n,
                    corners = format!("{}, {}, {}, {}", b.x1, b.y1, b.x2, b.y2)
                ));
            }
            if let Some(f) = img.facts
                && (b.x2 > f.width || b.y2 > f.height)
            {
                p(crate::said!(
                    "refuse-box-outside",
                    number = bn,
                    image = n,
                    corner = format!("{}, {}", b.x2, b.y2),
                    width = f.width,
                    height = f.height
                ));
            }
        }
    }
}

fn check_size(job: &JobSpec, spec: &ModelSpec, p: &mut impl FnMut(Said)) {
    let mode = job.size_mode();
    let Some(rule) = spec.size_rule(mode) else {
        // No rule for this mode: the image-count check has already said why (e.g. no images).
        return;
    };
    let Some(size) = job.params.size else { return };
    let mode_name = Said::Message {
        key: match mode {
            SizeMode::TextToImage => "size-mode-t2i",
            SizeMode::Edit if job.sequential() => "size-mode-sets",
            SizeMode::Edit if job.images.is_empty() => "size-mode-this",
            SizeMode::Edit => "size-mode-edit",
            SizeMode::Interleave => "size-mode-interleave",
        }
        .into(),
        args: Vec::new(),
    };
    match size {
        SizeChoice::Tier(t) => {
            if !rule.tiers.contains(&t.name()) {
                let allowed = if rule.tiers.is_empty() {
                    crate::said!("size-allowed-pixels")
                } else {
                    crate::said!("size-allowed-tiers", tiers = rule.tiers.join(", "))
                };
                let hint = if t.name() == "4K" && spec.all_tiers().contains(&"4K") {
                    crate::said!("size-hint-4k")
                } else {
                    Said::Plain(String::new())
                };
                p(crate::said!(
                    "refuse-size-tier",
                    size = t.name(),
                    mode = mode_name.clone(),
                    model = spec.id,
                    allowed = allowed,
                    hint = hint
                ));
            }
        }
        SizeChoice::Pixels { width, height } => {
            let px = width as u64 * height as u64;
            if px < rule.min_pixels || px > rule.max_pixels {
                p(crate::said!(
                    "refuse-size-pixels",
                    size = format!("{width}*{height}"),
                    pixels = px.to_string(),
                    model = spec.id,
                    min = rule.min_pixels.to_string(),
                    min_side = isqrt(rule.min_pixels),
                    max = rule.max_pixels.to_string(),
                    max_side = isqrt(rule.max_pixels),
                    mode = mode_name.clone()
                ));
            }
            let aspect = width.max(height) as f64 / width.min(height) as f64;
            if aspect > rule.max_aspect {
                p(crate::said!(
                    "refuse-size-aspect",
                    size = format!("{width}*{height}"),
                    aspect = format!("{aspect:.1}"),
                    model = spec.id,
                    max = rule.max_aspect.to_string()
                ));
            }
        }
    }
}

fn check_counts(job: &JobSpec, spec: &ModelSpec, p: &mut impl FnMut(Said)) {
    let n = job.n();
    match (
        job.sequential(),
        spec.sequential,
        job.interleave(),
        spec.interleave,
    ) {
        (true, Some(seq), _, _) => {
            if !seq.n.contains(n) {
                p(crate::said!(
                    "refuse-n-sets",
                    n = n,
                    model = spec.id,
                    min = seq.n.min,
                    max = seq.n.max
                ));
            }
        }
        (_, _, true, Some(il)) => {
            if n != il.n {
                p(crate::said!(
                    "refuse-n-interleave",
                    n = n,
                    model = spec.id,
                    needed = il.n
                ));
            }
            if let Some(m) = job.params.max_images
                && !il.max_images.contains(m)
            {
                p(crate::said!(
                    "refuse-max-images",
                    count = m,
                    model = spec.id,
                    min = il.max_images.min,
                    max = il.max_images.max
                ));
            }
        }
        _ => {
            if !spec.n.contains(n) {
                p(crate::said!(
                    "refuse-n",
                    n = n,
                    model = spec.id,
                    min = spec.n.min,
                    max = spec.n.max
                ));
            }
        }
    }
    if let Some(seed) = job.params.seed
        && seed > spec.seed_max
    {
        p(crate::said!(
            "refuse-seed",
            seed = seed.to_string(),
            max = spec.seed_max.to_string()
        ));
    }
    // Whether a palette may be used at all is the catalog's (see check_mode_flags).
    if let Some(palette) = &job.params.color_palette {
        match spec.color_palette {
            None => {}
            Some(range) => {
                if !range.contains(palette.len() as u32) {
                    p(crate::said!(
                        "refuse-palette-count",
                        count = palette.len(),
                        min = range.min,
                        max = range.max
                    ));
                }
                for (i, c) in palette.iter().enumerate() {
                    let hex_ok = c.hex.len() == 7
                        && c.hex.starts_with('#')
                        && c.hex[1..].chars().all(|ch| ch.is_ascii_hexdigit());
                    if !hex_ok {
                        p(crate::said!(
                            "refuse-palette-hex",
                            number = i + 1,
                            hex = c.hex.as_str()
                        ));
                    }
                    if !(c.percent > 0.0 && c.percent <= 100.0) {
                        p(crate::said!(
                            "refuse-palette-share",
                            number = i + 1,
                            share = c.percent.to_string()
                        ));
                    }
                }
                // Shares are sent rounded to 2 decimals; they must add up to exactly 100.00%.
                let total: i64 = palette
                    .iter()
                    .map(|c| (c.percent * 100.0).round() as i64)
                    .sum();
                if total != 10_000 {
                    p(crate::said!(
                        "refuse-palette-total",
                        total = format!("{:.2}", total as f64 / 100.0)
                    ));
                }
            }
        }
    }
}

fn isqrt(v: u64) -> u64 {
    (v as f64).sqrt().round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::InputFormat;
    use crate::api::job::{BBox, ImageFacts, ImageSource, JobImage, Tier};

    fn local(w: u32, h: u32) -> JobImage {
        JobImage {
            source: ImageSource::parse("/x.png"),
            boxes: vec![],
            facts: Some(ImageFacts {
                width: w,
                height: h,
                format: Some(InputFormat::Png),
                file_bytes: 1000,
                has_alpha: false,
            }),
            boxes_frame: None,
            name: None,
            read_as: None,
            crop: None,
            mask: vec![],
        }
    }

    fn sentences(job: &JobSpec) -> Vec<String> {
        validate(job).into_iter().map(|p| p.0.words()).collect()
    }

    #[test]
    fn a_good_job_has_no_problems() {
        let mut job = JobSpec::new("wan2.7-image", "replace the cup in box 1");
        job.images.push(local(600, 400));
        job.images[0].boxes.push(BBox::new(10, 10, 200, 200));
        job.params.size = Some(SizeChoice::Tier(Tier::K2));
        assert_eq!(sentences(&job), Vec::<String>::new());
    }

    #[test]
    fn compositing_needs_a_target_with_boxes() {
        use crate::api::job::CompositeMode;
        let mut job = JobSpec::new("wan2.7-image", "replace the cup in box 1");
        job.images = vec![local(600, 400), local(600, 400)];
        // Auto without boxes: nothing to composite, nothing to refuse.
        assert!(sentences(&job).is_empty());
        assert_eq!(job.composite_target(), None);
        job.region.composite = CompositeMode::On;
        let s = sentences(&job);
        assert_eq!(s.len(), 1);
        assert!(s[0].contains("no image has boxes"), "{s:?}");
        job.images[1].boxes.push(BBox::new(10, 10, 200, 200));
        assert!(sentences(&job).is_empty());
        assert_eq!(job.composite_target(), Some(1));
        assert_eq!(job.target_not_last(), None);
        // Boxes on two images: the target must be marked.
        job.images[0].boxes.push(BBox::new(10, 10, 100, 100));
        assert!(sentences(&job)[0].contains("images 1, 2 all have boxes"));
        job.region.target = Some(0);
        assert!(sentences(&job).is_empty());
        assert!(
            job.target_not_last()
                .unwrap()
                .words_in(crate::i18n::Lang::En)
                .contains("move image 1 last")
        );
        job.region.target = Some(5);
        assert!(sentences(&job)[0].contains("the target is image 6"));
        job.region.composite = CompositeMode::Off;
        assert!(sentences(&job).is_empty());
        assert_eq!(job.composite_target(), None);
    }

    #[test]
    fn small_image_gets_the_sentence_from_the_issue() {
        let mut job = JobSpec::new("wan2.7-image", "x");
        job.images = vec![local(600, 400), local(600, 400), local(200, 150)];
        assert_eq!(
            sentences(&job),
            vec!["image 3 is 200×150 px; wan2.7-image needs at least 240 px per side"]
        );
    }

    #[test]
    fn third_box_inverted_box_and_box_outside_are_refused() {
        let mut job = JobSpec::new("wan2.7-image-pro", "x");
        job.images.push(local(600, 400));
        job.images[0].boxes = vec![
            BBox::new(0, 0, 10, 10),
            BBox::new(50, 50, 40, 60),
            BBox::new(0, 0, 700, 10),
        ];
        let s = sentences(&job);
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[0].starts_with("image 1 has 3 boxes; wan2.7-image-pro takes at most 2"));
        assert!(s[1].contains("box 2 of image 1 (50, 50, 40, 60) is empty or inverted"));
        assert!(s[2].contains("box 3 of image 1 reaches (700, 10), outside the 600×400 px image"));
    }

    #[test]
    fn boxes_on_a_model_without_bbox_list_are_refused() {
        let mut job = JobSpec::new("wan2.6-image", "x");
        job.images.push(local(600, 400));
        job.images[0].boxes.push(BBox::new(0, 0, 10, 10));
        let s = sentences(&job);
        assert_eq!(s.len(), 1);
        assert!(s[0].starts_with("wan2.6-image does not take edit regions"));
    }

    #[test]
    fn four_k_only_for_pro_text_to_image() {
        let mut job = JobSpec::new("wan2.7-image-pro", "a lighthouse at dawn");
        job.params.size = Some(SizeChoice::Tier(Tier::K4));
        assert!(sentences(&job).is_empty());
        job.images.push(local(600, 400));
        let s = sentences(&job);
        assert_eq!(s.len(), 1);
        assert!(
            s[0].contains("size 4K is not available for editing"),
            "{s:?}"
        );
        let mut plain = JobSpec::new("wan2.7-image", "a lighthouse");
        plain.params.size = Some(SizeChoice::Tier(Tier::K4));
        assert!(sentences(&plain)[0].contains("takes 1K, 2K or W*H"));
    }

    #[test]
    fn wan25_rules() {
        let mut job = JobSpec::new("wan2.5-i2i-preview", "x");
        job.images.push(local(300, 600));
        job.params.size = Some(SizeChoice::Tier(Tier::K1));
        job.params.negative_prompt = Some("blurry".into());
        let s = sentences(&job);
        assert!(
            s.iter()
                .any(|s| s
                    == "wan2.5-i2i-preview runs only as an async task; switch the call to async"),
            "{s:?}"
        );
        assert!(
            s.iter()
                .any(|s| s.contains("needs at least 384 px per side"))
        );
        assert!(
            s.iter()
                .any(|s| s.contains("size 1K is not available") && s.contains("only W*H sizes"))
        );
        job.mode = CallMode::Async;
        job.images[0] = local(400, 600);
        job.params.size = Some(SizeChoice::Pixels {
            width: 1280,
            height: 1280,
        });
        assert!(sentences(&job).is_empty(), "{:?}", sentences(&job));
        job.params.size = Some(SizeChoice::Pixels {
            width: 2000,
            height: 2000,
        });
        assert!(sentences(&job)[0].contains("between 589824 (768²) and 1638400 (1280²)"));
    }

    #[test]
    fn counts_prompt_and_unknown_model() {
        let mut job = JobSpec::new("wan2.6-image", &"字".repeat(2001));
        job.params.n = Some(5);
        job.params.negative_prompt = Some("n".repeat(501));
        let s = sentences(&job);
        assert!(
            s.contains(&"the job has 0 input images; wan2.6-image takes 1 to 4".to_string()),
            "{s:?}"
        );
        assert!(
            s.contains(
                &"the prompt is 2001 characters; wan2.6-image takes at most 2000, shorten it"
                    .to_string()
            )
        );
        assert!(
            s.iter()
                .any(|s| s.starts_with("the negative prompt is 501 characters"))
        );
        assert!(s.contains(&"n is 5; wan2.6-image makes 1 to 4 images per call".to_string()));
        let bad = JobSpec::new("dall-e", "x");
        assert!(sentences(&bad)[0].starts_with("\"dall-e\" is not a model wanedit knows"));
    }

    #[test]
    fn alpha_format_filesize_and_aspect() {
        let mut job = JobSpec::new("wan2.7-image", "x");
        let mut img = local(4000, 400);
        if let Some(f) = img.facts.as_mut() {
            f.has_alpha = true;
            f.file_bytes = 25 * 1024 * 1024;
            f.format = None;
        }
        job.images.push(img);
        let s = sentences(&job);
        assert_eq!(s.len(), 4, "{s:?}");
        assert!(s[0].contains("not JPEG, PNG, BMP or WebP"));
        assert!(s[1].contains("has transparency"));
        assert!(s[2].contains("aspect ratio of 10.0:1; wan2.7-image takes at most 8:1"));
        assert!(s[3].contains("26.2 MB; wan2.7-image takes files up to 20 MB"));
    }

    #[test]
    fn image_sets_interleave_and_palette() {
        let mut job = JobSpec::new("wan2.7-image", "four polaroids, one per season");
        job.params.enable_sequential = Some(true);
        job.params.n = Some(12);
        assert!(sentences(&job).is_empty(), "{:?}", sentences(&job));
        job.params.n = Some(13);
        assert!(sentences(&job)[0].contains("image sets on wan2.7-image make 1 to 12"));
        job.params.n = Some(4);
        job.params.color_palette = Some(vec![
            crate::api::job::PaletteColor {
                hex: "#C2D1E6".into(),
                percent: 60.0,
            },
            crate::api::job::PaletteColor {
                hex: "#ffffff".into(),
                percent: 30.0,
            },
            crate::api::job::PaletteColor {
                hex: "red".into(),
                percent: 5.0,
            },
        ]);
        let s = sentences(&job);
        assert!(
            s.iter()
                .any(|s| s.contains("cannot be used with image sets"))
        );
        assert!(s.iter().any(|s| s.contains("\"red\" is not a #RRGGBB")));
        assert!(s.iter().any(|s| s.contains("add up to 95.00%")));

        let mut il = JobSpec::new("wan2.6-image", "a recipe with pictures");
        il.params.enable_interleave = Some(true);
        il.params.n = Some(2);
        il.params.max_images = Some(6);
        il.params.prompt_extend = Some(true);
        let s = sentences(&il);
        assert!(s.iter().any(|s| s.contains("needs n = 1")), "{s:?}");
        assert!(s.iter().any(|s| s.contains("max_images is 6")));
        assert!(s.iter().any(|s| s.contains("prompt_extend works only")));
        assert!(
            s.iter().any(|s| s.contains("switch the call to async")),
            "{s:?}"
        );
        il.params.n = Some(1);
        il.params.max_images = Some(3);
        il.params.prompt_extend = None;
        il.mode = CallMode::Async;
        assert!(sentences(&il).is_empty(), "{:?}", sentences(&il));
    }
}
