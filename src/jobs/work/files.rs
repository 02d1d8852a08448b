//! The files' room: the system's dialogs asked (and what follows an answer: a save, a batch's
//! files read, an export), saves into a place already chosen, a folder opened in the file
//! manager, a folder listed for the window's own picker, the sample photos written, the
//! composer kept, a crash report marked as seen. Each ends in a sentence or an answer.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::dialogs::{Dialogs, ImagesDialog, Picked, SystemDialogs};
use super::library::Told;
use crate::i18n::Said;
use crate::jobs::post::Post;
use crate::store::session::SessionOwner;

/// A save waiting for its place.
pub enum SaveJob {
    /// A result, in the format its name's extension says.
    SaveAs { source: PathBuf, jpeg_quality: u8 },
    /// A before/after sheet (PNG).
    Sheet(crate::jobs::export::SheetSides),
    /// A job's results into a folder.
    All { files: Vec<PathBuf>, job: u64 },
    /// The picked results of the recorded jobs `ids` into a folder (see
    /// `History::export_picked`).
    Picked {
        history: crate::store::history::History,
        ids: Vec<String>,
    },
}

/// What a system dialog asks.
#[derive(Debug, Clone)]
pub enum Question {
    /// Images to add (several at once), the dialog in these words.
    Images(ImagesDialog),
    /// Where to save a file of this name.
    SaveFile(String),
    /// A folder, the dialog titled so.
    Folder(String),
}

/// The composer's writer: the latest state wins, written atomically (by `owner`, while it is
/// there: the window takes it at close, which stops the writes).
pub type Keeping = (
    Arc<Mutex<Option<SessionOwner>>>,
    tokio::sync::watch::Receiver<Vec<u8>>,
);

pub enum FilesCommand {
    /// The dialogs to ask from now on (tests put in their own).
    UseDialogs(Arc<dyn Dialogs>),
    /// Asks a dialog; its answer goes to `reply`.
    Ask {
        question: Question,
        reply: Post<Picked>,
    },
    /// Asks for images (or a folder: `question`) for a batch and reads them.
    AskBatchFiles {
        question: Question,
        reply: Post<Result<Vec<PathBuf>, Said>>,
    },
    /// Asks where to save `job` (`question`) and saves it there; when the dialog cannot open,
    /// `here` gets the job back with why (the window's own picker asks instead).
    AskAndSave {
        job: SaveJob,
        question: Question,
        said: Told,
        here: Post<(SaveJob, Said)>,
    },
    /// Saves `job` to `target` (a file, or the folder for `All`).
    SaveTo {
        job: SaveJob,
        target: PathBuf,
        said: Told,
    },
    /// Asks for a folder (`title`) and copies `files` into it; `out` is where they are, said
    /// when the dialog cannot open.
    ExportTo {
        files: Vec<PathBuf>,
        out: PathBuf,
        title: String,
        said: Told,
    },
    /// Opens a folder in the system's file manager.
    OpenFolder { dir: PathBuf, said: Told },
    /// A folder's entries for the window's own picker.
    ListDir {
        dir: PathBuf,
        reply: Post<(PathBuf, Result<Vec<crate::store::fs::ListedEntry>, Said>)>,
    },
    /// Writes bundled files into `dir` (once) and answers their paths.
    WriteOwnFiles {
        dir: PathBuf,
        files: &'static [(&'static str, &'static [u8])],
        reply: Post<Result<Vec<PathBuf>, Said>>,
    },
    /// Keeps the composer from now on ([`Keeping`]).
    KeepComposer(Keeping),
    /// The crash report was read: the next start does not offer it again.
    MarkCrashSeen(PathBuf),
}

pub(super) struct Room {
    dialogs: Arc<dyn Dialogs>,
}

impl Room {
    pub(super) fn new() -> Self {
        Room {
            dialogs: Arc::new(SystemDialogs),
        }
    }

    fn ask(&self, q: &Question) -> super::dialogs::Answer {
        match q {
            Question::Images(words) => self.dialogs.pick_images(words.clone()),
            Question::SaveFile(name) => self.dialogs.save_file(name.clone()),
            Question::Folder(title) => self.dialogs.pick_folder(title.clone()),
        }
    }

