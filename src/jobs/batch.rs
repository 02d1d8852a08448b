//! One recipe over many files, at the account's limits: every file is an ordinary recorded job
//! (history, task journal), started when a task place is free ([`Pacer::slot`]) and sent when
//! the submission rate allows ([`Pacer::submission`], through the client). A manifest in the
//! output folder (`batch.json`) says where every item is, rewritten as items move.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::pace::{Limits, Pacer};
use super::record::{Recorder, run_recorded};
use super::{JobEvent, LocalImages};
use crate::api::catalog::ModelSpec;
use crate::api::client::Client;
use crate::api::job::ImageSource;
use crate::api::recipe::Recipe;

pub const MANIFEST: &str = "batch.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Not started yet (waiting for a task place).
    Waiting,
    /// Its job is under way.
    Running,
    Done,
    Failed,
}

/// One file of a batch and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchItem {
    pub input: PathBuf,
    pub status: ItemStatus,
    #[serde(default)]
    pub task_id: Option<String>,
    #[serde(default)]
    pub history_id: Option<String>,
    /// The results written (composites where there are).
    #[serde(default)]
    pub outputs: Vec<PathBuf>,
    /// Why it failed.
    #[serde(default)]
    pub sentence: Option<String>,
    /// Images the service billed for it (`usage.image_count`).
    #[serde(default)]
    pub billed: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub recipe: Recipe,
    pub items: Vec<BatchItem>,
}

impl Manifest {
    pub fn new(recipe: Recipe, inputs: Vec<PathBuf>) -> Manifest {
        let items = inputs
            .into_iter()
            .map(|input| BatchItem {
                input,
                status: ItemStatus::Waiting,
                task_id: None,
                history_id: None,
                outputs: Vec::new(),
                sentence: None,
                billed: None,
            })
            .collect();
        Manifest {
            version: 1,
            recipe,
            items,
        }
    }

    pub fn count(&self, status: ItemStatus) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }

    /// Written whole and atomically (a kill leaves the previous one).
    fn save(&self, out: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        crate::store::fs::write_atomic(&out.join(MANIFEST), text.as_bytes())
            .map_err(|e| format!("could not write {MANIFEST} in {}: {e}", out.display()))
    }
}

