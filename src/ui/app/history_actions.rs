//! What the History tab and a result row ask of the app: resume tasks, reopen or re-run a
//! recorded job, fetch results again, show a recorded job.

use crate::jobs::engine::JobCommand;
use crate::ui::inputs::{NewInput, RestoredInput};
use crate::ui::results::{JobStatus, JobView, ResultImage, Slot, texts_of};
use std::collections::HashSet;
use std::path::PathBuf;

use super::{CentralTab, ToResume, WanEditApp};
use crate::api::client::Client;
use crate::api::job::{ImageSource, JobSpec};
use crate::store::history::HistoryEntry;
use crate::ui::panels::history::{HistoryAction, when};

impl WanEditApp {
    /// Reads the task journal and history (on the runtime), resumes every task an earlier run
    /// left open and fetches again the results it could not save (a download is not billed);
    /// called once a key is known. Each resumed task appears in Results like a new job.
    pub fn resume_open_tasks(&mut self) {
        self.library.resume_pending = false;
        self.resume_from_disk(None);
    }

    /// Resumes open tasks read from the journal: `only` one (a row's Resume button; its row
    /// is reused), or every one plus the results left to fetch (at start).
    pub(super) fn resume_from_disk(&mut self, only: Option<String>) {
        self.door.send(JobCommand::LeftOver { only });
    }

    pub(super) fn poll_resume(&mut self) {
        if self.library.resume_pending && self.effective_key().is_some() {
            self.resume_open_tasks();
        }
    }

    pub(super) fn start_resumed(
        &mut self,
        open: Vec<ToResume>,
        incomplete: Vec<HistoryEntry>,
        at_start: bool,
    ) {
        let Some((key, _)) = self.effective_key() else {
            return;
        };
        let n = open.len();
        for (entry, h) in open {
            let client = Client::new(&entry.base_url, key.clone(), self.session.timing.clone());
            let spec = h.as_ref().map(|h| h.spec.clone()).unwrap_or_else(|| {
                JobSpec::new(&entry.model, "(a task resumed from an earlier run)")
            });
            let task_id = entry.task_id.clone();
            let out_dir = entry.out_dir.clone();
            let history_id = entry.history_id.clone();
            // History's copies of its inputs: the "before" of Compare for the resumed job.
            let copies: Vec<Option<String>> = h
                .as_ref()
                .map(|h| h.inputs.iter().map(|i| i.file.clone()).collect())
                .unwrap_or_default();
            let id = self.door.new_id();
            self.door.send(JobCommand::Resume {
                id,
                client,
                entry: Box::new(entry),
            });
            // A row that lost sight of this task goes on, with its inputs for compare.
            if let Some(j) = self
                .runs
                .jobs
                .iter_mut()
                .find(|j| !j.is_active() && j.task_id.as_deref() == Some(task_id.as_str()))
            {
                j.id = id;
                j.status = JobStatus::Working(crate::t!("history-status-resuming"));
                j.resumable = false;
                j.finished = None;
                continue;
            }
            self.runs.jobs.insert(
                0,
                JobView {
                    status: JobStatus::Working(crate::t!("history-status-resuming")),
                    task_id: Some(task_id),
                    request_id: h.and_then(|h| h.request_id),
                    history_id,
                    ..JobView::new(id, spec, out_dir)
                },
            );
            let store = self.library.history.history().clone();
            for (i, f) in copies.iter().enumerate() {
                if let Some(f) = f {
                    self.runs
                        .results
                        .load(id, Slot::Input(i), store.file_path(f));
                }
            }
        }
        // Into the folder each was meant for; if that still fails, History → Fetch again
        // takes the current output folder.
        for e in &incomplete {
            if let Err(m) = self.fetch_again_into(e, e.out_dir.clone()) {
                self.problem(m);
            }
        }
        if n > 0 && at_start {
            self.say(crate::said!("resuming-open-tasks", count = n));
        } else if n > 0 {
            self.say(crate::said!("resume-the-task"));
        } else if !at_start {
            self.say(crate::said!("task-no-longer-open"));
        }
    }

    /// A recorded job as the History tab last read it.
    pub(super) fn recorded(&self, id: &str) -> Result<HistoryEntry, String> {
        self.library
            .history
            .get(id)
            .cloned()
            .ok_or_else(|| format!("history has no job {id}"))
    }

