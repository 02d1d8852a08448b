//! One recipe over many files, at the account's limits: every file is an ordinary recorded job
//! (history, task journal, ledger), started when a task place is free ([`Pacer::slot`]) and
//! sent when the submission rate allows ([`Pacer::submission`], through the client). A
//! manifest in the output folder (`batch.json`) says where every item is, rewritten
//! atomically as items move, so that a batch survives a kill:
//! - an item is marked `sent` the moment its paid request is let through, before the request
//!   leaves; an item that was not sent is simply run again;
//! - an item whose task id is known (manifest, history or journal) is polled, never sent again;
//! - an item that was sent with no answer kept ("may have run") is never sent again by itself:
//!   it may exist and be billed. Retrying it is the user's choice, and says it bills again.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

mod item;

use item::{Ended, run_item, settle};

use super::LocalImages;
use super::pace::{Limits, Pacer};
use super::record::Recorder;
use crate::api::catalog::ModelSpec;
use crate::api::client::{Client, Submissions};
use crate::api::recipe::Recipe;
use crate::i18n::Said;
use crate::imaging::composite::ChangeReport;

pub const MANIFEST: &str = "batch.json";

/// The lock beside the manifest that says which process runs the batch.
const LOCK: &str = ".batch.lock";

/// This process runs the batch in its folder until this is dropped (an OS lock beside the
/// manifest, see [`crate::store::owner`]): no other wanedit sends, settles or rewrites it
/// meanwhile. [`run_batch`] takes one, so nothing runs a batch it does not own.
#[derive(Debug)]
pub struct BatchOwner {
    _lock: crate::store::owner::Owned,
}

/// Takes the batch in `out` for this process. `Err` says who has it: the sentence that
/// "this batch is running in another wanedit, pid 4711; it goes on there".
pub fn claim_batch(out: &Path) -> Result<BatchOwner, Said> {
    use crate::store::owner::{self, Claim};
    match owner::claim(&out.join(LOCK)) {
        Ok(Claim::Owned(lock)) => Ok(BatchOwner { _lock: lock }),
        Ok(Claim::Busy { pid }) => Err(crate::api::error::ApiError::Elsewhere {
            what: crate::said!("owner-what-batch"),
            elsewhere: owner::elsewhere(pid),
        }
        .said()),
        Err(e) => Err(crate::said!(
            "batch-lock-failed",
            folder = out.display().to_string(),
            why = e.to_string()
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Not started yet (waiting for a task place), or stopped before it was sent.
    Waiting,
    /// Its job is under way (or was, when wanedit stopped: see `sent`).
    Running,
    Done,
    Failed,
    /// Its request was sent and its answer lost (wanedit stopped while it was on its way): it
    /// may have run and been billed. Never sent again without the user asking.
    MayHaveRun,
}

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Waiting => "waiting",
            ItemStatus::Running => "running",
            ItemStatus::Done => "done",
            ItemStatus::Failed => "failed",
            ItemStatus::MayHaveRun => "may have run",
        }
    }

    /// Whether it has ended (nothing more happens to it unless the user retries it).
    pub fn ended(self) -> bool {
        matches!(
            self,
            ItemStatus::Done | ItemStatus::Failed | ItemStatus::MayHaveRun
        )
    }
}

/// One file of a batch and where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchItem {
    #[serde(with = "crate::api::os_path")]
    pub input: PathBuf,
    pub status: ItemStatus,
    /// Its paid request was let through (set before it leaves).
    #[serde(default)]
    pub sent: bool,
    #[serde(default)]
    pub task_id: Option<String>,
    #[serde(default)]
    pub history_id: Option<String>,
    /// The results written (composites where there are).
    #[serde(default, with = "crate::api::os_path::list")]
    pub outputs: Vec<PathBuf>,
    /// Why it failed, or why it may have run.
    #[serde(default)]
    pub sentence: Option<Said>,
    /// Images the service billed for it (`usage.image_count`).
    #[serde(default)]
    pub billed: Option<u32>,
    /// What changed outside the boxes in its first result, when it was composited.
    #[serde(default)]
    pub change: Option<ChangeReport>,
    /// The user's review: accepted (`true`), rejected (`false`), or not yet.
    #[serde(default)]
    pub accepted: Option<bool>,
}

