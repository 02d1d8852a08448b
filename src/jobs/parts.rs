//! A job detail mode split into one call per box ([`super::detail::parts`]), run call after
//! call. Each call is a job of its own: recorded, journaled and owned like any other, so a
//! kill or a second process never bills it twice. Each call's results are composited into the
//! composites of the call before (result k into the k-th), so the last call's composites hold
//! every box. A call that fails leaves the composites made before it; the calls after it are
//! not sent. A cancel between calls sends no more.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::record::{Recorder, run_recorded_call};
use super::region::{self, RegionPlan, RegionResult, Target};
use super::{JobEvent, JobOutcome, LocalImages};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::job::{DetailMode, JobSpec};

/// Runs `job` recorded ([`run_recorded_call`]), as its calls when detail mode splits it.
pub async fn run_recorded(
    client: &Client,
    rec: &Recorder,
    job: JobSpec,
    local: LocalImages,
    out_dir: &Path,
    cancel: tokio::sync::watch::Receiver<bool>,
    events: impl FnMut(JobEvent) + Send,
) -> Result<JobOutcome, ApiError> {
    match split(&job).await {
        Some((parts, said)) => {
            let mut events = events;
            // Before anything is sent: the figures, the calls and what they cost.
            let cost = crate::store::prices::Estimate::in_region(
                &job.model,
                client.region_key(),
                parts.len(),
                job.params.n.unwrap_or(1),
                &rec.prices.load(),
            );
            events(JobEvent::Notice(said.then(". ", cost.sentence())));
            run_parts(client, rec, parts, local, out_dir, cancel, events).await
        }
        None => run_recorded_call(client, rec, job, local, out_dir, cancel, events).await,
    }
}

/// The job's calls when detail mode splits it. Its images' sizes are what decides: a job from
/// the command line does not know them until its files are read, so a job that could be split
/// (two boxes on the target) is read once first.
async fn split(job: &JobSpec) -> Option<(Vec<JobSpec>, crate::i18n::Said)> {
    let target = job.composite_target()?;
    let img = job.images.get(target)?;
    if img.boxes.len() < 2 || job.region.detail == DetailMode::Off || job.part.is_some() {
        return None;
    }
    let with_facts = |job: &JobSpec| {
        let said = super::detail::figures(job)?.sentence();
        Some((super::detail::parts(job)?, said))
    };
    if img.facts.is_some() {
        return with_facts(job);
    }
    let mut read = job.clone();
    super::read_local_facts(&mut read, &mut |_| {}).await.ok()?;
    // Its files as read (their facts, boxes scaled with an image scaled down): each call
    // reads them again, and checks they did not change.
    with_facts(&read)
}

async fn run_parts(
    client: &Client,
    rec: &Recorder,
    parts: Vec<JobSpec>,
    local: LocalImages,
    out_dir: &Path,
    cancel: tokio::sync::watch::Receiver<bool>,
    mut events: impl FnMut(JobEvent) + Send,
) -> Result<JobOutcome, ApiError> {
    let of = parts.len();
    let image = parts
        .first()
        .and_then(JobSpec::composite_target)
        .map_or(1, |t| t + 1);
    let mut done: Option<JobOutcome> = None;
    // The History entry of the call before (its composites are kept there).
    let mut earlier: Option<String> = None;
    for (k, mut part) in parts.into_iter().enumerate() {
        let number = part.part.as_ref().map_or(k + 1, |p| p.number);
        if *cancel.borrow() {
            events(JobEvent::Notice(crate::said!(
                "detail-part-not-sent",
                index = k + 1,
                of = of,
                number = number
            )));
            break;
        }
        if let (Some(before), Some(p)) = (&done, part.part.as_mut()) {
            p.onto = before
                .regions
                .iter()
                .filter_map(|r| r.composite.clone())
                .collect();
        }
        events(JobEvent::Notice(crate::said!(
            "detail-part",
            index = k + 1,
            of = of,
            number = number,
            image = image
        )));
        let mut recorded = None;
        let call = run_recorded_call(client, rec, part, local, out_dir, cancel.clone(), |ev| {
            if let JobEvent::Recorded(id) = &ev {
                recorded = Some(id.clone());
            }
            events(ev)
        })
        .await;
        match call {
            Ok(o) => {
                if let Some(before) = &done {
                    tidy(rec, earlier.as_deref(), before, &o, &mut events).await;
                }
                earlier = recorded;
                done = Some(after(done, o))
            }
            Err(e) if done.is_none() => return Err(e),
            Err(e) => {
                events(JobEvent::Notice(crate::said!(
                    "detail-part-failed",
                    index = k + 1,
                    of = of,
                    number = number,
                    why = e.said()
                )));
                break;
            }
        }
    }
    done.ok_or(ApiError::Canceled)
}

