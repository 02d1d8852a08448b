//! The box readout beside the canvas: the image's size as sent, what was repaired, each box's
//! pixel coordinates (editable), and the `bbox_list` exactly as the request will carry it.

use egui::RichText;

use crate::api::job::BBox;
use crate::ui::theme;
use crate::ui::widgets::boxes;

/// What the readout reads.
pub struct ReadoutView {
    /// 1-based number of the image shown ("image 1").
    pub number: usize,
    /// Whether there is an image at all.
    pub has_image: bool,
    /// Its size as sent (`None`: still loading).
    pub size: Option<(u32, u32)>,
    /// What was repaired on the way, as sentences.
    pub repairs: Vec<String>,
    /// Why the model takes no boxes, if it does not.
    pub boxes_unsupported: Option<String>,
    /// The `bbox_list` of the whole job, as JSON.
    pub bbox_list: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadoutAction {
    /// A coordinate was edited (and clamped to the image).
    Edited,
    /// This box was removed.
    Deleted(usize),
}

/// Shows the readout; `boxes` are the shown image's, edited in place.
pub fn show(
    ui: &mut egui::Ui,
    boxes: Option<&mut Vec<BBox>>,
    view: &ReadoutView,
) -> Option<ReadoutAction> {
    ui.heading(crate::t!("readout-boxes"));
    if let Some(r) = &view.boxes_unsupported {
        ui.label(RichText::new(r).color(theme::warn(ui)));
    }
    let number = view.number;
    let Some(boxes) = boxes.filter(|_| view.has_image) else {
        ui.label(crate::t!("readout-no-image"));
        return None;
    };
    let Some((w, h)) = view.size else {
        ui.label(crate::t!("readout-not-ready", number = number));
        return None;
    };
    ui.label(crate::t!(
        "readout-size",
        number = number,
        width = w,
        height = h
    ));
    for rep in &view.repairs {
        ui.label(RichText::new(format!("• {rep}")).small());
    }
    ui.add_space(crate::ui::theme::space::GROUP);
    if boxes.is_empty() {
        ui.label(RichText::new(crate::t!("readout-how-to-draw")).weak());
    }
    let mut changed = false;
    let mut delete = None;
    for (bi, b) in boxes.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.label(
                // A chip in the box's colour: legible on light and dark panels alike.
                RichText::new(format!(
                    " {} ",
                    crate::t!("box-name-short", number = bi + 1)
                ))
                .background_color(theme::BOX_COLOURS[bi % 2])
                .color(theme::ON_BOX_COLOUR)
                .strong(),
            );
            if ui
                .small_button(crate::t!("readout-delete"))
                .on_hover_text(crate::t!("readout-delete-hover", box = bi + 1, number = number))
                .clicked()
            {
                delete = Some(bi);
            }
        });
        egui::Grid::new(("box-fields", bi))
            .num_columns(4)
            .show(ui, |ui| {
                for (name, v, max) in [
                    ("x1", &mut b.x1, w),
                    ("y1", &mut b.y1, h),
                    ("x2", &mut b.x2, w),
                    ("y2", &mut b.y2, h),
                ] {
                    let l = ui.label(name);
                    let r = ui
                        .add(egui::DragValue::new(v).range(0..=max).speed(1.0))
                        .labelled_by(l.id)
                        .on_hover_text(crate::t!(
                            "readout-field-hover",
                            box = bi + 1,
                            field = name,
                            number = number
                        ));
                    changed |= r.drag_stopped() || r.lost_focus();
                    if name == "y1" {
                        ui.end_row();
                    }
                }
                ui.end_row();
            });
        let clamped = boxes::clamp(*b, w, h);
        if clamped != *b && changed {
            *b = clamped;
        }
        ui.label(
            RichText::new(format!(
                "{} × {} px",
                b.x2.saturating_sub(b.x1),
                b.y2.saturating_sub(b.y1)
            ))
            .small()
            .weak(),
        );
        ui.add_space(crate::ui::theme::space::TIGHT);
    }
    let action = if let Some(d) = delete {
        boxes.remove(d);
        Some(ReadoutAction::Deleted(d))
    } else {
        changed.then_some(ReadoutAction::Edited)
    };
    ui.separator();
    ui.label(RichText::new(crate::t!("readout-as-sent")).small().strong());
    ui.label(RichText::new(&view.bbox_list).monospace().small());
    action
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    /// The readout on its own boxes: deleting box 1 leaves box 2 and says which went.
    #[test]
    fn the_readout_edits_and_deletes_its_boxes() {
        let view = ReadoutView {
            number: 1,
            has_image: true,
            size: Some((600, 400)),
            repairs: vec!["turned upright following its EXIF orientation".into()],
            boxes_unsupported: None,
            bbox_list: "[[[10,10,100,100],[200,200,300,300]]]".into(),
        };
        let mut harness = Harness::builder()
            .with_size(egui::vec2(300.0, 600.0))
            .with_context_setup(crate::ui::install_look)
            .build_ui_state(
                move |ui, (b, last): &mut (Vec<BBox>, Vec<ReadoutAction>)| {
                    if let Some(a) = show(ui, Some(b), &view) {
                        last.push(a);
                    }
                },
                (
                    vec![BBox::new(10, 10, 100, 100), BBox::new(200, 200, 300, 300)],
                    Vec::new(),
                ),
            );
        harness.get_by_label_contains("turned upright");
        harness.get_by_label("[[[10,10,100,100],[200,200,300,300]]]");
        harness.get_all_by_label("Delete").next().unwrap().click();
        harness.run();
        assert_eq!(harness.state().1, vec![ReadoutAction::Deleted(0)]);
        assert_eq!(harness.state().0, vec![BBox::new(200, 200, 300, 300)]);
    }
}
