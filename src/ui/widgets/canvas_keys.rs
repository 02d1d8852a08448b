//! The canvas's keys: which were pressed (from the shortcut table), and what they do to the
//! boxes and the mask's tools; each box as a focusable widget with its accessible name.

use egui::{Rect, Sense, pos2};

use super::boxes;
use super::canvas::{CanvasImage, CanvasOutput, CanvasState, Tool, View};
use crate::api::job::BBox;

/// The view shortcuts the canvas and the compare share, when no text field has the keyboard:
/// whether `F` (fit) was pressed, and the device pixels per image pixel `1`, `2`, `4` or `8`
/// ask for (100 %, 200 %, 400 %, 800 %).
pub fn zoom_keys(ctx: &egui::Context) -> (bool, Option<f32>) {
    use crate::ui::shortcuts::{Action as A, pressed};
    if ctx.text_edit_focused() {
        return (false, None);
    }
    ctx.input(|i| {
        let scale = [
            (A::Zoom100, 1.0),
            (A::Zoom200, 2.0),
            (A::Zoom400, 4.0),
            (A::Zoom800, 8.0),
        ]
        .into_iter()
        .find(|(a, _)| pressed(i, *a).is_some())
        .map(|(_, s)| s);
        (pressed(i, A::Fit).is_some(), scale)
    })
}

/// The box keys pressed this frame (see [`crate::ui::shortcuts`]).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct BoxKeys {
    new: bool,
    next: bool,
    previous: bool,
    delete: bool,
    deselect: bool,
    nudge: Option<(i32, i32)>,
    far_edge: Option<(i32, i32)>,
    near_edge: Option<(i32, i32)>,
    /// A tool chosen (R, P, E, L).
    tool: Option<Tool>,
    /// `[` or `]`: the brush smaller (`false`) or larger (`true`).
    brush: Option<bool>,
}

impl BoxKeys {
    pub(super) fn read(i: &egui::InputState) -> BoxKeys {
        use crate::ui::shortcuts::{Action as A, arrow, pressed};
        let arrows = |one: A, ten: A| {
            pressed(i, one)
                .map(|k| arrow(k, false))
                .or_else(|| pressed(i, ten).map(|k| arrow(k, true)))
        };
        BoxKeys {
            new: pressed(i, A::NewBox).is_some(),
            next: pressed(i, A::NextBox).is_some(),
            previous: pressed(i, A::PreviousBox).is_some(),
            delete: pressed(i, A::DeleteBox).is_some(),
            deselect: pressed(i, A::Deselect).is_some(),
            nudge: arrows(A::MoveBox, A::MoveBoxFar),
            far_edge: arrows(A::MoveFarEdge, A::MoveFarEdgeFar),
            near_edge: arrows(A::MoveNearEdge, A::MoveNearEdgeFar),
            tool: [
                (A::ToolBox, Tool::Box),
                (A::ToolBrush, Tool::Brush),
                (A::ToolEraser, Tool::Eraser),
                (A::ToolLasso, Tool::Lasso),
            ]
            .into_iter()
            .find(|(a, _)| pressed(i, *a).is_some())
            .map(|(_, t)| t),
            brush: if pressed(i, A::BrushLarger).is_some() {
                Some(true)
            } else if pressed(i, A::BrushSmaller).is_some() {
                Some(false)
            } else {
                None
            },
        }
    }
}

/// The accessible name of a box: "Box 1 on image 2, 120,40 – 420,240".
pub fn box_name(index: usize, image: usize, b: &BBox) -> String {
    crate::t!(
        "box-name",
        number = index + 1,
        image = image,
        x1 = b.x1,
        y1 = b.y1,
        x2 = b.x2,
        y2 = b.y2
    )
}

/// Arrows and Tab stay with a focused box (or the canvas) instead of moving the focus.
const KEEP_ARROWS: egui::EventFilter = egui::EventFilter {
    tab: false,
    horizontal_arrows: true,
    vertical_arrows: true,
    escape: false,
};

/// Where the canvas is this frame.
pub(super) struct Place<'a> {
    pub response: &'a egui::Response,
    pub rect: Rect,
    pub view: View,
    /// The pointer is over the canvas.
    pub hovered: bool,
}

