//! A painted mask over the boxes: which pixels of a box take the result. Strokes (a round brush,
//! an eraser, a lasso) are painted in order in the boxes' pixels; a box with no stroke takes the
//! whole box, as without a mask. What the composite uses is the mask feathered: its edge blends
//! over `feather` pixels, and nothing of it reaches beyond the box (grown by the margin) and that
//! feather.

use image::GrayImage;

use crate::api::job::{BBox, Stroke, StrokeShape};

/// The strokes painted: 255 where the composite takes the result. Only inside painted boxes
/// (grown by the margin); `painted[k]` says whether box `k` has a stroke of its own.
#[derive(Debug, Clone)]
pub struct Painted {
    pub mask: GrayImage,
    pub painted: Vec<bool>,
}

/// The boxes grown by `margin`, as `[x1, y1, x2, y2]` in pixels, clamped to `size`.
fn grown(b: &BBox, margin: u32, (w, h): (u32, u32)) -> [u32; 4] {
    [
        b.x1.saturating_sub(margin),
        b.y1.saturating_sub(margin),
        (b.x2 + margin).min(w),
        (b.y2 + margin).min(h),
    ]
}

fn overlaps(a: [f32; 4], b: [u32; 4]) -> bool {
    a[0] < b[2] as f32 && a[2] > b[0] as f32 && a[1] < b[3] as f32 && a[3] > b[1] as f32
}

/// Which boxes a stroke paints in: those its reach overlaps.
pub fn boxes_touched(stroke: &Stroke, boxes: &[BBox], margin: u32, size: (u32, u32)) -> Vec<bool> {
    let bounds = stroke.bounds();
    boxes
        .iter()
        .map(|b| bounds.is_some_and(|s| overlaps(s, grown(b, margin, size))))
        .collect()
}

/// The strokes painted over `boxes` in an image of `size`. A box whose first stroke paints
/// starts empty (it takes what is painted); one whose first stroke erases starts full (it takes
/// all but what is erased). Boxes without strokes are left out of the mask (they take their
/// whole box, see [`Painted::weights`]).
pub fn rasterize(strokes: &[Stroke], boxes: &[BBox], margin: u32, size: (u32, u32)) -> Painted {
    let (w, h) = size;
    let mut mask = GrayImage::new(w, h);
    let mut painted = vec![false; boxes.len()];
    for s in strokes {
        for (k, t) in boxes_touched(s, boxes, margin, size)
            .into_iter()
            .enumerate()
        {
            if t && !painted[k] && s.erase {
                // Erased first: the box takes the result but where it is erased.
                let g = grown(&boxes[k], margin, size);
                for y in g[1]..g[3] {
                    for x in g[0]..g[2] {
                        mask.put_pixel(x, y, image::Luma([255]));
                    }
                }
            }
            painted[k] |= t;
        }
        let value = if s.erase { 0 } else { 255 };
        match &s.shape {
            StrokeShape::Brush { radius, points } => brush(&mut mask, *radius, points, value),
            StrokeShape::Lasso { points } => lasso(&mut mask, points, value),
        }
    }
    // Only inside painted boxes (grown by the margin).
    let inside = |x: u32, y: u32| {
        boxes.iter().zip(&painted).any(|(b, &p)| {
            let g = grown(b, margin, size);
            p && x >= g[0] && x < g[2] && y >= g[1] && y < g[3]
        })
    };
    for (x, y, p) in mask.enumerate_pixels_mut() {
        if p.0[0] != 0 && !inside(x, y) {
            p.0[0] = 0;
        }
    }
    Painted { mask, painted }
}

/// A mask from a file (white = take the result), for every box: its grey levels, brought to
/// `size` when it is another size, kept only inside the boxes (grown by the margin).
pub fn from_picture(
    picture: &image::DynamicImage,
    boxes: &[BBox],
    margin: u32,
    size: (u32, u32),
) -> Painted {
    let grey = picture.to_luma8();
    let mut mask = if grey.dimensions() == size {
        grey
    } else {
        image::imageops::resize(&grey, size.0, size.1, image::imageops::FilterType::Triangle)
    };
    let rects: Vec<[u32; 4]> = boxes.iter().map(|b| grown(b, margin, size)).collect();
    for (x, y, p) in mask.enumerate_pixels_mut() {
        if !rects
            .iter()
            .any(|g| x >= g[0] && x < g[2] && y >= g[1] && y < g[3])
        {
            p.0[0] = 0;
        }
    }
    Painted {
        mask,
        painted: vec![true; boxes.len()],
    }
}

