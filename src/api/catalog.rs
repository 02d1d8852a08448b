//! The model catalog: one table of data for every supported Wan image model.
//!
//! Validation, request building, the command line and the window's controls all read this table;
//! nothing else in the crate branches on a model name. Figures and their sources are in
//! `shared/spec/wan-image-api.md` (§1–§5); the section is named beside each row.

use serde::{Deserialize, Serialize};

use crate::i18n::Said;

/// How a model's body is shaped (§2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `input.messages[0].content = [{text}, {image}...]` (wan2.7, wan2.6).
    Messages,
    /// `input.prompt` + `input.images` (wan2.5).
    PromptImages,
}

/// Where a model takes `negative_prompt` (§2.2, §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldPlace {
    Input,
    Parameters,
}

/// An image file format the service accepts (§3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InputFormat {
    Jpeg,
    Png,
    Bmp,
    Webp,
}

impl InputFormat {
    pub fn mime(self) -> &'static str {
        match self {
            InputFormat::Jpeg => "image/jpeg",
            InputFormat::Png => "image/png",
            InputFormat::Bmp => "image/bmp",
            InputFormat::Webp => "image/webp",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Jpeg => "JPEG",
            InputFormat::Png => "PNG",
            InputFormat::Bmp => "BMP",
            InputFormat::Webp => "WebP",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            InputFormat::Jpeg => "jpg",
            InputFormat::Png => "png",
            InputFormat::Bmp => "bmp",
            InputFormat::Webp => "webp",
        }
    }
}

/// The output-size mode a job falls in, which decides the size rule (§5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeMode {
    /// No input image and not an image set (wan2.7): the only mode with 4K on -pro.
    TextToImage,
    /// Any image-editing or image-set call.
    Edit,
    /// wan2.6 mixed text-and-image output.
    Interleave,
}

/// One output-size rule: allowed tier names and the range for the `W*H` form.
#[derive(Debug, Clone, Copy)]
pub struct SizeRule {
    pub modes: &'static [SizeMode],
    /// Tier names (`1K`, `2K`, `4K`) allowed in this mode; empty = only `W*H`.
    pub tiers: &'static [&'static str],
    pub min_pixels: u64,
    pub max_pixels: u64,
    /// Longest side over shortest side, e.g. 8.0 for 1:8…8:1.
    pub max_aspect: f64,
    /// What the service picks when `size` is absent (for display only; we always may omit it).
    pub default: &'static str,
}

/// Counts and flags that depend on whether an option is on; see [`ModelSpec`].
#[derive(Debug, Clone, Copy)]
pub struct CountRange {
    pub min: u32,
    pub max: u32,
}

impl CountRange {
    pub const fn new(min: u32, max: u32) -> Self {
        CountRange { min, max }
    }
    pub fn contains(&self, v: u32) -> bool {
        (self.min..=self.max).contains(&v)
    }
}

/// wan2.7's image-set mode (`enable_sequential`, §2.1).
#[derive(Debug, Clone, Copy)]
pub struct SequentialSpec {
    pub n: CountRange,
}

/// wan2.6's mixed text-and-image mode (`enable_interleave`, §2.2).
#[derive(Debug, Clone, Copy)]
pub struct InterleaveSpec {
    pub images: CountRange,
    /// n must be exactly this in interleave mode.
    pub n: u32,
    pub max_images: CountRange,
}

