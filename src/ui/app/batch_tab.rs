//! The Batch tab's glue: what its actions do (through the engine and the runtime), what the
//! engine's batch news change, "Save as recipe", and Settings → Prices.

use super::files::open_folder;
use super::{Inbound, WanEditApp};
use crate::api::client::Client;
use crate::api::recipe::Recipe;
use crate::jobs::LocalImages;
use crate::jobs::batch::{self, Manifest};
use crate::jobs::engine::{BatchNews, BatchStart};
use crate::store::prices::{self, UserPrice};
use crate::store::recipes::{Recipes, suggested_name};
use crate::ui::dialogs::Picked;
use crate::ui::panels::batch::{BatchAction, BatchView};
use crate::ui::theme;
use egui::RichText;
use std::path::PathBuf;

/// How often the Batch tab, while shown, reads the batch folders again.
const BATCHES_READ_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

impl WanEditApp {
    /// Recipes, prices and the ledger read once at start (on the runtime).
    pub(super) fn look_at_batches_once(&mut self) {
        if self.batches_looked {
            return;
        }
        self.batches_looked = true;
        self.reload_recipes();
        self.reload_prices();
        self.reload_billed();
        self.read_batch_folders();
    }

    /// Reads every batch folder the data folder notes (on the runtime) for the Batch tab.
    fn read_batch_folders(&mut self) {
        self.batches_reading = true;
        self.batches_read_at = Some(std::time::Instant::now());
        let (post, rec) = (self.post.clone(), self.engine.recorder().clone());
        self.runtime.spawn_blocking(move || {
            let list = batch::Batches::of(&rec)
                .folders()
                .into_iter()
                .filter_map(|p| Manifest::load(&p).ok().map(|m| (p, m)))
                .collect();
            post.send(Inbound::Batches(list));
        });
    }

    /// Whether this window runs (or waits to take over) the batch in `out`.
    pub fn batch_running(&self, out: &std::path::Path) -> bool {
        self.engine.batch_running(out)
    }

    fn reload_recipes(&self) {
        let (post, data) = (self.post.clone(), self.data_dir.clone());
        self.runtime.spawn_blocking(move || {
            post.send(Inbound::Recipes(Recipes::in_data_dir(&data).list()));
        });
    }

    fn reload_prices(&self) {
        let (post, prices) = (self.post.clone(), self.engine.recorder().prices.clone());
        self.runtime
            .spawn_blocking(move || post.send(Inbound::Prices(prices.load())));
    }

    pub(super) fn reload_billed(&self) {
        let (post, ledger) = (self.post.clone(), self.engine.recorder().ledger.clone());
        self.runtime.spawn_blocking(move || {
            let today = prices::day_of(crate::store::history::now_ms());
            let day = ledger
                .by_day()
                .into_iter()
                .find(|(d, _)| *d == today)
                .map(|(_, t)| t);
            let month = ledger
                .by_month()
                .into_iter()
                .find(|(m, _)| today.starts_with(m.as_str()))
                .map(|(_, t)| t);
            // Put into words on the UI thread, in the window's language.
            post.send(Inbound::Billed(day, month));
        });
    }

    /// Why the current job cannot be a recipe, if it cannot.
    pub fn recipe_problem(&self) -> Option<String> {
        match self.inputs.slots.len() {
            0 => Some(crate::t!("recipe-needs-photo")),
            1 if self.inputs.slots[0].ready().is_none() => Some(crate::t!("recipe-wait")),
            1 => None,
            k => Some(crate::t!("recipe-one-photo", count = k)),
        }
    }

    /// The current job as a recipe.
    pub fn current_recipe(&self) -> Result<Recipe, String> {
        if let Some(why) = self.recipe_problem() {
            return Err(why);
        }
        let ready = self.inputs.slots[0]
            .ready()
            .ok_or_else(|| crate::t!("batch-image-1-not-loaded"))?;
        Recipe::from_job(
            &self.current_job(),
            0,
            (ready.facts.width, ready.facts.height),
        )
    }

