//! The compare view: before and after side by side, as a wipe or as a flip, zoom and pan in
//! step. It draws from its own state and two textures; nothing else.

use egui::{Pos2, Rect, Sense, TextureHandle, pos2, vec2};

use super::canvas::View;
use crate::imaging::prepare::Preview;
use crate::ui::theme;

/// How before and after are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareMode {
    SideBySide,
    Wipe,
    Flip,
    /// The difference to the target as a heat map over the dimmed target, with a gain.
    Difference,
    /// Each box's candidates side by side (the original and every result), to take one per
    /// box.
    Boxes,
}

/// The compare view's state.
#[derive(Debug, Clone)]
pub struct CompareState {
    pub mode: CompareMode,
    /// Which input image is "before" (0-based).
    pub before: usize,
    /// Another result of the job as "before" instead (0-based), for A/B between results.
    pub before_result: Option<usize>,
    /// A picture from elsewhere as "before" (wins over the two above): the shown result's raw
    /// or composite counterpart, or a result from history; with its name for the picker.
    pub before_file: Option<(std::path::PathBuf, String)>,
    /// 0..1, the wipe position.
    pub wipe: f32,
    /// In flip mode: showing before instead of after.
    pub flipped: bool,
    /// Shared view in the "after" image's pixels.
    pub view: View,
    pub key: Option<(u64, usize)>,
    /// How much the difference view amplifies (1 = a difference of 255 is full heat).
    pub gain: f32,
    /// Box outlines on both sides.
    pub show_boxes: bool,
    /// Box crops: side by side at 1:1 on box `k` (Tab: the next box).
    pub crop: Option<usize>,
    /// The view is still to be moved onto the crop's box.
    pub aim_crop: bool,
}

/// What is drawn over the pictures: the heat map (on the before image's grid) and the boxes,
/// in each side's own pixels.
#[derive(Default)]
pub struct Overlay<'a> {
    pub heat: Option<&'a TextureHandle>,
    /// The heat map is against the target the result was lined up with (else against another
    /// picture, the one picture stretched over the other): its caption says which.
    pub heat_to_target: bool,
    pub before_boxes: Vec<[f32; 4]>,
    pub after_boxes: Vec<[f32; 4]>,
    /// The job's boxes can each be taken from a result of their own (the box view).
    pub choose_boxes: bool,
}

/// The heat-map picture of a difference map (grey RGBA from the engine) at `gain`.
pub fn heat_image(diff: &Preview, gain: f32) -> egui::ColorImage {
    let lut: Vec<egui::Color32> = (0..=255u8).map(|d| theme::heat_colour(d, gain)).collect();
    let pixels = diff
        .rgba
        .chunks_exact(4)
        .map(|p| lut[p[0] as usize])
        .collect();
    egui::ColorImage::new([diff.width as usize, diff.height as usize], pixels)
}

impl Default for CompareState {
    fn default() -> Self {
        CompareState {
            mode: CompareMode::SideBySide,
            before: 0,
            before_result: None,
            before_file: None,
            wipe: 0.5,
            flipped: false,
            view: View::default(),
            key: None,
            gain: 4.0,
            show_boxes: true,
            crop: None,
            aim_crop: false,
        }
    }
}

/// The rectangle an image of `size` fills when the shared view shows a `frame`-sized image.
fn placed(view: &View, rect: Rect, frame: (u32, u32), size: (u32, u32)) -> Rect {
    let full = Rect::from_min_max(
        view.to_screen(rect, Pos2::ZERO),
        view.to_screen(rect, pos2(frame.0 as f32, frame.1 as f32)),
    );
    // Keep the image's own aspect inside the frame (letterboxed when they differ).
    let s = (full.width() / size.0 as f32).min(full.height() / size.1 as f32);
    Rect::from_center_size(full.center(), vec2(size.0 as f32 * s, size.1 as f32 * s))
}

const UV: Rect = Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));