/// The composites of the call before leave the output folder once this call's composites
/// (which hold their boxes too) are all written and History keeps a copy of each: the folder
/// then holds one composite per result, with every box, and no half-done one to pick by
/// mistake. Anything less, and they stay.
async fn tidy(
    rec: &Recorder,
    earlier: Option<&str>,
    before: &JobOutcome,
    now: &JobOutcome,
    events: &mut impl FnMut(JobEvent),
) {
    let all_made = !now.regions.is_empty() && now.regions.iter().all(|r| r.composite.is_some());
    let (Some(id), true) = (earlier, all_made) else {
        return;
    };
    let (history, id) = (rec.history.clone(), id.to_string());
    let Some(entry) = tokio::task::spawn_blocking(move || history.get(&id))
        .await
        .ok()
        .flatten()
    else {
        return;
    };
    let mut removed = 0;
    for path in before.regions.iter().filter_map(|r| r.composite.as_ref()) {
        let held = entry.outputs.iter().any(|o| {
            o.composite
                .as_ref()
                .is_some_and(|c| c.file.is_some() && c.saved_as.as_deref() == Some(path))
        });
        if held && tokio::fs::remove_file(path).await.is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        events(JobEvent::Notice(crate::said!(
            "detail-part-tidied",
            count = removed
        )));
    }
}

/// The job's outcome after a call: the call's results (its composites hold every box edited
/// so far), with what every call so far billed and could not download.
fn after(before: Option<JobOutcome>, mut now: JobOutcome) -> JobOutcome {
    let Some(before) = before else {
        return now;
    };
    if let (Some(b), Some(n)) = (before.usage, now.usage.as_mut()) {
        n.image_count = sum(b.image_count, n.image_count);
        n.input_tokens = sum(b.input_tokens, n.input_tokens);
        n.output_tokens = sum(b.output_tokens, n.output_tokens);
        n.total_tokens = sum(b.total_tokens, n.total_tokens);
    }
    let mut errors = before.download_errors;
    errors.append(&mut now.download_errors);
    now.download_errors = errors;
    now
}

/// Two counts added, either alone when the other is unknown.
fn sum<T: std::ops::Add<Output = T> + Copy>(x: Option<T>, y: Option<T>) -> Option<T> {
    x.zip(y).map(|(x, y)| x + y).or(x).or(y)
}

/// The composites of a call of a split job after the first: each result into the composite
/// of the call before (result k into the k-th, cycling), which holds the boxes edited before.
/// `None` when there is none to composite into (the first call, or none was made).
pub(super) async fn composite_onto(
    job: &JobSpec,
    plan: &RegionPlan,
    sent: &Arc<Vec<u8>>,
    raws: &[PathBuf],
    events: &mut impl FnMut(JobEvent),
) -> Option<Vec<RegionResult>> {
    let onto = job
        .part
        .as_ref()
        .map(|p| p.onto.clone())
        .unwrap_or_default();
    if onto.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(raws.len());
    for (k, raw) in raws.iter().enumerate() {
        let before = &onto[k % onto.len()];
        let path = before.clone();
        let read = tokio::task::spawn_blocking(move || {
            crate::store::fs::read_bounded(&path, crate::store::fs::MAX_INPUT_BYTES, &|| false)
                .map_err(|e| e.said())
        })
        .await
        .map_err(|e| crate::i18n::Said::Plain(e.to_string()))
        .and_then(|r| r);
        let original = match read {
            Ok(b) => Some(Arc::new(b)),
            Err(e) => {
                // Composited into the target itself: this box only.
                events(JobEvent::Notice(crate::said!(
                    "detail-part-onto-missing",
                    file = before.display().to_string(),
                    why = e
                )));
                region::target_original(job, plan.target).await
            }
        };
        let target = Target {
            sent: sent.clone(),
            original,
        };
        out.extend(region::composite_results(plan.clone(), target, vec![raw.clone()]).await);
    }
    Some(out)
}
