//! The input images of the job being edited: ordered slots (image 1 … image 9), each loading,
//! ready (with its preview and boxes) or refused. Loading runs on the tokio runtime; results come
//! back through the window's inbox ([`Inputs::receive`]). No file I/O or decoding on the UI
//! thread.

use std::path::PathBuf;
use std::sync::Arc;

use crate::jobs::door::Door;
use crate::jobs::post::Post;
use crate::jobs::work::inputs::Load;

use crate::api::catalog::ModelSpec;
use crate::api::job::{BBox, ImageFacts, ImageSource, JobImage, Stroke};
use crate::imaging::prepare::{Preview, rescale_box};

/// What a slot holds once its file has been read and prepared.
#[derive(Debug, Clone)]
pub struct ReadyImage {
    /// What will be sent (after orientation and repair): boxes are in these pixels.
    pub facts: ImageFacts,
    pub source_format: &'static str,
    /// Each repair, said as a sentence ("scaled down from …") in the language of the frame
    /// that shows it.
    pub repairs: Vec<crate::imaging::prepare::Repair>,
    /// Repaired bytes to send instead of the file; `None` = the file as it is.
    pub send_bytes: Option<Arc<Vec<u8>>>,
    /// Screen-sized RGBA, handed to the UI once to make a texture.
    pub preview: Option<Arc<Preview>>,
    /// The strip's picture (at most [`THUMB_MAX_SIDE`] px a side), made from the preview.
    pub thumb: Option<Arc<Preview>>,
    /// Changes whenever the preview does, so the texture is remade.
    pub generation: u64,
}

#[derive(Debug, Clone)]
pub enum SlotState {
    Loading,
    Ready(Box<ReadyImage>),
    Refused(String),
}

/// One input image.
#[derive(Debug, Clone)]
pub struct InputSlot {
    /// Stable identity across reorders (the position is the image number).
    pub id: u64,
    pub source: ImageSource,
    pub name: String,
    pub state: SlotState,
    /// Boxes in the pixels of `facts` (the image as sent).
    pub boxes: Vec<BBox>,
    /// The mask painted over the boxes (brush, eraser, lasso strokes, in order), in the same
    /// pixels as the boxes.
    pub mask: Vec<Stroke>,
    /// For a slot restored from history before it is ready: the size the boxes (and the mask)
    /// were measured in, so they follow the image if it is prepared to another size.
    pub boxes_frame: Option<(u32, u32)>,
}

impl InputSlot {
    pub fn ready(&self) -> Option<&ReadyImage> {
        match &self.state {
            SlotState::Ready(r) => Some(r),
            _ => None,
        }
    }

    /// The slot as a job image (source, boxes and mask in sent pixels, facts).
    pub fn to_job_image(&self) -> JobImage {
        let mut img = JobImage::new(self.source.clone());
        img.boxes = self.boxes.clone();
        img.mask = self.mask.clone();
        // The card's name, also when the source is history's copy (Reopen, Re-run).
        img.name = Some(self.name.clone());
        if let Some(r) = self.ready() {
            img.facts = Some(r.facts);
            img.boxes_frame = Some((r.facts.width, r.facts.height));
        }
        img
    }
}

/// An input of a job reopened from history.
#[derive(Debug, Clone)]
pub struct RestoredInput {
    pub input: NewInput,
    pub name: String,
    pub boxes: Vec<BBox>,
    /// Its painted mask, in the boxes' pixels.
    pub mask: Vec<Stroke>,
    pub boxes_frame: Option<(u32, u32)>,
}

/// Where a new input comes from.
#[derive(Debug, Clone)]
pub enum NewInput {
    File(PathBuf),
    Url(String),
    /// A pasted image (clipboard pixels): saved as a PNG in `dir` so it can be sent like a file.
    Pasted {
        image: Arc<image::RgbaImage>,
        dir: PathBuf,
    },
}

pub use crate::jobs::work::inputs::Loaded;

/// An image taken out of the strip by Remove, kept for Undo.
#[derive(Debug, Clone)]
pub struct Removed {
    pub index: usize,
    pub slot: InputSlot,
    pasted: Option<Arc<image::RgbaImage>>,
    was_target: bool,
}

