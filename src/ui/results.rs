//! Jobs and their results: a row per job (status, elapsed time, cancel, error with code and
//! request_id), a gallery of its images, and the compare view (side by side with zoom and pan
//! in step, a wipe slider, a flip toggle).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use egui::{Pos2, Rect, RichText, Sense, TextureHandle, TextureOptions, pos2, vec2};

use super::canvas::View;
use crate::api::error::ApiError;
use crate::api::job::JobSpec;
use crate::api::wire::{OutputItem, Usage};
use crate::imaging::prepare::Preview;
use crate::jobs::post::Post;
use crate::jobs::{JobEvent, Stage};

/// Where a job is, for its row.
#[derive(Debug, Clone, PartialEq)]
pub enum JobStatus {
    Queued,
    Working(String),
    Done,
    Failed {
        sentence: String,
        code: Option<String>,
        request_id: Option<String>,
    },
}

/// One result image.
pub struct ResultImage {
    pub path: PathBuf,
    pub preview: Option<Arc<Preview>>,
    pub texture: Option<TextureHandle>,
    pub size: Option<(u32, u32)>,
}

impl ResultImage {
    /// A result file whose preview is still to be decoded.
    pub fn at(path: PathBuf) -> Self {
        ResultImage {
            path,
            preview: None,
            texture: None,
            size: None,
        }
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
    pub input_textures: Vec<Option<TextureHandle>>,
    pub started: Instant,
    pub finished: Option<Instant>,
    pub status: JobStatus,
    pub task_id: Option<String>,
    pub request_id: Option<String>,
    pub usage: Option<Usage>,
    pub images: Vec<ResultImage>,
    pub texts: Vec<String>,
    pub notices: Vec<String>,
    pub out_dir: PathBuf,
    /// Its history entry, once written.
    pub history_id: Option<String>,
    /// How many results were made (and billed) but could not be downloaded.
    pub download_failures: usize,
    /// Its task exists on the service and did not end while this window watched (the
    /// connection was lost): it can be resumed.
    pub resumable: bool,
}

impl JobView {
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
                self.status = JobStatus::Working(match s {
                    Stage::Reading => "reading images".into(),
                    Stage::Validating => "validating".into(),
                    Stage::Uploading { done, total } => format!("uploading {done}/{total}"),
                    Stage::Sending => "sending".into(),
                    Stage::Task { status, .. } => status.label().to_string(),
                    Stage::Downloading { total } => format!("downloading {total}"),
                })
            }
            JobEvent::TaskCreated(h) => {
                self.task_id = Some(h.task_id);
                self.request_id = h.request_id;
            }
            JobEvent::Notice(n) => self.notices.push(n),
            JobEvent::Recorded(id) => self.history_id = Some(id),
            JobEvent::Answered(_) => {}
        }
    }

    pub fn finish(&mut self, result: Result<crate::jobs::JobOutcome, ApiError>) {
        self.finished = Some(Instant::now());
        match result {
            Ok(o) => {
                self.request_id = o.request_id.or(self.request_id.take());
                self.usage = o.usage;
                self.images = o.files.into_iter().map(ResultImage::at).collect();
                self.texts = texts_of(&o.items);
                self.download_failures = o.download_errors.len();
                if o.download_errors.is_empty() {
                    self.status = JobStatus::Done;
                } else {
                    self.status = JobStatus::Failed {
                        sentence: o.download_errors.join("; "),
                        code: None,
                        request_id: self.request_id.clone(),
                    };
                }
            }
            Err(e) => {
                self.resumable = self.task_id.is_some() && !crate::jobs::record::ends_task(&e);
                self.status = JobStatus::Failed {
                    sentence: e.to_string(),
                    code: e.code().map(String::from),
                    request_id: e.request_id().map(String::from).or(self.request_id.clone()),
                }
            }
        }
    }

    /// The results of its history entry, fetched again: the job is done after all.
    pub fn fetched(&mut self, e: &crate::store::history::HistoryEntry) {
        self.images = e
            .outputs
            .iter()
            .map(|o| ResultImage::at(o.saved_as.clone()))
            .collect();
        self.download_failures = 0;
        self.status = JobStatus::Done;
    }

    /// Results were made but not all saved: they can be fetched again.
    pub fn fetchable(&self) -> bool {
        self.download_failures > 0
    }

    pub fn is_active(&self) -> bool {
        matches!(self.status, JobStatus::Queued | JobStatus::Working(_))
    }
}