/// Shows before/after. `frame` is the after image's size; both are placed in it.
/// Which side of the compare view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

/// Real-pixel tiles for one side: given the side, the visible part in that image's pixels
/// (`[x0, y0, x1, y1]`) and device pixels per image pixel, the tiles to draw over its preview.
pub type TilesFor<'a> = dyn FnMut(Side, [f32; 4], f32) -> Vec<crate::ui::tiles::DrawTile> + 'a;

/// What a labelled slider needs on the row of the compare's controls (points).
const SLIDER_ROOM: f32 = 240.0;

pub fn show(
    ui: &mut egui::Ui,
    state: &mut CompareState,
    before: Option<(&TextureHandle, (u32, u32))>,
    after: (&TextureHandle, (u32, u32)),
    tiles_for: &mut TilesFor<'_>,
    overlay: &Overlay<'_>,
) {
    controls_row(ui, state, overlay);
    let frame = after.1;
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let view_label = crate::t!("compare-view");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, &view_label));
    let ppp = ui.ctx().pixels_per_point();
    // Side by side: two panes of whole device pixels, so that the second pane's pixels fall on
    // screen pixels too.
    let halves = {
        let half = (rect.width() / 2.0 * ppp).floor() / ppp;
        [
            Rect::from_min_size(rect.min, vec2(half - 2.0, rect.height())),
            Rect::from_min_size(
                rect.min + vec2(half + 2.0, 0.0),
                vec2(half - 2.0, rect.height()),
            ),
        ]
    };
    let pane0 = steer_view(ui, state, &response, rect, halves, frame, overlay);
    let view = state.view;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
    let tint = if state.mode == CompareMode::Difference {
        theme::DIMMED
    } else {
        theme::NO_TINT
    };
    let mut stage = Stage {
        ui,
        painter,
        view,
        pane0,
        frame,
        ppp,
        tint,
        show_boxes: state.show_boxes,
        tiles_for,
    };
    stage.paint(state, rect, halves, before, after, overlay);
}

/// The row of the compare's controls: the mode, the gain or wipe slider, boxes, box crops, fit.
pub fn controls_row(ui: &mut egui::Ui, state: &mut CompareState, overlay: &Overlay<'_>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(crate::t!("tab-compare"));
        ui.selectable_value(
            &mut state.mode,
            CompareMode::SideBySide,
            crate::t!("compare-side-by-side"),
        );
        ui.selectable_value(
            &mut state.mode,
            CompareMode::Wipe,
            crate::t!("compare-wipe"),
        );
        ui.selectable_value(
            &mut state.mode,
            CompareMode::Flip,
            crate::t!("compare-flip"),
        );
        ui.selectable_value(
            &mut state.mode,
            CompareMode::Difference,
            crate::t!("compare-difference"),
        )
        .on_hover_text(crate::t!("compare-difference-hover"));
        if overlay.choose_boxes {
            ui.selectable_value(
                &mut state.mode,
                CompareMode::Boxes,
                crate::t!("compare-boxes"),
            )
            .on_hover_text(crate::t!("compare-boxes-hover"));
        }
        if state.mode == CompareMode::Boxes {
            return;
        }
        if state.mode == CompareMode::Difference {
            // Label and slider as one piece, on the next row when the rest of this one is too
            // short (never half under the panel beside). One decimal: the value keeps its width.
            if ui.available_width() < SLIDER_ROOM {
                ui.end_row();
            }
            ui.horizontal(|ui| {
                let l = ui.label(crate::t!("compare-gain"));
                ui.add(
                    egui::Slider::new(&mut state.gain, 1.0..=32.0)
                        .logarithmic(true)
                        .show_value(false),
                )
                .labelled_by(l.id)
                .on_hover_text(crate::t!("compare-gain-hover"));
                // Its value in a box of its own width: "1.4×" and "32.0×" take one room.
                let h = ui.spacing().interact_size.y;
                ui.add_sized(
                    egui::vec2(44.0, h),
                    egui::Label::new(format!("{:.1}×", state.gain)),
                );
            });
        }
        ui.checkbox(&mut state.show_boxes, crate::t!("readout-boxes"));
        if !overlay.after_boxes.is_empty() {
            let n = overlay.after_boxes.len();
            let text = match state.crop {
                Some(k) => crate::t!("compare-crop-of", number = k % n + 1, count = n),
                None => crate::t!("compare-crops"),
            };
            if ui
                .selectable_label(state.crop.is_some(), text)
                .on_hover_text(crate::t!("compare-crops-hover"))
                .clicked()
            {
                state.crop = if state.crop.is_some() { None } else { Some(0) };
                state.aim_crop = true;
            }
        }
        if state.mode == CompareMode::Wipe {
            if ui.available_width() < SLIDER_ROOM {
                ui.end_row();
            }
            ui.horizontal(|ui| {
                let l = ui.label(crate::t!("compare-wipe-position"));
                ui.add(egui::Slider::new(&mut state.wipe, 0.0..=1.0).show_value(false))
                    .labelled_by(l.id);
            });
        }
        if crate::ui::widgets::icon_button(
            ui,
            crate::ui::widgets::icon::FIT,
            crate::t!("compare-fit"),
            true,
        )
        .clicked()
        {
            state.view.fitted = true;
            state.crop = None;
        }
    });
}

