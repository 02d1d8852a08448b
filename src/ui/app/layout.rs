//! One frame: global keys, where each panel goes, and dispatching what the panels return.

use super::{CentralTab, NUDGES_SETTLE, WanEditApp};
use crate::ui::inputs::{NewInput, SlotState};
use crate::ui::widgets::canvas::{self, CanvasImage};
use crate::ui::widgets::{PanelEdge, panel_toggle};
use crate::ui::{panels, theme};
use egui::{RichText, TextureHandle};
use std::path::PathBuf;
use std::sync::Arc;

impl WanEditApp {
    pub(super) fn handle_global_input(&mut self, ctx: &egui::Context) {
        self.keys_belong_to_compare(ctx);
        // Files dropped on the window, images pasted from the clipboard.
        let (dropped, pasted, undo, redo) = ctx.input(|i| {
            let dropped: Vec<PathBuf> = i
                .raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect();
            let pasted: Vec<Arc<egui::ColorImage>> = i
                .events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::PasteImage(img) => Some(img.clone()),
                    _ => None,
                })
                .collect();
            use crate::ui::shortcuts::{Action, pressed};
            let undo = pressed(i, Action::Undo).is_some();
            let redo = pressed(i, Action::Redo).is_some();
            (dropped, pasted, undo, redo)
        });
        self.flag_keys(ctx);
        self.settle_nudges(ctx.input(|i| i.time));
        self.tab_to_canvas(ctx);
        use crate::ui::shortcuts::{Action, is_typed, pressed, row};
        let sheet = ctx.input(|i| pressed(i, Action::ShowShortcuts));
        // F1 anywhere; ? only where it is not typed into a field.
        if sheet.is_some_and(|k| {
            !ctx.text_edit_focused() || !is_typed(&row(Action::ShowShortcuts).chords[k])
        }) {
            self.shortcut_sheet = !self.shortcut_sheet;
        }
        if !dropped.is_empty() {
            // On the Batch tab, files and folders dropped are what the batch runs over.
            if self.tab == CentralTab::Batch {
                self.add_batch_files(dropped);
            } else {
                self.add_paths(dropped);
            }
        }
        if !pasted.is_empty() {
            let dir = self.paste_dir.clone();
            self.add(
                pasted
                    .into_iter()
                    .map(|image| NewInput::Pasted {
                        image: std::sync::Arc::new(crate::ui::widgets::rgba_image(&image)),
                        dir: dir.clone(),
                    })
                    .collect(),
            );
        }
        if !ctx.text_edit_focused() {
            if undo {
                self.undo();
            } else if redo {
                self.redo();
            }
        }
    }

    pub(super) fn toolbar(&mut self, ui: &mut egui::Ui) {
        let view = panels::toolbar::ToolbarView {
            model: self.compose.model,
            can_undo: self.can_undo(),
            can_redo: self.can_redo(),
        };
        use panels::toolbar::ToolbarAction as A;
        match panels::toolbar::show(ui, &mut self.toolbar, &view) {
            Some(A::PickModel(m)) => self.set_model(m),
            Some(A::AddFiles) => self.open_dialog(),
            Some(A::Browse) => self.open_picker(None),
            Some(A::AddUrl(url)) => self.add(vec![NewInput::Url(url)]),
            Some(A::Refused(sentence)) => self.problem(sentence),
            Some(A::Undo) => self.undo(),
            Some(A::Redo) => self.redo(),
            Some(A::Shortcuts) => self.shortcut_sheet = !self.shortcut_sheet,
            Some(A::Settings) => self.session.settings_panel.reveal = true,
            None => {}
        }
    }

    /// The strip collapsed to one row: each image's number and name, a click selects it.
    pub(super) fn strip_collapsed(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if !self.session.settings.panels.strip {
                panel_toggle(
                    ui,
                    &mut self.session.settings.panels.strip,
                    PanelEdge::Top,
                    &crate::t!("panel-strip"),
                );
            }
            egui::ScrollArea::horizontal().show(ui, |ui| {
                ui.horizontal(|ui| {
                    for i in 0..self.compose.inputs.slots.len() {
                        let text = format!("{}  {}", i + 1, self.compose.inputs.slots[i].name);
                        if ui
                            .selectable_label(i == self.compose.selected, text)
                            .clicked()
                        {
                            self.compose.selected = i;
                        }
                    }
                });
            });
        });
    }

    pub(super) fn strip(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let textures: Vec<Option<TextureHandle>> = (0..self.compose.inputs.slots.len())
            .map(|i| self.thumb_for(&ctx, i))
            .collect();
        use panels::strip::StripAction as A;
        let target = self.draft().composite_target();
        match panels::strip::show(
            ui,
            &self.compose.inputs.slots,
            &textures,
            self.compose.selected,
            target,
        ) {
            Some(A::Select(i)) => self.compose.selected = i,
            Some(A::MarkTarget(i)) => {
                self.compose.inputs.target = self.compose.inputs.slots.get(i).map(|s| s.id)
            }
            Some(A::Reorder { from, to }) => self.reorder(from, to),
            Some(A::Remove(i)) => self.remove(i),
            None => {}
        }
    }

    /// Moves image `from` to position `to`; its number changes with it.
    pub fn reorder(&mut self, from: usize, to: usize) {
        let sel_id = self
            .compose
            .inputs
            .slots
            .get(self.compose.selected)
            .map(|s| s.id);
        self.compose.inputs.reorder(from, to);
        if let Some(id) = sel_id {
            self.compose.selected = self
                .compose
                .inputs
                .slots
                .iter()
                .position(|s| s.id == id)
                .unwrap_or(0);
        }
    }

    pub(super) fn readout(&mut self, ui: &mut egui::Ui) {
        let ready = self
            .compose
            .inputs
            .slots
            .get(self.compose.selected)
            .and_then(|s| s.ready());
        let view = panels::readout::ReadoutView {
            number: self.compose.selected + 1,
            has_image: self.compose.selected < self.compose.inputs.slots.len(),
            size: ready.map(|r| (r.facts.width, r.facts.height)),
            repairs: ready
                .map(|r| r.repairs.iter().map(|x| x.to_string()).collect())
                .unwrap_or_default(),
            boxes_unsupported: self
                .compose
                .model
                .boxes_unsupported_reason()
                .map(|s| s.words()),
            bbox_list: super::detail::bbox_said(&self.draft()),
        };
        let boxes = self
            .compose
            .inputs
            .slots
            .get_mut(self.compose.selected)
            .map(|s| &mut s.boxes);
        match panels::readout::show(ui, boxes, &view) {
            Some(panels::readout::ReadoutAction::Deleted(_)) => {
                self.canvas.selected = None;
                self.commit_boxes();
            }
            Some(panels::readout::ReadoutAction::Edited) => self.commit_boxes(),
            None => {}
        }
    }

    pub(super) fn central(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.start_notice_ui(ui);
        // The key step opened from the bar closes once the key is valid.
        if self.key_step_open
            && self.effective_key().is_some()
            && !self.session.key_check.checking
            && matches!(
                self.session.key_check.last,
                Some(crate::jobs::key_check::KeyCheck::Valid(_))
            )
        {
            self.key_step_open = false;
        }
        if self.key_step_open
            || (!self.welcome_skipped && panels::welcome::needed(self.compose.inputs.slots.len()))
        {
            return self.welcome(ui);
        }
        // Images to look at come first: what Run still needs is said above them.
        if !self.compose.inputs.slots.is_empty() {
            let missing = panels::welcome::Missing::of(
                self.effective_key().is_some(),
                self.session.key_check.last.as_ref(),
            );
            if let Some(missing) = missing
                && panels::welcome::missing_bar(ui, &missing)
            {
                self.key_step_open = true;
            }
        }
        let Some(slot) = self.compose.inputs.slots.get(self.compose.selected) else {
            ui.centered_and_justified(|ui| {
                ui.label(RichText::new(crate::t!("canvas-empty")).size(16.0).weak());
            });
            return;
        };
        let (id, state) = (slot.id, slot.state.clone());
        match state {
            SlotState::Loading => {
                ui.centered_and_justified(|ui| ui.spinner());
            }
            SlotState::Refused(why) => {
                ui.centered_and_justified(|ui| {
                    ui.label(
                        RichText::new(crate::t!(
                            "canvas-refused",
                            number = self.compose.selected + 1,
                            why = why
                        ))
                        .color(theme::error(ui)),
                    );
                });
            }
            SlotState::Ready(ready) => {
                let tex = self.texture_for(&ctx, self.compose.selected);
                let reason = self
                    .compose
                    .model
                    .boxes_unsupported_reason()
                    .map(|s| s.words());
                let tiles = self.real_pixels(ui, &ready);
                let image = CanvasImage {
                    id,
                    number: self.compose.selected + 1,
                    width: ready.facts.width,
                    height: ready.facts.height,
                    texture: tex.as_ref(),
                    tiles: &tiles,
                    boxes_disabled: reason.as_deref(),
                    margin: self.compose.prompt.region.margin,
                };
                // Shortcuts: F fits; 1, 2, 4 and 8 show 100 %, 200 %, 400 % and 800 % of the
                // image's own pixels (when no text field has the keyboard).
                let (fit, scale) = crate::ui::widgets::canvas::zoom_keys(&ctx);
                if fit {
                    self.canvas.view.fitted = true;
                }
                let mut boxes = self.compose.inputs.slots[self.compose.selected]
                    .boxes
                    .clone();
                if let Some(s) = scale {
                    let selected = self.canvas.selected.and_then(|i| boxes.get(i).copied());
                    let (rect, pointer) = (self.canvas.last_rect, ctx.pointer_hover_pos());
                    let zoom = s / ctx.pixels_per_point();
                    self.canvas.view.zoom_to(rect, zoom, selected, pointer);
                }
                let slot = &mut self.compose.inputs.slots[self.compose.selected];
                let out = canvas::show(ui, &mut self.canvas, &image, &mut boxes, &mut slot.mask);
                slot.boxes = boxes;
                if out.committed {
                    self.commit_boxes();
                } else if out.nudged {
                    self.compose.nudged_at = Some(ctx.input(|i| i.time));
                    ctx.request_repaint_after_secs(NUDGES_SETTLE as f32);
                }
                if let Some(msg) = out.refused {
                    self.problem(msg);
                }
            }
        }
    }
}

