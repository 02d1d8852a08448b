//! Parts of the frame [`WanEditApp::draw`] lays out: the strip's panel, the prompt panel with
//! Run pinned at its foot, the results and readout panels (open or collapsed), the central
//! tabs and the status bar.

use super::{CentralTab, Status, WanEditApp};
use crate::ui::panels::prompt::PromptAction;
use crate::ui::theme;
use crate::ui::widgets::{PanelEdge, icon, icon_tab, panel_toggle};
use egui::RichText;

impl WanEditApp {
    /// The strip of inputs at the top, or its one-row form when collapsed or short of room.
    pub(super) fn strip_panel(&mut self, ui: &mut egui::Ui, height: f32) {
        // In a short window the compare view needs the strip's room more than the cards: the
        // strip shows as its one-row form there (its own setting untouched).
        let strip_room = self.tab == CentralTab::Canvas || height >= 800.0;
        if self.session.settings.panels.strip && strip_room {
            egui::Panel::top("inputs").show(ui, |ui| {
                ui.horizontal(|ui| {
                    panel_toggle(
                        ui,
                        &mut self.session.settings.panels.strip,
                        PanelEdge::Top,
                        &crate::t!("panel-strip"),
                    );
                    ui.vertical(|ui| self.strip(ui));
                });
            });
        } else {
            egui::Panel::top("inputs-collapsed").show(ui, |ui| self.strip_collapsed(ui));
        }
    }

    /// The prompt panel at the left: Run pinned at its foot, the rest scrolling above it.
    pub(super) fn prompt_panel(&mut self, ui: &mut egui::Ui, width: f32) {
        egui::Panel::left("prompt")
            .default_size(crate::ui::theme::size::PROMPT_PANEL.min(width * 0.3))
            .max_size((width * 0.3).max(crate::ui::theme::size::PROMPT_PANEL_MIN_CAP))
            .resizable(true)
            .show(ui, |ui| {
                self.run_row_panel(ui);
                egui::ScrollArea::vertical().show(ui, |ui| self.prompt_body(ui));
            });
    }

    /// Run, Copy request as curl and the cost at the prompt panel's foot, and what they ask
    /// for done.
    fn run_row_panel(&mut self, ui: &mut egui::Ui) {
        // Run is pinned at the panel's foot: on screen however short the window.
        let can_run = self.can_run();
        let building_curl = self.curl_building();
        let (cost, warning) = (self.run_cost(), self.prompt_warning());
        let action = egui::Panel::bottom("run-row")
            .show(ui, |ui| {
                // What detail mode will send, just above Run and the cost.
                self.detail_figures_ui(ui);
                self.compose.prompt.run_row(
                    ui,
                    can_run,
                    building_curl,
                    (cost.as_ref(), warning.as_deref()),
                )
            })
            .inner;
        match action {
            PromptAction::Run => {
                if let Err(e) = self.run() {
                    self.problem(e);
                }
            }
            PromptAction::CopyCurl => self.start_curl(),
            PromptAction::None => {}
        }
    }

    /// The prompt, the way to put the target last, Save recipe, the settings and the prices.
    fn prompt_body(&mut self, ui: &mut egui::Ui) {
        let has_images = !self.compose.inputs.slots.is_empty();
        self.compose.prompt.show(ui, self.compose.model, has_images);
        // Wan shapes its output after the last image: a target elsewhere will not
        // line up. Say so where Run is, with the way out.
        if let Some(why) = self.draft().target_not_last() {
            ui.label(RichText::new(why.words()).small().color(theme::warn(ui)));
            let label = crate::t!("prompt-move-target-last");
            if crate::ui::widgets::labelled(ui, &label, label.clone(), true).clicked() {
                self.move_target_last();
            }
        }
        if crate::ui::widgets::icon_button(
            ui,
            crate::ui::widgets::icon::SAVE_RECIPE,
            crate::t!("prompt-save-recipe"),
            self.recipe_problem().is_none(),
        )
        .on_hover_text(crate::t!("prompt-save-recipe-hover"))
        .clicked()
        {
            self.save_current_as_recipe();
        }
        ui.separator();
        self.settings_ui(ui);
        self.prices_ui(ui);
    }

    /// The results panel at the bottom, or its one-line form (collapsed, or no jobs yet).
    pub(super) fn results_panel(&mut self, ui: &mut egui::Ui, height: f32) {
        let results_open = self.session.settings.panels.results && !self.runs.jobs.is_empty();
        if results_open {
            egui::Panel::bottom("results")
                .default_size((height * 0.22).clamp(
                    *crate::ui::theme::size::RESULTS_PANEL.start(),
                    *crate::ui::theme::size::RESULTS_PANEL.end(),
                ))
                .min_size(crate::ui::theme::size::RESULTS_PANEL_MIN)
                .max_size((height * 0.22).max(crate::ui::theme::size::RESULTS_PANEL_MIN))
                .resizable(true)
                .show(ui, |ui| self.results_ui(ui));
        } else {
            egui::Panel::bottom("results-collapsed").show(ui, |ui| {
                ui.horizontal(|ui| {
                    if self.runs.jobs.is_empty() {
                        ui.label(RichText::new(crate::t!("results-empty")).weak());
                    } else {
                        panel_toggle(
                            ui,
                            &mut self.session.settings.panels.results,
                            PanelEdge::Bottom,
                            &crate::t!("panel-results"),
                        );
                        ui.label(crate::t!("results-collapsed", count = self.runs.jobs.len()));
                    }
                });
            });
        }
    }

