//! The prompt panel: instruction, size, count and the model's own options. Which controls are
//! enabled comes from the catalog; a disabled control says why in its tooltip.

use egui::{Color32, RichText};

use crate::api::catalog::{Draft, FieldPlace, ModelSpec};
use crate::api::job::{CallMode, JobParams, RegionOptions, SizeChoice, Tier};

mod region;

/// Editable templates for the seed's categories, as keys of their name and text in the
/// language files (each language has its own wording). They refer to "image N" / "box N" as
/// the service reads them; the user edits the nouns.
pub const PRESETS: &[(&str, &str)] = &[
    ("preset-box-edit-name", "preset-box-edit-text"),
    ("preset-fusion-name", "preset-fusion-text"),
    ("preset-subject-name", "preset-subject-text"),
    ("preset-detection-name", "preset-detection-text"),
    ("preset-segmentation-name", "preset-segmentation-text"),
    ("preset-extract-name", "preset-extract-text"),
    ("preset-watermark-name", "preset-watermark-text"),
    ("preset-text-name", "preset-text-text"),
    ("preset-viewpoint-name", "preset-viewpoint-text"),
    ("preset-fisheye-name", "preset-fisheye-text"),
];

/// What the user has typed and chosen; turned into [`JobParams`] when a job starts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PromptState {
    pub prompt: String,
    pub negative: String,
    /// "1K", "2K", "4K" or "custom".
    pub size: String,
    pub custom_w: u32,
    pub custom_h: u32,
    pub n: u32,
    pub use_seed: bool,
    pub seed: u32,
    pub watermark: bool,
    pub prompt_extend: bool,
    pub run_async: bool,
    /// wan2.7 image set (`enable_sequential`).
    #[serde(default)]
    pub image_set: bool,
    /// wan2.7 `thinking_mode` (text-to-image only).
    #[serde(default = "yes")]
    pub thinking: bool,
    /// wan2.7 `color_palette`, as (#RRGGBB, percent).
    #[serde(default)]
    pub use_palette: bool,
    #[serde(default = "default_palette")]
    pub palette: Vec<(String, f64)>,
    /// wan2.6 mixed text-and-image output (`enable_interleave`) and its `max_images`.
    #[serde(default)]
    pub interleave: bool,
    #[serde(default = "three")]
    pub max_images: u32,
    /// Compositing the results into the target (its `target` is set from the strip).
    #[serde(default)]
    pub region: RegionOptions,
}

fn yes() -> bool {
    true
}
fn three() -> u32 {
    3
}
fn default_palette() -> Vec<(String, f64)> {
    vec![
        ("#C2D1E6".into(), 60.0),
        ("#F2E9DC".into(), 25.0),
        ("#3A4A5C".into(), 15.0),
    ]
}

impl Default for PromptState {
    fn default() -> Self {
        PromptState {
            prompt: String::new(),
            negative: String::new(),
            size: "2K".into(),
            custom_w: 1280,
            custom_h: 1280,
            n: 1,
            use_seed: false,
            seed: 42,
            watermark: false,
            prompt_extend: true,
            run_async: true,
            image_set: false,
            thinking: true,
            use_palette: false,
            palette: default_palette(),
            interleave: false,
            max_images: 3,
            region: RegionOptions::default(),
        }
    }
}

/// What the panel asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptAction {
    None,
    Run,
    CopyCurl,
}

impl PromptState {
    /// The parameters for `model` (only what the model takes is set).
    /// Whether the image-set mode is on (and the model has it).
    pub fn image_set_on(&self, model: &ModelSpec) -> bool {
        self.image_set && model.sequential.is_some()
    }

    pub fn interleave_on(&self, model: &ModelSpec) -> bool {
        self.interleave && model.interleave.is_some()
    }

    /// The job as the catalog's option rules see it.
    pub fn draft(&self, model: &ModelSpec, has_images: bool) -> Draft {
        Draft {
            images: usize::from(has_images),
            image_set: self.image_set_on(model),
            interleave: self.interleave_on(model),
        }
    }