    /// "Save as recipe": the current job, under the start of its prompt (on the runtime).
    pub fn save_current_as_recipe(&mut self) {
        match self.current_recipe() {
            Ok(r) => {
                self.batch.recipe = Some(r.clone());
                self.batch.recipe_from = None;
                self.save_recipe(r);
            }
            Err(e) => self.problem(e),
        }
    }

    fn save_recipe(&self, r: Recipe) {
        let (post, data) = (self.post.clone(), self.data_dir.clone());
        self.runtime.spawn_blocking(move || {
            let recipes = Recipes::in_data_dir(&data);
            let said = recipes
                .save(&suggested_name(&r), &r)
                .map(|p| format!("recipe saved as {}", p.display()));
            post.send(Inbound::Recipes(recipes.list()));
            post.send(Inbound::Saved(said));
        });
    }

    pub(super) fn batch_files(&mut self, r: Result<Vec<PathBuf>, String>) {
        self.dialog_open = false;
        match r {
            Ok(files) => {
                for f in files {
                    if !self.batch.files.contains(&f) {
                        self.batch.files.push(f);
                    }
                }
                self.batch.confirming = false;
            }
            Err(e) => self.problem(e),
        }
    }

    fn pick_batch_files(&mut self, folder: bool) {
        if self.dialog_open {
            return;
        }
        self.dialog_open = true;
        let answer = if folder {
            self.dialogs
                .pick_folder(crate::t!("batch-pick-folder-title"))
        } else {
            self.dialogs.pick_images()
        };
        let post = self.post.clone();
        self.runtime.spawn(async move {
            let r = match answer.await {
                Picked::Chosen(paths) => {
                    tokio::task::spawn_blocking(move || batch::expand_inputs(&paths))
                        .await
                        .unwrap_or_else(|e| Err(e.to_string()))
                }
                Picked::Cancelled => Ok(Vec::new()),
                Picked::Failed(why) => Err(format!(
                    "{why}: drop the files or their folder on the Batch tab instead"
                )),
            };
            post.send(Inbound::BatchFiles(r));
        });
    }

    /// Adds files (or the images of folders) to the batch plan, read on the runtime: what
    /// Add files… does once the dialog answers.
    pub fn add_batch_files(&mut self, files: Vec<PathBuf>) {
        let post = self.post.clone();
        self.runtime.spawn_blocking(move || {
            post.send(Inbound::BatchFiles(batch::expand_inputs(&files)));
        });
    }

    fn client_for(&self, base: &str) -> Result<Client, String> {
        let (key, _) = self
            .effective_key()
            .ok_or_else(|| crate::t!("batch-no-key"))?;
        Ok(Client::new(base, key, self.timing.clone()))
    }

    /// Starts the batch planned in the tab.
    pub fn start_planned_batch(&mut self) -> Result<(), String> {
        let recipe = self
            .batch
            .recipe
            .clone()
            .ok_or_else(|| crate::t!("batch-choose-recipe"))?;
        if self.batch.files.is_empty() {
            return Err(crate::t!("batch-add-files-first"));
        }
        let out = PathBuf::from(self.batch.out_dir.trim());
        if out.as_os_str().is_empty() {
            return Err(crate::t!("batch-choose-out"));
        }
        let cap = self.batch.cap_value()?;
        let base = self.settings.endpoint.base_url()?;
        let client = self.client_for(&base)?;
        let mut m = Manifest::new(recipe, std::mem::take(&mut self.batch.files), &base);
        m.cap = cap;
        self.run_tracked(client, m.clone(), BatchStart::New(Box::new(m)), out);
        // The next batch gets a folder of its own.
        self.batch.out_dir.clear();
        self.say(crate::t!("batch-started"));
        Ok(())
    }

