//! The studio window: inputs strip, box canvas, box readout. UI only: loading and decoding run
//! on the tokio runtime (see [`inputs`]), never on this thread.

pub mod boxes;
pub mod canvas;
pub mod fonts;
pub mod history;
pub mod inputs;
pub mod panels;
pub mod prompt;
pub mod results;
pub mod theme;
pub mod widgets;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::util::undoer::Undoer;
use egui::{RichText, TextureHandle, TextureOptions};

use crate::api::catalog::{MODELS, ModelSpec};
use crate::api::client::{ApiKey, Client, Timing};
use crate::api::job::{BBox, JobSpec};
use crate::api::request;
use crate::api::validate::validate;
use crate::jobs::queue::{JobMessage, JobQueue};
use crate::jobs::record::Recorder;
use crate::jobs::{self, LocalImages};
use crate::store::history::HistoryEntry;
use crate::store::journal::JournalEntry;
use canvas::{CanvasImage, CanvasState};
use history::HistoryPanel;
use inputs::{Inputs, NewInput, SlotState};
use prompt::{PromptAction, PromptState};
use results::{CompareState, JobStatus, JobView, ResultLoader};

/// Which view the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CentralTab {
    Canvas,
    Compare,
    History,
}

pub use crate::store::settings::Settings;

type BoxState = Vec<(u64, Vec<BBox>)>;

/// A journaled task with its history entry (when it has one).
type ToResume = (JournalEntry, Option<HistoryEntry>);
/// A sentence from background work, with the history entry a fetch completed.
type News = (String, Option<HistoryEntry>);
/// What an earlier run left unfinished: open tasks, and jobs whose results were not all saved.
type LeftOver = (Vec<ToResume>, Vec<HistoryEntry>);
/// Tasks to resume now, and whether they were found at start (else: asked for by a row).
type ToResumeNow = (LeftOver, bool);

/// The application state behind the window.
pub struct WanEditApp {
    runtime: tokio::runtime::Handle,
    /// Owns the runtime when the app made it (the window); tests pass a handle of their own.
    _own_runtime: Option<tokio::runtime::Runtime>,
    pub inputs: Inputs,
    /// Index of the image shown on the canvas.
    pub selected: usize,
    pub canvas: CanvasState,
    pub model: &'static ModelSpec,
    undo: Undoer<BoxState>,
    toolbar: panels::toolbar::ToolbarState,
    /// The latest message for the status line.
    pub message: Option<String>,
    textures: HashMap<u64, (u64, TextureHandle)>,
    dialog: Option<Receiver<Vec<PathBuf>>>,
    paste_dir: PathBuf,
    pub prompt: PromptState,
    pub settings: Settings,
    /// A key typed in (or read from the keychain); `DASHSCOPE_API_KEY` wins when set.
    api_key: Option<ApiKey>,
    settings_panel: panels::settings::SettingsState,
    /// Poll and retry timing (tests make it fast).
    pub timing: Timing,
    queue: JobQueue,
    pub jobs: Vec<JobView>,
    results: ResultLoader,
    pub compare: CompareState,
    /// (job id, image index) shown in the compare view.
    pub selected_result: Option<(u64, usize)>,
    pub tab: CentralTab,
    repaint: Arc<dyn Fn() + Send + Sync>,
    /// Keychain answers (load at start, save on entry) arriving from the runtime.
    keychain: (
        std::sync::mpsc::Sender<KeychainNews>,
        Receiver<KeychainNews>,
    ),
    /// Where the stored key stands, for the settings panel.
    pub keychain_state: String,
    /// Whether the system keychain is used (the window: yes; UI tests: no, so that they never
    /// touch a real keychain).
    pub use_keychain: bool,
    pub history: HistoryPanel,
    /// Tasks left open by an earlier run are resumed once a key is known.
    resume_pending: bool,
    /// Journaled tasks read from disk (with their history entries), waiting to be resumed.
    resume_rx: (std::sync::mpsc::Sender<ToResumeNow>, Receiver<ToResumeNow>),
    /// A reopened job runs as soon as its images are loaded (History → Re-run).
    pub rerun_when_loaded: bool,
    /// Sentences from background work (fetch again…) for the status line.
    news: (std::sync::mpsc::Sender<News>, Receiver<News>),
    /// Copy-as-curl being built on the runtime (reading, preparing and encoding every input
    /// takes seconds for nine large files: the window keeps drawing meanwhile).
    curl_pending: Option<Receiver<Result<String, String>>>,
    /// The request last copied as curl (what the clipboard got).
    pub last_curl: Option<String>,
    /// The theme last applied (applied again when settings change it).
    applied_theme: Option<theme::ThemeChoice>,
}

