//! Jobs and their results as the window keeps them: a view per job (status, elapsed time, error
//! with code and request_id, its images and their previews) and the loader that decodes result
//! files off the UI thread. The compare view is a widget (widgets/compare.rs).

use crate::jobs::door::Door;
use crate::jobs::work::pictures::PictureCommand;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use egui::RichText;

use crate::api::error::ApiError;
use crate::api::job::JobSpec;
use crate::api::wire::{OutputItem, Usage};
use crate::imaging::prepare::Preview;
use crate::imaging::register::Mapping;
use crate::jobs::post::Post;
use crate::jobs::region::RegionResult;
use crate::jobs::{JobEvent, Stage};

/// Where a job is, for its row.
#[derive(Debug, Clone, PartialEq)]
pub enum JobStatus {
    Queued,
    Working(String),
    Done,
    Failed {
        /// Put into words when drawn, in the language of the moment.
        sentence: crate::i18n::Said,
        code: Option<String>,
        request_id: Option<String>,
    },
    /// Cancelled as asked (before it was sent, or the task on the service): not a failure.
    Cancelled(crate::i18n::Said),
}

/// One result image.
pub struct ResultImage {
    /// The file shown, saved, copied and used again: the composite when there is one.
    pub path: PathBuf,
    pub preview: Option<Arc<Preview>>,
    pub size: Option<(u32, u32)>,
    /// The other file of a composited result (the raw one while the composite is shown, and
    /// the composite while the raw one is).
    pub other: Option<PathBuf>,
    /// `path` is the raw result although a composite exists.
    pub showing_raw: bool,
    /// Where it was written in the output folder, when `path` is history's copy of it (a job
    /// shown from History): the name the designer knows, said above the view.
    pub saved_as: Option<PathBuf>,
    /// How the result was lined up and composited, when the job composited.
    pub region: Option<RegionResult>,
    /// The difference to the before picture (the largest channel's, on the before picture's
    /// preview grid), once computed.
    pub difference: Option<Arc<Preview>>,
    /// The picture the difference is (being) computed against.
    pub difference_for: Option<crate::ui::pictures::PictureId>,
    /// Picked or rejected, as its history entry keeps it.
    pub flag: Option<crate::store::history::Flag>,
}

impl ResultImage {
    /// A result file whose preview is still to be decoded.
    pub fn at(path: PathBuf) -> Self {
        ResultImage {
            path,
            preview: None,
            size: None,
            other: None,
            showing_raw: false,
            saved_as: None,
            region: None,
            difference: None,
            difference_for: None,
            flag: None,
        }
    }

    /// A result with what compositing made of it: the composite shown when there is one.
    pub fn of(raw: PathBuf, region: Option<RegionResult>) -> Self {
        let composite = region.as_ref().and_then(|r| r.composite.clone());
        let mut img = match composite {
            Some(c) => ResultImage {
                other: Some(raw),
                ..ResultImage::at(c)
            },
            None => ResultImage::at(raw),
        };
        // The composite's preview as the engine made it: nothing is read back from disk.
        if let Some(made) = region.as_ref().and_then(|r| r.made.as_ref())
            && region.as_ref().is_some_and(|r| r.composite.is_some())
        {
            img.preview = Some(made.preview.clone());
            img.size = Some(made.size);
        }
        img.region = region;
        img
    }

    /// Shows the other file (raw ⇄ composite); its preview is decoded again.
    /// The other file of a composited result as a result of its own (no preview yet): the
    /// raw one of a composite, the composite of a raw one.
    pub fn counterpart(&self) -> Option<ResultImage> {
        let other = self.other.clone()?;
        Some(ResultImage {
            other: Some(self.path.clone()),
            showing_raw: !self.showing_raw,
            region: self.region.clone(),
            saved_as: self.saved_as.clone(),
            flag: self.flag,
            ..ResultImage::at(other)
        })
    }

    pub fn swap_raw(&mut self) {
        if let Some(other) = self.other.take() {
            self.other = Some(std::mem::replace(&mut self.path, other));
            self.showing_raw = !self.showing_raw;
            self.preview = None;
            self.size = None;
            self.difference = None;
            self.difference_for = None;
        }
    }

    /// Where a target pixel is in the picture shown: the same place for a composite (it is on
    /// the target's grid), through the registration for a raw result.
    pub fn mapping(&self) -> Option<Mapping> {
        let r = self.region.as_ref()?;
        if r.composite.is_some() && !self.showing_raw {
            let size = self.size?;
            return Some(Mapping::stretched(size, size));
        }
        r.mapping
    }
}