/// The files a batch takes: each file given, and the images directly inside each folder
/// given (by name, in order). A path that is neither is said as such.
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    const IMAGES: [&str; 8] = ["jpg", "jpeg", "png", "bmp", "webp", "gif", "tif", "tiff"];
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("could not read the folder {}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file())
                .filter(|f| {
                    f.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| IMAGES.contains(&x.to_ascii_lowercase().as_str()))
                })
                .collect();
            found.sort();
            out.extend(found);
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(format!(
                "{} is neither a file nor a folder; check the path",
                p.display()
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    if out.is_empty() {
        return Err("no images to run the batch on (JPEG, PNG, BMP, WebP, GIF or TIFF)".into());
    }
    Ok(out)
}

/// Runs `manifest`'s waiting items into `out`; `progress` hears of every item that ends
/// (its index and how it ended). Returns the manifest as it ended.
pub async fn run_batch(
    client: Client,
    rec: Recorder,
    manifest: Manifest,
    out: PathBuf,
    limits: Limits,
    local: LocalImages,
    progress: impl Fn(usize, &BatchItem) + Send + Sync + 'static,
) -> Manifest {
    let pacer = Pacer::new(limits);
    let client = client.paced(Arc::new(pacer.clone()));
    let spec = ModelSpec::find(&manifest.recipe.model);
    let shared = Arc::new(Mutex::new(manifest));
    let progress = Arc::new(progress);
    let save = |m: &Manifest, out: &Path| {
        if let Err(e) = m.save(out) {
            tracing::warn!("{e}");
        }
    };
    save(&shared.lock().expect("manifest"), &out);
    let waiting: Vec<usize> = {
        let m = shared.lock().expect("manifest");
        (0..m.items.len())
            .filter(|i| m.items[*i].status == ItemStatus::Waiting)
            .collect()
    };
    let (_cancel_tx, cancel_rx) = tokio::sync::watch::channel(false);
    let mut running = tokio::task::JoinSet::new();
    for i in waiting {
        let (client, rec, pacer, shared, out, cancel) = (
            client.clone(),
            rec.clone(),
            pacer.clone(),
            shared.clone(),
            out.clone(),
            cancel_rx.clone(),
        );
        let progress = progress.clone();
        running.spawn(async move {
            let _slot = pacer.slot().await;
            let (input, recipe) = {
                let mut m = shared.lock().expect("manifest");
                m.items[i].status = ItemStatus::Running;
                save(&m, &out);
                (m.items[i].input.clone(), m.recipe.clone())
            };
            let ended = run_item(
                &client,
                &rec,
                (&recipe, spec, local),
                &input,
                &out,
                cancel,
                {
                    let (shared, out) = (shared.clone(), out.clone());
                    move |task_id: Option<String>, history_id: Option<String>| {
                        let mut m = shared.lock().expect("manifest");
                        let item = &mut m.items[i];
                        item.task_id = task_id.or(item.task_id.take());
                        item.history_id = history_id.or(item.history_id.take());
                        save(&m, &out);
                    }
                },
            )
            .await;
            let mut m = shared.lock().expect("manifest");
            let item = &mut m.items[i];
            match ended {
                Ok((outputs, billed)) => {
                    item.status = ItemStatus::Done;
                    item.outputs = outputs;
                    item.billed = billed;
                }
                Err(sentence) => {
                    item.status = ItemStatus::Failed;
                    item.sentence = Some(sentence);
                }
            }
            let item = item.clone();
            save(&m, &out);
            drop(m);
            progress(i, &item);
        });
    }
    while running.join_next().await.is_some() {}
    shared.lock().expect("manifest").clone()
}

/// One item: its picture's size for the recipe's boxes, then the recorded job.
async fn run_item(
    client: &Client,
    rec: &Recorder,
    (recipe, spec, local): (&Recipe, Option<&'static ModelSpec>, LocalImages),
    input: &Path,
    out: &Path,
    cancel: tokio::sync::watch::Receiver<bool>,
    note: impl Fn(Option<String>, Option<String>) + Send,
) -> Result<(Vec<PathBuf>, Option<u32>), String> {
    let spec = spec.ok_or_else(|| format!("{} is not a model wanedit knows", recipe.model))?;
    let bytes = super::read_input(input).await.map_err(|e| e.to_string())?;
    // The boxes are fractions of the picture as seen (upright): its size decides their pixels.
    // The repaired bytes (an over-size photo re-encoded) are held until the job has read its
    // input: its own preparation then reuses them instead of re-encoding a second time.
    let (seen, _repaired) = tokio::task::spawn_blocking(move || {
        crate::imaging::prepare::prepare(&bytes, spec, false).map(|p| (p.seen_size, p.bytes))
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|r| format!("it cannot be used: {r}"))?;
    let job = recipe.job_for(ImageSource::File(input.to_path_buf()), seen);
    let outcome = run_recorded(client, rec, job, local, out, cancel, move |ev| match ev {
        JobEvent::TaskCreated(h) => note(Some(h.task_id), None),
        JobEvent::Recorded(id) => note(None, Some(id)),
        _ => {}
    })
    .await
    .map_err(|e| e.to_string())?;
    let outputs = outcome
        .files
        .iter()
        .map(|f| {
            outcome
                .regions
                .iter()
                .find(|r| &r.raw == f)
                .and_then(|r| r.composite.clone())
                .unwrap_or_else(|| f.clone())
        })
        .collect();
    Ok((outputs, outcome.usage.and_then(|u| u.image_count)))
}
