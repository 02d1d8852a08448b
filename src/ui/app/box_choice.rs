//! The box view of the Compare tab: each box of a job with its candidates side by side (the
//! original and every result, composited, at 1:1), one taken per box by a click or 0…9. The
//! engine makes the composite of the choice from history's copies (nothing is sent, nothing
//! billed) and keeps the choice with the job; the view shows it as soon as it is made.

use egui::{RichText, Sense, vec2};

use super::WanEditApp;
use crate::i18n::Said;
use crate::jobs::choice::{Candidates, KeepRequest, Kept};
use crate::jobs::work::choice::ChoiceCommand;
use crate::ui::pictures::PictureId;
use crate::ui::results::{JobView, KeptView, Slot};
use crate::ui::theme;

/// What the box view shows: the candidates of one box of one job, as the engine cut them.
pub struct BoxView {
    /// The box shown (0-based), per the job shown.
    pub box_index: usize,
    /// The job and box the candidates below are for (or are being cut for).
    pub key: Option<(u64, usize)>,
    pub candidates: Option<Result<Candidates, Said>>,
    /// Every candidate in the view's width (smaller than 1:1 when needed).
    pub fit_all: bool,
}

impl Default for BoxView {
    fn default() -> Self {
        BoxView {
            box_index: 0,
            key: None,
            candidates: None,
            // All in view: no candidate out of sight (the zoom is said under them).
            fit_all: true,
        }
    }
}

/// What the choice's room answered.
pub enum ChoiceNews {
    Candidates(u64, usize, Result<Candidates, Said>),
    Kept(u64, Result<Kept, Said>),
}

/// Whether the shown result's job can take each box from a result of its own: it composited,
/// it is in history, and it was sent in one call.
pub fn can_choose(j: &JobView, index: usize) -> bool {
    j.history_id.is_some()
        && j.spec.part.is_none()
        && j.images.get(index).is_some_and(|i| i.region.is_some())
        && j.spec
            .composite_target()
            .is_some_and(|t| !j.spec.images[t].boxes.is_empty())
}

/// The job's boxes (in the target's pixels).
fn boxes_of(j: &JobView) -> Vec<crate::api::job::BBox> {
    j.spec
        .composite_target()
        .map(|t| j.spec.images[t].boxes.clone())
        .unwrap_or_default()
}

impl WanEditApp {
    /// The box view of result `index` of job `job_id` (see the module's notes).
    pub(super) fn box_view_ui(&mut self, ui: &mut egui::Ui, job_id: u64, index: usize) {
        let Some(j) = self.runs.jobs.iter().find(|j| j.id == job_id) else {
            return;
        };
        let boxes = boxes_of(j);
        let count = boxes.len();
        if count == 0 {
            return;
        }
        let view = &mut self.runs.box_view;
        view.box_index %= count;
        let k = view.box_index;
        // Candidates are cut once per (job, box), on the runtime.
        if view.key != Some((job_id, k)) {
            view.key = Some((job_id, k));
            view.candidates = None;
            if let Some(id) = j.history_id.clone() {
                self.door.send(ChoiceCommand::Candidates {
                    id,
                    box_index: k,
                    reply: self
                        .post
                        .map(move |r| super::Inbound::Choice(ChoiceNews::Candidates(job_id, k, r))),
                });
            }
        }
        let results = j.images.len();
        let picks = j.choice.clone().unwrap_or_else(|| vec![index + 1; count]);
        // Keys: 0…9 take a candidate for this box, Tab goes to the next box.
        let (taken_by_key, next) = if ui.ctx().text_edit_focused() {
            (None, false)
        } else {
            ui.ctx().input(|i| {
                use crate::ui::shortcuts::{Action, pressed};
                (
                    pressed(i, Action::TakeCandidate),
                    pressed(i, Action::NextCrop).is_some(),
                )
            })
        };
        if next {
            self.runs.box_view.box_index = (k + 1) % count;
        }
        ui.horizontal_wrapped(|ui| {
            for (b, _) in boxes.iter().enumerate() {
                let label = match picks.get(b) {
                    Some(0) => crate::t!("choice-box-original", number = b + 1),
                    Some(&r) => crate::t!("choice-box-from", number = b + 1, result = r),
                    None => crate::t!("compare-crop-of", number = b + 1, count = count),
                };
                if ui.selectable_label(b == k, label).clicked() {
                    self.runs.box_view.box_index = b;
                }
            }
        });
        ui.label(RichText::new(crate::t!("boxes-view-help")).small().weak());
        if let Some(c) = taken_by_key.filter(|&c| c > results) {
            self.say(crate::said!(
                "choice-no-such-result",
                result = c,
                results = results
            ));
        }
        let mut taken = taken_by_key.filter(|&c| c <= results);
        let cut = self.runs.box_view.candidates.clone();
        match &cut {
            None => {
                ui.spinner();
            }
            Some(Err(why)) => {
                ui.label(RichText::new(why.words()).color(theme::warn(ui)));
            }
            Some(Ok(c)) if c.box_index == k => {
                if let Some(c) = self.candidate_row(ui, job_id, c, picks.get(k).copied()) {
                    taken = Some(c);
                }
            }
            Some(Ok(_)) => {
                ui.spinner();
            }
        }
        if let Some(c) = taken {
            self.take_candidate(job_id, k, c, index);
        }
        self.kept_ui(ui, job_id);
    }