/// What a keychain call on the runtime reported.
pub enum KeychainNews {
    Loaded(Result<Option<ApiKey>, crate::store::KeychainError>),
    Saved(Result<(), crate::store::KeychainError>),
    Deleted(Result<(), crate::store::KeychainError>),
}

impl WanEditApp {
    /// An app on the given runtime whose workers wake `ctx` when they finish.
    pub fn new(runtime: tokio::runtime::Handle, ctx: &egui::Context) -> Self {
        let c = ctx.clone();
        let mut app = Self::with_repaint(
            runtime,
            Arc::new(move || c.request_repaint()),
            crate::store::journal::data_dir(),
        );
        app.use_keychain = true;
        app
    }

    /// An app on the given runtime; `repaint` is how workers wake the UI. History and the task
    /// journal live in `data_dir`.
    pub fn with_repaint(
        runtime: tokio::runtime::Handle,
        repaint: Arc<dyn Fn() + Send + Sync>,
        data_dir: PathBuf,
    ) -> Self {
        let mut undo = Undoer::default();
        undo.add_undo(&Vec::new());
        let recorder = Recorder::at(&data_dir);
        let mut history =
            HistoryPanel::new(recorder.history.clone(), runtime.clone(), repaint.clone());
        history.refresh();
        WanEditApp {
            history,
            resume_pending: true,
            resume_rx: channel(),
            rerun_when_loaded: false,
            news: channel(),
            inputs: Inputs::new(runtime.clone(), repaint.clone()),
            queue: JobQueue::new(runtime.clone(), repaint.clone(), recorder),
            repaint,
            runtime,
            prompt: PromptState::default(),
            settings: Settings::default(),
            api_key: None,
            settings_panel: Default::default(),
            timing: Timing::default(),
            jobs: Vec::new(),
            results: ResultLoader::default(),
            compare: CompareState::default(),
            selected_result: None,
            tab: CentralTab::Canvas,
            keychain: channel(),
            keychain_state: "not used".into(),
            use_keychain: false,
            _own_runtime: None,
            selected: 0,
            canvas: CanvasState::default(),
            model: &MODELS[0],
            undo,
            toolbar: Default::default(),
            message: None,
            textures: HashMap::new(),
            dialog: None,
            // wanedit's own folder: a shared temporary one could hold another user's links.
            paste_dir: data_dir.join("pasted"),
            curl_pending: None,
            last_curl: None,
            applied_theme: None,
        }
    }

    /// Adds files, URLs or pasted images at the end of the strip.
    pub fn add(&mut self, new: Vec<NewInput>) {
        if let Some(msg) = self.inputs.add(new, self.model) {
            self.message = Some(msg);
        }
    }

    pub fn add_paths(&mut self, paths: Vec<PathBuf>) {
        self.add(paths.into_iter().map(NewInput::File).collect());
    }

    /// Chooses another model: inputs are prepared again against its limits.
    pub fn set_model(&mut self, model: &'static ModelSpec) {
        if model.id != self.model.id {
            self.model = model;
            self.inputs.reprepare(model);
        }
    }

    /// Reads the stored key from the keychain on the runtime (blocking D-Bus stays off the UI).
    pub fn load_key_from_keychain(&mut self) {
        if !self.use_keychain {
            return;
        }
        let tx = self.keychain.0.clone();
        let repaint = self.repaint.clone();
        self.keychain_state = "reading the keychain…".into();
        self.runtime.spawn_blocking(move || {
            let _ = tx.send(KeychainNews::Loaded(crate::store::load_key()));
            repaint();
        });
    }

    /// Keeps `key` for this session and stores it in the keychain on the runtime.
    pub fn store_key(&mut self, key: ApiKey) {
        self.api_key = Some(key.clone());
        if !self.use_keychain {
            self.keychain_state = "not used: the key is kept for this session".into();
            return;
        }
        let tx = self.keychain.0.clone();
        let repaint = self.repaint.clone();
        self.keychain_state = "storing in the keychain…".into();
        self.runtime.spawn_blocking(move || {
            let _ = tx.send(KeychainNews::Saved(crate::store::save_key(&key)));
            repaint();
        });
    }

    /// Forgets the key: this session's and the keychain's.
    pub fn forget_key(&mut self) {
        self.api_key = None;
        if !self.use_keychain {
            return;
        }
        let tx = self.keychain.0.clone();
        let repaint = self.repaint.clone();
        self.runtime.spawn_blocking(move || {
            let _ = tx.send(KeychainNews::Deleted(crate::store::delete_key()));
            repaint();
        });
    }

