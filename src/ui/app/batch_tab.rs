//! The Batch tab's glue: what its actions do (through the engine and the runtime), what the
//! engine's batch news change, "Save as recipe", and Settings → Prices.

use super::{Inbound, WanEditApp};
use crate::api::client::Client;
use crate::api::recipe::Recipe;
use crate::jobs::LocalImages;
use crate::jobs::batch::{self, Manifest};
use crate::jobs::engine::JobCommand;
use crate::jobs::engine::{BatchNews, BatchStart};
use crate::jobs::work::files::{FilesCommand, Question};
use crate::jobs::work::library::LibraryCommand;
use crate::store::prices::{self, UserPrice};
use crate::store::recipes::suggested_name;
use crate::ui::panels::batch::{BatchAction, BatchView};
use crate::ui::theme;
use egui::RichText;
use std::path::PathBuf;

/// How often the Batch tab, while shown, reads the batch folders again.
const BATCHES_READ_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

impl WanEditApp {
    /// Recipes, prices and the ledger read once at start (on the runtime).
    pub(super) fn look_at_batches_once(&mut self) {
        if self.library.batches_looked {
            return;
        }
        self.library.batches_looked = true;
        self.reload_recipes();
        self.reload_prices();
        self.reload_billed();
        self.read_batch_folders();
    }

    /// Reads every batch folder the data folder notes (on the runtime) for the Batch tab.
    fn read_batch_folders(&mut self) {
        self.library.batches_reading = true;
        self.library.batches_read_at = Some(std::time::Instant::now());
        self.door.send(LibraryCommand::ListBatches {
            listed: self.post.map(Inbound::Batches),
        });
    }

    /// Whether this window runs (or waits to take over) the batch in `out`.
    pub fn batch_running(&self, out: &std::path::Path) -> bool {
        self.library.batches_here.contains(out)
    }

    fn reload_recipes(&self) {
        self.door.send(LibraryCommand::ListRecipes {
            listed: self.post.map(Inbound::Recipes),
        });
    }

    fn reload_prices(&self) {
        self.door.send(LibraryCommand::ListPrices {
            listed: self.post.map(Inbound::Prices),
        });
    }

    pub(super) fn reload_billed(&self) {
        // Put into words on the UI thread, in the window's language.
        self.door.send(LibraryCommand::Billed {
            reply: self.post.map(|(day, month)| Inbound::Billed(day, month)),
        });
    }

    /// Why the current job cannot be a recipe, if it cannot.
    pub fn recipe_problem(&self) -> Option<String> {
        match self.compose.inputs.slots.len() {
            0 => Some(crate::t!("recipe-needs-photo")),
            1 if self.compose.inputs.slots[0].ready().is_none() => Some(crate::t!("recipe-wait")),
            1 => None,
            k => Some(crate::t!("recipe-one-photo", count = k)),
        }
    }

    /// The current job as a recipe.
    pub fn current_recipe(&self) -> Result<Recipe, String> {
        if let Some(why) = self.recipe_problem() {
            return Err(why);
        }
        let ready = self.compose.inputs.slots[0]
            .ready()
            .ok_or_else(|| crate::t!("batch-image-1-not-loaded"))?;
        Recipe::from_job(&self.draft(), 0, (ready.facts.width, ready.facts.height))
            .map_err(|e| e.words())
    }

    /// "Save as recipe": the current job, under the start of its prompt (on the runtime).
    pub fn save_current_as_recipe(&mut self) {
        match self.current_recipe() {
            Ok(r) => {
                self.library.batch.recipe = Some(r.clone());
                self.library.batch.recipe_from = None;
                self.save_recipe(r);
            }
            Err(e) => self.problem(e),
        }
    }

    fn save_recipe(&self, r: Recipe) {
        self.door.send(LibraryCommand::SaveRecipe {
            name: suggested_name(&r),
            recipe: Box::new(r),
            said: self.post.map(Inbound::Saved),
            listed: self.post.map(Inbound::Recipes),
        });
    }

    pub(super) fn batch_files(&mut self, r: Result<Vec<PathBuf>, String>) {
        self.dialog_open = false;
        match r {
            Ok(files) => {
                for f in files {
                    if !self.library.batch.files.contains(&f) {
                        self.library.batch.files.push(f);
                    }
                }
                self.library.batch.confirming = false;
            }
            Err(e) => self.problem(e),
        }
    }

    fn pick_batch_files(&mut self, folder: bool) {
        if self.dialog_open {
            return;
        }
        self.dialog_open = true;
        let question = match folder {
            true => Question::Folder(crate::t!("batch-pick-folder-title")),
            false => super::files::images_question(),
        };
        self.door.send(FilesCommand::AskBatchFiles {
            question,
            reply: self.post.map(Inbound::BatchFiles),
        });
    }