/// How before and after are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareMode {
    SideBySide,
    Wipe,
    Flip,
}

/// The compare view's state.
#[derive(Debug, Clone)]
pub struct CompareState {
    pub mode: CompareMode,
    /// Which input image is "before" (0-based).
    pub before: usize,
    /// 0..1, the wipe position.
    pub wipe: f32,
    /// In flip mode: showing before instead of after.
    pub flipped: bool,
    /// Shared view in the "after" image's pixels.
    pub view: View,
    pub key: Option<(u64, usize)>,
}

impl Default for CompareState {
    fn default() -> Self {
        CompareState {
            mode: CompareMode::SideBySide,
            before: 0,
            wipe: 0.5,
            flipped: false,
            view: View::default(),
            key: None,
        }
    }
}

/// Which picture of a job a decoded preview is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Result image `i` ("after").
    Result(usize),
    /// Input image `i` ("before"), for a job reopened from history.
    Input(usize),
}

/// A decoded picture: (job id, which picture, preview and full size or why not).
pub type Decoded = (u64, Slot, Result<(Preview, (u32, u32)), String>);

/// Decodes result files into previews off the UI thread; what it decoded comes back through
/// the window's inbox ([`ResultLoader::receive`]).
pub struct ResultLoader {
    runtime: tokio::runtime::Handle,
    post: Post<Decoded>,
}

impl ResultLoader {
    pub fn new(runtime: tokio::runtime::Handle, post: Post<Decoded>) -> Self {
        ResultLoader { runtime, post }
    }

    pub fn load(&self, job: u64, slot: Slot, path: PathBuf) {
        let post = self.post.clone();
        self.runtime.spawn_blocking(move || {
            post.send((job, slot, crate::imaging::open_preview(&path)));
        });
    }

    /// Decodes the previews of every result of `j`.
    pub fn load_results(&self, j: &JobView) {
        for (i, img) in j.images.iter().enumerate() {
            self.load(j.id, Slot::Result(i), img.path.clone());
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
        }
    }
}

pub fn texture(ctx: &egui::Context, name: String, p: &Preview) -> TextureHandle {
    let image =
        egui::ColorImage::from_rgba_unmultiplied([p.width as usize, p.height as usize], &p.rgba);
    ctx.load_texture(name, image, TextureOptions::LINEAR)
}

/// The rectangle an image of `size` fills when the shared view shows a `frame`-sized image.
fn placed(view: &View, rect: Rect, frame: (u32, u32), size: (u32, u32)) -> Rect {
    let full = Rect::from_min_max(
        view.to_screen(rect, Pos2::ZERO),
        view.to_screen(rect, pos2(frame.0 as f32, frame.1 as f32)),
    );
    // Keep the image's own aspect inside the frame (letterboxed when they differ).
    let s = (full.width() / size.0 as f32).min(full.height() / size.1 as f32);
    Rect::from_center_size(full.center(), vec2(size.0 as f32 * s, size.1 as f32 * s))
}

const UV: Rect = Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));

