//! How `edit` (and `batch`, which takes the same arguments) composites its results.

use crate::api::job::{CompositeFormat, CompositeMode, DetailMode, JobSpec};

#[derive(Debug, Clone, clap::Args)]
pub struct RegionArgs {
    /// Composite each result into the target image: the boxes from the result, everything
    /// else the original, bit for bit (auto: when the target has boxes).
    #[arg(long, default_value = "auto", value_parser = ["auto", "on", "off"])]
    pub composite: String,
    /// Pixels over which a composited box fades into the original (0: a hard edge).
    #[arg(long, default_value_t = 4)]
    pub feather: u32,
    /// Pixels the boxes grow by before compositing.
    #[arg(long, default_value_t = 0)]
    pub margin: u32,
    /// Match each composited box's colours to the original around it.
    #[arg(long)]
    pub match_colour: bool,
    /// The image (1-based) the boxes' edit is about; default: the only image with boxes.
    #[arg(long)]
    pub target: Option<usize>,
    /// The composite's file type. same: the target's (a JPEG stays a JPEG, its blocks outside
    /// the boxes copied without loss; WebP, BMP, TIFF and GIF give PNG); png; jpeg.
    #[arg(long, default_value = "same", value_parser = ["same", "png", "jpeg", "jpg"])]
    pub format: String,
    /// Leave the target's GPS position out of the composite (its other metadata is kept).
    #[arg(long)]
    pub strip_location: bool,
    /// Detail mode: send a crop around the target's boxes instead of the whole photo, edited
    /// at more pixels per photo pixel (auto: when the whole photo gives under one and the crop
    /// at least 1.5 times more; the figures are said before anything is sent).
    #[arg(long, default_value = "auto", value_parser = ["auto", "on", "off"])]
    pub detail: String,
}

impl RegionArgs {
    pub fn apply(&self, job: &mut JobSpec) -> Result<(), String> {
        job.region.composite = CompositeMode::parse(&self.composite).map_err(|e| e.words())?;
        job.region.feather = self.feather;
        job.region.margin = self.margin;
        job.region.match_colour = self.match_colour;
        job.region.target = match self.target {
            Some(0) => return Err("--target counts images from 1".into()),
            t => t.map(|t| t - 1),
        };
        job.region.format = CompositeFormat::parse(&self.format).map_err(|e| e.words())?;
        job.region.strip_location = self.strip_location;
        job.region.detail = DetailMode::parse(&self.detail).map_err(|e| e.words())?;
        Ok(())
    }
}
