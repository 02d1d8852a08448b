//! Jobs with their record: history and the task journal written at each step, so that a paid
//! result survives a crash, a kill, a closed laptop or a full disk.
//!
//! The command line and the window both run jobs through [`run_recorded`] and finish left-over
//! tasks through [`resume_task`]; the order of writes is what makes "nothing lost" hold:
//! 1. the history entry (with copies of the inputs) is written before anything is sent; if it
//!    cannot be, nothing is sent;
//! 2. an async task is journaled the moment its id is known (before the first poll);
//! 3. the end state is written to history, and the journal entry closed only when the results
//!    are on disk or the task has ended for good.

mod said;

use crate::i18n::Said;
use said::{begin_said, joined, stored_said};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::fetched::target_as_sent;
pub use super::fetched::{fetch_again, left_incomplete};
use super::owners::hold;
pub use super::parts::run_recorded;
use super::stream::HOLD_AT_MOST;
use super::{JobEvent, JobOutcome, LocalImages, Stage, run_job};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::job::JobSpec;
use crate::store::history::{
    BeginError, History, HistoryEntry, HistoryStatus, StoredComposite, StoredOutput,
};
use crate::store::journal::{self, EntryState, Journal, JournalEntry};
use crate::store::ledger::Ledger;
use crate::store::owner;
use crate::store::prices::Prices;

/// History, task journal, ledger and prices of one data folder.
#[derive(Debug, Clone)]
pub struct Recorder {
    pub history: History,
    pub journal: Journal,
    pub ledger: Ledger,
    pub prices: Prices,
    /// The folder they are in.
    pub data_dir: PathBuf,
}

impl Recorder {
    /// `{data}/history`, `{data}/tasks`, `{data}/ledger.jsonl`, `{data}/prices.json`.
    pub fn at(data_dir: &Path) -> Recorder {
        Recorder {
            history: History::at(data_dir.join("history")),
            journal: Journal::at(data_dir.join("tasks")),
            ledger: Ledger::in_data_dir(data_dir),
            prices: Prices::in_data_dir(data_dir),
            data_dir: data_dir.to_path_buf(),
        }
    }

    /// The platform data folder (or `WANEDIT_DATA_DIR`).
    pub fn open_default() -> Recorder {
        Recorder::at(&journal::data_dir())
    }
}

fn ms_since(t: Instant) -> Option<u64> {
    Some(t.elapsed().as_millis() as u64)
}

