//! The jobs' room behind the engine's door ([`super::door`]): it starts jobs on the tokio runtime
//! (each frozen when it starts, waiting its turn when several are queued), cancels them, resumes
//! tasks an earlier run left open, fetches recorded results again, builds a request as curl and
//! runs batches, as [`JobCommand`]s say. It lives inside the door's actor, which keeps its books
//! ([`Engine::keep_books`]) for every event before the event goes out: a cancel that waited for
//! its task id leaves the moment the id arrives, whoever reads the events and whenever.
//! Nothing here touches egui.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::batch::{BatchItem, BatchRun, Batches, Manifest};
use super::pace::Limits;
use super::post::Post;
use super::record::{Recorder, Resumed, resume_task, run_recorded};
use super::{JobEvent, JobOutcome, LocalImages};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::job::JobSpec;
use crate::i18n::Said;
use crate::store::history::{HistoryEntry, HistoryStatus};
use crate::store::journal::JournalEntry;

/// At most this many jobs talk to the service at once; the rest wait (the account limit is
/// 5 tasks processing at once, shared with anything else the user runs).
pub const MAX_RUNNING: usize = 2;

/// What the engine reports. Job messages carry the job's id.
#[derive(Debug)]
pub enum EngineEvent {
    Started(u64),
    Event(u64, JobEvent),
    Finished(u64, Result<JobOutcome, ApiError>),
    /// The service refused to cancel the task (it was RUNNING): the job goes on.
    CancelRefused(u64),
    /// A request built as curl ([`Engine::plan_curl`]): the command line, or why it could not
    /// be.
    Curl(Result<String, Said>),
    /// Results fetched again ([`Engine::fetch_again`]): a sentence, and the completed history
    /// entry when every result arrived.
    Fetched(Said, Option<Box<HistoryEntry>>),
    /// What an earlier run left ([`Engine::left_over`]).
    LeftOver(LeftOver),
    /// A key checked ([`Engine::check_key`]); `quiet` when the window started it on its own.
    KeyChecked {
        check: super::key_check::KeyCheck,
        quiet: bool,
    },
    /// A batch moved ([`Engine::start_batch`]), or the unfinished batches found at start.
    Batch(BatchNews),
}

/// What a batch reports.
#[derive(Debug)]
pub enum BatchNews {
    /// An item started or ended.
    Item {
        out: PathBuf,
        index: usize,
        item: Box<BatchItem>,
    },
    /// The run ended (every item ended, or it was paused or stopped): the manifest as it is.
    Ended {
        out: PathBuf,
        manifest: Box<Manifest>,
    },
    /// Batches an earlier run left unfinished ([`Engine::left_over`]).
    Unfinished(Vec<(PathBuf, Manifest)>),
    /// The batch is running in another live wanedit: the sentence saying so, and its manifest
    /// as that process last wrote it. Said again as it moves; this engine takes the batch over
    /// when that process ends (then `TakenOver`).
    Elsewhere {
        out: PathBuf,
        sentence: Said,
        manifest: Option<Box<Manifest>>,
    },
    /// This window stopped following a batch another wanedit runs (it goes on there).
    StoppedWatching { out: PathBuf },
    /// The other process ended: the batch runs here from now on.
    TakenOver { out: PathBuf },
    /// The batch could not be started (its manifest unreadable): why.
    Refused { out: PathBuf, sentence: Said },
}

/// What [`Engine::start_batch`] runs.
#[derive(Debug, Clone)]
pub enum BatchStart {
    /// A new batch with this manifest.
    New(Box<Manifest>),
    /// The batch in the folder as its manifest says once this process owns it; with `retry`,
    /// its failed items (and, when `true`, those that may have run) sent again.
    Resume { retry: Option<bool> },
}