impl BatchItem {
    pub fn new(input: PathBuf) -> BatchItem {
        BatchItem {
            input,
            status: ItemStatus::Waiting,
            sent: false,
            task_id: None,
            history_id: None,
            outputs: Vec::new(),
            sentence: None,
            billed: None,
            change: None,
            accepted: None,
        }
    }

    /// Back to waiting, for a retry (the review and the old results go).
    fn reset(&mut self) {
        *self = BatchItem::new(std::mem::take(&mut self.input));
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub recipe: Recipe,
    pub items: Vec<BatchItem>,
    /// Where it runs (task ids are per region): a resume must use the same.
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub created_ms: u64,
    /// Why the batch stopped short (a quota, the spend cap, a pause), while items wait.
    #[serde(default)]
    pub stopped: Option<Said>,
    /// Stop starting items once this much is billed or on its way (in the price's currency).
    #[serde(default)]
    pub cap: Option<f64>,
}

impl Manifest {
    pub fn new(recipe: Recipe, inputs: Vec<PathBuf>, base_url: &str) -> Manifest {
        Manifest {
            version: 1,
            recipe,
            items: inputs.into_iter().map(BatchItem::new).collect(),
            base_url: base_url.to_string(),
            created_ms: crate::store::history::now_ms(),
            stopped: None,
            cap: None,
        }
    }

    pub fn count(&self, status: ItemStatus) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }

    /// Whether anything is left to do (items waiting or under way).
    pub fn unfinished(&self) -> bool {
        self.items.iter().any(|i| !i.status.ended())
    }

    /// Images billed so far.
    pub fn billed(&self) -> u64 {
        self.items
            .iter()
            .filter_map(|i| i.billed)
            .map(u64::from)
            .sum()
    }

    /// Images each item asks for.
    pub fn n_each(&self) -> u32 {
        self.recipe.params.n.unwrap_or(1).max(1)
    }

    /// Failed items (and, when `unsure` too, those that may have run) back to waiting: a
    /// retry sends them again, and what is sent again is billed again.
    pub fn retry(&mut self, unsure: bool) -> usize {
        let mut k = 0;
        for i in &mut self.items {
            if i.status == ItemStatus::Failed || (unsure && i.status == ItemStatus::MayHaveRun) {
                i.reset();
                k += 1;
            }
        }
        if k > 0 {
            self.stopped = None;
        }
        k
    }

    /// Read from a batch's folder.
    pub fn load(out: &Path) -> Result<Manifest, Said> {
        let path = out.join(MANIFEST);
        let bytes = std::fs::read(&path).map_err(|e| {
            crate::said!(
                "batch-manifest-unreadable",
                file = path.display().to_string(),
                why = e.to_string()
            )
        })?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Said::Plain(format!(
                "{} is not a batch manifest wanedit can read ({e})",
                path.display()
            ))
        })
    }

    /// Written whole and atomically (a kill leaves the previous one).
    pub fn save(&self, out: &Path) -> Result<(), Said> {
        let text = serde_json::to_string_pretty(self).map_err(|e| Said::Plain(e.to_string()))?;
        crate::store::fs::write_atomic(&out.join(MANIFEST), text.as_bytes()).map_err(|e| {
            Said::Plain(format!(
                "could not write {MANIFEST} in {}: {e}",
                out.display()
            ))
        })
    }
}

/// The batches this data folder knows of (`{data}/batches/`, one small file each naming a
/// batch's folder): what `wanedit batch --resume` and the window at start look through.
#[derive(Debug, Clone)]
pub struct Batches {
    dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct BatchRef {
    #[serde(with = "crate::api::os_path")]
    out: PathBuf,
}

impl Batches {
    pub fn of(rec: &Recorder) -> Batches {
        Batches {
            dir: rec.data_dir.join("batches"),
        }
    }