impl WanEditApp {
    /// The tiles of real pixels the canvas needs at its current view of the selected image
    /// (none while the preview is sharp enough).
    fn real_pixels(
        &mut self,
        ui: &egui::Ui,
        ready: &crate::ui::inputs::ReadyImage,
    ) -> Vec<crate::ui::tiles::DrawTile> {
        use crate::ui::tiles::FullSource;
        let Some(slot) = self.compose.inputs.slots.get(self.compose.selected) else {
            return Vec::new();
        };
        let source = match (&ready.send_bytes, &slot.source) {
            (Some(b), _) => Some(FullSource::Bytes(b.clone())),
            (None, crate::api::job::ImageSource::File(p)) => Some(FullSource::File(p.clone())),
            // A URL or data: input without repairs: the preview is what there is here.
            _ => None,
        };
        let preview_w = ready.preview.as_ref().map(|p| p.width).unwrap_or(0);
        // The canvas takes what is left of this area (see widgets/canvas.rs).
        let rect = ui.available_rect_before_wrap();
        let view = self.canvas.view;
        let (a, b) = (view.to_image(rect, rect.min), view.to_image(rect, rect.max));
        let key = (slot.id << 24) ^ ready.generation;
        let spp = view.zoom * ui.ctx().pixels_per_point();
        let ctx = ui.ctx().clone();
        self.tiles.tiles(
            &ctx,
            key,
            source.as_ref(),
            (ready.facts.width, ready.facts.height),
            preview_w,
            [a.x, a.y, b.x, b.y],
            spp,
        )
    }

