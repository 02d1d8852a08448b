//! The strip of inputs: image 1 … image 9 in prompt order, each with its thumbnail and boxes,
//! size and format, repairs or refusal; drag to reorder, Show, Remove.

use egui::{RichText, TextureHandle};

use crate::ui::inputs::{InputSlot, SlotState};
use crate::ui::theme;
use crate::ui::widgets::canvas;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StripAction {
    Select(usize),
    /// Move the image at `from` to `to`.
    Reorder {
        from: usize,
        to: usize,
    },
    Remove(usize),
    /// Make image `i` the target results are composited into.
    MarkTarget(usize),
}

/// Shows the strip; `textures[i]` is slot `i`'s thumbnail when it has one; `target` is the
/// image results will be composited into, when there is one.
pub fn show(
    ui: &mut egui::Ui,
    slots: &[InputSlot],
    textures: &[Option<TextureHandle>],
    selected: usize,
    target: Option<usize>,
) -> Option<StripAction> {
    // Choosing needs a choice: the marker is offered once two images have boxes.
    let boxed = slots.iter().filter(|s| !s.boxes.is_empty()).count();
    let mut action = None;
    // A short window (a laptop's 720 or 800 px) gets lower thumbnails: the canvas needs the room.
    let thumb_height = if ui.ctx().content_rect().height() < 820.0 {
        50.0
    } else {
        90.0
    };
    egui::ScrollArea::horizontal().show(ui, |ui| {
        ui.horizontal(|ui| {
            for (i, slot) in slots.iter().enumerate() {
                let tex = textures.get(i).cloned().flatten();
                let stroke = if i == selected {
                    egui::Stroke::new(2.0, ui.visuals().selection.stroke.color)
                } else {
                    egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
                };
                let frame = egui::Frame::group(ui.style())
                    .stroke(stroke)
                    .show(ui, |ui| {
                        ui.set_width(150.0);
                        ui.vertical(|ui| {
                            // The picture and its name are the drag handle; the buttons stay
                            // outside it so that a click on them is never taken for a drag.
                            let drag = ui.dnd_drag_source(
                                egui::Id::unique(("input-card", slot.id)),
                                i,
                                |ui| {
                                    slot_card(
                                        ui,
                                        i,
                                        slot,
                                        tex.as_ref(),
                                        target == Some(i),
                                        thumb_height,
                                    )
                                },
                            );
                            // The drag handle senses drags only: a mouse click on it is read
                            // from the pointer (assistive tools click it as a widget).
                            let clicked = drag.response.clicked()
                                || (drag.response.contains_pointer()
                                    && ui.input(|inp| inp.pointer.primary_clicked()));
                            if clicked {
                                action = Some(StripAction::Select(i));
                            }
                            // Its words sit outside the handle, so that their hover texts show.
                            drag.response.on_hover_text(crate::t!(
                                "strip-card-hover",
                                number = i + 1,
                                name = slot.source.display_name()
                            ));
                            slot_status(ui, slot);
                            ui.horizontal(|ui| {
                                let show_label = crate::t!("strip-show-image", number = i + 1);
                                let show = ui
                                    .small_button(crate::t!("strip-show"))
                                    .on_hover_text(crate::t!("strip-show-hover", number = i + 1));
                                show.widget_info(|| {
                                    egui::WidgetInfo::labeled(egui::Role::Button, true, &show_label)
                                });
                                if show.clicked() {
                                    action = Some(StripAction::Select(i));
                                }
                                let remove_label = crate::t!("strip-remove-image", number = i + 1);
                                let rm = ui
                                    .small_button(crate::t!("strip-remove"))
                                    .on_hover_text(&remove_label);
                                rm.widget_info(|| {
                                    egui::WidgetInfo::labeled(
                                        egui::Role::Button,
                                        true,
                                        &remove_label,
                                    )
                                });
                                // The second press of a double click lands on the card
                                // that slid into this one's place: not a second Remove.
                                if rm.clicked() && !rm.double_clicked() && !rm.triple_clicked() {
                                    action = Some(StripAction::Remove(i));
                                }
                                if target != Some(i) && boxed >= 2 && !slot.boxes.is_empty() {
                                    let label = crate::t!("strip-make-target", number = i + 1);
                                    let b = ui
                                        .small_button(crate::t!("strip-target"))
                                        .on_hover_text(crate::t!("strip-target-hover"));
                                    b.widget_info(|| {
                                        egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                                    });
                                    if b.clicked() {
                                        action = Some(StripAction::MarkTarget(i));
                                    }
                                }
                            });
                        });
                    });
                if let Some(from) = frame.response.dnd_release_payload::<usize>() {
                    action = Some(StripAction::Reorder { from: *from, to: i });
                }
            }
            if slots.is_empty() {
                ui.label(RichText::new(crate::t!("strip-empty")).weak());
            }
        });
    });
    action
}

