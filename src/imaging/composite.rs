//! Compositing a registered result into its target, and measuring what changed.
//!
//! Inside the boxes (grown by `margin`) the result, brought onto the target's grid; over
//! `feather` pixels beyond them a smooth blend; everywhere else the target's own pixels, untouched
//! (copied, never recomputed: bit for bit the image as sent).

#![expect(
    clippy::needless_range_loop,
    reason = "small fixed-size matrices and per-channel sums read best indexed"
)]

use image::{GrayImage, RgbaImage};
use serde::{Deserialize, Serialize};

use super::register::{Mapping, WorkingPair, outside_mask};
use crate::api::job::BBox;

/// A pixel counts as changed when a channel moved by more than this (of 255).
pub const CHANGE_THRESHOLD: u8 = 24;

/// How the result goes into the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blend {
    /// Pixels beyond the (grown) box over which the result fades out; 0 = a hard edge.
    pub feather: u32,
    /// Pixels the boxes grow by before feathering.
    pub margin: u32,
    /// Match the result's colours inside each box to the target's around it.
    pub match_colour: bool,
}

impl Default for Blend {
    fn default() -> Self {
        Blend {
            feather: 4,
            margin: 0,
            match_colour: false,
        }
    }
}

impl Blend {
    /// How far from a box the composite can differ from the target.
    pub fn reach(&self) -> f64 {
        (self.margin + self.feather) as f64
    }
}

/// What the model changed outside the boxes (+ margin + feather), after registration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChangeReport {
    /// Share (0–1) of the pixels outside that moved by more than [`CHANGE_THRESHOLD`].
    pub changed_share: f32,
    /// Mean and largest per-pixel difference outside (the largest channel's, of 255).
    pub mean_difference: f32,
    pub max_difference: u8,
}

impl ChangeReport {
    /// "outside the boxes the service's own file changed 3.2 % of the pixels visibly (by more
    /// than 24 of 255; on average by 4.1, at most by 87), which the composite leaves out": one
    /// thought, the share and the small drift every pixel has told apart, and whose it is.
    pub fn sentence(&self) -> crate::i18n::Said {
        crate::said!(
            "composite-change",
            threshold = CHANGE_THRESHOLD,
            share = format!("{:.1}", self.changed_share * 100.0),
            mean = format!("{:.1}", self.mean_difference),
            max = self.max_difference
        )
    }
}

/// Where pixels `first..first + n` of one axis sample an axis of `len` pixels under the map
/// `u = a·x + b` (continuous coordinates): both neighbours and the fraction, clamped.
fn taps(len: u32, n: usize, first: usize, a: f64, b: f64) -> Vec<(usize, usize, f32)> {
    (first..first + n)
        .map(|i| {
            let f = (a * (i as f64 + 0.5) + b - 0.5).clamp(0.0, (len - 1) as f64);
            let i0 = f.floor() as usize;
            (i0, (i0 + 1).min(len as usize - 1), (f - i0 as f64) as f32)
        })
        .collect()
}

/// Weight of the result at distance `d` (pixels) outside a grown box.
fn weight(d: f64, feather: f64) -> f32 {
    if d <= 0.0 {
        1.0
    } else if d >= feather {
        0.0
    } else {
        let t = 1.0 - d / feather;
        (t * t * (3.0 - 2.0 * t)) as f32
    }
}

