//! A job's lifecycle: validate, resolve images, call (sync or async), download.
//!
//! [`run_job`] is the one path from a [`JobSpec`] to files on disk, shared by the command line and
//! the window. It reports progress through a callback (the window turns these into messages), and
//! it can be cancelled by dropping its future; an async task created before that is cancelled on
//! the service by the caller (see [`cancel_remote`]).

pub mod batch;
mod check;
pub mod choice;
pub mod detail;
pub mod door;
pub mod download;
pub mod engine;
pub mod export;
mod fetched;
pub mod key_check;
pub mod naming;
mod owners;
pub mod pace;
mod parts;
mod place;
pub mod post;
mod progress;
pub use progress::{bytes_text, duration_text, progress_line};
pub mod record;
pub mod region;
mod resolve;
pub mod stream;
pub mod work;

use crate::store::fs::FileHash;
use resolve::resolve_images;
use stream::HOLD_AT_MOST;
pub use stream::{LocalBytes, StreamCheck};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::api::catalog::ModelSpec;
use crate::api::client::{Client, Generation, TaskHandle};
use crate::api::error::ApiError;
use crate::api::job::{CallMode, ImageSource, JobSpec};
use crate::api::request::{self, RequestPlan};
use crate::api::validate::{Problem, validate};
use crate::api::wire::{OutputItem, TaskStatus, Usage};
use crate::i18n::Said;
use crate::imaging;

/// How local files travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LocalImages {
    /// Inline while the request stays small, temporary upload for the rest.
    #[default]
    Auto,
    /// Always a `data:` URI.
    Inline,
    /// Always the temporary-upload flow (`oss://`).
    Upload,
}

/// The request body limit is unconfirmed (§14.5). Inline data URIs are kept under this many
/// base64 bytes per request; larger inputs go through the temporary upload, which the
/// service documents for files up to the model's own limit.
pub const INLINE_BUDGET: usize = 6 * 1024 * 1024;

/// Where a job is.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Validating,
    Reading,
    Uploading {
        done: usize,
        total: usize,
    },
    /// The generation request is on its way (sync: held open until the images exist).
    Sending,
    Task {
        task_id: String,
        status: TaskStatus,
    },
    Downloading {
        total: usize,
    },
    /// Said every second while results download: bytes so far, bytes announced (0: not
    /// known), the average rate, seconds since the last byte came.
    Received {
        bytes: u64,
        expected: u64,
        per_second: u64,
        quiet_secs: u64,
    },
    /// Said after every poll that did not change the status: how long the task has stayed
    /// in it, and, while the service's answers cannot be read, for how long and why.
    Watching {
        task_id: String,
        status: TaskStatus,
        unchanged_secs: u64,
        unreadable: Option<(u64, Said)>,
    },
    /// Lining the results up with the target image and compositing them.
    Compositing {
        total: usize,
    },
}

/// Progress events.
#[derive(Debug, Clone, PartialEq)]
pub enum JobEvent {
    Stage(Stage),
    /// An async task exists: journal it now so it survives a restart.
    TaskCreated(TaskHandle),
    Notice(crate::i18n::Said),
    /// The job has its history entry (its id): from here on it is on disk.
    Recorded(String),
    /// The service answered with results: their links are recorded now, before any download,
    /// so that an interruption leaves them to fetch again.
    Answered(Vec<OutputItem>),
    /// Input `index`, a local file, was read and checked: `len` bytes. `hashes` are those
    /// bytes' SHA-256 and digest, for a file larger than 2 MiB (history may hold it already:
    /// it keeps files by that SHA-256). Said once for every local file, in order.
    Checked {
        index: usize,
        len: u64,
        hashes: Option<FileHash>,
    },
}