/// What the window (or a test) asks of the jobs' room, through the door.
pub enum JobCommand {
    /// Queues a job (frozen by the caller) under `id` ([`super::door::Door::new_id`]).
    Start {
        id: u64,
        client: Client,
        job: Box<JobSpec>,
        local: LocalImages,
        out_dir: PathBuf,
    },
    /// Finishes a journaled task an earlier run left open, under `id`.
    Resume {
        id: u64,
        client: Client,
        entry: Box<JournalEntry>,
    },
    /// Stops a job ([`Engine::cancel`]).
    Cancel(u64),
    /// Builds a request as curl for `base` ([`EngineEvent::Curl`]).
    PlanCurl { job: Box<JobSpec>, base: String },
    /// Downloads a recorded job's results again ([`EngineEvent::Fetched`]).
    FetchAgain {
        client: Client,
        history_id: String,
        out: PathBuf,
    },
    /// Checks a key for free; `place` names where requests go in its sentence.
    CheckKey {
        client: Client,
        model: &'static str,
        place: Said,
        quiet: bool,
    },
    /// What an earlier run left: every open task, or `only` this one ([`EngineEvent::LeftOver`]).
    LeftOver { only: Option<String> },
    /// Runs or continues a batch ([`EngineEvent::Batch`]); one already running here is left alone.
    StartBatch {
        client: Client,
        start: BatchStart,
        out: PathBuf,
        limits: Limits,
        local: LocalImages,
    },
    /// No further item of the batch in this folder starts; those under way finish.
    PauseBatch(PathBuf),
}

/// Tasks an earlier run left open (with their history entries), jobs whose results were not all
/// saved, and whether this was the look at start (else one task a row asked for).
#[derive(Debug)]
pub struct LeftOver {
    pub open: Vec<(JournalEntry, Option<HistoryEntry>)>,
    pub incomplete: Vec<HistoryEntry>,
    pub at_start: bool,
}

struct Running {
    task_id: Option<String>,
    client: Client,
    is_async: bool,
    /// The generation request has been sent (an answer may create paid work).
    sent: bool,
    /// Cancel was asked for: for an async task whose create is on its way, the task is
    /// cancelled as soon as its id arrives, so that it cannot run unseen.
    cancel_requested: bool,
    /// Stops the job where no task exists to cancel (queued, reading, a sync call).
    stop: tokio::sync::watch::Sender<bool>,
}

/// The engine of one window.
pub struct Engine {
    runtime: tokio::runtime::Handle,
    post: Post<EngineEvent>,
    slots: Arc<tokio::sync::Semaphore>,
    running: HashMap<u64, Running>,
    recorder: Recorder,
    /// Batches running, by folder: the switch that pauses each.
    batches: HashMap<PathBuf, tokio::sync::watch::Sender<bool>>,
}

/// How often a window looks whether another wanedit still owns a task or batch it waits for.
const TAKE_OVER_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

impl Engine {
    /// Jobs recorded (history, task journal) by `recorder`, reporting through `post` (the
    /// door's actor, which keeps the books and passes each event on).
    pub(super) fn new(
        runtime: tokio::runtime::Handle,
        recorder: Recorder,
        post: Post<EngineEvent>,
    ) -> Self {
        Engine {
            runtime,
            post,
            slots: Arc::new(tokio::sync::Semaphore::new(MAX_RUNNING)),
            running: HashMap::new(),
            recorder,
            batches: HashMap::new(),
        }
    }

    /// Does what `command` asks.
    pub(super) fn handle(&mut self, command: JobCommand) {
        match command {
            JobCommand::Start {
                id,
                client,
                job,
                local,
                out_dir,
            } => self.start(id, client, *job, local, out_dir),
            JobCommand::Resume { id, client, entry } => self.resume(id, client, *entry),
            JobCommand::Cancel(id) => self.cancel(id),
            JobCommand::PlanCurl { job, base } => self.plan_curl(*job, base),
            JobCommand::FetchAgain {
                client,
                history_id,
                out,
            } => self.fetch_again(client, history_id, out),
            JobCommand::CheckKey {
                client,
                model,
                place,
                quiet,
            } => self.check_key(client, model, place, quiet),
            JobCommand::LeftOver { only } => self.left_over(only),
            JobCommand::StartBatch {
                client,
                start,
                out,
                limits,
                local,
            } => {
                self.start_batch(client, start, out, limits, local);
            }
            JobCommand::PauseBatch(out) => self.pause_batch(&out),
        }
    }

