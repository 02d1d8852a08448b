//! The box canvas: shows the selected image fitted to the view, zooms around the cursor, pans,
//! and lets the user draw, select, move, resize, nudge and delete up to two boxes, and paint a
//! mask inside them (brush, eraser, lasso: see `canvas_mask.rs`).
//!
//! Boxes and strokes are kept in the pixels of the image as sent; the screen transform lives
//! only here. The texture is the preview (at most 1024 px), stretched over the image's full
//! size.

use egui::{Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};

use super::boxes::{self, Grip};
pub use super::canvas_mask::Tool;
use super::canvas_mask::{self, Placed, TintCache};
use crate::api::job::{self, BBox};

/// One colour per box number, as the prompt says "box 1", "box 2".
pub use crate::ui::theme::BOX_COLOURS;

/// The view of one image: zoom (screen points per image pixel) and which image pixel sits at
/// the centre of the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub zoom: f32,
    pub center: Pos2,
    /// Follow the canvas size (fit) until the user zooms or pans.
    pub fitted: bool,
}

impl Default for View {
    fn default() -> Self {
        View {
            zoom: 1.0,
            center: Pos2::ZERO,
            fitted: true,
        }
    }
}

impl View {
    /// Shows `zoom` (screen points per image pixel) around what the designer is looking at:
    /// the selected box's centre when there is one, else the image point under the pointer
    /// (when it is over the canvas), else the view's own centre.
    pub fn zoom_to(
        &mut self,
        rect: Option<Rect>,
        zoom: f32,
        selected: Option<BBox>,
        pointer: Option<Pos2>,
    ) {
        if let Some(b) = selected {
            self.zoom = zoom;
            self.center = pos2((b.x1 + b.x2) as f32 / 2.0, (b.y1 + b.y2) as f32 / 2.0);
        } else if let (Some(rect), Some(p)) = (
            rect,
            pointer.filter(|p| rect.is_some_and(|r| r.contains(*p))),
        ) {
            let under = self.to_image(rect, p);
            self.zoom = zoom;
            self.center = under - (p - rect.center()) / self.zoom;
        } else {
            self.zoom = zoom;
        }
        self.fitted = false;
    }

    pub fn fit(rect: Rect, w: u32, h: u32) -> View {
        let zoom = (rect.width() / w as f32).min(rect.height() / h as f32) * 0.96;
        View {
            zoom: zoom.max(1e-4),
            center: pos2(w as f32 / 2.0, h as f32 / 2.0),
            fitted: true,
        }
    }
    pub fn to_screen(&self, rect: Rect, p: Pos2) -> Pos2 {
        rect.center() + (p - self.center) * self.zoom
    }
    pub fn to_image(&self, rect: Rect, s: Pos2) -> Pos2 {
        self.center + (s - rect.center()) / self.zoom
    }
    /// Zooms by `factor`, keeping the image point under `anchor` (screen) where it is.
    pub fn zoom_at(&mut self, rect: Rect, anchor: Pos2, factor: f32) {
        let before = self.to_image(rect, anchor);
        self.zoom = (self.zoom * factor).clamp(0.01, 64.0);
        self.center = before - (anchor - rect.center()) / self.zoom;
        self.fitted = false;
    }
    pub fn pan(&mut self, screen_delta: Vec2) {
        self.center -= screen_delta / self.zoom;
        self.fitted = false;
    }
}

/// What the canvas is doing with the pointer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gesture {
    Idle,
    Drawing {
        start: Pos2,
    },
    Editing {
        index: usize,
        grip: Grip,
        start_box: BBox,
        start: Pos2,
    },
    Panning,
    /// A stroke of the mask being painted with `tool` (its points in [`CanvasState::stroke`]).
    Painting {
        tool: Tool,
    },
}