    fn poll_keychain(&mut self) {
        while let Ok(news) = self.keychain.1.try_recv() {
            self.keychain_state = match news {
                KeychainNews::Loaded(Ok(Some(k))) => {
                    self.api_key.get_or_insert(k);
                    "a key is stored in the system keychain".into()
                }
                KeychainNews::Loaded(Ok(None)) => "no key is stored in the system keychain".into(),
                KeychainNews::Saved(Ok(())) => "the key is stored in the system keychain".into(),
                KeychainNews::Deleted(Ok(())) => "no key is stored in the system keychain".into(),
                KeychainNews::Loaded(Err(e))
                | KeychainNews::Saved(Err(e))
                | KeychainNews::Deleted(Err(e)) => e.to_string(),
            };
        }
    }

    /// Waits for pending keychain answers (tests).
    pub fn wait_keychain(&mut self, timeout: std::time::Duration) {
        if let Ok(news) = self.keychain.1.recv_timeout(timeout) {
            let _ = self.keychain.0.send(news);
        }
        self.poll_keychain();
    }

    /// Sets the key kept in memory (from the settings field or the keychain).
    pub fn set_api_key(&mut self, key: Option<ApiKey>) {
        self.api_key = key;
    }

    /// The key to use and where it comes from: the environment wins over the stored key.
    pub fn effective_key(&self) -> Option<(ApiKey, &'static str)> {
        ApiKey::from_env()
            .map(|k| (k, "DASHSCOPE_API_KEY"))
            .or_else(|| self.api_key.clone().map(|k| (k, "settings")))
    }

    /// The job the current state describes.
    pub fn current_job(&self) -> JobSpec {
        let mut job = JobSpec::new(self.model.id, &self.prompt.prompt);
        job.images = self.inputs.slots.iter().map(|s| s.to_job_image()).collect();
        job.params = self
            .prompt
            .params(self.model, !self.inputs.slots.is_empty());
        job.mode = self.prompt.mode(self.model);
        job
    }

    /// `Ok` when the job may start; otherwise the first reason it cannot.
    pub fn can_run(&self) -> Result<(), String> {
        if self
            .inputs
            .slots
            .iter()
            .any(|s| matches!(s.state, SlotState::Loading))
        {
            return Err("wait: images are still loading".into());
        }
        if let Some((i, s)) = self
            .inputs
            .slots
            .iter()
            .enumerate()
            .find(|(_, s)| matches!(s.state, SlotState::Refused(_)))
        {
            let why = match &s.state {
                SlotState::Refused(w) => w.clone(),
                _ => String::new(),
            };
            return Err(format!("image {} cannot be used: {why}; remove it", i + 1));
        }
        let problems = validate(&self.current_job());
        if let Some(p) = problems.first() {
            return Err(p.0.clone());
        }
        self.settings.endpoint.base_url()?;
        if self.effective_key().is_none() {
            return Err("no API key: enter one in Settings or set DASHSCOPE_API_KEY".into());
        }
        Ok(())
    }

    /// Starts the current job (frozen now) on the runtime; returns its id.
    pub fn run(&mut self) -> Result<u64, String> {
        self.can_run()?;
        let base = self.settings.endpoint.base_url()?;
        let (key, _) = self.effective_key().ok_or("no API key")?;
        let client = Client::new(&base, key, self.timing.clone()).map_err(|e| e.to_string())?;
        let job = self.current_job();
        let out_dir = self.settings.out_dir.clone();
        let id = self
            .queue
            .start(client, job.clone(), LocalImages::Auto, out_dir.clone());
        let inputs = self
            .inputs
            .slots
            .iter()
            .map(|s| s.ready().and_then(|r| r.preview.clone()))
            .collect::<Vec<_>>();
        self.jobs.insert(
            0,
            JobView {
                id,
                spec: job,
                input_textures: vec![None; inputs.len()],
                inputs,
                started: std::time::Instant::now(),
                finished: None,
                status: JobStatus::Queued,
                task_id: None,
                request_id: None,
                usage: None,
                images: Vec::new(),
                texts: Vec::new(),
                notices: Vec::new(),
                out_dir,
                history_id: None,
                download_failures: 0,
                resumable: false,
            },
        );
        Ok(id)
    }

    pub fn cancel(&mut self, id: u64) {
        self.queue.cancel(id);
    }

