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

/// A load's turn to read and prepare: a permit of the room's, handed out in the order the turns
/// were asked for.
type Turn = tokio::sync::OwnedSemaphorePermit;
type AskTurn = tokio::sync::mpsc::UnboundedSender<tokio::sync::oneshot::Sender<Turn>>;

pub(super) struct Room {
    /// Where a load asks for its turn (the gate is started with the first load).
    turns: std::sync::OnceLock<AskTurn>,
}

impl Room {
    pub(super) fn new() -> Self {
        Room {
            turns: std::sync::OnceLock::new(),
        }
    }

    /// The gate: one task hands the permits out in the order they were asked for. Tasks that
    /// waited on the semaphore themselves took them in the order the runtime first ran them,
    /// which is not the order they were started in (a worker runs the task it spawned last
    /// first): image 1 of nine dropped at once was often prepared in the second or third turn.
    fn gate(&self, runtime: &tokio::runtime::Handle) -> AskTurn {
        self.turns
            .get_or_init(|| {
                let cores = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
                start_gate(runtime, cores)
            })
            .clone()
    }

    pub(super) fn load(&self, runtime: &tokio::runtime::Handle, load: Load) {
        let Load {
            id,
            source,
            pasted,
            spec,
            reply,
        } = load;
        let gate = self.gate(runtime);
        // Held while the bytes are read and prepared, until they are dropped. A local file
        // asks now, in the order the images were added; a URL once downloaded, so that a slow
        // server holds up no local file.
        let is_url = matches!(source, ImageSource::Url(_));
        let asked = (!is_url).then(|| ask_turn(&gate));
        runtime.spawn(async move {
            let mut turn = match asked {
                Some(t) => t.await.ok(),
                None => None,
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
                turn = ask_turn(&gate).await.ok();
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

/// A gate handing out `permits` turns at a time, in the order they are asked for.
fn start_gate(runtime: &tokio::runtime::Handle, permits: usize) -> AskTurn {
    let permits = Arc::new(tokio::sync::Semaphore::new(permits));
    let (tx, mut asks) =
        tokio::sync::mpsc::unbounded_channel::<tokio::sync::oneshot::Sender<Turn>>();
    runtime.spawn(async move {
        while let Some(ask) = asks.recv().await {
            let Ok(turn) = permits.clone().acquire_owned().await else {
                break;
            };
            // A load that went away gives its turn back at once (dropped).
            let _ = ask.send(turn);
        }
    });
    tx
}

/// Asks the gate for a turn; the answer comes when a permit is free (an error only if the gate
/// is gone, and the load then goes ahead without waiting).
fn ask_turn(gate: &AskTurn) -> tokio::sync::oneshot::Receiver<Turn> {
    let (ask, answer) = tokio::sync::oneshot::channel();
    let _ = gate.send(ask);
    answer
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Turns are handed out in the order they were asked for, whichever task the runtime runs
    /// first.
    #[test]
    fn turns_come_in_the_order_they_were_asked_for() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let gate = start_gate(rt.handle(), 1);
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let asked: Vec<_> = (0..8).map(|_| ask_turn(&gate)).collect();
        let tasks: Vec<_> = asked
            .into_iter()
            .enumerate()
            .map(|(k, turn)| {
                let order = order.clone();
                rt.spawn(async move {
                    let turn = turn.await.unwrap();
                    order.lock().unwrap().push(k);
                    drop(turn);
                })
            })
            .collect();
        rt.block_on(async {
            for t in tasks {
                t.await.unwrap();
            }
        });
        assert_eq!(*order.lock().unwrap(), (0..8).collect::<Vec<_>>());
    }
}