/// Canvas state kept between frames, per window.
#[derive(Debug, Clone)]
pub struct CanvasState {
    pub view: View,
    pub gesture: Gesture,
    pub selected: Option<usize>,
    /// Which image (slot id) the view belongs to; a new image resets it.
    pub image_id: Option<u64>,
    /// Take the keyboard focus on the next frame (Tab with nothing focused).
    pub focus_wanted: bool,
    /// Where the canvas was last drawn (for zooming around the pointer from a key).
    pub last_rect: Option<Rect>,
    /// What a drag on the image does: boxes, or the mask's brush, eraser or lasso.
    pub tool: Tool,
    /// The brush's radius in image pixels, once the designer changed it (`[`, `]`); until
    /// then [`canvas_mask::default_radius`] of the image shown.
    pub radius: Option<f32>,
    /// The points of the stroke being painted, in image pixels.
    pub stroke: Vec<[f32; 2]>,
    /// The mask's tint over the image, made again only when it changes.
    pub tint: TintCache,
}

impl CanvasState {
    /// The brush's radius on an image of `size`, in its pixels.
    pub fn radius(&self, size: (u32, u32)) -> f32 {
        self.radius
            .unwrap_or_else(|| canvas_mask::default_radius(size))
            .min(canvas_mask::max_radius(size))
    }
}

impl Default for CanvasState {
    fn default() -> Self {
        CanvasState {
            view: View::default(),
            gesture: Gesture::Idle,
            selected: None,
            image_id: None,
            focus_wanted: false,
            last_rect: None,
            tool: Tool::Box,
            radius: None,
            stroke: Vec::new(),
            tint: TintCache::default(),
        }
    }
}

/// What the canvas did this frame, for the app to act on.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CanvasOutput {
    /// A box edit was finished (drawn, moved, resized, deleted): make an undo point.
    pub committed: bool,
    /// A box was moved or resized from the keyboard: nudges in quick succession are one undo
    /// step, made once they stop (see `WanEditApp`'s settle time).
    pub nudged: bool,
    /// The user tried to draw a box that is not allowed; the sentence says why.
    pub refused: Option<String>,
}

/// Input to one frame of the canvas.
pub struct CanvasImage<'a> {
    pub id: u64,
    pub number: usize,
    pub width: u32,
    pub height: u32,
    pub texture: Option<&'a egui::TextureHandle>,
    /// Full-resolution tiles drawn over the preview where it would be magnified.
    pub tiles: &'a [crate::ui::tiles::DrawTile],
    /// `Some(reason)` when the model takes no boxes.
    pub boxes_disabled: Option<&'a str>,
    /// The pixels the composite grows the boxes by (the mask's tint is grown as the engine
    /// grows it).
    pub margin: u32,
}

pub(super) const HANDLE_RADIUS: f32 = 6.0;

pub use super::canvas_keys::{box_name, zoom_keys};

/// At a whole number of device pixels per image pixel (100 %, 200 %, 400 %…), moves the view by
/// less than a pixel so that image pixels start on device pixels: every image pixel is then
/// exactly that many screen pixels, none doubled or dropped.
pub fn snap_to_device_pixels(view: &mut View, rect: Rect, ppp: f32) {
    let spp = view.zoom * ppp;
    if spp < 1.0 || (spp - spp.round()).abs() > 1e-4 {
        return;
    }
    let o = view.to_screen(rect, Pos2::ZERO);
    let frac = vec2(
        o.x * ppp - (o.x * ppp).round(),
        o.y * ppp - (o.y * ppp).round(),
    ) / ppp;
    view.center += frac / view.zoom;
}

/// The zoom as the designer reads it: screen (device) pixels per image pixel, so that 100 % is
/// one screen pixel per image pixel at any display scale (where `1` puts it), not points.
pub fn zoom_percent(zoom: f32, pixels_per_point: f32) -> f32 {
    (zoom * pixels_per_point * 100.0).round()
}

/// From this many device pixels per image pixel up (800 %), a faint line between pixels, so a
/// box edge can be put on an exact pixel.
pub const GRID_FROM: f32 = 8.0;