/// Everything wanedit knows about one model.
#[derive(Debug)]
pub struct ModelSpec {
    pub id: &'static str,
    /// A short human description for pickers and help.
    pub blurb: &'static str,
    pub protocol: Protocol,
    /// Sync path under the base URL; `None` = HTTP is async only (wan2.5).
    pub sync_path: Option<&'static str>,
    pub async_path: &'static str,
    /// Input image count in the default (edit) mode.
    pub images: CountRange,
    pub formats: &'static [InputFormat],
    /// Whether a PNG with an alpha channel is refused (§3: "PNG (no alpha)").
    pub alpha_refused: bool,
    pub min_side: u32,
    pub max_side: u32,
    pub max_file_bytes: u64,
    /// Longest/shortest side of an input; `None` = unrestricted.
    pub max_input_aspect: Option<f64>,
    pub max_prompt_chars: usize,
    /// `None` = not supported.
    pub negative_prompt: Option<(FieldPlace, usize)>,
    pub prompt_extend: bool,
    pub size_rules: &'static [SizeRule],
    /// Boxes per image for `bbox_list`; `None` = not supported.
    pub max_boxes_per_image: Option<usize>,
    pub n: CountRange,
    pub seed_max: u32,
    pub watermark: bool,
    pub sequential: Option<SequentialSpec>,
    /// `thinking_mode` (wan2.7): only effective with no image and no image set.
    pub thinking_mode: bool,
    /// `color_palette` (wan2.7): 3–10 entries, not with image sets.
    pub color_palette: Option<CountRange>,
    pub interleave: Option<InterleaveSpec>,
    /// What one generated image costs, by region (the service bills per image, §11). Prices
    /// change and differ by region: each says where it was read and when, and the user's own
    /// figures (Settings → Prices, `prices.json` in the data folder) win over these.
    pub prices: &'static [Price],
}

/// One model's price per generated image in one region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price {
    /// Alibaba Cloud's region id (`ap-southeast-1`), as in [`crate::api::region::REGIONS`].
    pub region: &'static str,
    pub per_image: f64,
    /// ISO 4217: `USD`, `CNY`.
    pub currency: &'static str,
    /// Where the figure was read.
    pub source: &'static str,
    /// The day it was read (YYYY-MM-DD).
    pub checked: &'static str,
}

// The official "Model list and prices" page could not be reached from where this table was
// written (no internet beyond package registries); these figures are from public third-party
// listings that quote Model Studio's list prices, and say so. UNCONFIRMED: check them against
// the console and correct them in Settings → Prices. Models without a figure here show
// "price unknown" until the user enters one; no figure is guessed.
const THIRD_PARTY_SG_27: &str = "third-party listing of Model Studio's Singapore prices, docs.empiriolabs.ai/models/wan2-7-image (unconfirmed: check Model Studio's Model list and prices)";
const THIRD_PARTY_CN_27: &str = "third-party listing of Model Studio's Beijing prices, gccai.heqingsong.uk/en/api-reference/images/wan2.7-image/generation (unconfirmed: check Model Studio's Model list and prices)";
const CHECKED: &str = "2026-12-03";

/// The docs' "20 MB" / "10 MB": whether the service means 10^6 or 2^20 is unconfirmed, so
/// the smaller, decimal reading is used (a file between the two is re-encoded, never refused).
pub const MB: u64 = 1_000_000;

const SYNC_MULTIMODAL: &str = "/services/aigc/multimodal-generation/generation";
const ASYNC_IMAGE_GENERATION: &str = "/services/aigc/image-generation/generation";
const ASYNC_IMAGE_SYNTHESIS: &str = "/services/aigc/image2image/image-synthesis";

const ALL_FORMATS: &[InputFormat] = &[
    InputFormat::Jpeg,
    InputFormat::Png,
    InputFormat::Bmp,
    InputFormat::Webp,
];

const fn sq(side: u64) -> u64 {
    side * side
}

/// The job being composed, as far as the rules between options go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Draft {
    /// Input images.
    pub images: usize,
    pub image_set: bool,
    pub interleave: bool,
}

impl Draft {
    /// Which output-size rule applies (§5), as [`super::job::JobSpec::size_mode`] says it.
    pub fn size_mode(&self) -> SizeMode {
        if self.interleave {
            SizeMode::Interleave
        } else if self.images == 0 && !self.image_set {
            SizeMode::TextToImage
        } else {
            SizeMode::Edit
        }
    }
}

/// An option's state for a draft: usable, or the sentence that says why not.
pub type Allowed = Result<(), Said>;

/// Every option whose availability depends on the model or on other options (see
/// [`ModelSpec::options`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub image_set: Allowed,
    pub interleave: Allowed,
    pub thinking: Allowed,
    pub palette: Allowed,
    pub prompt_extend: Allowed,
    pub negative_prompt: Allowed,
    pub watermark: Allowed,
    pub boxes: Allowed,
    /// A sync call (otherwise the job must run as an async task).
    pub sync: Allowed,
}

