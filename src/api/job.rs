//! A job as the user describes it: model, ordered images with their boxes, prompt, parameters.
//!
//! This is the engine's input. It is plain data (serde), so it can be frozen into history, shown
//! in the window, and turned into a request by [`crate::api::request`].

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::catalog::{InputFormat, ModelSpec, SizeMode};
use crate::i18n::Said;

/// One edit region: `[x1, y1, x2, y2]`, absolute pixels of the image as sent, origin top-left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BBox {
    pub x1: u32,
    pub y1: u32,
    pub x2: u32,
    pub y2: u32,
}

impl BBox {
    pub fn new(x1: u32, y1: u32, x2: u32, y2: u32) -> Self {
        BBox { x1, y1, x2, y2 }
    }
    /// The box in the pixels of the rectangle `(x, y, width, height)` of its image (detail
    /// mode's crop), clamped to it.
    pub fn within(self, (x, y, width, height): (u32, u32, u32, u32)) -> BBox {
        BBox {
            x1: self.x1.saturating_sub(x).min(width),
            y1: self.y1.saturating_sub(y).min(height),
            x2: self.x2.saturating_sub(x).min(width),
            y2: self.y2.saturating_sub(y).min(height),
        }
    }

    pub fn to_array(self) -> [u32; 4] {
        [self.x1, self.y1, self.x2, self.y2]
    }
}

/// Where an input image comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageSource {
    /// A public `http(s)://` URL: passed through, the service downloads it.
    Url(String),
    /// A local file: sent inline as a data URI or through the temporary upload. Kept (history,
    /// the kept composer) as a string, or, for a name that is not UTF-8, as its bytes.
    File(#[serde(with = "crate::api::os_path")] PathBuf),
    /// An `oss://` URL the user already has (needs the resolve header).
    Oss(String),
    /// A `data:` URI (the docs' third way to pass an image): decoded, checked and prepared
    /// like a local file. History keeps a copy of its bytes and refers to that instead.
    Data(String),
}

impl ImageSource {
    /// Reads a command-line or typed value: URL, `oss://`, `file://` or a path.
    pub fn parse(value: &str) -> ImageSource {
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            ImageSource::Url(value.to_string())
        } else if lower.starts_with("oss://") {
            ImageSource::Oss(value.to_string())
        } else if lower.starts_with("data:") {
            ImageSource::Data(value.to_string())
        } else if lower.starts_with("file://") {
            // file:///path or file://localhost/path, percent-encoded (RFC 8089).
            let rest = &value["file://".len()..];
            let rest = rest.strip_prefix("localhost").unwrap_or(rest);
            ImageSource::File(PathBuf::from(percent_decode(rest)))
        } else {
            ImageSource::File(PathBuf::from(value))
        }
    }

    /// A short name for messages ("coffee.png", or the URL).
    pub fn display_name(&self) -> String {
        match self {
            ImageSource::Url(u) | ImageSource::Oss(u) => u.clone(),
            ImageSource::Data(d) => {
                let mime = d[5..].split([';', ',']).next().unwrap_or("");
                format!("data URI ({mime}, {} KB)", d.len() / 1000)
            }
            ImageSource::File(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
        }
    }
}

/// `%xx` sequences decoded as bytes (invalid ones kept as they are); on Unix the bytes become
/// the path as they are, so non-UTF-8 names work too.
fn percent_decode(s: &str) -> std::ffi::OsString {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStringExt::from_vec(out)
    }
    #[cfg(not(unix))]
    {
        String::from_utf8_lossy(&out).into_owned().into()
    }
}

/// What we know of a local image after reading its header (issue: URLs have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageFacts {
    pub width: u32,
    pub height: u32,
    /// `None` = a format the service does not accept (GIF, TIFF…).
    pub format: Option<InputFormat>,
    pub file_bytes: u64,
    pub has_alpha: bool,
}

