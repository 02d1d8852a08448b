//! Nothing lost: the composer (the strip's images with their names, boxes and masks, the target, the
//! prompt and its parameters, the model) is kept in the data folder on every change, atomically,
//! by a writer on the runtime (the latest state wins; the UI thread never writes). A start after
//! a crash or a kill puts it back and says so; a crash report left by the last run is offered.
//! One window owns the kept state at a time (`store::session`); a second window on the same
//! data folder keeps nothing and restores nothing.

use std::path::PathBuf;

use egui::RichText;

use super::WanEditApp;
use crate::api::catalog::ModelSpec;
use crate::api::job::{BBox, ImageSource, Stroke};
use crate::store::session::{Claim, SessionOwner};
use crate::ui::inputs::{NewInput, RestoredInput};
use crate::ui::panels::prompt::PromptState;
use crate::ui::theme;

/// One image of the strip as kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeptInput {
    pub source: ImageSource,
    pub name: String,
    pub boxes: Vec<BBox>,
    /// The mask painted over the boxes, in the boxes' pixels (absent in what older versions
    /// kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mask: Vec<Stroke>,
    /// The size the boxes are measured in (the image as sent).
    pub boxes_frame: Option<(u32, u32)>,
}

/// The composer as kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeptComposer {
    pub inputs: Vec<KeptInput>,
    /// The target image's position in the strip.
    pub target: Option<usize>,
    pub selected: usize,
    pub prompt: PromptState,
    pub model: String,
    /// Set when the window closed normally; a kept state without it was left by a crash or a
    /// kill.
    pub closed_normally: bool,
}

impl KeptComposer {
    /// Whether there is anything worth putting back.
    pub fn has_work(&self) -> bool {
        !self.inputs.is_empty() || !self.prompt.prompt.trim().is_empty()
    }
}

/// The writer's end, held by the app while it owns the kept state. The owner (and with it the
/// data folder's lock) sits behind a mutex the writer takes for each write, so dropping the
/// keeper releases the lock at once, after a write in flight, never later.
pub struct Keeper {
    owner: std::sync::Arc<std::sync::Mutex<Option<SessionOwner>>>,
    tx: tokio::sync::watch::Sender<Vec<u8>>,
    last: Vec<u8>,
}

impl Drop for Keeper {
    fn drop(&mut self) {
        // Releases the lock now: a window made next in this process (or a test) owns it.
        let mut guard = self.owner.lock().unwrap_or_else(|p| p.into_inner());
        guard.take();
    }
}

/// What the start found, said above the canvas until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct StartNotice {
    /// The composer was put back after the last run ended without closing: how many images
    /// and boxes (put into words when drawn, in the window's language).
    pub put_back: Option<(usize, usize)>,
    /// Another window keeps this data folder's composer: this one keeps nothing.
    pub another_window: bool,
    /// A crash report the last run left.
    pub crash_report: Option<PathBuf>,
    /// The report's text, shown in the window when asked.
    pub report_text: Option<String>,
    pub showing_report: bool,
}

impl WanEditApp {
    /// The composer as it stands.
    pub fn kept_composer(&self) -> KeptComposer {
        let slots = &self.compose.inputs.slots;
        KeptComposer {
            inputs: slots
                .iter()
                .map(|s| KeptInput {
                    source: s.source.clone(),
                    name: s.name.clone(),
                    boxes: s.boxes.clone(),
                    mask: s.mask.clone(),
                    boxes_frame: s
                        .ready()
                        .map(|r| (r.facts.width, r.facts.height))
                        .or(s.boxes_frame),
                })
                .collect(),
            target: self
                .compose
                .inputs
                .target
                .and_then(|id| slots.iter().position(|s| s.id == id)),
            selected: self.compose.selected,
            prompt: self.compose.prompt.clone(),
            model: self.compose.model.id.to_string(),
            closed_normally: false,
        }
    }

    /// Takes the kept state of the data folder: puts back what the last run left (when `restore`;
    /// a start with files to open shows those instead), offers the last crash report, and from
    /// now on keeps the composer on every change. Called once by the window at start.
    pub fn keep_composer(&mut self, restore: bool) {
        let owner = match crate::store::session::claim(&self.data_dir) {
            Ok(Claim::Owned(o)) => o,
            Ok(Claim::Busy) => {
                tracing::info!("another wanedit window keeps the composer of this data folder");
                self.start_notice = Some(StartNotice {
                    put_back: None,
                    another_window: true,
                    crash_report: None,
                    report_text: None,
                    showing_report: false,
                });
                return;
            }
            Err(e) => {
                tracing::warn!("the composer cannot be kept: {e}");
                return;
            }
        };
        let kept = owner
            .read()
            .and_then(|b| serde_json::from_slice::<KeptComposer>(&b).ok());
        let crash_report = crate::logging::unseen_crash_report(&self.data_dir);
        let mut notice = StartNotice {
            put_back: None,
            another_window: false,
            report_text: crash_report
                .as_deref()
                .map(crate::logging::read_crash_report),
            crash_report,
            showing_report: false,
        };
        if restore && let Some(k) = kept.filter(|k| k.has_work()) {
            let crashed = !k.closed_normally;
            let counts = (
                k.inputs.len(),
                k.inputs.iter().map(|i| i.boxes.len()).sum::<usize>(),
            );
            self.put_back(k);
            if crashed {
                notice.put_back = Some(counts);
            }
        }
        if notice.put_back.is_some() || notice.crash_report.is_some() {
            self.start_notice = Some(notice);
        }
        // The writer, in the engine: the latest state wins, written atomically.
        let (tx, rx) = tokio::sync::watch::channel(Vec::new());
        let owner = std::sync::Arc::new(std::sync::Mutex::new(Some(owner)));
        self.door
            .send(crate::jobs::work::files::FilesCommand::KeepComposer((
                owner.clone(),
                rx,
            )));
        self.keeper = Some(Keeper {
            owner,
            tx,
            last: Vec::new(),
        });
        self.keep_if_changed();
    }

