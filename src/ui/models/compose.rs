//! What is being composed: the inputs and their boxes (with undo), the prompt, the model; the
//! job they describe, derived once a frame.

use std::cell::RefCell;
use std::sync::Arc;

use egui::util::undoer::Undoer;

use crate::api::catalog::{MODELS, ModelSpec};
use crate::api::job::{BBox, JobSpec, Stroke};
use crate::ui::inputs::Inputs;
use crate::ui::panels::prompt::PromptState;

/// Every image's boxes and painted mask, by slot id: one undo step (a box edit, or a stroke).
pub type BoxState = Vec<(u64, Vec<BBox>, Vec<Stroke>)>;

/// Keyboard nudges less than this many seconds apart are one undo step.
pub const NUDGES_SETTLE: f64 = 0.8;

pub struct Compose {
    pub inputs: Inputs,
    /// Index of the image shown on the canvas.
    pub selected: usize,
    pub model: &'static ModelSpec,
    pub prompt: PromptState,
    pub(crate) undo: Undoer<BoxState>,
    /// Images taken out by Remove, newest last, for Undo to put back.
    pub(crate) removed: Vec<crate::ui::app::RemovedStep>,
    /// What Redo does next, newest last: a box edit, a removal or a Reopen undone. Emptied
    /// by any new edit.
    pub(crate) redo: Vec<crate::ui::app::Redo>,
    /// The box state last committed to the undo history.
    pub(crate) last_boxes: Option<BoxState>,
    /// When the last keyboard nudge of a box was (egui time): nudges in quick succession are
    /// one undo step, made once they have stopped for [`NUDGES_SETTLE`].
    pub(crate) nudged_at: Option<f64>,
    /// A reopened job runs as soon as its images are loaded (History → Re-run).
    pub rerun_when_loaded: bool,
    /// The draft last derived, and the stamp of what it was derived from.
    drafted: RefCell<Option<(Vec<u8>, Arc<JobSpec>)>>,
}

impl Compose {
    pub fn new(inputs: Inputs) -> Self {
        let mut undo = Undoer::default();
        undo.add_undo(&Vec::new());
        Compose {
            inputs,
            selected: 0,
            model: &MODELS[0],
            prompt: PromptState::default(),
            undo,
            removed: Vec::new(),
            redo: Vec::new(),
            last_boxes: None,
            nudged_at: None,
            rerun_when_loaded: false,
            drafted: RefCell::new(None),
        }
    }

    /// The job the composer describes, built now, its results named by the template `names`:
    /// what Run, Copy as curl and the checks send.
    pub fn job(&self, names: &str) -> JobSpec {
        let mut job = JobSpec::new(self.model.id, &self.prompt.prompt);
        job.images = self.inputs.slots.iter().map(|s| s.to_job_image()).collect();
        job.params = self
            .prompt
            .params(self.model, !self.inputs.slots.is_empty());
        job.mode = self.prompt.mode(self.model);
        job.region = self.prompt.region;
        job.names = (names != crate::jobs::naming::DEFAULT_TEMPLATE).then(|| names.to_string());
        job.region.target = self
            .inputs
            .target
            .and_then(|id| self.inputs.slots.iter().position(|s| s.id == id));
        // A marked image that lost its boxes is no target; the rules then choose again.
        if job
            .region
            .target
            .is_some_and(|t| job.images[t].boxes.is_empty())
        {
            job.region.target = None;
        }
        job
    }

    /// The job the composer describes, derived again only when what it is made of has changed
    /// (compared by [`Self::stamp`]): every panel of a frame, and every frame until the next
    /// edit, shares one. Equal to [`Self::job`] at every moment.
    pub fn draft(&self, names: &str) -> Arc<JobSpec> {
        let stamp = self.stamp(names);
        let mut d = self.drafted.borrow_mut();
        match &*d {
            Some((s, job)) if *s == stamp => job.clone(),
            _ => {
                let job = Arc::new(self.job(names));
                *d = Some((stamp, job.clone()));
                job
            }
        }
    }