fn pixel_grid(ui: &egui::Ui, painter: &egui::Painter, rect: Rect, view: &View, w: u32, h: u32) {
    if view.zoom * ui.ctx().pixels_per_point() < GRID_FROM {
        return;
    }
    let a = view.to_image(rect, rect.min);
    let b = view.to_image(rect, rect.max);
    let (x0, x1) = (a.x.floor().max(0.0) as u32, (b.x.ceil() as u32).min(w));
    let (y0, y1) = (a.y.floor().max(0.0) as u32, (b.y.ceil() as u32).min(h));
    let stroke = Stroke::new(1.0, crate::ui::theme::PIXEL_GRID);
    let (top, bottom) = (
        view.to_screen(rect, pos2(0.0, y0 as f32)).y,
        view.to_screen(rect, pos2(0.0, y1 as f32)).y,
    );
    for x in x0..=x1 {
        let sx = view.to_screen(rect, pos2(x as f32, 0.0)).x;
        painter.line_segment([pos2(sx, top), pos2(sx, bottom)], stroke);
    }
    let (left, right) = (
        view.to_screen(rect, pos2(x0 as f32, 0.0)).x,
        view.to_screen(rect, pos2(x1 as f32, 0.0)).x,
    );
    for y in y0..=y1 {
        let sy = view.to_screen(rect, pos2(0.0, y as f32)).y;
        painter.line_segment([pos2(left, sy), pos2(right, sy)], stroke);
    }
}

/// Draws the canvas's tools and the canvas, and handles their input. `boxes` and `mask` (the
/// image's painted strokes) are edited in place.
pub fn show(
    ui: &mut egui::Ui,
    state: &mut CanvasState,
    image: &CanvasImage<'_>,
    boxes: &mut Vec<BBox>,
    mask: &mut Vec<job::Stroke>,
) -> CanvasOutput {
    let mut out = CanvasOutput::default();
    // The tools in a column at the canvas's left (the height goes to the image), filled in
    // after the canvas: Tab reaches the canvas first.
    let whole = ui.available_rect_before_wrap();
    let column = super::canvas_tools::column_width(ui).min(whole.width() / 4.0);
    let tools = Rect::from_min_size(whole.min, vec2(column, whole.height()));
    let rect = Rect::from_min_max(pos2(whole.min.x + column, whole.min.y), whole.max);
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    state.last_rect = Some(rect);
    let label = crate::t!("canvas-label", number = image.number);
    let response = match image.boxes_disabled {
        Some(reason) => response.on_hover_text(reason),
        None => response,
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, &label));

    let (w, h) = (image.width, image.height);
    if state.image_id != Some(image.id) {
        state.image_id = Some(image.id);
        state.view = View::fit(rect, w, h);
        state.selected = None;
        state.gesture = Gesture::Idle;
        state.stroke.clear();
    } else if state.view.fitted {
        state.view = View::fit(rect, w, h);
    }
    if state.selected.is_some_and(|i| i >= boxes.len()) {
        state.selected = None;
    }
    snap_to_device_pixels(&mut state.view, rect, ui.ctx().pixels_per_point());

    // --- input ---
    let (hover, scroll, zoom_delta, space, keep_aspect, keys) = ui.input(|i| {
        (
            i.pointer.hover_pos(),
            i.smooth_scroll_delta,
            i.zoom_delta(),
            i.key_down(crate::ui::shortcuts::PAN_KEY),
            i.modifiers.matches_exact(crate::ui::shortcuts::KEEP_ASPECT),
            super::canvas_keys::BoxKeys::read(i),
        )
    });
    // Not when a window (the shortcut sheet, a menu) lies over the canvas there: its wheel
    // is its own.
    let hovered = hover.is_some_and(|p| rect.contains(p)) && response.contains_pointer();
    if let Some(p) = hover.filter(|_| hovered) {
        if zoom_delta != 1.0 {
            state.view.zoom_at(rect, p, zoom_delta);
        } else if scroll.y != 0.0 {
            state.view.zoom_at(rect, p, (scroll.y / 200.0).exp());
        }
    }
    let view = state.view;
    let to_img = |s: Pos2| view.to_image(rect, s);
    let tol = HANDLE_RADIUS / view.zoom;

    if response.drag_started() {
        // Where the button went down, not where the pointer is once the drag is recognised.
        let press = ui
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos())
            .unwrap_or(rect.center());
        let panning = response.dragged_by(egui::PointerButton::Middle) || space;
        state.gesture = start_gesture(state, image, boxes, to_img(press), tol, panning, &mut out);
    }
    let pointer_img = response.interact_pointer_pos().map(to_img);
    follow_gesture(state, &response, boxes, pointer_img, keep_aspect, (w, h));
    if response.drag_stopped() {
        out.committed = match state.gesture {
            Gesture::Painting { tool } => {
                finish_stroke(state, tool, image, (boxes, mask), pointer_img, &mut out)
            }
            _ => finish_gesture(state, boxes, pointer_img, (w, h)),
        };
        state.gesture = Gesture::Idle;
    }
    if response.clicked() {
        let p = response.interact_pointer_pos().map(to_img);
        if state.tool.is_round() && image.boxes_disabled.is_none() {
            // A click with the brush or the eraser is a dot.
            state.stroke = p.map(|p| vec![[p.x, p.y]]).unwrap_or_default();
            let tool = state.tool;
            out.committed = finish_stroke(state, tool, image, (boxes, mask), p, &mut out);
        } else if !state.tool.paints() {
            state.selected = p.and_then(|p| boxes::hit(boxes, p.x, p.y, tol).map(|(i, _)| i));
        }
        response.request_focus();
    }
    if response.drag_started() || std::mem::take(&mut state.focus_wanted) {
        response.request_focus();
    }

    super::canvas_keys::keyboard(
        ui,
        &super::canvas_keys::Place {
            response: &response,
            rect,
            view,
            hovered,
        },
        state,
        image,
        boxes,
        keys,
        &mut out,
    );
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(tools)
            .layout(egui::Layout::top_down(egui::Align::Center)),
        |ui| super::canvas_tools::show(ui, state, image, boxes, mask, &mut out),
    );
    // A box deleted or moved away from its strokes: they go (see `canvas_mask::prune`).
    if out.committed {
        canvas_mask::prune(mask, boxes, (w, h));
    }

    // --- paint ---
    let painter = ui.painter_at(rect);
    super::canvas_paint::paint_image(ui, &painter, rect, &view, image);
    super::canvas_paint::paint_mask(ui, &painter, rect, state, image, boxes, mask);
    pixel_grid(ui, &painter, rect, &view, w, h);
    super::canvas_paint::paint_boxes(&painter, rect, &view, state, boxes, pointer_img, (w, h));
    super::canvas_paint::paint_stroke(&painter, rect, state, (w, h));
    // The keyboard is here (Tab, or a click): the ring every focused widget has, around the
    // canvas's edge.
    if response.has_focus() {
        painter.rect_stroke(
            rect.shrink(1.0),
            0.0,
            egui::Stroke::new(
                crate::ui::theme::FOCUS_RING_WIDTH,
                ui.visuals().selection.stroke.color,
            ),
            egui::StrokeKind::Inside,
        );
    }
    if let Some(p) = hover.filter(|_| hovered) {
        // The brush's reach at the image's scale, where it would paint.
        if state.tool.paints() && state.gesture != Gesture::Panning && !space {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
            super::canvas_paint::paint_brush_cursor(&painter, state, p, (w, h));
        }
        // Cursor readout in image pixels.
        super::canvas_paint::paint_readout(ui, &painter, rect, &view, to_img(p), (w, h));
    }
    out
}