    /// Puts a recorded job back in the editor: model, prompt and settings, its images (the
    /// copies history kept) with their boxes and painted masks.
    pub fn reopen(&mut self, id: &str) -> Result<(), String> {
        let mut e = self.recorded(id)?;
        // One call of a job detail mode split: the job as composed (every box, its prompt).
        e.spec = e.spec.whole();
        let model = crate::api::catalog::ModelSpec::find(&e.spec.model)
            .ok_or_else(|| crate::t!("history-unknown-model", model = e.spec.model.as_str()))?;
        let mut restored = Vec::new();
        for (img, stored) in e.spec.images.iter().zip(&e.inputs) {
            let input = match (&img.source, &stored.file) {
                (ImageSource::File(_) | ImageSource::Data(_), Some(f)) => {
                    // A copy that went missing is said by the loader, on the runtime.
                    NewInput::File(self.library.history.history().file_path(f))
                }
                (ImageSource::Url(u), _) => NewInput::Url(u.clone()),
                (ImageSource::File(p), None) => NewInput::File(p.clone()),
                (ImageSource::Data(_), None) => {
                    return Err(crate::t!("history-no-copy", name = stored.name.as_str()));
                }
                (ImageSource::Oss(u), _) => {
                    return Err(format!(
                        "{u} is an oss:// input, which lasts 48 hours and cannot be reopened; add the image again"
                    ));
                }
            };
            restored.push(RestoredInput {
                input,
                name: stored.name.clone(),
                boxes: img.boxes.clone(),
                // The mask painted over them, kept with the job.
                mask: img.mask.clone(),
                boxes_frame: img.boxes_frame,
            });
        }
        // What was here comes back with Undo.
        let kept = self.keep_before_replacing();
        self.compose.model = model;
        self.compose.prompt = self.compose.prompt.from_job(&e.spec);
        self.pictures
            .retain(|p| !matches!(p, crate::ui::pictures::PictureId::Canvas(_)));
        self.compose.inputs.restore(restored, model);
        // The image its results were composited into, marked again.
        self.compose.inputs.target = e
            .spec
            .region
            .target
            .and_then(|t| self.compose.inputs.slots.get(t).map(|s| s.id));
        self.compose.selected = 0;
        self.canvas = Default::default();
        self.undo_starts_here();
        self.tab = CentralTab::Canvas;
        self.say(if kept {
            crate::t!("reopened-undoable", when = when(&e))
        } else {
            crate::t!("reopened", when = when(&e))
        });
        Ok(())
    }

    /// Shows a recorded job in Results and Compare: its results (history's copies) after,
    /// its inputs before. Nothing is sent.
    pub fn show_recorded(&mut self, id: &str) -> Result<(), String> {
        let e = self.recorded(id)?;
        if let Some(j) = self
            .runs
            .jobs
            .iter()
            .find(|j| j.history_id.as_deref() == Some(id))
            && !j.images.is_empty()
        {
            // Already in Results (run or shown in this window): just select it.
            self.runs.selected_result = Some((j.id, 0));
        } else {
            let view = self.door.new_id();
            let store = self.library.history.history().clone();
            // The copies in history outlive the output folder's files.
            let images: Vec<ResultImage> = e
                .outputs
                .iter()
                .map(|o| {
                    let raw = store.file_path(&o.file);
                    let region = o.composite.as_ref().map(|c| {
                        let composite = c.file.as_ref().map(|f| store.file_path(f));
                        crate::jobs::region::RegionResult::from_stored(c, raw.clone(), composite)
                    });
                    let composited = o.composite.as_ref().and_then(|c| c.saved_as.clone());
                    let mut img = ResultImage::of(raw, region);
                    img.saved_as = composited.or_else(|| Some(o.saved_as.clone()));
                    img.flag = o.flag;
                    img
                })
                .collect();
            for (i, input) in e.inputs.iter().enumerate() {
                if let Some(f) = &input.file {
                    self.runs
                        .results
                        .load(view, Slot::Input(i), store.file_path(f));
                }
            }
            let now = std::time::Instant::now();
            let took = std::time::Duration::from_millis(e.timings.finished_ms.unwrap_or(0));
            self.runs.jobs.insert(
                0,
                JobView {
                    started: now.checked_sub(took).unwrap_or(now),
                    finished: Some(now),
                    status: JobStatus::Done,
                    task_id: e.task_id.clone(),
                    request_id: e.request_id.clone(),
                    usage: e.usage.clone(),
                    images,
                    texts: texts_of(&e.items),
                    notices: e.notices.clone(),
                    history_id: Some(e.id.clone()),
                    ..JobView::new(view, e.spec.clone(), e.out_dir.clone())
                },
            );
            self.runs.results.load_results(&self.runs.jobs[0]);
            if let Some(c) = &e.choice {
                self.show_kept(view, c);
            }
            self.runs.selected_result = Some((view, 0));
        }
        self.tab = CentralTab::Compare;
        self.runs.compare.view.fitted = true;
        Ok(())
    }

