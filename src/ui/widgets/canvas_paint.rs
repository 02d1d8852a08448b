//! The canvas's painting: the image (its preview and the real pixels over it), the mask's
//! tint, the boxes with their numbers and handles, the stroke being painted, the brush's
//! reach, and the cursor readout.

use egui::{Align2, FontId, Pos2, Rect, Stroke, StrokeKind, Vec2, pos2, vec2};

use super::boxes::{self, Grip};
use super::canvas::{
    BOX_COLOURS, CanvasImage, CanvasState, Gesture, HANDLE_RADIUS, Tool, View, zoom_percent,
};
use crate::api::job::BBox;

/// The canvas's backdrop, the image's preview (or a plain backdrop without one) and the
/// full-resolution tiles over it.
pub(super) fn paint_image(
    ui: &egui::Ui,
    painter: &egui::Painter,
    rect: Rect,
    view: &View,
    image: &CanvasImage<'_>,
) {
    let (w, h) = (image.width, image.height);
    painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
    let img_rect = Rect::from_min_max(
        view.to_screen(rect, Pos2::ZERO),
        view.to_screen(rect, pos2(w as f32, h as f32)),
    );
    match image.texture {
        Some(t) => {
            painter.image(
                t.id(),
                img_rect,
                Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)),
                crate::ui::theme::NO_TINT,
            );
        }
        None => {
            painter.rect_filled(img_rect, 0.0, crate::ui::theme::IMAGE_BACKDROP);
        }
    }
    // Real pixels over the preview: each tile where its source pixels are.
    for t in image.tiles {
        let (x, y, tw, th) = t.id.source_rect(w, h);
        let r = Rect::from_min_max(
            view.to_screen(rect, pos2(x as f32, y as f32)),
            view.to_screen(rect, pos2((x + tw) as f32, (y + th) as f32)),
        );
        painter.image(
            t.texture.id(),
            r,
            Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)),
            crate::ui::theme::NO_TINT,
        );
    }
}

/// The boxes (the selected one with its handles) and the one being drawn, to the pointer
/// (`pointer_img`, in image pixels).
pub(super) fn paint_boxes(
    painter: &egui::Painter,
    rect: Rect,
    view: &View,
    state: &CanvasState,
    boxes: &[BBox],
    pointer_img: Option<Pos2>,
    (w, h): (u32, u32),
) {
    for (i, b) in boxes.iter().enumerate() {
        draw_box(painter, rect, view, b, i, state.selected == Some(i));
    }
    if let (Gesture::Drawing { start }, Some(p)) = (state.gesture, pointer_img) {
        let b = boxes::from_corners((start.x, start.y), (p.x, p.y), w, h);
        draw_box(painter, rect, view, &b, boxes.len(), true);
    }
}

/// Box `i` in its colour, with its number and, when selected, its handles.
fn draw_box(painter: &egui::Painter, rect: Rect, view: &View, b: &BBox, i: usize, selected: bool) {
    let r = Rect::from_min_max(
        view.to_screen(rect, pos2(b.x1 as f32, b.y1 as f32)),
        view.to_screen(rect, pos2(b.x2 as f32, b.y2 as f32)),
    );
    let c = BOX_COLOURS[i % BOX_COLOURS.len()];
    painter.rect_stroke(
        r,
        0.0,
        Stroke::new(3.0, crate::ui::theme::ON_PHOTO_SHADOW),
        StrokeKind::Outside,
    );
    painter.rect_stroke(
        r,
        0.0,
        Stroke::new(if selected { 2.5 } else { 1.5 }, c),
        StrokeKind::Outside,
    );
    painter.rect_filled(r, 0.0, c.gamma_multiply(0.08));
    // The number the prompt uses.
    let tag = Rect::from_min_size(r.left_top() - vec2(0.0, 20.0), vec2(20.0, 20.0));
    painter.rect_filled(tag, 3.0, c);
    painter.text(
        tag.center(),
        Align2::CENTER_CENTER,
        (i + 1).to_string(),
        FontId::proportional(14.0),
        crate::ui::theme::ON_PHOTO_OUTLINE,
    );
    if selected {
        for g in Grip::HANDLES {
            let (x, y) = g.position(b);
            let p = view.to_screen(rect, pos2(x, y));
            painter.rect_filled(
                Rect::from_center_size(p, Vec2::splat(HANDLE_RADIUS * 1.6)),
                1.0,
                c,
            );
            painter.rect_stroke(
                Rect::from_center_size(p, Vec2::splat(HANDLE_RADIUS * 1.6)),
                1.0,
                Stroke::new(1.0, crate::ui::theme::ON_PHOTO_OUTLINE),
                StrokeKind::Outside,
            );
        }
    }
}