/// Shows before/after. `frame` is the after image's size; both are placed in it.
pub fn compare(
    ui: &mut egui::Ui,
    state: &mut CompareState,
    before: Option<(&TextureHandle, (u32, u32))>,
    after: (&TextureHandle, (u32, u32)),
) {
    ui.horizontal(|ui| {
        ui.label("Compare");
        ui.selectable_value(&mut state.mode, CompareMode::SideBySide, "Side by side");
        ui.selectable_value(&mut state.mode, CompareMode::Wipe, "Wipe");
        ui.selectable_value(&mut state.mode, CompareMode::Flip, "Flip (Space)");
        if state.mode == CompareMode::Wipe {
            let l = ui.label("Wipe position");
            ui.add(egui::Slider::new(&mut state.wipe, 0.0..=1.0).show_value(false))
                .labelled_by(l.id);
        }
        if crate::ui::widgets::icon_button(ui, crate::ui::widgets::icon::FIT, "Fit", true).clicked()
        {
            state.view.fitted = true;
        }
    });
    let frame = after.1;
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Compare view"));
    let panes: Vec<Rect> = if state.mode == CompareMode::SideBySide {
        let half = rect.width() / 2.0;
        vec![
            Rect::from_min_size(rect.min, vec2(half - 2.0, rect.height())),
            Rect::from_min_size(
                rect.min + vec2(half + 2.0, 0.0),
                vec2(half - 2.0, rect.height()),
            ),
        ]
    } else {
        vec![rect]
    };
    let pane0 = panes[0];
    if state.view.fitted {
        state.view = View::fit(pane0, frame.0, frame.1);
    }
    // Zoom and pan act on the shared view: both panes move in step.
    if let Some(p) = response.hover_pos() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            let pane = panes
                .iter()
                .find(|r| r.contains(p))
                .copied()
                .unwrap_or(pane0);
            let local = pane0.min + (p - pane.min);
            state.view.zoom_at(pane0, local, (scroll / 200.0).exp());
        }
    }
    if response.dragged() {
        if state.mode == CompareMode::Wipe && !ui.input(|i| i.modifiers.shift) {
            if let Some(p) = response.interact_pointer_pos() {
                state.wipe = ((p.x - rect.left()) / rect.width()).clamp(0.0, 1.0);
            }
        } else {
            state.view.pan(response.drag_delta());
        }
    }
    if state.mode == CompareMode::Flip && ui.input(|i| i.key_pressed(egui::Key::Space)) {
        state.flipped = !state.flipped;
    }
    let view = state.view;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
    let draw = |pane: Rect, tex: &TextureHandle, size: (u32, u32), clip: Option<Rect>| {
        let target = placed(&view, pane0, frame, size).translate(pane.min - pane0.min);
        let p = match clip {
            Some(c) => ui.painter_at(c.intersect(pane)),
            None => ui.painter_at(pane),
        };
        p.image(tex.id(), target, UV, super::theme::NO_TINT);
    };
    let tag = |pane: Rect, text: &str| {
        painter.text(
            pane.left_top() + vec2(8.0, 8.0),
            egui::Align2::LEFT_TOP,
            text,
            egui::FontId::proportional(14.0),
            super::theme::ON_PHOTO_TEXT,
        );
    };
    match state.mode {
        CompareMode::SideBySide => {
            if let Some((t, s)) = before {
                draw(panes[0], t, s, None);
            }
            draw(panes[1], after.0, after.1, None);
            tag(panes[0], "Before");
            tag(panes[1], "After");
        }
        CompareMode::Wipe => {
            draw(rect, after.0, after.1, None);
            let x = rect.left() + rect.width() * state.wipe;
            if let Some((t, s)) = before {
                draw(
                    rect,
                    t,
                    s,
                    Some(Rect::from_min_max(rect.min, pos2(x, rect.bottom()))),
                );
            }
            painter.line_segment(
                [pos2(x, rect.top()), pos2(x, rect.bottom())],
                egui::Stroke::new(2.0, super::theme::ON_PHOTO_TEXT),
            );
            tag(rect, "Before | After  (drag to wipe, Shift+drag to pan)");
        }
        CompareMode::Flip => {
            match (state.flipped, before) {
                (true, Some((t, s))) => draw(rect, t, s, None),
                _ => draw(rect, after.0, after.1, None),
            }
            tag(
                rect,
                if state.flipped {
                    "Before (Space: after)"
                } else {
                    "After (Space: before)"
                },
            );
        }
    }
}

/// A compact line of status text for a job's row.
pub fn status_line(ui: &egui::Ui, j: &JobView) -> RichText {
    let secs = j.elapsed_secs();
    match &j.status {
        JobStatus::Queued => RichText::new(format!("queued · {secs:.0} s")),
        JobStatus::Working(s) => RichText::new(format!("{s} · {secs:.0} s")),
        JobStatus::Done => RichText::new(format!(
            "done in {secs:.0} s · {} image(s){}",
            j.images.len(),
            j.usage
                .as_ref()
                .and_then(|u| u.size.clone())
                .map(|s| format!(" · {s}"))
                .unwrap_or_default()
        ))
        .color(super::theme::ok(ui)),
        JobStatus::Failed { .. } if j.fetchable() => RichText::new(format!(
            "made in {secs:.0} s, {} of {} saved: fetch the rest again within 24 hours",
            j.images.len(),
            j.images.len() + j.download_failures
        ))
        .color(super::theme::warn(ui)),
        JobStatus::Failed { .. } => {
            RichText::new(format!("failed after {secs:.0} s")).color(super::theme::error(ui))
        }
    }
}