/// A finished job.
#[derive(Debug, Clone, Default)]
pub struct JobOutcome {
    /// Downloaded images, in result order.
    pub files: Vec<PathBuf>,
    /// Every result item in order (images, text parts, failed sub-images).
    pub items: Vec<OutputItem>,
    pub usage: Option<Usage>,
    pub request_id: Option<String>,
    pub task_id: Option<String>,
    /// Images that could not be downloaded (the URL lives 24 h: they can be fetched again).
    pub download_errors: Vec<Said>,
    /// When the job composites: per downloaded file (same order as `files`, which then hold
    /// the raw results), its composite and what changed outside the boxes.
    pub regions: Vec<region::RegionResult>,
}

/// Reads local files, prepares them for the model (orientation, repairs, see
/// [`imaging::prepare`]) on worker threads, fills `facts`, rescales boxes of images that were
/// scaled down, and says every repair as a notice. Returns the bytes to send per image.
pub async fn read_local_facts(
    job: &mut JobSpec,
    events: &mut impl FnMut(JobEvent),
) -> Result<Vec<Option<LocalBytes>>, ApiError> {
    use futures_util::StreamExt;
    let spec = job.spec();
    // Two images at a time (one a core here), each read and prepared before the next is
    // read: only the bytes to send are kept (nine 48 MP files, two of them re-encoded, would
    // otherwise hold every file, every repaired copy and two full decodes at once; full
    // decodes take turns, see `imaging::one_full_decode_at_a_time`). Most files cost no
    // decode at all.
    let work: Vec<_> = job
        .images
        .iter()
        .map(|img| prepare_input(img.source.clone(), spec))
        .collect();
    let mut prepared = futures_util::stream::iter(work).buffered(PREPARE_AT_ONCE);
    let mut out = Vec::with_capacity(job.images.len());
    let mut problems = Vec::new();
    let mut i = 0;
    while let Some(r) = prepared.next().await {
        let img = &mut job.images[i];
        let name = img.display_name();
        let input = r?;
        if matches!(img.source, ImageSource::File(_)) {
            let (len, hashes) = match &input {
                Input::Prepared { original, len, .. } => (*len, *original),
                Input::Unprepared(local) => (local.len() as u64, None),
                Input::Link => (0, None),
            };
            events(JobEvent::Checked {
                index: i,
                len,
                hashes,
            });
        }
        match input {
            // A link, or an unknown model (validation says so): nothing to prepare here.
            Input::Link => out.push(None),
            Input::Unprepared(local) => out.push(Some(local)),
            Input::Prepared {
                local,
                prepared: Ok(p),
                digest,
                len,
                ..
            } => {
                img.read_as = digest.map(|d| (len, d));
                for r in &p.repairs {
                    let image = Said::Plain(format!("image {} ({name})", i + 1));
                    events(JobEvent::Notice(image.then(": ", r.said())));
                }
                let sent = (p.facts.width, p.facts.height);
                let frame = img.boxes_frame.unwrap_or(p.seen_size);
                for b in img.boxes.iter_mut() {
                    *b = imaging::prepare::rescale_box(*b, frame, sent);
                }
                if frame != sent {
                    img.mask = img.mask.iter().map(|s| s.rescaled(frame, sent)).collect();
                }
                img.boxes_frame = Some(sent);
                img.facts = Some(p.facts);
                out.push(local);
            }
            Input::Prepared {
                prepared: Err(refusal),
                ..
            } => {
                problems.push(Problem(crate::said!(
                    "image-cannot-be-used",
                    image = i + 1,
                    name = name.to_string(),
                    why = refusal.said()
                )));
                out.push(None);
            }
        }
        i += 1;
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    Ok(out)
}

/// Inputs read and prepared at once by [`read_local_facts`].
const PREPARE_AT_ONCE: usize = 2;

/// One input, read and prepared.
enum Input {
    Link,
    Unprepared(LocalBytes),
    Prepared {
        local: Option<LocalBytes>,
        /// A local file's digest as read (see `JobImage::read_as`).
        digest: Option<u128>,
        prepared: Result<Box<imaging::prepare::Prepared>, imaging::prepare::Refusal>,
        /// The length of the bytes as read, and a large file's hashes (see
        /// [`JobEvent::Checked`]).
        len: u64,
        original: Option<FileHash>,
    },
}

async fn prepare_input(
    source: ImageSource,
    spec: Option<&'static ModelSpec>,
) -> Result<Input, ApiError> {
    // A large JPEG sent as it is: checked as it is read, never held (most camera files).
    if let (ImageSource::File(path), Some(spec)) = (&source, spec) {
        let streamed =
            on_worker_until_dropped(path, move |p, stop| check::check_streamed(p, spec, stop))
                .await?;
        if let Some(s) = streamed {
            let local = s.prepared.is_ok().then(|| LocalBytes::File {
                path: path.clone(),
                len: s.hash.len as usize,
                digest: s.hash.digest,
            });
            return Ok(Input::Prepared {
                digest: Some(s.hash.digest),
                len: s.hash.len,
                local,
                prepared: s.prepared.map(Box::new),
                original: Some(s.hash),
            });
        }
    }
    let bytes = match &source {
        ImageSource::File(path) => read_input(path).await?,
        ImageSource::Data(uri) => {
            imaging::decode_data_uri(uri).map_err(|detail| ApiError::ReadInput {
                path: source.display_name(),
                detail,
            })?
        }
        ImageSource::Url(_) | ImageSource::Oss(_) => return Ok(Input::Link),
    };
    let Some(spec) = spec else {
        return Ok(Input::Unprepared(LocalBytes::Held(Arc::new(bytes))));
    };
    let path = match &source {
        ImageSource::File(p) => Some(p.clone()),
        _ => None,
    };
    let input = tokio::task::spawn_blocking(move || {
        let p = imaging::prepare::prepare(&bytes, spec, false);
        // A large file's hash: what its stream is checked against when it is sent as it is,
        // and how history finds a copy it holds already (repaired or not).
        let len = bytes.len() as u64;
        let original = (path.is_some() && bytes.len() > HOLD_AT_MOST).then(|| FileHash::of(&bytes));
        let digest = path
            .is_some()
            .then(|| original.map_or_else(|| crate::store::fs::digest_of(&bytes), |h| h.digest));
        let local = match (&p, path, original) {
            (Ok(p), _, _) if p.bytes.is_some() => p.bytes.clone().map(LocalBytes::Held),
            (Ok(_), Some(path), Some(hash)) => Some(LocalBytes::File {
                digest: hash.digest,
                len: bytes.len(),
                path,
            }),
            (Ok(_), _, _) => Some(LocalBytes::Held(Arc::new(bytes))),
            (Err(_), _, _) => None,
        };
        Input::Prepared {
            len,
            local,
            digest,
            prepared: p.map(Box::new),
            original,
        }
    })
    .await
    .map_err(|e| ApiError::ReadInput {
        path: source.display_name(),
        detail: e.to_string().into(),
    })?;
    Ok(input)
}

/// Reads one input file on a worker thread: only a regular file, its size checked before
/// reading, in chunks; dropping the future (Ctrl+C, a cancelled job) stops the read.
pub async fn read_input(path: &Path) -> Result<Vec<u8>, ApiError> {
    on_worker_until_dropped(path, |p, stop| {
        crate::store::fs::read_bounded(p, crate::store::fs::MAX_INPUT_BYTES, stop)
    })
    .await
}

/// Runs `work` on `path` on a worker thread; dropping the future turns `work`'s `stop` true.
async fn on_worker_until_dropped<T: Send + 'static>(
    path: &Path,
    work: impl FnOnce(&Path, &dyn Fn() -> bool) -> Result<T, crate::store::fs::InputFileError>
    + Send
    + 'static,
) -> Result<T, ApiError> {
    use std::sync::atomic::{AtomicBool, Ordering};
    struct StopOnDrop(Arc<AtomicBool>);
    impl Drop for StopOnDrop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let _guard = StopOnDrop(stop.clone());
    let p = path.to_path_buf();
    let done =
        tokio::task::spawn_blocking(move || work(&p, &|| stop.load(Ordering::Relaxed))).await;
    let err = |detail: Said| ApiError::ReadInput {
        path: path.display().to_string(),
        detail,
    };
    match done {
        Ok(Ok(b)) => Ok(b),
        Ok(Err(e)) => Err(err(e.said())),
        Err(e) => Err(err(Said::Plain(e.to_string()))),
    }
}

