//! One call of a job that detail mode split: boxes so far apart that one crop around them all
//! gains too little are sent as one crop per box, one call each (each billed, said before
//! anything is sent). Each call is a job of its own (recorded, journaled and owned like any
//! other), whose target carries only its box and whose prompt numbers that box 1; it keeps the
//! job as the designer composed it, for Reopen, Re-run and recipes.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::job::{BBox, DetailMode, JobSpec};

/// Which call of a split job this is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DetailPart {
    /// This call (0-based) and how many the job was split into.
    pub index: usize,
    pub of: usize,
    /// The number (1-based) the designer gave this call's box on the target.
    pub number: usize,
    /// The job as composed: its prompt and every box of the target, in the target's pixels.
    pub prompt: String,
    pub boxes: Vec<BBox>,
    /// The job's result names (the calls before the last add `-boxN` to them: the last call's
    /// composites, which hold every box, take the job's own names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<String>,
    /// The detail mode the designer chose (each call is sent with detail on).
    #[serde(default)]
    pub detail: DetailMode,
    /// The composites of the call before, which this call's results are composited into
    /// (result k into the k-th, cycling): the boxes edited before stay edited. Not kept: a
    /// result fetched again later is composited into the target itself.
    #[serde(skip)]
    pub onto: Vec<PathBuf>,
}

/// The prompt with box `first` (1-based) called box 1 and the boxes before it moved up one
/// ("box 2" ↔ "box 1" for two boxes): a call that sends one box sends it as its first, and the
/// prompt must say the same. Words as in [`super::references`]: "box 2", "Box #2", "ボックス2",
/// "枠2", "框2".
pub fn renumber_boxes(prompt: &str, first: usize) -> String {
    let new_of = |n: usize| {
        if n == first {
            1
        } else if n < first {
            n + 1
        } else {
            n
        }
    };
    let lower = prompt.to_lowercase();
    // Lower-casing may change byte lengths outside ASCII: fall back to the prompt as written.
    if lower.len() != prompt.len() {
        return prompt.to_string();
    }
    let mut out = String::with_capacity(prompt.len());
    let mut from = 0;
    for (r, digits) in super::references::spans(&lower) {
        if let super::references::Reference::Box(n @ 1..) = r {
            out.push_str(&prompt[from..digits.start]);
            out.push_str(&new_of(n).to_string());
            from = digits.end;
        }
    }
    out.push_str(&prompt[from..]);
    out
}

impl JobSpec {
    /// The prompt as the designer wrote it (a call of a split job sends it renumbered).
    pub fn composed_prompt(&self) -> &str {
        self.part.as_ref().map_or(&self.prompt, |p| &p.prompt)
    }

    /// The job as the designer composed it: a call of a split job gives back the whole job
    /// (its prompt and every box); any other job is itself.
    pub fn whole(&self) -> JobSpec {
        let mut job = self.clone();
        if let Some(part) = job.part.take()
            && let Some(t) = job.composite_target()
            && let Some(img) = job.images.get_mut(t)
        {
            job.prompt = part.prompt;
            img.boxes = part.boxes;
            job.region.detail = part.detail;
            job.names = part.names;
        }
        for img in &mut job.images {
            img.crop = None;
        }
        job
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calls_box_becomes_box_1_in_three_languages() {
        assert_eq!(
            renumber_boxes(
                "Replace the raspberry in box 1 with a lemon and the cup in Box #2 with a mug",
                2
            ),
            "Replace the raspberry in box 2 with a lemon and the cup in Box #1 with a mug"
        );
        assert_eq!(
            renumber_boxes("框1放柠檬，框2放杯子", 2),
            "框2放柠檬，框1放杯子"
        );
        assert_eq!(
            renumber_boxes("ボックス2を消し、枠1を明るく", 2),
            "ボックス1を消し、枠2を明るく"
        );
        // The first call's prompt is the prompt; words that only contain "box" are not boxes.
        let p = "inbox 2 and sandbox 1: box 1 glows, box 2x is a size";
        assert_eq!(renumber_boxes(p, 1), p);
        assert_eq!(
            renumber_boxes(p, 2),
            "inbox 2 and sandbox 1: box 2 glows, box 2x is a size"
        );
    }
}