    /// Runs (or continues) a batch into `out` at `limits`; its news arrive as
    /// [`EngineEvent::Batch`]. A batch already running in that folder here is left alone; one
    /// running in another wanedit is shown as such and taken over when that process ends.
    fn start_batch(
        &mut self,
        client: Client,
        start: BatchStart,
        out: PathBuf,
        limits: Limits,
        local: LocalImages,
    ) -> bool {
        if self.batches.contains_key(&out) {
            return false;
        }
        let (run, pause) = BatchRun::new(limits, local);
        self.batches.insert(out.clone(), pause);
        let (post, rec) = (self.post.clone(), self.recorder.clone());
        self.runtime.spawn(async move {
            let mut waited = false;
            let mut last_seen = None;
            let owner = loop {
                let o = out.clone();
                let claimed = tokio::task::spawn_blocking(move || {
                    let c = super::batch::claim_batch(&o);
                    let m = c.is_err().then(|| Manifest::load(&o).ok()).flatten();
                    (c, m)
                })
                .await;
                match claimed {
                    Ok((Ok(owner), _)) => break owner,
                    Ok((Err(sentence), manifest)) => {
                        if *run.pause.borrow() {
                            // Paused while it waits: it goes on there, and no longer waits here.
                            post.send(EngineEvent::Batch(BatchNews::StoppedWatching { out }));
                            return;
                        }
                        if !waited || manifest != last_seen {
                            post.send(EngineEvent::Batch(BatchNews::Elsewhere {
                                out: out.clone(),
                                sentence,
                                manifest: manifest.clone().map(Box::new),
                            }));
                            last_seen = manifest;
                        }
                        waited = true;
                        tokio::time::sleep(TAKE_OVER_EVERY).await;
                    }
                    Err(e) => {
                        post.send(EngineEvent::Batch(BatchNews::Refused {
                            out,
                            sentence: Said::Plain(e.to_string()),
                        }));
                        return;
                    }
                }
            };
            if waited {
                post.send(EngineEvent::Batch(BatchNews::TakenOver {
                    out: out.clone(),
                }));
            }
            // Read now that it is ours: another process may have moved it on.
            let manifest = match start {
                BatchStart::New(m) => *m,
                BatchStart::Resume { retry } => {
                    let o = out.clone();
                    match tokio::task::spawn_blocking(move || Manifest::load(&o)).await {
                        Ok(Ok(mut m)) => {
                            if let Some(unsure) = retry {
                                m.retry(unsure);
                            }
                            m
                        }
                        Ok(Err(sentence)) => {
                            post.send(EngineEvent::Batch(BatchNews::Refused { out, sentence }));
                            return;
                        }
                        Err(e) => {
                            post.send(EngineEvent::Batch(BatchNews::Refused {
                                out,
                                sentence: Said::Plain(e.to_string()),
                            }));
                            return;
                        }
                    }
                }
            };
            let items = post.clone();
            let folder = out.clone();
            let m = super::batch::run_batch(
                &owner,
                client,
                rec,
                manifest,
                out.clone(),
                run,
                move |i, it| {
                    items.send(EngineEvent::Batch(BatchNews::Item {
                        out: folder.clone(),
                        index: i,
                        item: Box::new(it.clone()),
                    }))
                },
            )
            .await;
            drop(owner);
            post.send(EngineEvent::Batch(BatchNews::Ended {
                out,
                manifest: Box::new(m),
            }));
        });
        true
    }

    /// Pauses the batch in `out`: no further item starts; those under way finish.
    fn pause_batch(&mut self, out: &std::path::Path) {
        if let Some(p) = self.batches.get(out) {
            let _ = p.send(true);
        }
    }

    /// Queues a job (already frozen by the caller) under `id`.
    fn start(
        &mut self,
        id: u64,
        client: Client,
        job: JobSpec,
        local: LocalImages,
        out_dir: PathBuf,
    ) {
        let post = self.post.clone();
        let slots = self.slots.clone();
        let c = client.clone();
        let rec = self.recorder.clone();
        let is_async = job.mode == crate::api::job::CallMode::Async;
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let cancel = stopped.clone();
        self.runtime.spawn(async move {
            // Waiting for a slot ends early when the job is cancelled in the queue.
            let permit = tokio::select! {
                p = slots.acquire_owned() => p.ok(),
                _ = stopped.wait_for(|c| *c) => None,
            };
            let Some(_permit) = permit else {
                post.send(EngineEvent::Finished(id, Err(ApiError::Canceled)));
                return;
            };
            post.send(EngineEvent::Started(id));
            let events = post.clone();
            let result = run_recorded(&c, &rec, job, local, &out_dir, cancel, move |e| {
                events.send(EngineEvent::Event(id, e))
            })
            .await;
            post.send(EngineEvent::Finished(id, result));
        });
        self.running.insert(
            id,
            Running {
                task_id: None,
                client,
                is_async,
                sent: false,
                cancel_requested: false,
                stop,
            },
        );
    }