    pub(super) fn handle(&mut self, rt: &tokio::runtime::Handle, command: FilesCommand) {
        match command {
            FilesCommand::UseDialogs(d) => self.dialogs = d,
            FilesCommand::Ask { question, reply } => {
                let answer = self.ask(&question);
                rt.spawn(async move { reply.send(answer.await) });
            }
            FilesCommand::AskBatchFiles { question, reply } => {
                let answer = self.ask(&question);
                rt.spawn(async move {
                    let r = match answer.await {
                        Picked::Chosen(paths) => tokio::task::spawn_blocking(move || {
                            crate::jobs::batch::expand_inputs(&paths)
                        })
                        .await
                        .unwrap_or_else(|e| Err(Said::Plain(e.to_string()))),
                        Picked::Cancelled => Ok(Vec::new()),
                        Picked::Failed(why) => Err(why.then(
                            ": ",
                            "drop the files or their folder on the Batch tab instead".into(),
                        )),
                    };
                    reply.send(r);
                });
            }
            FilesCommand::AskAndSave {
                job,
                question,
                said,
                here,
            } => {
                let answer = self.ask(&question);
                let rt2 = rt.clone();
                rt.spawn(async move {
                    match answer.await {
                        Picked::Chosen(mut p) if !p.is_empty() => {
                            save_to(&rt2, job, p.remove(0), said)
                        }
                        Picked::Chosen(_) | Picked::Cancelled => {}
                        Picked::Failed(why) => here.send((job, why)),
                    }
                });
            }
            FilesCommand::SaveTo { job, target, said } => save_to(rt, job, target, said),
            FilesCommand::ExportTo {
                files,
                out,
                title,
                said,
            } => {
                let answer = self.dialogs.pick_folder(title);
                rt.spawn(async move {
                    let dest = match answer.await {
                        Picked::Chosen(mut p) if !p.is_empty() => p.remove(0),
                        Picked::Chosen(_) | Picked::Cancelled => return,
                        Picked::Failed(why) => {
                            let kept = format!("the accepted results are in {}", out.display());
                            said.send(Err(why.then(": ", kept.into())));
                            return;
                        }
                    };
                    let r = tokio::task::spawn_blocking(move || {
                        crate::jobs::export::copy_into(&files, &dest)
                    })
                    .await
                    .unwrap_or_else(|e| Err(Said::Plain(e.to_string())));
                    said.send(r);
                });
            }
            FilesCommand::OpenFolder { dir, said } => {
                rt.spawn_blocking(move || said.send(open_folder(&dir)));
            }
            FilesCommand::ListDir { dir, reply } => {
                rt.spawn_blocking(move || {
                    let listing = crate::store::fs::list_dir(&dir).map_err(|e| {
                        Said::Plain(format!("could not read the folder {}: {e}", dir.display()))
                    });
                    reply.send((dir, listing));
                });
            }
            FilesCommand::WriteOwnFiles { dir, files, reply } => {
                rt.spawn_blocking(move || {
                    let written = files
                        .iter()
                        .map(|(name, bytes)| {
                            crate::store::fs::write_own_file(&dir, name, bytes).map_err(|e| {
                                crate::said!(
                                    "samples-not-written",
                                    folder = dir.display().to_string(),
                                    why = e.to_string()
                                )
                            })
                        })
                        .collect::<Result<Vec<_>, _>>();
                    reply.send(written);
                });
            }
            FilesCommand::KeepComposer((owner, mut latest)) => {
                rt.spawn(async move {
                    while latest.changed().await.is_ok() {
                        let bytes = latest.borrow_and_update().clone();
                        let o = owner.clone();
                        let r = tokio::task::spawn_blocking(move || keep(&o, &bytes)).await;
                        if let Ok(Err(e)) = r {
                            tracing::warn!("the composer could not be kept: {e}");
                        }
                    }
                });
            }
            FilesCommand::MarkCrashSeen(p) => {
                rt.spawn_blocking(move || crate::logging::mark_crash_report_seen(&p));
            }
        }
    }
}

/// Writes `bytes` as the kept composer (blocking), unless its owner is gone.
pub fn keep(owner: &Mutex<Option<SessionOwner>>, bytes: &[u8]) -> std::io::Result<()> {
    let guard = owner.lock().unwrap_or_else(|p| p.into_inner());
    match guard.as_ref() {
        Some(o) => o.write(bytes),
        None => Ok(()),
    }
}

/// Writes `job` to `target`, off the async workers, and says how it went.
fn save_to(rt: &tokio::runtime::Handle, job: SaveJob, target: PathBuf, said: Told) {
    use crate::jobs::export::{save_all, save_converted, save_sheet};
    rt.spawn(async move {
        let sentence = tokio::task::spawn_blocking(move || match job {
            SaveJob::SaveAs {
                source,
                jpeg_quality,
            } => save_converted(&source, &target, jpeg_quality)
                .map(|p| crate::said!("saved-file", file = p.display().to_string())),
            SaveJob::Sheet(sides) => save_sheet(&sides, &target)
                .map(|p| crate::said!("saved-sheet", file = p.display().to_string())),
            SaveJob::All { files, job } => save_all(&files, &target, &format!("wanedit-job{job}"))
                .map(|saved| {
                    crate::said!(
                        "saved-all",
                        count = saved.len(),
                        folder = target.display().to_string()
                    )
                }),
            SaveJob::Picked { history, ids } => history.export_picked(&ids, &target),
        })
        .await
        .unwrap_or_else(|e| Err(crate::said!("saving-stopped", why = e.to_string())));
        said.send(sentence);
    });
}

/// Opens a folder in the system's file manager; one that cannot start, or says it failed,
/// ends in a sentence.
fn open_folder(dir: &std::path::Path) -> Result<Said, Said> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let failed = |why: String| {
        Err(crate::said!(
            "folder-not-opened",
            folder = dir.display().to_string(),
            opener = opener,
            why = why
        ))
    };
    match std::process::Command::new(opener)
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
    {
        // explorer.exe answers 1 even when it opened the folder.
        Ok(s) if s.success() || cfg!(target_os = "windows") => {
            Ok(Said::Plain(format!("opened {}", dir.display())))
        }
        Ok(s) => failed(format!("it ended with {s}")),
        Err(e) => failed(e.to_string()),
    }
}
