//! The Compare tab: the header (in compare_header.rs: before, save, copy, use as input, open
//! folder, raw or composite, the before/after sheet), what compositing made of the result, and
//! the compare widget with its real-pixel tiles, boxes and difference view.

use super::compare_header::compare_header;
use super::{CentralTab, WanEditApp};
use crate::ui::results::{JobView, ResultImage, ResultLoader, Slot};
use crate::ui::theme;
use crate::ui::tiles::FullSource;
use crate::ui::widgets::compare;
use egui::{RichText, TextureHandle};
use std::path::PathBuf;
use std::sync::Arc;

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
        let Some((job_id, index)) = self.selected_result else {
            ui.label(RichText::new(crate::t!("compare-nothing")).weak());
            return;
        };
        let Some(j) = self.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        if let Some(asked) = compare_header(ui, &mut self.compare, &mut self.history, j, index)
            && self.answer_compare_header(asked, job_id, index)
        {
            return;
        }
        let Some(j) = self.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        // A newly chosen result: fitted, and a composited one compared with its target.
        if self.compare.key != Some((job_id, index)) {
            self.compare.key = Some((job_id, index));
            self.compare.view.fitted = true;
            self.compare.before_file = None;
            // No crop of the last result's boxes is left selected over this one.
            self.compare.crop = None;
            match j.images.get(index).and_then(|i| i.region.as_ref()) {
                Some(r) => self.compare.before = r.target,
                // Not composited: the service shaped the result after the last image, so
                // that is what it is compared with first.
                None => self.compare.before = j.inputs.len().saturating_sub(1),
            }
        }
        composite_notes(ui, j, index);
        let before_idx = self.compare.before.min(j.inputs.len().saturating_sub(1));
        make_compare_textures(
            &ctx,
            self.compare.before_file.as_ref(),
            &self.results,
            j,
            (job_id, index),
            before_idx,
        );
        let Some(img) = j.images.get(index) else {
            return;
        };
        let (Some(t), Some(size)) = (img.texture.clone(), img.size) else {
            ui.spinner();
            return;
        };
        let side = before_side(&self.compare, j, img, job_id, index, before_idx);
        let after_src = Some(FullSource::File(img.path.clone()));
        let after_preview_w = img.preview.as_ref().map(|p| p.width).unwrap_or(0);
        let keys = (side.key, (job_id << 20) ^ ((index as u64) << 8) ^ 1);
        let layers = &mut self.compare_tiles;
        let mut tiles_for = |which: compare::Side, area: [f32; 4], spp: f32| match which {
            // In the pixels the side is laid out in; a file whose decoded pixels are not
            // those (an input scaled to be sent) shows its preview only.
            compare::Side::Before => match side.full.and(side.sent) {
                Some(full) => layers[0].tiles(
                    &ctx,
                    keys.0,
                    side.src.as_ref(),
                    full,
                    side.preview_w,
                    area,
                    spp,
                ),
                None => Vec::new(),
            },
            compare::Side::After => layers[1].tiles(
                &ctx,
                keys.1,
                after_src.as_ref(),
                size,
                after_preview_w,
                area,
                spp,
            ),
        };
        let after_boxes = crate::ui::results::after_boxes_of(&j.spec, img);
        // The difference view: computed on the runtime against the before image (lined up
        // when it is the target), then coloured at the gain.
        let heat = difference_heat(
            &ctx,
            &self.compare,
            &self.results,
            (job_id, index),
            &mut j.images[index],
            &side,
            size,
        );
        let overlay = compare::Overlay {
            heat: heat.as_ref(),
            before_boxes: side.boxes.clone(),
            after_boxes,
        };
        compare::show(
            ui,
            &mut self.compare,
            side.tex.as_ref().map(|(t, s)| (t, *s)),
            (&t, size),
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

/// Makes the textures the compare view needs and does not have yet: the before input's, a
/// picked picture's (loading it first) and the shown result's.
fn make_compare_textures(
    ctx: &egui::Context,
    before_file: Option<&(PathBuf, String)>,
    results: &ResultLoader,
    j: &mut JobView,
    (job_id, index): (u64, usize),
    before_idx: usize,
) {
    if let (Some(None), Some(Some(p))) =
        (j.input_textures.get(before_idx), j.inputs.get(before_idx))
    {
        let t = compare::texture(ctx, format!("before-{}-{before_idx}", j.id), p);
        j.input_textures[before_idx] = Some(t);
    }
    // A picture picked from elsewhere: decoded once, on the runtime, then a texture.
    match before_file {
        Some((path, _)) if j.picked.as_ref().map(|p| &p.path) != Some(path) => {
            j.picked = Some(crate::ui::results::ResultImage::at(path.clone()));
            results.load(job_id, Slot::Picked, path.clone());
        }
        Some(_) => {
            if let Some(pk) = j.picked.as_mut()
                && pk.texture.is_none()
                && let Some(p) = &pk.preview
            {
                pk.texture = Some(compare::texture(ctx, format!("picked-{job_id}"), p));
            }
        }
        None => j.picked = None,
    }
    // The result's texture, made here too: the results panel (which also makes it) may be
    // collapsed, and then compare waited for it for ever.
    if let Some(img) = j.images.get_mut(index)
        && img.texture.is_none()
        && let Some(p) = &img.preview
    {
        img.texture = Some(compare::texture(ctx, format!("result-{}-{index}", j.id), p));
    }
}

/// The "before" side as chosen: a picture from elsewhere, another result of the job or an input.
fn before_side(
    state: &compare::CompareState,
    j: &JobView,
    img: &ResultImage,
    job_id: u64,
    index: usize,
    before_idx: usize,
) -> BeforeSide {
    let other = state
        .before_result
        .filter(|&m| m != index)
        .and_then(|m| j.images.get(m).map(|r| (m, r)));
    let picked = j.picked.as_ref().filter(|_| state.before_file.is_some());
    match (picked, other) {
        // A picture from elsewhere: the shown result's counterpart (its boxes carried
        // through the counterpart's own registration) or a result from history.
        (Some(pk), _) => {
            let boxes = img
                .counterpart()
                .filter(|c| c.path == pk.path)
                .map(|c| crate::ui::results::after_boxes_of(&j.spec, &c))
                .unwrap_or_default();
            BeforeSide {
                tex: pk.texture.clone().zip(pk.size),
                src: Some(FullSource::File(pk.path.clone())),
                full: pk.size,
                preview_w: pk.preview.as_ref().map_or(0, |p| p.width),
                sent: pk.size,
                boxes,
                preview: pk.preview.clone(),
                key: (job_id << 20) ^ 0xF_FF03,
                diff_id: 5000,
                is_target: false,
            }
        }
        // Another result of the job as "before" (A/B between results).
        (None, Some((m, r))) => BeforeSide {
            tex: r.texture.clone().zip(r.size),
            src: Some(FullSource::File(r.path.clone())),
            full: r.size,
            preview_w: r.preview.as_ref().map_or(0, |p| p.width),
            sent: r.size,
            boxes: crate::ui::results::after_boxes_of(&j.spec, r),
            preview: r.preview.clone(),
            key: (job_id << 20) ^ ((m as u64) << 8) ^ 2,
            diff_id: 1000 + m,
            is_target: false,
        },
        (None, None) => {
            let tex = j
                .input_textures
                .get(before_idx)
                .cloned()
                .flatten()
                .zip(j.inputs.get(before_idx).cloned().flatten())
                .map(|(t, p)| (t, (p.width, p.height)));
            let input = j.spec.images.get(before_idx);
            // Real pixels: the input's file (its pixels as the user sees the file, when
            // that is what was sent).
            let src = input.and_then(|i| match &i.source {
                crate::api::job::ImageSource::File(p) => Some(FullSource::File(p.clone())),
                _ => None,
            });
            let full = input
                .and_then(|i| i.facts.as_ref())
                .map(|f| (f.width, f.height));
            let preview_w = tex.as_ref().map_or(0, |(_, s)| s.0);
            // Its size as sent, for its boxes and the difference: known once it was
            // prepared (a job reopened from history may not say), else its boxes' frame,
            // else a composite's (on the target's grid), else its preview's.
            let sent = full
                .or(input.and_then(|i| i.boxes_frame))
                .or(j
                    .images
                    .iter()
                    .find(|r| {
                        r.region.as_ref().is_some_and(|g| g.target == before_idx)
                            && r.other.is_some()
                            && !r.showing_raw
                    })
                    .and_then(|r| r.size))
                .or(tex.as_ref().map(|(_, s)| *s));
            // Its own boxes, in its pixels as sent: the side is laid out in those (its
            // preview stretched over them), so that its real-pixel tiles, its boxes and
            // the after side all share one scale.
            let boxes = match (input, sent) {
                (Some(i), Some(_)) => i
                    .boxes
                    .iter()
                    .map(|b| [b.x1, b.y1, b.x2, b.y2].map(|v| v as f32))
                    .collect(),
                _ => Vec::new(),
            };
            BeforeSide {
                tex: tex.map(|(t, shown)| (t, sent.unwrap_or(shown))),
                src,
                full,
                preview_w,
                sent,
                boxes,
                preview: j.inputs.get(before_idx).cloned().flatten(),
                key: (job_id << 20) ^ ((before_idx as u64) << 8),
                diff_id: before_idx,
                is_target: img.region.as_ref().map(|r| r.target) == Some(before_idx),
            }
        }
    }
}

/// The difference view's heat map of the shown result against the before side (`None` outside
/// the difference view, or while it is being computed).
fn difference_heat(
    ctx: &egui::Context,
    state: &compare::CompareState,
    results: &ResultLoader,
    (job_id, index): (u64, usize),
    img: &mut ResultImage,
    side: &BeforeSide,
    size: (u32, u32),
) -> Option<TextureHandle> {
    let mapping = img.mapping();
    let mut heat = None;
    if state.mode == compare::CompareMode::Difference
        && let (Some(full), Some(bp)) = (side.sent, side.preview.clone())
    {
        if img.difference_for != Some(side.diff_id)
            && let Some(rp) = img.preview.clone()
        {
            img.difference_for = Some(side.diff_id);
            img.difference = None;
            img.heat = None;
            let m = match mapping {
                Some(m) if side.is_target => m,
                _ => crate::imaging::register::Mapping::stretched(full, size),
            };
            results.difference((job_id, index), (bp, full), (rp, size), m);
        }
        if let Some(d) = img.difference.clone()
            && img.heat.as_ref().is_none_or(|(g, _)| *g != state.gain)
        {
            let name = format!("heat-{job_id}-{index}");
            let tex = compare::heat_texture(ctx, name, &d, state.gain);
            img.heat = Some((state.gain, tex));
        }
        heat = img.heat.as_ref().map(|(_, t)| t.clone());
    }
    heat
}

/// The "before" side of the compare view: an input of the job, or another of its results.
struct BeforeSide {
    /// Its texture and the pixel size it is laid out in (an input's as sent, a result's own).
    tex: Option<(TextureHandle, (u32, u32))>,
    /// Where its real pixels come from, and their size (for the tiles).
    src: Option<crate::ui::tiles::FullSource>,
    full: Option<(u32, u32)>,
    preview_w: u32,
    /// The pixel size its preview stands for (for the difference).
    sent: Option<(u32, u32)>,
    /// Its boxes, in the pixels of `tex`'s size.
    boxes: Vec<[f32; 4]>,
    preview: Option<Arc<crate::imaging::prepare::Preview>>,
    /// Its tiles' cache key, and what a difference against it is remembered by.
    key: u64,
    diff_id: usize,
    /// It is the image the shown result was lined up with.
    is_target: bool,
}
