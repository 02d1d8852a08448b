//! The app: the window's state and the engine's door. Everything the window wants done goes in
//! through the door as a command; everything the engine reports (job events, loaded images,
//! decoded results, history, keychain, dialog answers) arrives in one inbox, drained in
//! [`eframe::App::logic`]. Each frame lays out the panels and dispatches what they return.
//! Split by concern: inbox.rs (the one inbox and where each message goes), keys.rs (the
//! keychain), running.rs (running, cancelling, copy as curl, job events), layout.rs (the frame
//! and the panels' places), history_actions.rs (resume, reopen, re-run, fetch again), files.rs
//! (save dialogs, opening folders).

mod batch_tab;
mod box_choice;
mod compare_header;
mod compare_tab;
mod composer;
mod detail;
mod files;
mod flags;
mod focus;
mod frame_parts;
#[cfg(any(test, feature = "harness"))]
mod harness;
mod history_actions;
mod inbox;
mod keys;
mod layout;
mod running;
mod undo;

pub use box_choice::{BoxView, ChoiceNews};
pub use composer::{KeptComposer, KeptInput, StartNotice};
pub use inbox::Inbound;
pub use keys::{KeyCheckState, KeychainSaid};
pub(crate) use undo::{Redo, RemovedStep};

use std::path::PathBuf;
use std::sync::Arc;

use crate::ui::pictures::PictureId;
use egui::TextureHandle;

use super::dialogs::Picked;
use super::inputs::{Inputs, NewInput, RestoredInput};
use super::models::{Compose, Library, Runs, Session};
use super::panels::history::HistoryPanel;
use super::panels::picker::{PickerAction, PickerState};
use super::results::ResultLoader;
use super::widgets::canvas::CanvasState;
use crate::api::catalog::ModelSpec;
use crate::jobs::door::Door;
use crate::jobs::post::{Inbox, Post};
use crate::jobs::record::Recorder;
use crate::jobs::work::files::FilesCommand;
use crate::store::history::HistoryEntry;
use crate::store::journal::JournalEntry;

use super::panels;

/// Which view the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CentralTab {
    Canvas,
    Compare,
    History,
    Batch,
}

pub use crate::store::settings::Settings;

pub use crate::ui::models::{BoxState, NUDGES_SETTLE};

/// A journaled task with its history entry (when it has one).
type ToResume = (JournalEntry, Option<HistoryEntry>);

/// The application state behind the window.
pub struct WanEditApp {
    /// The engine's door: the one way work leaves the window.
    door: Door,
    /// What is being composed: inputs, boxes, undo, prompt, model.
    pub compose: Compose,
    /// The runs and their results, and the compare view's choice.
    pub runs: Runs,
    /// History, batches, prices.
    pub library: Library,
    /// Key, settings, language, theme.
    pub session: Session,
    pub canvas: CanvasState,
    /// The shortcut sheet (F1 or ?) is open.
    pub shortcut_sheet: bool,
    /// This app is the window's (made by [`WanEditApp::new`]), not a test's.
    is_the_window: bool,
    toolbar: panels::toolbar::ToolbarState,
    /// The latest sentence for the status line (until it goes: a language change, an action
    /// that makes it stale)…
    pub message: Option<Status>,
    /// …and everything said in this run, a click away.
    pub notifications: crate::ui::notifications::Notifications,
    /// Every texture the views use, by picture.
    pub pictures: crate::ui::pictures::Textures,
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
    /// What the start found (a composer put back after a crash, a crash report), said above
    /// the canvas until dismissed.
    pub start_notice: Option<StartNotice>,
    /// wanedit's data folder (pasted images, samples, history).
    data_dir: PathBuf,
    paste_dir: PathBuf,
    pub tab: CentralTab,
    /// Where everything on the runtime reports to (mapped into each part's own messages)…
    post: Post<Inbound>,
    /// …and where the frame reads it.
    inbox: Inbox<Inbound>,
    /// A save the window's own picker is asking about.
    pending_save: Option<files::PendingSave>,
    /// The folder the window's own picker last saved into.
    saved_into: Option<PathBuf>,
    /// Text for the clipboard (copied where the frame has the context).
    to_clipboard: Option<String>,
    /// A result decoded at full size, put on the clipboard at the next frame.
    pub image_to_clipboard: Option<egui::ColorImage>,
    /// The process was asked to end: the window closes as its close button would.
    close_asked: bool,
}

pub use crate::ui::notifications::Status;

impl WanEditApp {
    /// Puts news on the status line (and in the notifications).
    pub fn say(&mut self, text: impl Into<crate::i18n::Said>) {
        self.tell(Status {
            text: text.into(),
            problem: false,
        });
    }