    /// Puts a kept composer back (its images load on the runtime, as Reopen's do).
    pub fn put_back(&mut self, k: KeptComposer) {
        let model = ModelSpec::find(&k.model).unwrap_or(self.compose.model);
        let restored: Vec<RestoredInput> = k
            .inputs
            .into_iter()
            .filter_map(|i| {
                let input = match i.source {
                    ImageSource::File(p) => NewInput::File(p),
                    ImageSource::Url(u) => NewInput::Url(u),
                    // The strip never makes these (history turns them into files first).
                    ImageSource::Oss(_) | ImageSource::Data(_) => return None,
                };
                Some(RestoredInput {
                    input,
                    name: i.name,
                    boxes: i.boxes,
                    mask: i.mask,
                    boxes_frame: i.boxes_frame,
                })
            })
            .collect();
        self.set_model(model);
        self.compose.prompt = k.prompt;
        self.pictures
            .retain(|p| !matches!(p, crate::ui::pictures::PictureId::Canvas(_)));
        self.compose.inputs.restore(restored, model);
        self.compose.inputs.target = k
            .target
            .and_then(|t| self.compose.inputs.slots.get(t).map(|s| s.id));
        self.compose.selected = k
            .selected
            .min(self.compose.inputs.slots.len().saturating_sub(1));
        self.canvas = Default::default();
        // What was put back is where Undo stops: the first Undo after a restart takes back the
        // first edit, not the whole composer (as Reopen does).
        self.undo_starts_here();
    }

    /// Hands the composer to the writer when it changed (called once a frame: serializing a
    /// few kilobytes; the writing is on the runtime).
    pub(super) fn keep_if_changed(&mut self) {
        let Some(k) = &self.keeper else { return };
        let Ok(bytes) = serde_json::to_vec(&self.kept_composer()) else {
            return;
        };
        if bytes != k.last {
            let _ = k.tx.send(bytes.clone());
            if let Some(k) = &mut self.keeper {
                k.last = bytes;
            }
        }
    }

    /// At the window's close: the composer kept as closed normally (a few kilobytes, written
    /// here, once: the runtime may already be going), after any write in flight; the keeper is
    /// let go after it, so no older state written later can undo the close.
    pub fn keep_at_close(&mut self) {
        let Some(k) = self.keeper.take() else { return };
        let mut c = self.kept_composer();
        c.closed_normally = true;
        if let Ok(bytes) = serde_json::to_vec(&c)
            && let Err(e) = crate::jobs::work::files::keep(&k.owner, &bytes)
        {
            tracing::warn!("the composer could not be kept at close: {e}");
        }
    }

    /// Whether the composer is being kept (this window owns the data folder's kept state).
    pub fn keeps_composer(&self) -> bool {
        self.keeper.is_some()
    }

    /// The start's notice above the canvas: what was put back, the crash report to open.
    pub(super) fn start_notice_ui(&mut self, ui: &mut egui::Ui) {
        let Some(n) = &mut self.start_notice else {
            return;
        };
        let dismiss = crate::ui::widgets::notice_bar(ui, |ui| {
            let text = match n.put_back {
                Some((images, boxes)) => {
                    let what = crate::t!("composer-put-back", images = images, boxes = boxes);
                    crate::t!("composer-crashed", what = what)
                }
                None if n.another_window => crate::t!("composer-another-window"),
                None => crate::t!("composer-report-left"),
            };
            ui.label(RichText::new(text).color(theme::warn(ui)));
            if n.crash_report.is_some() && ui.button(crate::t!("composer-open-report")).clicked() {
                n.showing_report = true;
            }
            ui.button(crate::t!("composer-dismiss")).clicked()
        });
        if n.showing_report {
            let mut open = true;
            let path = n.crash_report.clone().unwrap_or_default();
            let text = n.report_text.clone().unwrap_or_default();
            let mut copy = false;
            egui::Window::new(crate::t!("composer-report-title"))
                .open(&mut open)
                .default_size([640.0, 420.0])
                .show(ui.ctx(), |ui| {
                    ui.label(RichText::new(path.display().to_string()).small());
                    copy = ui.button(crate::t!("composer-copy-report")).clicked();
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        ui.label(RichText::new(&text).monospace().small());
                    });
                });
            if copy {
                ui.ctx().copy_text(text);
            }
            n.showing_report = open;
        }
        if dismiss {
            if let Some(p) = n.crash_report.clone() {
                self.door
                    .send(crate::jobs::work::files::FilesCommand::MarkCrashSeen(p));
            }
            self.start_notice = None;
        }
    }
}
