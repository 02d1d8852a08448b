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
    /// The composite the job's choice before wrote leaves the folder (when it is still as
    /// written and history keeps a copy): the window, where a designer clicks through
    /// candidates, keeps one kept file per job, not one per click.
    pub replace_previous: bool,
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
    // The mask asked for, else the mask file the job's choice was made with before (kept in
    // history): a click in the window after `compose --mask` keeps the mask.
    let kept_mask = entry.choice.as_ref().and_then(|c| c.mask.clone());
    let mask_file = match (&req.mask, &kept_mask) {
        (Some(PlanMask::Picture(p)), _) => {
            let (history, p) = (rec.history.clone(), p.clone());
            tokio::task::spawn_blocking(move || {
                let mut png = Vec::new();
                p.to_luma8()
                    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                    .ok()?;
                history.store_bytes(&png).ok()
            })
            .await
            .ok()
            .flatten()
        }
        (Some(_), _) => None,
        (None, Some(name)) => {
            let path = rec.history.file_path(name);
            let read = tokio::task::spawn_blocking(move || {
                let bytes = crate::store::fs::read_bounded(
                    &path,
                    crate::store::fs::MAX_INPUT_BYTES,
                    &|| false,
                )
                .ok()?;
                image::load_from_memory(&bytes).ok()
            })
            .await
            .ok()
            .flatten();
            match read {
                Some(m) => {
                    plan.mask = PlanMask::Picture(Arc::new(m));
                    Some(name.clone())
                }
                None => None,
            }
        }
        (None, None) => None,
    };
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
    let replace = req.replace_previous;
    let written = tokio::task::spawn_blocking(move || {
        // The earlier choice's file leaves first (when unchanged), and the new one takes its
        // name: one kept file per job, under one name (a link, which fails rather than write
        // over a file another process put there meanwhile).
        let mut path = path;
        let earlier = history.get(&id).and_then(|e| e.choice).filter(|_| replace);
        if let Some(old) = earlier.as_ref().and_then(|b| tidy(&history, b, &path))
            && std::fs::hard_link(&path, &old).is_ok()
        {
            let _ = std::fs::remove_file(&path);
            path = old;
        }
        let file = history.store_file(&path).ok();
        history.update(&id, |e| {
            e.choice = Some(Choice {
                boxes,
                file,
                saved_as: Some(path.clone()),
                mask: mask_file,
            });
        })?;
        Ok::<_, crate::store::history::HistoryError>(path)
    })
    .await
    .map_err(|e| Said::Plain(e.to_string()))?
    .map_err(|e| e.said())?;
    Ok(Kept {
        id: req.id,
        boxes: req.boxes,
        path: written,
        preview: made.preview,
        size: made.size,
    })
}

/// Removes the composite an earlier choice wrote beside `now`, when it is still the file that
/// was written (the same bytes as history's copy, which stays); its path, once removed.
/// Blocking.
fn tidy(
    history: &crate::store::history::History,
    before: &Choice,
    now: &std::path::Path,
) -> Option<PathBuf> {
    let (Some(old), Some(copy)) = (&before.saved_as, &before.file) else {
        return None;
    };
    if old == now || old.parent() != now.parent() {
        return None;
    }
    let same = match (std::fs::read(old), std::fs::read(history.file_path(copy))) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    (same && std::fs::remove_file(old).is_ok()).then(|| old.clone())
}

/// Box `box_index` of a job as each candidate makes it: the original (first) and every
/// result's composite, cut around the box (with some of what is around it) in the composite's
/// pixels, at 1:1 unless that is larger than [`CANDIDATE_MAX_SIDE`] (then `scale` < 1).
#[derive(Debug, Clone)]
pub struct Candidates {
    pub id: String,
    pub box_index: usize,
    /// `[x1, y1, x2, y2]` of the cut, in the target's pixels; the box within it.
    pub rect: [u32; 4],
    pub bbox: crate::api::job::BBox,
    /// Screen pixels per target pixel of the pictures.
    pub scale: f32,
    /// `pictures[0]` the original, `pictures[r]` result `r` (`None`: not composited).
    pub pictures: Vec<Option<Arc<Preview>>>,
}