    /// Fork from here: a new composition whose image 1 is the job's picture (its choice's
    /// composite, else its first picked result, else its first result, as the job shows it),
    /// added as Use as input adds a result: history's copy, so the next job's parent is this
    /// one. The model stays; the strip, boxes and prompt before it come back with Undo.
    pub fn fork(&mut self, id: &str) -> Result<(), String> {
        let e = self.recorded(id)?;
        let picked = e
            .outputs
            .iter()
            .find(|o| o.flag == Some(crate::store::history::Flag::Picked));
        let output = picked.or(e.outputs.first());
        let shown = output.map(|o| {
            let saved = o.composite.as_ref().and_then(|c| c.saved_as.clone());
            (o.shown_file(), saved.unwrap_or_else(|| o.saved_as.clone()))
        });
        let choice = e
            .choice
            .as_ref()
            .and_then(|c| Some((c.file.as_deref()?, c.saved_as.clone()?)));
        let Some((file, saved_as)) = choice.or(shown) else {
            return Err(crate::t!("history-fork-nothing"));
        };
        let path = self.library.history.history().file_path(file);
        let name = saved_as
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.to_string());
        let kept = self.keep_before_replacing();
        self.pictures
            .retain(|p| !matches!(p, crate::ui::pictures::PictureId::Canvas(_)));
        self.compose.inputs.restore(
            vec![RestoredInput {
                input: NewInput::File(path),
                name,
                boxes: Vec::new(),
                mask: Vec::new(),
                boxes_frame: None,
            }],
            self.compose.model,
        );
        self.compose.inputs.target = None;
        self.compose.prompt.prompt.clear();
        self.compose.selected = 0;
        self.canvas = Default::default();
        self.undo_starts_here();
        self.tab = CentralTab::Canvas;
        self.say(if kept {
            crate::t!("forked-undoable", when = when(&e))
        } else {
            crate::t!("forked", when = when(&e))
        });
        Ok(())
    }

    /// Reopens a recorded job and runs it again as soon as its images are loaded.
    pub fn rerun(&mut self, id: &str) -> Result<(), String> {
        self.reopen(id)?;
        self.compose.rerun_when_loaded = true;
        Ok(())
    }

    pub(super) fn poll_rerun(&mut self) {
        if self.compose.rerun_when_loaded && !self.compose.inputs.is_loading() {
            self.compose.rerun_when_loaded = false;
            match self.run() {
                Ok(_) => self.say(crate::said!("rerun-again")),
                Err(e) => self.problem(e),
            }
        }
    }

    /// Downloads a recorded job's results again (into the current output folder).
    pub fn fetch_again(&mut self, id: &str) -> Result<(), String> {
        let e = self.recorded(id)?;
        self.fetch_again_into(&e, self.session.settings.out_dir.clone())
    }

    pub(super) fn fetch_again_into(
        &mut self,
        e: &HistoryEntry,
        out: PathBuf,
    ) -> Result<(), String> {
        let (key, _) = self
            .effective_key()
            .ok_or_else(|| crate::t!("fetch-again-no-key"))?;
        let client = e.client(key, self.session.timing.clone());
        self.say(crate::said!("fetching-again"));
        self.door.send(JobCommand::FetchAgain {
            client,
            history_id: e.id.clone(),
            out,
        });
        Ok(())
    }

    /// Results fetched again: the sentence, History read again, and the job's row in Results
    /// completed when it has one.
    pub(super) fn fetched(
        &mut self,
        sentence: crate::i18n::Said,
        entry: Option<Box<HistoryEntry>>,
    ) {
        self.say(sentence.words());
        self.library.history.refresh();
        let Some(e) = entry else { return };
        for j in self
            .runs
            .jobs
            .iter_mut()
            .filter(|j| j.history_id.as_deref() == Some(e.id.as_str()))
        {
            j.fetched(&e);
            self.runs.results.load_results(j);
        }
    }

    /// The History tab and what it asks for.
    pub(super) fn history_ui(&mut self, ui: &mut egui::Ui) {
        let active: HashSet<String> = self
            .runs
            .jobs
            .iter()
            .filter(|j| j.is_active())
            .filter_map(|j| j.history_id.clone())
            .collect();
        let r = match self.library.history.show(ui, &active, &mut self.pictures) {
            HistoryAction::None => Ok(()),
            HistoryAction::Reopen(id) => self.reopen(&id),
            HistoryAction::Rerun(id) => self.rerun(&id),
            HistoryAction::FetchAgain(id) => self.fetch_again(&id),
            HistoryAction::Delete(id) => {
                self.library.history.delete(&id);
                Ok(())
            }
            HistoryAction::Show(id) => self.show_recorded(&id),
            HistoryAction::Fork(id) => self.fork(&id),
            HistoryAction::ExportPicked(ids) => {
                self.export_picked(ids);
                Ok(())
            }
            HistoryAction::OpenFolder(dir) => {
                self.open_folder(dir);
                Ok(())
            }
        };
        if let Err(e) = r {
            self.problem(e);
        }
    }
}
