//! Results made but not all saved: fetched again while their links live (24 h), and found
//! for `wanedit resume` and the window at start.

use std::path::PathBuf;

use super::JobOutcome;
use super::owners::hold;
use super::record::{Recorder, record_end};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::i18n::Said;
use crate::store::history::{HistoryEntry, HistoryStatus};
use crate::store::journal;

/// Downloads the results of a history entry again (after a failed download or a full disk),
/// into `out_dir`, while their links live (24 h). Records the outcome.
pub async fn fetch_again(
    client: &Client,
    rec: &Recorder,
    history_id: &str,
    out_dir: PathBuf,
) -> Result<HistoryEntry, ApiError> {
    let missing = || ApiError::NotRecorded {
        sentence: crate::said!("history-has-no-job", id = history_id),
    };
    let entry = {
        let rec = rec.clone();
        let id = history_id.to_string();
        tokio::task::spawn_blocking(move || rec.history.get(&id))
            .await
            .ok()
            .flatten()
            .ok_or_else(missing)?
    };
    // One download at a time: the job's own, or another process's fetch again, goes first.
    let _job_lock = {
        let (rec, id) = (rec.clone(), history_id.to_string());
        tokio::task::spawn_blocking(move || {
            hold(rec.claim_job(&id), || crate::said!("owner-what-job"))
        })
        .await
        .map_err(|e| ApiError::NotRecorded {
            sentence: Said::Plain(e.to_string()),
        })??
    };
    let age_secs = crate::store::history::now_ms().saturating_sub(entry.created_ms) / 1000;
    if age_secs > journal::TASK_LIFETIME_SECS {
        let sentence = Said::Plain(format!(
            "the results of this job were made {} hours ago; their links last 24 hours, so they can no longer be fetched: run the job again",
            age_secs / 3600
        ));
        let rec = rec.clone();
        let s = sentence.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let mut entry = entry;
            entry.status = HistoryStatus::Expired;
            entry.sentence = Some(s);
            if let Err(e) = rec.history.write(&entry) {
                tracing::warn!("{e}");
            }
        })
        .await;
        return Err(ApiError::TaskExpired { sentence });
    }
    let urls = entry.result_urls();
    let (stem, first) = match super::naming::stem_for(&entry.spec) {
        Some(stem) => {
            let (dir, s) = (out_dir.clone(), stem.clone());
            let first = tokio::task::spawn_blocking(move || super::naming::next_number(&dir, &s))
                .await
                .unwrap_or(1);
            (stem, first)
        }
        None => (format!("wan-{}", entry.id), 1),
    };
    // A job that composited composites what is fetched again, from history's copy of the
    // target prepared as it was sent.
    let plan = super::region::RegionPlan::of(&entry.spec);
    let target_sent = match &plan {
        Some(p) => target_as_sent(rec, &entry, p.target).await,
        None => None,
    };
    let suffix = if target_sent.is_some() { ".raw" } else { "" };
    let results = super::download::download_all(
        client,
        &urls,
        &out_dir,
        &stem,
        first,
        suffix,
        &Default::default(),
    )
    .await;
    let (files, download_errors) = super::download::saved_and_failed(results);
    let regions = match (plan, target_sent) {
        (Some(p), Some(t)) => super::region::composite_results(p, t, files.clone()).await,
        _ => Vec::new(),
    };
    let outcome = JobOutcome {
        files,
        items: entry.items.clone(),
        usage: entry.usage.clone(),
        request_id: entry.request_id.clone(),
        task_id: entry.task_id.clone(),
        download_errors,
        regions,
    };
    let rec = rec.clone();
    tokio::task::spawn_blocking(move || {
        let mut entry = entry;
        // Outputs fetched again replace the ones recorded before.
        entry.outputs.clear();
        let result = Ok(outcome);
        record_end(&rec, &mut entry, &result);
        entry
    })
    .await
    .map_err(|e| ApiError::NotRecorded {
        sentence: crate::said!("not-recorded-download", why = e.to_string()),
    })
}

/// Input `target` of `entry` as it was sent (history's copy, prepared again for its model:
/// preparation is deterministic) and as the file it was. `None` for a link, or a copy that is
/// gone.
pub(super) async fn target_as_sent(
    rec: &Recorder,
    entry: &HistoryEntry,
    target: usize,
) -> Option<super::region::Target> {
    let file = entry.inputs.get(target)?.file.clone()?;
    let path = rec.history.file_path(&file);
    let spec = entry.spec.spec()?;
    tokio::task::spawn_blocking(move || {
        let bytes =
            crate::store::fs::read_bounded(&path, crate::store::fs::MAX_INPUT_BYTES, &|| false)
                .ok()?;
        let prepared = crate::imaging::prepare::prepare(&bytes, spec, false).ok()?;
        let original = std::sync::Arc::new(bytes);
        Some(super::region::Target {
            sent: prepared.bytes.unwrap_or_else(|| original.clone()),
            original: Some(original),
        })
    })
    .await
    .ok()
    .flatten()
}

/// Jobs whose results were made (and billed) but are not all on disk, and that no open task
/// will finish: `wanedit resume` and the window fetch them again. Blocking (reads history).
pub fn left_incomplete(rec: &Recorder) -> Vec<HistoryEntry> {
    let open: std::collections::HashSet<String> = rec
        .journal
        .open_entries()
        .into_iter()
        .map(|j| j.task_id)
        .collect();
    let mut v: Vec<HistoryEntry> = rec
        .history
        .list()
        .into_iter()
        .filter(|e| e.status == HistoryStatus::Incomplete && !e.result_urls().is_empty())
        .filter(|e| e.task_id.as_ref().is_none_or(|t| !open.contains(t)))
        .collect();
    v.reverse(); // oldest first, like the journal
    v
}