    /// Starts building the current request as a curl command (key as `$DASHSCOPE_API_KEY`) on
    /// the runtime, exactly as it would be sent; the result is copied to the clipboard when it
    /// arrives (see [`WanEditApp::poll_curl`]). A second request while one is building is
    /// ignored.
    pub fn start_curl(&mut self) {
        if self.curl_pending.is_some() {
            return;
        }
        let base = match self.settings.endpoint.base_url() {
            Ok(b) => b,
            Err(e) => {
                self.message = Some(e);
                return;
            }
        };
        let mut job = self.current_job();
        let (tx, rx) = channel();
        let repaint = self.repaint.clone();
        self.runtime.spawn(async move {
            let r = jobs::plan_only(&mut job)
                .await
                .map(|plan| request::to_curl(&plan, &base))
                .map_err(|e| e.to_string());
            let _ = tx.send(r);
            repaint();
        });
        self.curl_pending = Some(rx);
        self.message = Some("building the request as curl…".into());
    }

    /// Whether a copy-as-curl is being built.
    pub fn curl_building(&self) -> bool {
        self.curl_pending.is_some()
    }

    /// Theme and zoom: the choice from settings is applied when it changes; Ctrl+plus/minus
    /// (egui's own shortcuts) change the zoom, which settings then remember.
    fn apply_look(&mut self, ctx: &egui::Context) {
        if self.applied_theme != Some(self.settings.theme) {
            theme::apply(ctx, self.settings.theme);
            self.applied_theme = Some(self.settings.theme);
        }
        let zoom = ctx.zoom_factor();
        let clamped = zoom.clamp(*theme::ZOOM_RANGE.start(), *theme::ZOOM_RANGE.end());
        if clamped != zoom {
            ctx.set_zoom_factor(clamped);
        }
        self.settings.ui_zoom = clamped;
    }