/// One input image in prompt order ("image 1" is index 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobImage {
    pub source: ImageSource,
    pub boxes: Vec<BBox>,
    /// Known for local files; `None` for URLs (the service checks those).
    pub facts: Option<ImageFacts>,
    /// The image size (W, H) the boxes are measured in. `None` = the image as the user sees the
    /// file (after EXIF orientation). Preparing an image that gets scaled maps the boxes to the
    /// size sent and records it here, so preparing again leaves them alone.
    #[serde(default)]
    pub boxes_frame: Option<(u32, u32)>,
    /// What the designer knows the image as (its file name when it was added): kept through
    /// history, Reopen and Re-run, where the source may be history's copy under a content
    /// hash. `None`: the source's own name. Never sent to the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A local file's length and xxh3 digest as this run read it: the composite is made on
    /// that very file, read again, not on one changed since. Not kept (history has a copy).
    #[serde(skip)]
    pub read_as: Option<(u64, u128)>,
    /// Detail mode: the part of this image that was sent (see `jobs::detail`). Its boxes and
    /// facts stay those of the whole image; [`JobImage::sent_boxes`] and
    /// [`JobImage::sent_facts`] are what went on the wire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crop: Option<Crop>,
    /// A painted mask over the boxes (in the pixels the boxes are in): inside a box it paints,
    /// the composite takes the result only where the mask says so. Never sent: the service
    /// gets the boxes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mask: Vec<Stroke>,
}

/// One stroke of a painted mask, in the pixels of the image's boxes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    /// Gives the pixels back to the original instead of taking the result.
    #[serde(default)]
    pub erase: bool,
    pub shape: StrokeShape,
}

/// What a stroke covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrokeShape {
    /// A round brush of `radius` pixels along the points.
    Brush { radius: f32, points: Vec<[f32; 2]> },
    /// The closed outline through the points, filled.
    Lasso { points: Vec<[f32; 2]> },
}

impl Stroke {
    /// The rectangle it touches `[x1, y1, x2, y2]` (the brush's reach included).
    pub fn bounds(&self) -> Option<[f32; 4]> {
        let (points, reach) = match &self.shape {
            StrokeShape::Brush { radius, points } => (points, *radius),
            StrokeShape::Lasso { points } => (points, 0.0),
        };
        let first = points.first()?;
        let mut b = [first[0], first[1], first[0], first[1]];
        for p in points {
            b = [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ];
        }
        Some([b[0] - reach, b[1] - reach, b[2] + reach, b[3] + reach])
    }

    /// The stroke in another size of its image (the boxes' frame scaled: `jobs` prepares a
    /// large image smaller).
    pub fn rescaled(&self, from: (u32, u32), to: (u32, u32)) -> Stroke {
        let (sx, sy) = (
            to.0 as f32 / from.0.max(1) as f32,
            to.1 as f32 / from.1.max(1) as f32,
        );
        let scale = |ps: &[[f32; 2]]| ps.iter().map(|p| [p[0] * sx, p[1] * sy]).collect();
        Stroke {
            erase: self.erase,
            shape: match &self.shape {
                StrokeShape::Brush { radius, points } => StrokeShape::Brush {
                    radius: radius * (sx + sy) / 2.0,
                    points: scale(points),
                },
                StrokeShape::Lasso { points } => StrokeShape::Lasso {
                    points: scale(points),
                },
            },
        }
    }
}

/// The rectangle of an image sent in detail mode, in the image's own pixels as prepared (the
/// frame its boxes are in), and the facts of the file that was sent for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crop {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub facts: ImageFacts,
}

impl JobImage {
    pub fn new(source: ImageSource) -> Self {
        JobImage {
            source,
            boxes: Vec::new(),
            facts: None,
            boxes_frame: None,
            name: None,
            read_as: None,
            crop: None,
            mask: Vec::new(),
        }
    }

    /// The boxes as sent: moved into the crop when detail mode sent one.
    pub fn sent_boxes(&self) -> Vec<BBox> {
        match self.crop {
            None => self.boxes.clone(),
            Some(c) => self
                .boxes
                .iter()
                .map(|b| b.within((c.x, c.y, c.width, c.height)))
                .collect(),
        }
    }