    fn key(out: &Path) -> String {
        let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let h = crate::imaging::sha256_of(abs.to_string_lossy().as_bytes());
        h[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn register(&self, out: &Path) -> Result<(), Said> {
        let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let text =
            serde_json::to_vec(&BatchRef { out: abs }).map_err(|e| Said::Plain(e.to_string()))?;
        let path = self.dir.join(format!("{}.json", Batches::key(out)));
        crate::store::fs::write_atomic(&path, &text).map_err(|e| {
            Said::Plain(format!(
                "could not note the batch in {}: {e}",
                self.dir.display()
            ))
        })
    }

    /// Every batch folder noted, oldest manifest first; folders whose manifest is gone are
    /// left out.
    pub fn folders(&self) -> Vec<PathBuf> {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut v: Vec<(u64, PathBuf)> = dir
            .flatten()
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter_map(|b| serde_json::from_slice::<BatchRef>(&b).ok())
            .filter_map(|r| Manifest::load(&r.out).ok().map(|m| (m.created_ms, r.out)))
            .collect();
        v.sort();
        v.into_iter().map(|(_, p)| p).collect()
    }

    /// The noted batches with work left.
    pub fn unfinished(&self) -> Vec<(PathBuf, Manifest)> {
        self.folders()
            .into_iter()
            .filter_map(|p| Manifest::load(&p).ok().map(|m| (p, m)))
            .filter(|(_, m)| m.unfinished())
            .collect()
    }
}

/// The files a batch takes: each file given, and the images directly inside each folder
/// given (by name, in order). A path that is neither is said as such.
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Said> {
    const IMAGES: [&str; 8] = ["jpg", "jpeg", "png", "bmp", "webp", "gif", "tif", "tiff"];
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| {
                    Said::Plain(format!("could not read the folder {}: {e}", p.display()))
                })?
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
            return Err(Said::Plain(format!(
                "{} is neither a file nor a folder; check the path",
                p.display()
            )));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    if out.is_empty() {
        return Err(crate::said!("batch-no-images"));
    }
    Ok(out)
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchRun {
    pub limits: Limits,
    pub local: LocalImages,
    /// Turned `true`: no further item starts (those under way finish); the batch ends with
    /// its waiting items still waiting, to be resumed.
    pub pause: tokio::sync::watch::Receiver<bool>,
}

impl BatchRun {
    /// A run and the switch that pauses it.
    pub fn new(limits: Limits, local: LocalImages) -> (BatchRun, tokio::sync::watch::Sender<bool>) {
        let (tx, pause) = tokio::sync::watch::channel(false);
        (
            BatchRun {
                limits,
                local,
                pause,
            },
            tx,
        )
    }
}

/// A batch item's paid sends: the batch's pacer, and the item marked `sent` in the manifest
/// the moment its request is let through (before it leaves).
struct ItemGate {
    pacer: Pacer,
    on_send: Box<dyn Fn() + Send + Sync>,
}

impl Submissions for ItemGate {
    fn wait(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
        Box::pin(async move {
            self.pacer.submission().await;
            (self.on_send)();
        })
    }
    fn throttled(&self) {
        self.pacer.throttled()
    }
    fn accepted(&self) {
        self.pacer.accepted()
    }
    fn poll_delay(&self, poll: u32, waited: std::time::Duration) -> Option<std::time::Duration> {
        Some(self.pacer.poll_delay(poll, waited))
    }
    fn task_ended(&self, waited: std::time::Duration) {
        self.pacer.task_ended(waited)
    }
}

/// The spend cap, when set and a price is known: whether one more item would go over it.
fn over_cap(m: &Manifest, quote: Option<&crate::store::prices::Quote>) -> Option<Said> {
    let cap = m.cap?;
    let quote = quote?;
    let n = m.n_each() as u64;
    let on_the_way = m.count(ItemStatus::Running) as u64 * n;
    let images = m.billed() + on_the_way + n;
    let would = quote.per_image * images as f64;
    (would > cap + 1e-9).then(|| {
        crate::said!(
            "batch-paused-cap",
            cap = crate::store::prices::money(cap, &quote.currency),
            spent = quote.cost(m.billed() + on_the_way),
            would = quote.cost(images)
        )
    })
}

/// Runs `manifest`'s unfinished items into `out`: waiting items as new jobs, items left
/// running by an earlier run settled without sending anything twice. `progress` hears of
/// every item that starts or ends (its index and where it is). Returns the manifest as it
/// ended.
pub async fn run_batch(
    _owner: &BatchOwner,
    client: Client,
    rec: Recorder,
    mut manifest: Manifest,
    out: PathBuf,
    run: BatchRun,
    progress: impl Fn(usize, &BatchItem) + Send + Sync + 'static,
) -> Manifest {
    let pacer = Pacer::new(run.limits);
    let spec = ModelSpec::find(&manifest.recipe.model);
    if manifest.base_url.is_empty() {
        manifest.base_url = client.base_url().to_string();
    }
    manifest.stopped = None;
    let shared = Arc::new(Mutex::new(manifest));
    let progress = Arc::new(progress);
    let save = |m: &Manifest, out: &Path| {
        if let Err(e) = m.save(out) {
            tracing::warn!("{e}");
        }
    };
    save(&shared.lock().expect("manifest"), &out);
    if let Err(e) = Batches::of(&rec).register(&out) {
        tracing::warn!("{e}");
    }
    // The price the cap is measured in, read once for the run.
    let quote = {
        let model = shared.lock().expect("manifest").recipe.model.clone();
        Arc::new(quote_of(rec.clone(), model, client.region_key()).await)
    };
    // Items an earlier run left running first: their tasks may still be at work on the
    // service, so they take their places before any new item can.
    let todo = items_to_run(&shared.lock().expect("manifest"));
    // No more items start once the account refused (quota, key) or the cap is reached.
    let halted = Arc::new(AtomicBool::new(false));
    let mut running = tokio::task::JoinSet::new();
    for (i, was_running) in todo {
        let held = if was_running {
            Some(pacer.slot().await)
        } else {
            None
        };
        let (client, rec, pacer, shared, out) = (
            client.clone(),
            rec.clone(),
            pacer.clone(),
            shared.clone(),
            out.clone(),
        );
        let (progress, halted, pause) = (progress.clone(), halted.clone(), run.pause.clone());
        let quote = quote.clone();
        let local = run.local;
        running.spawn(async move {
            let slot = match held {
                Some(s) => s,
                None => pacer.slot().await,
            };
            let (item, recipe) = {
                let mut m = shared.lock().expect("manifest");
                if !was_running {
                    if *pause.borrow() {
                        if m.stopped.is_none() {
                            m.stopped = Some(crate::said!("batch-paused"));
                        }
                        return;
                    }
                    if halted.load(SeqCst) {
                        return;
                    }
                    if let Some(why) = over_cap(&m, quote.as_ref().as_ref()) {
                        halted.store(true, SeqCst);
                        m.stopped = Some(why);
                        save(&m, &out);
                        return;
                    }
                    m.items[i].status = ItemStatus::Running;
                    save(&m, &out);
                }
                (m.items[i].clone(), m.recipe.clone())
            };
            progress(i, &item);
            let note = {
                let (shared, out) = (shared.clone(), out.clone());
                move |f: &dyn Fn(&mut BatchItem)| {
                    let mut m = shared.lock().expect("manifest");
                    f(&mut m.items[i]);
                    save(&m, &out);
                }
            };
            let note = Arc::new(note);
            let ended = if item.status == ItemStatus::Running {
                // Polled like the batch's own tasks (spread, and closely near their end).
                let polled = client.clone().paced(Arc::new(pacer.clone()));
                settle(&polled, &rec, &item).await
            } else {
                Ended::NotSent
            };
            let ended = match ended {
                Ended::NotSent => {
                    let gate = {
                        let note = note.clone();
                        ItemGate {
                            pacer: pacer.clone(),
                            on_send: Box::new(move || note(&|it: &mut BatchItem| it.sent = true)),
                        }
                    };
                    let client = client.clone().paced(Arc::new(gate));
                    run_item(&client, &rec, (&recipe, spec, local), &item.input, &out, {
                        let note = note.clone();
                        move |task_id: Option<String>, history_id: Option<String>| {
                            note(&|it: &mut BatchItem| {
                                if let Some(t) = &task_id {
                                    it.task_id = Some(t.clone());
                                }
                                if let Some(h) = &history_id {
                                    it.history_id = Some(h.clone());
                                }
                            })
                        }
                    })
                    .await
                }
                other => other,
            };
            let mut m = shared.lock().expect("manifest");
            note_ended(&mut m, i, ended, &halted);
            let it = m.items[i].clone();
            save(&m, &out);
            drop(m);
            // The place frees once the manifest says the item ended.
            drop(slot);
            progress(i, &it);
        });
    }
    while running.join_next().await.is_some() {}
    let m = shared.lock().expect("manifest").clone();
    save(&m, &out);
    m
}

/// The price the cap is measured in (`None`: not known), read off the runtime's threads.
async fn quote_of(
    rec: Recorder,
    model: String,
    region: &'static str,
) -> Option<crate::store::prices::Quote> {
    tokio::task::spawn_blocking(move || rec.prices.quote_in(&model, region))
        .await
        .ok()
        .flatten()
}

/// The items a run takes up, in order, each with whether an earlier run left it running:
/// those first, then the waiting ones.
fn items_to_run(m: &Manifest) -> Vec<(usize, bool)> {
    let left = |s: ItemStatus| {
        (0..m.items.len())
            .filter(|i| m.items[*i].status == s)
            .map(move |i| (i, s == ItemStatus::Running))
            .collect::<Vec<_>>()
    };
    [left(ItemStatus::Running), left(ItemStatus::Waiting)].concat()
}

/// Writes how item `i` ended into `m`; an end that stops the batch sets `halted`.
fn note_ended(m: &mut Manifest, i: usize, ended: Ended, halted: &AtomicBool) {
    let it = &mut m.items[i];
    match ended {
        Ended::Done(r) => {
            it.status = ItemStatus::Done;
            it.outputs = r.outputs;
            it.billed = r.billed;
            it.change = r.change;
            it.sentence = None;
        }
        Ended::Failed { sentence, stops } => {
            it.status = ItemStatus::Failed;
            it.sentence = Some(sentence.clone());
            if stops {
                halted.store(true, SeqCst);
                m.stopped
                    .get_or_insert(crate::said!("batch-stopped", why = sentence));
            }
        }
        Ended::Unsure(s) => {
            it.status = ItemStatus::MayHaveRun;
            it.sentence = Some(s);
        }
        Ended::StillOpen(s) => it.sentence = Some(s),
        Ended::NotSent => {
            it.status = ItemStatus::Waiting;
            it.sent = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::{ImageSource, JobImage, JobSpec};

    #[test]
    fn a_manifest_keeps_its_sentences_as_words_and_reads_those_of_older_ones() {
        let mut job = JobSpec::new("wan2.7-image", "remove the logo");
        job.images
            .push(JobImage::new(ImageSource::File("a.jpg".into())));
        let recipe = Recipe::from_job(&job, 0, (100, 100)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::new(recipe, vec![PathBuf::from("/p/a.jpg")], "https://x");
        m.stopped = Some(crate::said!("batch-paused"));
        m.items[0].sentence = Some(crate::said!("item-may-have-run"));
        m.save(dir.path()).unwrap();
        let back = Manifest::load(dir.path()).unwrap();
        assert_eq!(back, m);
        // One an older wanedit wrote, its sentences as text: read as they were.
        let mut old: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(MANIFEST)).unwrap()).unwrap();
        old["stopped"] = "paused by hand".into();
        old["items"][0]["sentence"] = "it may have run".into();
        std::fs::write(dir.path().join(MANIFEST), old.to_string()).unwrap();
        let old = Manifest::load(dir.path()).unwrap();
        assert_eq!(old.stopped, Some(Said::from("paused by hand")));
        assert_eq!(old.items[0].sentence, Some(Said::from("it may have run")));
    }
}