/// The ordered inputs plus the loader.
pub struct Inputs {
    pub slots: Vec<InputSlot>,
    /// The slot (by id) results are composited into, when the user marked one.
    pub target: Option<u64>,
    next_id: u64,
    generation: u64,
    /// Where finished loads go (the window's one inbox).
    post: Post<Loaded>,
    /// The engine, which reads and prepares them (its inputs' room).
    door: Door,
    /// Pasted pixels waiting to be written as PNG by the loader.
    pasted: std::collections::HashMap<u64, Arc<image::RgbaImage>>,
    /// Loads started and not yet received.
    pending: usize,
}

impl Inputs {
    pub fn new(door: Door, post: Post<Loaded>) -> Inputs {
        Inputs {
            target: None,
            slots: Vec::new(),
            next_id: 1,
            generation: 0,
            post,
            door,
            pasted: Default::default(),
            pending: 0,
        }
    }

    /// Adds inputs at the end. Returns a sentence for those that did not fit.
    pub fn add(&mut self, new: Vec<NewInput>, spec: &'static ModelSpec) -> Option<String> {
        let most = crate::api::catalog::ModelSpec::most_inputs();
        let room = most.saturating_sub(self.slots.len());
        let extra = new.len().saturating_sub(room);
        for input in new.into_iter().take(room) {
            let id = self.next_id;
            self.next_id += 1;
            let (source, name) = match &input {
                NewInput::File(p) => (
                    ImageSource::File(p.clone()),
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| p.display().to_string()),
                ),
                NewInput::Url(u) => (
                    ImageSource::Url(u.clone()),
                    u.rsplit('/')
                        .next()
                        .filter(|s| !s.is_empty())
                        .unwrap_or(u)
                        .to_string(),
                ),
                NewInput::Pasted { image, dir } => {
                    self.pasted.insert(id, image.clone());
                    let name =
                        format!("pasted-{id}-{}.png", crate::store::history::now_ms() / 1000);
                    (ImageSource::File(dir.join(&name)), name)
                }
            };
            self.slots.push(InputSlot {
                id,
                source,
                name,
                state: SlotState::Loading,
                boxes: Vec::new(),
                mask: Vec::new(),
                boxes_frame: None,
            });
            self.start_load(id, spec);
        }
        (extra > 0).then(|| crate::t!("inputs-full", most = most, extra = extra))
    }

    /// Replaces every input with `restored` (a job reopened from history): each with the name
    /// the user knew it by, its boxes and mask and the size they were measured in.
    pub fn restore(&mut self, restored: Vec<RestoredInput>, spec: &'static ModelSpec) {
        self.slots.clear();
        self.pasted.clear();
        let first = self.slots.len();
        self.add(restored.iter().map(|r| r.input.clone()).collect(), spec);
        for (slot, r) in self.slots[first..].iter_mut().zip(restored) {
            slot.name = r.name;
            slot.boxes = r.boxes;
            slot.mask = r.mask;
            slot.boxes_frame = r.boxes_frame;
        }
    }

    fn start_load(&mut self, id: u64, spec: &'static ModelSpec) {
        let Some(slot) = self.slots.iter().find(|s| s.id == id) else {
            return;
        };
        self.pending += 1;
        self.door.send(Load {
            id,
            source: slot.source.clone(),
            pasted: self.pasted.remove(&id),
            spec,
            reply: self.post.clone(),
        });
    }

    /// Takes a finished load (from the window's inbox).
    pub fn receive(&mut self, loaded: Loaded) {
        self.apply(loaded)
    }

    fn apply(&mut self, loaded: Loaded) {
        self.pending = self.pending.saturating_sub(1);
        self.generation += 1;
        let generation = self.generation;
        let Some(slot) = self.slots.iter_mut().find(|s| s.id == loaded.id) else {
            return;
        };
        if let Some(path) = loaded.saved_as {
            slot.source = ImageSource::File(path);
        }
        match loaded.result {
            Ok((p, thumb)) => {
                let new = (p.facts.width, p.facts.height);
                // Boxes (and the mask) drawn for another model's frame follow the image's new
                // size.
                let old = slot
                    .ready()
                    .map(|r| (r.facts.width, r.facts.height))
                    .or(slot.boxes_frame.take());
                if let Some(old) = old.filter(|&old| old != new) {
                    for b in slot.boxes.iter_mut() {
                        *b = rescale_box(*b, old, new);
                    }
                    for s in slot.mask.iter_mut() {
                        *s = s.rescaled(old, new);
                    }
                }
                slot.state = SlotState::Ready(Box::new(ReadyImage {
                    facts: p.facts,
                    source_format: p.source_format,
                    repairs: p.repairs,
                    send_bytes: p.bytes,
                    preview: p.preview.map(Arc::new),
                    thumb: thumb.map(Arc::new),
                    generation,
                }));
            }
            Err(e) => slot.state = SlotState::Refused(e.words()),
        }
    }

    pub fn is_loading(&self) -> bool {
        self.pending > 0
    }

    /// Prepares every input again for another model (its size limits differ).
    pub fn reprepare(&mut self, spec: &'static ModelSpec) {
        let ids: Vec<u64> = self.slots.iter().map(|s| s.id).collect();
        for id in ids {
            self.start_load(id, spec);
        }
    }

    pub fn remove(&mut self, index: usize) {
        if index < self.slots.len() {
            let s = self.slots.remove(index);
            self.pasted.remove(&s.id);
        }
    }

    /// Takes the image at `index` out of the strip, whole (its boxes, its loaded pixels, whether
    /// it was the target), for an undo to put back.
    pub fn take(&mut self, index: usize) -> Option<Removed> {
        if index >= self.slots.len() {
            return None;
        }
        let slot = self.slots.remove(index);
        let pasted = self.pasted.remove(&slot.id);
        let was_target = self.target == Some(slot.id);
        if was_target {
            self.target = None;
        }
        Some(Removed {
            index,
            slot,
            pasted,
            was_target,
        })
    }

    /// Puts a taken image back where it was.
    pub fn put_back(&mut self, r: Removed) {
        let at = r.index.min(self.slots.len());
        if let Some(p) = r.pasted {
            self.pasted.insert(r.slot.id, p);
        }
        if r.was_target {
            self.target = Some(r.slot.id);
        }
        self.slots.insert(at, r.slot);
    }

    /// Moves the image at `from` to position `to` (both 0-based).
    pub fn reorder(&mut self, from: usize, to: usize) {
        if from < self.slots.len() && to < self.slots.len() && from != to {
            let s = self.slots.remove(from);
            self.slots.insert(to, s);
        }
    }

    /// The boxes drawn, one list per image in order (the request's `bbox_list` unless detail
    /// mode moves them into its crop: `jobs::detail::bbox_lists`).
    pub fn bbox_list(&self) -> Vec<Vec<[u32; 4]>> {
        self.slots
            .iter()
            .map(|s| s.boxes.iter().map(|b| b.to_array()).collect())
            .collect()
    }

    /// Box state for undo: the boxes and the mask of every image that has some, by slot id
    /// (images without either are left out, so adding an image is not an edit to undo).
    pub fn box_state(&self) -> crate::ui::models::BoxState {
        self.slots
            .iter()
            .filter(|s| !s.boxes.is_empty() || !s.mask.is_empty())
            .map(|s| (s.id, s.boxes.clone(), s.mask.clone()))
            .collect()
    }

    pub fn restore_boxes(&mut self, state: &[(u64, Vec<BBox>, Vec<Stroke>)]) {
        for s in self.slots.iter_mut() {
            (s.boxes, s.mask) = state
                .iter()
                .find(|(id, _, _)| *id == s.id)
                .map(|(_, b, m)| (b.clone(), m.clone()))
                .unwrap_or_default();
        }
    }

    /// Drops, on every image, the strokes that touch none of its boxes (a box deleted from
    /// the boxes panel, or moved away from its strokes): see `canvas_mask::prune`. Images
    /// not yet prepared are left as they are (their size is not known).
    pub fn prune_masks(&mut self) {
        for s in self.slots.iter_mut().filter(|s| !s.mask.is_empty()) {
            if let Some(r) = s.ready() {
                let size = (r.facts.width, r.facts.height);
                crate::ui::widgets::canvas_mask::prune(&mut s.mask, &s.boxes, size);
            }
        }
    }
}