/// The catalog (§1–§5). Order is the order of the model picker.
pub static MODELS: &[ModelSpec] = &[
    ModelSpec {
        id: "wan2.7-image-pro",
        blurb: "Wan 2.7 Pro: best quality, 4K text-to-image, up to 9 inputs, boxes",
        protocol: Protocol::Messages,
        sync_path: Some(SYNC_MULTIMODAL),
        async_path: ASYNC_IMAGE_GENERATION,
        images: CountRange::new(0, 9),
        formats: ALL_FORMATS,
        alpha_refused: true,
        min_side: 240,
        max_side: 8000,
        max_file_bytes: 20 * MB,
        max_input_aspect: Some(8.0),
        max_prompt_chars: 5000,
        negative_prompt: None,
        prompt_extend: false,
        size_rules: &[
            SizeRule {
                modes: &[SizeMode::TextToImage],
                tiers: &["1K", "2K", "4K"],
                min_pixels: sq(768),
                max_pixels: sq(4096),
                max_aspect: 8.0,
                default: "2K",
            },
            SizeRule {
                modes: &[SizeMode::Edit],
                tiers: &["1K", "2K"],
                min_pixels: sq(768),
                max_pixels: sq(2048),
                max_aspect: 8.0,
                default: "2K",
            },
        ],
        max_boxes_per_image: Some(2),
        n: CountRange::new(1, 4),
        seed_max: 2_147_483_647,
        watermark: true,
        sequential: Some(SequentialSpec {
            n: CountRange::new(1, 12),
        }),
        thinking_mode: true,
        color_palette: Some(CountRange::new(3, 10)),
        interleave: None,
        prices: &[
            Price {
                region: "ap-southeast-1",
                per_image: 0.075,
                currency: "USD",
                source: THIRD_PARTY_SG_27,
                checked: CHECKED,
            },
            Price {
                region: "cn-beijing",
                per_image: 0.50,
                currency: "CNY",
                source: THIRD_PARTY_CN_27,
                checked: CHECKED,
            },
        ],
    },
    ModelSpec {
        id: "wan2.7-image",
        blurb: "Wan 2.7: fast, up to 9 inputs, boxes",
        protocol: Protocol::Messages,
        sync_path: Some(SYNC_MULTIMODAL),
        async_path: ASYNC_IMAGE_GENERATION,
        images: CountRange::new(0, 9),
        formats: ALL_FORMATS,
        alpha_refused: true,
        min_side: 240,
        max_side: 8000,
        max_file_bytes: 20 * MB,
        max_input_aspect: Some(8.0),
        max_prompt_chars: 5000,
        negative_prompt: None,
        prompt_extend: false,
        size_rules: &[SizeRule {
            modes: &[SizeMode::TextToImage, SizeMode::Edit],
            tiers: &["1K", "2K"],
            min_pixels: sq(768),
            max_pixels: sq(2048),
            max_aspect: 8.0,
            default: "2K",
        }],
        max_boxes_per_image: Some(2),
        n: CountRange::new(1, 4),
        seed_max: 2_147_483_647,
        watermark: true,
        sequential: Some(SequentialSpec {
            n: CountRange::new(1, 12),
        }),
        thinking_mode: true,
        color_palette: Some(CountRange::new(3, 10)),
        interleave: None,
        prices: &[
            Price {
                region: "ap-southeast-1",
                per_image: 0.030,
                currency: "USD",
                source: THIRD_PARTY_SG_27,
                checked: CHECKED,
            },
            Price {
                region: "cn-beijing",
                per_image: 0.20,
                currency: "CNY",
                source: THIRD_PARTY_CN_27,
                checked: CHECKED,
            },
        ],
    },
    ModelSpec {
        id: "wan2.6-image",
        blurb: "Wan 2.6: 1–4 inputs, negative prompt, mixed text-and-image mode",
        protocol: Protocol::Messages,
        sync_path: Some(SYNC_MULTIMODAL),
        async_path: ASYNC_IMAGE_GENERATION,
        images: CountRange::new(1, 4),
        formats: ALL_FORMATS,
        alpha_refused: true,
        min_side: 240,
        max_side: 8000,
        max_file_bytes: 10 * MB,
        max_input_aspect: None,
        max_prompt_chars: 2000,
        negative_prompt: Some((FieldPlace::Parameters, 500)),
        prompt_extend: true,
        size_rules: &[
            SizeRule {
                modes: &[SizeMode::Edit],
                tiers: &["1K", "2K"],
                min_pixels: sq(768),
                max_pixels: sq(2048),
                max_aspect: 4.0,
                default: "1K",
            },
            SizeRule {
                modes: &[SizeMode::Interleave],
                tiers: &[],
                min_pixels: sq(768),
                max_pixels: sq(1280),
                max_aspect: 4.0,
                default: "ratio of the input",
            },
        ],
        max_boxes_per_image: None,
        n: CountRange::new(1, 4),
        seed_max: 2_147_483_647,
        watermark: true,
        sequential: None,
        thinking_mode: false,
        color_palette: None,
        interleave: Some(InterleaveSpec {
            images: CountRange::new(0, 1),
            n: 1,
            max_images: CountRange::new(1, 5),
        }),
        prices: &[],
    },
    ModelSpec {
        id: "wan2.5-i2i-preview",
        blurb: "Wan 2.5 preview: 1–3 inputs, negative prompt (async only)",
        protocol: Protocol::PromptImages,
        sync_path: None,
        async_path: ASYNC_IMAGE_SYNTHESIS,
        images: CountRange::new(1, 3),
        formats: ALL_FORMATS,
        // [seed] says "no alpha", [D25] says alpha is ignored: refusing is the safe reading.
        alpha_refused: true,
        min_side: 384,
        max_side: 5000,
        max_file_bytes: 10 * MB,
        max_input_aspect: Some(4.0),
        max_prompt_chars: 2000,
        negative_prompt: Some((FieldPlace::Input, 500)),
        prompt_extend: true,
        size_rules: &[SizeRule {
            modes: &[SizeMode::Edit],
            tiers: &[],
            min_pixels: sq(768),
            max_pixels: sq(1280),
            max_aspect: 4.0,
            default: "1280*1280 total, ratio of the last input",
        }],
        max_boxes_per_image: None,
        n: CountRange::new(1, 4),
        seed_max: 2_147_483_647,
        watermark: true,
        sequential: None,
        thinking_mode: false,
        color_palette: None,
        interleave: None,
        prices: &[],
    },
];