    /// Adds files (or the images of folders) to the batch plan, read on the runtime: what
    /// Add files… does once the dialog answers.
    pub fn add_batch_files(&mut self, files: Vec<PathBuf>) {
        self.door.send(LibraryCommand::ExpandInputs {
            paths: files,
            reply: self.post.map(Inbound::BatchFiles),
        });
    }

    fn client_for(&self, base: &str) -> Result<Client, String> {
        let (key, _) = self
            .effective_key()
            .ok_or_else(|| crate::t!("batch-no-key"))?;
        Ok(Client::new(base, key, self.session.timing.clone()))
    }

    /// Starts the batch planned in the tab.
    pub fn start_planned_batch(&mut self) -> Result<(), String> {
        let recipe = self
            .library
            .batch
            .recipe
            .clone()
            .ok_or_else(|| crate::t!("batch-choose-recipe"))?;
        if self.library.batch.files.is_empty() {
            return Err(crate::t!("batch-add-files-first"));
        }
        let out = PathBuf::from(self.library.batch.out_dir.trim());
        if out.as_os_str().is_empty() {
            return Err(crate::t!("batch-choose-out"));
        }
        let cap = self.library.batch.cap_value()?;
        let base = self.session.base_url()?;
        let client = self.client_for(&base)?;
        let mut m = Manifest::new(recipe, std::mem::take(&mut self.library.batch.files), &base);
        m.cap = cap;
        self.run_tracked(client, m.clone(), BatchStart::New(Box::new(m)), out);
        // The next batch gets a folder of its own.
        self.library.batch.out_dir.clear();
        self.say(crate::said!("batch-started"));
        Ok(())
    }

    fn resume_batch(&mut self, out: PathBuf, retry: Option<bool>) -> Result<(), String> {
        let m = self
            .library
            .batch
            .manifest(&out)
            .cloned()
            .ok_or_else(|| crate::t!("batch-not-listed"))?;
        let base = if m.base_url.is_empty() {
            self.session.base_url()?
        } else {
            m.base_url.clone()
        };
        let client = self.client_for(&base)?;
        self.run_tracked(client, m, BatchStart::Resume { retry }, out);
        Ok(())
    }

    /// Shows the batch in the tab and runs it at the documented limits (once this window owns
    /// it: the manifest shown is read again then).
    fn run_tracked(&mut self, client: Client, m: Manifest, start: BatchStart, out: PathBuf) {
        self.library.batch.track(out.clone(), m, true);
        if self.library.batches_here.insert(out.clone()) {
            self.door.send(JobCommand::StartBatch {
                client,
                start,
                out,
                limits: crate::jobs::pace::Limits::default(),
                local: LocalImages::Auto,
            });
        }
    }

    pub(super) fn on_batch_news(&mut self, news: BatchNews) {
        match news {
            BatchNews::Item { out, index, item } => {
                if let Some(m) = self.library.batch.manifest_mut(&out)
                    && let Some(it) = m.items.get_mut(index)
                {
                    *it = *item;
                }
            }
            BatchNews::Ended { out, manifest } => {
                let m = *manifest;
                let done = m.count(batch::ItemStatus::Done);
                let sentence = crate::t!(
                    "batch-ended",
                    folder = out.display().to_string(),
                    done = done,
                    items = m.items.len(),
                    billed = m.billed(),
                    stopped = m
                        .stopped
                        .as_ref()
                        .map(|s| crate::t!("batch-ended-stopped", why = s.clone()))
                        .unwrap_or_default()
                );
                self.library.batch.track(out, m, false);
                self.say(sentence);
                self.library.history.refresh();
                self.reload_billed();
            }
            BatchNews::Elsewhere {
                out,
                sentence,
                manifest,
            } => {
                if let Some(m) = manifest {
                    match self.library.batch.manifest_mut(&out) {
                        Some(old) => *old = *m,
                        None => self.library.batch.track(out.clone(), *m, false),
                    }
                }
                let sentence = sentence.words();
                if self
                    .library
                    .batch
                    .elsewhere
                    .insert(out, sentence.clone())
                    .is_none()
                {
                    self.say(sentence);
                }
            }
            BatchNews::TakenOver { out } => {
                self.library.batch.elsewhere.remove(&out);
                self.say(crate::said!(
                    "batch-taken-over",
                    folder = out.display().to_string()
                ));
            }
            BatchNews::StoppedWatching { out } => {
                // What the tab shows is from then on: said beside it, not only once.
                let said = crate::t!("batch-wait-stopped", folder = out.display().to_string());
                self.library.batch.elsewhere.insert(out, said.clone());
                self.say(said);
            }
            BatchNews::Refused { out, sentence } => {
                self.library.batch.elsewhere.remove(&out);
                self.problem(sentence.words());
            }
            BatchNews::Unfinished(list) => {
                for (out, m) in list {
                    // A batch the user paused, or one stopped by a quota or the cap, waits for
                    // Resume; one a kill interrupted goes on by itself.
                    // One this window stopped following (it runs in another wanedit) waits
                    // for Resume too.
                    let go_on =
                        m.stopped.is_none() && !self.library.batch.elsewhere.contains_key(&out);
                    self.library.batch.track(out.clone(), m, false);
                    if go_on {
                        match self.resume_batch(out.clone(), None) {
                            Ok(()) => self.say(crate::said!(
                                "batch-resuming-left",
                                folder = out.display().to_string()
                            )),
                            Err(e) => self.problem(e),
                        }
                    }
                }
            }
        }
    }