    /// The first-run steps, in the canvas area.
    fn welcome(&mut self, ui: &mut egui::Ui) {
        let view = panels::welcome::WelcomeView {
            key_source: self.effective_key().map(|(_, s)| s),
            keychain_state: &self.session.keychain_state,
            keychain_used: self.session.use_keychain && self.session.keychain_works != Some(false),
            key_check: &self.session.key_check,
            images: self.compose.inputs.slots.len(),
        };
        let mut skip = false;
        let back_to_images = !self.compose.inputs.slots.is_empty();
        let action = ui
            .vertical(|ui| {
                // Opened from the bar over the images: the way back comes first, on screen
                // however short the window (the steps below scroll).
                if back_to_images && ui.button(crate::t!("welcome-back-to-images")).clicked() {
                    skip = true;
                }
                let a = panels::welcome::show(
                    ui,
                    &mut self.session.settings.endpoint,
                    &mut self.session.settings_panel,
                    &view,
                );
                ui.add_space(crate::ui::theme::space::ROW);
                if !back_to_images
                    && ui
                        .small_button(crate::t!("welcome-skip"))
                        .on_hover_text(crate::t!("welcome-skip-hover"))
                        .clicked()
                {
                    skip = true;
                }
                a
            })
            .inner;
        if skip {
            self.welcome_skipped = true;
            self.key_step_open = false;
        }
        use panels::settings::SettingsAction as S;
        use panels::welcome::WelcomeAction as W;
        match action {
            Some(W::Key(S::StoreKey(k))) => self.store_key(k),
            Some(W::Key(S::CheckKey)) => self.check_key(false),
            Some(W::Key(S::ForgetKey)) => self.forget_key(),
            Some(W::Key(S::Zoom(z))) => ui.ctx().set_zoom_factor(z),
            Some(W::AddFiles) => self.open_dialog(),
            Some(W::BrowseHere) => self.open_picker(None),
            Some(W::TrySample) => self.try_sample(),
            None => {}
        }
    }