/// Reads, validates and builds the request without sending the generation. Local files are
/// inlined (an upload would need the network), so the plan is complete and runnable.
pub async fn plan_only(job: &mut JobSpec) -> Result<RequestPlan, ApiError> {
    let bytes = read_local_facts(job, &mut |_| {}).await?;
    let problems = validate(job);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let spec = model(job)?;
    let mut bytes = bytes;
    detail::apply(job, &mut bytes, &mut |_| {}).await?;
    let r = resolve_images(None, job, bytes, LocalImages::Inline, true, &mut |_| {}).await?;
    Ok(request::build_generation_owned(job, spec, r.values))
}

/// [`plan_only`] for every call the job makes: one, or one per box when detail mode splits it
/// (each with its own crop and prompt). `job` is left with its files' facts.
pub async fn plan_calls(job: &mut JobSpec) -> Result<Vec<RequestPlan>, ApiError> {
    read_local_facts(job, &mut |_| {}).await?;
    match detail::parts(job) {
        Some(parts) => {
            let mut plans = Vec::with_capacity(parts.len());
            for mut part in parts {
                plans.push(plan_only(&mut part).await?);
            }
            Ok(plans)
        }
        None => Ok(vec![plan_only(job).await?]),
    }
}

fn model(job: &JobSpec) -> Result<&'static ModelSpec, ApiError> {
    job.spec().ok_or_else(|| ApiError::Invalid(validate(job)))
}

