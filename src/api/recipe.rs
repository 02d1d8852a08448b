//! Recipes: one edit to run over many photos (a batch). A recipe is a job without its image:
//! model, prompt, parameters, call mode, compositing, and the boxes as fractions of the
//! image's width and height, so that one recipe fits photos of different sizes. Saved as a
//! small JSON file. Pure data here: reading and writing files is the caller's.

use serde::{Deserialize, Serialize};

use super::job::{BBox, CallMode, ImageSource, JobImage, JobParams, JobSpec, RegionOptions};
use crate::i18n::Said;

/// The recipe format's version; a file of another version is refused with a sentence.
pub const RECIPE_VERSION: u32 = 1;

/// Boxes per image the models take (`bbox_list`: at most two per image).
const MAX_BOXES: usize = 2;

/// A box as fractions of the image's width and height (0 = left/top edge, 1 = right/bottom).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RelBox {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

impl RelBox {
    /// The box in the pixels of a `w`×`h` image: edges rounded to the nearest pixel, inside
    /// the image, at least one pixel wide and high.
    pub fn to_pixels(&self, (w, h): (u32, u32)) -> BBox {
        let edge = |f: f64, n: u32| ((f * n as f64).round().max(0.0) as u32).min(n);
        let (mut x1, mut x2) = (edge(self.x1, w), edge(self.x2, w));
        let (mut y1, mut y2) = (edge(self.y1, h), edge(self.y2, h));
        if x2 <= x1 {
            (x1, x2) = if x1 >= w {
                (w.saturating_sub(1), w)
            } else {
                (x1, x1 + 1)
            };
        }
        if y2 <= y1 {
            (y1, y2) = if y1 >= h {
                (h.saturating_sub(1), h)
            } else {
                (y1, y1 + 1)
            };
        }
        BBox::new(x1, y1, x2, y2)
    }

