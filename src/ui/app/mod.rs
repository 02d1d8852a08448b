//! The app: the window's state and the engine's door. Everything the window wants done goes in
//! through the door as a command; everything the engine reports (job events, loaded images,
//! decoded results, history, keychain, dialog answers) arrives in one inbox, drained in
//! [`eframe::App::logic`]. Each frame lays out the panels and dispatches what they return.
//! Split by concern: inbox.rs (the one inbox and where each message goes), keys.rs (the
//! keychain), session.rs (running, cancelling, copy as curl, job events), layout.rs (the frame
//! and the panels' places), history_actions.rs (resume, reopen, re-run, fetch again), files.rs
//! (save dialogs, opening folders).

mod batch_tab;
mod compare_header;
mod compare_tab;
mod composer;
mod detail;
mod files;
mod focus;
mod frame_parts;
mod history_actions;
mod inbox;
mod keys;
mod layout;
mod session;
mod undo;

pub use composer::{KeptComposer, KeptInput, StartNotice};
pub use inbox::Inbound;
pub use keys::KeyCheckState;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use egui::util::undoer::Undoer;

use egui::TextureHandle;

use super::dialogs::{Dialogs, Picked};
use super::inputs::{Inputs, NewInput, ReadyImage, RestoredInput};
use super::panels::history::HistoryPanel;
use super::panels::picker::{PickerAction, PickerState};
use super::panels::prompt::PromptState;
use super::results::{JobView, ResultLoader};
use super::widgets::canvas::CanvasState;
use super::widgets::compare::CompareState;
use crate::api::catalog::{MODELS, ModelSpec};
use crate::api::client::{ApiKey, Timing};
use crate::api::job::BBox;
use crate::jobs::door::Door;
use crate::jobs::post::{Inbox, Post};
use crate::jobs::record::Recorder;
use crate::jobs::work::files::FilesCommand;
use crate::store::history::HistoryEntry;
use crate::store::journal::JournalEntry;

use super::{panels, theme};

/// Which view the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CentralTab {
    Canvas,
    Compare,
    History,
    Batch,
}

pub use crate::store::settings::Settings;

type BoxState = Vec<(u64, Vec<BBox>)>;

/// Keyboard nudges less than this many seconds apart are one undo step.
pub const NUDGES_SETTLE: f64 = 0.8;

/// A journaled task with its history entry (when it has one).
type ToResume = (JournalEntry, Option<HistoryEntry>);

