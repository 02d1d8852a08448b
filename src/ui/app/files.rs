//! Save dialogs and opening folders (dialogs and writes run on the runtime).

use super::*;

/// Asks where to save a result and writes it there in the chosen format (PNG, JPEG, WebP by
/// the extension), off the UI thread.
pub(super) fn save_as(
    runtime: &tokio::runtime::Handle,
    source: PathBuf,
    said: Post<Result<String, String>>,
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
        let sentence =
            match tokio::task::spawn_blocking(move || save_converted(&source, &target)).await {
                Ok(Ok(p)) => Ok(format!("saved {}", p.display())),
                Ok(Err(e)) => Err(e),
                Err(e) => Err(format!("saving stopped: {e}")),
            };
        said.send(sentence);
    });
}

pub(super) fn save_all_dialog(
    runtime: &tokio::runtime::Handle,
    files: Vec<PathBuf>,
    job: u64,
    said: Post<Result<String, String>>,
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
        let sentence = match tokio::task::spawn_blocking(move || {
            save_all(&files, &dir, &format!("wanedit-job{job}"))
        })
        .await
        {
            Ok(Ok(saved)) => Ok(format!(
                "saved {} results into {}",
                saved.len(),
                target.display()
            )),
            Ok(Err(e)) => Err(e),
            Err(e) => Err(format!("saving stopped: {e}")),
        };
        said.send(sentence);
    });
}

pub use crate::jobs::export::{save_all, save_converted};

/// Opens a folder in the system's file manager; says why not when it cannot.
pub(super) fn open_folder(dir: &std::path::Path) -> Result<(), String> {
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