    /// A pixel box of a `w`×`h` image as fractions.
    pub fn of(b: BBox, (w, h): (u32, u32)) -> RelBox {
        let (w, h) = (w.max(1) as f64, h.max(1) as f64);
        RelBox {
            x1: b.x1 as f64 / w,
            y1: b.y1 as f64 / h,
            x2: b.x2 as f64 / w,
            y2: b.y2 as f64 / h,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipe {
    pub version: u32,
    pub model: String,
    pub prompt: String,
    pub params: JobParams,
    pub mode: CallMode,
    #[serde(default)]
    pub region: RegionOptions,
    /// The boxes on each photo the recipe runs over, as fractions.
    #[serde(default)]
    pub boxes: Vec<RelBox>,
    /// How its results are named (see `JobSpec::names`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<String>,
}

impl Recipe {
    /// The recipe of a job ("Save as recipe"): everything but its image, the boxes of image
    /// `image` (0-based, measured in `size` pixels) as fractions. A job of several images is
    /// refused: a recipe runs over one photo at a time.
    pub fn from_job(job: &JobSpec, image: usize, size: (u32, u32)) -> Result<Recipe, Said> {
        // One call of a job detail mode split: the recipe of the job as composed.
        let whole = job.whole();
        let job = &whole;
        if job.images.len() > 1 {
            return Err(crate::said!("recipe-one-photo", count = job.images.len()));
        }
        let boxes = job
            .images
            .get(image)
            .map(|i| i.boxes.iter().map(|b| RelBox::of(*b, size)).collect())
            .unwrap_or_default();
        let mut region = job.region;
        region.target = None; // each item has one image: the target is always that one
        Ok(Recipe {
            version: RECIPE_VERSION,
            model: job.model.clone(),
            prompt: job.prompt.clone(),
            params: job.params.clone(),
            mode: job.mode,
            region,
            boxes,
            names: job.names.clone(),
        })
    }

    /// The job for one photo: its source, and its size (as sent) for the boxes.
    pub fn job_for(&self, source: ImageSource, size: (u32, u32)) -> JobSpec {
        let mut img = JobImage::new(source);
        img.boxes = self.boxes.iter().map(|b| b.to_pixels(size)).collect();
        img.boxes_frame = Some(size);
        JobSpec {
            model: self.model.clone(),
            prompt: self.prompt.clone(),
            images: vec![img],
            params: self.params.clone(),
            mode: self.mode,
            region: self.region,
            names: self.names.clone(),
            part: None,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a recipe file's text; every refusal is a sentence that says what to do.
    pub fn from_json(text: &str) -> Result<Recipe, Said> {
        #[derive(Deserialize)]
        struct Version {
            version: Option<u32>,
        }
        let v: Version = serde_json::from_str(text)
            .map_err(|e| crate::said!("recipe-not-json", why = e.to_string()))?;
        match v.version {
            Some(RECIPE_VERSION) => {}
            Some(other) => {
                return Err(crate::said!(
                    "recipe-version",
                    version = other,
                    reads = RECIPE_VERSION
                ));
            }
            None => return Err(crate::said!("recipe-no-version")),
        }
        let r: Recipe = serde_json::from_str(text)
            .map_err(|e| crate::said!("recipe-unreadable", why = e.to_string()))?;
        if r.boxes.len() > MAX_BOXES {
            return Err(crate::said!(
                "recipe-too-many-boxes",
                count = r.boxes.len(),
                max = MAX_BOXES
            ));
        }
        for (k, b) in r.boxes.iter().enumerate() {
            let inside = [b.x1, b.y1, b.x2, b.y2]
                .iter()
                .all(|f| f.is_finite() && (0.0..=1.0).contains(f));
            if !inside || b.x2 <= b.x1 || b.y2 <= b.y1 {
                return Err(crate::said!("recipe-box-outside", number = k + 1));
            }
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::{SizeChoice, Tier};
    use std::path::PathBuf;

    fn job() -> JobSpec {
        let mut j = JobSpec::new("wan2.7-image", "remove the watermark in box 1");
        let mut img = JobImage::new(ImageSource::File(PathBuf::from("a.jpg")));
        img.boxes = vec![BBox::new(600, 400, 1200, 800)];
        j.images.push(img);
        j.params.size = Some(SizeChoice::Tier(Tier::K2));
        j.region.feather = 6;
        j
    }

    #[test]
    fn a_recipe_from_a_job_fits_photos_of_other_sizes() {
        let r = Recipe::from_job(&job(), 0, (2400, 1600)).unwrap();
        assert_eq!(
            r.boxes,
            vec![RelBox {
                x1: 0.25,
                y1: 0.25,
                x2: 0.5,
                y2: 0.5
            }]
        );
        let j = r.job_for(ImageSource::File(PathBuf::from("b.jpg")), (600, 900));
        assert_eq!(j.images[0].boxes, vec![BBox::new(150, 225, 300, 450)]);
        assert_eq!(j.images[0].boxes_frame, Some((600, 900)));
        assert_eq!(j.prompt, "remove the watermark in box 1");
        assert_eq!(j.params.size, Some(SizeChoice::Tier(Tier::K2)));
        assert_eq!(j.region.feather, 6);
        // Back on its own size, the same pixels.
        let same = r.job_for(ImageSource::File(PathBuf::from("a.jpg")), (2400, 1600));
        assert_eq!(same.images[0].boxes, job().images[0].boxes);
    }

    #[test]
    fn a_recipe_survives_its_file_and_bad_files_get_a_sentence() {
        let r = Recipe::from_job(&job(), 0, (2400, 1600)).unwrap();
        assert_eq!(Recipe::from_json(&r.to_json()).unwrap(), r);
        let refusal = |text: &str| {
            Recipe::from_json(text)
                .unwrap_err()
                .words_in(crate::i18n::Lang::En)
        };
        assert!(refusal("{").contains("not a wanedit recipe"));
        assert!(refusal("{}").contains("no \"version\""));
        assert!(refusal(r#"{"version": 9}"#).contains("version 9"));
        let mut wide = r.clone();
        wide.boxes[0].x2 = 1.5;
        assert!(refusal(&wide.to_json()).contains("box 1"));
        let mut three = r.clone();
        three.boxes = vec![r.boxes[0]; 3];
        assert!(refusal(&three.to_json()).contains("at most 2"));
    }

    #[test]
    fn tiny_and_edge_boxes_stay_inside_and_at_least_a_pixel() {
        let thin = RelBox {
            x1: 0.5,
            y1: 0.999,
            x2: 0.5001,
            y2: 1.0,
        };
        let b = thin.to_pixels((100, 100));
        assert!(
            b.x2 > b.x1 && b.y2 > b.y1 && b.x2 <= 100 && b.y2 <= 100,
            "{b:?}"
        );
        let edge = RelBox {
            x1: 1.0,
            y1: 0.0,
            x2: 1.0,
            y2: 0.0,
        };
        assert_eq!(edge.to_pixels((10, 10)), BBox::new(9, 0, 10, 1));
    }

    #[test]
    fn a_job_of_several_images_is_refused_with_what_to_do() {
        let mut j = job();
        j.images
            .push(JobImage::new(ImageSource::File(PathBuf::from("logo.png"))));
        let e = Recipe::from_job(&j, 0, (2400, 1600))
            .unwrap_err()
            .words_in(crate::i18n::Lang::En);
        assert!(
            e.contains("one photo at a time") && e.contains("2 images"),
            "{e}"
        );
    }
}
