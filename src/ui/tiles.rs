//! The canvas's real pixels: for the image on screen, its full-resolution pixels (decoded once,
//! on the runtime, from the bytes as sent) and the tiles the view needs, cut on the runtime and
//! kept as textures within a budget. Only the image on screen keeps full-resolution data;
//! choosing another frees it. Until tiles arrive the preview shows.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use egui::{TextureHandle, TextureOptions};

use crate::imaging::tiles::{self, TileCache, TileId};
use crate::jobs::post::Post;

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

/// Where the full-resolution pixels come from.
#[derive(Clone)]
pub enum FullSource {
    /// The repaired bytes that are sent.
    Bytes(Arc<Vec<u8>>),
    /// The file, sent as it is.
    File(PathBuf),
}

/// What the runtime did for the layer.
pub enum TileNews {
    Decoded(u64, Result<Arc<image::DynamicImage>, String>),
    Cut(u64, TileId, egui::ColorImage),
}

type Key = (u64, TileId);

pub struct TileLayer {
    runtime: tokio::runtime::Handle,
    post: Post<TileNews>,
    /// The image (its key: slot id and generation) whose pixels are kept.
    on_screen: Option<u64>,
    full: Option<Arc<image::DynamicImage>>,
    decoding: bool,
    pub failed: Option<String>,
    cache: TileCache<Key, TextureHandle>,
    cutting: HashSet<Key>,
    /// Tiles cut, waiting to become textures.
    arrived: Vec<(u64, TileId, egui::ColorImage)>,
    /// Tiles the last view drawn needed and did not have yet.
    missing: usize,
    /// One full decode at a time (a 48 MP photo is 144 MB decoded): switching quickly through
    /// nine images waits for the one decoding and then decodes only the image chosen last.
    gate: Arc<tokio::sync::Semaphore>,
    /// The image whose pixels are wanted now (`NONE`: none).
    wanted: Arc<std::sync::atomic::AtomicU64>,
}

const NONE: u64 = u64::MAX;

/// A tile ready to draw.
pub struct DrawTile {
    pub id: TileId,
    pub texture: TextureHandle,
}

impl TileLayer {
    pub fn new(runtime: tokio::runtime::Handle, post: Post<TileNews>) -> Self {
        TileLayer {
            runtime,
            post,
            on_screen: None,
            full: None,
            decoding: false,
            failed: None,
            cache: TileCache::new(TEXTURE_BUDGET),
            cutting: HashSet::new(),
            arrived: Vec::new(),
            missing: 0,
            gate: Arc::new(tokio::sync::Semaphore::new(1)),
            wanted: Arc::new(std::sync::atomic::AtomicU64::new(NONE)),
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
        use std::sync::atomic::Ordering::SeqCst;
        self.wanted.store(key, SeqCst);
        let (post, source) = (self.post.clone(), source.clone());
        let (gate, wanted) = (self.gate.clone(), self.wanted.clone());
        self.runtime.spawn(async move {
            let Ok(_one_at_a_time) = gate.acquire_owned().await else {
                return;
            };
            if wanted.load(SeqCst) != key {
                return; // another image was chosen while this one waited
            }
            let r = tokio::task::spawn_blocking(move || {
                let bytes = match source {
                    FullSource::Bytes(b) => Ok(b),
                    FullSource::File(p) => crate::store::fs::read_bounded(
                        &p,
                        crate::store::fs::MAX_INPUT_BYTES,
                        &|| false,
                    )
                    .map(Arc::new)
                    .map_err(|e| e.to_string()),
                };
                bytes.and_then(|b| crate::imaging::prepare::decode_full(&b).map(Arc::new))
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            post.send(TileNews::Decoded(key, r));
        });
    }

    /// Drops everything (no image on screen, or one without real pixels). Cheap when empty.
    pub fn clear(&mut self) {
        if self.on_screen.is_none() && self.cache.is_empty() {
            return;
        }
        self.on_screen = None;
        self.wanted.store(NONE, std::sync::atomic::Ordering::SeqCst);
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
                    Err(e) => self.failed = Some(e),
                }
            }
            TileNews::Cut(key, id, img) if Some(key) == self.on_screen => {
                // The texture is made where the frame has the context ([`Self::tiles`]).
                self.cutting.remove(&(key, id));
                self.arrived.push((key, id, img));
            }
            _ => {}
        }
    }

    /// The tiles to draw over the preview for this view of image `key` (`size` its pixels,
    /// `area` the visible part in image pixels, `screen_per_pixel` device pixels per image
    /// pixel); asks for those missing. Empty when the preview is enough.
    #[allow(clippy::too_many_arguments)]
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
        if self
            .full
            .as_ref()
            .is_some_and(|f| (f.width(), f.height()) != size)
        {
            return Vec::new();
        }
        let level = tiles::level_for(screen_per_pixel);
        let wanted = tiles::visible(size.0, size.1, level, area);
        let mut out = Vec::with_capacity(wanted.len());
        self.missing = wanted.len();
        for id in wanted {
            let k = (key, id);
            if let Some(t) = self.cache.get(&k) {
                out.push(DrawTile {
                    id,
                    texture: t.clone(),
                });
                self.missing -= 1;
            } else if let Some(full) = &self.full
                && self.cutting.insert(k)
            {
                let (post, full) = (self.post.clone(), full.clone());
                self.runtime.spawn_blocking(move || {
                    let t = tiles::cut(&full, id);
                    let img = egui::ColorImage::from_rgba_unmultiplied(
                        [t.width() as usize, t.height() as usize],
                        t.as_raw(),
                    );
                    post.send(TileNews::Cut(key, id, img));
                });
            }
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