/// Runs one call of `job` like [`run_job`], recording it (a job detail mode splits runs as its
/// calls through [`run_recorded`]). `cancel` turning `true` stops a job whose request
/// has not created a task (before sending: nothing billed; a sync call in flight: abandoned, the
/// sentence says it may still be billed). An async task is cancelled on the service instead
/// (see [`crate::jobs::queue`]): its poll then ends it, and it is recorded like any other end.
pub async fn run_recorded_call(
    client: &Client,
    rec: &Recorder,
    mut job: JobSpec,
    local: LocalImages,
    out_dir: &Path,
    mut cancel: tokio::sync::watch::Receiver<bool>,
    mut events: impl FnMut(JobEvent) + Send,
) -> Result<JobOutcome, ApiError> {
    let started = Instant::now();
    let mut entry = begin_entry(client, rec, &job, out_dir).await?;
    events(JobEvent::Recorded(entry.id.clone()));
    // Its downloads are this process's: another wanedit that sees its results not all saved
    // yet cannot fetch them again while this one downloads them.
    let _job_lock = match rec.claim_job(&entry.id) {
        Ok(owner::Claim::Owned(o)) => Some(o),
        _ => None,
    };
    // History's copies of small input files (up to HOLD_AT_MOST) are made now and named in
    // the entry before anything is sent: a kill from here on leaves the entry with them.
    let mut copy_trouble = copy_small_inputs(rec, &job, &mut entry, &mut events).await;
    // Larger ones are made while the job reads, checks and sends them (page-cache reads of
    // the same files, on another core), not before it, each once the job has checked it: a
    // file history holds already, found by the hash the check took, is not copied again.
    // Entries written while the job runs name the copies once they exist.
    let copied: Arc<Mutex<Option<Vec<Option<String>>>>> = Arc::default();
    let (checked_tx, checked_rx) = std::sync::mpsc::channel();
    let copies = {
        let (rec, spec, slot) = (rec.clone(), job.clone(), copied.clone());
        tokio::task::spawn_blocking(move || {
            let r = rec
                .history
                .copy_inputs_as_checked(&spec, HOLD_AT_MOST as u64, || checked_rx.recv().ok());
            if let (Ok(c), Ok(mut s)) = (&r, slot.lock()) {
                *s = Some(c.clone());
            }
            r
        })
    };
    let name_copies = move |entry: &mut HistoryEntry| {
        if let Some(c) = copied.lock().ok().and_then(|s| s.clone()) {
            entry.name_copies(c);
        }
    };
    tracing::info!(
        history = %entry.id,
        model = %job.model,
        mode = ?job.mode,
        images = job.images.len(),
        base = %client.base_url(),
        "job started"
    );

    use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
    let is_async = job.mode == crate::api::job::CallMode::Async;
    let sent = AtomicBool::new(false);
    let has_task = AtomicBool::new(false);
    // The task's lock, taken before it is journaled: a `wanedit resume` in another process
    // that finds the entry finds it owned, and leaves it to this one.
    let task_lock: Mutex<Option<owner::Owned>> = Mutex::new(None);
    let result = {
        let task_lock = &task_lock;
        let entry = &mut entry;
        let (sent, has_task) = (&sent, &has_task);
        let events = &mut events;
        let model = job.model.clone();
        let base = client.base_url().to_string();
        let out_abs = entry.out_dir.clone();
        let run = run_job(client, &mut job, local, out_dir, move |ev| {
            match &ev {
                JobEvent::Stage(Stage::Sending) => {
                    sent.store(true, SeqCst);
                    entry.timings.sent_ms = ms_since(started);
                }
                JobEvent::Stage(Stage::Downloading { .. }) => {
                    entry.timings.answered_ms = ms_since(started);
                }
                JobEvent::TaskCreated(h) => {
                    has_task.store(true, SeqCst);
                    entry.task_id = Some(h.task_id.clone());
                    entry.request_id = h.request_id.clone();
                    entry.timings.task_ms = ms_since(started);
                    tracing::info!(history = %entry.id, task = %h.task_id, request_id = ?h.request_id, "task created");
                    if let Some(o) = claim_task(rec, &h.task_id)
                        && let Ok(mut l) = task_lock.lock()
                    {
                        *l = Some(o);
                    }
                    // The journal first: it is what a restart reads to resume the task.
                    if let Some(n) = journal_task(rec, h, &model, &base, &out_abs, &entry.id) {
                        events(JobEvent::Notice(n));
                    }
                    name_copies(entry);
                    if let Err(e) = rec.history.write(entry) {
                        events(JobEvent::Notice(e.said()));
                    }
                }
                JobEvent::Answered(items) => {
                    // The links first, before any download: an interruption from here on
                    // leaves a job whose results can be fetched again.
                    entry.items = items.clone();
                    entry.status = HistoryStatus::Incomplete;
                    entry.sentence = Some(
                        "the results were made and were being downloaded; fetch them again within 24 hours".into(),
                    );
                    name_copies(entry);
                    if let Err(e) = rec.history.write(entry) {
                        events(JobEvent::Notice(e.said()));
                    }
                }
                JobEvent::Notice(n) => entry.notices.push(n.clone()),
                JobEvent::Checked { index, len, hashes } => {
                    // The copier may be done already (an error): nothing to tell it then.
                    let _ = checked_tx.send((*index, *len, *hashes));
                }
                _ => {}
            }
            events(ev);
        });
        tokio::pin!(run);
        let stop = async {
            // A dropped sender means "never cancelled".
            if cancel.wait_for(|c| *c).await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        let first = tokio::select! {
            r = &mut run => Some(r),
            _ = stop => None,
        };
        match first {
            Some(r) => Some(r),
            // An async create is on its way: stopping now could leave a task running unseen.
            // The job goes on; whoever cancelled cancels the task once its id is known, and
            // the poll then ends the job.
            None if is_async && sent.load(SeqCst) => Some(run.await),
            None => None,
        }
    };
    let result = match result {
        Some(r) => r,
        None if sent.load(SeqCst) => Err(ApiError::NoAnswer {
            detail: "the call was cancelled while the service was working on it".into(),
        }),
        None => Err(ApiError::Canceled),
    };
    entry.timings.finished_ms = ms_since(started);
    match copies.await {
        Ok(Ok(copies)) => entry.name_copies(copies),
        Ok(Err(e)) => copy_trouble = copy_trouble.or(Some(begin_said(&e))),
        Err(e) => copy_trouble = copy_trouble.or(Some(Said::Plain(e.to_string()))),
    }
    // The job itself said what was wrong with a file it could not read; one it could read
    // but history could not keep is said here.
    if let Some(e) = copy_trouble.filter(|_| result.is_ok()) {
        let (before, after) = (
            Said::from("history could not keep a copy of the inputs ("),
            Said::from("); the job is recorded with their paths"),
        );
        events(JobEvent::Notice(joined(vec![before, e, after], "")));
    }

    end_recorded(rec, entry, result, &mut events).await
}

/// Begins `job`'s history entry (its inputs named, not yet copied) with the place it goes to.
async fn begin_entry(
    client: &Client,
    rec: &Recorder,
    job: &JobSpec,
    out_dir: &Path,
) -> Result<HistoryEntry, ApiError> {
    let begin = {
        let (rec, spec, base, out) = (
            rec.clone(),
            job.clone(),
            client.base_url().to_string(),
            out_dir.to_path_buf(),
        );
        tokio::task::spawn_blocking(move || rec.history.begin_uncopied(&spec, &base, &out))
    };
    let mut entry = match begin.await {
        Ok(Ok(e)) => e,
        Ok(Err(BeginError::Input { path, detail })) => {
            return Err(ApiError::ReadInput { path, detail });
        }
        Ok(Err(BeginError::History(e))) => {
            return Err(ApiError::NotRecorded { sentence: e.said() });
        }
        Err(e) => {
            return Err(ApiError::NotRecorded {
                sentence: crate::said!("not-recorded-job", why = e.to_string()),
            });
        }
    };
    // The place the user named, when the base URL does not say it (a proxy for Token Plan).
    if client.region_key() != crate::store::prices::region_key(client.base_url()) {
        entry.region = Some(client.region_key().to_string());
    }
    Ok(entry)
}

/// Makes history's copies of the small input files (up to HOLD_AT_MOST) and names them in the
/// entry before anything is sent; returns why they could not be made.
async fn copy_small_inputs(
    rec: &Recorder,
    job: &JobSpec,
    entry: &mut HistoryEntry,
    events: &mut (impl FnMut(JobEvent) + Send),
) -> Option<Said> {
    let small = {
        let (rec, spec) = (rec.clone(), job.clone());
        tokio::task::spawn_blocking(move || {
            rec.history.copy_small_inputs(&spec, HOLD_AT_MOST as u64)
        })
        .await
    };
    match small {
        Ok(Ok(small)) if small.iter().any(Option::is_some) => {
            entry.name_copies(small);
            // Its parent, from the copies made so far: recorded before anything is sent.
            let (rec, mut e) = (rec.clone(), entry.clone());
            let written = tokio::task::spawn_blocking(move || {
                e.parent = rec.history.parent_of(&e).or(e.parent.take());
                rec.history.write(&e).map(|()| e.parent)
            })
            .await;
            match written {
                Ok(Ok(parent)) => entry.parent = parent,
                Ok(Err(e)) => events(JobEvent::Notice(e.said())),
                Err(_) => {}
            }
            None
        }
        Ok(Ok(_)) => None,
        Ok(Err(e)) => Some(begin_said(&e)),
        Err(e) => Some(Said::Plain(e.to_string())),
    }
}

/// The new task's lock, when this process could take it.
fn claim_task(rec: &Recorder, task_id: &str) -> Option<owner::Owned> {
    match rec.claim_task(task_id) {
        Ok(owner::Claim::Owned(o)) => Some(o),
        Ok(owner::Claim::Busy { .. }) => {
            tracing::warn!(task = %task_id, "a new task's lock was held");
            None
        }
        Err(e) => {
            tracing::warn!("could not take the task's lock ({e})");
            None
        }
    }
}

/// Journals a new task (what a restart reads to resume it); what to say when it could not be.
fn journal_task(
    rec: &Recorder,
    h: &crate::api::client::TaskHandle,
    model: &str,
    base: &str,
    out_dir: &Path,
    history_id: &str,
) -> Option<Said> {
    let j = JournalEntry {
        task_id: h.task_id.clone(),
        request_id: h.request_id.clone(),
        model: model.to_string(),
        base_url: base.to_string(),
        out_dir: out_dir.to_path_buf(),
        created_at: journal::now_secs(),
        state: EntryState::Open,
        files: vec![],
        note: None,
        history_id: Some(history_id.to_string()),
    };
    let e = rec.journal.write(&j).err()?;
    let by_hand = format!(
        "); if wanedit stops before it ends, fetch task {} by hand within 24 hours",
        h.task_id
    );
    let before = Said::from("the task could not be journaled (");
    Some(joined(vec![before, e, by_hand.into()], ""))
}

/// Records how the job ended (history, journal, ledger, off the async workers) and passes on
/// what could not be written.
async fn end_recorded(
    rec: &Recorder,
    mut entry: HistoryEntry,
    result: Result<JobOutcome, ApiError>,
    events: &mut (impl FnMut(JobEvent) + Send),
) -> Result<JobOutcome, ApiError> {
    let rec2 = rec.clone();
    let r = tokio::task::spawn_blocking(move || {
        // Every input is named by now (the large ones were copied while the job ran): the
        // first of them that a recorded job made decides the parent (see `parent_of`).
        entry.parent = rec2.history.parent_of(&entry).or(entry.parent.take());
        let notices = record_end(&rec2, &mut entry, &result);
        (result, notices)
    })
    .await;
    match r {
        Ok((result, notices)) => {
            for n in notices {
                events(JobEvent::Notice(n));
            }
            result
        }
        Err(e) => Err(ApiError::NotRecorded {
            sentence: crate::said!("not-recorded-end", why = e.to_string()),
        }),
    }
}

/// Writes how a job ended into history and the journal. Blocking (stores the outputs).
/// Returns sentences for anything that could not be written.
pub fn record_end(
    rec: &Recorder,
    entry: &mut HistoryEntry,
    result: &Result<JobOutcome, ApiError>,
) -> Vec<Said> {
    let mut notices = Vec::new();
    let task_id = entry.task_id.clone();
    match result {
        Ok(o) => {
            entry.request_id = o.request_id.clone().or(entry.request_id.take());
            entry.task_id = o.task_id.clone().or(entry.task_id.take());
            entry.usage = o.usage.clone();
            entry.items = o.items.clone();
            let mut missing = o.download_errors.clone();
            for f in &o.files {
                if entry.outputs.iter().any(|s| &s.saved_as == f) {
                    continue;
                }
                let region = o.regions.iter().find(|r| &r.raw == f);
                let composite = region.map(|r| {
                    let file = r
                        .composite
                        .as_ref()
                        .and_then(|c| match rec.history.store_file(c) {
                            Ok(file) => Some(file),
                            Err(e) => {
                                notices.push(stored_said(&e));
                                None
                            }
                        });
                    StoredComposite {
                        file,
                        saved_as: r.composite.clone(),
                        target: r.target,
                        confidence: r.confidence,
                        refusal: r.refusal.clone(),
                        change: r.change,
                        mapping: r.mapping,
                        detail: r.detail,
                    }
                });
                match rec.history.store_file(f) {
                    Ok(file) => entry.outputs.push(StoredOutput {
                        file,
                        saved_as: f.clone(),
                        composite,
                        flag: None,
                    }),
                    // The file is in the output folder; history just has no copy.
                    Err(e) => notices.push(stored_said(&e)),
                }
            }
            // Billed once the images exist, whether or not they all came down. Token Plan's
            // answers may carry no usage (unconfirmed): it bills per image made, so those count.
            let made = (entry.region_key() == crate::api::token_plan::REGION)
                .then(|| o.files.len() + o.download_errors.len())
                .map(|n| n as u32);
            if let Some(images) = o.usage.as_ref().and_then(|u| u.image_count).or(made)
                && images > 0
            {
                let quote = rec.prices.quote_in(&entry.spec.model, entry.region_key());
                let line = crate::store::ledger::line_for(entry, images, quote.as_ref());
                if let Err(e) = rec.ledger.record(&line) {
                    notices.push(e);
                }
            }
            if missing.is_empty() {
                entry.status = HistoryStatus::Done;
                entry.sentence = None;
            } else {
                missing.push(
                    "the images were made; fetch them again (History → Fetch again, or wanedit resume) within 24 hours".into(),
                );
                entry.status = HistoryStatus::Incomplete;
                entry.sentence = Some(joined(missing, "; "));
            }
            entry.code = None;
        }
        Err(e) => {
            entry.sentence = Some(e.said());
            entry.code = e.code().map(String::from);
            if entry.request_id.is_none() {
                entry.request_id = e.request_id().map(String::from);
            }
            let made = !entry.result_urls().is_empty();
            entry.status = match e {
                // Interrupted after the answer (Ctrl+C while downloading): the images exist.
                _ if made && !ends_task(e) => {
                    entry.sentence = Some(e.said().then(
                        "; ",
                        "the images were made: fetch them again (History → Fetch again, or wanedit resume) within 24 hours".into(),
                    ));
                    HistoryStatus::Incomplete
                }
                ApiError::TaskCanceled { .. } | ApiError::Canceled => HistoryStatus::Canceled,
                // A task that exists and did not end: it stays open in the journal and is
                // resumed at the next start (or by `wanedit resume`).
                _ if task_id.is_some() && !ends_task(e) => HistoryStatus::Waiting,
                _ => HistoryStatus::Failed,
            };
        }
    }
    // info, not warn: the caller tells the user; stderr stays free of repeats.
    tracing::info!(
        history = %entry.id,
        status = ?entry.status,
        code = ?entry.code,
        request_id = ?entry.request_id,
        task = ?entry.task_id,
        results = entry.outputs.len(),
        ms = ?entry.timings.finished_ms,
        "job ended{}",
        entry.sentence.as_ref().map(|s| format!(": {s}")).unwrap_or_default()
    );
    if let Err(e) = rec.history.write(entry) {
        tracing::info!("{e}");
        notices.push(e.said());
    }
    if let Some(id) = &task_id {
        close_journal(&rec.journal, id, result);
    }
    notices
}

/// Whether an error means the task is over on the service (nothing to resume).
pub fn ends_task(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::TaskFailed { .. }
            | ApiError::TaskCanceled { .. }
            | ApiError::TaskUnknown { .. }
            | ApiError::NoResults { .. }
    )
}