/// The picture, number and name of one input: its card's drag handle.
fn slot_card(
    ui: &mut egui::Ui,
    i: usize,
    slot: &InputSlot,
    tex: Option<&TextureHandle>,
    is_target: bool,
    thumb_height: f32,
) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{}", i + 1)).strong().size(18.0));
            if is_target {
                ui.label(crate::ui::widgets::icon::TARGET.rich_text())
                    .on_hover_text(crate::t!("strip-is-target-hover"));
                ui.label(RichText::new(crate::t!("strip-is-target")).small().strong())
                    .on_hover_text(crate::t!("strip-is-target-hover"));
            }
            ui.label(RichText::new(&slot.name).small());
        });
        let (r, _) = ui.allocate_exact_size(egui::vec2(140.0, thumb_height), egui::Sense::hover());
        match (&slot.state, tex) {
            (SlotState::Ready(ready), Some(t)) => {
                let fit = canvas::View::fit(r, ready.facts.width, ready.facts.height);
                let to = |x: f32, y: f32| fit.to_screen(r, egui::pos2(x, y));
                let img_rect = egui::Rect::from_min_max(
                    to(0.0, 0.0),
                    to(ready.facts.width as f32, ready.facts.height as f32),
                );
                let uv = egui::Rect::from_min_max(egui::Pos2::ZERO, egui::pos2(1.0, 1.0));
                ui.painter().image(t.id(), img_rect, uv, theme::NO_TINT);
                for (bi, b) in slot.boxes.iter().enumerate() {
                    let br = egui::Rect::from_min_max(
                        to(b.x1 as f32, b.y1 as f32),
                        to(b.x2 as f32, b.y2 as f32),
                    );
                    ui.painter().rect_stroke(
                        br,
                        0.0,
                        egui::Stroke::new(1.5, theme::BOX_COLOURS[bi % 2]),
                        egui::StrokeKind::Outside,
                    );
                }
            }
            (SlotState::Loading, _) => {
                ui.put(r, egui::Spinner::new());
            }
            _ => {
                ui.painter().rect_filled(r, 4.0, theme::error_fill(ui));
            }
        }
    });
}

/// What became of one input (its size and format, repaired, refused), with the details on
/// hover: below its card's handle.
fn slot_status(ui: &mut egui::Ui, slot: &InputSlot) {
    match &slot.state {
        SlotState::Ready(ready) => {
            use crate::imaging::prepare::Repair;
            // Leaving a camera's EXIF out of the upload is not a repair to be warned
            // about: it is said on hover over the size, quietly.
            let facts = ui.label(
                RichText::new(format!(
                    "{}×{} · {}",
                    ready.facts.width, ready.facts.height, ready.source_format
                ))
                .small(),
            );
            if ready.repairs.contains(&Repair::MetadataLeftOut) {
                facts.on_hover_text(Repair::MetadataLeftOut.to_string());
            }
            let repairs: Vec<&Repair> = ready
                .repairs
                .iter()
                .filter(|r| **r != Repair::MetadataLeftOut)
                .collect();
            if !repairs.is_empty() {
                ui.label(
                    RichText::new(crate::t!("strip-repaired"))
                        .small()
                        .color(theme::warn(ui)),
                )
                .on_hover_text(
                    repairs
                        .iter()
                        .map(|r| r.to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
        }
        SlotState::Loading => {
            ui.label(RichText::new(crate::t!("strip-loading")).small());
        }
        SlotState::Refused(why) => {
            ui.label(
                RichText::new(crate::t!("strip-refused"))
                    .small()
                    .color(theme::error(ui)),
            )
            .on_hover_text(why);
        }
    }
}
