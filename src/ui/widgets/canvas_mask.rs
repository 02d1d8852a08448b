//! The painted mask on the canvas: strokes of the brush, the eraser and the lasso, in the pixels
//! of the image as sent (the boxes' pixels), free of any screen transform. Where a stroke goes
//! (into the boxes it touches, or a box made for it), which strokes go with a box, and the tint
//! that shows the mask over the image (the engine's own rule, `imaging::mask::rasterize`, at the
//! preview's size, made again only when the strokes, the boxes or the margin change).

use egui::{Color32, ColorImage, TextureHandle, TextureOptions};

use super::boxes;
use crate::api::job::{BBox, Stroke, StrokeShape};
use crate::imaging::prepare::{PREVIEW_MAX_SIDE, fit_within, rescale_box};

/// What the pointer does on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Draw, select, move and resize boxes.
    #[default]
    Box,
    /// Paint which pixels of a box take the result.
    Brush,
    /// Give painted pixels back to the original.
    Eraser,
    /// An outline whose inside takes the result.
    Lasso,
}

impl Tool {
    pub const ALL: [Tool; 4] = [Tool::Box, Tool::Brush, Tool::Eraser, Tool::Lasso];

    /// Whether it paints the mask (rather than edit boxes).
    pub fn paints(self) -> bool {
        self != Tool::Box
    }

    /// Whether it is a round brush (its size matters, its cursor is a circle).
    pub fn is_round(self) -> bool {
        matches!(self, Tool::Brush | Tool::Eraser)
    }
}

/// A stroke painted where no box is gets a box of its own: its bounds grown by this many pixels
/// of the image on every side (clamped to the image), so that the brush's edge is inside the
/// box with a little of the photo around it, as a box drawn by hand round it would be.
pub const STROKE_BOX_MARGIN: f32 = 16.0;

/// The brush's radius, in image pixels, between these.
pub const RADIUS_MIN: f32 = 1.0;
/// `[` and `]` change the radius by this factor.
pub const RADIUS_STEP: f32 = 1.25;

/// The brush's radius before the designer changes it: a fortieth of the image's shorter side
/// (15 px on a 600-px photo, 100 px on a 6000×4000 one), at least 4.
pub fn default_radius((w, h): (u32, u32)) -> f32 {
    (w.min(h) as f32 / 40.0).round().max(4.0)
}

/// The largest radius that means something on an image: half its shorter side.
pub fn max_radius((w, h): (u32, u32)) -> f32 {
    (w.min(h) as f32 / 2.0).max(RADIUS_MIN)
}

/// `radius` one step smaller or larger (`[`, `]`), kept within the image's range and rounded
/// to whole pixels above 4.
pub fn step_radius(radius: f32, larger: bool, size: (u32, u32)) -> f32 {
    let r = if larger {
        radius * RADIUS_STEP
    } else {
        radius / RADIUS_STEP
    };
    let r = if r >= 4.0 { r.round() } else { r };
    // Always a step: a small radius rounded back to itself moves by one pixel.
    let r = match (larger, r == radius) {
        (true, true) => radius + 1.0,
        (false, true) => radius - 1.0,
        _ => r,
    };
    r.clamp(RADIUS_MIN, max_radius(size))
}

/// Whether a stroke touches any box (the boxes it touches are where it paints).
pub fn touches_a_box(stroke: &Stroke, boxes: &[BBox], size: (u32, u32)) -> bool {
    crate::imaging::mask::boxes_touched(stroke, boxes, 0, size)
        .into_iter()
        .any(|t| t)
}

/// The box made for a stroke painted where no box is: its bounds plus
/// [`STROKE_BOX_MARGIN`], clamped to the image; `None` when that is no box (nothing painted).
pub fn box_for(stroke: &Stroke, (w, h): (u32, u32)) -> Option<BBox> {
    let [x1, y1, x2, y2] = stroke.bounds()?;
    let m = STROKE_BOX_MARGIN;
    let b = boxes::from_corners((x1 - m, y1 - m), (x2 + m, y2 + m), w, h);
    boxes::is_meaningful(&b).then_some(b)
}

