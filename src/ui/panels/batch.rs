//! The Batch tab: a recipe (the current job's, or a saved one) over many files. The plan (the
//! recipe, the files, where the results go, the estimate and an optional spend cap), a
//! confirmation before anything is sent, then progress with an ETA and a contact sheet of the
//! batch (input and result side by side, status, what changed outside the boxes), accept or
//! reject per item, export of the accepted ones, and a retry of the failed ones that says it
//! bills again. Thumbnails are decoded on the runtime; this module only draws and returns what
//! the user asked for.

use crate::jobs::door::Door;
use crate::jobs::work::pictures::PictureCommand;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use egui::{RichText, TextureHandle, TextureOptions};

use crate::api::recipe::Recipe;
use crate::jobs::batch::{ItemStatus, Manifest};
use crate::jobs::post::Post;
use crate::store::ledger::Total;
use crate::store::prices::{Estimate, UserPrice, region_key};
use crate::store::recipes::SavedRecipe;
use crate::ui::theme;
use crate::ui::widgets::{icon, icon_button, labelled};

mod sheet;

use sheet::status_words;

/// Thumbnails of the contact sheet: at most this many pixels on their longer side.
const THUMB: u32 = 150;

/// What the user asked the Batch tab for.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchAction {
    /// The recipe from the job composed in the window.
    UseCurrentJob,
    /// Save the plan's recipe among the saved ones.
    SaveRecipe,
    AddFiles,
    AddFolder,
    /// Start the batch planned (after the confirmation).
    Start,
    Pause(PathBuf),
    Resume(PathBuf),
    /// Accept (`Some(true)`), reject (`Some(false)`) or undecide item `index` of a batch.
    Review {
        out: PathBuf,
        index: usize,
        verdict: Option<bool>,
    },
    ExportAccepted(PathBuf),
    /// Failed items (and, with `unsure`, those that may have run) sent again.
    Retry {
        out: PathBuf,
        unsure: bool,
    },
    OpenFolder(PathBuf),
    /// Show an item's job (its history id) large in Compare: its input before, its result after.
    Compare(String),
}

/// What the tab shows about the world outside it.
pub struct BatchView<'a> {
    pub base_url: &'a str,
    /// Why the current job cannot become a recipe, if it cannot.
    pub current_job_problem: Option<String>,
    /// Folders whose batch runs now.
    pub running: &'a HashSet<PathBuf>,
}

/// The tab's state.
pub struct BatchPanel {
    pub recipe: Option<Recipe>,
    /// Where the recipe came from, for its line: a saved recipe's name, or `None` for the
    /// current job (put into words when drawn, in the language of the moment).
    pub recipe_from: Option<String>,
    pub files: Vec<PathBuf>,
    pub out_dir: String,
    /// The spend cap as typed (empty: none).
    pub cap: String,
    /// The confirmation is open.
    pub confirming: bool,
    /// Batches of this session and those found unfinished, by folder.
    pub batches: Vec<(PathBuf, Manifest)>,
    /// Batches another live wanedit runs (the sentence saying so), by folder: shown as such,
    /// taken over here when that process ends.
    pub elsewhere: std::collections::HashMap<PathBuf, String>,
    /// The batch the sheet shows.
    pub shown: Option<PathBuf>,
    pub recipes: Vec<SavedRecipe>,
    pub user_prices: Vec<UserPrice>,
    /// "today …; this month …" from the ledger.
    /// What the ledger says was billed today and this month (`None`: nothing), put into
    /// words when drawn (in the language of the moment).
    pub billed: Option<(Option<Total>, Option<Total>)>,
    /// When each batch (re)started and how many of its items had ended then (for the ETA).
    started: HashMap<PathBuf, (Instant, usize)>,
    thumbs: HashMap<PathBuf, Option<TextureHandle>>,
    pending: HashSet<PathBuf>,
    arrived: Vec<(PathBuf, Option<image::RgbaImage>)>,
    door: Door,
    post: Post<(PathBuf, Option<image::RgbaImage>)>,
}

