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
        let (r, _) = ui.allocate_exact_size(
            egui::vec2(crate::ui::theme::size::CARD_WIDTH, thumb_height),
            egui::Sense::hover(),
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::InputFormat;
    use crate::api::job::{BBox, ImageFacts, ImageSource};
    use crate::i18n::{Lang, set_for_this_thread};
    use crate::imaging::prepare::Repair;
    use crate::ui::inputs::ReadyImage;
    use egui::Modifiers;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    struct Strip {
        slots: Vec<InputSlot>,
        target: Option<usize>,
        actions: Vec<StripAction>,
    }

    fn ready(width: u32, height: u32, repairs: Vec<Repair>) -> SlotState {
        SlotState::Ready(Box::new(ReadyImage {
            facts: ImageFacts {
                width,
                height,
                format: Some(InputFormat::Png),
                file_bytes: 1000,
                has_alpha: false,
            },
            source_format: "PNG",
            repairs,
            send_bytes: None,
            preview: None,
            thumb: None,
            generation: 0,
        }))
    }

    fn slot(id: u64, name: &str, state: SlotState, boxes: Vec<BBox>) -> InputSlot {
        InputSlot {
            id,
            source: ImageSource::File(format!("/photos/{name}").into()),
            name: name.into(),
            state,
            boxes,
            mask: Vec::new(),
            boxes_frame: None,
        }
    }

    /// Three images: a cup (boxed, upright from its EXIF), a logo (boxed, refused), a pen.
    fn three() -> Vec<InputSlot> {
        vec![
            slot(
                1,
                "cup.png",
                ready(600, 400, vec![Repair::Oriented]),
                vec![BBox::new(10, 10, 100, 100)],
            ),
            slot(
                2,
                "logo.png",
                SlotState::Refused("not an image file".into()),
                vec![BBox::new(5, 5, 50, 50)],
            ),
            slot(3, "pen.png", ready(300, 200, Vec::new()), Vec::new()),
        ]
    }

    /// The strip on its own slots (no textures), image 1 selected.
    fn strip(slots: Vec<InputSlot>, target: Option<usize>) -> Harness<'static, Strip> {
        set_for_this_thread(Some(Lang::En));
        let mut h = Harness::builder()
            .with_size(egui::vec2(900.0, 400.0))
            .with_context_setup(crate::ui::install_look)
            .build_ui_state(
                |ui, s: &mut Strip| {
                    if let Some(a) = show(ui, &s.slots, &[], 0, s.target) {
                        s.actions.push(a);
                    }
                },
                Strip {
                    slots,
                    target,
                    actions: Vec::new(),
                },
            );
        h.run();
        h
    }

    /// Each card says what became of its image; Show, Remove, the target marker and a click on
    /// the card come back as the action for that image's number.
    #[test]
    fn the_strip_says_what_became_of_each_image_and_returns_what_was_pressed() {
        let mut h = strip(three(), Some(0));
        h.get_by_label("600×400 · PNG");
        h.get_by_label("300×200 · PNG");
        assert_eq!(
            h.query_all_by_label("repaired").count(),
            1,
            "only the cup was repaired"
        );
        h.get_by_label("refused");
        // Image 1 is the target and says so; image 3 has no boxes: neither is offered.
        h.get_by_label("Target");
        assert!(h.query_by_label("Make image 1 the target").is_none());
        assert!(h.query_by_label("Make image 3 the target").is_none());
        assert!(h.state().actions.is_empty());

        h.get_by_label("Show image 2").click();
        h.run();
        h.get_by_label("Remove image 3").click();
        h.run();
        h.get_by_label("Make image 2 the target").click();
        h.run();
        h.get_by_label("pen.png").click();
        h.run();
        assert_eq!(
            h.state().actions,
            vec![
                StripAction::Select(1),
                StripAction::Remove(2),
                StripAction::MarkTarget(1),
                StripAction::Select(2),
            ]
        );
    }

    /// With one boxed image there is nothing to choose: no target marker anywhere.
    #[test]
    fn the_target_marker_needs_two_boxed_images() {
        let mut slots = three();
        slots[1].boxes.clear();
        let h = strip(slots, None);
        for n in 1..=3 {
            assert!(
                h.query_by_label(&format!("Make image {n} the target"))
                    .is_none(),
                "image {n}"
            );
        }
        assert!(h.query_by_label("Target").is_none());
    }

    /// Dragging image 3's card onto image 1's asks to move it there.
    #[test]
    fn dragging_a_card_onto_another_asks_to_reorder() {
        let mut h = strip(three(), None);
        let from = h.get_by_label("pen.png").rect().center();
        let to = h.get_by_label("cup.png").rect().center();
        crate::ui::widgets::testing::drag(&mut h, from, to, Modifiers::default());
        assert_eq!(
            h.state().actions,
            vec![StripAction::Reorder { from: 2, to: 0 }]
        );
    }

    #[test]
    fn an_empty_strip_says_how_to_add_images() {
        let mut h = strip(Vec::new(), None);
        h.get_by_label_contains("No images yet");
        h.run();
        assert!(h.state().actions.is_empty());
    }
}
