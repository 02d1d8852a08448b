//! The Batch tab's plan: the recipe, the files, where the results go, the estimate and an
//! optional spend cap, and the confirmation before anything is sent.

use egui::RichText;

use super::{BatchAction, BatchPanel, BatchView};
use crate::store::prices::{Estimate, region_key};
use crate::ui::theme;
use crate::ui::widgets::{icon, icon_button, labelled};

impl BatchPanel {
    /// The recipe: the current job's or a saved one (and Save recipe), and its line.
    pub(super) fn recipe_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &BatchView,
        action: &mut Option<BatchAction>,
    ) {
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
    }

    /// The files: added one by one or by folder, cleared, and the first of them named.
    pub(super) fn files_ui(&mut self, ui: &mut egui::Ui, action: &mut Option<BatchAction>) {
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
    }

    /// Where the results go and the spend cap, with the estimate and what is wrong with the
    /// cap; returns the estimate and whether the batch can start.
    pub(super) fn target_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &BatchView,
    ) -> (Option<Estimate>, bool) {
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
        (estimate, ready)
    }

    /// Start, and the confirmation it opens (how many files, the region and the cost).
    pub(super) fn start_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &BatchView,
        estimate: Option<&Estimate>,
        ready: bool,
        action: &mut Option<BatchAction>,
    ) {
        if !self.confirming {
            let label = crate::t!("batch-start-files", count = self.files.len());
            if icon_button(ui, icon::RUN, &label, ready).clicked() {
                self.confirming = true;
            }
        } else {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                let cost = estimate.map(|e| e.sentence().words()).unwrap_or_default();
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
}
