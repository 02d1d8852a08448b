//! Real pixels at every zoom: which tiles of an image a view needs, cutting them from the
//! decoded image, and a cache that keeps the tiles within a byte budget (least recently used
//! out). Nothing here knows egui: the window turns tiles into textures and keeps them in a
//! [`TileCache`] of its own.
//!
//! Levels: 0 is the image's own pixels, level k is 1/2^k of them. A view whose screen shows
//! `s` device pixels per image pixel needs level `floor(log2(1/s))` (0 from 1:1 up), and needs
//! tiles at all only where the preview (at most 1024 px) would be magnified.

use std::collections::HashMap;
use std::hash::Hash;

use image::{DynamicImage, ImageBuffer, Pixel, RgbaImage};

/// A tile's side in its level's pixels (well within every GPU's texture limit).
pub const TILE: u32 = 512;
/// Coarser than this, the preview is always enough.
pub const MAX_LEVEL: u8 = 6;

/// One tile: its level and its column and row at that level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    pub level: u8,
    pub tx: u32,
    pub ty: u32,
}

impl TileId {
    /// The part of the full-resolution image it covers: (x, y, width, height) in image pixels,
    /// clipped to the image.
    pub fn source_rect(&self, w: u32, h: u32) -> (u32, u32, u32, u32) {
        let span = (TILE as u64) << self.level;
        let x = (self.tx as u64 * span).min(w as u64);
        let y = (self.ty as u64 * span).min(h as u64);
        let x1 = (x + span).min(w as u64);
        let y1 = (y + span).min(h as u64);
        (x as u32, y as u32, (x1 - x) as u32, (y1 - y) as u32)
    }

    /// Its size in its own level's pixels (what its texture holds).
    pub fn pixel_size(&self, w: u32, h: u32) -> (u32, u32) {
        let (_, _, sw, sh) = self.source_rect(w, h);
        let f = 1u32 << self.level;
        (sw.div_ceil(f).max(1), sh.div_ceil(f).max(1))
    }

    /// Bytes of its RGBA pixels.
    pub fn bytes(&self, w: u32, h: u32) -> usize {
        let (pw, ph) = self.pixel_size(w, h);
        pw as usize * ph as usize * 4
    }
}

/// The level a view needs, from device pixels per image pixel.
pub fn level_for(screen_per_pixel: f32) -> u8 {
    if !(screen_per_pixel.is_finite()) || screen_per_pixel >= 1.0 {
        return 0;
    }
    let l = (1.0 / screen_per_pixel.max(1e-6)).log2().floor();
    (l.max(0.0) as u8).min(MAX_LEVEL)
}

/// Whether real pixels are needed: the preview, `preview_w` pixels wide for an image `image_w`
/// wide, would be shown larger than its own pixels (it would be magnified, i.e. blurred).
pub fn needs_tiles(screen_per_pixel: f32, preview_w: u32, image_w: u32) -> bool {
    preview_w < image_w && screen_per_pixel * image_w as f32 > preview_w as f32 * 1.001
}

/// The tiles of `level` that cover the visible part of a `w`×`h` image, given as image pixels
/// `[x0, y0, x1, y1]` (may reach outside the image), row by row.
pub fn visible(w: u32, h: u32, level: u8, area: [f32; 4]) -> Vec<TileId> {
    if w == 0 || h == 0 {
        return Vec::new();
    }
    let span = ((TILE as u64) << level) as f32;
    let cols = (w as u64).div_ceil(TILE as u64 * (1 << level)) as u32;
    let rows = (h as u64).div_ceil(TILE as u64 * (1 << level)) as u32;
    let clamp = |v: f32, n: u32| (v / span).floor().clamp(0.0, n as f32 - 1.0) as u32;
    let [x0, y0, x1, y1] = area;
    if x1 <= 0.0 || y1 <= 0.0 || x0 >= w as f32 || y0 >= h as f32 || x1 <= x0 || y1 <= y0 {
        return Vec::new();
    }
    let (c0, c1) = (clamp(x0, cols), clamp(x1 - 1e-3, cols));
    let (r0, r1) = (clamp(y0, rows), clamp(y1 - 1e-3, rows));
    let mut out = Vec::with_capacity(((c1 - c0 + 1) * (r1 - r0 + 1)) as usize);
    for ty in r0..=r1 {
        for tx in c0..=c1 {
            out.push(TileId { level, tx, ty });
        }
    }
    out
}

/// Cuts one tile out of the full-resolution image (averaging 2^level × 2^level blocks for a
/// coarser level), as RGBA whatever the image keeps (see [`compact`]).
pub fn cut(full: &DynamicImage, id: TileId) -> RgbaImage {
    match full {
        DynamicImage::ImageLuma8(i) => cut_from(i, id),
        DynamicImage::ImageRgb8(i) => cut_from(i, id),
        DynamicImage::ImageRgba8(i) => cut_from(i, id),
        other => cut_from(&other.to_rgba8(), id),
    }
}