/// The image pixel under the pointer (`ip`) and the zoom, at the canvas's lower left corner,
/// when the pointer is over the image.
pub(super) fn paint_readout(
    ui: &egui::Ui,
    painter: &egui::Painter,
    rect: Rect,
    view: &View,
    ip: Pos2,
    (w, h): (u32, u32),
) {
    if ip.x >= 0.0 && ip.y >= 0.0 && ip.x <= w as f32 && ip.y <= h as f32 {
        let galley = painter.layout_no_wrap(
            crate::t!(
                "canvas-readout",
                x = ip.x as u32,
                y = ip.y as u32,
                zoom = zoom_percent(view.zoom, ui.ctx().pixels_per_point())
            ),
            FontId::monospace(12.0),
            crate::ui::theme::ON_PHOTO_TEXT,
        );
        let at = rect.left_bottom() + vec2(8.0, -8.0 - galley.size().y);
        painter.rect_filled(
            Rect::from_min_size(at - vec2(4.0, 2.0), galley.size() + vec2(8.0, 4.0)),
            3.0,
            crate::ui::theme::ON_PHOTO_PLATE,
        );
        painter.galley(at, galley, crate::ui::theme::ON_PHOTO_TEXT);
    }
}

/// The mask's tint over the image (see [`super::canvas_mask::tint`]): made again only when the
/// strokes, the boxes or the margin changed, and not while a box is being dragged (the tint of
/// the drag's start shows until it ends).
pub(super) fn paint_mask(
    ui: &egui::Ui,
    painter: &egui::Painter,
    rect: Rect,
    state: &mut CanvasState,
    image: &CanvasImage<'_>,
    boxes: &[BBox],
    mask: &[crate::api::job::Stroke],
) {
    if mask.is_empty() {
        return;
    }
    let view = state.view;
    let size = (image.width, image.height);
    let texture = if matches!(state.gesture, Gesture::Editing { .. }) {
        state.tint.last()
    } else {
        state
            .tint
            .get(ui.ctx(), image.id, mask, boxes, image.margin, size)
    };
    if let Some(t) = texture {
        let r = Rect::from_min_max(
            view.to_screen(rect, Pos2::ZERO),
            view.to_screen(rect, pos2(size.0 as f32, size.1 as f32)),
        );
        painter.image(
            t.id(),
            r,
            Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)),
            crate::ui::theme::NO_TINT,
        );
    }
}

/// The stroke being painted: the brush's path at its width (the eraser's in a shade), or the
/// lasso's outline closed back to its start.
pub(super) fn paint_stroke(
    painter: &egui::Painter,
    rect: Rect,
    state: &CanvasState,
    size: (u32, u32),
) {
    let Gesture::Painting { tool } = state.gesture else {
        return;
    };
    let view = state.view;
    let points: Vec<Pos2> = state
        .stroke
        .iter()
        .map(|p| view.to_screen(rect, pos2(p[0], p[1])))
        .collect();
    let Some(&first) = points.first() else {
        return;
    };
    let outline = Stroke::new(1.5, crate::ui::theme::ON_PHOTO_TEXT);
    let shadow = Stroke::new(3.0, crate::ui::theme::ON_PHOTO_SHADOW);
    match tool {
        Tool::Lasso => {
            let mut closed = points;
            closed.push(first);
            painter.add(egui::Shape::line(closed.clone(), shadow));
            painter.add(egui::Shape::line(closed, outline));
        }
        _ => {
            let width = 2.0 * state.radius(size) * view.zoom;
            let colour = match tool {
                Tool::Eraser => crate::ui::theme::ON_PHOTO_SHADOW.gamma_multiply(0.6),
                _ => crate::ui::theme::ON_PHOTO_TEXT.gamma_multiply(0.45),
            };
            if points.len() == 1 {
                painter.circle_filled(first, width / 2.0, colour);
            } else {
                painter.add(egui::Shape::line(points, Stroke::new(width, colour)));
            }
        }
    }
}

/// The brush's or the eraser's reach around the pointer `at`, at the image's scale (the lasso
/// has the crosshair alone).
pub(super) fn paint_brush_cursor(
    painter: &egui::Painter,
    state: &CanvasState,
    at: Pos2,
    size: (u32, u32),
) {
    let outline = Stroke::new(1.5, crate::ui::theme::ON_PHOTO_TEXT);
    let shadow = Stroke::new(3.0, crate::ui::theme::ON_PHOTO_SHADOW);
    if state.tool.is_round() {
        let r = state.radius(size) * state.view.zoom;
        painter.circle_stroke(at, r, shadow);
        painter.circle_stroke(at, r, outline);
    }
}
