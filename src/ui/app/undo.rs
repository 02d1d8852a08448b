//! Undo and Redo: box edits and the mask's strokes, one step each (egui's undoer over every
//! image's boxes and mask), Remove (the image taken out whole, put back where it was with its
//! boxes, mask, pixels and role as the target) and Reopen over work in the strip (the strip,
//! prompt and model before it, put back whole).

use super::{BoxState, WanEditApp};
use crate::api::catalog::ModelSpec;
use egui::util::undoer::Undoer;

/// A removal, or a Reopen that replaced work, as an undo step.
pub(crate) struct RemovedStep {
    pub(super) what: Step,
    /// Box edits made since (undone first).
    pub(super) edits_after: usize,
}

pub(super) enum Step {
    /// One image taken out; `took_boxes`: the box history has a step for it.
    Removed {
        r: crate::ui::inputs::Removed,
        took_boxes: bool,
    },
    /// The composer a Reopen replaced, whole, with its own undo history.
    Replaced(Box<Composer>),
}

/// An undone step Redo can do again.
pub(crate) enum Redo {
    /// A box edit: the boxes as they were before Undo (put back as a new step of the box
    /// history; egui's own redo list is emptied by any other change, a removal too).
    Boxes(BoxState),
    /// The image `id` was put back: Redo takes it out again, wherever it is now (a new step of
    /// the box history when it has boxes, as Remove makes).
    Remove { id: u64 },
    /// A Reopen was undone: Redo brings the reopened composer back.
    Replace(Box<Composer>),
}

pub(crate) struct Composer {
    slots: Vec<crate::ui::inputs::InputSlot>,
    target: Option<u64>,
    prompt: crate::ui::panels::prompt::PromptState,
    model: &'static ModelSpec,
    selected: usize,
    undo: Undoer<BoxState>,
    removed: Vec<RemovedStep>,
}

impl WanEditApp {
    /// The composer as it is now (put back, reopened, forked, a sample) is where Undo stops.
    pub(super) fn undo_starts_here(&mut self) {
        let now = self.compose.inputs.box_state();
        self.compose.undo = Default::default();
        self.compose.undo.add_undo(&now);
        self.compose.last_boxes = Some(now);
    }

    pub(super) fn commit_boxes(&mut self) {
        self.compose.nudged_at = None;
        // Strokes a box edit left outside every box go with it (they could only paint a box
        // drawn over them later, unseen).
        self.compose.inputs.prune_masks();
        let now = self.compose.inputs.box_state();
        let changed = self.compose.last_boxes.as_ref() != Some(&now);
        self.compose.undo.add_undo(&now);
        self.compose.last_boxes = Some(now);
        // A box edit after a removal is undone before the removal is.
        if changed {
            if let Some(top) = self.compose.removed.last_mut() {
                top.edits_after += 1;
            }
            self.compose.redo.clear();
        }
    }

    /// Removes image `index` (1-based in the window's words); Undo puts it back with its boxes.
    pub fn remove(&mut self, index: usize) {
        self.compose.redo.clear();
        self.take_out(index);
    }

    /// Takes image `index` out as an undo step (Remove, or Redo of an undone Remove).
    fn take_out(&mut self, index: usize) {
        let before = self.compose.inputs.box_state();
        let Some(r) = self.compose.inputs.take(index) else {
            return;
        };
        if self.compose.selected >= self.compose.inputs.slots.len() {
            self.compose.selected = self.compose.inputs.slots.len().saturating_sub(1);
        }
        let name = r.slot.name.clone();
        // Its own step: not a box edit made after an earlier removal.
        self.compose.nudged_at = None;
        let now = self.compose.inputs.box_state();
        self.compose.undo.add_undo(&now);
        self.compose.last_boxes = Some(now);
        // The removal is its own undo step; whether it took boxes with it says whether the box
        // history has a step for it too.
        let took_boxes = before != self.compose.inputs.box_state();
        self.compose.removed.push(RemovedStep {
            what: Step::Removed { r, took_boxes },
            edits_after: 0,
        });
        self.say(crate::said!("input-removed", name = name.as_str()));
    }

