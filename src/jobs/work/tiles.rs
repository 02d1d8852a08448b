//! The tiles' room: for each view of the window (a layer), the full-resolution pixels of the
//! image it shows (decoded once, one decode at a time, from the bytes as sent) and the tiles it
//! asks for, cut from them. Only the image a layer shows keeps its pixels: showing another (or
//! clearing) frees them. Tile news is coalesced here: a tile is cut, and sent, only while its
//! image is still the one its layer wants, so switching quickly through nine images sends
//! nothing for the eight passed over.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex};

use crate::i18n::Said;
use crate::imaging::tiles::{self, TileId};
use crate::jobs::post::Post;

/// Where the full-resolution pixels come from.
#[derive(Clone)]
pub enum FullSource {
    /// The repaired bytes that are sent.
    Bytes(Arc<Vec<u8>>),
    /// The file, sent as it is.
    File(PathBuf),
}

/// What the room did for a layer.
pub enum TileNews {
    /// Image `key` decoded (its pixel size), or why not.
    Decoded(u64, Result<(u32, u32), Said>),
    /// A tile of image `key`, as RGBA; `opaque` when every pixel is (its bytes are then the
    /// same premultiplied or not, and the window takes them as they are, without a copy).
    Cut {
        key: u64,
        id: TileId,
        pixels: image::RgbaImage,
        opaque: bool,
    },
}

pub enum TileCommand {
    /// Layer `layer` shows image `key`: its pixels are decoded (once) and the layer's others
    /// freed; news goes to `news`.
    Show {
        layer: u64,
        key: u64,
        source: FullSource,
        news: Post<TileNews>,
    },
    /// Cut these tiles of image `key` (dropped when the layer has moved on).
    Cut {
        layer: u64,
        key: u64,
        tiles: Vec<TileId>,
    },
    /// The layer shows nothing: its pixels are freed.
    Clear { layer: u64 },
}

const NONE: u64 = u64::MAX;

/// An image's key and its full-resolution pixels.
type Decoded = (u64, Arc<image::DynamicImage>);

struct Layer {
    /// The image wanted now (`NONE`: none).
    wanted: Arc<AtomicU64>,
    /// The wanted image's pixels, once decoded.
    full: Arc<Mutex<Option<Decoded>>>,
    news: Option<Post<TileNews>>,
}

pub(super) struct Room {
    layers: HashMap<u64, Layer>,
    /// One full decode at a time, over every layer (a 48 MP photo is 144 MB decoded).
    gate: Arc<tokio::sync::Semaphore>,
}

impl Room {
    pub(super) fn new() -> Self {
        Room {
            layers: HashMap::new(),
            gate: Arc::new(tokio::sync::Semaphore::new(1)),
        }
    }

    pub(super) fn handle(&mut self, runtime: &tokio::runtime::Handle, command: TileCommand) {
        match command {
            TileCommand::Show {
                layer,
                key,
                source,
                news,
            } => self.show(runtime, layer, key, source, news),
            TileCommand::Cut { layer, key, tiles } => {
                let Some(l) = self.layers.get(&layer) else {
                    return;
                };
                let full = l.full.lock().unwrap_or_else(|p| p.into_inner()).clone();
                let (Some((k, full)), Some(news)) = (full, l.news.clone()) else {
                    return;
                };
                if k != key || l.wanted.load(SeqCst) != key {
                    return;
                }
                let wanted = l.wanted.clone();
                runtime.spawn_blocking(move || {
                    for id in tiles {
                        if wanted.load(SeqCst) != key {
                            return; // the layer moved on: the rest would be thrown away
                        }
                        let pixels = tiles::cut(&full, id);
                        let opaque = pixels.pixels().all(|p| p[3] == u8::MAX);
                        news.send(TileNews::Cut {
                            key,
                            id,
                            pixels,
                            opaque,
                        });
                    }
                });
            }
            TileCommand::Clear { layer } => {
                if let Some(l) = self.layers.get_mut(&layer) {
                    l.wanted.store(NONE, SeqCst);
                    l.full.lock().unwrap_or_else(|p| p.into_inner()).take();
                }
            }
        }
    }

    fn show(
        &mut self,
        runtime: &tokio::runtime::Handle,
        layer: u64,
        key: u64,
        source: FullSource,
        news: Post<TileNews>,
    ) {
        let l = self.layers.entry(layer).or_insert_with(|| Layer {
            wanted: Arc::new(AtomicU64::new(NONE)),
            full: Arc::default(),
            news: None,
        });
        l.wanted.store(key, SeqCst);
        l.full.lock().unwrap_or_else(|p| p.into_inner()).take();
        l.news = Some(news.clone());
        let (gate, wanted, full) = (self.gate.clone(), l.wanted.clone(), l.full.clone());
        runtime.spawn(async move {
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
                    .map_err(|e| e.said()),
                };
                bytes.and_then(|b| crate::imaging::prepare::decode_full(&b).map(Arc::new))
            })
            .await
            .unwrap_or_else(|e| Err(Said::Plain(e.to_string())));
            if wanted.load(SeqCst) != key {
                return;
            }
            let said = r.map(|img| {
                let size = (img.width(), img.height());
                *full.lock().unwrap_or_else(|p| p.into_inner()) = Some((key, img));
                size
            });
            news.send(TileNews::Decoded(key, said));
        });
    }
}
