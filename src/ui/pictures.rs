//! The window's pictures on the GPU: one texture cache for every view, each picture named by
//! what it is ([`PictureId`]), so that the results panel, the compare view and the canvas share
//! one texture of one picture, and a view that needs one makes it (none waits for another
//! panel to have been drawn).

use std::collections::HashMap;
use std::sync::Arc;

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::imaging::prepare::Preview;

/// A picture the window shows, by what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PictureId {
    /// The canvas's picture of the input in this strip slot (its full preview).
    Canvas(u64),
    /// The strip's thumbnail of the input in this slot.
    Thumb(u64),
    /// Input `index` of a job, as "before" in the compare view.
    JobInput { job: u64, index: usize },
    /// Result `index` of a job; `raw` for the raw file of a composited one.
    Result { job: u64, index: usize, raw: bool },
    /// The picture picked as "before" from elsewhere for a job.
    Picked { job: u64 },
    /// The difference heat map of result `index` of a job.
    Heat { job: u64, index: usize },
    /// Box `box_index` of a job as candidate `candidate` makes it (0: the original).
    Candidate {
        job: u64,
        box_index: usize,
        candidate: usize,
    },
    /// The composite a job's choice per box made.
    Kept { job: u64 },
    /// A History entry's thumbnail (by its id's hash).
    HistoryThumb(u64),
    /// A batch card's thumbnail of a file (by its path's hash).
    BatchThumb(u64),
}

impl PictureId {
    /// The job it belongs to, if any.
    pub fn job(&self) -> Option<u64> {
        match *self {
            PictureId::Canvas(_)
            | PictureId::Thumb(_)
            | PictureId::HistoryThumb(_)
            | PictureId::BatchThumb(_) => None,
            PictureId::JobInput { job, .. }
            | PictureId::Result { job, .. }
            | PictureId::Picked { job }
            | PictureId::Heat { job, .. }
            | PictureId::Candidate { job, .. }
            | PictureId::Kept { job } => Some(job),
        }
    }

    /// History entry `id`'s thumbnail.
    pub fn history_thumb(id: &str) -> PictureId {
        PictureId::HistoryThumb(hashed(id))
    }

    /// A batch card's thumbnail of `path`.
    pub fn batch_thumb(path: &std::path::Path) -> PictureId {
        PictureId::BatchThumb(hashed(path))
    }

    fn name(&self) -> String {
        format!("{self:?}")
    }
}

fn hashed(v: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// A texture and what it was made from: the picture's preview (the same `Arc`, not an equal
/// one: a new preview of the same picture makes a new texture) and, for a heat map, the gain.
struct Kept {
    /// `None`: pixels that arrived once (a list's thumbnail), kept until put again.
    from: Option<Arc<Preview>>,
    gain_bits: u32,
    texture: TextureHandle,
}

/// Every texture the window's views use, by picture.
#[derive(Default)]
pub struct Textures {
    kept: HashMap<PictureId, Kept>,
}

impl Textures {
    /// The texture of `id`, made from `from` unless the one kept was made from it.
    pub fn of(
        &mut self,
        ctx: &egui::Context,
        id: PictureId,
        from: &Arc<Preview>,
        options: TextureOptions,
    ) -> TextureHandle {
        self.made(ctx, id, (from, 0), options, |p| {
            ColorImage::from_rgba_unmultiplied([p.width as usize, p.height as usize], &p.rgba)
        })
    }

    /// The heat-map texture of difference map `diff` at `gain`.
    pub fn heat(
        &mut self,
        ctx: &egui::Context,
        id: PictureId,
        diff: &Arc<Preview>,
        gain: f32,
    ) -> TextureHandle {
        self.made(
            ctx,
            id,
            (diff, gain.to_bits()),
            TextureOptions::LINEAR,
            |d| crate::ui::widgets::compare::heat_image(d, gain),
        )
    }

    fn made(
        &mut self,
        ctx: &egui::Context,
        id: PictureId,
        (from, gain_bits): (&Arc<Preview>, u32),
        options: TextureOptions,
        image: impl FnOnce(&Preview) -> ColorImage,
    ) -> TextureHandle {
        if let Some(k) = self.kept.get(&id)
            && k.from.as_ref().is_some_and(|f| Arc::ptr_eq(f, from))
            && k.gain_bits == gain_bits
        {
            return k.texture.clone();
        }
        let texture = ctx.load_texture(id.name(), image(from), options);
        self.kept.insert(
            id,
            Kept {
                from: Some(from.clone()),
                gain_bits,
                texture: texture.clone(),
            },
        );
        texture
    }

    /// A texture of `image` for `id`, in place of any kept (pixels that arrive once, such as
    /// a list's thumbnail decoded on the runtime).
    pub fn put(
        &mut self,
        ctx: &egui::Context,
        id: PictureId,
        image: ColorImage,
        options: TextureOptions,
    ) {
        let texture = ctx.load_texture(id.name(), image, options);
        self.kept.insert(
            id,
            Kept {
                from: None,
                gain_bits: 0,
                texture,
            },
        );
    }

    /// Lets go of `id`'s texture.
    pub fn forget(&mut self, id: PictureId) {
        self.kept.remove(&id);
    }

    /// The texture kept for `id`, whatever it was made from.
    pub fn get(&self, id: PictureId) -> Option<TextureHandle> {
        self.kept.get(&id).map(|k| k.texture.clone())
    }

    /// Lets go of every texture `keep` refuses (their GPU memory goes with the last handle).
    pub fn retain(&mut self, keep: impl Fn(&PictureId) -> bool) {
        self.kept.retain(|id, _| keep(id));
    }

    /// How many textures are kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preview(w: u32, h: u32, v: u8) -> Arc<Preview> {
        Arc::new(Preview {
            width: w,
            height: h,
            rgba: vec![v; (w * h * 4) as usize],
        })
    }

    #[test]
    fn one_texture_per_picture_made_again_only_from_a_new_preview_or_gain() {
        let ctx = egui::Context::default();
        let mut t = Textures::default();
        let id = PictureId::Result {
            job: 1,
            index: 0,
            raw: false,
        };
        let p = preview(4, 3, 200);
        let a = t.of(&ctx, id, &p, TextureOptions::LINEAR);
        let b = t.of(&ctx, id, &p, TextureOptions::LINEAR);
        assert_eq!(a.id(), b.id(), "the same preview: the same texture");
        assert_eq!(a.size(), [4, 3]);
        let q = preview(4, 3, 200);
        let c = t.of(&ctx, id, &q, TextureOptions::LINEAR);
        assert_ne!(
            a.id(),
            c.id(),
            "a new preview of the picture: a new texture"
        );
        let raw = PictureId::Result {
            job: 1,
            index: 0,
            raw: true,
        };
        assert_ne!(t.of(&ctx, raw, &q, TextureOptions::LINEAR).id(), c.id());

        let heat = PictureId::Heat { job: 1, index: 0 };
        let h4 = t.heat(&ctx, heat, &p, 4.0);
        assert_eq!(t.heat(&ctx, heat, &p, 4.0).id(), h4.id());
        assert_ne!(t.heat(&ctx, heat, &p, 8.0).id(), h4.id(), "another gain");
        assert_eq!(t.len(), 3);

        t.retain(|id| id.job() != Some(1));
        assert!(t.is_empty());
        assert!(t.get(id).is_none());
    }
}
