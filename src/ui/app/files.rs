//! Save dialogs and opening folders (dialogs, writes and the file manager run on the runtime).
//! Each ends in a sentence on the status line: what was done, or what failed and what to do.

use super::{Inbound, WanEditApp};
use crate::jobs::post::Post;
use crate::ui::dialogs::{Dialogs, Picked};
use std::path::PathBuf;
use std::sync::Arc;

/// A save the system's dialog could not ask about: the window's own picker asks instead (see
/// [`WanEditApp::save_here`]), then [`PendingSave::run`] writes it.
pub enum PendingSave {
    /// A result, in the format its name's extension says.
    SaveAs { source: PathBuf, jpeg_quality: u8 },
    /// A before/after sheet (PNG).
    Sheet(crate::jobs::export::SheetSides),
    /// A job's results into a folder.
    All { files: Vec<PathBuf>, job: u64 },
}

impl PendingSave {
    /// What the picker asks for it.
    pub(super) fn form(&self) -> crate::ui::panels::picker::SaveForm {
        use crate::ui::panels::picker::SaveForm;
        match self {
            PendingSave::SaveAs {
                source,
                jpeg_quality,
            } => SaveForm {
                name: file_name_or(source, "result.png"),
                folder_only: false,
                formats: true,
                jpeg_quality: *jpeg_quality,
            },
            PendingSave::Sheet(sides) => SaveForm {
                name: sheet_name(sides),
                folder_only: false,
                formats: false,
                jpeg_quality: 0,
            },
            PendingSave::All { .. } => SaveForm {
                name: String::new(),
                folder_only: true,
                formats: false,
                jpeg_quality: 0,
            },
        }
    }

    /// Writes it to `target` (a file, or the folder for `All`), off the UI thread, and says how
    /// it went.
    pub(super) fn run(
        self,
        runtime: &tokio::runtime::Handle,
        target: PathBuf,
        said: Post<Result<String, String>>,
    ) {
        runtime.spawn(async move {
            let sentence = tokio::task::spawn_blocking(move || match self {
                PendingSave::SaveAs {
                    source,
                    jpeg_quality,
                } => save_converted(&source, &target, jpeg_quality)
                    .map(|p| crate::t!("saved-file", file = p.display().to_string())),
                PendingSave::Sheet(sides) => crate::jobs::export::save_sheet(&sides, &target)
                    .map(|p| crate::t!("saved-sheet", file = p.display().to_string())),
                PendingSave::All { files, job } => {
                    save_all(&files, &target, &format!("wanedit-job{job}")).map(|saved| {
                        crate::t!(
                            "saved-all",
                            count = saved.len(),
                            folder = target.display().to_string()
                        )
                    })
                }
            })
            .await
            .unwrap_or_else(|e| Err(crate::t!("saving-stopped", why = e.to_string())));
            said.send(sentence);
        });
    }
}

fn file_name_or(p: &std::path::Path, or: &str) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| or.into())
}

fn sheet_name(sides: &crate::jobs::export::SheetSides) -> String {
    sides
        .after
        .file_stem()
        .map(|n| format!("{}-before-after.png", n.to_string_lossy()))
        .unwrap_or_else(|| "before-after.png".into())
}

/// Asks the system's dialog where to save `pending` (a file named `name`, or a folder titled
/// `folder_title`) and writes it there; when the dialog cannot open, the window's own picker
/// is asked instead (`here`).
fn ask_and_save(
    runtime: &tokio::runtime::Handle,
    dialogs: &Arc<dyn Dialogs>,
    pending: PendingSave,
    said: Post<Result<String, String>>,
    here: Post<(PendingSave, String)>,
) {
    let answer = match &pending {
        PendingSave::All { .. } => dialogs.pick_folder(crate::t!("save-all-title")),
        other => dialogs.save_file(other.form().name),
    };
    let rt = runtime.clone();
    runtime.spawn(async move {
        match answer.await {
            Picked::Chosen(mut p) if !p.is_empty() => pending.run(&rt, p.remove(0), said),
            Picked::Chosen(_) | Picked::Cancelled => {}
            Picked::Failed(why) => here.send((pending, why)),
        }
    });
}

