//! What the compare view shows, derived in one place: the pair of pictures (before, after),
//! each named by what it is, with the pixel size it is laid out in, where its real pixels come
//! from, and its boxes in its own pixels; and the mapping between them when before is the
//! target the result was lined up with. A pure function of the job and the view's choice.

use std::marker::PhantomData;
use std::sync::Arc;

use crate::api::job::{BBox, JobSpec};
use crate::imaging::prepare::Preview;
use crate::imaging::register::Mapping;
use crate::ui::pictures::PictureId;
use crate::ui::results::{JobView, ResultImage};
use crate::ui::tiles::FullSource;
use crate::ui::widgets::compare::CompareState;

/// An input's pixels as sent (after EXIF orientation and any repair's scaling): where the
/// designer's boxes live.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sent;
/// A result's own pixels (the service renders the whole picture again, at its own size).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Made;

/// Boxes as `[x1, y1, x2, y2]` in the pixels of one picture; the space is in the type, so a
/// box in an input's pixels cannot be drawn on a result without going through its mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Boxes<S> {
    rects: Vec<[f32; 4]>,
    space: PhantomData<S>,
}

impl<S> Default for Boxes<S> {
    fn default() -> Self {
        Boxes {
            rects: Vec::new(),
            space: PhantomData,
        }
    }
}

impl<S> Boxes<S> {
    pub fn rects(&self) -> &[[f32; 4]] {
        &self.rects
    }

    pub fn into_rects(self) -> Vec<[f32; 4]> {
        self.rects
    }
}

impl Boxes<Sent> {
    /// An input's boxes (in its pixels as sent).
    pub fn of(boxes: &[BBox]) -> Self {
        Boxes {
            rects: boxes
                .iter()
                .map(|b| [b.x1, b.y1, b.x2, b.y2].map(|v| v as f32))
                .collect(),
            space: PhantomData,
        }
    }

    /// The same boxes in a result's pixels, through the mapping it was lined up with.
    pub fn through(&self, m: &Mapping) -> Boxes<Made> {
        Boxes {
            rects: self
                .rects
                .iter()
                .map(|[x1, y1, x2, y2]| {
                    let (u1, v1) = m.to_result(*x1 as f64, *y1 as f64);
                    let (u2, v2) = m.to_result(*x2 as f64, *y2 as f64);
                    [u1 as f32, v1 as f32, u2 as f32, v2 as f32]
                })
                .collect(),
            space: PhantomData,
        }
    }
}

/// The target's boxes in a result's own pixels (through its registration), when it was lined up
/// with the target; none otherwise.
pub fn boxes_on_result(spec: &JobSpec, img: &ResultImage) -> Boxes<Made> {
    match (img.region.as_ref().map(|r| r.target), img.mapping()) {
        (Some(t), Some(m)) => spec
            .images
            .get(t)
            .map(|i| Boxes::of(&i.boxes).through(&m))
            .unwrap_or_default(),
        _ => Boxes::default(),
    }
}

/// A side's boxes, in its own pixels, whichever they are.
#[derive(Debug, Clone, PartialEq)]
pub enum SideBoxes {
    Input(Boxes<Sent>),
    Result(Boxes<Made>),
}

impl SideBoxes {
    pub fn rects(&self) -> &[[f32; 4]] {
        match self {
            SideBoxes::Input(b) => b.rects(),
            SideBoxes::Result(b) => b.rects(),
        }
    }
}

/// One side of the compare view.
#[derive(Clone)]
pub struct Side {
    pub picture: PictureId,
    /// Its preview, once decoded.
    pub preview: Option<Arc<Preview>>,
    /// The pixel size it is laid out in (its preview is stretched over it): an input's size as
    /// sent, a result's own.
    pub frame: Option<(u32, u32)>,
    /// Its real pixels, for the tiles: the file, when its decoded pixels are those of `frame`.
    pub full: Option<FullSource>,
    pub boxes: SideBoxes,
}

impl Side {
    /// The tiles' key for its real pixels.
    pub fn tile_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.picture.hash(&mut h);
        h.finish()
    }

    /// Its preview's width (the tiles start where it runs out).
    pub fn preview_width(&self) -> u32 {
        self.preview.as_ref().map_or(0, |p| p.width)
    }
}