    /// The candidates of one box side by side; the one clicked, if any.
    fn candidate_row(
        &mut self,
        ui: &mut egui::Ui,
        job_id: u64,
        c: &Candidates,
        taken: Option<usize>,
    ) -> Option<usize> {
        let ctx = ui.ctx().clone();
        let ppp = ctx.pixels_per_point();
        let tallest = c
            .pictures
            .iter()
            .flatten()
            .map(|p| p.height)
            .max()
            .unwrap_or(1) as f32
            / ppp;
        // At 1:1 (one image pixel on one screen pixel) while half the room is enough.
        let room = (ui.available_height() * 0.45).max(theme::size::CANDIDATE_MIN);
        let mut fit = (room / tallest).min(1.0);
        if self.runs.box_view.fit_all {
            // Every candidate in the width (the gaps between them counted).
            let gap = ui.spacing().item_spacing.x;
            let widths: f32 = c
                .pictures
                .iter()
                .flatten()
                .map(|p| p.width as f32 / ppp)
                .sum();
            let n = c.pictures.len() as f32;
            let room_x = ui.available_width() - gap * n;
            fit = fit.min(room_x / widths.max(1.0));
        }
        let percent = (c.scale * fit * 100.0).round();
        let mut clicked = None;
        let height =
            tallest * fit + ui.text_style_height(&egui::TextStyle::Body) + theme::space::ROW;
        egui::ScrollArea::horizontal()
            .id_salt("box-candidates")
            .auto_shrink([false, true])
            .max_height(height)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for (n, picture) in c.pictures.iter().enumerate() {
                        let name = if n == 0 {
                            crate::t!("choice-original")
                        } else {
                            crate::t!("compare-result", number = n)
                        };
                        ui.vertical(|ui| {
                            let is_taken = taken == Some(n);
                            let caption = if is_taken {
                                crate::t!("choice-taken", name = name.clone())
                            } else {
                                name.clone()
                            };
                            ui.add(
                                egui::Label::new(RichText::new(caption).strong())
                                    .wrap_mode(egui::TextWrapMode::Extend),
                            );
                            let Some(p) = picture else {
                                ui.label(RichText::new(crate::t!("choice-no-candidate")).weak());
                                return;
                            };
                            let id = PictureId::Candidate {
                                job: job_id,
                                box_index: c.box_index,
                                candidate: n,
                            };
                            let tex = self.pictures.of(&ctx, id, p, crate::ui::tiles::PIXELS);
                            let size = vec2(p.width as f32, p.height as f32) / ppp * fit;
                            let (rect, response) = ui.allocate_exact_size(size, Sense::click());
                            ui.painter().image(
                                tex.id(),
                                rect,
                                egui::Rect::from_min_max(
                                    egui::pos2(0.0, 0.0),
                                    egui::pos2(1.0, 1.0),
                                ),
                                egui::Color32::WHITE,
                            );
                            // The box within the cut.
                            let s = size.x / (c.rect[2] - c.rect[0]) as f32;
                            let b = egui::Rect::from_min_max(
                                rect.min
                                    + vec2(
                                        (c.bbox.x1 - c.rect[0]) as f32 * s,
                                        (c.bbox.y1 - c.rect[1]) as f32 * s,
                                    ),
                                rect.min
                                    + vec2(
                                        (c.bbox.x2 - c.rect[0]) as f32 * s,
                                        (c.bbox.y2 - c.rect[1]) as f32 * s,
                                    ),
                            );
                            let colour = theme::BOX_COLOURS[c.box_index % theme::BOX_COLOURS.len()];
                            ui.painter().rect_stroke(
                                b,
                                0.0,
                                egui::Stroke::new(1.0, colour),
                                egui::StrokeKind::Outside,
                            );
                            if is_taken {
                                ui.painter().rect_stroke(
                                    rect,
                                    0.0,
                                    egui::Stroke::new(3.0, ui.visuals().selection.bg_fill),
                                    egui::StrokeKind::Outside,
                                );
                            }
                            let label = crate::t!(
                                "choice-candidate",
                                number = c.box_index + 1,
                                name = name.clone()
                            );
                            response.widget_info(|| {
                                egui::WidgetInfo::selected(
                                    egui::Role::Button,
                                    true,
                                    is_taken,
                                    &label,
                                )
                            });
                            let response =
                                response.on_hover_text(crate::t!("choice-take-hover", key = n));
                            if response.clicked() {
                                clicked = Some(n);
                            }
                        });
                    }
                });
            });
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(crate::t!("choice-scale", percent = percent))
                    .small()
                    .weak(),
            );
            ui.checkbox(&mut self.runs.box_view.fit_all, crate::t!("choice-fit-all"))
                .on_hover_text(crate::t!("choice-fit-all-hover"));
        });
        clicked
    }

    /// Takes candidate `candidate` (0: the original) for box `box_index` of a job; the engine
    /// makes the composite.
    pub(super) fn take_candidate(
        &mut self,
        job_id: u64,
        box_index: usize,
        candidate: usize,
        shown: usize,
    ) {
        let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        let Some(id) = j.history_id.clone() else {
            return;
        };
        let count = boxes_of(j).len();
        let mut picks = j.choice.clone().unwrap_or_else(|| vec![shown + 1; count]);
        if box_index >= picks.len() || candidate > j.images.len() {
            return;
        }
        if j.choice.as_ref() == Some(&picks) && picks[box_index] == candidate {
            return; // already so
        }
        picks[box_index] = candidate;
        j.choice = Some(picks.clone());
        j.keeping = true;
        j.choice_said = None;
        self.door.send(ChoiceCommand::Keep {
            request: KeepRequest {
                id,
                boxes: picks,
                mask: None,
                out_dir: None,
                replace_previous: true,
            },
            reply: self
                .post
                .map(move |r| super::Inbound::Choice(ChoiceNews::Kept(job_id, r))),
        });
    }

    /// What the choice made: its sentence and its picture, with the boxes outlined.
    fn kept_ui(&mut self, ui: &mut egui::Ui, job_id: u64) {
        let Some(j) = self.runs.jobs.iter().find(|j| j.id == job_id) else {
            return;
        };
        ui.separator();
        if let Some(why) = &j.choice_said {
            ui.label(RichText::new(why.words()).color(theme::warn(ui)));
        }
        let Some(kept) = &j.kept else {
            let words = if j.keeping {
                crate::t!("choice-making")
            } else {
                crate::t!("choice-none-yet")
            };
            ui.label(RichText::new(words).weak());
            return;
        };
        ui.horizontal(|ui| {
            if j.keeping {
                ui.spinner();
            }
            ui.label(kept_sentence(kept));
        });
        let (Some(p), Some(size)) = (kept.preview.clone(), kept.size) else {
            ui.spinner();
            return;
        };
        let boxes = boxes_of(j);
        let ctx = ui.ctx().clone();
        let tex = self.pictures.of(
            &ctx,
            PictureId::Kept { job: job_id },
            &p,
            crate::ui::tiles::PIXELS,
        );
        let avail = ui.available_size();
        let fit = (avail.x / size.0 as f32).min(avail.y / size.1 as f32);
        let shown = vec2(size.0 as f32, size.1 as f32) * fit;
        let (rect, response) = ui.allocate_exact_size(shown, Sense::hover());
        let label = crate::t!("choice-kept-picture");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
        ui.painter().image(
            tex.id(),
            rect,
            egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
            egui::Color32::WHITE,
        );
        for (k, b) in boxes.iter().enumerate() {
            let r = egui::Rect::from_min_max(
                rect.min + vec2(b.x1 as f32, b.y1 as f32) * fit,
                rect.min + vec2(b.x2 as f32, b.y2 as f32) * fit,
            );
            ui.painter().rect_stroke(
                r,
                0.0,
                egui::Stroke::new(1.5, theme::BOX_COLOURS[k % theme::BOX_COLOURS.len()]),
                egui::StrokeKind::Outside,
            );
        }
    }

    /// Takes what the choice's room answered.
    pub(super) fn receive_choice(&mut self, news: ChoiceNews) {
        match news {
            ChoiceNews::Candidates(job, k, r) => {
                if self.runs.box_view.key == Some((job, k)) {
                    self.runs.box_view.candidates = Some(r);
                }
            }
            ChoiceNews::Kept(job, r) => {
                let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == job) else {
                    return;
                };
                j.keeping = false;
                match r {
                    Ok(k) => {
                        // History's list shows the choice too (Reopen, the tree, Export).
                        self.library.history.refresh();
                        let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == job) else {
                            return;
                        };
                        // An answer to an older choice than the one shown is not shown.
                        if j.choice.as_ref().is_some_and(|c| *c != k.boxes) {
                            return;
                        }
                        j.kept = Some(KeptView {
                            boxes: k.boxes,
                            path: k.path,
                            preview: Some(k.preview),
                            size: Some(k.size),
                        });
                    }
                    Err(why) => j.choice_said = Some(why),
                }
            }
        }
    }

    /// A choice made elsewhere (`wanedit compose`, another window) for a job shown here, as
    /// History read it again: shown, unless a choice of this window's is on its way.
    pub(super) fn choices_from_history(&mut self) {
        let changed: Vec<(u64, crate::store::history::Choice)> = self
            .runs
            .jobs
            .iter()
            .filter(|j| !j.keeping)
            .filter_map(|j| {
                let e = self.library.history.get(j.history_id.as_deref()?)?;
                let c = e.choice.clone()?;
                let shown = j.kept.as_ref().map(|k| (&k.boxes, &k.path));
                (shown != Some((&c.boxes, c.saved_as.as_ref()?))).then_some((j.id, c))
            })
            .collect();
        for (job, c) in changed {
            self.show_kept(job, &c);
        }
    }

    /// A job shown from History with a kept choice: its choice and its picture (decoded on the
    /// runtime).
    pub(super) fn show_kept(&mut self, job_id: u64, choice: &crate::store::history::Choice) {
        let store = self.library.history.history().clone();
        let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        j.choice = Some(choice.boxes.clone());
        let path = choice
            .file
            .as_ref()
            .map(|f| store.file_path(f))
            .or_else(|| choice.saved_as.clone());
        if let Some(path) = path {
            j.kept = Some(KeptView {
                boxes: choice.boxes.clone(),
                path: choice.saved_as.clone().unwrap_or_else(|| path.clone()),
                preview: None,
                size: None,
            });
            self.runs.results.load(job_id, Slot::Kept, path);
        }
    }
}

/// "Kept: box 1 from result 2, box 2 original — written to …".
fn kept_sentence(kept: &KeptView) -> String {
    let boxes: Vec<String> = kept
        .boxes
        .iter()
        .enumerate()
        .map(|(k, &r)| match r {
            0 => crate::t!("choice-box-original", number = k + 1),
            r => crate::t!("choice-box-from", number = k + 1, result = r),
        })
        .collect();
    crate::t!(
        "choice-kept",
        boxes = boxes.join(&crate::t!("list-separator")),
        path = kept.path.display().to_string()
    )
}