/// The full-resolution pixels in the fewest bytes that hold them exactly as shown: grey stays
/// one byte a pixel, opaque colour three, only real transparency four (a 48 MP photo: 144 MB
/// instead of 192). Deeper formats come down to 8 bits a channel, as the screen shows them.
pub fn compact(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => {
            img
        }
        DynamicImage::ImageLuma16(_) => DynamicImage::ImageLuma8(img.to_luma8()),
        i if i.color().has_alpha() => DynamicImage::ImageRgba8(i.to_rgba8()),
        i => DynamicImage::ImageRgb8(i.to_rgb8()),
    }
}

fn cut_from<P: Pixel<Subpixel = u8>>(full: &ImageBuffer<P, Vec<u8>>, id: TileId) -> RgbaImage {
    let (w, h) = full.dimensions();
    let (x, y, sw, sh) = id.source_rect(w, h);
    let (pw, ph) = id.pixel_size(w, h);
    if id.level == 0 {
        return RgbaImage::from_fn(sw, sh, |ox, oy| full.get_pixel(x + ox, y + oy).to_rgba());
    }
    let f = 1u32 << id.level;
    let mut out = RgbaImage::new(pw, ph);
    for oy in 0..ph {
        for ox in 0..pw {
            let (mut acc, mut n) = ([0u32; 4], 0u32);
            for dy in 0..f {
                let sy = y + oy * f + dy;
                if sy >= y + sh {
                    break;
                }
                for dx in 0..f {
                    let sx = x + ox * f + dx;
                    if sx >= x + sw {
                        break;
                    }
                    let p = full.get_pixel(sx, sy).to_rgba().0;
                    for c in 0..4 {
                        acc[c] += p[c] as u32;
                    }
                    n += 1;
                }
            }
            let n = n.max(1);
            out.put_pixel(ox, oy, image::Rgba(acc.map(|a| ((a + n / 2) / n) as u8)));
        }
    }
    out
}

/// Tiles kept within a byte budget; the least recently used go first. `K` names a tile (the
/// window: image id and [`TileId`]), `V` is what is kept (the window: a texture).
pub struct TileCache<K, V> {
    budget: usize,
    used: usize,
    clock: u64,
    entries: HashMap<K, (V, usize, u64)>,
}

impl<K: Eq + Hash + Clone, V> TileCache<K, V> {
    pub fn new(budget_bytes: usize) -> Self {
        TileCache {
            budget: budget_bytes,
            used: 0,
            clock: 0,
            entries: HashMap::new(),
        }
    }

