//! One item of a batch: run as a recorded job ([`run_item`]), or, left running by an earlier
//! run, settled without sending anything twice ([`settle`]); and how it ended ([`Ended`]).

use std::path::{Path, PathBuf};

use super::BatchItem;
use crate::api::catalog::ModelSpec;
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::job::ImageSource;
use crate::api::recipe::Recipe;
use crate::i18n::Said;
use crate::imaging::composite::ChangeReport;
use crate::jobs::record::{Recorder, Resumed, ends_task, resume_task, run_recorded_call};
use crate::jobs::{JobEvent, JobOutcome, LocalImages};
use crate::store::history::{HistoryEntry, HistoryStatus};
use crate::store::journal::{EntryState, JournalEntry};

/// How one item ended (or did not).
pub(super) enum Ended {
    Done(ItemResult),
    Failed {
        sentence: Said,
        stops: bool,
    },
    /// Sent, answer lost: may have run.
    Unsure(Said),
    /// A task that exists and did not end while watched: it stays running, to be resumed.
    StillOpen(Said),
    /// Never sent: back to waiting.
    NotSent,
}

pub(super) struct ItemResult {
    pub(super) outputs: Vec<PathBuf>,
    pub(super) billed: Option<u32>,
    pub(super) change: Option<ChangeReport>,
}

impl ItemResult {
    fn of_outcome(o: &JobOutcome) -> ItemResult {
        let outputs = o
            .files
            .iter()
            .map(|f| {
                o.regions
                    .iter()
                    .find(|r| &r.raw == f)
                    .and_then(|r| r.composite.clone())
                    .unwrap_or_else(|| f.clone())
            })
            .collect();
        ItemResult {
            outputs,
            billed: o.usage.as_ref().and_then(|u| u.image_count),
            change: o.regions.iter().find_map(|r| r.change),
        }
    }

    fn of_history(h: &HistoryEntry) -> ItemResult {
        ItemResult {
            outputs: h
                .outputs
                .iter()
                .map(|o| {
                    o.composite
                        .as_ref()
                        .and_then(|c| c.saved_as.clone())
                        .unwrap_or_else(|| o.saved_as.clone())
                })
                .collect(),
            billed: h.usage.as_ref().and_then(|u| u.image_count),
            change: h
                .outputs
                .iter()
                .find_map(|o| o.composite.as_ref().and_then(|c| c.change)),
        }
    }
}

/// Whether an error is the account's, not the item's: every further item would meet it.
fn stops_the_batch(e: &ApiError) -> bool {
    const ACCOUNT: [&str; 7] = [
        "Throttling.AllocationQuota",
        "Arrearage",
        "PrepaidBillOverdue",
        "PostpaidBillOverdue",
        "CommodityNotPurchased",
        "InvalidApiKey",
        "AccessDenied",
    ];
    match e {
        ApiError::Service { status, code, .. } => {
            *status == 401 || ACCOUNT.contains(&code.as_str())
        }
        _ => false,
    }
}

/// A sentence for an item sent whose answer was lost.
fn may_have_run() -> Said {
    crate::said!("item-may-have-run")
}