/// The text parts of a result (wan2.6 mixed text and images), in order.
pub fn texts_of(items: &[OutputItem]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            OutputItem::Text { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// One job as the window shows it.
pub struct JobView {
    pub id: u64,
    /// The frozen request.
    pub spec: JobSpec,
    /// Input previews (by image number) for "before".
    pub inputs: Vec<Option<Arc<Preview>>>,
    pub started: Instant,
    pub finished: Option<Instant>,
    /// The last stage the engine said (its words are made again at each frame).
    pub stage: Option<Stage>,
    /// Cancel was pressed (the row says "cancelling…" until the job ends or it is refused).
    pub cancel_asked: bool,
    pub status: JobStatus,
    pub task_id: Option<String>,
    pub request_id: Option<String>,
    pub usage: Option<Usage>,
    pub images: Vec<ResultImage>,
    /// The picture picked as "before" from elsewhere (see [`Slot::Picked`]), once asked for.
    pub picked: Option<ResultImage>,
    pub texts: Vec<String>,
    pub notices: Vec<crate::i18n::Said>,
    pub out_dir: PathBuf,
    /// Its history entry, once written.
    pub history_id: Option<String>,
    /// How many results were made (and billed) but could not be downloaded.
    pub download_failures: usize,
    /// Its task exists on the service and did not end while this window watched (the
    /// connection was lost): it can be resumed.
    pub resumable: bool,
    /// The service refused to cancel (its task already running): what it said. Cancel is then
    /// disabled for the job, which goes on to its result.
    pub cancel_refused: Option<String>,
    /// List its results by least change outside the boxes (they keep their numbers).
    pub least_change_first: bool,
    /// Each box's chosen result (0: the original), once the designer chose in the box view
    /// (or history kept a choice).
    pub choice: Option<Vec<usize>>,
    /// The composite the choice made, once made.
    pub kept: Option<KeptView>,
    /// A choice is being composited.
    pub keeping: bool,
    /// Why the last choice could not be made.
    pub choice_said: Option<crate::i18n::Said>,
}

/// The composite a choice made: where it was written, and its preview once there is one.
#[derive(Debug, Clone)]
pub struct KeptView {
    pub boxes: Vec<usize>,
    pub path: PathBuf,
    pub preview: Option<Arc<Preview>>,
    pub size: Option<(u32, u32)>,
}

impl JobView {
    /// A job of `spec` as the window first shows it: queued, started now, nothing made yet,
    /// its results to go to `out_dir`; no input previews until given.
    pub fn new(id: u64, spec: JobSpec, out_dir: PathBuf) -> Self {
        JobView {
            id,
            inputs: vec![None; spec.images.len()],
            spec,
            started: Instant::now(),
            finished: None,
            stage: None,
            cancel_asked: false,
            status: JobStatus::Queued,
            task_id: None,
            request_id: None,
            usage: None,
            images: Vec::new(),
            picked: None,
            texts: Vec::new(),
            notices: Vec::new(),
            out_dir,
            history_id: None,
            download_failures: 0,
            resumable: false,
            cancel_refused: None,
            least_change_first: false,
            choice: None,
            kept: None,
            keeping: false,
            choice_said: None,
        }
    }

    /// The order its results are listed in: as the service returned them, or by least change
    /// outside the boxes (results without a measure last, in their order).
    pub fn listing_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.images.len()).collect();
        if self.least_change_first {
            let share = |i: usize| {
                self.images[i]
                    .region
                    .as_ref()
                    .and_then(|r| r.change)
                    .map_or(f32::INFINITY, |c| c.changed_share)
            };
            order.sort_by(|&a, &b| share(a).total_cmp(&share(b)));
        }
        order
    }

    pub fn elapsed_secs(&self) -> f64 {
        self.finished
            .unwrap_or_else(Instant::now)
            .duration_since(self.started)
            .as_secs_f64()
    }

    /// Applies a progress event.
    pub fn event(&mut self, e: JobEvent) {
        match e {
            JobEvent::Stage(s) => {
                self.stage = Some(s.clone());
                self.status = JobStatus::Working(stage_words(s));
            }
            JobEvent::TaskCreated(h) => {
                self.task_id = Some(h.task_id);
                self.request_id = h.request_id;
            }
            JobEvent::Notice(n) => self.notices.push(n),
            JobEvent::Recorded(id) => self.history_id = Some(id),
            JobEvent::Answered(_) | JobEvent::Checked { .. } => {}
        }
    }

    pub fn finish(&mut self, result: Result<crate::jobs::JobOutcome, ApiError>) {
        self.finished = Some(Instant::now());
        match result {
            Ok(o) => {
                self.request_id = o.request_id.or(self.request_id.take());
                self.usage = o.usage;
                let regions = o.regions;
                self.images = o
                    .files
                    .into_iter()
                    .map(|f| {
                        let region = regions.iter().find(|r| r.raw == f).cloned();
                        ResultImage::of(f, region)
                    })
                    .collect();
                self.texts = texts_of(&o.items);
                self.download_failures = o.download_errors.len();
                if o.download_errors.is_empty() {
                    self.status = JobStatus::Done;
                } else {
                    self.status = JobStatus::Failed {
                        sentence: crate::i18n::Said::Joined {
                            parts: o.download_errors.clone(),
                            sep: "; ".into(),
                        },
                        code: None,
                        request_id: self.request_id.clone(),
                    };
                }
            }
            Err(e @ (ApiError::Canceled | ApiError::TaskCanceled { .. })) => {
                self.status = JobStatus::Cancelled(e.said());
            }
            Err(e) => {
                self.resumable = self.task_id.is_some() && !crate::jobs::record::ends_task(&e);
                self.status = JobStatus::Failed {
                    sentence: e.said(),
                    code: e.code().map(String::from),
                    request_id: e.request_id().map(String::from).or(self.request_id.clone()),
                }
            }
        }
    }

    /// The results of its history entry, fetched again: the job is done after all.
    pub fn fetched(&mut self, e: &crate::store::history::HistoryEntry) {
        self.images =
            e.outputs
                .iter()
                .map(|o| {
                    let region = o.composite.as_ref().map(|c| {
                        RegionResult::from_stored(c, o.saved_as.clone(), c.saved_as.clone())
                    });
                    let mut img = ResultImage::of(o.saved_as.clone(), region);
                    img.flag = o.flag;
                    img
                })
                .collect();
        self.download_failures = 0;
        self.status = JobStatus::Done;
    }

    /// Its results' flags as its history entry `e` keeps them (result `i` is the entry's
    /// output `i`).
    pub fn flags_from(&mut self, e: &crate::store::history::HistoryEntry) {
        for (img, o) in self.images.iter_mut().zip(&e.outputs) {
            img.flag = o.flag;
        }
    }

    /// Results were made but not all saved: they can be fetched again.
    pub fn fetchable(&self) -> bool {
        self.download_failures > 0
    }

    pub fn is_active(&self) -> bool {
        matches!(self.status, JobStatus::Queued | JobStatus::Working(_))
    }
}

