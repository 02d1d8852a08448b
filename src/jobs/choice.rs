//! Keep exactly what you want: a job with boxes composited again with each box from the result
//! the designer chose (or the original), from history's copies of its raw results. Nothing is
//! sent and nothing billed. The choice and the composite it made are kept in the job's history
//! entry, so it survives a restart and Reopen.

use std::path::PathBuf;
use std::sync::Arc;

use super::record::Recorder;
use super::region::{Candidate, PlanMask, RegionPlan};
use crate::i18n::Said;
use crate::imaging::prepare::Preview;
use crate::store::history::{Choice, HistoryEntry};

/// What a choice made.
#[derive(Debug, Clone)]
pub struct Kept {
    /// The job's history id.
    pub id: String,
    /// Per box: 0 the original, `r` result `r`.
    pub boxes: Vec<usize>,
    /// The composite, written new in the job's output folder (or the folder asked for).
    pub path: PathBuf,
    pub preview: Arc<Preview>,
    pub size: (u32, u32),
}

/// What to make: the job, each box's pick, a mask instead of the job's own, and where to write.
#[derive(Debug, Clone)]
pub struct KeepRequest {
    pub id: String,
    pub boxes: Vec<usize>,
    pub mask: Option<PlanMask>,
    pub out_dir: Option<PathBuf>,
}

/// The plan of `entry`'s composites, when a choice per box can be made for it.
pub fn plan_for_choice(entry: &HistoryEntry) -> Result<RegionPlan, Said> {
    if entry.spec.part.is_some() {
        // Each call of a split job composited its box onto the call before's composites:
        // its results are not candidates for the same boxes.
        return Err(crate::said!("choice-split-job"));
    }
    let plan = RegionPlan::of(&entry.spec).ok_or_else(|| crate::said!("choice-no-boxes"))?;
    if plan.boxes.is_empty() {
        return Err(crate::said!("choice-no-boxes"));
    }
    Ok(plan)
}

/// Checks a choice against the job: one pick per box, each a result the job has (or 0).
pub fn check_picks(entry: &HistoryEntry, plan: &RegionPlan, picks: &[usize]) -> Result<(), Said> {
    if picks.len() != plan.boxes.len() {
        return Err(crate::said!(
            "choice-box-count",
            boxes = plan.boxes.len(),
            given = picks.len()
        ));
    }
    if let Some(&r) = picks.iter().find(|&&r| r > entry.outputs.len()) {
        return Err(crate::said!(
            "choice-no-such-result",
            result = r,
            results = entry.outputs.len()
        ));
    }
    Ok(())
}

/// The name the kept composite is written under: the job's results' name with `-kept`
/// (`wan-…-2.raw.png` → `wan-…-kept`).
fn kept_stem(entry: &HistoryEntry) -> String {
    let name = entry
        .outputs
        .first()
        .and_then(|o| o.saved_as.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split(".raw").next().unwrap_or_default();
    let stem = match stem.rsplit_once('-') {
        Some((head, tail)) if tail.chars().all(|c| c.is_ascii_digit()) => head,
        _ => stem,
    };
    let stem = stem.split('.').next().unwrap_or_default();
    if stem.is_empty() {
        format!("wan-{}-kept", entry.id)
    } else {
        format!("{stem}-kept")
    }
}

/// Makes the choice of `req` for its job and keeps it in history. Blocking work goes to the
/// blocking pool.
pub async fn keep(rec: &Recorder, req: KeepRequest) -> Result<Kept, Said> {
    let history = rec.history.clone();
    let id = req.id.clone();
    let entry = tokio::task::spawn_blocking(move || history.get(&id))
        .await
        .ok()
        .flatten()
        .ok_or_else(|| crate::said!("choice-no-job", id = req.id.clone()))?;
    let mut plan = plan_for_choice(&entry)?;
    check_picks(&entry, &plan, &req.boxes)?;
    if let Some(m) = req.mask.clone() {
        plan.mask = m;
    }
    let target = super::fetched::target_as_sent(rec, &entry, plan.target)
        .await
        .ok_or_else(|| crate::said!("choice-no-target", image = plan.target + 1))?;
    let candidates: Vec<Option<Candidate>> = entry
        .outputs
        .iter()
        .map(|o| {
            let mapping = o.composite.as_ref()?.mapping?;
            Some(Candidate {
                raw: rec.history.file_path(&o.file),
                mapping,
            })
        })
        .collect();
    let dir = req.out_dir.clone().unwrap_or_else(|| entry.out_dir.clone());
    let stem = kept_stem(&entry);
    let picks = req.boxes.clone();
    let made = tokio::task::spawn_blocking(move || {
        super::region::compose_files(&plan, &target, &candidates, &picks, &dir, &stem)
    })
    .await
    .map_err(|e| Said::Plain(format!("compositing stopped ({e})")))??;
    // Kept in history: a copy by content, and the choice in the job's entry.
    let (history, id, boxes, path) = (
        rec.history.clone(),
        req.id.clone(),
        req.boxes.clone(),
        made.path.clone(),
    );
    tokio::task::spawn_blocking(move || {
        let file = history.store_file(&path).ok();
        history.update(&id, |e| {
            e.choice = Some(Choice {
                boxes,
                file,
                saved_as: Some(path),
            });
        })
    })
    .await
    .map_err(|e| Said::Plain(e.to_string()))?
    .map_err(|e| e.said())?;
    Ok(Kept {
        id: req.id,
        boxes: req.boxes,
        path: made.path,
        preview: made.preview,
        size: made.size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_composite_is_named_after_the_jobs_results() {
        let mut e: HistoryEntry = serde_json::from_value(serde_json::json!({
            "id": "20261207-101500-123-4f2a", "created_ms": 0,
            "spec": crate::api::job::JobSpec::new("wan2.7-image", "x"),
            "inputs": [], "base_url": "", "out_dir": "/o", "status": "Done",
            "sentence": null, "code": null, "request_id": null, "task_id": null,
            "usage": null, "timings": {}, "items": [], "outputs": [], "notices": []
        }))
        .unwrap();
        assert_eq!(kept_stem(&e), "wan-20261207-101500-123-4f2a-kept");
        e.outputs.push(crate::store::history::StoredOutput {
            file: "ab.png".into(),
            saved_as: "/o/wan-20261207-cup-2.raw.png".into(),
            composite: None,
            flag: None,
        });
        assert_eq!(kept_stem(&e), "wan-20261207-cup-kept");
    }
}