/// Applies this frame's box keys and registers each box as a widget of its own.
pub(super) fn keyboard(
    ui: &mut egui::Ui,
    place: &Place<'_>,
    state: &mut CanvasState,
    image: &CanvasImage<'_>,
    boxes: &mut Vec<BBox>,
    keys: BoxKeys,
    out: &mut CanvasOutput,
) {
    let (w, h) = (image.width, image.height);
    let view = place.view;
    // Keys act on the boxes while the canvas or one of its boxes has the keyboard focus, or
    // the pointer is over the canvas and no text field has the keyboard.
    let box_id = |i: usize| place.response.id.with(("box", i));
    let focused_box = (0..boxes.len()).find(|&i| ui.memory(|m| m.has_focus(box_id(i))));
    if focused_box.is_some() {
        state.selected = focused_box;
    }
    let keyboard = !ui.ctx().text_edit_focused()
        && (place.response.has_focus() || focused_box.is_some() || place.hovered);
    let mut focus_box = None;
    if keyboard {
        if let Some(t) = keys.tool {
            state.tool = t;
        }
        if let Some(larger) = keys.brush {
            let size = (w, h);
            state.radius = Some(super::canvas_mask::step_radius(
                state.radius(size),
                larger,
                size,
            ));
        }
        if keys.new {
            if let Some(reason) = image.boxes_disabled {
                out.refused = Some(reason.to_string());
            } else if boxes.len() >= crate::api::catalog::ModelSpec::most_boxes() {
                out.refused = Some(crate::t!(
                    "canvas-too-many-boxes",
                    number = image.number,
                    count = boxes.len()
                ));
            } else {
                let a = view.to_image(place.rect, place.rect.min);
                let b = view.to_image(place.rect, place.rect.max);
                boxes.push(boxes::new_in((a.x, a.y, b.x - a.x, b.y - a.y), w, h));
                state.selected = Some(boxes.len() - 1);
                focus_box = state.selected;
                out.committed = true;
            }
        } else if (keys.next || keys.previous) && !boxes.is_empty() {
            let n = boxes.len();
            state.selected = Some(match (state.selected, keys.next) {
                (Some(s), true) => (s + 1) % n,
                (Some(s), false) => (s + n - 1) % n,
                (None, true) => 0,
                (None, false) => n - 1,
            });
            focus_box = state.selected;
        } else if keys.deselect {
            state.selected = None;
        }
    }
    if let Some(sel) = state.selected.filter(|&s| keyboard && s < boxes.len()) {
        if keys.delete {
            boxes.remove(sel);
            state.selected = None;
            out.committed = true;
            place.response.request_focus();
        } else if let Some((dx, dy)) = keys.nudge {
            boxes[sel] = boxes::nudge(boxes[sel], dx, dy, w, h);
            out.nudged = true;
        } else if let Some((dx, dy)) = keys.far_edge {
            boxes[sel] = boxes::move_edge(boxes[sel], false, dx, dy, w, h);
            out.nudged = true;
        } else if let Some((dx, dy)) = keys.near_edge {
            boxes[sel] = boxes::move_edge(boxes[sel], true, dx, dy, w, h);
            out.nudged = true;
        }
    }
    if place.response.has_focus() {
        ui.memory_mut(|m| m.set_focus_lock_filter(place.response.id, KEEP_ARROWS));
    }
    // Each box is a widget of its own for the keyboard and screen readers: Tab reaches it, its
    // name says where it is, focusing it selects it. It takes no clicks or drags (the canvas
    // does).
    for (i, b) in boxes.iter().enumerate() {
        let id = box_id(i);
        let r = Rect::from_min_max(
            view.to_screen(place.rect, pos2(b.x1 as f32, b.y1 as f32)),
            view.to_screen(place.rect, pos2(b.x2 as f32, b.y2 as f32)),
        )
        .intersect(place.rect);
        let br = ui.interact(r, id, Sense::focusable_noninteractive());
        let name = box_name(i, image.number, b);
        br.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if focus_box == Some(i) {
            br.request_focus();
        }
        if br.has_focus() {
            ui.memory_mut(|m| m.set_focus_lock_filter(id, KEEP_ARROWS));
        }
    }
}