/// Which picture of a job a decoded preview is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Result image `i` ("after").
    Result(usize),
    /// Input image `i` ("before"), for a job reopened from history.
    Input(usize),
    /// The difference of result `i` to the target (a grey map: the largest channel's).
    Difference(usize),
    /// The picture picked as "before" from outside the job's inputs and results shown: a
    /// result's raw or composite counterpart, or a result from history.
    Picked,
    /// The composite the job's choice per box made (a job shown from History).
    Kept,
}

/// A decoded picture: (job id, which picture, preview and full size or why not).
pub type Decoded = (u64, Slot, crate::jobs::work::pictures::Opened);

/// Asks the engine for result previews; what it decoded comes back through the window's
/// inbox ([`ResultLoader::receive`]).
pub struct ResultLoader {
    door: Door,
    post: Post<Decoded>,
}

impl ResultLoader {
    pub fn new(door: Door, post: Post<Decoded>) -> Self {
        ResultLoader { door, post }
    }

    pub fn load(&self, job: u64, slot: Slot, path: PathBuf) {
        self.door.send(PictureCommand::Preview {
            path,
            reply: self.post.map(move |r| (job, slot, r)),
        });
    }

    /// Decodes the previews of the results of `j` that have none.
    pub fn load_results(&self, j: &JobView) {
        for (i, img) in j.images.iter().enumerate() {
            // What the engine handed over with the outcome is not decoded again.
            if img.preview.is_none() {
                self.load(j.id, Slot::Result(i), img.path.clone());
            }
        }
    }