    fn review(&mut self, out: &std::path::Path, index: usize, verdict: Option<bool>) {
        // Another wanedit runs it and writes its manifest: a review here would be lost.
        if let Some(why) = self.library.batch.elsewhere.get(out) {
            let why = crate::t!("batch-review-elsewhere", why = why.as_str());
            self.problem(why);
            return;
        }
        let Some(m) = self.library.batch.manifest_mut(out) else {
            return;
        };
        if let Some(it) = m.items.get_mut(index) {
            it.accepted = verdict;
        }
        // A running batch writes its manifest itself (and keeps the review with its items);
        // an ended one is written here, on the runtime.
        if !self.library.batches_here.contains(out) {
            self.door.send(LibraryCommand::SaveReview {
                out: out.to_path_buf(),
                manifest: Box::new(m.clone()),
                failed: self.post.map(|e| Inbound::Saved(Err(e))),
            });
        }
    }

    fn export_accepted(&mut self, out: PathBuf) {
        let Some(m) = self.library.batch.manifest(&out).cloned() else {
            return;
        };
        let files: Vec<PathBuf> = m
            .items
            .iter()
            .filter(|i| i.accepted == Some(true))
            .flat_map(|i| i.outputs.iter().cloned())
            .collect();
        self.door.send(FilesCommand::ExportTo {
            files,
            out,
            title: crate::t!("batch-export-title"),
            said: self.post.map(Inbound::Saved),
        });
    }

    /// The Batch tab.
    pub(super) fn batch_ui(&mut self, ui: &mut egui::Ui) {
        // While the tab is shown, the folders are read again every few seconds.
        if self
            .library
            .batches_due(std::time::Instant::now(), BATCHES_READ_EVERY)
        {
            self.read_batch_folders();
        }
        ui.ctx().request_repaint_after(BATCHES_READ_EVERY);
        if self.library.batch.out_dir.is_empty() {
            let secs = crate::store::history::now_ms() / 1000;
            let t = secs % 86_400;
            let day = prices::day_of(secs * 1000).replace('-', "");
            self.library.batch.out_dir = self
                .session
                .settings
                .out_dir
                .join(format!(
                    "batch-{day}-{:02}{:02}{:02}",
                    t / 3600,
                    (t / 60) % 60,
                    t % 60
                ))
                .display()
                .to_string();
        }
        let base = self.session.base_url().unwrap_or_default();
        let running: std::collections::HashSet<PathBuf> = self
            .library
            .batch
            .batches
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| self.library.batches_here.contains(p))
            .collect();
        let view = BatchView {
            base_url: &base,
            current_job_problem: self.recipe_problem(),
            running: &running,
        };
        if !running.is_empty() {
            // The ETA and elapsed time move between items' news.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
        let Some(action) = self.library.batch.show(ui, &view, &mut self.pictures) else {
            return;
        };
        let r = match action {
            BatchAction::UseCurrentJob => self.current_recipe().map(|r| {
                self.library.batch.recipe = Some(r);
                self.library.batch.recipe_from = None;
            }),
            BatchAction::SaveRecipe => {
                if let Some(r) = self.library.batch.recipe.clone() {
                    self.save_recipe(r);
                }
                Ok(())
            }
            BatchAction::AddFiles => {
                self.pick_batch_files(false);
                Ok(())
            }
            BatchAction::AddFolder => {
                self.pick_batch_files(true);
                Ok(())
            }
            BatchAction::Start => self.start_planned_batch(),
            BatchAction::Pause(out) => {
                self.door.send(JobCommand::PauseBatch(out));
                self.say(crate::said!("batch-pausing"));
                Ok(())
            }
            BatchAction::Resume(out) => self.resume_batch(out, None),
            BatchAction::Review {
                out,
                index,
                verdict,
            } => {
                self.review(&out, index, verdict);
                Ok(())
            }
            BatchAction::ExportAccepted(out) => {
                self.export_accepted(out);
                Ok(())
            }
            BatchAction::Retry { out, unsure } => {
                let k = self
                    .library
                    .batch
                    .manifest_mut(&out)
                    .map(|m| m.retry(unsure))
                    .unwrap_or(0);
                self.say(crate::said!("batch-sending-again", count = k));
                self.resume_batch(out, Some(unsure))
            }
            BatchAction::Compare(id) => self.show_recorded(&id),
            BatchAction::OpenFolder(dir) => {
                self.open_folder(dir);
                Ok(())
            }
        };
        if let Err(e) = r {
            self.problem(e);
        }
    }

