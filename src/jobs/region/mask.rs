//! A job's painted mask (or a mask file) as the composites of its target take it.

use std::sync::Arc;

use super::RegionPlan;

/// A painted mask over the target's boxes, as the job has it.
#[derive(Debug, Clone, Default)]
pub enum PlanMask {
    #[default]
    None,
    /// Strokes painted in the window, in the target's pixels as sent.
    Strokes(Vec<crate::api::job::Stroke>),
    /// A picture (white = take the result) for every box: `wanedit compose --mask`.
    Picture(Arc<image::DynamicImage>),
}

/// A mask's feathered weights on the target's grid, and which boxes it paints.
pub struct Weights {
    pub weights: image::GrayImage,
    pub painted: Vec<bool>,
}

impl Weights {
    pub fn view(&self) -> crate::imaging::composite::MaskWeights<'_> {
        crate::imaging::composite::MaskWeights {
            weights: &self.weights,
            painted: &self.painted,
        }
    }
}

impl RegionPlan {
    /// The mask's weights for a target of `size` (`None`: no box is painted).
    pub fn weights(&self, size: (u32, u32)) -> Option<Weights> {
        use crate::imaging::mask;
        let painted = match &self.mask {
            PlanMask::None => return None,
            PlanMask::Strokes(s) => mask::rasterize(s, &self.boxes, self.blend.margin, size),
            PlanMask::Picture(p) => mask::from_picture(p, &self.boxes, self.blend.margin, size),
        };
        painted.any().then(|| Weights {
            weights: painted.weights(self.blend.feather),
            painted: painted.painted,
        })
    }
}