    /// Everything [`Self::job`] reads, as bytes: the model, the prompt and its settings, the
    /// names, the target, and each image's identity, source, name, boxes, mask and load.
    fn stamp(&self, names: &str) -> Vec<u8> {
        let slots: Vec<_> = self
            .inputs
            .slots
            .iter()
            .map(|s| {
                let load = match &s.state {
                    crate::ui::inputs::SlotState::Loading => None,
                    crate::ui::inputs::SlotState::Ready(r) => Some(r.generation),
                    crate::ui::inputs::SlotState::Refused(_) => Some(u64::MAX),
                };
                (
                    s.id,
                    &s.source,
                    &s.name,
                    &s.boxes,
                    &s.mask,
                    s.boxes_frame,
                    load,
                )
            })
            .collect();
        let all = (
            self.model.id,
            &self.prompt,
            names,
            self.inputs.target,
            slots,
        );
        serde_json::to_vec(&all).unwrap_or_default()
    }

    /// Chooses another model: inputs are prepared again against its limits.
    pub fn set_model(&mut self, model: &'static ModelSpec) {
        if model.id != self.model.id {
            self.model = model;
            self.inputs.reprepare(model);
        }
    }

    /// The boxes drawn, one list per image in order, in each image's pixels (the request
    /// carries them so unless detail mode moves them into its crop: see the boxes panel).
    pub fn bbox_list(&self) -> Vec<Vec<[u32; 4]>> {
        self.inputs.bbox_list()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::door::Door;
    use crate::jobs::post::inbox;
    use crate::jobs::record::Recorder;
    use crate::ui::inputs::NewInput;

    /// A composer whose inputs load through a real engine (nothing is drawn).
    fn composer() -> (Compose, tokio::runtime::Runtime, tempfile::TempDir) {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let data = tempfile::tempdir().unwrap();
        let (events, _) = inbox(Arc::new(|| {}));
        let door = Door::open(rt.handle(), Recorder::at(data.path()), events);
        let (post, _) = inbox(Arc::new(|| {}));
        (Compose::new(Inputs::new(door, post)), rt, data)
    }

    const NAMES: &str = crate::jobs::naming::DEFAULT_TEMPLATE;

    #[test]
    fn the_draft_is_shared_until_an_edit_and_always_the_job_of_the_moment() {
        let (mut c, _rt, data) = composer();
        let a = data.path().join("a.png");
        let b = data.path().join("b.png");
        c.inputs
            .add(vec![NewInput::File(a.clone()), NewInput::File(b)], c.model);
        c.prompt.prompt = "replace the raspberry in box 1 with a lemon".into();
        let first = c.draft(NAMES);
        assert!(
            Arc::ptr_eq(&first, &c.draft(NAMES)),
            "no edit: the same draft"
        );
        assert_eq!(*first, c.job(NAMES));

        // Each edit gives a new draft, equal to the job built now.
        let edits: [fn(&mut Compose); 6] = [
            |c| c.prompt.prompt.push_str(", ripe"),
            |c| c.prompt.n = 3,
            |c| c.inputs.slots[0].boxes.push(BBox::new(10, 10, 200, 120)),
            |c| c.inputs.target = Some(c.inputs.slots[0].id),
            |c| c.inputs.slots.swap(0, 1),
            |c| c.model = &MODELS[1],
        ];
        let mut last = first;
        for (k, edit) in edits.iter().enumerate() {
            edit(&mut c);
            let now = c.draft(NAMES);
            assert!(!Arc::ptr_eq(&last, &now), "edit {k} was not seen");
            assert_eq!(*now, c.job(NAMES), "edit {k}");
            last = now;
        }
        let named = c.draft("{name}-{date}");
        assert_eq!(named.names.as_deref(), Some("{name}-{date}"));
        assert_eq!(last.images[1].source, crate::api::job::ImageSource::File(a));
    }

    #[test]
    fn a_marked_image_without_boxes_is_no_target() {
        let (mut c, _rt, data) = composer();
        c.inputs
            .add(vec![NewInput::File(data.path().join("a.png"))], c.model);
        c.inputs.target = Some(c.inputs.slots[0].id);
        assert_eq!(c.job(NAMES).region.target, None);
        c.inputs.slots[0].boxes.push(BBox::new(0, 0, 64, 64));
        assert_eq!(c.job(NAMES).region.target, Some(0));
    }
}