/// What became of a finished stroke.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    /// It touches a box and paints there.
    Painted,
    /// It touched no box: a box was made for it (its index), and it paints there.
    BoxMade(usize),
    /// Nothing to keep (an eraser where nothing is painted, a lasso of fewer than 3 points).
    Nothing,
    /// No box could be made for it: the sentence says why.
    Refused(String),
}

/// Puts a finished stroke into the mask of an image of `size` (image `number`), making a box
/// for it when it touches none: the same rule as drawing a box with the box tool (at most two
/// per image; a third is refused with the box tool's sentence).
pub fn place(
    stroke: Stroke,
    boxes: &mut Vec<BBox>,
    mask: &mut Vec<Stroke>,
    number: usize,
    size: (u32, u32),
) -> Placed {
    if let StrokeShape::Lasso { points } = &stroke.shape
        && points.len() < 3
    {
        return Placed::Nothing;
    }
    if touches_a_box(&stroke, boxes, size) {
        mask.push(stroke);
        return Placed::Painted;
    }
    // The mask only matters inside boxes: erasing where none is erases nothing.
    if stroke.erase {
        return Placed::Nothing;
    }
    if boxes.len() >= crate::api::catalog::ModelSpec::most_boxes() {
        return Placed::Refused(crate::t!(
            "canvas-too-many-boxes",
            number = number,
            count = boxes.len()
        ));
    }
    let Some(b) = box_for(&stroke, size) else {
        return Placed::Nothing;
    };
    boxes.push(b);
    mask.push(stroke);
    Placed::BoxMade(boxes.len() - 1)
}

/// Drops the strokes that touch no box (a box deleted, or moved away from its strokes): the
/// mask only matters inside boxes, and a stroke left behind would silently paint a box drawn
/// over it later. Returns whether any went.
pub fn prune(mask: &mut Vec<Stroke>, boxes: &[BBox], size: (u32, u32)) -> bool {
    let before = mask.len();
    mask.retain(|s| touches_a_box(s, boxes, size));
    mask.len() != before
}

/// Clears the mask of box `selected` (the strokes that touch it; a stroke that also paints the
/// other box stays) or, with no box selected, of the whole image. Returns whether any went.
pub fn clear(
    mask: &mut Vec<Stroke>,
    boxes: &[BBox],
    selected: Option<usize>,
    size: (u32, u32),
) -> bool {
    let before = mask.len();
    match selected.filter(|&k| k < boxes.len()) {
        Some(k) => mask.retain(|s| {
            let t = crate::imaging::mask::boxes_touched(s, boxes, 0, size);
            !t[k] || t.iter().enumerate().any(|(j, &on)| j != k && on)
        }),
        None => mask.clear(),
    }
    mask.len() != before
}

/// The tint over the image, `(w, h)` at most [`PREVIEW_MAX_SIDE`] a side: in each painted box
/// (grown by `margin`, as the engine grows it), the box's colour where the result is taken and a
/// shade where the original stays; transparent elsewhere (a box without strokes takes all of it,
/// as without a mask). `None` when no box is painted.
pub fn tint(
    strokes: &[Stroke],
    boxes: &[BBox],
    margin: u32,
    size: (u32, u32),
) -> Option<ColorImage> {
    if strokes.is_empty() || boxes.is_empty() {
        return None;
    }
    let small = fit_within(size.0, size.1, PREVIEW_MAX_SIDE);
    let scale = small.0 as f32 / size.0.max(1) as f32;
    let strokes: Vec<Stroke> = strokes.iter().map(|s| s.rescaled(size, small)).collect();
    let scaled: Vec<BBox> = boxes.iter().map(|b| rescale_box(*b, size, small)).collect();
    let margin = (margin as f32 * scale).round() as u32;
    let painted = crate::imaging::mask::rasterize(&strokes, &scaled, margin, small);
    if !painted.any() {
        return None;
    }
    let (tw, th) = small;
    let mut out = ColorImage::filled([tw as usize, th as usize], Color32::TRANSPARENT);
    let shade = crate::ui::theme::ON_PHOTO_SHADOW.gamma_multiply(0.45);
    for (k, b) in scaled.iter().enumerate() {
        if !painted.painted[k] {
            continue;
        }
        let taken = crate::ui::theme::BOX_COLOURS[k % 2].gamma_multiply(0.45);
        let (x1, y1) = (b.x1.saturating_sub(margin), b.y1.saturating_sub(margin));
        let (x2, y2) = ((b.x2 + margin).min(tw), (b.y2 + margin).min(th));
        for y in y1..y2 {
            for x in x1..x2 {
                let on = painted.mask.get_pixel(x, y).0[0] > 0;
                out.pixels[(y * tw + x) as usize] = if on { taken } else { shade };
            }
        }
    }
    Some(out)
}