    /// Puts a problem on the status line (and in the notifications): what failed and what
    /// to do.
    pub fn problem(&mut self, text: impl Into<crate::i18n::Said>) {
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
        app.session.use_keychain = true;
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
            compose: Compose::new(Inputs::new(door.clone(), post.map(Inbound::Input))),
            runs: Runs::new(ResultLoader::new(door.clone(), post.map(Inbound::Decoded))),
            library: Library::new(history, batch),
            session: Session::default(),
            tiles: crate::ui::tiles::TileLayer::new(door.clone(), post.map(Inbound::Tiles)),
            compare_tiles: [0, 1].map(|side| {
                crate::ui::tiles::TileLayer::new(
                    door.clone(),
                    post.map(move |n| Inbound::CompareTiles(side, n)),
                )
            }),
            close_asked: false,
            door,
            post,
            inbox,
            tab: CentralTab::Canvas,
            pending_save: None,
            saved_into: None,
            canvas: CanvasState::default(),
            shortcut_sheet: false,
            is_the_window: false,
            toolbar: Default::default(),
            message: None,
            notifications: Default::default(),
            pictures: Default::default(),
            dialog_open: false,
            picker: PickerState::default(),
            welcome_skipped: false,
            key_step_open: false,
            keeper: None,
            start_notice: None,
            data_dir: data_dir.clone(),
            // wanedit's own folder: a shared temporary one could hold another user's links.
            paste_dir: data_dir.join("pasted"),
            to_clipboard: None,
            image_to_clipboard: None,
        }
    }

    /// Adds files, URLs or pasted images at the end of the strip.
    pub fn add(&mut self, new: Vec<NewInput>) {
        if let Some(msg) = self.compose.inputs.add(new, self.compose.model) {
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
        self.compose.set_model(model);
    }

    /// The boxes drawn, one list per image in order, in each image's pixels (the request
    /// carries them so unless detail mode moves them into its crop: see the boxes panel).
    pub fn bbox_list(&self) -> Vec<Vec<[u32; 4]>> {
        self.compose.bbox_list()
    }

    /// Makes the undo step of a run of keyboard nudges once they have stopped for
    /// [`NUDGES_SETTLE`] seconds (`now`: egui's time). Until then, undo goes back to before
    /// the first of them (the undoer's last step is that state).
    pub(super) fn settle_nudges(&mut self, now: f64) {
        if self
            .compose
            .nudged_at
            .is_some_and(|t| now - t >= NUDGES_SETTLE)
        {
            self.commit_boxes();
        }
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
                self.say(crate::said!("images-picker-instead", why = why.as_str()));
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
                        self.session.settings.jpeg_quality = f.jpeg_quality;
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
                mask: Vec::new(),
                boxes_frame: (i == index).then_some(super::samples::FRAME),
            })
            .collect();
        self.pictures
            .retain(|p| !matches!(p, crate::ui::pictures::PictureId::Canvas(_)));
        self.compose.inputs.restore(restored, self.compose.model);
        self.compose.selected = index;
        self.canvas = Default::default();
        self.undo_starts_here();
        self.compose.prompt.prompt = super::samples::PROMPT.to_string();
        self.tab = CentralTab::Canvas;
        self.say(crate::said!("sample-ready"));
    }

    /// The canvas's texture of image `index`: its full preview. Only the image on the canvas
    /// has one (choosing another frees it); the strip shows [`Self::thumb_for`].
    fn texture_for(&mut self, ctx: &egui::Context, index: usize) -> Option<TextureHandle> {
        let slot = self.compose.inputs.slots.get(index)?;
        let id = PictureId::Canvas(slot.id);
        self.pictures
            .retain(|p| !matches!(p, PictureId::Canvas(_)) || *p == id);
        let preview = slot.ready()?.preview.as_ref()?;
        // Nearest when magnified: an image no larger than its preview shows crisp pixels.
        Some(self.pictures.of(ctx, id, preview, crate::ui::tiles::PIXELS))
    }

    /// The strip's texture of image `index` (its thumbnail), kept while the image is.
    fn thumb_for(&mut self, ctx: &egui::Context, index: usize) -> Option<TextureHandle> {
        let live: std::collections::HashSet<u64> =
            self.compose.inputs.slots.iter().map(|s| s.id).collect();
        self.pictures
            .retain(|p| !matches!(p, PictureId::Thumb(s) if !live.contains(s)));
        let slot = self.compose.inputs.slots.get(index)?;
        let thumb = slot.ready()?.thumb.as_ref()?;
        let options = egui::TextureOptions::LINEAR;
        Some(
            self.pictures
                .of(ctx, PictureId::Thumb(slot.id), thumb, options),
        )
    }
}

/// What the window keeps between runs (eframe storage). The API key is not part of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Persisted {
    pub settings: Settings,
    pub prompt: super::panels::prompt::PromptState,
    pub model: String,
}

pub const STORAGE_KEY: &str = "wanedit";

impl WanEditApp {
    pub fn persisted(&self) -> Persisted {
        Persisted {
            settings: self.session.settings_to_keep(),
            prompt: self.compose.prompt.clone(),
            model: self.compose.model.id.to_string(),
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
        self.session.restore_settings(p.settings, env_base_url);
        self.compose.prompt = p.prompt;
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