    /// Finishes a journaled task (left open by an earlier run) under `id`: polls it, downloads
    /// its results and records them.
    fn resume(&mut self, id: u64, client: Client, entry: JournalEntry) {
        let post = self.post.clone();
        let c = client.clone();
        let rec = self.recorder.clone();
        let task_id = entry.task_id.clone();
        let (stop, _) = tokio::sync::watch::channel(false);
        self.runtime.spawn(async move {
            post.send(EngineEvent::Started(id));
            // Another live wanedit owning the task goes on with it; this window says so and
            // takes the task over once that process ends (its lock goes with it).
            let mut said = false;
            let resumed = loop {
                let events = post.clone();
                let r = resume_task(&c, &rec, entry.clone(), move |e| {
                    events.send(EngineEvent::Event(id, e))
                })
                .await;
                match r {
                    Resumed::Finished(Err(e @ ApiError::Elsewhere { .. })) => {
                        if !said {
                            said = true;
                            post.send(EngineEvent::Event(
                                id,
                                JobEvent::Notice(crate::said!(
                                    "owner-taken-over-later",
                                    why = e.said()
                                )),
                            ));
                        }
                        tokio::time::sleep(TAKE_OVER_EVERY).await;
                    }
                    other => break other,
                }
            };
            let result = match resumed {
                Resumed::Finished(r) => r,
                Resumed::Expired(sentence) => Err(ApiError::TaskExpired { sentence }),
                Resumed::Ended(j) => Ok(super::JobOutcome {
                    files: j.files,
                    task_id: Some(j.task_id),
                    ..Default::default()
                }),
            };
            post.send(EngineEvent::Finished(id, result));
        });
        self.running.insert(
            id,
            Running {
                task_id: Some(task_id),
                client,
                is_async: true,
                sent: true,
                cancel_requested: false,
                stop,
            },
        );
    }

    /// Keeps the books for an event a job or batch reported (which task a job created, which
    /// job ended), before it goes out. A cancel that waited for its task id is sent now.
    pub(super) fn keep_books(&mut self, event: &EngineEvent) {
        match event {
            EngineEvent::Event(id, JobEvent::Stage(super::Stage::Sending)) => {
                if let Some(r) = self.running.get_mut(id) {
                    r.sent = true;
                }
            }
            EngineEvent::Event(id, JobEvent::TaskCreated(h)) => {
                let mut cancel_now = false;
                if let Some(r) = self.running.get_mut(id) {
                    r.task_id = Some(h.task_id.clone());
                    cancel_now = r.cancel_requested;
                }
                if cancel_now {
                    self.cancel(*id);
                }
            }
            EngineEvent::Finished(id, _) => {
                self.running.remove(id);
            }
            EngineEvent::Batch(
                BatchNews::Ended { out, .. }
                | BatchNews::Refused { out, .. }
                | BatchNews::StoppedWatching { out },
            ) => {
                self.batches.remove(out);
            }
            EngineEvent::CancelRefused(id) => {
                if let Some(r) = self.running.get_mut(id) {
                    r.cancel_requested = false;
                }
            }
            _ => {}
        }
    }

    /// Builds `job`'s request as a curl command for `base` (the key as `$DASHSCOPE_API_KEY`),
    /// exactly as it would be sent: reading, preparing and encoding every input takes seconds
    /// for nine large files, so it runs here, not where the window draws.
    fn plan_curl(&self, mut job: JobSpec, base: String) {
        let post = self.post.clone();
        self.runtime.spawn(async move {
            let r = super::plan_only(&mut job)
                .await
                .map(|plan| crate::api::request::to_curl(&plan, &base))
                .map_err(|e| e.said());
            post.send(EngineEvent::Curl(r));
        });
    }