    /// Puts a decoded picture in its place (a job no longer shown, or a file that did not
    /// decode, leaves nothing).
    pub fn receive(&self, (job, slot, r): Decoded, jobs: &mut [JobView]) {
        let (Some(j), Ok((p, size))) = (jobs.iter_mut().find(|j| j.id == job), r) else {
            return;
        };
        match slot {
            Slot::Result(i) => {
                if let Some(img) = j.images.get_mut(i) {
                    img.preview = Some(Arc::new(p));
                    img.size = Some(size);
                }
            }
            Slot::Input(i) => {
                if let Some(input) = j.inputs.get_mut(i) {
                    *input = Some(Arc::new(p));
                }
            }
            Slot::Difference(i) => {
                if let Some(img) = j.images.get_mut(i) {
                    img.difference = Some(Arc::new(p));
                }
            }
            Slot::Picked => {
                if let Some(img) = j.picked.as_mut() {
                    img.preview = Some(Arc::new(p));
                    img.size = Some(size);
                }
            }
            Slot::Kept => {
                if let Some(k) = j.kept.as_mut() {
                    k.preview = Some(Arc::new(p));
                    k.size = Some(size);
                }
            }
        }
    }

    /// Computes, in the engine, result `i` of `job`'s difference to the target from the two
    /// previews, each with the pixel size it stands for (`mapping`: target pixels → the
    /// result's).
    pub fn difference(
        &self,
        (job, i): (u64, usize),
        target: (Arc<Preview>, (u32, u32)),
        result: (Arc<Preview>, (u32, u32)),
        mapping: Mapping,
    ) {
        let full = target.1;
        self.door.send(PictureCommand::Difference {
            target,
            result,
            mapping,
            reply: self
                .post
                .map(move |map| (job, Slot::Difference(i), Ok((map, full)))),
        });
    }
}

/// The results' real pixel sizes as decoded (" · 2508×1672"), not the size tier the service
/// reports in `usage` (2048*2048 for a result it rendered at the input's aspect); nothing until
/// they are known.
fn pixel_sizes(j: &JobView) -> String {
    let mut sizes: Vec<(u32, u32)> = Vec::new();
    for s in j.images.iter().filter_map(|i| i.size) {
        if !sizes.contains(&s) {
            sizes.push(s);
        }
    }
    sizes.iter().map(|(w, h)| format!(" · {w}×{h}")).collect()
}

/// A stage in the window's words, in the language of the moment (made again at each frame from
/// the stage, so a language changed while the job runs shows at once).
fn stage_words(s: Stage) -> String {
    match s {
        Stage::Reading => crate::t!("job-reading"),
        Stage::Validating => crate::t!("job-validating"),
        Stage::Uploading { done, total } => {
            crate::t!("job-uploading", done = done, total = total)
        }
        Stage::Sending => crate::t!("job-sending"),
        Stage::Task { status, .. } => status.said().words(),
        Stage::Downloading { total } => crate::t!("job-downloading", total = total),
        // The row shows the task and its own running time: the status alone (the command
        // line's "task …: … for N s" said both again, its N only renewed at each poll).
        Stage::Watching {
            status,
            unreadable: None,
            ..
        } => status.said().words(),
        s @ (Stage::Received { .. } | Stage::Watching { .. }) => {
            crate::jobs::progress_line(&s).words()
        }
        Stage::Compositing { total } => crate::t!("job-compositing", total = total),
    }
}

/// A compact line of status text for a job's row.
pub fn status_line(ui: &egui::Ui, j: &JobView) -> RichText {
    let secs = j.elapsed_secs();
    match &j.status {
        JobStatus::Queued => RichText::new(crate::t!("job-queued", secs = secs.round())),
        JobStatus::Working(s) => {
            let now = if j.cancel_asked && j.cancel_refused.is_none() {
                Some(crate::t!("job-cancelling"))
            } else {
                j.stage.clone().map(stage_words)
            };
            RichText::new(crate::t!(
                "job-working",
                stage = now.as_deref().unwrap_or(s.as_str()),
                secs = secs.round()
            ))
        }
        JobStatus::Done => RichText::new(format!(
            "{}{}",
            crate::t!("job-done", secs = secs.round(), count = j.images.len()),
            pixel_sizes(j)
        ))
        .color(super::theme::ok(ui)),
        JobStatus::Failed { .. } if j.fetchable() => RichText::new(crate::t!(
            "job-partly-saved",
            secs = secs.round(),
            saved = j.images.len(),
            made = j.images.len() + j.download_failures
        ))
        .color(super::theme::warn(ui)),
        JobStatus::Failed { .. } => RichText::new(crate::t!("job-failed", secs = secs.round()))
            .color(super::theme::error(ui)),
        JobStatus::Cancelled(_) => RichText::new(crate::t!("job-cancelled", secs = secs.round()))
            .color(super::theme::muted(ui)),
    }
}