    fn poll_curl(&mut self, ctx: &egui::Context) {
        let Some(rx) = &self.curl_pending else {
            return;
        };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the request could not be built".to_string())
            }
        };
        self.curl_pending = None;
        match result {
            Ok(c) => {
                ctx.copy_text(c.clone());
                self.last_curl = Some(c);
                self.message =
                    Some("request copied as curl (the key appears as $DASHSCOPE_API_KEY)".into());
            }
            Err(e) => self.message = Some(e),
        }
    }

    fn poll_jobs(&mut self) {
        for m in self.queue.poll() {
            match m {
                JobMessage::Started(id) => {
                    if let Some(j) = self.jobs.iter_mut().find(|j| j.id == id) {
                        j.status = JobStatus::Working("starting".into());
                    }
                }
                JobMessage::Event(id, e) => {
                    if let Some(j) = self.jobs.iter_mut().find(|j| j.id == id) {
                        j.event(e);
                    }
                }
                JobMessage::CancelRefused(id) => {
                    self.message = Some(format!(
                        "job {id}: the task is already running on the service and cannot be cancelled; its result will still arrive"
                    ));
                }
                JobMessage::Finished(id, r) => {
                    self.history.refresh();
                    if let Some(j) = self.jobs.iter_mut().find(|j| j.id == id) {
                        j.finish(r);
                        self.results.load_results(&self.runtime, &self.repaint, j);
                        if !j.images.is_empty() {
                            self.selected_result = Some((id, 0));
                            self.tab = CentralTab::Compare;
                            self.compare.view.fitted = true;
                        }
                    }
                }
            }
        }
        self.results.poll(&mut self.jobs);
    }

    /// Waits until no job is running (tests); `false` on timeout.
    pub fn wait_jobs(&mut self, timeout: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            self.poll_jobs();
            if !self.jobs.iter().any(|j| j.is_active()) {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// `bbox_list` of the current inputs, as the request will carry it.
    pub fn bbox_list(&self) -> Vec<Vec<[u32; 4]>> {
        self.inputs.bbox_list()
    }

    fn commit_boxes(&mut self) {
        self.undo.add_undo(&self.inputs.box_state());
    }

    pub fn undo(&mut self) {
        let current = self.inputs.box_state();
        if let Some(prev) = self.undo.undo(&current).cloned() {
            self.inputs.restore_boxes(&prev);
            self.canvas.selected = None;
        }
    }

    pub fn redo(&mut self) {
        let current = self.inputs.box_state();
        if let Some(next) = self.undo.redo(&current).cloned() {
            self.inputs.restore_boxes(&next);
            self.canvas.selected = None;
        }
    }

    fn open_dialog(&mut self) {
        let (tx, rx) = channel();
        self.dialog = Some(rx);
        self.runtime.spawn(async move {
            let files = rfd::AsyncFileDialog::new()
                .set_title("Add images")
                .add_filter(
                    "Images",
                    &["jpg", "jpeg", "png", "bmp", "webp", "gif", "tif", "tiff"],
                )
                .pick_files()
                .await
                .unwrap_or_default();
            let _ = tx.send(files.into_iter().map(|f| f.path().to_path_buf()).collect());
        });
    }

    fn texture_for(&mut self, ctx: &egui::Context, index: usize) -> Option<TextureHandle> {
        let slot = self.inputs.slots.get(index)?;
        let ready = slot.ready()?;
        if let Some((generation, tex)) = self.textures.get(&slot.id)
            && *generation == ready.generation
        {
            return Some(tex.clone());
        }
        let preview = ready.preview.as_ref()?;
        let image = egui::ColorImage::from_rgba_unmultiplied(
            [preview.width as usize, preview.height as usize],
            &preview.rgba,
        );
        let tex = ctx.load_texture(format!("input-{}", slot.id), image, TextureOptions::LINEAR);
        self.textures
            .insert(slot.id, (ready.generation, tex.clone()));
        Some(tex)
    }

    fn handle_global_input(&mut self, ctx: &egui::Context) {
        // Files dropped on the window, images pasted from the clipboard.
        let (dropped, pasted, undo, redo) = ctx.input(|i| {
            let dropped: Vec<PathBuf> = i
                .raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect();
            let pasted: Vec<Arc<egui::ColorImage>> = i
                .events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::PasteImage(img) => Some(img.clone()),
                    _ => None,
                })
                .collect();
            let cmd = i.modifiers.command;
            let undo = cmd && !i.modifiers.shift && i.key_pressed(egui::Key::Z);
            let redo = cmd
                && ((i.modifiers.shift && i.key_pressed(egui::Key::Z))
                    || i.key_pressed(egui::Key::Y));
            (dropped, pasted, undo, redo)
        });
        if !dropped.is_empty() {
            self.add_paths(dropped);
        }
        if !pasted.is_empty() {
            let dir = self.paste_dir.clone();
            self.add(
                pasted
                    .into_iter()
                    .map(|image| NewInput::Pasted {
                        image,
                        dir: dir.clone(),
                    })
                    .collect(),
            );
        }
        if !ctx.text_edit_focused() {
            if undo {
                self.undo();
            } else if redo {
                self.redo();
            }
        }
        if let Some(rx) = &self.dialog
            && let Ok(paths) = rx.try_recv()
        {
            self.dialog = None;
            self.add_paths(paths);
        }
    }

    fn toolbar(&mut self, ui: &mut egui::Ui) {
        let current = self.inputs.box_state();
        let view = panels::toolbar::ToolbarView {
            model: self.model,
            can_undo: self.undo.has_undo(&current),
            can_redo: self.undo.has_redo(&current),
        };
        use panels::toolbar::ToolbarAction as A;
        match panels::toolbar::show(ui, &mut self.toolbar, &view) {
            Some(A::PickModel(m)) => self.set_model(m),
            Some(A::AddFiles) => self.open_dialog(),
            Some(A::AddUrl(url)) => self.add(vec![NewInput::Url(url)]),
            Some(A::Refused(sentence)) => self.message = Some(sentence),
            Some(A::Undo) => self.undo(),
            Some(A::Redo) => self.redo(),
            None => {}
        }
    }

    fn strip(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let textures: Vec<Option<TextureHandle>> = (0..self.inputs.slots.len())
            .map(|i| self.texture_for(&ctx, i))
            .collect();
        use panels::strip::StripAction as A;
        match panels::strip::show(ui, &self.inputs.slots, &textures, self.selected) {
            Some(A::Select(i)) => self.selected = i,
            Some(A::Reorder { from, to }) => self.reorder(from, to),
            Some(A::Remove(i)) => self.remove(i),
            None => {}
        }
    }

    /// Moves image `from` to position `to`; its number changes with it.
    pub fn reorder(&mut self, from: usize, to: usize) {
        let sel_id = self.inputs.slots.get(self.selected).map(|s| s.id);
        self.inputs.reorder(from, to);
        if let Some(id) = sel_id {
            self.selected = self
                .inputs
                .slots
                .iter()
                .position(|s| s.id == id)
                .unwrap_or(0);
        }
    }

    pub fn remove(&mut self, index: usize) {
        self.inputs.remove(index);
        if self.selected >= self.inputs.slots.len() {
            self.selected = self.inputs.slots.len().saturating_sub(1);
        }
        self.commit_boxes();
    }

    fn readout(&mut self, ui: &mut egui::Ui) {
        let ready = self.inputs.slots.get(self.selected).and_then(|s| s.ready());
        let view = panels::readout::ReadoutView {
            number: self.selected + 1,
            has_image: self.selected < self.inputs.slots.len(),
            size: ready.map(|r| (r.facts.width, r.facts.height)),
            repairs: ready
                .map(|r| r.repairs.iter().map(|x| x.to_string()).collect())
                .unwrap_or_default(),
            boxes_unsupported: self.model.boxes_unsupported_reason(),
            bbox_list: serde_json::to_string(&self.bbox_list()).unwrap_or_default(),
        };
        let boxes = self
            .inputs
            .slots
            .get_mut(self.selected)
            .map(|s| &mut s.boxes);
        match panels::readout::show(ui, boxes, &view) {
            Some(panels::readout::ReadoutAction::Deleted(_)) => {
                self.canvas.selected = None;
                self.commit_boxes();
            }
            Some(panels::readout::ReadoutAction::Edited) => self.commit_boxes(),
            None => {}
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let Some(slot) = self.inputs.slots.get(self.selected) else {
            ui.centered_and_justified(|ui| {
                ui.label(RichText::new("Drop up to 9 images here, paste one (Ctrl+V), or use Add images…\nImage 1, image 2 … follow the order of the strip above: that is how the prompt refers to them.").size(16.0).weak());
            });
            return;
        };
        let (id, state) = (slot.id, slot.state.clone());
        match state {
            SlotState::Loading => {
                ui.centered_and_justified(|ui| ui.spinner());
            }
            SlotState::Refused(why) => {
                ui.centered_and_justified(|ui| {
                    ui.label(
                        RichText::new(format!("Image {} cannot be used: {why}", self.selected + 1))
                            .color(theme::error(ui)),
                    );
                });
            }
            SlotState::Ready(ready) => {
                let tex = self.texture_for(&ctx, self.selected);
                let reason = self.model.boxes_unsupported_reason();
                let image = CanvasImage {
                    id,
                    number: self.selected + 1,
                    width: ready.facts.width,
                    height: ready.facts.height,
                    texture: tex.as_ref(),
                    boxes_disabled: reason.as_deref(),
                };
                // Shortcuts: F fits, 1 shows 1:1 (when no text field has the keyboard).
                if !ctx.text_edit_focused() {
                    let (fit, one) = ctx
                        .input(|i| (i.key_pressed(egui::Key::F), i.key_pressed(egui::Key::Num1)));
                    if fit {
                        self.canvas.view.fitted = true;
                    }
                    if one {
                        let ppp = ctx.pixels_per_point();
                        self.canvas.view.zoom = 1.0 / ppp;
                        self.canvas.view.fitted = false;
                    }
                }
                let mut boxes = self.inputs.slots[self.selected].boxes.clone();
                let out = canvas::show(ui, &mut self.canvas, &image, &mut boxes);
                self.inputs.slots[self.selected].boxes = boxes;
                if out.committed {
                    self.commit_boxes();
                }
                if let Some(msg) = out.refused {
                    self.message = Some(msg);
                }
            }
        }
    }
}