/// The stroke being painted, as it will be kept: the brush's or the eraser's radius at the
/// image's scale, or the lasso's outline.
fn stroke_of(tool: Tool, points: Vec<[f32; 2]>, radius: f32) -> job::Stroke {
    job::Stroke {
        erase: tool == Tool::Eraser,
        shape: match tool {
            Tool::Lasso => job::StrokeShape::Lasso { points },
            _ => job::StrokeShape::Brush { radius, points },
        },
    }
}

/// A stroke that ended (the pointer released at `end`): into the mask of the boxes it touches,
/// or of a box made for it (and selected); a box that cannot be made is said in `out`.
/// Returns whether the mask changed (an undo step).
fn finish_stroke(
    state: &mut CanvasState,
    tool: Tool,
    image: &CanvasImage<'_>,
    (boxes, mask): (&mut Vec<BBox>, &mut Vec<job::Stroke>),
    end: Option<Pos2>,
    out: &mut CanvasOutput,
) -> bool {
    let size = (image.width, image.height);
    let mut points = std::mem::take(&mut state.stroke);
    if let Some(p) = end
        && points.last() != Some(&[p.x, p.y])
    {
        points.push([p.x, p.y]);
    }
    if points.is_empty() {
        return false;
    }
    let stroke = stroke_of(tool, points, state.radius(size));
    match canvas_mask::place(stroke, boxes, mask, image.number, size) {
        Placed::Painted => true,
        Placed::BoxMade(k) => {
            state.selected = Some(k);
            true
        }
        Placed::Nothing => false,
        Placed::Refused(why) => {
            out.refused = Some(why);
            false
        }
    }
}