    /// Downloads a recorded job's results again into `out` (a download is not billed).
    fn fetch_again(&self, client: Client, history_id: String, out: PathBuf) {
        let (post, rec) = (self.post.clone(), self.recorder.clone());
        self.runtime.spawn(async move {
            let (sentence, entry) =
                match super::record::fetch_again(&client, &rec, &history_id, out).await {
                    Ok(e) if e.status == HistoryStatus::Done => (
                        crate::said!("fetched-again", count = e.outputs.len()),
                        Some(Box::new(e)),
                    ),
                    Ok(e) => (
                        e.sentence
                            .unwrap_or_else(|| crate::said!("fetched-not-all")),
                        None,
                    ),
                    Err(e) => (e.said(), None),
                };
            post.send(EngineEvent::Fetched(sentence, entry));
        });
    }

    /// Checks the client's key for free (see [`super::key_check`]).
    fn check_key(&self, client: Client, model: &'static str, place: Said, quiet: bool) {
        let post = self.post.clone();
        self.runtime.spawn(async move {
            let check = super::key_check::check_key(&client, model, &place).await;
            post.send(EngineEvent::KeyChecked { check, quiet });
        });
    }

    /// Reads the task journal and history: the tasks left open (`only` one, or all) and, when
    /// all, the jobs whose results were not all saved.
    fn left_over(&self, only: Option<String>) {
        let (post, rec) = (self.post.clone(), self.recorder.clone());
        self.runtime.spawn_blocking(move || {
            // A batch's tasks are its own to finish (its manifest follows them).
            let batches = if only.is_none() {
                Batches::of(&rec).unfinished()
            } else {
                Vec::new()
            };
            let owned: std::collections::HashSet<String> = batches
                .iter()
                .flat_map(|(_, m)| m.items.iter())
                .flat_map(|i| [i.task_id.clone(), i.history_id.clone()])
                .flatten()
                .collect();
            let open = rec
                .journal
                .open_entries()
                .into_iter()
                .filter(|j| only.as_ref().is_none_or(|t| *t == j.task_id))
                .filter(|j| {
                    !owned.contains(&j.task_id)
                        && j.history_id.as_ref().is_none_or(|h| !owned.contains(h))
                })
                .map(|j| {
                    let h = j.history_id.as_deref().and_then(|id| rec.history.get(id));
                    (j, h)
                })
                .collect();
            let incomplete = if only.is_none() {
                super::record::left_incomplete(&rec)
            } else {
                Vec::new()
            };
            post.send(EngineEvent::LeftOver(LeftOver {
                open,
                incomplete,
                at_start: only.is_none(),
            }));
            if !batches.is_empty() {
                post.send(EngineEvent::Batch(BatchNews::Unfinished(batches)));
            }
        });
    }

    /// Stops a job. Before anything paid was sent, the work is simply dropped. An async task is
    /// cancelled on the service (possible while PENDING) and its poll then ends it; if its
    /// create request is still on its way, the cancel waits for the task id, so the task cannot
    /// run unseen; if the service refuses (the task already RUNNING), the job keeps waiting for
    /// its result, which is billed anyway. A sync call is abandoned, and the message says the
    /// service may still finish (and bill) it. The outcome arrives as a `Finished` event.
    fn cancel(&mut self, id: u64) {
        let Some(r) = self.running.get_mut(&id) else {
            return;
        };
        match (&r.task_id, r.is_async && r.sent) {
            (Some(task_id), _) => {
                r.cancel_requested = true;
                let client = r.client.clone();
                let task_id = task_id.clone();
                let post = self.post.clone();
                self.runtime.spawn(async move {
                    if let Err(e) = super::cancel_remote(&client, &task_id).await {
                        // The service's own words (not our sentence around them, whose advice
                        // is for a request to change).
                        let detail = match &e {
                            ApiError::Service { message, .. } if !message.is_empty() => {
                                crate::i18n::Said::Plain(message.clone())
                            }
                            other => other.said(),
                        };
                        let refused = ApiError::CancelRefused {
                            task_id: task_id.clone(),
                            detail,
                            request_id: e.request_id().map(String::from),
                        };
                        post.send(EngineEvent::Event(
                            id,
                            JobEvent::Notice(
                                refused
                                    .said()
                                    .then("; ", "wanedit keeps waiting for its result".into()),
                            ),
                        ));
                        post.send(EngineEvent::CancelRefused(id));
                    }
                });
            }
            // The create is on its way: cancel when the task id arrives.
            (None, true) => r.cancel_requested = true,
            (None, false) => {
                r.cancel_requested = true;
                let _ = r.stop.send(true);
            }
        }
    }
}