/// What the window keeps between runs (eframe storage). The API key is not part of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Persisted {
    pub settings: Settings,
    pub prompt: PromptState,
    pub model: String,
}

pub const STORAGE_KEY: &str = "wanedit";

impl WanEditApp {
    pub fn persisted(&self) -> Persisted {
        Persisted {
            settings: self.settings.clone(),
            prompt: self.prompt.clone(),
            model: self.model.id.to_string(),
        }
    }

    /// Restores what [`Self::persisted`] saved (an unknown model falls back to the default).
    pub fn restore(&mut self, p: Persisted) {
        // The environment's base URL, when set, wins over the remembered one.
        if std::env::var("DASHSCOPE_HTTP_BASE_URL").is_err() {
            self.settings = p.settings;
        } else {
            self.settings.out_dir = p.settings.out_dir;
        }
        self.prompt = p.prompt;
        if let Some(m) = ModelSpec::find(&p.model) {
            self.set_model(m);
        }
    }
}

impl eframe::App for WanEditApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.persisted());
    }
}

impl WanEditApp {
    /// One frame of the whole window (also what the UI tests drive).
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.inputs.poll();
        self.poll_jobs();
        self.poll_keychain();
        self.history.poll(&ctx);
        self.poll_resume();
        self.poll_rerun();
        self.poll_news();
        self.poll_curl(&ctx);
        self.apply_look(&ctx);
        self.handle_global_input(&ctx);
        if self.jobs.iter().any(|j| j.is_active()) {
            // Elapsed time ticks while something runs.
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
        egui::Panel::top("inputs").show(ui, |ui| self.strip(ui));
        egui::Panel::bottom("status").show(ui, |ui| {
            let text = self.message.clone().unwrap_or_else(|| {
                format!(
                    "{} image(s) · {} · drag to draw a box, wheel to zoom, middle-drag or Space+drag to pan, F to fit, 1 for 1:1, Delete removes the selected box",
                    self.inputs.slots.len(),
                    self.model.id
                )
            });
            ui.label(text);
        });
        egui::Panel::left("prompt")
            .default_size(320.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let can_run = self.can_run();
                    let has_images = !self.inputs.slots.is_empty();
                    let building_curl = self.curl_building();
                    match self
                        .prompt
                        .show(ui, self.model, has_images, can_run, building_curl)
                    {
                        PromptAction::Run => {
                            if let Err(e) = self.run() {
                                self.message = Some(e);
                            }
                        }
                        PromptAction::CopyCurl => self.start_curl(),
                        PromptAction::None => {}
                    }
                    ui.separator();
                    self.settings_ui(ui);
                });
            });
        egui::Panel::bottom("results")
            .default_size(210.0)
            .min_size(190.0)
            .resizable(true)
            .show(ui, |ui| self.results_ui(ui));
        egui::Panel::right("readout")
            .default_size(260.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.readout(ui));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.tab, CentralTab::Canvas, "Canvas");
                ui.selectable_value(&mut self.tab, CentralTab::Compare, "Compare");
                ui.selectable_value(&mut self.tab, CentralTab::History, "History");
            });
            match self.tab {
                CentralTab::Canvas => self.central(ui),
                CentralTab::Compare => self.compare_ui(ui),
                CentralTab::History => self.history_ui(ui),
            }
        });
    }

    fn settings_ui(&mut self, ui: &mut egui::Ui) {
        let view = panels::settings::SettingsView {
            key_source: self.effective_key().map(|(_, s)| s),
            keychain_state: &self.keychain_state,
            has_key: self.api_key.is_some(),
        };
        use panels::settings::SettingsAction as A;
        match panels::settings::show(ui, &mut self.settings, &mut self.settings_panel, &view) {
            Some(A::StoreKey(k)) => self.store_key(k),
            Some(A::ForgetKey) => self.forget_key(),
            Some(A::Zoom(z)) => ui.ctx().set_zoom_factor(z),
            None => {}
        }
    }

    fn results_ui(&mut self, ui: &mut egui::Ui) {
        let history = &self.history;
        let action = panels::results::show(ui, &mut self.jobs, &|hid| history.get(hid).is_some());
        use panels::results::ResultsAction as A;
        match action {
            Some(A::Cancel(id)) => self.cancel(id),
            Some(A::FetchAgain(hid)) => {
                if let Err(m) = self.fetch_again(&hid) {
                    self.message = Some(m);
                }
            }
            Some(A::Resume(task)) => self.resume_from_disk(Some(task)),
            Some(A::Show { job, index }) => {
                self.selected_result = Some((job, index));
                self.tab = CentralTab::Compare;
                self.compare.view.fitted = true;
            }
            Some(A::UseAsInput(p)) => self.add_paths(vec![p]),
            Some(A::SaveAll { job, files }) => save_all_dialog(
                &self.runtime,
                files,
                job,
                self.news.0.clone(),
                self.repaint.clone(),
            ),
            None => {}
        }
    }

    fn compare_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let Some((job_id, index)) = self.selected_result else {
            ui.label(
                RichText::new("Run a job and pick a result to compare it with its input.").weak(),
            );
            return;
        };
        let Some(j) = self.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        ui.horizontal(|ui| {
            let l = ui.label("Before");
            let n = j.inputs.len();
            egui::ComboBox::from_id_salt("before")
                .selected_text(if n == 0 {
                    "no input".to_string()
                } else {
                    format!("image {}", self.compare.before.min(n - 1) + 1)
                })
                .show_ui(ui, |ui| {
                    for k in 0..n {
                        ui.selectable_value(
                            &mut self.compare.before,
                            k,
                            format!("image {}", k + 1),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
            let path = j.images.get(index).map(|i| i.path.clone());
            if let Some(path) = path {
                if ui.button("Save as…").clicked() {
                    save_as(
                        &self.runtime,
                        path.clone(),
                        self.news.0.clone(),
                        self.repaint.clone(),
                    );
                }
                if ui.button("Copy image").clicked()
                    && let Some(p) = j.images.get(index).and_then(|i| i.preview.clone())
                {
                    ctx.copy_image(egui::ColorImage::from_rgba_unmultiplied(
                        [p.width as usize, p.height as usize],
                        &p.rgba,
                    ));
                }
                if ui.button("Use as input").clicked() {
                    self.message = None;
                    let p = path.clone();
                    // Borrow of `j` ends before adding.
                    self.selected_result = Some((job_id, index));
                    self.tab = CentralTab::Canvas;
                    return_use_as_input(&mut self.inputs, p, self.model, &mut self.message);
                    return;
                }
                if ui.button("Open folder").clicked()
                    && let Err(e) = open_folder(&j.out_dir)
                {
                    self.message = Some(e);
                }
                // Truncated: a long path must not widen the view past the window.
                let full = path.display().to_string();
                ui.add(egui::Label::new(RichText::new(&full).small().weak()).truncate())
                    .on_hover_text(full);
            }
        });
        let before_idx = self.compare.before.min(j.inputs.len().saturating_sub(1));
        if let (Some(None), Some(Some(p))) =
            (j.input_textures.get(before_idx), j.inputs.get(before_idx))
        {
            let t = results::texture(&ctx, format!("before-{}-{before_idx}", j.id), p);
            j.input_textures[before_idx] = Some(t);
        }
        let before = j
            .input_textures
            .get(before_idx)
            .and_then(|t| t.as_ref())
            .zip(j.inputs.get(before_idx).and_then(|p| p.as_ref()))
            .map(|(t, p)| (t, (p.width, p.height)));
        let Some(img) = j.images.get(index) else {
            return;
        };
        let (Some(t), Some(size)) = (&img.texture, img.size) else {
            ui.spinner();
            return;
        };
        if self.compare.key != Some((job_id, index)) {
            self.compare.key = Some((job_id, index));
            self.compare.view.fitted = true;
        }
        results::compare(ui, &mut self.compare, before, (t, size));
    }
}

fn return_use_as_input(
    inputs: &mut Inputs,
    path: PathBuf,
    model: &'static ModelSpec,
    message: &mut Option<String>,
) {
    if let Some(m) = inputs.add(vec![NewInput::File(path)], model) {
        *message = Some(m);
    }
}

/// Asks where to save a result and writes it there in the chosen format (PNG, JPEG, WebP by
/// the extension), off the UI thread.
fn save_as(
    runtime: &tokio::runtime::Handle,
    source: PathBuf,
    news: std::sync::mpsc::Sender<News>,
    repaint: Arc<dyn Fn() + Send + Sync>,
) {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "result.png".into());
    runtime.spawn(async move {
        let Some(target) = rfd::AsyncFileDialog::new()
            .set_file_name(&name)
            .add_filter("PNG", &["png"])
            .add_filter("JPEG", &["jpg", "jpeg"])
            .add_filter("WebP", &["webp"])
            .save_file()
            .await
        else {
            return;
        };
        let target = target.path().to_path_buf();
        let said = match tokio::task::spawn_blocking(move || save_converted(&source, &target)).await
        {
            Ok(Ok(p)) => format!("saved {}", p.display()),
            Ok(Err(e)) => e,
            Err(e) => format!("saving stopped: {e}"),
        };
        let _ = news.send((said, None));
        repaint();
    });
}

fn save_all_dialog(
    runtime: &tokio::runtime::Handle,
    files: Vec<PathBuf>,
    job: u64,
    news: std::sync::mpsc::Sender<News>,
    repaint: Arc<dyn Fn() + Send + Sync>,
) {
    runtime.spawn(async move {
        let Some(dir) = rfd::AsyncFileDialog::new()
            .set_title("Save all results into…")
            .pick_folder()
            .await
        else {
            return;
        };
        let dir = dir.path().to_path_buf();
        let target = dir.clone();
        let said = match tokio::task::spawn_blocking(move || {
            save_all(&files, &dir, &format!("wanedit-job{job}"))
        })
        .await
        {
            Ok(Ok(saved)) => format!("saved {} results into {}", saved.len(), target.display()),
            Ok(Err(e)) => e,
            Err(e) => format!("saving stopped: {e}"),
        };
        let _ = news.send((said, None));
        repaint();
    });
}

pub use crate::jobs::export::{save_all, save_converted};

/// Opens a folder in the system's file manager; says why not when it cannot.
fn open_folder(dir: &std::path::Path) -> Result<(), String> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(dir)
        .spawn()
        .map(|_| ())
        .map_err(|e| {
            format!(
                "could not open {} ({opener}: {e}); open it in your file manager",
                dir.display()
            )
        })
}

/// Opens the window with `preload` images and blocks until it is closed.
pub fn run(preload: Vec<PathBuf>) -> Result<(), eframe::Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| eframe::Error::AppCreation(Box::new(e)))?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("wanedit")
            .with_inner_size([1400.0, 900.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "wanedit",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            theme::install(&cc.egui_ctx);
            let mut app = WanEditApp::new(runtime.handle().clone(), &cc.egui_ctx);
            app._own_runtime = Some(runtime);
            if let Some(p) = cc
                .storage
                .and_then(|s| eframe::get_value::<Persisted>(s, STORAGE_KEY))
            {
                app.restore(p);
            }
            cc.egui_ctx.set_zoom_factor(app.settings.ui_zoom);
            app.load_key_from_keychain();
            app.add_paths(preload);
            Ok(Box::new(app))
        }),
    )
}