    /// Settings → Prices: the price per image for the model and region in use, where it comes
    /// from, and the user's own figure.
    pub(super) fn prices_ui(&mut self, ui: &mut egui::Ui) {
        let base = self.session.base_url().unwrap_or_default();
        let region = prices::region_key(&base);
        let model = self.compose.model.id;
        egui::CollapsingHeader::new(crate::t!("prices-heading"))
            .id_salt("prices")
            .show(ui, |ui| {
                let quote = prices::quote_in(&self.library.batch.user_prices, model, region);
                let place = crate::ui::panels::settings::region_key_label(region);
                match &quote {
                    Some(q) => {
                        ui.label(crate::t!(
                            "prices-per-image",
                            model = model,
                            place = place,
                            price = prices::money(q.per_image, &q.currency)
                        ));
                        ui.label(
                            RichText::new(format!("{}, {}", q.source, q.checked))
                                .small()
                                .color(theme::muted(ui)),
                        );
                    }
                    None => {
                        ui.label(crate::t!("prices-unknown", model = model, place = place));
                    }
                }
                ui.horizontal(|ui| {
                    let l = ui.label(crate::t!("prices-yours"));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.library.price_field.0)
                            .desired_width(60.0)
                            .hint_text("0.03"),
                    )
                    .labelled_by(l.id);
                    let l = ui.label(crate::t!("prices-currency"));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.library.price_field.1)
                            .desired_width(40.0)
                            .hint_text(if region == crate::api::token_plan::REGION {
                                crate::api::token_plan::CURRENCY
                            } else {
                                "USD"
                            }),
                    )
                    .labelled_by(l.id);
                });
                ui.horizontal(|ui| {
                    if crate::ui::widgets::labelled(
                        ui,
                        crate::t!("prices-set"),
                        crate::t!("prices-set-yours"),
                        true,
                    )
                    .clicked()
                    {
                        match self.library.price_field.0.trim().parse::<f64>() {
                            Ok(v) if v.is_finite() && v >= 0.0 => {
                                let currency = match self.library.price_field.1.trim() {
                                    // Token Plan bills in Credits, whatever is typed.
                                    _ if region == crate::api::token_plan::REGION => {
                                        crate::api::token_plan::CURRENCY.into()
                                    }
                                    "" => quote
                                        .as_ref()
                                        .map(|q| q.currency.clone())
                                        .unwrap_or_else(|| "USD".into()),
                                    c => c.to_ascii_uppercase(),
                                };
                                self.write_price(
                                    Some(UserPrice {
                                        model: model.into(),
                                        region: region.into(),
                                        per_image: v,
                                        currency,
                                        set_ms: crate::store::history::now_ms(),
                                    }),
                                    model,
                                    region,
                                );
                            }
                            _ => self.problem(crate::said!(
                                "prices-not-a-price",
                                typed = self.library.price_field.0.trim()
                            )),
                        }
                    }
                    let own = quote.as_ref().is_some_and(|q| q.by_user);
                    if crate::ui::widgets::labelled(
                        ui,
                        crate::t!("prices-use-wanedits"),
                        crate::t!("prices-remove-yours"),
                        own,
                    )
                    .clicked()
                    {
                        self.write_price(None, model, region);
                    }
                });
            });
    }

    fn write_price(&self, p: Option<UserPrice>, model: &str, region: &str) {
        self.door.send(LibraryCommand::WritePrice {
            price: p,
            model: model.to_string(),
            region: region.to_string(),
            said: self.post.map(Inbound::Saved),
            listed: self.post.map(Inbound::Prices),
        });
    }
}