/// Distance from a point to a rectangle (0 inside).
fn distance(px: f64, py: f64, r: [f64; 4]) -> f64 {
    let dx = (r[0] - px).max(px - r[2]).max(0.0);
    let dy = (r[1] - py).max(py - r[3]).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

/// Bilinear RGBA sample at pixel-index coordinates, clamped to the edges.
fn sample(img: &RgbaImage, fx: f64, fy: f64) -> [f32; 4] {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let fx = fx.clamp(0.0, (w - 1) as f64);
    let fy = fy.clamp(0.0, (h - 1) as f64);
    let (x0, y0) = (fx.floor() as i64, fy.floor() as i64);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (ax, ay) = ((fx - x0 as f64) as f32, (fy - y0 as f64) as f32);
    let p = |x: i64, y: i64| img.get_pixel(x as u32, y as u32).0;
    let (a, b, c, d) = (p(x0, y0), p(x1, y0), p(x0, y1), p(x1, y1));
    let mut out = [0.0; 4];
    for i in 0..4 {
        let top = a[i] as f32 * (1.0 - ax) + b[i] as f32 * ax;
        let bottom = c[i] as f32 * (1.0 - ax) + d[i] as f32 * ax;
        out[i] = top * (1.0 - ay) + bottom * ay;
    }
    out
}

/// A colour correction per channel: `out = (in - from) * gain + to`.
#[derive(Clone, Copy)]
struct ColourShift {
    from: [f32; 3],
    gain: [f32; 3],
    to: [f32; 3],
}

impl ColourShift {
    const NONE: ColourShift = ColourShift {
        from: [0.0; 3],
        gain: [1.0; 3],
        to: [0.0; 3],
    };
    fn apply(&self, c: [f32; 4]) -> [f32; 4] {
        let mut o = c;
        for i in 0..3 {
            o[i] = (c[i] - self.from[i]) * self.gain[i] + self.to[i];
        }
        o
    }
}

/// The box's colour correction from a ring just outside where the composite reaches.
fn ring_shift(
    target: &RgbaImage,
    result: &RgbaImage,
    mapping: &Mapping,
    rect: [f64; 4],
    reach: f64,
) -> ColourShift {
    let ring = 8.0f64.max(0.05 * (rect[2] - rect[0]).max(rect[3] - rect[1]));
    let (w, h) = (target.width() as f64, target.height() as f64);
    let x1 = (rect[0] - reach - ring).max(0.0) as u32;
    let y1 = (rect[1] - reach - ring).max(0.0) as u32;
    let x2 = (rect[2] + reach + ring).min(w) as u32;
    let y2 = (rect[3] + reach + ring).min(h) as u32;
    let mut stats = [[0.0f64; 3]; 4]; // sum t, sum r, sum t², sum r²
    let mut n = 0.0;
    for y in y1..y2 {
        for x in x1..x2 {
            let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
            let d = distance(px, py, rect);
            if d <= reach || d > reach + ring {
                continue;
            }
            let t = target.get_pixel(x, y).0;
            let (u, v) = mapping.to_result(px, py);
            let r = sample(result, u - 0.5, v - 0.5);
            for c in 0..3 {
                stats[0][c] += t[c] as f64;
                stats[1][c] += r[c] as f64;
                stats[2][c] += (t[c] as f64).powi(2);
                stats[3][c] += (r[c] as f64).powi(2);
            }
            n += 1.0;
        }
    }
    if n < 16.0 {
        return ColourShift::NONE;
    }
    let mut s = ColourShift::NONE;
    for c in 0..3 {
        let (mt, mr) = (stats[0][c] / n, stats[1][c] / n);
        let st = (stats[2][c] / n - mt * mt).max(0.0).sqrt();
        let sr = (stats[3][c] / n - mr * mr).max(0.0).sqrt();
        s.from[c] = mr as f32;
        s.to[c] = mt as f32;
        s.gain[c] = if sr > 2.0 {
            (st / sr).clamp(0.67, 1.5) as f32
        } else {
            1.0
        };
    }
    s
}

/// The composite on the target's grid: see the module's notes. `mapping` puts target pixels
/// in the result ([`super::register::register`]); the target's alpha is kept.
pub fn composite(
    target: &RgbaImage,
    result: &RgbaImage,
    mapping: &Mapping,
    boxes: &[BBox],
    blend: &Blend,
) -> RgbaImage {
    composite_masked(target, result, mapping, boxes, blend, None)
}

/// A painted mask's weights for [`composite_masked`]: 0–255 on the target's grid (feathered, see
/// [`super::mask::Painted::weights`]), and which boxes they apply to (the others take their
/// whole box).
#[derive(Clone, Copy)]
pub struct MaskWeights<'a> {
    pub weights: &'a GrayImage,
    pub painted: &'a [bool],
}