    /// The tile, marked as just used.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(key).map(|e| {
            e.2 = clock;
            &e.0
        })
    }

    pub fn contains(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    /// Keeps `value` (of `bytes`), then drops the least recently used until within budget
    /// (the newest stays even when it alone is over budget).
    pub fn insert(&mut self, key: K, value: V, bytes: usize) {
        self.clock += 1;
        if let Some(old) = self.entries.insert(key.clone(), (value, bytes, self.clock)) {
            self.used -= old.1;
        }
        self.used += bytes;
        while self.used > self.budget && self.entries.len() > 1 {
            let Some(oldest) = self
                .entries
                .iter()
                .filter(|(k, _)| **k != key)
                .min_by_key(|(_, e)| e.2)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(e) = self.entries.remove(&oldest) {
                self.used -= e.1;
            }
        }
    }

    /// Drops every tile `keep` says no to (e.g. those of images no longer on screen).
    pub fn retain(&mut self, mut keep: impl FnMut(&K) -> bool) {
        let mut freed = 0;
        self.entries.retain(|k, e| {
            let k_ = keep(k);
            if !k_ {
                freed += e.1;
            }
            k_
        });
        self.used -= freed;
    }

    pub fn used_bytes(&self) -> usize {
        self.used
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_follows_the_zoom_and_tiles_only_when_the_preview_would_be_magnified() {
        assert_eq!(level_for(4.0), 0);
        assert_eq!(level_for(1.0), 0);
        assert_eq!(level_for(0.9), 0);
        assert_eq!(level_for(0.5), 1);
        assert_eq!(level_for(0.3), 1);
        assert_eq!(level_for(0.25), 2);
        assert_eq!(level_for(0.001), MAX_LEVEL);
        // A 6000-px image with a 2048-px preview: fitted (0.2) needs none, 0.5 and 1:1 do.
        assert!(!needs_tiles(0.2, 2048, 6000));
        assert!(needs_tiles(0.5, 2048, 6000));
        assert!(needs_tiles(1.0, 2048, 6000));
        // An image no larger than its preview never needs tiles.
        assert!(!needs_tiles(8.0, 1500, 1500));
    }

    #[test]
    fn visible_tiles_cover_exactly_the_view() {
        // 6000×4000 at level 0: 12×8 tiles of 512 (the last column 368 wide, the last row 416).
        let all = visible(6000, 4000, 0, [0.0, 0.0, 6000.0, 4000.0]);
        assert_eq!(all.len(), 12 * 8);
        assert_eq!(
            all.last().unwrap().source_rect(6000, 4000),
            (5632, 3584, 368, 416)
        );
        // A 1000×600 window at 1:1 around the centre: 3 or 4 columns, 2 or 3 rows.
        let v = visible(6000, 4000, 0, [2500.0, 1700.0, 3500.0, 2300.0]);
        let cols: std::collections::BTreeSet<u32> = v.iter().map(|t| t.tx).collect();
        let rows: std::collections::BTreeSet<u32> = v.iter().map(|t| t.ty).collect();
        assert_eq!(cols.into_iter().collect::<Vec<_>>(), vec![4, 5, 6]);
        assert_eq!(rows.into_iter().collect::<Vec<_>>(), vec![3, 4]);
        // A view ending exactly on a tile edge does not take the next tile.
        assert_eq!(visible(6000, 4000, 0, [0.0, 0.0, 512.0, 512.0]).len(), 1);
        // Outside the image: nothing; half outside: clipped.
        assert!(visible(6000, 4000, 0, [-900.0, -900.0, -1.0, -1.0]).is_empty());
        assert_eq!(
            visible(6000, 4000, 0, [-900.0, -900.0, 10.0, 10.0]).len(),
            1
        );
        // Level 2: a tile spans 2048 image pixels; 3×2 cover the image.
        let l2 = visible(6000, 4000, 2, [0.0, 0.0, 6000.0, 4000.0]);
        assert_eq!(l2.len(), 6);
        assert_eq!(l2[5].pixel_size(6000, 4000), (476, 488));
    }

    #[test]
    fn a_cut_tile_is_the_source_pixels_and_a_coarser_one_their_mean() {
        let mut full = RgbaImage::new(1030, 600);
        for (x, y, p) in full.enumerate_pixels_mut() {
            *p = image::Rgba([(x % 256) as u8, (y % 256) as u8, ((x + y) % 7) as u8, 255]);
        }
        let id = TileId {
            level: 0,
            tx: 2,
            ty: 1,
        };
        let t = cut(&DynamicImage::ImageRgba8(full.clone()), id);
        assert_eq!(t.dimensions(), (6, 88));
        assert_eq!(t.get_pixel(0, 0), full.get_pixel(1024, 512));
        assert_eq!(t.get_pixel(5, 87), full.get_pixel(1029, 599));
        let c = cut(
            &DynamicImage::ImageRgba8(full.clone()),
            TileId {
                level: 1,
                tx: 0,
                ty: 0,
            },
        );
        assert_eq!(c.dimensions(), (512, 300));
        let mean = |x: u32, y: u32, ch: usize| {
            let s: u32 = [(0, 0), (1, 0), (0, 1), (1, 1)]
                .iter()
                .map(|(dx, dy)| full.get_pixel(x + dx, y + dy).0[ch] as u32)
                .sum();
            ((s + 2) / 4) as u8
        };
        assert_eq!(c.get_pixel(10, 20).0[0], mean(20, 40, 0));
        assert_eq!(c.get_pixel(10, 20).0[1], mean(20, 40, 1));
    }

    #[test]
    fn grey_and_opaque_colour_are_kept_in_fewer_bytes_and_cut_to_the_same_pixels() {
        let rgb = image::RgbImage::from_fn(700, 530, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
        });
        let grey = image::GrayImage::from_fn(700, 530, |x, y| image::Luma([((x ^ y) % 256) as u8]));
        for (img, bytes_per_pixel) in [
            (DynamicImage::ImageRgb8(rgb), 3),
            (DynamicImage::ImageLuma8(grey), 1),
            (
                DynamicImage::ImageRgba16(
                    DynamicImage::ImageRgb8(image::RgbImage::new(8, 8)).to_rgba16(),
                ),
                4,
            ),
        ] {
            let as_rgba = img.to_rgba8();
            let kept = compact(img);
            assert_eq!(
                kept.as_bytes().len(),
                (kept.width() * kept.height()) as usize * bytes_per_pixel
            );
            for level in [0u8, 1, 2] {
                let id = TileId {
                    level,
                    tx: 0,
                    ty: 0,
                };
                assert_eq!(
                    cut(&kept, id),
                    cut(&DynamicImage::ImageRgba8(as_rgba.clone()), id),
                    "level {level}"
                );
            }
        }
    }

    #[test]
    fn the_cache_keeps_its_budget_dropping_the_least_recently_used() {
        let mut c: TileCache<u32, &str> = TileCache::new(3_000);
        c.insert(1, "a", 1_000);
        c.insert(2, "b", 1_000);
        c.insert(3, "c", 1_000);
        assert_eq!(c.used_bytes(), 3_000);
        assert!(c.get(&1).is_some()); // 1 is now the most recent
        c.insert(4, "d", 1_000);
        assert!(!c.contains(&2), "the least recently used went first");
        assert!(c.contains(&1) && c.contains(&3) && c.contains(&4));
        assert_eq!(c.used_bytes(), 3_000);
        // One tile over the whole budget stays (it is what the screen needs now), alone.
        c.insert(5, "e", 5_000);
        assert_eq!(c.len(), 1);
        assert_eq!(c.used_bytes(), 5_000);
        // Switching images frees the others.
        c.insert(6, "f", 10);
        c.retain(|k| *k == 6);
        assert_eq!((c.len(), c.used_bytes()), (1, 10));
    }
}