/// What a tint was made from: the image (slot id), its strokes, boxes, margin, size.
type TintOf = (u64, Vec<Stroke>, Vec<BBox>, u32, (u32, u32));

/// The tint's texture, kept until what it shows changes: no frame paints the strokes again.
#[derive(Clone, Default)]
pub struct TintCache {
    made_of: Option<TintOf>,
    texture: Option<TextureHandle>,
    /// How many times the tint was made (the tests count them).
    pub made: usize,
}

impl std::fmt::Debug for TintCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TintCache")
            .field("made", &self.made)
            .field("has_texture", &self.texture.is_some())
            .finish()
    }
}

impl TintCache {
    /// The tint of image `id` with these strokes and boxes, made again only when one of them
    /// (or the margin, or the size) changed since the last frame.
    pub fn get(
        &mut self,
        ctx: &egui::Context,
        id: u64,
        strokes: &[Stroke],
        boxes: &[BBox],
        margin: u32,
        size: (u32, u32),
    ) -> Option<&TextureHandle> {
        let same = self.made_of.as_ref().is_some_and(|(i, s, b, m, z)| {
            *i == id && s == strokes && b == boxes && *m == margin && *z == size
        });
        if !same {
            self.made += 1;
            self.texture = tint(strokes, boxes, margin, size)
                .map(|img| ctx.load_texture("mask-tint", img, TextureOptions::LINEAR));
            self.made_of = Some((id, strokes.to_vec(), boxes.to_vec(), margin, size));
        }
        self.texture.as_ref()
    }