/// An item an earlier run left running: its task polled to its end, its ended job taken as
/// it is, a job never sent run again, and one sent with its answer lost marked as such.
pub(super) async fn settle(client: &Client, rec: &Recorder, item: &BatchItem) -> Ended {
    let history = {
        let (rec, id) = (rec.clone(), item.history_id.clone());
        tokio::task::spawn_blocking(move || id.and_then(|id| rec.history.get(&id)))
            .await
            .ok()
            .flatten()
    };
    let journal = {
        let rec = rec.clone();
        tokio::task::spawn_blocking(move || rec.journal.entries())
            .await
            .unwrap_or_default()
    };
    // The manifest is written after the journal and history: a kill between them leaves the
    // task id in those only.
    let task_id = item
        .task_id
        .clone()
        .or_else(|| history.as_ref().and_then(|h| h.task_id.clone()))
        .or_else(|| {
            journal
                .iter()
                .find(|j| j.history_id.is_some() && j.history_id == item.history_id)
                .map(|j| j.task_id.clone())
        });
    if let Some(task_id) = task_id {
        let entry = journal
            .into_iter()
            .find(|j| j.task_id == task_id)
            .or_else(|| {
                history.as_ref().map(|h| JournalEntry {
                    task_id: task_id.clone(),
                    request_id: h.request_id.clone(),
                    model: h.spec.model.clone(),
                    base_url: h.base_url.clone(),
                    out_dir: h.out_dir.clone(),
                    created_at: h.created_ms / 1000,
                    state: EntryState::Open,
                    files: vec![],
                    note: None,
                    history_id: Some(h.id.clone()),
                })
            });
        let Some(entry) = entry else {
            return Ended::Unsure(crate::said!(
                "item-task-unrecorded",
                task = task_id.as_str()
            ));
        };
        return match entry.state {
            EntryState::Open => match resume_task(client, rec, entry, |_| {}).await {
                Resumed::Finished(Ok(o)) => Ended::Done(ItemResult::of_outcome(&o)),
                Resumed::Finished(Err(e)) if ends_task(&e) => Ended::Failed {
                    sentence: e.said(),
                    stops: false,
                },
                Resumed::Finished(Err(e)) => {
                    Ended::StillOpen(crate::said!("item-task-goes-on", why = e.said()))
                }
                Resumed::Expired(s) => Ended::Failed {
                    sentence: s,
                    stops: false,
                },
                Resumed::Ended(j) => match j.state {
                    EntryState::Done => Ended::Done(ItemResult {
                        outputs: j.files,
                        billed: None,
                        change: None,
                    }),
                    _ => Ended::Failed {
                        sentence: j.note.unwrap_or_else(|| crate::said!("item-task-failed")),
                        stops: false,
                    },
                },
            },
            EntryState::Done => match &history {
                Some(h) => Ended::Done(ItemResult::of_history(h)),
                None => Ended::Done(ItemResult {
                    outputs: entry.files,
                    billed: None,
                    change: None,
                }),
            },
            EntryState::Failed | EntryState::Expired => Ended::Failed {
                sentence: entry
                    .note
                    .unwrap_or_else(|| crate::said!("item-task-failed")),
                stops: false,
            },
        };
    }
    // No task: a sync job, or one stopped before its create was answered.
    match &history {
        Some(h) if h.status == HistoryStatus::Done => {
            return Ended::Done(ItemResult::of_history(h));
        }
        Some(h) if h.status == HistoryStatus::Failed && !item.sent => {
            return Ended::Failed {
                sentence: h
                    .sentence
                    .clone()
                    .unwrap_or_else(|| crate::said!("item-failed")),
                stops: false,
            };
        }
        _ => {}
    }
    if item.sent {
        return Ended::Unsure(may_have_run());
    }
    // Never sent: its history entry (if it got one) says so, and the item runs again.
    if let Some(mut h) = history
        && h.status == HistoryStatus::Running
    {
        h.status = HistoryStatus::Canceled;
        h.sentence = Some(crate::said!("item-ran-again"));
        let rec = rec.clone();
        let _ = tokio::task::spawn_blocking(move || rec.history.write(&h)).await;
    }
    Ended::NotSent
}

/// One item: its picture's size for the recipe's boxes, then the recorded job.
pub(super) async fn run_item(
    client: &Client,
    rec: &Recorder,
    (recipe, spec, local): (&Recipe, Option<&'static ModelSpec>, LocalImages),
    input: &Path,
    out: &Path,
    note: impl Fn(Option<String>, Option<String>) + Send,
) -> Ended {
    let failed = |sentence: Said| Ended::Failed {
        sentence,
        stops: false,
    };
    let Some(spec) = spec else {
        return failed(Said::Plain(format!(
            "{} is not a model wanedit knows",
            recipe.model
        )));
    };
    let bytes = match crate::jobs::read_input(input).await {
        Ok(b) => b,
        Err(e) => return failed(e.said()),
    };
    // The boxes are fractions of the picture as seen (upright): its size decides their pixels.
    // The repaired bytes (an over-size photo re-encoded) are held until the job has read its
    // input: its own preparation then reuses them instead of re-encoding a second time.
    let prepared = tokio::task::spawn_blocking(move || {
        crate::imaging::prepare::prepare(&bytes, spec, false).map(|p| (p.seen_size, p.bytes))
    })
    .await;
    let (seen, _repaired) = match prepared {
        Ok(Ok(p)) => p,
        Ok(Err(r)) => return failed(Said::from("it cannot be used").then(": ", r.said())),
        Err(e) => return failed(Said::Plain(e.to_string())),
    };
    let job = recipe.job_for(ImageSource::File(input.to_path_buf()), seen);
    // One call per item: the batch's estimate and spend cap count one, so detail mode does not
    // split an item into a call per box (`detail::Figures::in_one_call`).
    // A batch item is never cancelled half-way: pausing stops items from starting.
    let (_keep, never) = tokio::sync::watch::channel(false);
    let outcome = run_recorded_call(client, rec, job, local, out, never, move |ev| match ev {
        JobEvent::TaskCreated(h) => note(Some(h.task_id), None),
        JobEvent::Recorded(id) => note(None, Some(id)),
        _ => {}
    })
    .await;
    match outcome {
        Ok(o) => Ended::Done(ItemResult::of_outcome(&o)),
        Err(e @ ApiError::NoAnswer { .. }) => Ended::Unsure(e.said().then(
            "; ",
            "it may have run and been billed, so it is not sent again by itself (a retry bills again)".into(),
        )),
        Err(e @ ApiError::StillRunning { .. }) => Ended::StillOpen(e.said().then(
            "; ",
            "its task goes on, and is polled again when the batch is resumed".into(),
        )),
        Err(e) => Ended::Failed {
            stops: stops_the_batch(&e),
            sentence: e.said(),
        },
    }
}
