//! Registration: where a result's pixels sit on its target input's grid.
//!
//! Wan renders the whole picture again at the size tier's pixel count (a 600×400 input comes
//! back about 2508×1672), a few pixels shifted or scaled, with the colours drifted. To put the
//! result inside the boxes and keep the original elsewhere, each result is first brought onto the
//! target's grid (the image as sent: after orientation and repair), then the remaining scale and
//! shift are estimated from the area outside the boxes:
//!
//! 1. both images are reduced to one working grid (the target's, at most [`WORK_MAX`] px) as
//!    luminance, and a pyramid of halvings is built;
//! 2. at the coarsest level an exhaustive search of whole-pixel shifts by normalised correlation
//!    finds the basin (robust to any brightness or contrast drift);
//! 3. at every level, finest last, Gauss–Newton refines six numbers: a scale and a shift per
//!    axis, and a gain and offset of the brightness (so a global drift is modelled, not fitted
//!    as motion); residuals far from the typical one (what the model changed outside the boxes)
//!    are down-weighted (Huber);
//! 4. the confidence is the normalised correlation of the aligned pair outside the boxes, at a
//!    level where re-rendered fine texture averages out; below [`MIN_CONFIDENCE`] the result is
//!    said not to line up (the model re-framed the picture, or it is another picture).
//!
//! Hand-written rather than a crate: the well-kept registration code is OpenCV's (C++); the
//! pure-Rust crates found do translation only (phase correlation) or need nalgebra/ndarray
//! stacks for one 6×6 solve.

#![expect(
    clippy::needless_range_loop,
    reason = "small fixed-size matrices and per-channel sums read best indexed"
)]

use image::RgbaImage;
use serde::{Deserialize, Serialize};

use crate::api::job::BBox;
use crate::i18n::Said;

/// The working grid's longest side: fine enough for sub-pixel accuracy at the target's size
/// (errors scale up by target/working, and the fit is good to a few hundredths of a pixel),
/// small enough to stay well under the time goal.
pub const WORK_MAX: u32 = 1024;
/// Below this correlation outside the boxes the result is not composited.
pub const MIN_CONFIDENCE: f32 = 0.8;
/// A result whose aspect differs from the target's by more than this was shaped after
/// another picture (the service follows the last input image).
const MAX_ASPECT_DIFFERENCE: f64 = 0.06;
/// How far (in working-grid pixels at the coarsest level) the whole-pixel search looks.
const SEARCH: i32 = 6;

/// Where a target pixel's content is in the result: `u = ax·x + bx`, `v = ay·y + by`, in
/// continuous coordinates (pixel `i` covers `[i, i+1)`) of the target as sent and of the
/// result as the service returned it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    pub ax: f64,
    pub bx: f64,
    pub ay: f64,
    pub by: f64,
}

impl Mapping {
    /// The naive map: the result stretched over the target.
    pub fn stretched(target: (u32, u32), result: (u32, u32)) -> Mapping {
        Mapping {
            ax: result.0 as f64 / target.0 as f64,
            bx: 0.0,
            ay: result.1 as f64 / target.1 as f64,
            by: 0.0,
        }
    }
    pub fn to_result(&self, x: f64, y: f64) -> (f64, f64) {
        (self.ax * x + self.bx, self.ay * y + self.by)
    }
    pub fn to_target(&self, u: f64, v: f64) -> (f64, f64) {
        ((u - self.bx) / self.ax, (v - self.by) / self.ay)
    }
    /// The largest distance, in target pixels, between where two mappings put the result's
    /// corners: how far apart they are anywhere in the picture (both are affine per axis).
    pub fn max_error(&self, other: &Mapping, result: (u32, u32)) -> f64 {
        let mut worst: f64 = 0.0;
        for (u, v) in [
            (0.0, 0.0),
            (result.0 as f64, 0.0),
            (0.0, result.1 as f64),
            (result.0 as f64, result.1 as f64),
        ] {
            let (x1, y1) = self.to_target(u, v);
            let (x2, y2) = other.to_target(u, v);
            worst = worst.max((x1 - x2).abs()).max((y1 - y2).abs());
        }
        worst
    }
}

/// The outcome of lining a result up with its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub mapping: Mapping,
    /// Normalised correlation of the aligned pair outside the boxes (1 = the same picture).
    pub confidence: f32,
    /// Why the result cannot be composited, in a sentence; `None` when it lines up.
    pub refusal: Option<Said>,
}

impl Registration {
    pub fn lines_up(&self) -> bool {
        self.refusal.is_none()
    }
}