    /// The tint last made, whatever changed since.
    pub fn last(&self) -> Option<&TextureHandle> {
        self.texture.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brush(erase: bool, radius: f32, points: &[[f32; 2]]) -> Stroke {
        Stroke {
            erase,
            shape: StrokeShape::Brush {
                radius,
                points: points.to_vec(),
            },
        }
    }

    const SIZE: (u32, u32) = (600, 400);

    #[test]
    fn a_stroke_in_a_box_paints_there_and_one_outside_gets_a_box_of_its_bounds_and_margin() {
        let mut boxes = vec![BBox::new(100, 100, 200, 200)];
        let mut mask = Vec::new();
        let inside = brush(false, 5.0, &[[120.0, 150.0], [180.0, 150.0]]);
        assert_eq!(
            place(inside.clone(), &mut boxes, &mut mask, 1, SIZE),
            Placed::Painted
        );
        assert_eq!(mask, vec![inside]);
        // Bounds 295..365 × 45..75 (radius 5), grown by 16.
        let outside = brush(false, 5.0, &[[300.0, 50.0], [360.0, 70.0]]);
        assert_eq!(
            place(outside, &mut boxes, &mut mask, 1, SIZE),
            Placed::BoxMade(1)
        );
        assert_eq!(boxes[1], BBox::new(279, 29, 381, 91));
        assert_eq!(mask.len(), 2);
        // Near the image's corner the box is clamped to the image.
        assert_eq!(
            box_for(&brush(false, 4.0, &[[5.0, 395.0]]), SIZE),
            Some(BBox::new(0, 375, 25, 400))
        );
        // A third box is refused with the box tool's sentence; nothing is kept.
        let third = brush(false, 5.0, &[[500.0, 300.0]]);
        match place(third, &mut boxes, &mut mask, 1, SIZE) {
            Placed::Refused(s) => assert!(s.contains("already has 2 boxes"), "{s}"),
            other => panic!("{other:?}"),
        }
        assert_eq!((boxes.len(), mask.len()), (2, 2));
        // An eraser where no box is erases nothing and makes no box; a lasso needs 3 points.
        let erase = brush(true, 5.0, &[[500.0, 300.0]]);
        assert_eq!(
            place(erase, &mut boxes, &mut mask, 1, SIZE),
            Placed::Nothing
        );
        let line = Stroke {
            erase: false,
            shape: StrokeShape::Lasso {
                points: vec![[120.0, 120.0], [150.0, 150.0]],
            },
        };
        assert_eq!(place(line, &mut boxes, &mut mask, 1, SIZE), Placed::Nothing);
        assert_eq!((boxes.len(), mask.len()), (2, 2));
    }

    #[test]
    fn strokes_go_with_a_deleted_box_and_clear_takes_one_box_or_all() {
        let boxes = vec![BBox::new(0, 0, 100, 100), BBox::new(200, 0, 300, 100)];
        let a = brush(false, 5.0, &[[50.0, 50.0]]);
        let b = brush(false, 5.0, &[[250.0, 50.0]]);
        let both = brush(false, 5.0, &[[50.0, 20.0], [250.0, 20.0]]);
        let mut mask = vec![a.clone(), b.clone(), both.clone()];
        // Box 1 cleared: its own stroke goes; the one that also paints box 2 stays.
        assert!(clear(&mut mask, &boxes, Some(0), SIZE));
        assert_eq!(mask, vec![b.clone(), both.clone()]);
        // Box 2 deleted: the strokes that touch no box any more go with it.
        let mut mask = vec![a.clone(), b, both.clone()];
        assert!(prune(&mut mask, &boxes[..1], SIZE));
        assert_eq!(mask, vec![a.clone(), both]);
        assert!(!prune(&mut mask, &boxes[..1], SIZE), "nothing more to drop");
        // No box selected: the whole image's mask.
        assert!(clear(&mut mask, &boxes, None, SIZE));
        assert!(mask.is_empty());
    }

    #[test]
    fn the_brush_size_steps_within_the_image() {
        assert_eq!(default_radius((600, 400)), 10.0);
        assert_eq!(default_radius((6000, 4000)), 100.0);
        assert_eq!(default_radius((64, 64)), 4.0);
        assert_eq!(step_radius(20.0, true, SIZE), 25.0);
        assert_eq!(step_radius(25.0, false, SIZE), 20.0);
        assert_eq!(step_radius(1.0, false, SIZE), RADIUS_MIN);
        assert_eq!(
            step_radius(190.0, true, SIZE),
            200.0,
            "half the shorter side"
        );
        // Small sizes still move.
        assert!(step_radius(2.0, true, SIZE) > 2.0);
        assert!(step_radius(4.0, false, SIZE) < 4.0);
    }

    #[test]
    fn the_tint_shows_the_engines_rule_at_the_previews_size() {
        let big = (6000, 4000);
        let boxes = vec![BBox::new(0, 0, 3000, 4000), BBox::new(4000, 0, 6000, 2000)];
        // The left half of box 1 painted; box 2 has no stroke (it takes all of it: no tint).
        let half = Stroke {
            erase: false,
            shape: StrokeShape::Lasso {
                points: vec![[0.0, 0.0], [1500.0, 0.0], [1500.0, 4000.0], [0.0, 4000.0]],
            },
        };
        let t = tint(&[half], &boxes, 0, big).expect("a painted box");
        assert_eq!(t.size, [1024, 683]);
        let at = |x: usize, y: usize| t.pixels[y * 1024 + x];
        let taken = crate::ui::theme::BOX_COLOURS[0].gamma_multiply(0.45);
        assert_eq!(at(100, 300), taken, "painted: the result");
        assert_eq!(
            at(400, 300),
            crate::ui::theme::ON_PHOTO_SHADOW.gamma_multiply(0.45),
            "in the painted box, not painted: the original"
        );
        assert_eq!(at(800, 100), Color32::TRANSPARENT, "box 2: whole");
        assert_eq!(at(600, 600), Color32::TRANSPARENT, "outside the boxes");
        assert!(tint(&[], &boxes, 0, big).is_none());
    }
}