/// [`composite`], where a painted box takes the result only as much as the mask says.
pub fn composite_masked(
    target: &RgbaImage,
    result: &RgbaImage,
    mapping: &Mapping,
    boxes: &[BBox],
    blend: &Blend,
    mask: Option<MaskWeights>,
) -> RgbaImage {
    let mask = mask.filter(|m| m.weights.dimensions() == target.dimensions());
    let mut out = target.clone();
    let (w, h) = target.dimensions();
    let margin = blend.margin as f64;
    let feather = blend.feather as f64;
    let rects: Vec<[f64; 4]> = boxes
        .iter()
        .map(|b| {
            [
                b.x1 as f64 - margin,
                b.y1 as f64 - margin,
                b.x2 as f64 + margin,
                b.y2 as f64 + margin,
            ]
        })
        .collect();
    let shifts: Vec<ColourShift> = rects
        .iter()
        .map(|&r| {
            if blend.match_colour {
                ring_shift(target, result, mapping, r, feather)
            } else {
                ColourShift::NONE
            }
        })
        .collect();
    // Every pixel the blend can touch lies in this rectangle; each row of it is done once.
    let reach = |r: &[f64; 4]| {
        [
            (r[0] - feather).floor().max(0.0) as usize,
            (r[1] - feather).floor().max(0.0) as usize,
            ((r[2] + feather).ceil().max(0.0) as usize).min(w as usize),
            ((r[3] + feather).ceil().max(0.0) as usize).min(h as usize),
        ]
    };
    let Some(area) = rects.iter().map(reach).reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    }) else {
        return out;
    };
    let [x1, y1, x2, y2] = area;
    if x1 >= x2 || y1 >= y2 {
        return out;
    }
    // The mapping is affine per axis: where each column and row samples the result.
    let cols = taps(result.width(), x2 - x1, x1, mapping.ax, mapping.bx);
    let rows = taps(result.height(), y2 - y1, y1, mapping.ay, mapping.by);
    let (src, rw) = (result.as_raw(), result.width() as usize);
    let row_bytes = w as usize * 4;
    let band = |first_row: usize, chunk: &mut [u8]| {
        for (dy, line) in chunk.chunks_exact_mut(row_bytes).enumerate() {
            let y = first_row + dy;
            let py = y as f64 + 0.5;
            let (r0, r1, fy) = rows[y - y1];
            for x in x1..x2 {
                let px = x as f64 + 0.5;
                // The strongest box decides where two overlap.
                let (k, wgt) = rects
                    .iter()
                    .enumerate()
                    .map(|(k, rr)| {
                        let boxed = weight(distance(px, py, *rr), feather);
                        match mask {
                            // Painted: the mask's weight, nowhere beyond the box's reach.
                            Some(m) if m.painted.get(k) == Some(&true) && boxed > 0.0 => (
                                k,
                                m.weights.get_pixel(x as u32, y as u32).0[0] as f32 / 255.0,
                            ),
                            _ => (k, boxed),
                        }
                    })
                    .fold((0, 0.0f32), |a, b| if b.1 > a.1 { b } else { a });
                if wgt <= 0.0 {
                    continue;
                }
                let (c0, c1, fx) = cols[x - x1];
                let at = |r: usize, c: usize| (r * rw + c) * 4;
                let (a, b, c, d) = (at(r0, c0), at(r0, c1), at(r1, c0), at(r1, c1));
                let mut sampled = [0.0f32; 4];
                for ch in 0..3 {
                    let top = src[a + ch] as f32 * (1.0 - fx) + src[b + ch] as f32 * fx;
                    let bottom = src[c + ch] as f32 * (1.0 - fx) + src[d + ch] as f32 * fx;
                    sampled[ch] = top * (1.0 - fy) + bottom * fy;
                }
                let sampled = shifts[k].apply(sampled);
                let o = &mut line[x * 4..x * 4 + 3];
                for ch in 0..3 {
                    let mixed = wgt * sampled[ch] + (1.0 - wgt) * o[ch] as f32;
                    o[ch] = mixed.round().clamp(0.0, 255.0) as u8;
                }
            }
        }
    };
    // Rows in bands, one per core: the pixels outside `area` are never touched.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let per = (y2 - y1).div_ceil(threads).max(1);
    let raw: &mut [u8] = &mut out;
    let rows_bytes = &mut raw[y1 * row_bytes..y2 * row_bytes];
    std::thread::scope(|scope| {
        for (i, chunk) in rows_bytes.chunks_mut(per * row_bytes).enumerate() {
            let band = &band;
            scope.spawn(move || band(y1 + i * per, chunk));
        }
    });
    out
}