/// Moves the shared view as asked this frame (box crops, zoom keys, wheel, drag, flip); returns
/// the first pane, which the view is laid out over.
fn steer_view(
    ui: &mut egui::Ui,
    state: &mut CompareState,
    response: &egui::Response,
    rect: Rect,
    halves: [Rect; 2],
    frame: (u32, u32),
    overlay: &Overlay<'_>,
) -> Rect {
    let ppp = ui.ctx().pixels_per_point();
    if state.crop.is_some()
        && ui
            .input(|i| crate::ui::shortcuts::pressed(i, crate::ui::shortcuts::Action::NextCrop))
            .is_some()
    {
        state.crop = state.crop.map(|k| k + 1);
        state.aim_crop = true;
    }
    if let Some(k) = state.crop
        && state.aim_crop
        && !overlay.after_boxes.is_empty()
    {
        // 1:1 in device pixels, the box in the middle of each pane, side by side.
        let b = overlay.after_boxes[k % overlay.after_boxes.len()];
        state.mode = CompareMode::SideBySide;
        state.view.zoom = 1.0 / ui.ctx().pixels_per_point();
        state.view.center = pos2((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        state.view.fitted = false;
        super::canvas::snap_to_device_pixels(&mut state.view, halves[0], ppp);
        state.aim_crop = false;
    }
    // The panes of the mode as it now stands (box crops above may have switched it: panes laid
    // out for the mode before crashed the window on the second pane).
    let panes: Vec<Rect> = if state.mode == CompareMode::SideBySide {
        halves.to_vec()
    } else {
        vec![rect]
    };
    let pane0 = panes[0];
    // The canvas's shortcuts: F fits; 1, 2, 4 and 8 show 100 %, 200 %, 400 % and 800 % of the
    // after image's own pixels (the before side at the matching scale), snapped so that image
    // pixels start on screen pixels.
    let (fit, scale) = super::canvas::zoom_keys(ui.ctx());
    if fit {
        state.view.fitted = true;
        state.crop = None;
    }
    if let Some(s) = scale {
        if state.view.fitted {
            state.view = View::fit(pane0, frame.0, frame.1);
        }
        state.view.zoom = s / ppp;
        state.view.fitted = false;
        super::canvas::snap_to_device_pixels(&mut state.view, pane0, ppp);
    }
    if state.view.fitted {
        state.view = View::fit(pane0, frame.0, frame.1);
    }
    // Zoom and pan act on the shared view: both panes move in step.
    if let Some(p) = response.hover_pos() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            let pane = panes
                .iter()
                .find(|r| r.contains(p))
                .copied()
                .unwrap_or(pane0);
            let local = pane0.min + (p - pane.min);
            state.view.zoom_at(pane0, local, (scroll / 200.0).exp());
        }
    }
    if response.dragged() {
        if state.mode == CompareMode::Wipe && !ui.input(|i| i.modifiers.shift) {
            if let Some(p) = response.interact_pointer_pos() {
                state.wipe = ((p.x - rect.left()) / rect.width()).clamp(0.0, 1.0);
            }
        } else {
            state.view.pan(response.drag_delta());
        }
    }
    if state.mode == CompareMode::Flip
        && ui
            .input(|i| crate::ui::shortcuts::pressed(i, crate::ui::shortcuts::Action::Flip))
            .is_some()
    {
        state.flipped = !state.flipped;
    }
    pane0
}