    /// The parameters for `model`: only what the catalog allows for this job is set (see
    /// [`ModelSpec::options`]). `has_images` decides whether thinking mode applies.
    pub fn params(&self, model: &ModelSpec, has_images: bool) -> JobParams {
        let o = model.options(self.draft(model, has_images));
        let size = match self.size.as_str() {
            "1K" => Some(SizeChoice::Tier(Tier::K1)),
            "2K" => Some(SizeChoice::Tier(Tier::K2)),
            "4K" => Some(SizeChoice::Tier(Tier::K4)),
            _ => Some(SizeChoice::Pixels {
                width: self.custom_w,
                height: self.custom_h,
            }),
        };
        let size = size.filter(|s| match s {
            SizeChoice::Tier(t) => model.all_tiers().contains(&t.name()),
            SizeChoice::Pixels { .. } => true,
        });
        JobParams {
            size,
            n: Some(self.n),
            seed: self.use_seed.then_some(self.seed),
            watermark: o.watermark.is_ok().then_some(self.watermark),
            negative_prompt: (o.negative_prompt.is_ok() && !self.negative.trim().is_empty())
                .then(|| self.negative.clone()),
            prompt_extend: o.prompt_extend.is_ok().then_some(self.prompt_extend),
            enable_sequential: (self.image_set && o.image_set.is_ok()).then_some(true),
            thinking_mode: o.thinking.is_ok().then_some(self.thinking),
            color_palette: (self.use_palette && o.palette.is_ok()).then(|| {
                self.palette
                    .iter()
                    .map(|(hex, percent)| crate::api::job::PaletteColor {
                        hex: hex.clone(),
                        percent: *percent,
                    })
                    .collect()
            }),
            enable_interleave: (self.interleave && o.interleave.is_ok()).then_some(true),
            max_images: self.interleave_on(model).then_some(self.max_images),
        }
    }

    /// The panel as it was for `job` (a job reopened from history). What the job does not
    /// say (e.g. thinking mode for an edit) keeps its current value.
    pub fn from_job(&self, job: &crate::api::job::JobSpec) -> PromptState {
        let p = &job.params;
        let mut s = self.clone();
        s.prompt = job.prompt.clone();
        s.negative = p.negative_prompt.clone().unwrap_or_default();
        match p.size {
            Some(SizeChoice::Tier(t)) => s.size = t.name().to_string(),
            Some(SizeChoice::Pixels { width, height }) => {
                s.size = "custom".into();
                s.custom_w = width;
                s.custom_h = height;
            }
            None => {}
        }
        s.n = p.n.unwrap_or(1);
        s.use_seed = p.seed.is_some();
        if let Some(seed) = p.seed {
            s.seed = seed;
        }
        s.watermark = p.watermark.unwrap_or(false);
        if let Some(e) = p.prompt_extend {
            s.prompt_extend = e;
        }
        s.run_async = job.mode == CallMode::Async;
        s.image_set = p.enable_sequential == Some(true);
        if let Some(t) = p.thinking_mode {
            s.thinking = t;
        }
        s.use_palette = p.color_palette.is_some();
        if let Some(colours) = &p.color_palette {
            s.palette = colours.iter().map(|c| (c.hex.clone(), c.percent)).collect();
        }
        s.interleave = p.enable_interleave == Some(true);
        if let Some(m) = p.max_images {
            s.max_images = m;
        }
        // How it composited (the target goes back onto the strip, not here).
        s.region = RegionOptions {
            target: None,
            ..job.region
        };
        s
    }

    pub fn mode(&self, model: &ModelSpec) -> CallMode {
        // The catalog says when a sync call is impossible (async-only models, mixed output).
        if self.run_async || model.options(self.draft(model, false)).sync.is_err() {
            CallMode::Async
        } else {
            CallMode::Sync
        }
    }

    /// Draws the panel. `can_run` is `Err(reason)` when the job cannot start.
    pub fn show(&mut self, ui: &mut egui::Ui, model: &ModelSpec, has_images: bool) {
        ui.heading(crate::t!("prompt-heading"));
        self.preset_ui(ui);
        self.instruction_ui(ui, model);

        ui.add_space(crate::ui::theme::space::TIGHT);
        self.negative_ui(ui, model);

        ui.add_space(crate::ui::theme::space::TIGHT);
        self.params_grid(ui, model, has_images);
        self.model_modes(ui, model, has_images);
        self.switches_ui(ui, model, has_images);

        ui.add_space(crate::ui::theme::space::GROUP);
        self.region_ui(ui, model);
    }