/// Runs a whole job and writes its images into `out_dir`.
pub async fn run_job(
    client: &Client,
    job: &mut JobSpec,
    local: LocalImages,
    out_dir: &Path,
    mut events: impl FnMut(JobEvent),
) -> Result<JobOutcome, ApiError> {
    events(JobEvent::Stage(Stage::Reading));
    let bytes = read_local_facts(job, &mut events).await?;
    run_prepared(client, job, bytes, local, out_dir, events).await
}

/// [`run_job`] from its inputs read and checked by [`read_local_facts`] (`bytes` are its
/// answer): validates, sends (uploads, the generation) and downloads.
pub async fn run_prepared(
    client: &Client,
    job: &mut JobSpec,
    bytes: Vec<Option<LocalBytes>>,
    local: LocalImages,
    out_dir: &Path,
    mut events: impl FnMut(JobEvent),
) -> Result<JobOutcome, ApiError> {
    events(JobEvent::Stage(Stage::Validating));
    let problems = validate(job);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let spec = model(job)?;
    let local = place::on_token_plan(client, job, local, &mut events)?;
    // The whole target, before detail mode may put its crop in its place: what is composited
    // into.
    let whole_target =
        region::RegionPlan::of(job).and_then(|p| bytes.get(p.target).cloned().flatten());
    let mut bytes = bytes;
    detail::apply(job, &mut bytes, &mut events).await?;
    let region_plan = region::RegionPlan::of(job);
    let target_sent = region_plan.as_ref().and(whole_target);
    if let Some(why) = job.target_not_last() {
        events(JobEvent::Notice(why));
    }
    if region_plan.is_some() && target_sent.is_none() {
        events(JobEvent::Notice(
            "the target image is a link: wanedit does not have its pixels, so the results are \
             not composited (add it as a file to composite)"
                .into(),
        ));
    }
    let mut resolved = resolve_images(Some(client), job, bytes, local, false, &mut events).await?;
    let values = std::mem::take(&mut resolved.values);
    let mut plan = request::build_generation_owned(job, spec, values);
    plan.inline = std::mem::take(&mut resolved.inline);

    events(JobEvent::Stage(Stage::Sending));
    let generation = match job.mode {
        CallMode::Sync => client
            .generate_sync(&plan)
            .await
            .map_err(|e| resolved.failure(e))?,
        CallMode::Async => {
            let handle = client
                .create_task(&plan)
                .await
                .map_err(|e| resolved.failure(e))?;
            events(JobEvent::TaskCreated(handle.clone()));
            events(JobEvent::Stage(Stage::Task {
                task_id: handle.task_id.clone(),
                status: TaskStatus::Pending,
            }));
            let id = handle.task_id.clone();
            let mut g = client
                .wait_task(&handle.task_id, |w| {
                    events(JobEvent::Stage(watched(&id, w)))
                })
                .await?;
            if g.request_id.is_none() {
                g.request_id = handle.request_id;
            }
            g
        }
    };
    let generation = checked(generation, Some(job), &mut events)?;
    let raw = region_plan.is_some() && target_sent.is_some();
    let mut outcome = download(client, generation, Some(job), out_dir, raw, &mut events).await?;
    if let (Some(plan), Some(target)) = (region_plan, target_sent) {
        events(JobEvent::Stage(Stage::Compositing {
            total: outcome.files.len(),
        }));
        outcome.regions = match target.bytes().await {
            Ok(sent) => {
                match parts::composite_onto(job, &plan, &sent, &outcome.files, &mut events).await {
                    Some(onto) => onto,
                    None => {
                        let original = region::target_original(job, plan.target).await;
                        let target = region::Target { sent, original };
                        region::composite_results(plan, target, outcome.files.clone()).await
                    }
                }
            }
            Err(e) => {
                let why = Said::from("not composited").then(": ", e.said());
                let refused = |r: &PathBuf| region::refused(&plan, r, 0.0, why.clone());
                outcome.files.iter().map(refused).collect()
            }
        };
    }
    Ok(outcome)
}