/// A single-channel float image.
#[derive(Clone)]
pub(crate) struct Plane {
    pub w: usize,
    pub h: usize,
    pub px: Vec<f32>,
}

impl Plane {
    fn at(&self, x: usize, y: usize) -> f32 {
        self.px[y * self.w + x]
    }
    /// Bilinear sample at pixel-index coordinates; `None` outside the image.
    fn sample(&self, fx: f64, fy: f64) -> Option<f32> {
        if fx < 0.0 || fy < 0.0 || fx > (self.w - 1) as f64 || fy > (self.h - 1) as f64 {
            return None;
        }
        let (x0, y0) = (fx.floor() as usize, fy.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (ax, ay) = ((fx - x0 as f64) as f32, (fy - y0 as f64) as f32);
        let top = self.at(x0, y0) * (1.0 - ax) + self.at(x1, y0) * ax;
        let bottom = self.at(x0, y1) * (1.0 - ax) + self.at(x1, y1) * ax;
        Some(top * (1.0 - ay) + bottom * ay)
    }
    fn luma(img: &RgbaImage) -> Plane {
        let px = img
            .pixels()
            .map(|p| 0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32)
            .collect();
        Plane {
            w: img.width() as usize,
            h: img.height() as usize,
            px,
        }
    }
    /// Half the size, each pixel the mean of a 2×2 block (an odd last row/column is dropped).
    fn half(&self) -> Plane {
        let (w, h) = (self.w / 2, self.h / 2);
        let mut px = Vec::with_capacity(w * h);
        for y in 0..h {
            for x in 0..w {
                let s = self.at(2 * x, 2 * y)
                    + self.at(2 * x + 1, 2 * y)
                    + self.at(2 * x, 2 * y + 1)
                    + self.at(2 * x + 1, 2 * y + 1);
                px.push(s * 0.25);
            }
        }
        Plane { w, h, px }
    }
    /// Central-difference gradients.
    fn gradients(&self) -> (Plane, Plane) {
        let (w, h) = (self.w, self.h);
        let mut gx = vec![0.0; w * h];
        let mut gy = vec![0.0; w * h];
        for y in 0..h {
            for x in 0..w {
                let (l, r) = (x.saturating_sub(1), (x + 1).min(w - 1));
                let (t, b) = (y.saturating_sub(1), (y + 1).min(h - 1));
                gx[y * w + x] = (self.at(r, y) - self.at(l, y)) / (r - l).max(1) as f32;
                gy[y * w + x] = (self.at(x, b) - self.at(x, t)) / (b - t).max(1) as f32;
            }
        }
        (Plane { w, h, px: gx }, Plane { w, h, px: gy })
    }
}

/// The working grid of a target of `w`×`h`: its size scaled to at most [`WORK_MAX`].
pub fn working_size(w: u32, h: u32) -> (u32, u32) {
    super::prepare::fit_within(w, h, WORK_MAX.min(w.max(h)))
}

/// Which pixels of a `w`×`h` grid are outside the boxes (scaled from the target's `scale` to the
/// grid, grown by `grow` target pixels): 1.0 outside, 0.0 inside.
pub(crate) fn outside_mask(w: usize, h: usize, boxes: &[BBox], scale: f64, grow: f64) -> Vec<f32> {
    let mut mask = vec![1.0f32; w * h];
    for b in boxes {
        let x1 = ((b.x1 as f64 - grow) * scale).floor().max(0.0) as usize;
        let y1 = ((b.y1 as f64 - grow) * scale).floor().max(0.0) as usize;
        let x2 = (((b.x2 as f64 + grow) * scale).ceil() as usize).min(w);
        let y2 = (((b.y2 as f64 + grow) * scale).ceil() as usize).min(h);
        if x1 >= x2 {
            continue;
        }
        for y in y1..y2 {
            mask[y * w + x1..y * w + x2].fill(0.0);
        }
    }
    mask
}

fn half_mask(mask: &[f32], w: usize, h: usize) -> Vec<f32> {
    let (hw, hh) = (w / 2, h / 2);
    let mut out = Vec::with_capacity(hw * hh);
    for y in 0..hh {
        for x in 0..hw {
            let m = mask[2 * y * w + 2 * x]
                .min(mask[2 * y * w + 2 * x + 1])
                .min(mask[(2 * y + 1) * w + 2 * x])
                .min(mask[(2 * y + 1) * w + 2 * x + 1]);
            out.push(m);
        }
    }
    out
}

/// The residual warp on one level: `u = c + (1+e)(x - c) + d` per axis, and brightness
/// `T ≈ gain·R + offset`.
#[derive(Debug, Clone, Copy)]
struct Warp {
    ex: f64,
    ey: f64,
    dx: f64,
    dy: f64,
    gain: f64,
    offset: f64,
}

impl Warp {
    fn apply(&self, x: f64, y: f64, cx: f64, cy: f64) -> (f64, f64) {
        (
            cx + (1.0 + self.ex) * (x - cx) + self.dx,
            cy + (1.0 + self.ey) * (y - cy) + self.dy,
        )
    }
}

/// Normalised correlation of `t` and `r` warped by `warp`, over the mask; and how many pixels
/// took part.
fn correlation(t: &Plane, r: &Plane, mask: &[f32], warp: &Warp) -> (f64, usize) {
    let (cx, cy) = (t.w as f64 / 2.0, t.h as f64 / 2.0);
    let (mut n, mut st, mut sr, mut stt, mut srr, mut str_) = (0usize, 0.0, 0.0, 0.0, 0.0, 0.0);
    for y in 0..t.h {
        for x in 0..t.w {
            if mask[y * t.w + x] == 0.0 {
                continue;
            }
            let (u, v) = warp.apply(x as f64 + 0.5, y as f64 + 0.5, cx, cy);
            let Some(rv) = r.sample(u - 0.5, v - 0.5) else {
                continue;
            };
            let (a, b) = (t.at(x, y) as f64, rv as f64);
            n += 1;
            st += a;
            sr += b;
            stt += a * a;
            srr += b * b;
            str_ += a * b;
        }
    }
    if n < 16 {
        return (0.0, n);
    }
    let nf = n as f64;
    let cov = str_ / nf - (st / nf) * (sr / nf);
    let vt = stt / nf - (st / nf).powi(2);
    let vr = srr / nf - (sr / nf).powi(2);
    if vt < 1.0 || vr < 1.0 {
        // Flat: nothing to line up with.
        return (0.0, n);
    }
    (cov / (vt * vr).sqrt(), n)
}

/// Whole-pixel shifts at the coarsest level, best correlation first.
fn coarse_search(t: &Plane, r: &Plane, mask: &[f32]) -> Warp {
    let mut best = (f64::MIN, 0, 0);
    for dy in -SEARCH..=SEARCH {
        for dx in -SEARCH..=SEARCH {
            let w = Warp {
                ex: 0.0,
                ey: 0.0,
                dx: dx as f64,
                dy: dy as f64,
                gain: 1.0,
                offset: 0.0,
            };
            let (c, _) = correlation(t, r, mask, &w);
            if c > best.0 {
                best = (c, dx, dy);
            }
        }
    }
    Warp {
        ex: 0.0,
        ey: 0.0,
        dx: best.1 as f64,
        dy: best.2 as f64,
        gain: 1.0,
        offset: 0.0,
    }
}

/// Gauss–Newton on one level, starting from `warp`.
fn refine(t: &Plane, r: &Plane, mask: &[f32], mut warp: Warp, iterations: usize) -> Warp {
    let (gx, gy) = r.gradients();
    let (cx, cy) = (t.w as f64 / 2.0, t.h as f64 / 2.0);
    // Sample every pixel on small levels, a regular subset on large ones.
    let stride = ((t.w * t.h) as f64 / 200_000.0).sqrt().ceil().max(1.0) as usize;
    let mut huber = 40.0f64;
    for _ in 0..iterations {
        // One pass over the sampled rows `ys`: the normal equations' sums.
        let pass = |ys: std::ops::Range<usize>| {
            let mut hess = [[0.0f64; 6]; 6];
            let mut grad = [0.0f64; 6];
            let (mut abs_sum, mut n) = (0.0f64, 0usize);
            for y in ys.step_by(stride) {
                for x in (0..t.w).step_by(stride) {
                    if mask[y * t.w + x] == 0.0 {
                        continue;
                    }
                    let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
                    let (u, v) = warp.apply(fx, fy, cx, cy);
                    let (su, sv) = (u - 0.5, v - 0.5);
                    let (Some(rv), Some(rx), Some(ry)) =
                        (r.sample(su, sv), gx.sample(su, sv), gy.sample(su, sv))
                    else {
                        continue;
                    };
                    let (rv, rx, ry) = (rv as f64, rx as f64, ry as f64);
                    let res = warp.gain * rv + warp.offset - t.at(x, y) as f64;
                    abs_sum += res.abs();
                    n += 1;
                    let wgt = if res.abs() <= huber {
                        1.0
                    } else {
                        huber / res.abs()
                    };
                    let jac = [
                        warp.gain * rx * (fx - cx),
                        warp.gain * ry * (fy - cy),
                        warp.gain * rx,
                        warp.gain * ry,
                        rv,
                        1.0,
                    ];
                    for i in 0..6 {
                        grad[i] += wgt * jac[i] * res;
                        for j in i..6 {
                            hess[i][j] += wgt * jac[i] * jac[j];
                        }
                    }
                }
            }
            (hess, grad, abs_sum, n)
        };
        // Two halves of the rows side by side (each starts on a sampled row), then summed.
        let mid = (t.h / 2).div_ceil(stride) * stride;
        let ((mut hess, mut grad, mut abs_sum, mut n), other) = std::thread::scope(|scope| {
            let top = scope.spawn(|| pass(0..mid.min(t.h)));
            let bottom = pass(mid.min(t.h)..t.h);
            (bottom, top.join().ok())
        });
        if let Some((h2, g2, a2, n2)) = other {
            for i in 0..6 {
                grad[i] += g2[i];
                for j in 0..6 {
                    hess[i][j] += h2[i][j];
                }
            }
            abs_sum += a2;
            n += n2;
        }
        if n < 32 {
            break;
        }
        for i in 0..6 {
            for j in 0..i {
                hess[i][j] = hess[j][i];
            }
        }
        huber = (1.5 * abs_sum / n as f64).max(2.0);
        let Some(step) = solve6(hess, grad.map(|g| -g)) else {
            break;
        };
        warp.ex += step[0];
        warp.ey += step[1];
        warp.dx += step[2];
        warp.dy += step[3];
        warp.gain += step[4];
        warp.offset += step[5];
        let edge = t.w.max(t.h) as f64 / 2.0;
        let moved = (step[0].abs() + step[1].abs()) * edge + step[2].abs() + step[3].abs();
        if moved < 0.002 {
            break;
        }
    }
    warp
}

/// Solves a 6×6 system by Gaussian elimination with partial pivoting.
fn solve6(mut a: [[f64; 6]; 6], mut b: [f64; 6]) -> Option<[f64; 6]> {
    for col in 0..6 {
        let pivot = (col..6).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..6 {
            let f = a[row][col] / a[col][col];
            for k in col..6 {
                a[row][k] -= f * a[col][k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; 6];
    for row in (0..6).rev() {
        let s: f64 = (row + 1..6).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// The target and the result reduced to the target's working grid (the result stretched over
/// it), as RGBA: what registration and the change measures work on.
pub struct WorkingPair {
    pub target: RgbaImage,
    pub result: RgbaImage,
    /// The target's full size and the result's, for mapping back.
    pub target_size: (u32, u32),
    pub result_size: (u32, u32),
}

impl WorkingPair {
    pub fn new(target: &RgbaImage, result: &RgbaImage) -> WorkingPair {
        let (ww, wh) = working_size(target.width(), target.height());
        // The two reductions side by side (the 24 MP one is most of it).
        let (t, r) = std::thread::scope(|scope| {
            let t = scope.spawn(|| super::resize::resize_rgba(target, ww, wh));
            let r = super::resize::resize_rgba(result, ww, wh);
            (t.join(), r)
        });
        let t = t.unwrap_or_else(|_| super::resize::resize_rgba(target, ww, wh));
        WorkingPair {
            target: t,
            result: r,
            target_size: target.dimensions(),
            result_size: result.dimensions(),
        }
    }
}

/// Lines `result` up with `target` (see the module's notes). `boxes` are in the target's
/// pixels; `grow` (target pixels) is added around them before the area outside is used.
pub fn register(pair: &WorkingPair, boxes: &[BBox], grow: f64) -> Registration {
    let (tw, th) = pair.target_size;
    let (rw, rh) = pair.result_size;
    let stretched = Mapping::stretched((tw, th), (rw, rh));
    let refused = |confidence: f32, why: Said| Registration {
        mapping: stretched,
        confidence,
        refusal: Some(why),
    };
    let (ta, ra) = (tw as f64 / th as f64, rw as f64 / rh as f64);
    if (ta / ra - 1.0).abs() > MAX_ASPECT_DIFFERENCE {
        return refused(
            0.0,
            crate::said!(
                "register-shape",
                result = format!("{rw}×{rh}"),
                target = format!("{tw}×{th}")
            ),
        );
    }
    let (ww, wh) = pair.target.dimensions();
    let scale = ww as f64 / tw as f64;
    // The area the model was asked to change stays out, with a guard band: its edges bleed.
    let guard = grow + tw.max(th) as f64 * 0.01;
    let mut t = vec![Plane::luma(&pair.target)];
    let mut r = vec![Plane::luma(&pair.result)];
    let mut m = vec![outside_mask(ww as usize, wh as usize, boxes, scale, guard)];
    let outside = m[0].iter().filter(|&&v| v > 0.0).count();
    if outside < (ww * wh) as usize / 10 {
        return refused(0.0, crate::said!("register-boxes-cover-all"));
    }
    while t.last().is_some_and(|p| p.w.max(p.h) > 96) {
        let (lt, lm) = (t.last().unwrap_or(&t[0]), m.last().unwrap_or(&m[0]));
        let next_m = half_mask(lm, lt.w, lt.h);
        let next_t = lt.half();
        let next_r = r.last().unwrap_or(&r[0]).half();
        t.push(next_t);
        r.push(next_r);
        m.push(next_m);
    }
    let top = t.len() - 1;
    let mut warp = coarse_search(&t[top], &r[top], &m[top]);
    for level in (0..=top).rev() {
        warp = refine(
            &t[level],
            &r[level],
            &m[level],
            warp,
            if level == 0 { 12 } else { 20 },
        );
        if level > 0 {
            // One level finer: shifts double, scales stay.
            warp.dx *= 2.0;
            warp.dy *= 2.0;
        }
    }
    // The confidence where fine re-rendered texture has averaged out (at most 256 px).
    let check = (0..=top)
        .find(|&l| t[l].w.max(t[l].h) <= 256)
        .unwrap_or(top);
    let f = (1u32 << check) as f64;
    let at_check = Warp {
        dx: warp.dx / f,
        dy: warp.dy / f,
        ..warp
    };
    let (conf, _) = correlation(&t[check], &r[check], &m[check], &at_check);
    let confidence = conf.clamp(0.0, 1.0) as f32;
    // Back to the full sizes: target x → working x·s → residual warp → result x·(rw/ww).
    let (cx, cy) = (ww as f64 / 2.0, wh as f64 / 2.0);
    let (kx, ky) = (rw as f64 / ww as f64, rh as f64 / wh as f64);
    let mapping = Mapping {
        ax: (1.0 + warp.ex) * rw as f64 / tw as f64,
        bx: kx * (warp.dx - warp.ex * cx),
        ay: (1.0 + warp.ey) * rh as f64 / th as f64,
        by: ky * (warp.dy - warp.ey * cy),
    };
    let wild = warp.ex.abs() > 0.1
        || warp.ey.abs() > 0.1
        || warp.dx.abs() > ww as f64 * 0.1
        || warp.dy.abs() > wh as f64 * 0.1
        || !(0.5..=2.0).contains(&warp.gain);
    if confidence < MIN_CONFIDENCE || wild {
        return Registration {
            mapping,
            confidence,
            refusal: Some(crate::said!(
                "register-no-match",
                found = format!("{:.0}", confidence * 100.0),
                needed = format!("{:.0}", MIN_CONFIDENCE * 100.0)
            )),
        };
    }
    Registration {
        mapping,
        confidence,
        refusal: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solve6_solves() {
        let mut a = [[0.0; 6]; 6];
        for (i, row) in a.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = if i == j {
                    4.0
                } else {
                    1.0 / (1 + i + j) as f64
                };
            }
        }
        let x = [1.0, -2.0, 3.0, 0.5, -1.5, 2.0];
        let b: Vec<f64> = a
            .iter()
            .map(|row| row.iter().zip(x).map(|(p, q)| p * q).sum())
            .collect();
        let got = solve6(a, b.try_into().unwrap()).unwrap();
        for (g, w) in got.iter().zip(x) {
            assert!((g - w).abs() < 1e-9, "{got:?}");
        }
        assert!(solve6([[0.0; 6]; 6], [1.0; 6]).is_none());
    }

    #[test]
    fn mapping_round_trips_and_measures() {
        let m = Mapping {
            ax: 4.18,
            bx: 3.0,
            ay: 4.18,
            by: -2.0,
        };
        let (u, v) = m.to_result(100.0, 50.0);
        let (x, y) = m.to_target(u, v);
        assert!((x - 100.0).abs() < 1e-9 && (y - 50.0).abs() < 1e-9);
        let n = Mapping {
            bx: 3.0 + 4.18,
            ..m
        };
        assert!((m.max_error(&n, (2508, 1672)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn mask_excludes_grown_boxes() {
        let m = outside_mask(10, 10, &[BBox::new(20, 20, 40, 40)], 0.1, 10.0);
        assert_eq!(m[0], 1.0);
        assert_eq!(m[10 + 1], 0.0);
        assert_eq!(m[4 * 10 + 4], 0.0);
        assert_eq!(m[5 * 10 + 5], 1.0);
    }
}