/// A composite made box by box: box `k` from `from[k]` (a result and where the target's pixels
/// are in it), the target's own pixels where it is `None`. Each box is composited alone into what
/// the boxes before made, so each takes its own result; everywhere else the target, untouched.
pub fn compose(
    target: &RgbaImage,
    boxes: &[BBox],
    from: &[Option<(&RgbaImage, &Mapping)>],
    blend: &Blend,
    mask: Option<MaskWeights>,
) -> RgbaImage {
    let mut out = target.clone();
    for (k, b) in boxes.iter().enumerate() {
        let Some(Some((result, mapping))) = from.get(k) else {
            continue;
        };
        let painted = mask.map(|m| [m.painted.get(k).copied().unwrap_or(false)]);
        let one = mask.zip(painted.as_ref()).map(|(m, p)| MaskWeights {
            weights: m.weights,
            painted: p,
        });
        out = composite_masked(&out, result, mapping, &[*b], blend, one);
    }
    out
}

/// A 3×3 box blur (edges clamped), as two passes of three.
fn soften(img: &RgbaImage) -> RgbaImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let src = img.as_raw();
    let mut across = vec![0u16; w * h * 4];
    for y in 0..h {
        for x in 0..w {
            let (l, r) = (x.saturating_sub(1), (x + 1).min(w - 1));
            for c in 0..4 {
                let at = |xx: usize| src[(y * w + xx) * 4 + c] as u16;
                across[(y * w + x) * 4 + c] = at(l) + at(x) + at(r);
            }
        }
    }
    let mut out = vec![0u8; w * h * 4];
    for y in 0..h {
        let (t, b) = (y.saturating_sub(1), (y + 1).min(h - 1));
        for i in 0..w * 4 {
            let sum = across[t * w * 4 + i] as u32
                + across[y * w * 4 + i] as u32
                + across[b * w * 4 + i] as u32;
            out[y * w * 4 + i] = ((sum + 4) / 9) as u8;
        }
    }
    RgbaImage::from_raw(w as u32, h as u32, out).unwrap_or_else(|| img.clone())
}