/// Records how a journaled task ended. A transport failure or a failed download leaves it
/// open, to be resumed.
fn close_journal(journal: &Journal, task_id: &str, result: &Result<JobOutcome, ApiError>) {
    let Some(mut entry) = journal.get(task_id) else {
        return;
    };
    match result {
        Ok(o) if o.download_errors.is_empty() => {
            entry.state = EntryState::Done;
            entry.files = o.files.clone();
            entry.note = None;
        }
        Ok(o) => entry.note = Some(joined(o.download_errors.clone(), "; ")),
        Err(e) if ends_task(e) => {
            entry.state = EntryState::Failed;
            entry.note = Some(e.said());
        }
        Err(e) => entry.note = Some(e.said()),
    }
    if let Err(e) = journal.write(&entry) {
        tracing::warn!("{e}");
    }
}

/// How resuming one journaled task ended.
#[derive(Debug)]
pub enum Resumed {
    /// Polled to its end; the outcome (or why not) as for a new job. Another live wanedit
    /// owning the task is [`ApiError::Elsewhere`]: nothing was polled or downloaded here.
    Finished(Result<JobOutcome, ApiError>),
    /// Older than the service keeps tasks: marked expired, with this sentence.
    Expired(Said),
    /// It had ended by the time this process owned it (another wanedit finished it): the
    /// journal's entry as it ended.
    Ended(Box<JournalEntry>),
}