    pub fn undo(&mut self) {
        let current = self.compose.inputs.box_state();
        match self.compose.removed.last_mut() {
            // The last step was a removal: the image comes back (and its boxes with it).
            Some(top) if top.edits_after == 0 => {
                let step = self.compose.removed.pop().expect("a removal");
                let (r, took_boxes) = match step.what {
                    Step::Removed { r, took_boxes } => (r, took_boxes),
                    Step::Replaced(c) => {
                        let reopened = self.composer_now();
                        self.compose.redo.push(Redo::Replace(Box::new(reopened)));
                        return self.put_back_composer(*c);
                    }
                };
                let name = r.slot.name.clone();
                let id = r.slot.id;
                self.compose.selected = r.index.min(self.compose.inputs.slots.len());
                self.compose.inputs.put_back(r);
                // The box history's step for the removal is taken off (the image came back
                // with its own boxes; the others' did not change).
                if took_boxes {
                    let _ = self.compose.undo.undo(&current);
                }
                self.compose.redo.push(Redo::Remove { id });
                self.canvas.selected = None;
                self.say(crate::said!("input-put-back", name = name.as_str()));
                self.compose.last_boxes = Some(self.compose.inputs.box_state());
                return;
            }
            Some(top) => top.edits_after -= 1,
            None => {}
        }
        if let Some(prev) = self.compose.undo.undo(&current).cloned() {
            self.compose.inputs.restore_boxes(&prev);
            self.canvas.selected = None;
            self.compose.redo.push(Redo::Boxes(current));
        }
        self.compose.last_boxes = Some(self.compose.inputs.box_state());
    }

    /// The composer as it is, taking its undo history with it.
    fn composer_now(&mut self) -> Composer {
        Composer {
            slots: self.compose.inputs.slots.clone(),
            target: self.compose.inputs.target,
            prompt: self.compose.prompt.clone(),
            model: self.compose.model,
            selected: self.compose.selected,
            undo: std::mem::take(&mut self.compose.undo),
            removed: std::mem::take(&mut self.compose.removed),
        }
    }

    /// Before a Reopen replaces the strip: what is there is kept as an undo step (nothing to
    /// keep when the strip and the prompt are empty). Returns whether it was kept.
    pub(super) fn keep_before_replacing(&mut self) -> bool {
        if self.compose.inputs.slots.is_empty() && self.compose.prompt.prompt.trim().is_empty() {
            return false;
        }
        let c = self.composer_now();
        self.compose.redo.clear();
        self.compose.removed.push(RemovedStep {
            what: Step::Replaced(Box::new(c)),
            edits_after: 0,
        });
        true
    }

    fn put_back_composer(&mut self, c: Composer) {
        self.install_composer(c);
        self.say(crate::said!("reopen-undone"));
    }

    fn install_composer(&mut self, c: Composer) {
        self.set_model(c.model);
        self.compose.inputs.slots = c.slots;
        self.compose.inputs.target = c.target;
        self.compose.prompt = c.prompt;
        self.compose.selected = c
            .selected
            .min(self.compose.inputs.slots.len().saturating_sub(1));
        self.compose.undo = c.undo;
        self.compose.removed = c.removed;
        self.pictures
            .retain(|p| !matches!(p, crate::ui::pictures::PictureId::Canvas(_)));
        self.canvas = Default::default();
        self.compose.last_boxes = Some(self.compose.inputs.box_state());
    }

    /// Whether Undo has anything to do (a box edit, or a removal).
    pub fn can_undo(&self) -> bool {
        !self.compose.removed.is_empty()
            || self.compose.undo.has_undo(&self.compose.inputs.box_state())
    }

    pub fn can_redo(&self) -> bool {
        !self.compose.redo.is_empty()
    }

    pub fn redo(&mut self) {
        match self.compose.redo.pop() {
            Some(Redo::Boxes(next)) => {
                self.compose.inputs.restore_boxes(&next);
                self.compose.undo.add_undo(&self.compose.inputs.box_state());
                // A box edit again: undone before the removal under it, as when it was made.
                if let Some(top) = self.compose.removed.last_mut() {
                    top.edits_after += 1;
                }
                self.canvas.selected = None;
            }
            Some(Redo::Remove { id }) => {
                if let Some(index) = self.compose.inputs.slots.iter().position(|s| s.id == id) {
                    self.take_out(index);
                }
                self.canvas.selected = None;
            }
            Some(Redo::Replace(c)) => {
                // What is here becomes the undo step again, as the Reopen's was.
                let before = self.composer_now();
                self.install_composer(*c);
                self.compose.removed.push(RemovedStep {
                    what: Step::Replaced(Box::new(before)),
                    edits_after: 0,
                });
                self.say(crate::said!("reopen-redone"));
            }
            None => {}
        }
        self.compose.last_boxes = Some(self.compose.inputs.box_state());
    }
}