impl BatchPanel {
    pub fn new(door: Door, post: Post<(PathBuf, Option<image::RgbaImage>)>) -> Self {
        BatchPanel {
            recipe: None,
            recipe_from: None,
            files: Vec::new(),
            out_dir: String::new(),
            cap: String::new(),
            confirming: false,
            batches: Vec::new(),
            elsewhere: Default::default(),
            shown: None,
            recipes: Vec::new(),
            user_prices: Vec::new(),
            billed: None,
            started: HashMap::new(),
            thumbs: HashMap::new(),
            pending: HashSet::new(),
            arrived: Vec::new(),
            door,
            post,
        }
    }

    /// A thumbnail decoded on the runtime.
    pub fn receive_thumb(&mut self, path: PathBuf, img: Option<image::RgbaImage>) {
        self.arrived.push((path, img));
    }

    /// The batch in `out`, as it is now (added when new).
    pub fn manifest_mut(&mut self, out: &Path) -> Option<&mut Manifest> {
        self.batches
            .iter_mut()
            .find(|(p, _)| p == out)
            .map(|(_, m)| m)
    }

    pub fn manifest(&self, out: &Path) -> Option<&Manifest> {
        self.batches.iter().find(|(p, _)| p == out).map(|(_, m)| m)
    }

    /// A batch as its folder says now (read again while the tab is shown): replaced in place,
    /// or added; shown only when no batch is.
    pub fn seen(&mut self, out: PathBuf, m: Manifest) {
        match self.manifest_mut(&out) {
            Some(old) => *old = m,
            None => self.batches.push((out.clone(), m)),
        }
        if self.shown.is_none() {
            self.shown = Some(out);
        }
    }

    /// Puts (or replaces) the batch in `out`, shows it, and notes when it started for the ETA.
    pub fn track(&mut self, out: PathBuf, m: Manifest, starting: bool) {
        if starting {
            let ended = m.items.iter().filter(|i| i.status.ended()).count();
            self.started.insert(out.clone(), (Instant::now(), ended));
        }
        match self.manifest_mut(&out) {
            Some(old) => *old = m,
            None => self.batches.push((out.clone(), m)),
        }
        self.shown = Some(out);
    }

    /// The price per image for the plan's recipe where requests go.
    fn estimate(&self, base_url: &str) -> Option<Estimate> {
        let r = self.recipe.as_ref()?;
        Some(Estimate::with(
            &r.model,
            base_url,
            self.files.len(),
            r.params.n.unwrap_or(1),
            &self.user_prices,
        ))
    }