/// The application state behind the window.
pub struct WanEditApp {
    /// The engine's door: the one way work leaves the window.
    door: Door,
    pub inputs: Inputs,
    /// Index of the image shown on the canvas.
    pub selected: usize,
    pub canvas: CanvasState,
    pub model: &'static ModelSpec,
    undo: Undoer<BoxState>,
    /// Images taken out by Remove, newest last, for Undo to put back.
    removed: Vec<undo::RemovedStep>,
    /// What Redo does next, newest last: a box edit, a removal or a Reopen undone. Emptied
    /// by any new edit.
    redo: Vec<undo::Redo>,
    /// The box state last committed to the undo history.
    last_boxes: Option<BoxState>,
    /// When the last keyboard nudge of a box was (egui time): nudges in quick succession are
    /// one undo step, made once they have stopped for [`NUDGES_SETTLE`].
    nudged_at: Option<f64>,
    /// The shortcut sheet (F1 or ?) is open.
    pub shortcut_sheet: bool,
    /// The language the window was last set to (a change in Settings applies at once).
    applied_language: Option<crate::i18n::Lang>,
    /// This app is the window's (made by [`WanEditApp::new`]), not a test's.
    is_the_window: bool,
    toolbar: panels::toolbar::ToolbarState,
    /// The latest sentence for the status line (until it goes: a language change, an action
    /// that makes it stale)…
    pub message: Option<Status>,
    /// …and everything said in this run, a click away.
    pub notifications: crate::ui::notifications::Notifications,
    textures: HashMap<u64, (u64, TextureHandle)>,
    /// The strip's thumbnails, by slot id.
    thumbs: HashMap<u64, (u64, TextureHandle)>,
    /// The image on screen's real pixels (tiles) where the preview would be magnified.
    tiles: crate::ui::tiles::TileLayer,
    /// The compare view's real pixels: before, after.
    compare_tiles: [crate::ui::tiles::TileLayer; 2],
    /// The file dialog is open (its answer arrives as [`Inbound::Picked`]).
    dialog_open: bool,
    /// The window's own file picker.
    pub picker: PickerState,
    /// The welcome steps were skipped for this run.
    pub welcome_skipped: bool,
    /// The key step is shown in place of the images (the bar's "Set up the key"), until the
    /// key is valid or the designer goes back.
    pub key_step_open: bool,
    /// Keeps the composer in the data folder while this window owns it (composer.rs).
    keeper: Option<composer::Keeper>,
    /// While DASHSCOPE_HTTP_BASE_URL is in use: its endpoint, and the one the settings
    /// remembered (saved back in its place).
    env_endpoint: Option<(crate::api::region::Endpoint, crate::api::region::Endpoint)>,
    /// What the start found (a composer put back after a crash, a crash report), said above
    /// the canvas until dismissed.
    pub start_notice: Option<StartNotice>,
    /// wanedit's data folder (pasted images, samples, history).
    data_dir: PathBuf,
    paste_dir: PathBuf,
    pub prompt: PromptState,
    pub settings: Settings,
    /// A key typed in (or read from the keychain); `DASHSCOPE_API_KEY` wins when set.
    api_key: Option<ApiKey>,
    settings_panel: panels::settings::SettingsState,
    /// Poll and retry timing (tests make it fast).
    pub timing: Timing,
    pub jobs: Vec<JobView>,
    results: ResultLoader,
    pub compare: CompareState,
    /// (job id, image index) shown in the compare view.
    pub selected_result: Option<(u64, usize)>,
    pub tab: CentralTab,
    /// Where everything on the runtime reports to (mapped into each part's own messages)…
    post: Post<Inbound>,
    /// …and where the frame reads it.
    inbox: Inbox<Inbound>,
    /// Where the stored key stands, for the settings panel.
    pub keychain_state: String,
    /// The free key check: whether one is running, and what the last one found.
    pub key_check: KeyCheckState,
    /// The (base URL, key fingerprint) checked last: a change of key or region checks again,
    /// quietly. The fingerprint is a hash kept in memory only.
    checked_for: Option<(String, u64)>,
    /// Key checks sent and not answered yet: a quiet one may still be out when the user asks
    /// for one, and "checking" lasts until the last has answered.
    key_checks_out: usize,
    /// Check the key quietly whenever it or the region changes (on by default).
    pub auto_key_check: bool,
    /// Whether the system keychain answered (None: not asked yet); without one the key is kept
    /// for this run only, and the welcome says so.
    pub keychain_works: Option<bool>,
    /// The key held is the keychain's (else one kept for this run only).
    pub key_stored: bool,
    /// The key held was typed into this window (it then wins over DASHSCOPE_API_KEY).
    pub key_typed: bool,
    /// A save the window's own picker is asking about.
    pending_save: Option<files::PendingSave>,
    /// The folder the window's own picker last saved into.
    saved_into: Option<PathBuf>,
    /// The base URL field has the keyboard (this frame).
    typing: bool,
    /// What the keychain last said, to say again in another language.
    keychain_last: Option<keys::KeychainSaid>,
    /// Whether the system keychain is used (the window: yes; UI tests: no, so that they never
    /// touch a real keychain).
    pub use_keychain: bool,
    pub history: HistoryPanel,
    /// Tasks left open by an earlier run are resumed once a key is known.
    resume_pending: bool,
    /// A reopened job runs as soon as its images are loaded (History → Re-run).
    pub rerun_when_loaded: bool,
    /// Copy-as-curl is being built on the runtime (reading, preparing and encoding every input
    /// takes seconds for nine large files: the window keeps drawing meanwhile).
    curl_pending: bool,
    /// Text for the clipboard (copied where the frame has the context).
    to_clipboard: Option<String>,
    /// A result decoded at full size, put on the clipboard at the next frame.
    pub image_to_clipboard: Option<egui::ColorImage>,
    /// The request last copied as curl (what the clipboard got).
    pub last_curl: Option<String>,
    /// The theme last applied (applied again when settings change it).
    applied_theme: Option<theme::ThemeChoice>,
    /// The Batch tab.
    pub batch: panels::batch::BatchPanel,
    /// The Settings → Prices fields (price per image, currency) as typed.
    pub price_field: (String, String),
    /// The batch folders noted at start were looked at.
    batches_looked: bool,
    /// When the batch folders were last read while the Batch tab was shown, and whether a
    /// read is under way: a batch started by another wanedit (or the command line) after
    /// this window opened appears, and one run elsewhere shows its progress.
    batches_read_at: Option<std::time::Instant>,
    batches_reading: bool,
    /// The batches this window runs (or waits to take over), by folder, as their news say.
    batches_here: std::collections::HashSet<PathBuf>,
    /// The process was asked to end: the window closes as its close button would.
    close_asked: bool,
}

