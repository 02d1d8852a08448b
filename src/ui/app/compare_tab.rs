//! The Compare tab: the header (in compare_header.rs: before, save, copy, use as input, open
//! folder, raw or composite, the before/after sheet), what compositing made of the result, and
//! the compare widget with its real-pixel tiles, boxes and difference view.

use super::compare_header::compare_header;
use super::{CentralTab, WanEditApp};
use crate::ui::compare_pair::ComparePair;
use crate::ui::pictures::{PictureId, Textures};
use crate::ui::results::{JobView, ResultImage, ResultLoader, Slot};
use crate::ui::theme;

use crate::ui::widgets::compare;
use egui::{RichText, TextureHandle};
use std::path::PathBuf;

impl WanEditApp {
    /// On Compare, Space flips and Tab (with box crops) goes to the next box: they are the
    /// view's, not a button's (Tab moves no focus in any compare mode). A focus they moved (egui hands Tab's focus to the next widget as
    /// it is laid out) is let go, so that no button takes Space as a press (it opened the file
    /// dialog or the model list). Called before the panels and again after them.
    pub(super) fn keys_belong_to_compare(&self, ctx: &egui::Context) {
        if self.tab != CentralTab::Compare {
            return;
        }
        let (space, tab) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::Space),
                i.key_pressed(egui::Key::Tab),
            )
        });
        // Tab too in every mode, not only with box crops: a Tab that walked into the toolbar
        // left a button there for the next Space to press (the file picker opened).
        let typing = ctx.egui_wants_keyboard_input();
        if (space || tab) && !typing {
            ctx.memory_mut(|m| {
                // egui would hand Tab's focus to the next widget (the model menu first).
                if tab {
                    m.move_focus(egui::FocusDirection::None);
                }
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
        }
    }

    /// The Compare tab: its header, what compositing made of the result, and the compare view.
    pub(super) fn compare_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let Some((job_id, index)) = self.runs.selected_result else {
            ui.label(RichText::new(crate::t!("compare-nothing")).weak());
            return;
        };
        let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        if let Some(asked) = compare_header(
            ui,
            &mut self.runs.compare,
            (&mut self.library.history, &mut self.pictures),
            j,
            index,
        ) && self.answer_compare_header(asked, job_id, index)
        {
            return;
        }
        // Not in the box view: the flags are a result's, and it shows candidates per box.
        if self.runs.compare.mode != compare::CompareMode::Boxes {
            self.flag_bar(ui, job_id, index);
        }
        let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        // A newly chosen result: fitted, and a composited one compared with its target.
        if self.runs.compare.key != Some((job_id, index)) {
            self.runs.compare.key = Some((job_id, index));
            self.runs.compare.view.fitted = true;
            self.runs.compare.before_file = None;
            // No crop of the last result's boxes is left selected over this one.
            self.runs.compare.crop = None;
            match j.images.get(index).and_then(|i| i.region.as_ref()) {
                Some(r) => self.runs.compare.before = r.target,
                // Not composited: the service shaped the result after the last image, so
                // that is what it is compared with first.
                None => self.runs.compare.before = j.inputs.len().saturating_sub(1),
            }
        }
        let choose_boxes = super::box_choice::can_choose(j, index);
        // The shown result's notes are not the box view's: it shows every result per box.
        if self.runs.compare.mode != compare::CompareMode::Boxes || !choose_boxes {
            composite_notes(ui, j, index);
        }
        if self.runs.compare.mode == compare::CompareMode::Boxes {
            if choose_boxes {
                let overlay = compare::Overlay {
                    choose_boxes,
                    ..compare::Overlay::default()
                };
                compare::controls_row(ui, &mut self.runs.compare, &overlay);
                if self.runs.compare.mode == compare::CompareMode::Boxes {
                    self.box_view_ui(ui, job_id, index);
                    return;
                }
            } else {
                self.runs.compare.mode = compare::CompareMode::SideBySide;
            }
        }
        let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        request_picked(
            self.runs.compare.before_file.as_ref(),
            &self.runs.results,
            j,
        );
        let Some(pair) = crate::ui::compare_pair::compare_pair(j, index, &self.runs.compare) else {
            return;
        };
        let (Some(after_preview), Some(size)) = (pair.after.preview.clone(), pair.after.frame)
        else {
            ui.spinner();
            return;
        };
        let pictures = &mut self.pictures;
        let after_tex = pictures.of(
            &ctx,
            pair.after.picture,
            &after_preview,
            crate::ui::tiles::PIXELS,
        );
        let before_tex = pair
            .before
            .preview
            .as_ref()
            .zip(pair.before.frame)
            .map(|(p, frame)| {
                let t = pictures.of(&ctx, pair.before.picture, p, crate::ui::tiles::PIXELS);
                (t, frame)
            });
        let layers = &mut self.compare_tiles;
        let mut tiles_for = |which: compare::Side, area: [f32; 4], spp: f32| {
            let (layer, side) = match which {
                compare::Side::Before => (&mut layers[0], &pair.before),
                compare::Side::After => (&mut layers[1], &pair.after),
            };
            // In the pixels the side is laid out in; a side without its file's real pixels
            // shows its preview only.
            match (side.full.as_ref(), side.frame) {
                (Some(src), Some(frame)) => layer.tiles(
                    &ctx,
                    side.tile_key(),
                    Some(src),
                    frame,
                    side.preview_width(),
                    area,
                    spp,
                ),
                _ => Vec::new(),
            }
        };
        // The difference view: computed on the runtime against the before picture (lined up
        // when it is the target), then coloured at the gain.
        let heat = difference_heat(
            &ctx,
            (&self.runs.compare, &self.runs.results, pictures),
            (job_id, index),
            &mut j.images[index],
            &pair,
        );
        let overlay = compare::Overlay {
            heat: heat.as_ref(),
            heat_to_target: pair.lined_up.is_some(),
            before_boxes: pair.before.boxes.rects().to_vec(),
            after_boxes: pair.after.boxes.rects().to_vec(),
            choose_boxes,
        };
        compare::show(
            ui,
            &mut self.runs.compare,
            before_tex.as_ref().map(|(t, s)| (t, *s)),
            (&after_tex, size),
            &mut tiles_for,
            &overlay,
        );
    }
}