/// Where the sides are painted: the shared view laid out over the first pane in the after
/// image's frame, the mode's tint, and the real-pixel tiles for each side.
struct Stage<'u, 't, 'f> {
    ui: &'u egui::Ui,
    painter: egui::Painter,
    view: View,
    pane0: Rect,
    frame: (u32, u32),
    ppp: f32,
    tint: egui::Color32,
    show_boxes: bool,
    tiles_for: &'t mut TilesFor<'f>,
}

impl Stage<'_, '_, '_> {
    /// One side's picture placed in `pane` (clipped to `clip`), with real pixels over it.
    fn draw(
        &mut self,
        side: Side,
        pane: Rect,
        tex: &TextureHandle,
        size: (u32, u32),
        clip: Option<Rect>,
    ) {
        let target =
            placed(&self.view, self.pane0, self.frame, size).translate(pane.min - self.pane0.min);
        let p = match clip {
            Some(c) => self.ui.painter_at(c.intersect(pane)),
            None => self.ui.painter_at(pane),
        };
        p.image(tex.id(), target, UV, self.tint);
        // Real pixels where the preview would be magnified, in this image's own pixels.
        let scale = target.width() / size.0.max(1) as f32;
        let shown = p.clip_rect().intersect(target);
        if scale > 0.0 && shown.is_positive() {
            let area = [
                (shown.min.x - target.min.x) / scale,
                (shown.min.y - target.min.y) / scale,
                (shown.max.x - target.min.x) / scale,
                (shown.max.y - target.min.y) / scale,
            ];
            for t in (self.tiles_for)(side, area, scale * self.ppp) {
                let (x, y, w, h) = t.id.source_rect(size.0, size.1);
                let r = Rect::from_min_size(
                    target.min + vec2(x as f32, y as f32) * scale,
                    vec2(w as f32, h as f32) * scale,
                );
                p.image(t.texture.id(), r, UV, self.tint);
            }
        }
    }

    /// Box outlines, in each side's pixels, where that side is placed in `pane`.
    fn outline(&self, pane: Rect, size: (u32, u32), boxes: &[[f32; 4]], clip: Option<Rect>) {
        if !self.show_boxes {
            return;
        }
        let target =
            placed(&self.view, self.pane0, self.frame, size).translate(pane.min - self.pane0.min);
        let scale = target.width() / size.0.max(1) as f32;
        let p = self.ui.painter_at(clip.map_or(pane, |c| c.intersect(pane)));
        for (k, b) in boxes.iter().enumerate() {
            let r = Rect::from_min_max(
                target.min + vec2(b[0], b[1]) * scale,
                target.min + vec2(b[2], b[3]) * scale,
            );
            p.rect_stroke(
                r,
                0.0,
                egui::Stroke::new(2.0, theme::BOX_COLOURS[k % 2]),
                egui::StrokeKind::Outside,
            );
        }
    }

    /// A side's name on a plate, so that it reads over any picture.
    fn tag(&self, pane: Rect, text: &str) {
        let galley = self.painter.layout_no_wrap(
            text.to_string(),
            egui::FontId::proportional(14.0),
            theme::ON_PHOTO_TEXT,
        );
        let at = pane.left_top() + vec2(8.0, 8.0);
        self.painter.rect_filled(
            Rect::from_min_size(at, galley.size()).expand(3.0),
            3.0,
            theme::ON_PHOTO_PLATE,
        );
        self.painter.galley(at, galley, theme::ON_PHOTO_TEXT);
    }

    /// Both sides as the mode shows them, with their boxes and names.
    fn paint(
        &mut self,
        state: &CompareState,
        rect: Rect,
        halves: [Rect; 2],
        before: Option<(&TextureHandle, (u32, u32))>,
        after: (&TextureHandle, (u32, u32)),
        overlay: &Overlay<'_>,
    ) {
        let before_size = before.map(|(_, s)| s);
        match state.mode {
            // The box view is drawn by the Compare tab itself; here, as side by side.
            CompareMode::SideBySide | CompareMode::Boxes => {
                let [left, right] = halves;
                if let Some((t, s)) = before {
                    self.draw(Side::Before, left, t, s, None);
                }
                self.draw(Side::After, right, after.0, after.1, None);
                if let Some(s) = before_size {
                    self.outline(left, s, &overlay.before_boxes, None);
                }
                self.outline(right, after.1, &overlay.after_boxes, None);
                self.tag(left, &crate::t!("compare-before"));
                self.tag(right, &crate::t!("compare-after"));
            }
            CompareMode::Wipe => {
                self.draw(Side::After, rect, after.0, after.1, None);
                let x = rect.left() + rect.width() * state.wipe;
                if let Some((t, s)) = before {
                    self.draw(
                        Side::Before,
                        rect,
                        t,
                        s,
                        Some(Rect::from_min_max(rect.min, pos2(x, rect.bottom()))),
                    );
                }
                self.outline(
                    rect,
                    after.1,
                    &overlay.after_boxes,
                    Some(Rect::from_min_max(pos2(x, rect.top()), rect.max)),
                );
                if let Some(s) = before_size {
                    let left = Rect::from_min_max(rect.min, pos2(x, rect.bottom()));
                    self.outline(rect, s, &overlay.before_boxes, Some(left));
                }
                self.painter.line_segment(
                    [pos2(x, rect.top()), pos2(x, rect.bottom())],
                    egui::Stroke::new(2.0, theme::ON_PHOTO_TEXT),
                );
                self.tag(rect, &crate::t!("compare-wipe-tag"));
            }
            CompareMode::Flip => {
                match (state.flipped, before) {
                    (true, Some((t, s))) => {
                        self.draw(Side::Before, rect, t, s, None);
                        self.outline(rect, s, &overlay.before_boxes, None);
                    }
                    _ => {
                        self.draw(Side::After, rect, after.0, after.1, None);
                        self.outline(rect, after.1, &overlay.after_boxes, None);
                    }
                }
                self.tag(
                    rect,
                    &if state.flipped {
                        crate::t!("compare-flip-before")
                    } else {
                        crate::t!("compare-flip-after")
                    },
                );
            }
            CompareMode::Difference => match (before, overlay.heat) {
                (Some((t, s)), Some(heat)) => {
                    self.draw(Side::Before, rect, t, s, None);
                    let placed_heat = placed(&self.view, self.pane0, self.frame, s);
                    self.ui
                        .painter_at(rect)
                        .image(heat.id(), placed_heat, UV, theme::NO_TINT);
                    self.outline(rect, s, &overlay.before_boxes, None);
                    let tag = match overlay.heat_to_target {
                        true => crate::t!("compare-difference-tag"),
                        false => crate::t!("compare-difference-tag-before"),
                    };
                    self.tag(rect, &tag);
                }
                (None, _) => self.tag(rect, &crate::t!("compare-no-before")),
                (Some((t, s)), None) => {
                    self.draw(Side::Before, rect, t, s, None);
                    self.tag(rect, &crate::t!("compare-working"));
                }
            },
        }
    }
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