pub use crate::ui::notifications::Status;

impl WanEditApp {
    /// Puts news on the status line (and in the notifications).
    pub fn say(&mut self, text: impl Into<String>) {
        self.tell(Status {
            text: text.into(),
            problem: false,
        });
    }

    /// Puts a problem on the status line (and in the notifications): what failed and what
    /// to do.
    pub fn problem(&mut self, text: impl Into<String>) {
        self.tell(Status {
            text: text.into(),
            problem: true,
        });
    }

    fn tell(&mut self, status: Status) {
        self.notifications
            .push(status.clone(), crate::ui::notifications::clock_now());
        self.message = Some(status);
    }

    /// The status line's text (tests).
    pub fn status_text(&self) -> Option<&str> {
        self.message.as_ref().map(|m| m.text.as_str())
    }
}

pub use crate::jobs::work::system::KeychainNews;

impl WanEditApp {
    /// The window's app: its engine on a runtime of its own, whose news wake `ctx`; the
    /// system's keychain; SIGTERM closes the window as its close button would.
    pub fn new(ctx: &egui::Context) -> std::io::Result<Self> {
        let c = ctx.clone();
        let data_dir = crate::store::journal::data_dir();
        let (post, inbox) = crate::jobs::post::inbox(Arc::new(move || c.request_repaint()));
        let door = Door::open_own(Recorder::at(&data_dir), post.map(Inbound::Engine))?;
        let mut app = Self::with_door(door, (post, inbox), data_dir);
        app.use_keychain = true;
        app.is_the_window = true;
        app.door
            .send(crate::jobs::work::system::SystemCommand::OnTerminate(
                app.post.map(|()| Inbound::Terminate),
            ));
        Ok(app)
    }

    /// An app whose engine works on `runtime`; `repaint` is how its news wake the UI. History
    /// and the task journal live in `data_dir`.
    pub fn with_repaint(
        runtime: tokio::runtime::Handle,
        repaint: Arc<dyn Fn() + Send + Sync>,
        data_dir: PathBuf,
    ) -> Self {
        let (post, inbox) = crate::jobs::post::inbox(repaint);
        let door = Door::open(&runtime, Recorder::at(&data_dir), post.map(Inbound::Engine));
        Self::with_door(door, (post, inbox), data_dir)
    }