/// Refuses a "success" with no image (nothing to save must not read as done), keeps no more
/// results than the job can produce, and says when fewer images came than were asked for.
fn checked(
    mut g: Generation,
    job: Option<&JobSpec>,
    events: &mut impl FnMut(JobEvent),
) -> Result<Generation, ApiError> {
    let images = |g: &Generation| {
        g.items
            .iter()
            .filter(|i| matches!(i, OutputItem::Image { .. }))
            .count()
    };
    if let Some(max) = job.and_then(|j| j.spec().map(|s| j.max_outputs(s))) {
        let mut seen = 0;
        g.items.retain(|i| {
            if matches!(i, OutputItem::Image { .. }) {
                seen += 1;
                seen <= max
            } else {
                true
            }
        });
    }
    let made = images(&g);
    let text_only = job.is_some_and(|j| j.interleave())
        && g.items.iter().any(|i| matches!(i, OutputItem::Text { .. }));
    if made == 0 && !text_only {
        let reasons: Vec<String> = g
            .items
            .iter()
            .filter_map(|i| match i {
                OutputItem::Failed { code, message } => Some(format!("{code}: {message}")),
                _ => None,
            })
            .collect();
        return Err(ApiError::NoResults {
            detail: if reasons.is_empty() {
                String::new().into()
            } else {
                format!(" ({})", reasons.join("; ")).into()
            },
            request_id: g.request_id.clone(),
        });
    }
    if let Some(job) = job
        && !job.sequential()
        && !job.interleave()
        && let Some(asked) = job.params.n
        && (made as u32) < asked
    {
        events(JobEvent::Notice(crate::said!(
            "made-fewer",
            made = made,
            asked = asked
        )));
    }
    Ok(g)
}