/// The compare view's pair.
#[derive(Clone)]
pub struct ComparePair {
    pub before: Side,
    pub after: Side,
    /// Before is the target the result was lined up with: a before pixel's place in the after
    /// picture. `None`: the two are compared stretched one over the other.
    pub lined_up: Option<Mapping>,
}

impl ComparePair {
    /// Target pixels → after pixels, for the difference: the registration when before is the
    /// target, else the one picture stretched over the other.
    pub fn mapping(&self) -> Option<Mapping> {
        self.lined_up
            .or_else(|| Some(Mapping::stretched(self.before.frame?, self.after.frame?)))
    }
}

/// The pair result `index` of job `j` is compared in, as `state` chose its before side: a
/// picture picked from elsewhere, another result of the job (A/B) or one of its inputs.
pub fn compare_pair(j: &JobView, index: usize, state: &CompareState) -> Option<ComparePair> {
    let img = j.images.get(index)?;
    let after = result_side(j, index, img);
    let other = state
        .before_result
        .filter(|&m| m != index)
        .and_then(|m| j.images.get(m).map(|r| (m, r)));
    let picked = j.picked.as_ref().filter(|_| state.before_file.is_some());
    let before = match (picked, other) {
        // The shown result's counterpart (its boxes carried through the counterpart's own
        // registration) or a result from history.
        (Some(pk), _) => Side {
            picture: PictureId::Picked { job: j.id },
            preview: pk.preview.clone(),
            frame: pk.size,
            full: Some(FullSource::File(pk.path.clone())),
            boxes: SideBoxes::Result(
                img.counterpart()
                    .filter(|c| c.path == pk.path)
                    .map(|c| boxes_on_result(&j.spec, &c))
                    .unwrap_or_default(),
            ),
        },
        (None, Some((m, r))) => result_side(j, m, r),
        (None, None) => input_side(j, before_index(j, state)),
    };
    let is_target = matches!(before.picture, PictureId::JobInput { index: b, .. }
        if img.region.as_ref().map(|r| r.target) == Some(b));
    Some(ComparePair {
        lined_up: if is_target { img.mapping() } else { None },
        before,
        after,
    })
}

/// The input shown as before: the one chosen, within the job's inputs.
fn before_index(j: &JobView, state: &CompareState) -> usize {
    state.before.min(j.inputs.len().saturating_sub(1))
}

fn result_side(j: &JobView, index: usize, r: &ResultImage) -> Side {
    Side {
        picture: PictureId::Result {
            job: j.id,
            index,
            raw: r.showing_raw,
        },
        preview: r.preview.clone(),
        frame: r.size,
        full: Some(FullSource::File(r.path.clone())),
        boxes: SideBoxes::Result(boxes_on_result(&j.spec, r)),
    }
}

fn input_side(j: &JobView, index: usize) -> Side {
    let preview = j.inputs.get(index).cloned().flatten();
    let input = j.spec.images.get(index);
    let sent_size = input
        .and_then(|i| i.facts.as_ref())
        .map(|f| (f.width, f.height));
    // Its size as sent, for its boxes and the difference: known once it was prepared (a job
    // reopened from history may not say), else its boxes' frame, else a composite's (on the
    // target's grid), else its preview's.
    let frame = sent_size
        .or(input.and_then(|i| i.boxes_frame))
        .or(j
            .images
            .iter()
            .find(|r| {
                r.region.as_ref().is_some_and(|g| g.target == index)
                    && r.other.is_some()
                    && !r.showing_raw
            })
            .and_then(|r| r.size))
        .or(preview.as_ref().map(|p| (p.width, p.height)));
    // Real pixels: the input's file, when its decoded pixels are those it was sent in (an
    // input scaled to be sent shows its preview only).
    let full = match input.map(|i| &i.source) {
        Some(crate::api::job::ImageSource::File(p)) if sent_size.is_some() => {
            Some(FullSource::File(p.clone()))
        }
        _ => None,
    };
    let boxes = match (input, frame) {
        (Some(i), Some(_)) => Boxes::of(&i.boxes),
        _ => Boxes::default(),
    };
    Side {
        picture: PictureId::JobInput { job: j.id, index },
        preview,
        frame,
        full,
        boxes: SideBoxes::Input(boxes),
    }
}
