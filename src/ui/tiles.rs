//! The canvas's real pixels: for the image on screen, the tiles the view needs, cut by the
//! engine's tiles room from the image's full-resolution pixels (which the room decodes once and
//! keeps for the image on screen only) and kept here as textures within a budget. Until tiles
//! arrive the preview shows.

use std::collections::HashSet;

use egui::{TextureHandle, TextureOptions};

use crate::imaging::tiles::{self, TileCache, TileId};
use crate::jobs::door::Door;
use crate::jobs::post::Post;
use crate::jobs::work::tiles::TileCommand;

/// Textures of tiles kept at most, per view (GPU memory, which with a software renderer is the
/// process's own; a 1:1 view of a 2560×1440 screen needs ~24 MB). A tile that went out is cut
/// again from the pixels in memory in about a millisecond, so more would buy little.
pub const TEXTURE_BUDGET: usize = 40 * 1024 * 1024;

/// Pixels: magnified as squares (nearest) so each image pixel is a crisp block; minified
/// smoothly.
pub const PIXELS: TextureOptions = TextureOptions {
    magnification: egui::TextureFilter::Nearest,
    minification: egui::TextureFilter::Linear,
    wrap_mode: egui::TextureWrapMode::ClampToEdge,
    mipmap_mode: None,
};

pub use crate::jobs::work::tiles::{FullSource, TileNews};

type Key = (u64, TileId);

/// Names the layers of every window in the process (the jobs' ids stay the jobs' own).
static LAYERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

pub struct TileLayer {
    door: Door,
    /// This layer's name in the tiles room.
    layer: u64,
    post: Post<TileNews>,
    /// The image (its key: slot id and generation) whose pixels are kept.
    on_screen: Option<u64>,
    /// Its full size, once the room has decoded it.
    full: Option<(u32, u32)>,
    decoding: bool,
    pub failed: Option<String>,
    cache: TileCache<Key, TextureHandle>,
    cutting: HashSet<Key>,
    /// Tiles cut, waiting to become textures.
    arrived: Vec<(u64, TileId, egui::ColorImage)>,
    /// Tiles the last view drawn needed and did not have yet.
    missing: usize,
}

/// A tile ready to draw.
pub struct DrawTile {
    pub id: TileId,
    pub texture: TextureHandle,
}

impl TileLayer {
    pub fn new(door: Door, post: Post<TileNews>) -> Self {
        TileLayer {
            layer: LAYERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            door,
            post,
            on_screen: None,
            full: None,
            decoding: false,
            failed: None,
            cache: TileCache::new(TEXTURE_BUDGET),
            cutting: HashSet::new(),
            arrived: Vec::new(),
            missing: 0,
        }
    }

    /// The image `key` is on screen: its pixels are loaded (once) and every other image's
    /// are freed.
    fn show(&mut self, key: u64, source: &FullSource) {
        if self.on_screen == Some(key) {
            return;
        }
        self.on_screen = Some(key);
        self.full = None;
        self.failed = None;
        self.cutting.clear();
        self.cache.retain(|k| k.0 == key);
        self.decoding = true;
        self.door.send(TileCommand::Show {
            layer: self.layer,
            key,
            source: source.clone(),
            news: self.post.clone(),
        });
    }

    /// Drops everything (no image on screen, or one without real pixels). Cheap when empty.
    pub fn clear(&mut self) {
        if self.on_screen.is_none() && self.cache.is_empty() {
            return;
        }
        self.on_screen = None;
        self.door.send(TileCommand::Clear { layer: self.layer });
        self.full = None;
        self.decoding = false;
        self.cutting.clear();
        self.arrived.clear();
        self.missing = 0;
        self.cache.retain(|_| false);
    }

    pub fn receive(&mut self, news: TileNews) {
        match news {
            TileNews::Decoded(key, r) if Some(key) == self.on_screen => {
                self.decoding = false;
                match r {
                    Ok(full) => self.full = Some(full),
                    Err(e) => self.failed = Some(e.words()),
                }
            }
            TileNews::Cut {
                key,
                id,
                pixels,
                opaque,
            } if Some(key) == self.on_screen && self.cutting.remove(&(key, id)) => {
                // The texture is made where the frame has the context ([`Self::tiles`]).
                let image = match opaque {
                    true => crate::ui::widgets::opaque_color_image(pixels),
                    false => crate::ui::widgets::color_image(&pixels),
                };
                self.arrived.push((key, id, image));
            }
            _ => {}
        }
    }

    /// The tiles to draw over the preview for this view of image `key` (`size` its pixels,
    /// `area` the visible part in image pixels, `screen_per_pixel` device pixels per image
    /// pixel); asks for those missing. Empty when the preview is enough.
    #[expect(
        clippy::too_many_arguments,
        reason = "the view's parts, each its own argument"
    )]
    pub fn tiles(
        &mut self,
        ctx: &egui::Context,
        key: u64,
        source: Option<&FullSource>,
        size: (u32, u32),
        preview_w: u32,
        area: [f32; 4],
        screen_per_pixel: f32,
    ) -> Vec<DrawTile> {
        for (k, id, img) in std::mem::take(&mut self.arrived) {
            let bytes = img.pixels.len() * 4;
            let tex = ctx.load_texture(
                format!("tile-{k}-{}-{}-{}", id.level, id.tx, id.ty),
                img,
                PIXELS,
            );
            self.cache.insert((k, id), tex, bytes);
        }
        let Some(source) = source else {
            return Vec::new();
        };
        self.missing = 0;
        // An image larger than its preview has its pixels decoded as soon as it is on screen,
        // before a zoom needs them: the first 1:1 then waits for no 48 MP decode.
        if preview_w < size.0 {
            self.show(key, source);
        }
        if !tiles::needs_tiles(screen_per_pixel, preview_w, size.0) {
            return Vec::new();
        }
        // A file whose pixels are not the ones measured (e.g. an input that was scaled to be
        // sent): its preview is what shows.
        if self.full.is_some_and(|f| f != size) {
            return Vec::new();
        }
        let level = tiles::level_for(screen_per_pixel);
        let wanted = tiles::visible(size.0, size.1, level, area);
        let mut out = Vec::with_capacity(wanted.len());
        let mut cut = Vec::new();
        self.missing = wanted.len();
        for id in wanted {
            let k = (key, id);
            if let Some(t) = self.cache.get(&k) {
                out.push(DrawTile {
                    id,
                    texture: t.clone(),
                });
                self.missing -= 1;
            } else if self.full.is_some() && self.cutting.insert(k) {
                cut.push(id);
            }
        }
        if !cut.is_empty() {
            self.door.send(TileCommand::Cut {
                layer: self.layer,
                key,
                tiles: cut,
            });
        }
        out
    }

    /// Whether tiles are still on their way (the frame keeps asking until they are in).
    pub fn busy(&self) -> bool {
        self.decoding || !self.cutting.is_empty()
    }

    /// Whether the last view drawn had every tile it needed (or needed none).
    pub fn complete(&self) -> bool {
        self.missing == 0 && !self.busy()
    }
}