    /// The preset menu: a preset's text is added to the instruction.
    fn preset_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let l = ui.label(crate::t!("prompt-preset"));
            egui::ComboBox::from_id_salt("preset")
                .selected_text(crate::t!("prompt-preset-pick"))
                .show_ui(ui, |ui| {
                    for (name, text) in PRESETS {
                        let text = crate::i18n::text(text, None);
                        if ui
                            .selectable_label(false, crate::i18n::text(name, None))
                            .on_hover_text(&text)
                            .clicked()
                        {
                            if !self.prompt.trim().is_empty() {
                                self.prompt.push('\n');
                            }
                            self.prompt.push_str(&text);
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }

    /// The instruction and its character count (red over the model's limit).
    fn instruction_ui(&mut self, ui: &mut egui::Ui, model: &ModelSpec) {
        let l = ui.label(crate::t!("prompt-instruction"));
        ui.add(
            egui::TextEdit::multiline(&mut self.prompt)
                .hint_text(crate::t!("prompt-instruction-hint"))
                .desired_rows(6)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        let chars = self.prompt.chars().count();
        let over = chars > model.max_prompt_chars;
        ui.label(
            RichText::new(crate::t!(
                "prompt-characters",
                count = chars,
                max = model.max_prompt_chars
            ))
            .small()
            .color(if over {
                crate::ui::theme::error(ui)
            } else {
                ui.visuals().weak_text_color()
            }),
        );
    }

    /// The negative prompt (disabled, saying why, where the model has none) and its count.
    fn negative_ui(&mut self, ui: &mut egui::Ui, model: &ModelSpec) {
        let neg_reason = match model.negative_prompt {
            Some((_, max)) => crate::t!("prompt-negative-hover", max = max),
            None => crate::t!("prompt-negative-none", model = model.id),
        };
        let l = ui.label(crate::t!("prompt-negative"));
        ui.add_enabled(
            model.negative_prompt.is_some(),
            egui::TextEdit::singleline(&mut self.negative).desired_width(f32::INFINITY),
        )
        .labelled_by(l.id)
        .on_hover_text(&neg_reason)
        .on_disabled_hover_text(&neg_reason);
        if let Some((FieldPlace::Input | FieldPlace::Parameters, max)) = model.negative_prompt {
            let n = self.negative.chars().count();
            if n > max {
                ui.label(
                    RichText::new(crate::t!("prompt-characters", count = n, max = max))
                        .small()
                        .color(crate::ui::theme::error(ui)),
                );
            }
        }
    }

    /// The size, the number of results and the seed, in a grid.
    fn params_grid(&mut self, ui: &mut egui::Ui, model: &ModelSpec, has_images: bool) {
        egui::Grid::new("params")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label(crate::t!("prompt-size"));
                // Only what this job may ask for: 4K is not offered where it would be refused.
                let (tiers, default) = model.tiers_for(&self.draft(model, has_images));
                let mut options: Vec<&str> = tiers.clone();
                options.push("custom");
                if !options.contains(&self.size.as_str()) {
                    self.size = default.to_string();
                }
                egui::ComboBox::from_id_salt("size")
                    .selected_text(if self.size == "custom" {
                        "W*H".to_string()
                    } else {
                        self.size.clone()
                    })
                    .show_ui(ui, |ui| {
                        for o in &options {
                            let text = match *o {
                                "custom" => crate::t!("prompt-size-custom"),
                                o => o.to_string(),
                            };
                            let hint = match *o {
                                "4K" => crate::t!("prompt-size-4k-hover"),
                                "custom" => crate::t!("prompt-size-custom-hover"),
                                _ => crate::t!("prompt-size-tier-hover"),
                            };
                            ui.selectable_value(&mut self.size, o.to_string(), text)
                                .on_hover_text(hint);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                if self.size == "custom" {
                    let l = ui.label(crate::t!("prompt-width-height"));
                    ui.horizontal(|ui| {
                        ui.add(egui::DragValue::new(&mut self.custom_w).range(64..=8192))
                            .labelled_by(l.id);
                        ui.label("×");
                        let lh = ui.label(crate::t!("prompt-height"));
                        ui.add(egui::DragValue::new(&mut self.custom_h).range(64..=8192))
                            .labelled_by(lh.id);
                    });
                    ui.end_row();
                }
                let l = ui.label(crate::t!("prompt-n"));
                let n_max = match (
                    model.sequential,
                    self.image_set_on(model),
                    self.interleave_on(model),
                ) {
                    (Some(seq), true, _) => seq.n.max,
                    (_, _, true) => 1,
                    _ => model.n.max,
                };
                self.n = self.n.clamp(1, n_max);
                ui.add(egui::DragValue::new(&mut self.n).range(1..=n_max))
                    .labelled_by(l.id)
                    .on_hover_text(crate::t!("prompt-n-hover"));
                ui.end_row();
                let l = ui.label(crate::t!("prompt-seed"));
                ui.horizontal(|ui| {
                    ui.checkbox(&mut self.use_seed, crate::t!("prompt-seed-fixed"))
                        .labelled_by(l.id);
                    ui.add_enabled(
                        self.use_seed,
                        egui::DragValue::new(&mut self.seed).range(0..=model.seed_max),
                    )
                    .on_hover_text(crate::t!("prompt-seed-hover"));
                });
                ui.end_row();
            });
    }

    /// Watermark, prompt extension and async (the last two disabled with their reason).
    fn switches_ui(&mut self, ui: &mut egui::Ui, model: &ModelSpec, has_images: bool) {
        ui.checkbox(&mut self.watermark, crate::t!("prompt-watermark"));
        let options = model.options(self.draft(model, has_images));
        let extend_reason = match &options.prompt_extend {
            Ok(()) => crate::t!("prompt-extend-hover"),
            Err(why) => why.words(),
        };
        gated_checkbox(
            ui,
            &mut self.prompt_extend,
            options.prompt_extend.is_ok(),
            &crate::t!("prompt-extend"),
            &extend_reason,
        );
        let sync_ok = model.sync_path.is_some();
        let async_reason = if sync_ok {
            crate::t!("prompt-async-hover")
        } else {
            crate::t!("prompt-async-only")
        };
        let mut run_async = self.run_async || !sync_ok;
        ui.add_enabled(
            sync_ok,
            egui::Checkbox::new(&mut run_async, crate::t!("prompt-async")),
        )
        .on_hover_text(&async_reason)
        .on_disabled_hover_text(&async_reason);
        if sync_ok {
            self.run_async = run_async;
        }
    }

    /// Run, Copy request as curl, and why Run cannot run: pinned at the foot of the prompt
    /// panel, so it is on screen however short the window is.
    pub fn run_row(
        &mut self,
        ui: &mut egui::Ui,
        can_run: Result<(), String>,
        building_curl: bool,
        (cost, warning): (Option<&crate::store::prices::Estimate>, Option<&str>),
    ) -> PromptAction {
        let mut action = PromptAction::None;
        // The prompt names an image or a box the job does not have: said before Run.
        if let Some(w) = warning {
            ui.label(RichText::new(w).color(crate::ui::theme::warn(ui)));
        }
        // What Run will bill, before it is pressed: the same prices the batch estimate uses.
        if let Some(e) = cost {
            let short = match e.total() {
                Some(_) => crate::t!(
                    "run-cost",
                    total = e
                        .quote
                        .as_ref()
                        .map(|q| q.cost(e.images))
                        .unwrap_or_default(),
                    images = e.images
                ),
                None => crate::t!("run-cost-unpriced", images = e.images),
            };
            ui.label(RichText::new(short).small())
                .on_hover_text(e.sentence().words());
        }
        ui.add_space(crate::ui::theme::space::TIGHT);
        // Wrapped: in a narrow panel (or a longer language) "Copy request as curl" goes to the
        // next row instead of being cut at the panel's edge.
        ui.horizontal_wrapped(|ui| {
            let enabled = can_run.is_ok();
            let run = ui.add_enabled(
                enabled,
                crate::ui::widgets::with_icon(
                    crate::ui::widgets::icon::RUN,
                    RichText::new(crate::t!("prompt-run")).strong(),
                )
                .min_size(crate::ui::theme::size::RUN_BUTTON),
            );
            let run_label = crate::t!("prompt-run");
            run.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &run_label));
            let run = match &can_run {
                Err(why) => run.on_disabled_hover_text(why),
                Ok(()) => run.on_hover_text(crate::t!(
                    "prompt-run-hover",
                    keys = crate::ui::shortcuts::keys_text(
                        ui.ctx(),
                        crate::ui::shortcuts::Action::Run
                    )
                )),
            };
            if run.clicked() {
                action = PromptAction::Run;
            }
            if building_curl {
                ui.add(egui::Spinner::new());
                ui.label(crate::t!("prompt-building-request"));
            } else if crate::ui::widgets::icon_button(
                ui,
                crate::ui::widgets::icon::CURL,
                crate::t!("prompt-copy-curl"),
                true,
            )
            .on_hover_text(crate::t!("prompt-copy-curl-hover"))
            .clicked()
            {
                action = PromptAction::CopyCurl;
            }
        });
        match can_run {
            Err(why) => {
                ui.label(RichText::new(why).small().color(crate::ui::theme::warn(ui)));
            }
            Ok(()) if action == PromptAction::None && can_run_shortcut(ui) => {
                action = PromptAction::Run
            }
            Ok(()) => {}
        }
        action
    }
}

impl PromptState {
    /// The model's own modes: image sets, thinking, colour palette (wan2.7); mixed text and
    /// images (wan2.6). Shown only for models that have them.
    fn model_modes(&mut self, ui: &mut egui::Ui, model: &ModelSpec, has_images: bool) {
        if let Some(seq) = model.sequential {
            ui.checkbox(
                &mut self.image_set,
                crate::t!("prompt-image-set", max = seq.n.max),
            )
            .on_hover_text(crate::t!("prompt-image-set-hover"));
        }
        if model.thinking_mode {
            let allowed = model.options(self.draft(model, has_images)).thinking;
            let why = match &allowed {
                Ok(()) => crate::t!("prompt-thinking-hover"),
                Err(why) => why.words(),
            };
            gated_checkbox(
                ui,
                &mut self.thinking,
                allowed.is_ok(),
                &crate::t!("prompt-thinking"),
                &why,
            );
        }
        if let Some(range) = model.color_palette {
            let allowed = model.options(self.draft(model, has_images)).palette;
            let applies = allowed.is_ok();
            let why = match &allowed {
                Ok(()) => crate::t!("prompt-palette-hover", min = range.min, max = range.max),
                Err(why) => why.words(),
            };
            gated_checkbox(
                ui,
                &mut self.use_palette,
                applies,
                &crate::t!("prompt-palette"),
                &why,
            );
            if self.use_palette && applies {
                let mut remove = None;
                for (i, (hex, pct)) in self.palette.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        let mut c = parse_hex(hex).unwrap_or(Color32::GRAY);
                        if ui.color_edit_button_srgba(&mut c).changed() {
                            *hex = format!("#{:02X}{:02X}{:02X}", c.r(), c.g(), c.b());
                        }
                        let l = ui.label(crate::t!("prompt-colour", number = i + 1));
                        ui.add(egui::TextEdit::singleline(hex).desired_width(70.0))
                            .labelled_by(l.id);
                        let lp = ui.label(crate::t!("prompt-share"));
                        ui.add(
                            egui::DragValue::new(pct)
                                .range(0.0..=100.0)
                                .speed(0.5)
                                .max_decimals(2),
                        )
                        .labelled_by(lp.id);
                        if ui.small_button(crate::t!("prompt-remove-colour")).clicked() {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    self.palette.remove(i);
                }
                let total: f64 = self.palette.iter().map(|(_, p)| *p).sum();
                ui.horizontal(|ui| {
                    if (self.palette.len() as u32) < range.max
                        && ui.small_button(crate::t!("prompt-add-colour")).clicked()
                    {
                        self.palette.push(("#808080".into(), 0.0));
                    }
                    let ok = (total - 100.0).abs() < 0.005;
                    ui.label(
                        RichText::new(crate::t!(
                            "prompt-palette-total",
                            total = format!("{total:.2}")
                        ))
                        .small()
                        .color(if ok {
                            ui.visuals().weak_text_color()
                        } else {
                            crate::ui::theme::error(ui)
                        }),
                    );
                });
            }
        }
        if let Some(il) = model.interleave {
            ui.checkbox(&mut self.interleave, crate::t!("prompt-interleave"))
                .on_hover_text(crate::t!("prompt-interleave-hover"));
            if self.interleave {
                ui.horizontal(|ui| {
                    let l = ui.label(crate::t!("prompt-max-images"));
                    ui.add(
                        egui::DragValue::new(&mut self.max_images)
                            .range(il.max_images.min..=il.max_images.max),
                    )
                    .labelled_by(l.id);
                });
            }
        }
    }
}

/// A checkbox for an option that applies only sometimes: when it does not, it is disabled and
/// shows unticked (whatever is remembered for other models or modes), and `why` says why.
fn gated_checkbox(ui: &mut egui::Ui, value: &mut bool, applies: bool, label: &str, why: &str) {
    let mut shown = *value && applies;
    ui.add_enabled(applies, egui::Checkbox::new(&mut shown, label))
        .on_hover_text(why)
        .on_disabled_hover_text(why);
    if applies {
        *value = shown;
    }
}

#[expect(
    clippy::disallowed_methods,
    reason = "a colour the user typed into the palette: data, not a theme colour"
)]
fn parse_hex(hex: &str) -> Option<Color32> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(Color32::from_rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

fn can_run_shortcut(ui: &egui::Ui) -> bool {
    ui.input(|i| crate::ui::shortcuts::pressed(i, crate::ui::shortcuts::Action::Run))
        .is_some()
}

#[cfg(test)]
#[path = "prompt_tests.rs"]
mod tests;