    fn with_door(
        door: Door,
        (post, inbox): (Post<Inbound>, Inbox<Inbound>),
        data_dir: PathBuf,
    ) -> Self {
        let mut undo = Undoer::default();
        undo.add_undo(&Vec::new());
        let recorder = Recorder::at(&data_dir);
        let mut history = HistoryPanel::new(
            recorder.history.clone(),
            door.clone(),
            post.map(Inbound::History),
        );
        history.refresh();
        // The HTTP clients read the system's certificates when built: done now, off this
        // thread, so that the first Run or key check does not (see `Client::warm`).
        door.send(crate::jobs::work::system::SystemCommand::Warm);
        let batch = panels::batch::BatchPanel::new(
            door.clone(),
            post.map(|(p, i)| Inbound::BatchThumb(p, i)),
        );
        WanEditApp {
            history,
            batch,
            price_field: Default::default(),
            batches_looked: false,
            batches_read_at: None,
            batches_reading: false,
            resume_pending: true,
            rerun_when_loaded: false,
            inputs: Inputs::new(door.clone(), post.map(Inbound::Input)),
            results: ResultLoader::new(door.clone(), post.map(Inbound::Decoded)),
            tiles: crate::ui::tiles::TileLayer::new(door.clone(), post.map(Inbound::Tiles)),
            compare_tiles: [0, 1].map(|side| {
                crate::ui::tiles::TileLayer::new(
                    door.clone(),
                    post.map(move |n| Inbound::CompareTiles(side, n)),
                )
            }),
            batches_here: Default::default(),
            close_asked: false,
            door,
            post,
            inbox,
            prompt: PromptState::default(),
            settings: Settings::default(),
            api_key: None,
            settings_panel: Default::default(),
            timing: Timing::default(),
            jobs: Vec::new(),
            compare: CompareState::default(),
            selected_result: None,
            tab: CentralTab::Canvas,
            keychain_state: crate::t!("keychain-not-used"),
            key_check: KeyCheckState::default(),
            keychain_works: None,
            key_stored: false,
            key_typed: false,
            pending_save: None,
            saved_into: None,
            typing: false,
            keychain_last: None,
            checked_for: None,
            key_checks_out: 0,
            auto_key_check: true,
            use_keychain: false,
            selected: 0,
            canvas: CanvasState::default(),
            model: &MODELS[0],
            undo,
            removed: Vec::new(),
            redo: Vec::new(),
            last_boxes: None,
            nudged_at: None,
            shortcut_sheet: false,
            applied_language: None,
            is_the_window: false,
            toolbar: Default::default(),
            message: None,
            notifications: Default::default(),
            textures: HashMap::new(),
            thumbs: HashMap::new(),

            dialog_open: false,
            picker: PickerState::default(),
            welcome_skipped: false,
            key_step_open: false,
            keeper: None,
            env_endpoint: None,
            start_notice: None,
            data_dir: data_dir.clone(),
            // wanedit's own folder: a shared temporary one could hold another user's links.
            paste_dir: data_dir.join("pasted"),
            curl_pending: false,
            to_clipboard: None,
            image_to_clipboard: None,
            last_curl: None,
            applied_theme: None,
        }
    }

    /// Adds files, URLs or pasted images at the end of the strip.
    pub fn add(&mut self, new: Vec<NewInput>) {
        if let Some(msg) = self.inputs.add(new, self.model) {
            self.problem(msg);
        }
    }