/// A poll's news as a stage: a new status, or how long it has stayed (and why it cannot be
/// read).
fn watched(task_id: &str, w: &crate::api::client::Watch) -> Stage {
    if w.changed {
        Stage::Task {
            task_id: task_id.to_string(),
            status: w.status,
        }
    } else {
        Stage::Watching {
            task_id: task_id.to_string(),
            status: w.status,
            unchanged_secs: w.unchanged_for.as_secs(),
            unreadable: w
                .unreadable
                .as_ref()
                .map(|(d, why)| (d.as_secs(), why.clone())),
        }
    }
}

/// Polls an existing task to its end and downloads its results (used by resume), named after
/// `spec` when its job is known.
pub async fn finish_task(
    client: &Client,
    task_id: &str,
    spec: Option<&JobSpec>,
    out_dir: &Path,
    raw: bool,
    mut events: impl FnMut(JobEvent),
) -> Result<JobOutcome, ApiError> {
    let id = task_id.to_string();
    let g = client
        .wait_task(task_id, |w| events(JobEvent::Stage(watched(&id, w))))
        .await?;
    let g = checked(g, None, &mut events)?;
    download(client, g, spec, out_dir, raw, &mut events).await
}

/// The results' stem and first number: after the job's image or prompt (`coffee-edit`, numbers
/// continuing what the folder has), else one that names the call.
pub(crate) async fn result_names(
    spec: Option<&JobSpec>,
    g: &Generation,
    out_dir: &Path,
) -> (String, u32) {
    let Some(stem) = spec.and_then(naming::stem_for) else {
        return (result_stem(g), 1);
    };
    let (dir, s) = (out_dir.to_path_buf(), stem.clone());
    let first = tokio::task::spawn_blocking(move || naming::next_number(&dir, &s))
        .await
        .unwrap_or(1);
    (stem, first)
}

/// A file stem that sorts by time and names the call: `wan-1795576500-ab12cd34`. Two jobs
/// with one stem (no ids in their answers) still get two files: names are never reused (see
/// [`crate::store::fs::persist_new`]).
fn result_stem(g: &Generation) -> String {
    let id = g
        .task_id
        .as_deref()
        .or(g.request_id.as_deref())
        .unwrap_or("result");
    let short: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(8)
        .collect();
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("wan-{secs}-{short}")
}

async fn download(
    client: &Client,
    g: Generation,
    spec: Option<&JobSpec>,
    out_dir: &Path,
    raw: bool,
    events: &mut impl FnMut(JobEvent),
) -> Result<JobOutcome, ApiError> {
    let urls: Vec<String> = g
        .items
        .iter()
        .filter_map(|i| match i {
            OutputItem::Image { url } => Some(url.clone()),
            _ => None,
        })
        .collect();
    events(JobEvent::Answered(g.items.clone()));
    events(JobEvent::Stage(Stage::Downloading { total: urls.len() }));
    let (stem, first) = result_names(spec, &g, out_dir).await;
    // When the results are composited, the service's own files are the raw ones beside them.
    let suffix = if raw { ".raw" } else { "" };
    let received = download::Received::default();
    let results = {
        let all = download::download_all(client, &urls, out_dir, &stem, first, suffix, &received);
        tokio::pin!(all);
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        tick.tick().await;
        loop {
            tokio::select! {
                r = &mut all => break r,
                _ = tick.tick() => {
                    let (bytes, expected, per_second, quiet_secs) = received.now();
                    events(JobEvent::Stage(Stage::Received { bytes, expected, per_second, quiet_secs }));
                }
            }
        }
    };
    let (files, download_errors) = download::saved_and_failed(results);
    // A failed download is not a failed job: the images were made (and billed), their links
    // stay in `items` and live 24 h, so the caller keeps them and can fetch again.
    Ok(JobOutcome {
        files,
        items: g.items,
        usage: g.usage,
        request_id: g.request_id,
        task_id: g.task_id,
        download_errors,
        regions: Vec::new(),
    })
}

/// Cancels a task on the service (only while PENDING; afterwards it runs to the end, §7).
pub async fn cancel_remote(client: &Client, task_id: &str) -> Result<(), ApiError> {
    client.cancel_task(task_id).await
}