/// Finishes one journaled task: polls it, downloads its results into the folder it was started
/// with, and records the end in the journal and in its history entry.
pub async fn resume_task(
    client: &Client,
    rec: &Recorder,
    entry: JournalEntry,
    mut events: impl FnMut(JobEvent) + Send,
) -> Resumed {
    // One owner: the process that created the task, or the first to resume it.
    let locks = {
        let (rec, task, job) = (rec.clone(), entry.task_id.clone(), entry.history_id.clone());
        tokio::task::spawn_blocking(move || {
            let what = || crate::said!("owner-what-task", task = task.as_str());
            let t = hold(rec.claim_task(&task), what)?;
            let j = match &job {
                Some(id) => hold(rec.claim_job(id), what)?,
                None => None,
            };
            // Read again now that it is ours: another process may have finished it meanwhile.
            Ok::<_, ApiError>((t, j, rec.journal.get(&task)))
        })
        .await
    };
    let (_task_lock, _job_lock, entry) = match locks {
        Ok(Ok((t, j, now))) => match now {
            Some(e) if e.state != EntryState::Open => return Resumed::Ended(Box::new(e)),
            Some(e) => (t, j, e),
            None => (t, j, entry),
        },
        Ok(Err(e)) => return Resumed::Finished(Err(e)),
        Err(e) => {
            return Resumed::Finished(Err(ApiError::NotRecorded {
                sentence: crate::said!("not-recorded-task-end", why = e.to_string()),
            }));
        }
    };
    let age = journal::now_secs().saturating_sub(entry.created_at);
    if age > journal::TASK_LIFETIME_SECS {
        let sentence = Said::Plain(format!(
            "task {} was created {} hours ago; the service keeps tasks and their results for 24 hours, so it can no longer be fetched",
            entry.task_id,
            age / 3600
        ));
        let mut j = entry.clone();
        j.state = EntryState::Expired;
        j.note = Some(sentence.clone());
        let rec = rec.clone();
        let s = sentence.clone();
        let _ = tokio::task::spawn_blocking(move || {
            if let Err(e) = rec.journal.write(&j) {
                tracing::warn!("{e}");
            }
            if let Some(mut h) = j.history_id.as_deref().and_then(|id| rec.history.get(id)) {
                h.status = HistoryStatus::Expired;
                h.sentence = Some(s);
                if let Err(e) = rec.history.write(&h) {
                    tracing::warn!("{e}");
                }
            }
        })
        .await;
        return Resumed::Expired(sentence);
    }
    if let Some(id) = &entry.history_id {
        events(JobEvent::Recorded(id.clone()));
    }
    tracing::info!(task = %entry.task_id, history = ?entry.history_id, "resuming task");
    // A job that composits composites its resumed results too.
    let history = {
        let (rec, id) = (rec.clone(), entry.history_id.clone());
        tokio::task::spawn_blocking(move || id.and_then(|id| rec.history.get(&id)))
            .await
            .ok()
            .flatten()
    };
    let plan = history
        .as_ref()
        .and_then(|h| super::region::RegionPlan::of(&h.spec));
    let target_sent = match (&plan, &history) {
        (Some(p), Some(h)) => target_as_sent(rec, h, p.target).await,
        _ => None,
    };
    let raw = target_sent.is_some();
    let mut result = super::finish_task(
        client,
        &entry.task_id,
        history.as_ref().map(|h| &h.spec),
        &entry.out_dir,
        raw,
        &mut events,
    )
    .await;
    if let (Ok(outcome), Some(p), Some(t)) = (&mut result, plan, target_sent) {
        events(JobEvent::Stage(Stage::Compositing {
            total: outcome.files.len(),
        }));
        outcome.regions = super::region::composite_results(p, t, outcome.files.clone()).await;
    }
    let rec = rec.clone();
    let r = tokio::task::spawn_blocking(move || {
        let mut notices = Vec::new();
        match entry
            .history_id
            .as_deref()
            .and_then(|id| rec.history.get(id))
        {
            Some(mut h) => {
                h.task_id.get_or_insert(entry.task_id.clone());
                h.timings.finished_ms =
                    Some(crate::store::history::now_ms().saturating_sub(h.created_ms));
                notices = record_end(&rec, &mut h, &result);
            }
            // Journaled by an older wanedit, or its history entry was deleted: the journal
            // alone records the end.
            None => close_journal(&rec.journal, &entry.task_id, &result),
        }
        (result, notices)
    })
    .await;
    match r {
        Ok((result, notices)) => {
            for n in notices {
                events(JobEvent::Notice(n));
            }
            Resumed::Finished(result)
        }
        Err(e) => Resumed::Finished(Err(ApiError::NotRecorded {
            sentence: crate::said!("not-recorded-task-end", why = e.to_string()),
        })),
    }
}
