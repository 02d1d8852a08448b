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

use crate::ui::pictures::{PictureId, Textures};

use crate::api::recipe::Recipe;
use crate::jobs::batch::Manifest;
use crate::jobs::post::Post;
use crate::store::ledger::Total;
use crate::store::prices::{Estimate, UserPrice};
use crate::store::recipes::SavedRecipe;
use crate::ui::theme;

mod plan;
mod progress;
mod sheet;

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
    /// Files whose thumbnail arrived: `true` when it is in the window's textures.
    thumbs: HashMap<PathBuf, bool>,
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

    fn thumb(&mut self, path: &Path, pictures: &Textures) -> Option<TextureHandle> {
        if let Some(made) = self.thumbs.get(path) {
            return made
                .then(|| pictures.get(PictureId::batch_thumb(path)))
                .flatten();
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
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &BatchView,
        pictures: &mut Textures,
    ) -> Option<BatchAction> {
        for (path, img) in std::mem::take(&mut self.arrived) {
            self.pending.remove(&path);
            let made = img.is_some();
            if let Some(i) = img {
                let image = crate::ui::widgets::color_image(&i);
                let id = PictureId::batch_thumb(&path);
                pictures.put(ui.ctx(), id, image, TextureOptions::LINEAR);
            }
            self.thumbs.insert(path, made);
        }
        let mut action = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some((day, month)) = &self.billed {
                    let nothing = || crate::t!("billed-nothing");
                    let b = crate::t!(
                        "billed-today-month",
                        day = day.as_ref().map_or_else(nothing, |t| t.sentence().words()),
                        month = month
                            .as_ref()
                            .map_or_else(nothing, |t| t.sentence().words())
                    );
                    ui.label(RichText::new(crate::t!("batch-billed", billed = b)).small());
                }
                ui.heading(crate::t!("batch-plan"));
                self.plan_ui(ui, view, &mut action);
                ui.separator();
                self.batches_ui(ui, view, pictures, &mut action);
            });
        action
    }

    fn plan_ui(&mut self, ui: &mut egui::Ui, view: &BatchView, action: &mut Option<BatchAction>) {
        self.recipe_ui(ui, view, action);
        self.files_ui(ui, action);
        let (estimate, ready) = self.target_ui(ui, view);
        self.start_ui(ui, view, estimate.as_ref(), ready, action);
    }

    fn batches_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &BatchView,
        pictures: &Textures,
        action: &mut Option<BatchAction>,
    ) {
        if self.batches.is_empty() {
            ui.label(RichText::new(crate::t!("batch-none-yet")).color(theme::muted(ui)));
            return;
        }
        if self.batches.len() > 1 {
            self.batch_choice_ui(ui);
        }
        let Some(out) = self.shown.clone() else {
            return;
        };
        let Some(m) = self.manifest(&out).cloned() else {
            return;
        };
        let running = view.running.contains(&out);
        let (failed, unsure) = self.progress_ui(ui, &out, &m, running);
        self.batch_buttons_ui(ui, &out, &m, running, (failed, unsure), action);
        if failed + unsure > 0 {
            progress::why_ui(ui, &m, failed, unsure);
        }
        ui.separator();
        self.sheet_ui(ui, (&out, &m), pictures, action);
    }
}

/// "42 s", "3 min", "1 h 5 min".
fn duration(secs: u64) -> String {
    crate::jobs::duration_text(secs).words()
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

#[cfg(test)]
mod panel_tests;