/// What a drag that just started at image point `p` does: pan, paint a stroke (a painting
/// tool), edit the box under it (and select it), or draw a new one, unless boxes are refused
/// here (the reason goes to `out`).
fn start_gesture(
    state: &mut CanvasState,
    image: &CanvasImage<'_>,
    boxes: &[BBox],
    p: Pos2,
    tol: f32,
    panning: bool,
    out: &mut CanvasOutput,
) -> Gesture {
    if panning {
        Gesture::Panning
    } else if state.tool.paints() {
        // The mask only matters inside boxes: none here, nothing to paint.
        if let Some(reason) = image.boxes_disabled {
            out.refused = Some(reason.to_string());
            return Gesture::Idle;
        }
        state.stroke = vec![[p.x, p.y]];
        Gesture::Painting { tool: state.tool }
    } else if let Some((index, grip)) = boxes::hit(boxes, p.x, p.y, tol) {
        state.selected = Some(index);
        Gesture::Editing {
            index,
            grip,
            start_box: boxes[index],
            start: p,
        }
    } else if let Some(reason) = image.boxes_disabled {
        out.refused = Some(reason.to_string());
        Gesture::Idle
    } else if boxes.len() >= crate::api::catalog::ModelSpec::most_boxes() {
        out.refused = Some(crate::t!(
            "canvas-too-many-boxes",
            number = image.number,
            count = boxes.len()
        ));
        Gesture::Idle
    } else {
        Gesture::Drawing { start: p }
    }
}

/// A drag under way: pans the view, moves or resizes the box being edited to the pointer
/// (`pointer_img`, in image pixels), or takes the stroke being painted to it.
fn follow_gesture(
    state: &mut CanvasState,
    response: &egui::Response,
    boxes: &mut [BBox],
    pointer_img: Option<Pos2>,
    keep_aspect: bool,
    (w, h): (u32, u32),
) {
    match state.gesture {
        Gesture::Panning if response.dragged() => {
            state.view.pan(response.drag_delta());
        }
        Gesture::Editing {
            index,
            grip,
            start_box,
            start,
        } => {
            if let (Some(p), Some(b)) = (pointer_img, boxes.get_mut(index)) {
                let drag = match keep_aspect {
                    true => boxes::drag_keeping_aspect,
                    false => boxes::drag,
                };
                *b = drag(start_box, grip, p.x - start.x, p.y - start.y, w, h);
            }
        }
        Gesture::Painting { tool } => {
            // A point every quarter of the brush's radius (the brush is painted between
            // them), every 2 screen points of the lasso's outline.
            let step = match tool {
                Tool::Lasso => 2.0 / state.view.zoom,
                _ => (state.radius((w, h)) / 4.0).max(1.0 / state.view.zoom),
            };
            if let Some(p) = pointer_img {
                let far = state
                    .stroke
                    .last()
                    .is_none_or(|q| (p.x - q[0]).abs().max((p.y - q[1]).abs()) >= step);
                if far {
                    state.stroke.push([p.x, p.y]);
                }
            }
        }
        _ => {}
    }
}

/// A drag that stopped: a box drawn is added (and selected) when it means something; returns
/// whether a box was added or changed (an undo point).
fn finish_gesture(
    state: &mut CanvasState,
    boxes: &mut Vec<BBox>,
    pointer_img: Option<Pos2>,
    (w, h): (u32, u32),
) -> bool {
    match state.gesture {
        Gesture::Drawing { start } => {
            if let Some(p) = pointer_img {
                let b = boxes::from_corners((start.x, start.y), (p.x, p.y), w, h);
                if boxes::is_meaningful(&b) {
                    boxes.push(b);
                    state.selected = Some(boxes.len() - 1);
                    return true;
                }
            }
            false
        }
        Gesture::Editing {
            index, start_box, ..
        } => boxes.get(index) != Some(&start_box),
        _ => false,
    }
}

#[cfg(test)]
#[path = "canvas_tests.rs"]
mod tests;
