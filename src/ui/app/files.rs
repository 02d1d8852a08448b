//! Save dialogs, opening folders, a result for the clipboard: each a command to the engine's
//! files room (dialogs, writes and the file manager run there), ending in a sentence on the
//! status line: what was done, or what failed and what to do.

use super::{Inbound, WanEditApp};
use crate::jobs::work::files::{FilesCommand, Question};
use crate::jobs::work::pictures::PictureCommand;
use crate::ui::panels::picker::SaveForm;
use std::path::PathBuf;

/// A save the system's dialog could not ask about: the window's own picker asks instead (see
/// [`WanEditApp::save_here`]), then the files room writes it.
pub use crate::jobs::work::files::SaveJob as PendingSave;

/// The system's images dialog, in the window's words.
pub(super) fn images_question() -> Question {
    Question::Images(crate::ui::dialogs::ImagesDialog {
        title: crate::t!("dialog-add-images"),
        filter: crate::t!("dialog-images"),
    })
}

/// What the window's own picker asks for a save.
pub(super) fn form(pending: &PendingSave) -> SaveForm {
    match pending {
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
        PendingSave::All { .. } | PendingSave::Picked { .. } => SaveForm {
            name: String::new(),
            folder_only: true,
            formats: false,
            jpeg_quality: 0,
        },
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

impl WanEditApp {
    /// Asks the system's dialog where to save `pending` and writes it there; when the dialog
    /// cannot open, the window's own picker asks instead.
    pub(super) fn ask_and_save(&self, pending: PendingSave) {
        let question = match &pending {
            PendingSave::All { .. } => Question::Folder(crate::t!("save-all-title")),
            PendingSave::Picked { .. } => Question::Folder(crate::t!("export-picked-title")),
            other => Question::SaveFile(form(other).name),
        };
        self.door.send(FilesCommand::AskAndSave {
            job: pending,
            question,
            said: self.post.map(Inbound::Saved),
            here: self.post.map(|(p, why)| Inbound::SaveHere(p, why)),
        });
    }

    /// Asks where to save a result and writes it there in the chosen format (PNG, JPEG, WebP by
    /// the extension).
    pub(super) fn save_as(&self, source: PathBuf) {
        self.ask_and_save(PendingSave::SaveAs {
            source,
            jpeg_quality: self.session.settings.jpeg_quality,
        });
    }

    /// Asks where to save a before/after sheet and makes it there.
    pub(super) fn save_sheet_dialog(&self, sides: crate::jobs::export::SheetSides) {
        self.ask_and_save(PendingSave::Sheet(sides));
    }

    /// Asks for a folder and saves a job's results into it.
    pub(super) fn save_all_dialog(&self, files: Vec<PathBuf>, job: u64) {
        self.ask_and_save(PendingSave::All { files, job });
    }

    /// The system's save dialog could not open (`why`): the window's own picker asks where,
    /// with a name, a format and a JPEG quality, in the folder it last saved into (else the
    /// output folder; not the folder images were last opened from).
    pub(super) fn save_here(&mut self, pending: PendingSave, why: String) {
        let dir = self
            .saved_into
            .clone()
            .unwrap_or_else(|| self.session.settings.out_dir.clone());
        let form = form(&pending);
        self.pending_save = Some(pending);
        let said = crate::t!("picker-save-why", why = why.as_str());
        let a = self.picker.open_to_save(dir, form, Some(said));
        self.on_picker(a);
    }

    /// Opens a folder in the system's file manager.
    pub(super) fn open_folder(&self, dir: PathBuf) {
        self.door.send(FilesCommand::OpenFolder {
            dir,
            said: self.post.map(Inbound::Saved),
        });
    }

    /// Decodes a result file at its full size, for the clipboard (the preview is only a
    /// screen's worth of it).
    pub(super) fn copy_full_image(&self, path: PathBuf) {
        self.door.send(PictureCommand::Full {
            path,
            reply: self.post.map(Inbound::Copied),
        });
    }
}