    /// What is known of the file as sent: the crop's when detail mode sent one.
    pub fn sent_facts(&self) -> Option<ImageFacts> {
        self.crop.map(|c| c.facts).or(self.facts)
    }

    /// The image's name as the designer knows it.
    pub fn display_name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| self.source.display_name())
    }
}

/// Output size: a tier name or explicit pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SizeChoice {
    Tier(Tier),
    Pixels { width: u32, height: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tier {
    K1,
    K2,
    K4,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::K1 => "1K",
            Tier::K2 => "2K",
            Tier::K4 => "4K",
        }
    }
}

impl SizeChoice {
    /// The wire value: `"2K"` or `"1280*720"`.
    pub fn wire(&self) -> String {
        match self {
            SizeChoice::Tier(t) => t.name().to_string(),
            SizeChoice::Pixels { width, height } => format!("{width}*{height}"),
        }
    }

    /// Parses `1K`/`2K`/`4K` or `W*H` (also `WxH`).
    pub fn parse(s: &str) -> Result<SizeChoice, Said> {
        let t = s.trim();
        match t.to_ascii_uppercase().as_str() {
            "1K" => return Ok(SizeChoice::Tier(Tier::K1)),
            "2K" => return Ok(SizeChoice::Tier(Tier::K2)),
            "4K" => return Ok(SizeChoice::Tier(Tier::K4)),
            _ => {}
        }
        let refused = |why: &str| Said::Plain(format!("size \"{s}\" {why}"));
        let (w, h) = t
            .split_once(['*', 'x', 'X', '×'])
            .ok_or_else(|| refused("is neither 1K, 2K, 4K nor W*H (e.g. 1280*720)"))?;
        let parse = |v: &str| v.trim().parse::<u32>().ok().filter(|n| *n > 0);
        match (parse(w), parse(h)) {
            (Some(width), Some(height)) => Ok(SizeChoice::Pixels { width, height }),
            _ => Err(refused("needs two positive whole numbers, e.g. 1280*720")),
        }
    }
}

/// One colour of a wan2.7 `color_palette`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaletteColor {
    /// `#RRGGBB`.
    pub hex: String,
    /// Share in percent, e.g. 60.0 (sent as `"60.00%"`).
    pub percent: f64,
}

/// Sync: one HTTP request held open. Async: create a task, poll it, cancel it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallMode {
    Sync,
    Async,
}

/// Everything optional that goes into `parameters` (or `input` for wan2.5's negative prompt).
/// `None` = not sent, the service's default applies.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct JobParams {
    pub size: Option<SizeChoice>,
    /// Always sent: its default is disputed (§14.1). The builder falls back to 1.
    pub n: Option<u32>,
    pub seed: Option<u32>,
    pub watermark: Option<bool>,
    pub negative_prompt: Option<String>,
    pub prompt_extend: Option<bool>,
    pub enable_sequential: Option<bool>,
    pub thinking_mode: Option<bool>,
    pub color_palette: Option<Vec<PaletteColor>>,
    pub enable_interleave: Option<bool>,
    pub max_images: Option<u32>,
}

/// Whether results are composited into their target image (the boxes from the result, the
/// rest from the original). Never sent: wanedit does it after the download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CompositeMode {
    /// When the target image has boxes.
    #[default]
    Auto,
    On,
    Off,
}

/// A value `option` does not take (the command line's words, as they were).
fn not_taken(option: &str, takes: &str, s: &str) -> Said {
    Said::Plain(format!("{option} takes {takes}, not \"{s}\""))
}

impl CompositeMode {
    pub fn parse(s: &str) -> Result<CompositeMode, Said> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(CompositeMode::Auto),
            "on" => Ok(CompositeMode::On),
            "off" => Ok(CompositeMode::Off),
            _ => Err(not_taken("composite", "auto, on or off", s)),
        }
    }
}