/// What changed, measured on the working grid: the report for the area outside the boxes
/// (+ margin + feather), and a map of every pixel's difference (the largest channel's) for the
/// heat map and the difference view.
pub fn what_changed(
    pair: &WorkingPair,
    mapping: &Mapping,
    boxes: &[BBox],
    blend: &Blend,
) -> (ChangeReport, GrayImage) {
    let (ww, wh) = pair.target.dimensions();
    let (tw, _) = pair.target_size;
    let (rw, rh) = pair.result_size;
    let s = ww as f64 / tw as f64;
    let (kx, ky) = (ww as f64 / rw as f64, wh as f64 / rh as f64);
    let outside = outside_mask(ww as usize, wh as usize, boxes, s, blend.reach());
    // The result brought onto the working grid, then both softened alike (3×3 box): the
    // result was resampled on its way here (the service's size, then the working grid), and
    // an edge blurred by resampling is not a change the model made.
    // On the working grid the mapping is affine per axis too: precomputed taps.
    let cols = taps(ww, ww as usize, 0, mapping.ax * kx / s, mapping.bx * kx);
    let rows = taps(wh, wh as usize, 0, mapping.ay * ky / s, mapping.by * ky);
    let src = pair.result.as_raw();
    let mut warped = RgbaImage::new(ww, wh);
    for (x, y, p) in warped.enumerate_pixels_mut() {
        let ((c0, c1, fx), (r0, r1, fy)) = (cols[x as usize], rows[y as usize]);
        let at = |r: usize, c: usize| (r * ww as usize + c) * 4;
        let (a, b, c, d) = (at(r0, c0), at(r0, c1), at(r1, c0), at(r1, c1));
        for ch in 0..4 {
            let top = src[a + ch] as f32 * (1.0 - fx) + src[b + ch] as f32 * fx;
            let bottom = src[c + ch] as f32 * (1.0 - fx) + src[d + ch] as f32 * fx;
            p.0[ch] = (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8;
        }
    }
    let (soft_t, soft_r) = (soften(&pair.target), soften(&warped));
    let mut map = GrayImage::new(ww, wh);
    let (mut n, mut changed, mut sum, mut max) = (0u64, 0u64, 0f64, 0u8);
    for y in 0..wh {
        for x in 0..ww {
            let (t, r) = (soft_t.get_pixel(x, y).0, soft_r.get_pixel(x, y).0);
            let d = (0..3).map(|c| t[c].abs_diff(r[c])).max().unwrap_or(0);
            map.put_pixel(x, y, image::Luma([d]));
            if outside[(y * ww + x) as usize] > 0.0 {
                n += 1;
                sum += d as f64;
                max = max.max(d);
                if d > CHANGE_THRESHOLD {
                    changed += 1;
                }
            }
        }
    }
    let n = n.max(1) as f64;
    (
        ChangeReport {
            changed_share: (changed as f64 / n) as f32,
            mean_difference: (sum / n) as f32,
            max_difference: max,
        },
        map,
    )
}

/// The difference of a result to its target, on the target preview's grid: each pixel the
/// largest channel's difference, as grey RGBA (for the difference view and the heat map).
/// `target_full`/`result_full` are the pixel sizes the previews stand for; `mapping` puts
/// target pixels in the result's.
pub fn preview_difference(
    target: &super::prepare::Preview,
    target_full: (u32, u32),
    result: &super::prepare::Preview,
    result_full: (u32, u32),
    mapping: &Mapping,
) -> super::prepare::Preview {
    let as_image = |p: &super::prepare::Preview| {
        RgbaImage::from_raw(p.width, p.height, p.rgba.clone())
            .unwrap_or_else(|| RgbaImage::new(1, 1))
    };
    let (t, r) = (as_image(target), as_image(result));
    let (sx, sy) = (
        target_full.0 as f64 / t.width() as f64,
        target_full.1 as f64 / t.height() as f64,
    );
    let (kx, ky) = (
        r.width() as f64 / result_full.0 as f64,
        r.height() as f64 / result_full.1 as f64,
    );
    // The result brought onto the target preview's grid, then both softened alike (3×3 box),
    // as `what_changed` does: the two previews were reduced from different sizes, and an edge
    // that each reduction blurred differently is not a change the model made (without this a
    // large photo's every edge glowed in the difference view).
    let mut warped = RgbaImage::new(t.width(), t.height());
    for (x, y, p) in warped.enumerate_pixels_mut() {
        let (u, v) = mapping.to_result((x as f64 + 0.5) * sx, (y as f64 + 0.5) * sy);
        let q = sample(&r, u * kx - 0.5, v * ky - 0.5);
        for c in 0..4 {
            p.0[c] = q[c].round().clamp(0.0, 255.0) as u8;
        }
    }
    let (soft_t, soft_r) = (soften(&t), soften(&warped));
    let mut rgba = Vec::with_capacity(t.as_raw().len());
    for (p, q) in soft_t.pixels().zip(soft_r.pixels()) {
        let d = (0..3).map(|c| p.0[c].abs_diff(q.0[c])).max().unwrap_or(0);
        rgba.extend_from_slice(&[d, d, d, 255]);
    }
    super::prepare::Preview {
        width: t.width(),
        height: t.height(),
        rgba,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(w: u32, h: u32, c: [u8; 4]) -> RgbaImage {
        RgbaImage::from_pixel(w, h, image::Rgba(c))
    }

    #[test]
    fn a_composite_made_box_by_box_takes_each_box_from_its_own_result() {
        let target = RgbaImage::from_fn(100, 60, |x, y| image::Rgba([x as u8, y as u8, 90, 255]));
        // Results at twice the size, as the service renders larger: the mapping puts them back.
        let (red, blue) = (
            solid(200, 120, [250, 0, 0, 255]),
            solid(200, 120, [0, 0, 250, 255]),
        );
        let m = Mapping::stretched((100, 60), (200, 120));
        let boxes = [BBox::new(10, 10, 30, 30), BBox::new(60, 20, 80, 50)];
        let blend = Blend::default();
        let out = compose(
            &target,
            &boxes,
            &[Some((&blue, &m)), Some((&red, &m))],
            &blend,
            None,
        );
        assert_eq!(
            out.get_pixel(20, 20).0,
            [0, 0, 250, 255],
            "box 1 from the blue result"
        );
        assert_eq!(
            out.get_pixel(70, 35).0,
            [250, 0, 0, 255],
            "box 2 from the red result"
        );
        for (x, y, p) in out.enumerate_pixels() {
            let near = |b: &BBox| {
                x + blend.feather + 1 >= b.x1
                    && x < b.x2 + blend.feather + 1
                    && y + blend.feather + 1 >= b.y1
                    && y < b.y2 + blend.feather + 1
            };
            if !boxes.iter().any(near) {
                assert_eq!(p, target.get_pixel(x, y), "untouched outside at {x},{y}");
            }
        }
        // The original for box 2: only box 1 changes.
        let one = compose(&target, &boxes, &[Some((&blue, &m)), None], &blend, None);
        assert_eq!(one.get_pixel(70, 35), target.get_pixel(70, 35));
        assert_eq!(one.get_pixel(20, 20).0, [0, 0, 250, 255]);
        // The same box from the same result, made with both boxes at once: the same pixels.
        let whole = composite(&target, &blue, &m, &boxes, &blend);
        assert_eq!(
            whole.get_pixel(20, 20),
            compose(
                &target,
                &boxes,
                &[Some((&blue, &m)), Some((&blue, &m))],
                &blend,
                None
            )
            .get_pixel(20, 20)
        );
    }

    #[test]
    fn a_painted_box_takes_the_result_only_where_the_mask_says() {
        let target = solid(100, 60, [100, 100, 100, 255]);
        let red = solid(100, 60, [250, 0, 0, 255]);
        let m = Mapping::stretched((100, 60), (100, 60));
        let boxes = [BBox::new(10, 10, 50, 50)];
        let half = crate::api::job::Stroke {
            erase: false,
            shape: crate::api::job::StrokeShape::Lasso {
                points: vec![[10.0, 10.0], [30.0, 10.0], [30.0, 50.0], [10.0, 50.0]],
            },
        };
        let blend = Blend::default();
        let painted = super::super::mask::rasterize(&[half], &boxes, 0, (100, 60));
        let weights = painted.weights(blend.feather);
        let mask = MaskWeights {
            weights: &weights,
            painted: &painted.painted,
        };
        let out = composite_masked(&target, &red, &m, &boxes, &blend, Some(mask));
        assert_eq!(out.get_pixel(15, 30).0, [250, 0, 0, 255], "painted half");
        assert_eq!(
            out.get_pixel(45, 30).0,
            [100, 100, 100, 255],
            "unpainted half"
        );
        assert_eq!(
            out.get_pixel(5, 30).0,
            [100, 100, 100, 255],
            "outside the box"
        );
        let plain = composite(&target, &red, &m, &boxes, &blend);
        assert_eq!(
            plain.get_pixel(45, 30).0,
            [250, 0, 0, 255],
            "without a mask"
        );
    }

    /// A large photo's result, re-rendered at another size (as the service does), shows no
    /// heat on its unchanged edges in the preview difference: each preview was reduced from a
    /// different size, which blurs a sharp edge differently.
    #[test]
    fn preview_difference_shows_no_heat_on_resampled_edges() {
        use crate::imaging::prepare::preview_of;
        let (w, h) = (3000u32, 2000u32);
        // Sharp stripes and a checker: every edge a resampling can blur.
        let target = RgbaImage::from_fn(w, h, |x, y| {
            let v = if (x / 37 + y / 53) % 2 == 0 { 230 } else { 20 };
            image::Rgba([v, 255 - v, ((x / 11) % 2 * 200) as u8, 255])
        });
        let (rw, rh) = (2508u32, 1672u32);
        let result = image::imageops::resize(&target, rw, rh, image::imageops::Lanczos3);
        let (tp, rp) = (
            preview_of(&image::DynamicImage::ImageRgba8(target)),
            preview_of(&image::DynamicImage::ImageRgba8(result)),
        );
        let map = Mapping::stretched((w, h), (rw, rh));
        let diff = preview_difference(&tp, (w, h), &rp, (rw, rh), &map);
        let mut values: Vec<u8> = diff.rgba.chunks(4).map(|p| p[0]).collect();
        values.sort_unstable();
        let p99 = values[values.len() * 99 / 100];
        let mean = values.iter().map(|&v| v as f64).sum::<f64>() / values.len() as f64;
        assert!(p99 <= 40, "99th percentile of the difference: {p99}");
        assert!(mean < 8.0, "mean difference {mean}");
        // And a real change still shows: a block painted over in the result.
        let mut changed = image::imageops::resize(
            &RgbaImage::from_fn(w, h, |x, y| {
                let v = if (x / 37 + y / 53) % 2 == 0 { 230 } else { 20 };
                image::Rgba([v, 255 - v, ((x / 11) % 2 * 200) as u8, 255])
            }),
            rw,
            rh,
            image::imageops::Lanczos3,
        );
        for y in 400..800 {
            for x in 400..800 {
                changed.put_pixel(x, y, image::Rgba([128, 128, 128, 255]));
            }
        }
        let cp = preview_of(&image::DynamicImage::ImageRgba8(changed));
        let diff = preview_difference(&tp, (w, h), &cp, (rw, rh), &map);
        let (px, py) = (
            (600.0 / rw as f64 * diff.width as f64) as usize,
            (600.0 / rh as f64 * diff.height as f64) as usize,
        );
        assert!(diff.rgba[(py * diff.width as usize + px) * 4] > 80);
    }

    #[test]
    fn feather_weights_fall_smoothly_to_zero() {
        assert_eq!(weight(0.0, 4.0), 1.0);
        assert_eq!(weight(-3.0, 4.0), 1.0);
        assert_eq!(weight(4.0, 4.0), 0.0);
        assert_eq!(weight(0.5, 0.0), 0.0);
        let mid = weight(2.0, 4.0);
        assert!((mid - 0.5).abs() < 1e-6);
        assert!(weight(1.0, 4.0) > mid && mid > weight(3.0, 4.0));
    }

    #[test]
    fn hard_edge_composite_replaces_exactly_the_box() {
        let target = RgbaImage::from_pixel(40, 30, image::Rgba([10, 20, 30, 255]));
        let result = RgbaImage::from_pixel(80, 60, image::Rgba([200, 100, 50, 255]));
        let map = Mapping::stretched((40, 30), (80, 60));
        let blend = Blend {
            feather: 0,
            margin: 0,
            match_colour: false,
        };
        let out = composite(&target, &result, &map, &[BBox::new(5, 5, 15, 10)], &blend);
        for (x, y, p) in out.enumerate_pixels() {
            let inside = (5..15).contains(&x) && (5..10).contains(&y);
            let want = if inside {
                [200, 100, 50, 255]
            } else {
                [10, 20, 30, 255]
            };
            assert_eq!(p.0, want, "at {x},{y}");
        }
    }

    #[test]
    fn colour_match_pulls_the_box_to_its_surround() {
        let target = RgbaImage::from_pixel(60, 60, image::Rgba([100, 100, 100, 255]));
        // The result is the same scene 40 levels brighter everywhere.
        let result = RgbaImage::from_pixel(60, 60, image::Rgba([140, 140, 140, 255]));
        let map = Mapping::stretched((60, 60), (60, 60));
        let boxes = [BBox::new(20, 20, 40, 40)];
        let plain = composite(&target, &result, &map, &boxes, &Blend::default());
        assert_eq!(plain.get_pixel(30, 30).0[0], 140);
        let matched = Blend {
            match_colour: true,
            ..Blend::default()
        };
        let out = composite(&target, &result, &map, &boxes, &matched);
        assert_eq!(out.get_pixel(30, 30).0[0], 100);
    }
}