/// Says what compositing made of the shown result, or that it could not be done, in a small line.
fn composite_notes(ui: &mut egui::Ui, j: &JobView, index: usize) {
    // Compositing was asked for and could not be done (no target: boxes on several
    // images, or none): said where the result is, not left to be guessed.
    if j.images.get(index).is_some_and(|i| i.region.is_none())
        && j.spec.region.composite != crate::api::job::CompositeMode::Off
        && j.spec.images.iter().any(|i| !i.boxes.is_empty())
        && let Err(why) = j.spec.target()
    {
        ui.label(
            RichText::new(crate::t!("not-composited", why = why.words()))
                .small()
                .color(theme::warn(ui)),
        );
    }
    // What compositing made of it, in a sentence.
    if let Some(r) = j.images.get(index).and_then(|i| i.region.as_ref()) {
        let text = if j.images[index].showing_raw {
            crate::t!("raw-result-sentence", sentence = r.sentence())
        } else {
            r.sentence().words()
        };
        let colour = if r.refusal.is_some() {
            theme::warn(ui)
        } else {
            ui.visuals().text_color()
        };
        ui.label(RichText::new(text).small().color(colour));
    }
}

/// A picture picked as before from elsewhere is decoded once, on the runtime; none is kept
/// once the choice is let go.
fn request_picked(
    before_file: Option<&(PathBuf, String)>,
    results: &ResultLoader,
    j: &mut JobView,
) {
    match before_file {
        Some((path, _)) if j.picked.as_ref().map(|p| &p.path) != Some(path) => {
            j.picked = Some(ResultImage::at(path.clone()));
            results.load(j.id, Slot::Picked, path.clone());
        }
        Some(_) => {}
        None => j.picked = None,
    }
}

/// The difference view's heat map of the shown result against the before side (`None` outside
/// the difference view, or while it is being computed).
fn difference_heat(
    ctx: &egui::Context,
    (state, results, pictures): (&compare::CompareState, &ResultLoader, &mut Textures),
    (job_id, index): (u64, usize),
    img: &mut ResultImage,
    pair: &ComparePair,
) -> Option<TextureHandle> {
    if state.mode != compare::CompareMode::Difference {
        return None;
    }
    let (Some(frame), Some(bp), Some(m)) = (
        pair.before.frame,
        pair.before.preview.clone(),
        pair.mapping(),
    ) else {
        return None;
    };
    if img.difference_for != Some(pair.before.picture) {
        // The raw result against its target: the change map the engine measured when it
        // composited (on the target's whole frame), not computed again.
        let measured = img
            .region
            .as_ref()
            .and_then(|r| r.made.as_ref())
            .and_then(|m| m.change_map.clone())
            .filter(|_| img.showing_raw && pair.lined_up.is_some());
        if let Some(map) = measured {
            img.difference_for = Some(pair.before.picture);
            img.difference = Some(map);
        } else if let (Some(rp), Some(size)) = (img.preview.clone(), img.size) {
            img.difference_for = Some(pair.before.picture);
            img.difference = None;
            results.difference((job_id, index), (bp, frame), (rp, size), m);
        }
    }
    let d = img.difference.as_ref()?;
    Some(pictures.heat(ctx, PictureId::Heat { job: job_id, index }, d, state.gain))
}
