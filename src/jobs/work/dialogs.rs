//! The system's file dialogs, behind a trait the tests replace (the files room asks them). A dialog that cannot open says
//! so ([`Picked::Failed`]) instead of looking like a cancel, so the window can say why and offer
//! its own picker.
//!
//! On Linux, rfd asks the xdg file-chooser portal over D-Bus and falls back to zenity; when both
//! fail it only logs and returns "nothing chosen", exactly like a cancel. A person cannot cancel a
//! dialog within a fraction of a second, so "nothing chosen" that fast is taken as "the dialog
//! did not open" (the cost of a wrong guess is only that the in-window picker opens).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::{Duration, Instant};

use crate::i18n::Said;

/// What a dialog answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    Chosen(Vec<PathBuf>),
    Cancelled,
    /// The dialog could not open; the sentence says why.
    Failed(Said),
}

/// The words of the images dialog, in the language of the window that asks (it puts them
/// into words when it sends the question: the system draws them as they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagesDialog {
    /// The dialog's title.
    pub title: String,
    /// The name of its filter (the image types).
    pub filter: String,
}

pub type Answer = Pin<Box<dyn Future<Output = Picked> + Send>>;

/// The dialogs the window uses. Each runs on the runtime, never on the UI thread.
pub trait Dialogs: Send + Sync {
    /// Images to add (several at once), the dialog in `words`.
    fn pick_images(&self, words: ImagesDialog) -> Answer;
    /// Where to save a file named `name`.
    fn save_file(&self, name: String) -> Answer;
    /// A folder (Save all).
    fn pick_folder(&self, title: String) -> Answer;
}

/// The system's dialogs (rfd: the portal, zenity, or the platform's own).
pub struct SystemDialogs;

/// Faster than this, "nothing chosen" means the dialog did not open.
const TOO_FAST: Duration = Duration::from_millis(700);

async fn judged<F: Future<Output = Option<Vec<PathBuf>>>>(f: F) -> Picked {
    let started = Instant::now();
    match f.await {
        Some(paths) if !paths.is_empty() => Picked::Chosen(paths),
        _ if started.elapsed() < TOO_FAST => Picked::Failed(why_no_dialog()),
        _ => Picked::Cancelled,
    }
}

fn why_no_dialog() -> Said {
    if cfg!(target_os = "linux") {
        let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
        let zenity = crate::store::fs::find_on_path("zenity").is_some();
        crate::said!(
            "dialog-did-not-open-why",
            portal = if bus {
                crate::said!("dialog-no-portal")
            } else {
                crate::said!("dialog-no-dbus")
            },
            zenity = if zenity {
                crate::said!("dialog-zenity-failed")
            } else {
                crate::said!("dialog-no-zenity")
            }
        )
    } else {
        crate::said!("dialog-did-not-open")
    }
}

impl Dialogs for SystemDialogs {
    fn pick_images(&self, words: ImagesDialog) -> Answer {
        Box::pin(judged(async move {
            rfd::AsyncFileDialog::new()
                .set_title(words.title)
                .add_filter(
                    words.filter,
                    &["jpg", "jpeg", "png", "bmp", "webp", "gif", "tif", "tiff"],
                )
                .pick_files()
                .await
                .map(|files| files.into_iter().map(|f| f.path().to_path_buf()).collect())
        }))
    }

    fn save_file(&self, name: String) -> Answer {
        Box::pin(judged(async move {
            rfd::AsyncFileDialog::new()
                .set_file_name(&name)
                .add_filter("PNG", &["png"])
                .add_filter("JPEG", &["jpg", "jpeg"])
                .add_filter("WebP", &["webp"])
                .save_file()
                .await
                .map(|f| vec![f.path().to_path_buf()])
        }))
    }

    fn pick_folder(&self, title: String) -> Answer {
        Box::pin(judged(async move {
            rfd::AsyncFileDialog::new()
                .set_title(&title)
                .pick_folder()
                .await
                .map(|f| vec![f.path().to_path_buf()])
        }))
    }
}