impl Painted {
    /// Whether any box is painted (else the mask changes nothing).
    pub fn any(&self) -> bool {
        self.painted.iter().any(|&p| p)
    }

    /// The weights the composite takes the result with in painted boxes: the mask with its edge
    /// feathered over `feather` pixels (two passes of a box blur), 0–255.
    pub fn weights(&self, feather: u32) -> GrayImage {
        if feather == 0 {
            return self.mask.clone();
        }
        let r = (feather / 2).max(1);
        blur(&blur(&self.mask, r), r)
    }
}

/// Sets `value` in discs of `radius` along the polyline through `points`.
fn brush(mask: &mut GrayImage, radius: f32, points: &[[f32; 2]], value: u8) {
    let radius = radius.max(0.5);
    let step = (radius / 2.0).max(0.5);
    let mut stamp = |p: [f32; 2]| disc(mask, p, radius, value);
    let Some(first) = points.first() else {
        return;
    };
    stamp(*first);
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let len = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
        let n = (len / step).ceil().max(1.0) as usize;
        for i in 1..=n {
            let t = i as f32 / n as f32;
            stamp([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
        }
    }
}

/// Sets `value` in the pixels whose centre is within `radius` of `c`.
fn disc(mask: &mut GrayImage, c: [f32; 2], radius: f32, value: u8) {
    let (w, h) = mask.dimensions();
    let x1 = (c[0] - radius).floor().max(0.0) as u32;
    let y1 = (c[1] - radius).floor().max(0.0) as u32;
    let x2 = ((c[0] + radius).ceil().max(0.0) as u32).min(w);
    let y2 = ((c[1] + radius).ceil().max(0.0) as u32).min(h);
    let r2 = radius * radius;
    for y in y1..y2 {
        for x in x1..x2 {
            let (dx, dy) = (x as f32 + 0.5 - c[0], y as f32 + 0.5 - c[1]);
            if dx * dx + dy * dy <= r2 {
                mask.put_pixel(x, y, image::Luma([value]));
            }
        }
    }
}

/// Sets `value` inside the closed outline through `points` (even-odd rule, pixel centres).
fn lasso(mask: &mut GrayImage, points: &[[f32; 2]], value: u8) {
    if points.len() < 3 {
        return;
    }
    let (w, h) = mask.dimensions();
    let (top, bottom) = points
        .iter()
        .fold((f32::MAX, f32::MIN), |(t, b), p| (t.min(p[1]), b.max(p[1])));
    let y1 = top.floor().max(0.0) as u32;
    let y2 = (bottom.ceil().max(0.0) as u32).min(h);
    let mut crossings = Vec::new();
    for y in y1..y2 {
        let cy = y as f32 + 0.5;
        crossings.clear();
        for (i, a) in points.iter().enumerate() {
            let b = points[(i + 1) % points.len()];
            if (a[1] <= cy) != (b[1] <= cy) {
                crossings.push(a[0] + (cy - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
            }
        }
        crossings.sort_by(f32::total_cmp);
        for span in crossings.chunks_exact(2) {
            // Pixels whose centre lies between the two crossings.
            let from = (span[0] - 0.5).ceil().max(0.0) as u32;
            let to = ((span[1] - 0.5).floor() + 1.0).clamp(0.0, w as f32) as u32;
            for x in from..to {
                mask.put_pixel(x, y, image::Luma([value]));
            }
        }
    }
}

/// A box blur of radius `r` across and then down (edges clamped).
fn blur(img: &GrayImage, r: u32) -> GrayImage {
    let (w, h) = img.dimensions();
    let r = r as i64;
    let n = (2 * r + 1) as u32;
    let pass = |src: &GrayImage, across: bool| {
        let mut out = GrayImage::new(w, h);
        let (len, lines) = if across { (w, h) } else { (h, w) };
        for line in 0..lines {
            let at = |i: i64| {
                let i = i.clamp(0, len as i64 - 1) as u32;
                if across {
                    src.get_pixel(i, line).0[0] as u32
                } else {
                    src.get_pixel(line, i).0[0] as u32
                }
            };
            let mut sum: u32 = (-r..=r).map(at).sum();
            for i in 0..len as i64 {
                let v = ((sum + n / 2) / n) as u8;
                if across {
                    out.put_pixel(i as u32, line, image::Luma([v]));
                } else {
                    out.put_pixel(line, i as u32, image::Luma([v]));
                }
                sum = sum + at(i + r + 1) - at(i - r);
            }
        }
        out
    };
    pass(&pass(img, true), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brush_stroke(erase: bool, radius: f32, points: Vec<[f32; 2]>) -> Stroke {
        Stroke {
            erase,
            shape: StrokeShape::Brush { radius, points },
        }
    }

    #[test]
    fn a_brush_paints_only_inside_the_box_it_touches_and_the_eraser_takes_back() {
        let boxes = [BBox::new(10, 10, 50, 50), BBox::new(60, 60, 90, 90)];
        let strokes = vec![
            brush_stroke(false, 5.0, vec![[5.0, 30.0], [45.0, 30.0]]),
            brush_stroke(true, 2.0, vec![[30.0, 30.0]]),
        ];
        let p = rasterize(&strokes, &boxes, 0, (100, 100));
        assert_eq!(p.painted, vec![true, false]);
        assert_eq!(p.mask.get_pixel(20, 30).0[0], 255, "painted");
        assert_eq!(p.mask.get_pixel(30, 30).0[0], 0, "erased");
        assert_eq!(p.mask.get_pixel(7, 30).0[0], 0, "outside the box");
        assert_eq!(p.mask.get_pixel(20, 20).0[0], 0, "not reached by the brush");
    }

    #[test]
    fn a_box_erased_first_takes_the_result_but_where_it_was_erased() {
        let boxes = [BBox::new(10, 10, 50, 50)];
        let rub = brush_stroke(true, 4.0, vec![[30.0, 30.0]]);
        let p = rasterize(&[rub], &boxes, 0, (100, 100));
        assert_eq!(p.painted, vec![true]);
        assert_eq!(p.mask.get_pixel(15, 15).0[0], 255, "the rest of the box");
        assert_eq!(p.mask.get_pixel(30, 30).0[0], 0, "erased");
        assert_eq!(p.mask.get_pixel(60, 60).0[0], 0, "outside the box");
    }

    #[test]
    fn a_lasso_fills_its_outline() {
        let boxes = [BBox::new(0, 0, 100, 100)];
        let tri = Stroke {
            erase: false,
            shape: StrokeShape::Lasso {
                points: vec![[10.0, 10.0], [90.0, 10.0], [10.0, 90.0]],
            },
        };
        let p = rasterize(&[tri], &boxes, 0, (100, 100));
        assert_eq!(p.mask.get_pixel(20, 20).0[0], 255);
        assert_eq!(p.mask.get_pixel(80, 80).0[0], 0);
        let filled = p.mask.pixels().filter(|q| q.0[0] == 255).count();
        assert!(
            (3000..3400).contains(&filled),
            "about half of 80×80: {filled}"
        );
    }

    #[test]
    fn a_feathered_mask_blends_its_edge_and_keeps_its_middle() {
        let boxes = [BBox::new(0, 0, 64, 64)];
        let half = Stroke {
            erase: false,
            shape: StrokeShape::Lasso {
                points: vec![[0.0, 0.0], [32.0, 0.0], [32.0, 64.0], [0.0, 64.0]],
            },
        };
        let w = rasterize(&[half], &boxes, 0, (64, 64)).weights(8);
        assert_eq!(w.get_pixel(10, 30).0[0], 255);
        assert_eq!(w.get_pixel(50, 30).0[0], 0);
        let edge = w.get_pixel(32, 30).0[0];
        assert!((60..200).contains(&edge), "{edge}");
    }

    #[test]
    fn a_mask_file_is_scaled_to_the_target_and_kept_inside_the_boxes() {
        let boxes = [BBox::new(0, 0, 20, 40)];
        let white =
            image::DynamicImage::ImageLuma8(GrayImage::from_pixel(10, 10, image::Luma([255])));
        let p = from_picture(&white, &boxes, 0, (40, 40));
        assert_eq!(p.mask.dimensions(), (40, 40));
        assert_eq!(p.mask.get_pixel(5, 5).0[0], 255);
        assert_eq!(p.mask.get_pixel(30, 5).0[0], 0);
        assert_eq!(p.painted, vec![true]);
    }
}