    /// The readout panel at the right, or its thin collapsed bar.
    pub(super) fn readout_panel(&mut self, ui: &mut egui::Ui, width: f32) {
        if self.session.settings.panels.readout {
            egui::Panel::right("readout")
                .default_size(crate::ui::theme::size::READOUT_PANEL.min(width * 0.22))
                .max_size((width * 0.2).max(crate::ui::theme::size::READOUT_PANEL_MIN_CAP))
                .resizable(true)
                .show(ui, |ui| {
                    panel_toggle(
                        ui,
                        &mut self.session.settings.panels.readout,
                        PanelEdge::Right,
                        &crate::t!("panel-readout"),
                    );
                    // Both ways: content wider than the panel scrolls, never widens it (the
                    // canvas would jump when the first box brings its fields).
                    egui::ScrollArea::both()
                        .auto_shrink([false, true])
                        .show(ui, |ui| self.readout(ui));
                });
        } else {
            egui::Panel::right("readout-collapsed")
                .resizable(false)
                .exact_size(crate::ui::theme::size::COLLAPSED_BAR)
                .show(ui, |ui| {
                    panel_toggle(
                        ui,
                        &mut self.session.settings.panels.readout,
                        PanelEdge::Right,
                        &crate::t!("panel-readout"),
                    );
                });
        }
    }

    /// The central area's tabs: Canvas, Compare, History, Batch.
    pub(super) fn tab_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            icon_tab(
                ui,
                &mut self.tab,
                CentralTab::Canvas,
                icon::CANVAS,
                crate::t!("tab-canvas"),
            );
            icon_tab(
                ui,
                &mut self.tab,
                CentralTab::Compare,
                icon::COMPARE,
                crate::t!("tab-compare"),
            );
            icon_tab(
                ui,
                &mut self.tab,
                CentralTab::History,
                icon::HISTORY,
                crate::t!("tab-history"),
            );
            icon_tab(
                ui,
                &mut self.tab,
                CentralTab::Batch,
                icon::BATCH,
                crate::t!("tab-batch"),
            );
        });
    }

    /// The status line (news or a problem) and, at its right end, where the key stands (the
    /// whole sentence on hover).
    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui) {
        use crate::jobs::key_check::KeyCheck as K;
        let key = if self.session.key_check.checking {
            Some((
                crate::t!("status-checking"),
                crate::t!("settings-checking-key"),
                theme::muted(ui),
            ))
        } else {
            self.session.key_check.last.as_ref().map(|c| {
                let colour = match c {
                    K::Valid(_) => theme::ok(ui),
                    K::Refused(_) | K::WrongPlace(_) => theme::error(ui),
                    K::NoConnection(_) => theme::warn(ui),
                };
                let short = match c {
                    K::Valid(_) => crate::t!("key-valid"),
                    K::Refused(_) => crate::t!("key-refused"),
                    K::WrongPlace(_) => crate::t!("key-wrong-place"),
                    K::NoConnection(_) => crate::t!("key-no-connection"),
                };
                (short, c.sentence().to_string(), colour)
            })
        };
        ui.horizontal(|ui| {
            if let Some((short, sentence, colour)) = key {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let label = crate::t!("status-key", state = short);
                    let r = ui
                        .label(
                            RichText::new(format!("{} {label}", icon::KEY.codepoint)).color(colour),
                        )
                        .on_hover_text(&sentence);
                    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
                    ui.separator();
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        self.status_text_ui(ui)
                    });
                });
            } else {
                self.status_text_ui(ui);
            }
        });
    }

    fn status_text_ui(&mut self, ui: &mut egui::Ui) {
        crate::ui::notifications::earlier_ui(ui, &mut self.notifications);
        match &self.message {
            Some(Status {
                text,
                problem: true,
            }) => {
                let text = text.words();
                ui.add(egui::Label::new(RichText::new(&text).color(theme::error(ui))).truncate())
                    .on_hover_text(text);
            }
            Some(Status { text, .. }) => {
                let text = text.words();
                ui.add(egui::Label::new(text.as_str()).truncate())
                    .on_hover_text(text);
            }
            None => {
                ui.label(crate::t!(
                    "status-idle",
                    count = self.compose.inputs.slots.len(),
                    model = self.compose.model.id,
                    sheet = crate::ui::shortcuts::keys_text(
                        ui.ctx(),
                        crate::ui::shortcuts::Action::ShowShortcuts
                    )
                ));
            }
        }
    }
}
