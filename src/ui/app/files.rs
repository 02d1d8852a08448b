//! Save dialogs and opening folders (dialogs, writes and the file manager run on the runtime).
//! Each ends in a sentence on the status line: what was done, or what failed and what to do.

use super::*;

/// Where a save dialog said to save; `None` when it was cancelled, or could not open (then
/// `said` gets the sentence `failed` makes of why).
async fn saved_where(
    answer: crate::ui::dialogs::Answer,
    said: &Post<Result<String, String>>,
    failed: impl FnOnce(String) -> String,
) -> Option<PathBuf> {
    match answer.await {
        Picked::Chosen(mut p) if !p.is_empty() => Some(p.remove(0)),
        Picked::Chosen(_) | Picked::Cancelled => None,
        Picked::Failed(why) => {
            said.send(Err(failed(why)));
            None
        }
    }
}

/// Asks where to save a result and writes it there in the chosen format (PNG, JPEG, WebP by
/// the extension), off the UI thread.
pub(super) fn save_as(
    runtime: &tokio::runtime::Handle,
    dialogs: &Arc<dyn Dialogs>,
    source: PathBuf,
    jpeg_quality: u8,
    said: Post<Result<String, String>>,
) {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "result.png".into());
    let answer = dialogs.save_file(name);
    runtime.spawn(async move {
        let shown = source.display().to_string();
        let Some(target) = saved_where(answer, &said, |why| {
            crate::t!("save-as-no-dialog", why = why, file = shown.as_str())
        })
        .await
        else {
            return;
        };
        let sentence = match tokio::task::spawn_blocking(move || {
            save_converted(&source, &target, jpeg_quality)
        })
        .await
        {
            Ok(Ok(p)) => Ok(crate::t!("saved-file", file = p.display().to_string())),
            Ok(Err(e)) => Err(e),
            Err(e) => Err(crate::t!("saving-stopped", why = e.to_string())),
        };
        said.send(sentence);
    });
}

/// Asks where to save a before/after sheet and makes it there, off the UI thread.
pub(super) fn save_sheet_dialog(
    runtime: &tokio::runtime::Handle,
    dialogs: &Arc<dyn Dialogs>,
    sides: crate::jobs::export::SheetSides,
    said: Post<Result<String, String>>,
) {
    let name = sides
        .after
        .file_stem()
        .map(|n| format!("{}-before-after.png", n.to_string_lossy()))
        .unwrap_or_else(|| "before-after.png".into());
    let answer = dialogs.save_file(name);
    runtime.spawn(async move {
        let Some(target) =
            saved_where(answer, &said, |why| crate::t!("sheet-no-dialog", why = why)).await
        else {
            return;
        };
        let sentence = match tokio::task::spawn_blocking(move || {
            crate::jobs::export::save_sheet(&sides, &target)
        })
        .await
        {
            Ok(Ok(p)) => Ok(crate::t!("saved-sheet", file = p.display().to_string())),
            Ok(Err(e)) => Err(e),
            Err(e) => Err(crate::t!("sheet-stopped", why = e.to_string())),
        };
        said.send(sentence);
    });
}

pub(super) fn save_all_dialog(
    runtime: &tokio::runtime::Handle,
    dialogs: &Arc<dyn Dialogs>,
    files: Vec<PathBuf>,
    job: u64,
    said: Post<Result<String, String>>,
) {
    let answer = dialogs.pick_folder(crate::t!("save-all-title"));
    runtime.spawn(async move {
        let dir = match answer.await {
            Picked::Chosen(mut p) if !p.is_empty() => p.remove(0),
            Picked::Chosen(_) | Picked::Cancelled => return,
            Picked::Failed(why) => {
                let at = files
                    .first()
                    .and_then(|f| f.parent())
                    .map(|d| d.display().to_string())
                    .unwrap_or_default();
                return said.send(Err(crate::t!("save-all-no-dialog", why = why, folder = at)));
            }
        };
        let target = dir.clone();
        let sentence = match tokio::task::spawn_blocking(move || {
            save_all(&files, &dir, &format!("wanedit-job{job}"))
        })
        .await
        {
            Ok(Ok(saved)) => Ok(crate::t!(
                "saved-all",
                count = saved.len(),
                folder = target.display().to_string()
            )),
            Ok(Err(e)) => Err(e),
            Err(e) => Err(crate::t!("saving-stopped", why = e.to_string())),
        };
        said.send(sentence);
    });
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
                .and_then(|b| crate::imaging::prepare::decode_as_sent(&b))
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