    /// The cap as a number, or why it is not one.
    pub fn cap_value(&self) -> Result<Option<f64>, String> {
        let t = self.cap.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0)
            .map(Some)
            .ok_or_else(|| crate::t!("batch-cap-not-amount", cap = t))
    }

    fn thumb(&mut self, path: &Path) -> Option<TextureHandle> {
        if let Some(t) = self.thumbs.get(path) {
            return t.clone();
        }
        if self.pending.insert(path.to_path_buf()) {
            let p = path.to_path_buf();
            self.door.send(PictureCommand::Thumbnail {
                path: p.clone(),
                side: THUMB,
                sizes_of: Vec::new(),
                reply: self.post.map(move |(img, _)| (p.clone(), img)),
            });
        }
        None
    }

    /// Draws the tab.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &BatchView) -> Option<BatchAction> {
        for (path, img) in std::mem::take(&mut self.arrived) {
            self.pending.remove(&path);
            let tex = img.map(|i| {
                ui.ctx().load_texture(
                    format!("batch-{}", path.display()),
                    crate::ui::widgets::color_image(&i),
                    TextureOptions::LINEAR,
                )
            });
            self.thumbs.insert(path, tex);
        }
        let mut action = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some((day, month)) = &self.billed {
                    let nothing = || crate::t!("billed-nothing");
                    let b = crate::t!(
                        "billed-today-month",
                        day = day.as_ref().map_or_else(nothing, Total::sentence),
                        month = month.as_ref().map_or_else(nothing, Total::sentence)
                    );
                    ui.label(RichText::new(crate::t!("batch-billed", billed = b)).small());
                }
                ui.heading(crate::t!("batch-plan"));
                self.plan_ui(ui, view, &mut action);
                ui.separator();
                self.batches_ui(ui, view, &mut action);
            });
        action
    }

    fn plan_ui(&mut self, ui: &mut egui::Ui, view: &BatchView, action: &mut Option<BatchAction>) {
        ui.horizontal_wrapped(|ui| {
            let ok = view.current_job_problem.is_none();
            let r = icon_button(ui, icon::CANVAS, crate::t!("batch-use-current"), ok);
            let r = match &view.current_job_problem {
                Some(why) => r.on_disabled_hover_text(why.as_str()),
                None => r.on_hover_text(crate::t!("batch-use-current-hover")),
            };
            if r.clicked() {
                *action = Some(BatchAction::UseCurrentJob);
            }
            if icon_button(
                ui,
                icon::SAVE_RECIPE,
                crate::t!("prompt-save-recipe"),
                self.recipe.is_some(),
            )
            .on_hover_text(crate::t!("batch-save-recipe-hover"))
            .clicked()
            {
                *action = Some(BatchAction::SaveRecipe);
            }
            let label = ui.label(crate::t!("batch-recipes"));
            let mut chosen = None;
            egui::ComboBox::from_id_salt("recipes")
                .selected_text(if self.recipes.is_empty() {
                    crate::t!("batch-none-saved")
                } else {
                    crate::t!("batch-saved", count = self.recipes.len())
                })
                .show_ui(ui, |ui| {
                    for (k, r) in self.recipes.iter().enumerate() {
                        if ui.selectable_label(false, &r.name).clicked() {
                            chosen = Some(k);
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if let Some(k) = chosen {
                let r = &self.recipes[k];
                self.recipe = Some(r.recipe.clone());
                self.recipe_from = Some(r.name.clone());
            }
        });
        match &self.recipe {
            Some(r) => {
                let from = match &self.recipe_from {
                    Some(name) => crate::t!("batch-recipe-named", name = name.as_str()),
                    None => crate::t!("batch-recipe-current-job"),
                };
                ui.label(crate::t!(
                    "batch-recipe-line",
                    from = from,
                    model = r.model.as_str(),
                    prompt = r.prompt.as_str(),
                    boxes = r.boxes.len(),
                    n = r.params.n.unwrap_or(1),
                    mode = match r.mode {
                        crate::api::job::CallMode::Async => crate::t!("batch-async"),
                        crate::api::job::CallMode::Sync => crate::t!("batch-sync"),
                    }
                ));
            }
            None => {
                ui.label(RichText::new(crate::t!("batch-no-recipe")).color(theme::muted(ui)));
            }
        }
        ui.horizontal_wrapped(|ui| {
            if icon_button(ui, icon::ADD_IMAGES, crate::t!("batch-add-files"), true).clicked() {
                *action = Some(BatchAction::AddFiles);
            }
            if icon_button(ui, icon::FOLDER, crate::t!("batch-add-folder"), true).clicked() {
                *action = Some(BatchAction::AddFolder);
            }
            if labelled(
                ui,
                crate::t!("batch-clear"),
                crate::t!("batch-clear-files"),
                !self.files.is_empty(),
            )
            .clicked()
            {
                self.files.clear();
                self.confirming = false;
            }
            ui.label(crate::t!("batch-files", count = self.files.len()));
            if self.files.is_empty() {
                ui.label(
                    RichText::new(crate::t!("batch-drop-here"))
                        .small()
                        .color(theme::muted(ui)),
                );
            }
        });
        if !self.files.is_empty() {
            let names: Vec<String> = self
                .files
                .iter()
                .take(8)
                .map(|f| {
                    f.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                })
                .collect();
            let more = self.files.len().saturating_sub(8);
            ui.label(
                RichText::new(if more > 0 {
                    crate::t!("batch-and-more", names = names.join(", "), more = more)
                } else {
                    names.join(", ")
                })
                .small()
                .color(theme::muted(ui)),
            );
        }
        ui.horizontal(|ui| {
            let l = ui.label(crate::t!("batch-results-into"));
            ui.add(egui::TextEdit::singleline(&mut self.out_dir).desired_width(420.0))
                .labelled_by(l.id);
        });
        let estimate = self.estimate(view.base_url);
        let currency = estimate
            .as_ref()
            .and_then(|e| e.quote.as_ref().map(|q| q.currency.clone()));
        ui.horizontal(|ui| {
            let l = ui.label(crate::t!("batch-spend-cap"));
            ui.add(
                egui::TextEdit::singleline(&mut self.cap)
                    .desired_width(80.0)
                    .hint_text(crate::t!("batch-cap-none")),
            )
            .labelled_by(l.id)
            .on_hover_text(crate::t!("batch-spend-cap-hover"));
            ui.label(currency.clone().unwrap_or_default());
        });
        if let Some(e) = &estimate
            && !self.files.is_empty()
        {
            ui.label(RichText::new(crate::t!("batch-estimate", estimate = e.sentence())).small());
        }
        let cap = self.cap_value();
        if let Err(why) = &cap {
            ui.label(RichText::new(why).small().color(theme::error(ui)));
        }
        let cap_without_price =
            matches!(cap, Ok(Some(_))) && estimate.as_ref().is_some_and(|e| e.quote.is_none());
        if cap_without_price {
            ui.label(
                RichText::new(crate::t!("batch-cap-needs-price"))
                    .small()
                    .color(theme::error(ui)),
            );
        }
        let ready = self.recipe.is_some()
            && !self.files.is_empty()
            && !self.out_dir.trim().is_empty()
            && cap.is_ok()
            && !cap_without_price;
        if !self.confirming {
            let label = crate::t!("batch-start-files", count = self.files.len());
            if icon_button(ui, icon::RUN, &label, ready).clicked() {
                self.confirming = true;
            }
        } else {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                let cost = estimate.as_ref().map(|e| e.sentence()).unwrap_or_default();
                ui.label(
                    RichText::new(crate::t!(
                        "batch-confirm",
                        count = self.files.len(),
                        region = crate::ui::panels::settings::region_key_label(region_key(
                            view.base_url
                        )),
                    ))
                    .strong(),
                );
                ui.label(cost);
                ui.horizontal(|ui| {
                    if icon_button(ui, icon::RUN, crate::t!("batch-start"), ready).clicked() {
                        self.confirming = false;
                        *action = Some(BatchAction::Start);
                    }
                    if labelled(
                        ui,
                        crate::t!("batch-cancel"),
                        crate::t!("batch-do-not-start"),
                        true,
                    )
                    .clicked()
                    {
                        self.confirming = false;
                    }
                });
            });
        }
    }

    fn batches_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &BatchView,
        action: &mut Option<BatchAction>,
    ) {
        if self.batches.is_empty() {
            ui.label(RichText::new(crate::t!("batch-none-yet")).color(theme::muted(ui)));
            return;
        }
        if self.batches.len() > 1 {
            ui.horizontal_wrapped(|ui| {
                ui.label(crate::t!("batch-batches"));
                for (out, m) in &self.batches {
                    let name = out
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| out.display().to_string());
                    let done = m.count(ItemStatus::Done);
                    let selected = self.shown.as_deref() == Some(out.as_path());
                    if ui
                        .selectable_label(selected, format!("{name} ({done}/{})", m.items.len()))
                        .clicked()
                    {
                        self.shown = Some(out.clone());
                    }
                }
            });
        }
        let Some(out) = self.shown.clone() else {
            return;
        };
        let Some(m) = self.manifest(&out).cloned() else {
            return;
        };
        let running = view.running.contains(&out);
        let total = m.items.len();
        let ended = m.items.iter().filter(|i| i.status.ended()).count();
        let (done, failed, unsure) = (
            m.count(ItemStatus::Done),
            m.count(ItemStatus::Failed),
            m.count(ItemStatus::MayHaveRun),
        );
        let under_way = m.count(ItemStatus::Running);
        ui.heading(crate::t!("batch-in", folder = out.display().to_string()));
        let eta = self.started.get(&out).and_then(|(t, at)| {
            let since = ended.saturating_sub(*at);
            (running && since > 0 && ended < total).then(|| {
                let per = t.elapsed().as_secs_f64() / since as f64;
                (per * (total - ended) as f64).round() as u64
            })
        });
        let mut line = crate::t!(
            "batch-progress",
            ended = ended,
            total = total,
            done = done,
            running = under_way,
            failed = failed
        );
        if unsure > 0 {
            line.push_str(&crate::t!("batch-progress-unsure", count = unsure));
        }
        if let Some(s) = eta {
            line.push_str(&crate::t!("batch-progress-left", time = duration(s)));
        }
        ui.add(
            egui::ProgressBar::new(if total == 0 {
                0.0
            } else {
                ended as f32 / total as f32
            })
            .text(line.clone()),
        )
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, &line));
        ui.label(crate::t!("batch-images-billed", count = m.billed()));
        if let Some(s) = self.elsewhere.get(&out) {
            ui.label(RichText::new(s).color(theme::warn(ui)));
        }
        if let Some(s) = &m.stopped {
            ui.label(RichText::new(s).color(theme::warn(ui)));
        }
        ui.horizontal_wrapped(|ui| {
            if running && self.elsewhere.contains_key(&out) {
                // Another wanedit runs it: this window can only stop following it.
                if icon_button(ui, icon::PAUSE, crate::t!("batch-stop-watching"), true)
                    .on_hover_text(crate::t!("batch-stop-watching-hover"))
                    .clicked()
                {
                    *action = Some(BatchAction::Pause(out.clone()));
                }
            } else if running {
                if icon_button(ui, icon::PAUSE, crate::t!("batch-pause"), true)
                    .on_hover_text(crate::t!("batch-pause-hover"))
                    .clicked()
                {
                    *action = Some(BatchAction::Pause(out.clone()));
                }
            } else if m.unfinished()
                && icon_button(ui, icon::RUN, crate::t!("batch-resume"), true)
                    .on_hover_text(crate::t!("batch-resume-hover"))
                    .clicked()
            {
                *action = Some(BatchAction::Resume(out.clone()));
            }
            let accepted = m.items.iter().filter(|i| i.accepted == Some(true)).count();
            if icon_button(
                ui,
                icon::DOWNLOAD,
                crate::t!("batch-export", count = accepted),
                accepted > 0,
            )
            .on_hover_text(crate::t!("batch-export-hover"))
            .clicked()
            {
                *action = Some(BatchAction::ExportAccepted(out.clone()));
            }
            if failed > 0
                && icon_button(
                    ui,
                    icon::RETRY,
                    crate::t!("batch-retry", count = failed),
                    !running,
                )
                .on_hover_text(crate::t!("batch-retry-hover"))
                .clicked()
            {
                *action = Some(BatchAction::Retry {
                    out: out.clone(),
                    unsure: false,
                });
            }
            if unsure > 0
                && icon_button(
                    ui,
                    icon::RETRY,
                    crate::t!("batch-send-unsure", count = unsure),
                    !running,
                )
                .on_hover_text(crate::t!("batch-send-unsure-hover"))
                .clicked()
            {
                *action = Some(BatchAction::Retry {
                    out: out.clone(),
                    unsure: true,
                });
            }
            if labelled(
                ui,
                crate::t!("history-open-folder"),
                crate::t!("batch-open-folder"),
                true,
            )
            .clicked()
            {
                *action = Some(BatchAction::OpenFolder(out.clone()));
            }
        });
        if failed + unsure > 0 {
            egui::CollapsingHeader::new(crate::t!("batch-why", count = failed + unsure))
                .id_salt("batch-why")
                .default_open(true)
                .show(ui, |ui| {
                    for (k, it) in m.items.iter().enumerate() {
                        if !matches!(it.status, ItemStatus::Failed | ItemStatus::MayHaveRun) {
                            continue;
                        }
                        let name = it
                            .input
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        ui.label(format!(
                            "{}. {name} ({}): {}",
                            k + 1,
                            status_words(it.status),
                            it.sentence
                                .clone()
                                .unwrap_or_else(|| crate::t!("batch-no-reason"))
                        ));
                    }
                });
        }
        ui.separator();
        self.sheet_ui(ui, &out, &m, action);
    }
}

/// "42 s", "3 min", "1 h 5 min".
fn duration(secs: u64) -> String {
    crate::jobs::duration_text(secs)
}

#[cfg(test)]
mod tests {
    use super::duration;
    use crate::i18n::{Lang, set_for_this_thread};

    #[test]
    fn a_time_left_is_said_in_the_windows_language() {
        set_for_this_thread(Some(Lang::En));
        assert_eq!(
            [duration(42), duration(150), duration(3900)],
            ["42 s", "3 min", "1 h 5 min"]
        );
        set_for_this_thread(Some(Lang::Ja));
        assert_eq!(
            [duration(42), duration(150), duration(3900)],
            ["42 秒", "3 分", "1 時間 5 分"]
        );
        set_for_this_thread(Some(Lang::ZhCn));
        assert_eq!(
            [duration(42), duration(150), duration(3900)],
            ["42 秒", "3 分钟", "1 小时 5 分钟"]
        );
        set_for_this_thread(None);
    }
}