impl ModelSpec {
    /// Looks a model up by its id as the service spells it.
    pub fn find(id: &str) -> Option<&'static ModelSpec> {
        MODELS.iter().find(|m| m.id == id)
    }

    /// All model ids, for messages and pickers.
    pub fn ids() -> Vec<&'static str> {
        MODELS.iter().map(|m| m.id).collect()
    }

    pub fn supports_boxes(&self) -> bool {
        self.max_boxes_per_image.is_some()
    }

    /// The size rule for a mode; `None` if the model has no such mode.
    pub fn size_rule(&self, mode: SizeMode) -> Option<&'static SizeRule> {
        self.size_rules.iter().find(|r| r.modes.contains(&mode))
    }

    /// The tiers this draft may ask for, and the one to pick by default (4K only where the
    /// model makes it: wan2.7-image-pro text-to-image). Every tier when no rule applies.
    pub fn tiers_for(&self, draft: &Draft) -> (Vec<&'static str>, &'static str) {
        match self.size_rule(draft.size_mode()) {
            Some(r) => (r.tiers.to_vec(), r.default),
            None => {
                let all = self.all_tiers();
                let first = all.first().copied().unwrap_or("");
                (all, first)
            }
        }
    }

    /// Every tier name the model knows in any mode, in order (for pickers).
    pub fn all_tiers(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for rule in self.size_rules {
            for t in rule.tiers {
                if !out.contains(t) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// The most input images any model takes in any mode (the window's strip holds this many).
    pub fn most_inputs() -> usize {
        MODELS
            .iter()
            .map(|m| m.images.max.max(m.interleave.map_or(0, |i| i.images.max)))
            .max()
            .unwrap_or(1) as usize
    }

    /// The most boxes per image any model takes (0 when none does).
    pub fn most_boxes() -> usize {
        MODELS
            .iter()
            .filter_map(|m| m.max_boxes_per_image)
            .max()
            .unwrap_or(0)
    }

    /// Which of the options that depend on each other (and on the model) the job being
    /// composed may use, each with the sentence saying why not. Validation, the prompt panel
    /// and the command line all read this; nothing else combines these rules.
    pub fn options(&self, draft: Draft) -> Options {
        let only = |pred: fn(&ModelSpec) -> bool| {
            let ids: Vec<&str> = MODELS.iter().filter(|m| pred(m)).map(|m| m.id).collect();
            only_these(&ids)
        };
        let image_set_on = draft.image_set && self.sequential.is_some();
        let interleave_on = draft.interleave && self.interleave.is_some();
        Options {
            image_set: match self.sequential {
                None => Err(crate::said!(
                    "option-no-image-set",
                    model = self.id,
                    only = only(|m| m.sequential.is_some())
                )),
                Some(_) => Ok(()),
            },
            interleave: match self.interleave {
                None => Err(crate::said!(
                    "option-no-interleave",
                    model = self.id,
                    only = only(|m| m.interleave.is_some())
                )),
                Some(_) => Ok(()),
            },
            thinking: if !self.thinking_mode {
                Err(crate::said!(
                    "option-no-thinking",
                    model = self.id,
                    only = only(|m| m.thinking_mode)
                ))
            } else if draft.images > 0 {
                Err(crate::said!("option-thinking-with-images"))
            } else if image_set_on {
                Err(crate::said!("option-thinking-with-sets"))
            } else {
                Ok(())
            },
            palette: if self.color_palette.is_none() {
                Err(crate::said!(
                    "option-no-palette",
                    model = self.id,
                    only = only(|m| m.color_palette.is_some())
                ))
            } else if image_set_on {
                Err(crate::said!("option-palette-with-sets"))
            } else {
                Ok(())
            },
            prompt_extend: if !self.prompt_extend {
                Err(crate::said!("option-no-prompt-extend", model = self.id))
            } else if interleave_on {
                Err(crate::said!(
                    "option-prompt-extend-with-interleave",
                    model = self.id
                ))
            } else {
                Ok(())
            },
            negative_prompt: match self.negative_prompt {
                None => Err(crate::said!("refuse-no-negative", model = self.id)),
                Some(_) => Ok(()),
            },
            watermark: if self.watermark {
                Ok(())
            } else {
                Err(crate::said!("option-no-watermark", model = self.id))
            },
            boxes: match self.boxes_unsupported_reason() {
                Some(why) => Err(why),
                None => Ok(()),
            },
            sync: if self.sync_path.is_none() {
                Err(crate::said!("option-async-only", model = self.id))
            } else if interleave_on {
                Err(crate::said!(
                    "option-interleave-async-only",
                    model = self.id
                ))
            } else {
                Ok(())
            },
        }
    }

    /// Why boxes are unavailable, for tooltips and messages.
    pub fn boxes_unsupported_reason(&self) -> Option<Said> {
        (!self.supports_boxes()).then(|| {
            let with: Vec<&str> = MODELS
                .iter()
                .filter(|m| m.supports_boxes())
                .map(|m| m.id)
                .collect();
            crate::said!("option-no-boxes", model = self.id, only = only_these(&with))
        })
    }
}

/// "only wan2.7-image-pro and wan2.7-image do", as words to say.
fn only_these(ids: &[&str]) -> Said {
    match ids {
        [] => Said::Plain(String::new()),
        [one] => crate::said!("option-only-one", model = *one),
        [rest @ .., last] => {
            crate::said!("option-only-many", models = rest.join(", "), last = *last)
        }
    }
}

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