/// How results go back into the target image (see `imaging::composite`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionOptions {
    pub composite: CompositeMode,
    /// Pixels over which the result fades out beyond the (grown) boxes; 0 = a hard edge.
    pub feather: u32,
    /// Pixels the boxes grow by before feathering.
    pub margin: u32,
    /// Match each box's colours to the target around it.
    pub match_colour: bool,
    /// The image the boxes' edit is about (0-based); `None` = the only image with boxes.
    pub target: Option<usize>,
    /// The composite's file type: the target's own by default.
    pub format: CompositeFormat,
    /// Leave the target's GPS position out of the composite (its other metadata is kept).
    pub strip_location: bool,
    /// Detail mode: the target sent as a crop around its boxes (see `jobs::detail`).
    pub detail: DetailMode,
}

/// Whether the target is sent as a crop around its boxes, edited at more pixels per photo
/// pixel than the whole frame gets. `Auto`: when the whole frame gives under one output pixel
/// per photo pixel and the crop at least 1.5 times more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DetailMode {
    #[default]
    Auto,
    On,
    Off,
}

impl DetailMode {
    pub fn parse(s: &str) -> Result<DetailMode, Said> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(DetailMode::Auto),
            "on" => Ok(DetailMode::On),
            "off" => Ok(DetailMode::Off),
            _ => Err(not_taken("detail", "auto, on or off", s)),
        }
    }
}

/// The composite's file type. `Same`: a JPEG target gives a JPEG (its blocks outside the boxes
/// copied losslessly, see `imaging::jpeg_paste`), a PNG a PNG; WebP, BMP, TIFF and GIF give PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompositeFormat {
    #[default]
    Same,
    Png,
    Jpeg,
}

impl CompositeFormat {
    pub fn parse(s: &str) -> Result<CompositeFormat, Said> {
        match s.to_ascii_lowercase().as_str() {
            "same" => Ok(CompositeFormat::Same),
            "png" => Ok(CompositeFormat::Png),
            "jpeg" | "jpg" => Ok(CompositeFormat::Jpeg),
            _ => Err(not_taken("format", "same, png or jpeg", s)),
        }
    }
}

impl Default for RegionOptions {
    fn default() -> Self {
        RegionOptions {
            composite: CompositeMode::Auto,
            feather: 4,
            margin: 0,
            match_colour: false,
            target: None,
            format: CompositeFormat::Same,
            strip_location: false,
            detail: DetailMode::Auto,
        }
    }
}

/// The whole job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobSpec {
    pub model: String,
    pub prompt: String,
    pub images: Vec<JobImage>,
    pub params: JobParams,
    pub mode: CallMode,
    /// What happens to the results after the download (nothing of it is sent).
    #[serde(default)]
    pub region: RegionOptions,
    /// How its result files are named (`{name}-edit`, the default; see `jobs::naming`); kept
    /// with the job so that a resume or a fetch again names them the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<String>,
    /// Which call this is of a job detail mode split into one call per box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<super::part::DetailPart>,
}

impl JobSpec {
    pub fn new(model: &str, prompt: &str) -> Self {
        JobSpec {
            model: model.to_string(),
            prompt: prompt.to_string(),
            images: Vec::new(),
            params: JobParams {
                n: Some(1),
                ..JobParams::default()
            },
            mode: CallMode::Sync,
            region: RegionOptions::default(),
            names: None,
            part: None,
        }
    }