    /// One frame of the whole window: [`Self::logic_pass`], then [`Self::draw`] (what the UI
    /// tests drive; the window's eframe calls the two itself).
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        self.logic_pass(&ui.ctx().clone());
        self.draw(ui);
    }

    /// What comes before drawing, and runs even while the window is hidden: the language, the
    /// inbox drained and what follows it, the clipboard, a close the process was asked for.
    pub fn logic_pass(&mut self, ctx: &egui::Context) {
        self.apply_language(ctx);
        // A key check waits while the base URL is being typed (half typed, it is no server to
        // ask).
        self.session.typing = panels::settings::typing_base_url(ctx);
        self.pump();
        self.after_pump();
        if let Some(text) = self.to_clipboard.take() {
            ctx.copy_text(text);
        }
        if let Some(img) = self.image_to_clipboard.take() {
            ctx.copy_image(img);
        }
        if std::mem::take(&mut self.close_asked) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// The window's panels, drawn, and what they return dispatched.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_look(&ctx);
        self.handle_global_input(&ctx);
        if self.runs.jobs.iter().any(|j| j.is_active()) {
            // Elapsed time ticks while something runs.
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
        if let Some(a) = panels::picker::show(&ctx, &mut self.picker) {
            self.on_picker(a);
        }
        panels::shortcut_sheet::show(&ctx, &mut self.shortcut_sheet);
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
        // The strip, the results and the boxes panel collapse to a thin bar (remembered), so
        // that a laptop's screen leaves the canvas and compare the room.
        let (width, height) = (ui.available_width(), ui.available_height());
        self.strip_panel(ui, height);
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        self.prompt_panel(ui, width);
        // The Batch tab has its own results (the contact sheet): it takes the whole middle.
        if self.tab != CentralTab::Batch {
            self.results_panel(ui, height);
            self.readout_panel(ui, width);
        }
        // Full-resolution pixels only for what is on screen: the canvas's or the compare view's.
        match self.tab {
            CentralTab::Canvas => self.compare_tiles.iter_mut().for_each(|t| t.clear()),
            CentralTab::Compare => self.tiles.clear(),
            CentralTab::History | CentralTab::Batch => {
                self.tiles.clear();
                self.compare_tiles.iter_mut().for_each(|t| t.clear());
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.tab_bar(ui);
            match self.tab {
                CentralTab::Canvas => self.central(ui),
                CentralTab::Compare => self.compare_ui(ui),
                CentralTab::History => self.history_ui(ui),
                CentralTab::Batch => self.batch_ui(ui),
            }
        });
        self.keys_belong_to_compare(&ctx);
        // Whatever this frame changed in the composer is kept (nothing lost to a crash).
        self.keep_if_changed();
    }

    pub(super) fn results_ui(&mut self, ui: &mut egui::Ui) {
        let history = &self.library.history;
        let action = panels::results::show(
            ui,
            &mut self.runs.jobs,
            &|hid| history.get(hid).is_some(),
            (
                &mut self.session.settings.panels.results,
                &mut self.runs.results_filter,
            ),
            &mut self.pictures,
        );
        use panels::results::ResultsAction as A;
        match action {
            Some(A::Cancel(id)) => self.cancel(id),
            Some(A::FetchAgain(hid)) => {
                if let Err(m) = self.fetch_again(&hid) {
                    self.problem(m);
                }
            }
            Some(A::Resume(task)) => self.resume_from_disk(Some(task)),
            Some(A::Show { job, index }) => {
                self.runs.selected_result = Some((job, index));
                self.tab = CentralTab::Compare;
                self.runs.compare.view.fitted = true;
            }
            Some(A::UseAsInput(p)) => self.add_paths(vec![p]),
            Some(A::SaveAll { job, files }) => self.save_all_dialog(files, job),
            Some(A::Flag { job, index, flag }) => self.flag_result(job, index, flag),
            Some(A::ExportPicked) => self.export_picked_results(),
            None => {}
        }
    }
}