    fn resume_batch(&mut self, out: PathBuf, retry: Option<bool>) -> Result<(), String> {
        let m = self
            .batch
            .manifest(&out)
            .cloned()
            .ok_or_else(|| crate::t!("batch-not-listed"))?;
        let base = if m.base_url.is_empty() {
            self.settings.endpoint.base_url()?
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
        self.batch.track(out.clone(), m, true);
        self.engine.start_batch(
            client,
            start,
            out,
            crate::jobs::pace::Limits::default(),
            LocalImages::Auto,
        );
    }

    pub(super) fn on_batch_news(&mut self, news: BatchNews) {
        match news {
            BatchNews::Item { out, index, item } => {
                if let Some(m) = self.batch.manifest_mut(&out)
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
                        .as_deref()
                        .map(|s| crate::t!("batch-ended-stopped", why = s))
                        .unwrap_or_default()
                );
                self.batch.track(out, m, false);
                self.say(sentence);
                self.history.refresh();
                self.reload_billed();
            }
            BatchNews::Elsewhere {
                out,
                sentence,
                manifest,
            } => {
                if let Some(m) = manifest {
                    match self.batch.manifest_mut(&out) {
                        Some(old) => *old = *m,
                        None => self.batch.track(out.clone(), *m, false),
                    }
                }
                if self.batch.elsewhere.insert(out, sentence.clone()).is_none() {
                    self.say(sentence);
                }
            }
            BatchNews::TakenOver { out } => {
                self.batch.elsewhere.remove(&out);
                self.say(crate::t!(
                    "batch-taken-over",
                    folder = out.display().to_string()
                ));
            }
            BatchNews::StoppedWatching { out } => {
                // What the tab shows is from then on: said beside it, not only once.
                let said = crate::t!("batch-wait-stopped", folder = out.display().to_string());
                self.batch.elsewhere.insert(out, said.clone());
                self.say(said);
            }
            BatchNews::Refused { out, sentence } => {
                self.batch.elsewhere.remove(&out);
                self.problem(sentence);
            }
            BatchNews::Unfinished(list) => {
                for (out, m) in list {
                    // A batch the user paused, or one stopped by a quota or the cap, waits for
                    // Resume; one a kill interrupted goes on by itself.
                    // One this window stopped following (it runs in another wanedit) waits
                    // for Resume too.
                    let go_on = m.stopped.is_none() && !self.batch.elsewhere.contains_key(&out);
                    self.batch.track(out.clone(), m, false);
                    if go_on {
                        match self.resume_batch(out.clone(), None) {
                            Ok(()) => self.say(crate::t!(
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
        if let Some(why) = self.batch.elsewhere.get(out) {
            let why = crate::t!("batch-review-elsewhere", why = why.as_str());
            self.problem(why);
            return;
        }
        let Some(m) = self.batch.manifest_mut(out) else {
            return;
        };
        if let Some(it) = m.items.get_mut(index) {
            it.accepted = verdict;
        }
        // A running batch writes its manifest itself (and keeps the review with its items);
        // an ended one is written here, on the runtime.
        if !self.engine.batch_running(out) {
            let (m, out, post) = (m.clone(), out.to_path_buf(), self.post.clone());
            let saves = self.batch.saves.clone();
            let this = {
                let mut n = saves.lock().unwrap_or_else(|e| e.into_inner());
                *n += 1;
                *n
            };
            self.runtime.spawn_blocking(move || {
                let newest = saves.lock().unwrap_or_else(|e| e.into_inner());
                if *newest != this {
                    return; // a newer review is on its way
                }
                // Written only while no other wanedit runs it (it would write over the review).
                let r = batch::claim_batch(&out)
                    .map_err(|why| crate::t!("batch-review-elsewhere", why = why.as_str()))
                    .and_then(|_owner| m.save(&out));
                if let Err(e) = r {
                    post.send(Inbound::Saved(Err(e)));
                }
            });
        }
    }

    fn export_accepted(&mut self, out: PathBuf) {
        let Some(m) = self.batch.manifest(&out).cloned() else {
            return;
        };
        let files: Vec<PathBuf> = m
            .items
            .iter()
            .filter(|i| i.accepted == Some(true))
            .flat_map(|i| i.outputs.iter().cloned())
            .collect();
        let answer = self.dialogs.pick_folder(crate::t!("batch-export-title"));
        let post = self.post.clone();
        self.runtime.spawn(async move {
            let dest = match answer.await {
                Picked::Chosen(mut p) if !p.is_empty() => p.remove(0),
                Picked::Chosen(_) | Picked::Cancelled => return,
                Picked::Failed(why) => {
                    post.send(Inbound::Saved(Err(format!(
                        "{why}: the accepted results are in {}",
                        out.display()
                    ))));
                    return;
                }
            };
            let said =
                tokio::task::spawn_blocking(move || crate::jobs::export::copy_into(&files, &dest))
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()));
            post.send(Inbound::Saved(said));
        });
    }

    /// The Batch tab.
    pub(super) fn batch_ui(&mut self, ui: &mut egui::Ui) {
        // While the tab is shown, the folders are read again every few seconds.
        if !self.batches_reading
            && self
                .batches_read_at
                .is_none_or(|t| t.elapsed() >= BATCHES_READ_EVERY)
        {
            self.read_batch_folders();
        }
        ui.ctx().request_repaint_after(BATCHES_READ_EVERY);
        if self.batch.out_dir.is_empty() {
            let secs = crate::store::history::now_ms() / 1000;
            let t = secs % 86_400;
            let day = prices::day_of(secs * 1000).replace('-', "");
            self.batch.out_dir = self
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
        let base = self.settings.endpoint.base_url().unwrap_or_default();
        let running: std::collections::HashSet<PathBuf> = self
            .batch
            .batches
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| self.engine.batch_running(p))
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
        let Some(action) = self.batch.show(ui, &view) else {
            return;
        };
        let r = match action {
            BatchAction::UseCurrentJob => self.current_recipe().map(|r| {
                self.batch.recipe = Some(r);
                self.batch.recipe_from = None;
            }),
            BatchAction::SaveRecipe => {
                if let Some(r) = self.batch.recipe.clone() {
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
                self.engine.pause_batch(&out);
                self.say(crate::t!("batch-pausing"));
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
                    .batch
                    .manifest_mut(&out)
                    .map(|m| m.retry(unsure))
                    .unwrap_or(0);
                self.say(crate::t!("batch-sending-again", count = k));
                self.resume_batch(out, Some(unsure))
            }
            BatchAction::Compare(id) => self.show_recorded(&id),
            BatchAction::OpenFolder(dir) => {
                open_folder(&self.runtime, dir, self.post.map(Inbound::Saved));
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
        let base = self.settings.endpoint.base_url().unwrap_or_default();
        let region = prices::region_key(&base);
        let model = self.model.id;
        egui::CollapsingHeader::new(crate::t!("prices-heading"))
            .id_salt("prices")
            .show(ui, |ui| {
                let quote = prices::quote_in(&self.batch.user_prices, model, region);
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
                        egui::TextEdit::singleline(&mut self.price_field.0)
                            .desired_width(60.0)
                            .hint_text("0.03"),
                    )
                    .labelled_by(l.id);
                    let l = ui.label(crate::t!("prices-currency"));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.price_field.1)
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
                        match self.price_field.0.trim().parse::<f64>() {
                            Ok(v) if v.is_finite() && v >= 0.0 => {
                                let currency = match self.price_field.1.trim() {
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
                            _ => self.problem(crate::t!(
                                "prices-not-a-price",
                                typed = self.price_field.0.trim()
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
        let (post, prices) = (self.post.clone(), self.engine.recorder().prices.clone());
        let (model, region) = (model.to_string(), region.to_string());
        self.runtime.spawn_blocking(move || {
            let r = match p {
                Some(p) => prices.set(p),
                None => prices.unset(&model, &region),
            };
            post.send(Inbound::Saved(r.map(|()| crate::t!("price-saved"))));
            post.send(Inbound::Prices(prices.load()));
        });
    }
}