/// Asks where to save a result and writes it there in the chosen format (PNG, JPEG, WebP by
/// the extension), off the UI thread.
pub(super) fn save_as(
    runtime: &tokio::runtime::Handle,
    dialogs: &Arc<dyn Dialogs>,
    (source, jpeg_quality): (PathBuf, u8),
    said: Post<Result<String, String>>,
    here: Post<(PendingSave, String)>,
) {
    let pending = PendingSave::SaveAs {
        source,
        jpeg_quality,
    };
    ask_and_save(runtime, dialogs, pending, said, here);
}

/// Asks where to save a before/after sheet and makes it there, off the UI thread.
pub(super) fn save_sheet_dialog(
    runtime: &tokio::runtime::Handle,
    dialogs: &Arc<dyn Dialogs>,
    sides: crate::jobs::export::SheetSides,
    said: Post<Result<String, String>>,
    here: Post<(PendingSave, String)>,
) {
    ask_and_save(runtime, dialogs, PendingSave::Sheet(sides), said, here);
}

pub(super) fn save_all_dialog(
    runtime: &tokio::runtime::Handle,
    dialogs: &Arc<dyn Dialogs>,
    (files, job): (Vec<PathBuf>, u64),
    said: Post<Result<String, String>>,
    here: Post<(PendingSave, String)>,
) {
    ask_and_save(
        runtime,
        dialogs,
        PendingSave::All { files, job },
        said,
        here,
    );
}

impl WanEditApp {
    /// The system's save dialog could not open (`why`): the window's own picker asks where,
    /// with a name, a format and a JPEG quality, in the folder it last saved into (else the
    /// output folder; not the folder images were last opened from).
    pub(super) fn save_here(&mut self, pending: PendingSave, why: String) {
        let dir = self
            .saved_into
            .clone()
            .unwrap_or_else(|| self.settings.out_dir.clone());
        let form = pending.form();
        self.pending_save = Some(pending);
        let said = crate::t!("picker-save-why", why = why.as_str());
        let a = self.picker.open_to_save(dir, form, Some(said));
        self.on_picker(a);
    }

    /// A save this window's own picker was asked for.
    pub(super) fn saves(&self) -> Post<(PendingSave, String)> {
        self.post.map(|(p, why)| Inbound::SaveHere(p, why))
    }
}

pub use crate::jobs::export::{save_all, save_converted};

/// Opens a folder in the system's file manager, on the runtime; a file manager that cannot
/// start, or that says it failed, ends in a sentence.
/// Decodes a result file at its full size on the runtime, for the clipboard (the preview is
/// only a screen's worth of it).
pub(super) fn copy_full_image(
    runtime: &tokio::runtime::Handle,
    path: PathBuf,
    done: Post<Result<egui::ColorImage, String>>,
) {
    runtime.spawn_blocking(move || {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let img =
            crate::store::fs::read_bounded(&path, crate::store::fs::MAX_INPUT_BYTES, &|| false)
                .map_err(|e| e.to_string())
                // As the screen shows it (in sRGB), not the file's own numbers.
                .and_then(|b| crate::imaging::prepare::decode_full(&b).map(|i| i.to_rgba8()))
                .map(|rgba| {
                    egui::ColorImage::from_rgba_unmultiplied(
                        [rgba.width() as usize, rgba.height() as usize],
                        rgba.as_raw(),
                    )
                })
                .map_err(|e| format!("could not copy {name} ({e}); use Save as… instead"));
        done.send(img);
    });
}

pub(super) fn open_folder(
    runtime: &tokio::runtime::Handle,
    dir: PathBuf,
    said: Post<Result<String, String>>,
) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    runtime.spawn_blocking(move || {
        let failed = |why: String| {
            Err(crate::t!(
                "folder-not-opened",
                folder = dir.display().to_string(),
                opener = opener,
                why = why
            ))
        };
        let r = match std::process::Command::new(opener)
            .arg(&dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
        {
            // explorer.exe answers 1 even when it opened the folder.
            Ok(s) if s.success() || cfg!(target_os = "windows") => {
                Ok(format!("opened {}", dir.display()))
            }
            Ok(s) => failed(format!("it ended with {s}")),
            Err(e) => failed(e.to_string()),
        };
        said.send(r);
    });
}