    /// The image whose boxes the edit is about (0-based): the marked one, else the only image
    /// with boxes. `Err` says why none can be chosen.
    pub fn target(&self) -> Result<usize, Said> {
        if let Some(t) = self.region.target {
            return if t >= self.images.len() {
                Err(crate::said!(
                    "target-beyond",
                    image = t + 1,
                    count = self.images.len()
                ))
            } else if self.images[t].boxes.is_empty() {
                Err(crate::said!("target-no-boxes", image = t + 1))
            } else {
                Ok(t)
            };
        }
        let boxed: Vec<usize> = (0..self.images.len())
            .filter(|&i| !self.images[i].boxes.is_empty())
            .collect();
        match boxed.as_slice() {
            [] => Err(crate::said!("target-none-boxed")),
            [one] => Ok(*one),
            many => Err(crate::said!(
                "target-many-boxed",
                images = many
                    .iter()
                    .map(|i| (i + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The image results are composited into, when they are: `Some` for `On`, and for `Auto`
    /// when a target can be chosen.
    pub fn composite_target(&self) -> Option<usize> {
        match self.region.composite {
            CompositeMode::Off => None,
            CompositeMode::On | CompositeMode::Auto => self.target().ok(),
        }
    }

    /// The service shapes its output after the last input image: a target elsewhere makes a
    /// result that will not line up with it. The sentence, when that is so.
    pub fn target_not_last(&self) -> Option<Said> {
        let t = self.composite_target()?;
        let last = self.images.len().checked_sub(1)?;
        (t != last).then(|| crate::said!("target-not-last", image = t + 1, last = last + 1))
    }

    pub fn spec(&self) -> Option<&'static ModelSpec> {
        ModelSpec::find(&self.model)
    }

    pub fn sequential(&self) -> bool {
        self.params.enable_sequential == Some(true)
    }

    pub fn interleave(&self) -> bool {
        self.params.enable_interleave == Some(true)
    }

    /// The most images this job can make: an answer with more is not believed (the extra
    /// links are not downloaded).
    pub fn max_outputs(&self, spec: &ModelSpec) -> usize {
        let n = if self.interleave() {
            self.params
                .max_images
                .or(spec.interleave.map(|i| i.max_images.max))
        } else if self.sequential() {
            self.params.n.or(spec.sequential.map(|s| s.n.max))
        } else {
            self.params.n
        };
        n.unwrap_or(spec.n.max).max(1) as usize
    }

    /// Which output-size rule applies (§5).
    pub fn size_mode(&self) -> SizeMode {
        if self.interleave() {
            SizeMode::Interleave
        } else if self.images.is_empty() && !self.sequential() {
            SizeMode::TextToImage
        } else {
            SizeMode::Edit
        }
    }

    /// The `n` that goes on the wire (always sent, §15).
    pub fn n(&self) -> u32 {
        self.params.n.unwrap_or(1)
    }

    /// True when any image has a box: then `bbox_list` is sent for every image.
    pub fn has_boxes(&self) -> bool {
        self.images.iter().any(|i| !i.boxes.is_empty())
    }

    /// `bbox_list`: one list per image in order, `[]` where an image has none (§4).
    pub fn bbox_list(&self) -> Option<Vec<Vec<[u32; 4]>>> {
        self.has_boxes().then(|| {
            self.images
                .iter()
                .map(|i| i.sent_boxes().iter().map(|b| b.to_array()).collect())
                .collect()
        })
    }
}

/// The prompt with its image numbers changed after the images were reordered: `order[k]` is
/// the old index (0-based) of the image now at `k`. "image 2", "Image 2", "图2", "图片2" and
/// "画像2" follow their image; box numbers are per image, so they stay.
pub fn renumber_images(prompt: &str, order: &[usize]) -> String {
    let new_of = |old: usize| order.iter().position(|&o| o == old);
    let words = ["image ", "Image ", "IMAGE ", "图片", "图", "画像"];
    let mut out = String::with_capacity(prompt.len());
    let mut rest = prompt;
    'outer: while !rest.is_empty() {
        for w in words {
            if let Some(after) = rest.strip_prefix(w) {
                let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
                let boundary = after[digits.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_alphanumeric());
                if let Ok(n) = digits.parse::<usize>()
                    && boundary
                    && n >= 1
                    && let Some(k) = new_of(n - 1)
                {
                    out.push_str(w);
                    out.push_str(&(k + 1).to_string());
                    rest = &after[digits.len()..];
                    continue 'outer;
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

impl JobSpec {
    /// Moves the target image last (the service shapes its output after the last image),
    /// carrying its boxes and renumbering the prompt's image references.
    pub fn move_target_last(&mut self) {
        let Some(t) = self.composite_target() else {
            return;
        };
        let n = self.images.len();
        if t + 1 == n {
            return;
        }
        let order: Vec<usize> = (0..n).filter(|&i| i != t).chain([t]).collect();
        let image = self.images.remove(t);
        self.images.push(image);
        self.prompt = renumber_images(&self.prompt, &order);
        if self.region.target.is_some() {
            self.region.target = Some(n - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_the_target_last_renumbers_the_prompt() {
        assert_eq!(
            renumber_images(
                "put the cup of image 1 on image 3's table, image 10",
                &[1, 2, 0]
            ),
            "put the cup of image 3 on image 2's table, image 10"
        );
        assert_eq!(
            renumber_images("把图1的杯子放到图片2上", &[1, 0]),
            "把图2的杯子放到图片1上"
        );
        assert_eq!(
            renumber_images("image 1a stays, Image 2.", &[1, 0]),
            "image 1a stays, Image 1."
        );
        let mut job = JobSpec::new(
            "wan2.7-image",
            "replace box 1 of image 1 with the lamp of image 2",
        );
        job.images = vec![
            JobImage::new(ImageSource::parse("/a.png")),
            JobImage::new(ImageSource::parse("/b.png")),
        ];
        job.images[0].boxes.push(BBox::new(1, 2, 30, 40));
        job.move_target_last();
        assert_eq!(
            job.prompt,
            "replace box 1 of image 2 with the lamp of image 1"
        );
        assert_eq!(job.images[1].boxes, vec![BBox::new(1, 2, 30, 40)]);
        assert_eq!(job.images[1].source, ImageSource::parse("/a.png"));
        assert_eq!(job.target_not_last(), None);
    }

    #[test]
    fn size_parses_tiers_and_pixels_and_explains_bad_input() {
        assert_eq!(SizeChoice::parse("2k").unwrap().wire(), "2K");
        assert_eq!(SizeChoice::parse("1280*720").unwrap().wire(), "1280*720");
        assert_eq!(SizeChoice::parse("1280x720").unwrap().wire(), "1280*720");
        let err = SizeChoice::parse("big").unwrap_err().words();
        assert!(err.contains("1K, 2K, 4K"), "{err}");
        assert!(SizeChoice::parse("0*5").is_err());
    }

    #[test]
    fn bbox_list_has_one_entry_per_image_in_order() {
        let mut job = JobSpec::new("wan2.7-image", "x");
        job.images.push(JobImage::new(ImageSource::parse("a.png")));
        job.images
            .push(JobImage::new(ImageSource::parse("https://h/b.png")));
        assert_eq!(job.bbox_list(), None);
        job.images[1].boxes.push(BBox::new(1, 2, 3, 4));
        assert_eq!(job.bbox_list(), Some(vec![vec![], vec![[1, 2, 3, 4]]]));
    }

    #[test]
    fn sources_are_recognised() {
        assert!(matches!(
            ImageSource::parse("HTTPS://x/y.png"),
            ImageSource::Url(_)
        ));
        assert!(matches!(ImageSource::parse("oss://k"), ImageSource::Oss(_)));
        assert_eq!(
            ImageSource::parse("file:///tmp/a b.png"),
            ImageSource::File(PathBuf::from("/tmp/a b.png"))
        );
        assert_eq!(
            ImageSource::parse("file:///tmp/my%20photo%E5%86%99.png"),
            ImageSource::File(PathBuf::from("/tmp/my photo写.png"))
        );
        assert_eq!(
            ImageSource::parse("file://localhost/tmp/50%25.png"),
            ImageSource::File(PathBuf::from("/tmp/50%.png"))
        );
        assert!(matches!(
            ImageSource::parse("data:image/png;base64,iVBORw0KGgo="),
            ImageSource::Data(_)
        ));
        assert_eq!(
            ImageSource::parse("/tmp/c.png").display_name(),
            "c.png".to_string()
        );
    }
}