/// The longest side of a candidate picture.
pub const CANDIDATE_MAX_SIDE: u32 = 1024;

/// See [`Candidates`]. Blocking work goes to the blocking pool.
pub async fn candidates(rec: &Recorder, id: &str, box_index: usize) -> Result<Candidates, Said> {
    let history = rec.history.clone();
    let owned = id.to_string();
    let entry = tokio::task::spawn_blocking(move || history.get(&owned))
        .await
        .ok()
        .flatten()
        .ok_or_else(|| crate::said!("choice-no-job", id = id.to_string()))?;
    let plan = plan_for_choice(&entry)?;
    let bbox = *plan
        .boxes
        .get(box_index)
        .ok_or_else(|| crate::said!("choice-no-boxes"))?;
    let target = super::fetched::target_as_sent(rec, &entry, plan.target)
        .await
        .ok_or_else(|| crate::said!("choice-no-target", image = plan.target + 1))?;
    let files: Vec<Option<PathBuf>> = entry
        .outputs
        .iter()
        .map(|o| {
            let c = o.composite.as_ref()?;
            c.file.as_ref().map(|f| rec.history.file_path(f))
        })
        .collect();
    let id = id.to_string();
    tokio::task::spawn_blocking(move || {
        let original = super::region::target_on_screen(&target)?;
        let (w, h) = original.dimensions();
        let rect = around(bbox, (w, h));
        let (cw, ch) = (rect[2] - rect[0], rect[3] - rect[1]);
        let scale = (CANDIDATE_MAX_SIDE as f32 / cw.max(ch) as f32).min(1.0);
        let cut = |img: &image::RgbaImage| -> Option<Arc<Preview>> {
            if img.dimensions() != (w, h) {
                return None;
            }
            let part = image::imageops::crop_imm(img, rect[0], rect[1], cw, ch).to_image();
            let part = if scale < 1.0 {
                let (tw, th) = (
                    ((cw as f32 * scale).round() as u32).max(1),
                    ((ch as f32 * scale).round() as u32).max(1),
                );
                image::imageops::thumbnail(&part, tw, th)
            } else {
                part
            };
            Some(Arc::new(Preview {
                width: part.width(),
                height: part.height(),
                rgba: part.into_raw(),
            }))
        };
        let mut pictures = vec![cut(&original)];
        for f in &files {
            pictures.push(f.as_deref().and_then(on_screen).and_then(|i| cut(&i)));
        }
        Ok(Candidates {
            id,
            box_index,
            rect,
            bbox,
            scale,
            pictures,
        })
    })
    .await
    .map_err(|e| Said::Plain(e.to_string()))?
}

/// The box with a quarter of its size around it (at least 24 pixels), within the image.
fn around(b: crate::api::job::BBox, (w, h): (u32, u32)) -> [u32; 4] {
    let grow = ((b.x2 - b.x1).max(b.y2 - b.y1) / 4).max(24);
    [
        b.x1.saturating_sub(grow),
        b.y1.saturating_sub(grow),
        (b.x2 + grow).min(w),
        (b.y2 + grow).min(h),
    ]
}

/// A composite file's pixels as the screen shows them (upright, in sRGB). Blocking.
fn on_screen(path: &std::path::Path) -> Option<image::RgbaImage> {
    let bytes =
        crate::store::fs::read_bounded(path, crate::store::fs::MAX_INPUT_BYTES, &|| false).ok()?;
    let mut img = crate::imaging::prepare::decode_upright(&bytes)
        .ok()?
        .to_rgba8();
    let fmt = crate::imaging::sniff(&bytes)?;
    if let Some(p) = crate::imaging::colour::foreign_in(&bytes, fmt) {
        let _ = crate::imaging::colour::to_srgb(&mut img, &p);
    }
    Some(img)
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
