//! The inputs' room: an image added to the strip is read (a file, a URL, a data URI, pasted
//! pixels written as a PNG first) and prepared against the model's rules, with its preview and
//! thumbnail. Loads that read and decode at once are one a core: nine 48 MP files dropped
//! together would otherwise hold nine files and nine half-size decodes in memory at once.

use std::path::PathBuf;
use std::sync::Arc;

use crate::api::catalog::ModelSpec;
use crate::api::job::ImageSource;
use crate::i18n::Said;
use crate::imaging::prepare::{Prepared, Preview, THUMB_MAX_SIDE, prepare, thumbnail_of};
use crate::jobs::post::Post;

/// Read and prepare input `id` from `source` for `spec` (with `pasted` pixels to write as a
/// PNG at the source's path first); the answer goes to `reply`.
pub struct Load {
    pub id: u64,
    pub source: ImageSource,
    pub pasted: Option<Arc<image::RgbaImage>>,
    pub spec: &'static ModelSpec,
    pub reply: Post<Loaded>,
}

/// An input read and prepared (with its thumbnail), or why not.
pub struct Loaded {
    pub id: u64,
    pub result: Result<(Prepared, Option<Preview>), Said>,
    /// A URL input that needed repair was saved here: it is sent as that file (repaired), not
    /// as the URL, which the service would fetch unrepaired.
    pub saved_as: Option<PathBuf>,
}

pub(super) struct Room {
    loading: Arc<tokio::sync::Semaphore>,
}

impl Room {
    pub(super) fn new() -> Self {
        Room {
            loading: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get().min(4)),
            )),
        }
    }

    pub(super) fn load(&self, runtime: &tokio::runtime::Handle, load: Load) {
        let Load {
            id,
            source,
            pasted,
            spec,
            reply,
        } = load;
        let loading = self.loading.clone();
        runtime.spawn(async move {
            // Held while the bytes are read and prepared, until they are dropped (a URL takes
            // its turn once downloaded, so that a slow server holds up no local file).
            let is_url = matches!(source, ImageSource::Url(_));
            let mut turn = match is_url {
                false => Some(loading.clone().acquire_owned().await),
                true => None,
            };
            let bytes: Result<Arc<Vec<u8>>, Said> = match (&source, pasted) {
                (ImageSource::File(p), Some(img)) => {
                    let p = p.clone();
                    tokio::task::spawn_blocking(move || save_pasted(&img, &p))
                        .await
                        .unwrap_or_else(|e| Err(Said::Plain(e.to_string())))
                        .map(Arc::new)
                }
                (_, Some(_)) => Err(crate::said!("pasted-needs-path")),
                (ImageSource::File(p), None) => crate::jobs::read_input(p)
                    .await
                    .map(Arc::new)
                    .map_err(|e| e.said()),
                (ImageSource::Data(d), None) => crate::imaging::decode_data_uri(d).map(Arc::new),
                (ImageSource::Url(u), None) => crate::jobs::download::fetch_url_preview(u)
                    .await
                    .map(Arc::new),
                (ImageSource::Oss(_), None) => Err(crate::said!("oss-no-preview")),
            };
            if turn.is_none() {
                turn = Some(loading.acquire_owned().await);
            }
            let (result, saved_as) = match bytes {
                Ok(b) => tokio::task::spawn_blocking(move || {
                    let r = prepare(&b, spec, true).map_err(|e| e.said());
                    let thumb = r.as_ref().ok().and_then(|p| p.preview.as_ref());
                    let thumb = thumb.map(|p| thumbnail_of(p, THUMB_MAX_SIDE));
                    let needs_file = is_url && r.as_ref().is_ok_and(|p| p.bytes.is_some());
                    let saved = needs_file.then(|| save_download(&b, id)).flatten();
                    (r.map(|p| (p, thumb)), saved)
                })
                .await
                .unwrap_or_else(|e| (Err(Said::Plain(e.to_string())), None)),
                Err(e) => (Err(e), None),
            };
            drop(turn);
            reply.send(Loaded {
                id,
                result,
                saved_as,
            });
        });
    }
}

/// Keeps a downloaded input that needs repair as a local file (in the data folder), so the repaired
/// pixels are sent instead of the URL.
fn save_download(bytes: &[u8], id: u64) -> Option<PathBuf> {
    // wanedit's own folder, not a shared temporary one another user could plant links in.
    let dir = crate::store::journal::data_dir().join("downloads");
    crate::store::fs::write_new(
        &dir,
        &format!("input-{id}-{}", crate::store::history::now_ms() / 1000),
        "bin",
        bytes,
    )
    .ok()
}

/// Writes clipboard pixels as a PNG (atomically) and returns its bytes.
fn save_pasted(img: &image::RgbaImage, path: &std::path::Path) -> Result<Vec<u8>, Said> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| Said::Plain(e.to_string()))?;
    let bytes = out.into_inner();
    crate::store::fs::write_atomic(path, &bytes).map_err(|e| {
        Said::Plain(format!(
            "could not save the pasted image in {}: {e}",
            path.display()
        ))
    })?;
    Ok(bytes)
}