    /// Whether every real-pixel tile the views on screen need has arrived (none pending): what
    /// the frame-time benchmark waits for after a zoom or pan.
    pub fn real_pixels_complete(&self) -> bool {
        self.tiles.complete() && self.compare_tiles.iter().all(|t| t.complete())
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

    /// The boxes drawn, one list per image in order, in each image's pixels (the request
    /// carries them so unless detail mode moves them into its crop: see the boxes panel).
    pub fn bbox_list(&self) -> Vec<Vec<[u32; 4]>> {
        self.inputs.bbox_list()
    }

    /// Makes the undo step of a run of keyboard nudges once they have stopped for
    /// [`NUDGES_SETTLE`] seconds (`now`: egui's time). Until then, undo goes back to before
    /// the first of them (the undoer's last step is that state).
    pub(super) fn settle_nudges(&mut self, now: f64) {
        if self.nudged_at.is_some_and(|t| now - t >= NUDGES_SETTLE) {
            self.commit_boxes();
        }
    }

    /// Replaces the file dialogs the engine asks (tests).
    pub fn set_dialogs(&mut self, dialogs: Arc<dyn Dialogs>) {
        self.door.send(FilesCommand::UseDialogs(dialogs));
    }

    /// Asks the system's file dialog for images; when it cannot open, the window says why and
    /// opens its own picker (see [`Self::picked`]).
    pub fn open_dialog(&mut self) {
        if self.dialog_open {
            return;
        }
        self.dialog_open = true;
        self.door.send(FilesCommand::Ask {
            question: files::images_question(),
            reply: self.post.map(Inbound::Picked),
        });
    }

    pub(super) fn picked(&mut self, picked: Picked) {
        self.dialog_open = false;
        match picked {
            Picked::Chosen(paths) => self.add_paths(paths),
            Picked::Cancelled => {}
            Picked::Failed(why) => {
                // Not an error: the window's own picker opens, and the work goes on there.
                let why = why.words();
                self.say(crate::t!("images-picker-instead", why = why.as_str()));
                self.open_picker(Some(crate::t!("images-picker-here", why = why.as_str())));
            }
        }
    }

    /// Opens the window's own file picker (on the folder it showed last, else the pictures
    /// folder, else home).
    pub fn open_picker(&mut self, why: Option<String>) {
        let dir = if self.picker.dir.as_os_str().is_empty() {
            directories::UserDirs::new()
                .and_then(|u| {
                    u.picture_dir()
                        .map(PathBuf::from)
                        .or_else(|| Some(u.home_dir().to_path_buf()))
                })
                .unwrap_or_else(|| PathBuf::from("/"))
        } else {
            self.picker.dir.clone()
        };
        let a = self.picker.open_at(dir, why);
        self.on_picker(a);
    }

    pub(super) fn on_picker(&mut self, action: PickerAction) {
        match action {
            PickerAction::List(dir) => self.door.send(FilesCommand::ListDir {
                dir,
                reply: self
                    .post
                    .map(|(dir, listing)| Inbound::Listed(dir, listing)),
            }),
            PickerAction::Add(paths) => {
                self.picker.open = false;
                self.add_paths(paths);
            }
            PickerAction::AddUrl(url) => {
                self.picker.open = false;
                self.add(vec![NewInput::Url(url)]);
            }
            PickerAction::Save(target) => {
                self.picker.open = false;
                let form = self.picker.save.take();
                self.saved_into = Some(match &form {
                    Some(f) if !f.folder_only => target.parent().unwrap_or(&target).to_path_buf(),
                    _ => target.clone(),
                });
                if let Some(mut p) = self.pending_save.take() {
                    // The quality asked in the picker is the one used, and remembered.
                    if let (files::PendingSave::SaveAs { jpeg_quality, .. }, Some(f)) =
                        (&mut p, &form)
                        && f.formats
                    {
                        *jpeg_quality = f.jpeg_quality;
                        self.settings.jpeg_quality = f.jpeg_quality;
                    }
                    self.door.send(FilesCommand::SaveTo {
                        job: p,
                        target,
                        said: self.post.map(Inbound::Saved),
                    });
                }
            }
            PickerAction::Close => {
                self.picker.open = false;
                self.pending_save = None;
            }
        }
    }

    /// Puts the two bundled photos in the strip (written once into the data folder, on the
    /// runtime), with a box and a prompt ready to run.
    pub fn try_sample(&mut self) {
        self.door.send(FilesCommand::WriteOwnFiles {
            dir: self.data_dir.join("samples"),
            files: &super::samples::PHOTOS,
            reply: self.post.map(Inbound::Samples),
        });
    }

    pub(super) fn samples_written(&mut self, written: Result<Vec<PathBuf>, String>) {
        let paths = match written {
            Ok(p) => p,
            Err(e) => return self.problem(e),
        };
        let (index, b) = super::samples::BOX;
        let restored = paths
            .into_iter()
            .enumerate()
            .map(|(i, path)| RestoredInput {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                input: NewInput::File(path),
                boxes: if i == index { vec![b] } else { Vec::new() },
                boxes_frame: (i == index).then_some(super::samples::FRAME),
            })
            .collect();
        self.textures.clear();
        self.inputs.restore(restored, self.model);
        self.selected = index;
        self.canvas = Default::default();
        self.undo = Default::default();
        self.undo.add_undo(&self.inputs.box_state());
        self.prompt.prompt = super::samples::PROMPT.to_string();
        self.tab = CentralTab::Canvas;
        self.say(crate::t!("sample-ready"));
    }

    /// The canvas's texture of image `index`: its full preview. Only the image on the canvas
    /// has one (choosing another frees it); the strip shows [`Self::thumb_for`].
    fn texture_for(&mut self, ctx: &egui::Context, index: usize) -> Option<TextureHandle> {
        let slot = self.inputs.slots.get(index)?;
        // Nearest when magnified: an image no larger than its preview shows crisp pixels.
        let (picture, options) = (|r: &ReadyImage| r.preview.clone(), crate::ui::tiles::PIXELS);
        let only_this = |id: &u64| *id == slot.id;
        slot_texture(
            ctx,
            &mut self.textures,
            slot,
            picture,
            ("input", options),
            only_this,
        )
    }

    /// The strip's texture of image `index` (its thumbnail), kept while the image is.
    fn thumb_for(&mut self, ctx: &egui::Context, index: usize) -> Option<TextureHandle> {
        let slot = self.inputs.slots.get(index)?;
        let live: std::collections::HashSet<u64> = self.inputs.slots.iter().map(|s| s.id).collect();
        let picture = |r: &ReadyImage| r.thumb.clone();
        let options = egui::TextureOptions::LINEAR;
        let still_there = |id: &u64| live.contains(id);
        slot_texture(
            ctx,
            &mut self.thumbs,
            slot,
            picture,
            ("thumb", options),
            still_there,
        )
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
        let mut settings = self.settings.clone();
        // The region the designer chose stays remembered while the environment's base URL is
        // in use (unless they chose another in the window meanwhile).
        if let Some((env, chosen)) = &self.env_endpoint
            && settings.endpoint == *env
        {
            settings.endpoint = chosen.clone();
        }
        Persisted {
            settings,
            prompt: self.prompt.clone(),
            model: self.model.id.to_string(),
        }
    }

    /// Restores what [`Self::persisted`] saved (an unknown model falls back to the default).
    pub fn restore(&mut self, p: Persisted) {
        let env = std::env::var("DASHSCOPE_HTTP_BASE_URL").ok();
        self.restore_with_base_url(p, env.as_deref());
    }

    /// [`Self::restore`] with the environment's base URL given: every setting comes back (theme,
    /// language, interface size, output folder…); only the connection is the environment's
    /// while it is set, and the remembered region is kept for when it is not.
    pub fn restore_with_base_url(&mut self, p: Persisted, env_base_url: Option<&str>) {
        let chosen = p.settings.endpoint.clone();
        self.settings = p.settings;
        if let Some(base_url) = env_base_url
            && crate::api::region::normalize_base_url(base_url).is_ok()
        {
            let env = crate::api::region::Endpoint::Custom {
                base_url: base_url.to_string(),
            };
            self.settings.endpoint = env.clone();
            self.env_endpoint = Some((env, chosen));
        }
        self.prompt = p.prompt;
        if let Some(m) = ModelSpec::find(&p.model) {
            self.set_model(m);
        }
    }
}

impl eframe::App for WanEditApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.logic_pass(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.persisted());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.keep_at_close();
    }
}

/// A texture of `slot`'s picture (its preview or thumbnail) from `kept` while it is of the
/// slot's current load, else made anew; what `keep` refuses is let go of at the same time.
fn slot_texture(
    ctx: &egui::Context,
    kept: &mut HashMap<u64, (u64, TextureHandle)>,
    slot: &crate::ui::inputs::InputSlot,
    picture: impl Fn(&ReadyImage) -> Option<Arc<crate::imaging::prepare::Preview>>,
    (name, options): (&str, egui::TextureOptions),
    keep: impl Fn(&u64) -> bool,
) -> Option<TextureHandle> {
    let ready = slot.ready()?;
    if let Some((generation, tex)) = kept.get(&slot.id)
        && *generation == ready.generation
    {
        return Some(tex.clone());
    }
    kept.retain(|id, _| keep(id) && *id != slot.id);
    let p = picture(ready)?;
    let image =
        egui::ColorImage::from_rgba_unmultiplied([p.width as usize, p.height as usize], &p.rgba);
    let tex = ctx.load_texture(format!("{name}-{}", slot.id), image, options);
    kept.insert(slot.id, (ready.generation, tex.clone()));
    Some(tex)
}
