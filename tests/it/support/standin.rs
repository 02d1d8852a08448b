//! A strict local stand-in for DashScope's Wan image endpoints (shared/spec/wan-image-api.md).
//!
//! It judges requests on its own, from the contract, not from wanedit's catalog: a request the
//! real service would refuse, it refuses with the real error shape. It runs the task lifecycle
//! (PENDING → RUNNING → SUCCEEDED) on a configurable clock, hosts result images on loopback,
//! answers the temporary-upload flow, and injects faults on demand.
//!
//! Where the contract is unconfirmed it takes the strict side: unknown parameters are refused
//! (except the SDK's `is_async` / `stream`, which the real service evidently ignores), and boxes
//! outside the image are refused.

use std::collections::{HashMap, VecDeque};
use std::io::Cursor;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, State};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::response::Response;
use base64::Engine;
use serde_json::{Value, json};

/// Timing and credentials of a stand-in.
#[derive(Debug, Clone)]
pub struct Config {
    pub key: String,
    /// How long a task stays PENDING, then RUNNING (a sync call is held open for both).
    pub pending: Duration,
    pub running: Duration,
    /// Return a tinted copy of image 1 (at its size) instead of a small test pattern: for
    /// demos and screenshots by hand. It is still not an edit, and says so in its colours.
    pub echo_inputs: bool,
    /// Answer as Wan does (for tests and demos): the last input re-rendered at the size's
    /// pixel count with its aspect, shifted by a few pixels and scaled a little, its boxes
    /// visibly changed (inverted, each result's channels turned its own way, so results differ
    /// per index) and a mild colour drift everywhere. Still not an edit.
    pub realistic: bool,
    /// Answer with image 1 inverted, at its own size and in its own pixel format: every
    /// result pixel is known from the input, for pixel-exact tests of the compare view.
    pub inverted: bool,
    /// The account's limits for the Wan image models (spec §13), enforced when set: beyond
    /// `per_second` creates (async or sync) in any one-second window, 429
    /// `Throttling.RateQuota`; beyond `running` tasks at work, the next wait PENDING (their clock
    /// starts when a slot frees, first come first served). Off by default: most tests are not
    /// about the account's limits.
    pub limits: Option<Limits>,
    /// Answer as Token Plan's host (§10b): only the sync generation path and the two wan2.7
    /// models; anything else (async, tasks, uploads, other models) refused. Give it a plan key
    /// (`sk-sp-…`).
    pub token_plan: bool,
}

/// See [`Config::limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_second: usize,
    pub running: usize,
}

impl Limits {
    /// As documented for these models: 5 submissions a second, 5 tasks at once.
    pub const DOCUMENTED: Limits = Limits {
        per_second: 5,
        running: 5,
    };
}

/// One create the stand-in received, in the order received: when, and whether it was accepted
/// (its task id, or "sync") or throttled.
#[derive(Debug, Clone)]
pub struct CreateLog {
    pub at: Instant,
    pub accepted: Option<String>,
    /// The prompt of its first message (what tells the items of a batch apart).
    pub prompt: String,
    /// A digest of the whole request body: the same job sent twice has the same one, two
    /// items of a batch (the same prompt on different images) different ones.
    pub body: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            key: "sk-standin-test-key".into(),
            pending: Duration::from_millis(30),
            running: Duration::from_millis(30),
            echo_inputs: false,
            realistic: false,
            inverted: false,
            limits: None,
            token_plan: false,
        }
    }
}

/// Which kind of request a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Sync generation or async create.
    Create,
    Poll,
    Cancel,
    Policy,
    Upload,
    Download,
}

/// A fault for the next request of a [`Target`].
#[derive(Debug, Clone)]
pub enum Fault {
    /// An error answer in the real shape.
    Http {
        status: u16,
        code: &'static str,
        message: &'static str,
    },
    /// Wait this long, then answer normally.
    Slow(Duration),
    /// Close the connection without a complete answer.
    Drop,
    /// HTTP 200 with a body that is not JSON.
    Malformed,
    /// Download only: the signed URL has expired (403 from OSS).
    Expired,
}

/// How the next created task ends.
#[derive(Debug, Clone)]
pub enum Outcome {
    Succeed,
    Fail {
        code: &'static str,
        message: &'static str,
    },
    /// The service reports CANCELED (cancelled elsewhere, e.g. the console).
    Canceled,
    /// The service forgets the task (UNKNOWN), as after 24 hours.
    Unknown,
}

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: HashMap<String, String>,
    pub json: Option<Value>,
    pub body_len: usize,
}

#[derive(Debug, Clone)]
struct Task {
    /// When its clock started: its creation, or (with limits) when a slot freed.
    started: Instant,
    canceled: bool,
    outcome: Outcome,
    result: Value,
    usage: Value,
    polls: u32,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    faults: HashMap<Target, VecDeque<Fault>>,
    outcomes: VecDeque<Outcome>,
    tasks: HashMap<String, Task>,
    /// oss key → (model it was uploaded for, bytes)
    uploads: HashMap<String, (String, Vec<u8>)>,
    /// result token → PNG bytes
    results: HashMap<String, Vec<u8>>,
    /// hosted inputs for URL tests: name → bytes
    inputs: HashMap<String, Vec<u8>>,
    counter: u64,
    sync_calls: u32,
    /// Images made by sync calls (billed as they are answered).
    sync_images: u64,
    /// Every create in order (see [`CreateLog`]).
    creates: Vec<CreateLog>,
    /// Requests whose body broke off before its end (never answered as a call).
    broken_bodies: u32,
}

struct Shared {
    cfg: Config,
    root: String,
    inner: Mutex<Inner>,
}

/// A running stand-in. Dropping it stops the server.
pub struct StandIn {
    pub base_url: String,
    pub root: String,
    shared: Arc<Shared>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl StandIn {
    /// Starts on 127.0.0.1 with a port of its own, on a thread with its own runtime, so it
    /// serves both plain and async tests (and a child process).
    pub fn start(cfg: Config) -> StandIn {
        Self::start_on(cfg, 0)
    }

    pub fn start_on(cfg: Config, port: u16) -> StandIn {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        let root = format!("http://{addr}");
        let shared = Arc::new(Shared {
            cfg,
            root: root.clone(),
            inner: Mutex::new(Inner::default()),
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        // No body limit: the real limit is unconfirmed (§14.5) and uploads go up to 100 MB.
        let app = axum::Router::new()
            .fallback(handle)
            .layer(axum::extract::DefaultBodyLimit::disable())
            .with_state(shared.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
            });
        });
        StandIn {
            base_url: format!("{root}/api/v1"),
            root,
            shared,
            _stop: tx,
        }
    }

    pub fn key(&self) -> &str {
        &self.shared.cfg.key
    }

    pub fn push_fault(&self, target: Target, fault: Fault) {
        let mut g = self.shared.inner.lock().unwrap();
        g.faults.entry(target).or_default().push_back(fault);
    }

    pub fn push_outcome(&self, outcome: Outcome) {
        self.shared
            .inner
            .lock()
            .unwrap()
            .outcomes
            .push_back(outcome);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.inner.lock().unwrap().requests.clone()
    }

    /// Requests whose path ends with `suffix`.
    pub fn requests_to(&self, suffix: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.ends_with(suffix))
            .collect()
    }

    /// Serves `bytes` at a public-looking URL on loopback, for URL inputs.
    pub fn host_input(&self, name: &str, bytes: Vec<u8>) -> String {
        self.shared
            .inner
            .lock()
            .unwrap()
            .inputs
            .insert(name.to_string(), bytes);
        format!("{}/inputs/{name}", self.root)
    }

    pub fn task_ids(&self) -> Vec<String> {
        self.shared
            .inner
            .lock()
            .unwrap()
            .tasks
            .keys()
            .cloned()
            .collect()
    }

    pub fn task_canceled(&self, id: &str) -> bool {
        self.shared
            .inner
            .lock()
            .unwrap()
            .tasks
            .get(id)
            .is_some_and(|t| t.canceled)
    }

    pub fn uploaded_keys(&self) -> Vec<String> {
        self.shared
            .inner
            .lock()
            .unwrap()
            .uploads
            .keys()
            .cloned()
            .collect()
    }

    /// The bytes uploaded under `key` (its full object key), if an upload completed.
    pub fn uploaded(&self, key: &str) -> Option<Vec<u8>> {
        self.shared
            .inner
            .lock()
            .unwrap()
            .uploads
            .get(key)
            .map(|(_, b)| b.clone())
    }

    /// Generation calls that were accepted (sync answered + tasks created): what would be billed.
    /// Every create received, in order, with its time and whether it was accepted.
    pub fn creates(&self) -> Vec<CreateLog> {
        self.shared.inner.lock().unwrap().creates.clone()
    }

    /// How many requests broke off before their body ended.
    pub fn broken_bodies(&self) -> u32 {
        self.shared.inner.lock().unwrap().broken_bodies
    }

    /// The most tasks at work (started, not yet finished) at any moment so far.
    pub fn most_running_at_once(&self) -> usize {
        let g = self.shared.inner.lock().unwrap();
        let work = self.shared.cfg.pending + self.shared.cfg.running;
        let spans: Vec<(Instant, Instant)> = g
            .tasks
            .values()
            .filter(|t| !t.canceled)
            .map(|t| (t.started, t.started + work))
            .collect();
        spans
            .iter()
            .map(|(a, _)| spans.iter().filter(|(s, e)| s <= a && a < e).count())
            .max()
            .unwrap_or(0)
    }

    /// Images the real service would bill by now: every task that succeeded (its time is up
    /// and it was not cancelled), whether or not anyone came for its results, and every sync
    /// call answered.
    pub fn billed_images(&self) -> u64 {
        let g = self.shared.inner.lock().unwrap();
        let work = self.shared.cfg.pending + self.shared.cfg.running;
        let now = Instant::now();
        g.tasks
            .values()
            .filter(|t| !t.canceled && matches!(t.outcome, Outcome::Succeed))
            .filter(|t| now >= t.started + work)
            .map(|t| t.usage["image_count"].as_u64().unwrap_or(0))
            .sum::<u64>()
            + g.sync_images
    }

    pub fn accepted_generations(&self) -> usize {
        let g = self.shared.inner.lock().unwrap();
        g.tasks.len() + g.sync_calls as usize
    }
}

// ---------------------------------------------------------------------------------------------

fn next_id(shared: &Shared, prefix: &str) -> String {
    let mut g = shared.inner.lock().unwrap();
    g.counter += 1;
    format!(
        "{prefix}-{:04x}-4d82-bcb6-{:012x}",
        g.counter,
        g.counter * 7919
    )
}

fn err_response(shared: &Shared, status: u16, code: &str, message: &str) -> Response {
    let rid = next_id(shared, "req");
    json_response(
        status,
        json!({"request_id": rid, "code": code, "message": message}),
    )
}

fn json_response(status: u16, v: Value) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap())
        .header("content-type", "application/json")
        .body(Body::from(v.to_string()))
        .unwrap()
}

/// A body that fails after the headers: the connection is cut with no complete answer.
fn dropped() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("stand-in drops the connection"))
    });
    Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Body::from_stream(stream))
        .unwrap()
}

fn take_fault(shared: &Shared, target: Target) -> Option<Fault> {
    shared
        .inner
        .lock()
        .unwrap()
        .faults
        .get_mut(&target)
        .and_then(|q| q.pop_front())
}

/// Applies a fault: `Some(response)` answers now; `None` means go on normally.
async fn apply_fault(shared: &Shared, target: Target) -> Option<Response> {
    match take_fault(shared, target)? {
        Fault::Http {
            status,
            code,
            message,
        } => Some(err_response(shared, status, code, message)),
        Fault::Slow(d) => {
            tokio::time::sleep(d).await;
            None
        }
        Fault::Drop => Some(dropped()),
        Fault::Malformed => Some(
            Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(Body::from("{\"output\": {\"task_status\": "))
                .unwrap(),
        ),
        Fault::Expired => Some(
            Response::builder()
                .status(403)
                .header("content-type", "application/xml")
                .body(Body::from(
                    "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>",
                ))
                .unwrap(),
        ),
    }
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request<Body>) -> Response {
    let method = req.method().clone();
    let uri = req.uri().clone();
    let headers = req.headers().clone();
    let path = uri.path().to_string();
    if path == "/oss" && method == Method::POST {
        // The multipart body is read by the upload handler itself (with the request's limits).
        shared.inner.lock().unwrap().requests.push(Recorded {
            method: method.to_string(),
            path: path.clone(),
            query: String::new(),
            headers: header_map(&headers),
            json: None,
            body_len: headers
                .get("content-length")
                .and_then(|v| v.to_str().ok()?.parse().ok())
                .unwrap_or(0),
        });
        return upload(&shared, req).await;
    }
    let body = match axum::body::to_bytes(req.into_body(), usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            shared.inner.lock().unwrap().broken_bodies += 1;
            return err_response(&shared, 400, "InvalidParameter", "could not read the body");
        }
    };
    let query = uri.query().unwrap_or("").to_string();
    let hmap = header_map(&headers);
    let ctype = hmap.get("content-type").cloned().unwrap_or_default();
    let json_body = if ctype.starts_with("application/json") && !body.is_empty() {
        serde_json::from_slice(&body).ok()
    } else {
        None
    };
    shared.inner.lock().unwrap().requests.push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        headers: hmap.clone(),
        json: json_body,
        body_len: body.len(),
    });

    // Loopback hosting: results and inputs (no auth, like signed OSS URLs).
    if method == Method::GET {
        if let Some(name) = path.strip_prefix("/results/") {
            if let Some(r) = apply_fault(&shared, Target::Download).await {
                return r;
            }
            let token = name.trim_end_matches(".png");
            let png = shared.inner.lock().unwrap().results.get(token).cloned();
            return match png {
                Some(b) => Response::builder()
                    .status(200)
                    .header("content-type", "image/png")
                    .body(Body::from(b))
                    .unwrap(),
                None => Response::builder().status(404).body(Body::empty()).unwrap(),
            };
        }
        if let Some(name) = path.strip_prefix("/inputs/") {
            let b = shared.inner.lock().unwrap().inputs.get(name).cloned();
            return match b {
                Some(b) => Response::builder().status(200).body(Body::from(b)).unwrap(),
                None => Response::builder().status(404).body(Body::empty()).unwrap(),
            };
        }
    }
    let Some(api_path) = path.strip_prefix("/api/v1") else {
        return err_response(&shared, 404, "NotFound", "no such path");
    };

    // Every DashScope request needs the key.
    match hmap.get("authorization").map(String::as_str) {
        None | Some("") => {
            return err_response(&shared, 401, "InvalidApiKey", "No API-key provided.");
        }
        Some(a) if a != format!("Bearer {}", shared.cfg.key) => {
            return err_response(&shared, 401, "InvalidApiKey", "Invalid API-key provided.");
        }
        _ => {}
    }

    let is_async = hmap
        .get("x-dashscope-async")
        .is_some_and(|v| v.eq_ignore_ascii_case("enable"));
    // Token Plan's host: what its pages document, nothing more (the rest is unconfirmed, and a
    // strict stand-in refuses it).
    if shared.cfg.token_plan {
        if method != Method::POST
            || api_path != "/services/aigc/multimodal-generation/generation"
            || is_async
        {
            return err_response(&shared, 404, "NotFound", "url error, please check url!");
        }
        let model = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v["model"].as_str().map(str::to_string))
            .unwrap_or_default();
        if model != "wan2.7-image" && model != "wan2.7-image-pro" {
            return err_response(
                &shared,
                400,
                "InvalidParameter",
                "Model not exist or not supported by the Token Plan.",
            );
        }
    }
    match (method.clone(), api_path) {
        (Method::POST, path) if endpoint(path).is_some() => {
            let (family, wants_async) = endpoint(path).unwrap_or((Family::Messages, false));
            // §9: the header must match the endpoint, each way round.
            if is_async != wants_async {
                let which = if is_async {
                    "asynchronous"
                } else {
                    "synchronous"
                };
                return err_response(
                    &shared,
                    403,
                    "AccessDenied",
                    &format!("current user api does not support {which} calls"),
                );
            }
            generation(&shared, &hmap, &body, family, wants_async).await
        }
        (Method::GET, "/uploads") => policy(&shared, &query).await,
        (Method::GET, p) if p.starts_with("/tasks/") => {
            let id = p.trim_start_matches("/tasks/").to_string();
            query_task(&shared, &id).await
        }
        (Method::POST, p) if p.starts_with("/tasks/") && p.ends_with("/cancel") => {
            let id = p
                .trim_start_matches("/tasks/")
                .trim_end_matches("/cancel")
                .to_string();
            cancel_task(&shared, &id).await
        }
        _ => err_response(
            &shared,
            400,
            "InvalidParameter",
            "url error, please check url!",
        ),
    }
}

/// The generation endpoints: (body family, whether the endpoint is async-only).
fn endpoint(path: &str) -> Option<(Family, bool)> {
    match path {
        "/services/aigc/multimodal-generation/generation" => Some((Family::Messages, false)),
        "/services/aigc/image-generation/generation" => Some((Family::Messages, true)),
        "/services/aigc/image2image/image-synthesis" => Some((Family::Synthesis, true)),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Family {
    Messages,
    Synthesis,
}

/// The contract's rules per model (§2–§5), written out independently of wanedit's catalog.
struct Rules {
    family: Family,
    images: (usize, usize),
    min_side: u32,
    max_side: u32,
    max_bytes: usize,
    max_aspect: Option<f64>,
    params: &'static [&'static str],
}

fn rules(model: &str) -> Option<Rules> {
    const W27: &[&str] = &[
        "size",
        "n",
        "enable_sequential",
        "thinking_mode",
        "bbox_list",
        "color_palette",
        "watermark",
        "seed",
    ];
    const W26: &[&str] = &[
        "negative_prompt",
        "size",
        "enable_interleave",
        "n",
        "max_images",
        "prompt_extend",
        "stream",
        "watermark",
        "seed",
    ];
    const W25: &[&str] = &["size", "n", "prompt_extend", "watermark", "seed"];
    let mb = 1024 * 1024;
    match model {
        "wan2.7-image-pro" | "wan2.7-image" => Some(Rules {
            family: Family::Messages,
            images: (0, 9),
            min_side: 240,
            max_side: 8000,
            max_bytes: 20 * mb,
            max_aspect: Some(8.0),
            params: W27,
        }),
        "wan2.6-image" => Some(Rules {
            family: Family::Messages,
            images: (1, 4),
            min_side: 240,
            max_side: 8000,
            max_bytes: 10 * mb,
            max_aspect: None,
            params: W26,
        }),
        "wan2.5-i2i-preview" => Some(Rules {
            family: Family::Synthesis,
            images: (1, 3),
            min_side: 384,
            max_side: 5000,
            max_bytes: 10 * mb,
            max_aspect: Some(4.0),
            params: W25,
        }),
        _ => None,
    }
}

struct Bad(&'static str, String);

fn bad(msg: impl Into<String>) -> Bad {
    Bad("InvalidParameter", msg.into())
}

/// Fetches an input image's bytes the way the service would.
fn image_bytes(
    shared: &Shared,
    value: &str,
    oss_resolve: bool,
    model: &str,
) -> Result<Vec<u8>, Bad> {
    if let Some(rest) = value.strip_prefix("data:") {
        let (meta, data) = rest
            .split_once(',')
            .ok_or_else(|| bad("The image data URI is malformed."))?;
        if !meta.starts_with("image/") || !meta.ends_with(";base64") {
            return Err(bad("The image data URI must be data:image/*;base64,..."));
        }
        return base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|_| bad("The image base64 data is invalid."));
    }
    if let Some(key) = value.strip_prefix("oss://") {
        if !oss_resolve {
            return Err(bad(
                "The provided URL does not appear to be valid (oss:// needs X-DashScope-OssResourceResolve).",
            ));
        }
        let g = shared.inner.lock().unwrap();
        return match g.uploads.get(key) {
            Some((m, b)) if m == model => Ok(b.clone()),
            Some(_) => Err(bad("The temporary file was uploaded for another model.")),
            None => Err(Bad("InvalidURL", "The oss resource does not exist.".into())),
        };
    }
    let prefix = format!("{}/inputs/", shared.root);
    if let Some(name) = value.strip_prefix(&prefix) {
        return shared
            .inner
            .lock()
            .unwrap()
            .inputs
            .get(name)
            .cloned()
            .ok_or_else(|| {
                Bad(
                    "InvalidParameter",
                    "Download the media resource failed: 404.".into(),
                )
            });
    }
    if value.starts_with("http://") || value.starts_with("https://") {
        // Only loopback exists here; the real service would fail to fetch a dead URL the same way.
        return Err(Bad(
            "InvalidParameter",
            format!("Download the media resource timed out: {value}"),
        ));
    }
    Err(bad(format!(
        "The image value is not a URL or a data URI: {}",
        &value[..value.len().min(40)]
    )))
}

fn check_image(bytes: &[u8], r: &Rules, n: usize) -> Result<(u32, u32), Bad> {
    if bytes.len() > r.max_bytes {
        return Err(bad(format!("The size of image {n} exceeds the limit.")));
    }
    let fmt = image::guess_format(bytes).map_err(|_| {
        Bad(
            "InvalidParameter",
            format!("The format of image {n} is not supported."),
        )
    })?;
    if !matches!(
        fmt,
        image::ImageFormat::Jpeg
            | image::ImageFormat::Png
            | image::ImageFormat::Bmp
            | image::ImageFormat::WebP
    ) {
        return Err(bad(format!("The format of image {n} is not supported.")));
    }
    let reader = image::ImageReader::with_format(Cursor::new(bytes), fmt);
    use image::ImageDecoder;
    let dec = reader
        .into_decoder()
        .map_err(|_| bad(format!("Image {n} cannot be decoded.")))?;
    let (w, h) = dec.dimensions();
    if dec.color_type().has_alpha() {
        return Err(bad(format!(
            "Image {n} has an alpha channel, which is not supported."
        )));
    }
    if w.min(h) < r.min_side || w.max(h) > r.max_side {
        return Err(bad(format!(
            "The width and height of image {n} must be between {} and {} pixels.",
            r.min_side, r.max_side
        )));
    }
    if let Some(a) = r.max_aspect
        && w.max(h) as f64 / w.min(h) as f64 > a
    {
        return Err(bad(format!(
            "The aspect ratio of image {n} is out of range."
        )));
    }
    Ok((w, h))
}

fn int(v: &Value) -> Option<i64> {
    v.as_i64()
}

/// What a valid request asks for.
struct Accepted {
    count: usize,
    size: String,
    texts: Vec<String>,
    first_image: Option<Vec<u8>>,
    /// The last image and its boxes: what Wan shapes its output after.
    last_image: Option<Vec<u8>>,
    last_boxes: Vec<[u32; 4]>,
}

/// Validates a generation body.
fn validate(
    shared: &Shared,
    hmap: &HashMap<String, String>,
    body: &[u8],
    family: Family,
) -> Result<Accepted, Bad> {
    if !hmap
        .get("content-type")
        .is_some_and(|c| c.starts_with("application/json"))
    {
        return Err(bad("Content-Type must be application/json."));
    }
    let v: Value =
        serde_json::from_slice(body).map_err(|_| bad("Request body is not valid JSON."))?;
    let model = v
        .get("model")
        .and_then(Value::as_str)
        .ok_or(Bad(
            "BadRequest.EmptyModel",
            "Required parameter(s) missing or invalid, please check the request parameters. model"
                .into(),
        ))?
        .to_string();
    let r = rules(&model).ok_or(Bad("InvalidParameter", "Model not exist.".into()))?;
    if r.family != family {
        return Err(bad("url error, please check url!"));
    }
    let input = v.get("input").ok_or(Bad(
        "BadRequest.EmptyInput",
        "Required input missing.".into(),
    ))?;
    let params = v.get("parameters").cloned().unwrap_or(json!({}));
    let pobj = params
        .as_object()
        .ok_or_else(|| bad("parameters must be an object"))?;
    for k in pobj.keys() {
        // The SDK leaks is_async/stream; the service evidently ignores them (§12).
        if !r.params.contains(&k.as_str()) && k != "is_async" && k != "stream" {
            return Err(bad(format!("Parameter {k} is not supported by {model}.")));
        }
    }
    let oss = hmap
        .get("x-dashscope-ossresourceresolve")
        .is_some_and(|v| v.eq_ignore_ascii_case("enable"));

    let (prompt, images): (String, Vec<String>) = match family {
        Family::Messages => messages_input(input)?,
        Family::Synthesis => synthesis_input(input, pobj)?,
    };
    if prompt.trim().is_empty() {
        return Err(bad("The prompt must not be empty."));
    }
    let b = |k: &str| {
        pobj.get(k)
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| bad(format!("{k} must be a boolean")))
            })
            .transpose()
    };
    let sequential = b("enable_sequential")?.unwrap_or(false);
    let interleave = b("enable_interleave")?.unwrap_or(false);
    b("thinking_mode")?;
    b("watermark")?;
    b("prompt_extend")?;
    if interleave && pobj.contains_key("prompt_extend") {
        return Err(bad("prompt_extend is not supported in interleave mode."));
    }
    let (lo, hi) = if interleave { (0, 1) } else { r.images };
    if images.len() < lo || images.len() > hi {
        return Err(bad(format!(
            "The number of images must be between {lo} and {hi}."
        )));
    }
    let mut dims = Vec::new();
    let mut first_image = None;
    let mut last_image = None;
    for (i, img) in images.iter().enumerate() {
        let bytes = image_bytes(shared, img, oss, &model)?;
        dims.push(check_image(&bytes, &r, i + 1)?);
        if first_image.is_none() {
            first_image = Some(bytes.clone());
        }
        last_image = Some(bytes);
    }

    let n = image_count(pobj, sequential, interleave)?;
    if let Some(s) = pobj.get("seed") {
        let s = int(s).ok_or_else(|| bad("seed must be an integer"))?;
        if !(0..=2_147_483_647).contains(&s) {
            return Err(bad("seed is out of range."));
        }
    }
    if let Some(m) = pobj.get("max_images") {
        let m = int(m).ok_or_else(|| bad("max_images must be an integer"))?;
        if !interleave || !(1..=5).contains(&m) {
            return Err(bad("max_images must be 1-5 and needs enable_interleave."));
        }
    }
    if let Some(neg) = pobj.get("negative_prompt")
        && neg.as_str().is_none_or(|s| s.chars().count() > 500)
    {
        return Err(bad(
            "negative_prompt must be a string of at most 500 characters.",
        ));
    }
    if let Some(pal) = pobj.get("color_palette") {
        check_palette(pal, sequential)?;
    }

    // bbox_list (§4): wan2.7 only, one list per image, ≤ 2 boxes, inside the image.
    let last_boxes = match pobj.get("bbox_list") {
        Some(bl) => check_bbox_list(bl, &dims)?,
        None => Vec::new(),
    };

    // size (§5)
    let t2i = images.is_empty() && !sequential;
    let out_size = out_size(pobj, &model, t2i, interleave)?;
    let text_parts = if interleave {
        vec!["Step one.".to_string(), "Step two.".to_string()]
    } else {
        vec![]
    };
    let count = if interleave {
        pobj.get("max_images")
            .and_then(Value::as_i64)
            .unwrap_or(5)
            .min(2) as usize
    } else {
        n
    };
    Ok(Accepted {
        count,
        size: out_size,
        texts: text_parts,
        first_image,
        last_image,
        last_boxes,
    })
}

/// The prompt and the images of a messages-family input.
fn messages_input(input: &Value) -> Result<(String, Vec<String>), Bad> {
    let msgs = input
        .get("messages")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("input.messages is required."))?;
    if msgs.len() != 1 {
        return Err(bad("input.messages must contain exactly one message."));
    }
    if msgs[0].get("role").and_then(Value::as_str) != Some("user") {
        return Err(bad("The message role must be user."));
    }
    let content = msgs[0]
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("message content must be an array."))?;
    let mut texts = Vec::new();
    let mut imgs = Vec::new();
    for part in content {
        let obj = part
            .as_object()
            .ok_or_else(|| bad("content parts must be objects"))?;
        if obj.len() != 1 {
            return Err(bad(
                "each content part must have exactly one of text or image",
            ));
        }
        if let Some(t) = obj.get("text") {
            texts.push(
                t.as_str()
                    .ok_or_else(|| bad("text must be a string"))?
                    .to_string(),
            );
        } else if let Some(i) = obj.get("image") {
            imgs.push(
                i.as_str()
                    .ok_or_else(|| bad("image must be a string"))?
                    .to_string(),
            );
        } else {
            return Err(bad("unknown content part"));
        }
    }
    if texts.len() != 1 {
        return Err(bad("The message must contain exactly one text part."));
    }
    Ok((texts.remove(0), imgs))
}

/// The prompt and the images of a synthesis-family input (`pobj`: its parameters).
fn synthesis_input(
    input: &Value,
    pobj: &serde_json::Map<String, Value>,
) -> Result<(String, Vec<String>), Bad> {
    let obj = input
        .as_object()
        .ok_or_else(|| bad("input must be an object"))?;
    for k in obj.keys() {
        if !["prompt", "images", "negative_prompt"].contains(&k.as_str()) {
            return Err(bad(format!("input.{k} is not supported.")));
        }
    }
    if pobj.contains_key("negative_prompt") {
        return Err(bad("negative_prompt belongs in input for this model."));
    }
    let prompt = obj
        .get("prompt")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("input.prompt is required."))?;
    let imgs = obj
        .get("images")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("input.images is required."))?
        .iter()
        .map(|i| {
            i.as_str()
                .map(String::from)
                .ok_or_else(|| bad("images must be strings"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(neg) = obj.get("negative_prompt")
        && neg.as_str().is_none_or(|s| s.chars().count() > 500)
    {
        return Err(bad(
            "negative_prompt must be a string of at most 500 characters.",
        ));
    }
    Ok((prompt.to_string(), imgs))
}

/// The number of images the n parameter asks for, checked against the mode.
fn image_count(
    pobj: &serde_json::Map<String, Value>,
    sequential: bool,
    interleave: bool,
) -> Result<usize, Bad> {
    let n = match pobj.get("n") {
        None => {
            if sequential {
                12
            } else if interleave {
                1
            } else {
                4
            }
        }
        Some(v) => int(v).ok_or_else(|| bad("n must be an integer"))? as usize,
    };
    let n_ok = if sequential {
        (1..=12).contains(&n)
    } else if interleave {
        n == 1
    } else {
        (1..=4).contains(&n)
    };
    if !n_ok {
        return Err(bad("The value of n is out of range."));
    }
    Ok(n)
}

/// Checks a color_palette parameter.
fn check_palette(pal: &Value, sequential: bool) -> Result<(), Bad> {
    if sequential {
        return Err(bad("color_palette cannot be used with enable_sequential."));
    }
    let arr = pal
        .as_array()
        .ok_or_else(|| bad("color_palette must be an array"))?;
    if !(3..=10).contains(&arr.len()) {
        return Err(bad("color_palette needs 3 to 10 colours."));
    }
    let mut total = 0i64;
    for c in arr {
        let hex = c.get("hex").and_then(Value::as_str).unwrap_or("");
        let ratio = c.get("ratio").and_then(Value::as_str).unwrap_or("");
        let hex_ok = hex.len() == 7
            && hex.starts_with('#')
            && hex[1..].chars().all(|c| c.is_ascii_hexdigit());
        let Some(num) = ratio.strip_suffix('%') else {
            return Err(bad("ratio must look like 60.00%"));
        };
        let parts: Vec<&str> = num.split('.').collect();
        if !hex_ok || parts.len() != 2 || parts[1].len() != 2 {
            return Err(bad(
                "color_palette entries need hex #RRGGBB and ratio like 60.00%",
            ));
        }
        total += (num.parse::<f64>().map_err(|_| bad("bad ratio"))? * 100.0).round() as i64;
    }
    if total != 10_000 {
        return Err(bad("color_palette ratios must sum to 100.00%."));
    }
    Ok(())
}

/// Checks a bbox_list parameter against the images' `dims`: the boxes on the last image.
fn check_bbox_list(bl: &Value, dims: &[(u32, u32)]) -> Result<Vec<[u32; 4]>, Bad> {
    let mut last_boxes = Vec::new();
    let outer = bl
        .as_array()
        .ok_or_else(|| bad("bbox_list must be an array"))?;
    if outer.len() != dims.len() {
        return Err(bad(
            "The length of bbox_list must equal the number of images.",
        ));
    }
    for (i, boxes) in outer.iter().enumerate() {
        let boxes = boxes
            .as_array()
            .ok_or_else(|| bad("bbox_list entries must be arrays"))?;
        if boxes.len() > 2 {
            return Err(bad(format!("Image {} has more than 2 boxes.", i + 1)));
        }
        let (w, h) = dims[i];
        if i + 1 == dims.len() {
            last_boxes = boxes
                .iter()
                .filter_map(|b| {
                    let a: Vec<u32> = b
                        .as_array()?
                        .iter()
                        .filter_map(|v| Some(v.as_u64()? as u32))
                        .collect();
                    a.try_into().ok()
                })
                .collect();
        }
        for bx in boxes {
            let c: Vec<i64> = bx
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_i64).collect())
                .unwrap_or_default();
            if c.len() != 4 || bx.as_array().map(|a| a.len()) != Some(4) {
                return Err(bad("Each box must be [x1, y1, x2, y2] integers."));
            }
            if c[0] < 0
                || c[1] < 0
                || c[2] <= c[0]
                || c[3] <= c[1]
                || c[2] > w as i64
                || c[3] > h as i64
            {
                return Err(bad(format!(
                    "Box {:?} is outside image {} ({w}x{h}) or inverted.",
                    c,
                    i + 1
                )));
            }
        }
    }
    Ok(last_boxes)
}

/// The output size a size parameter asks for (`t2i`: text to image).
fn out_size(
    pobj: &serde_json::Map<String, Value>,
    model: &str,
    t2i: bool,
    interleave: bool,
) -> Result<String, Bad> {
    let (tiers, lo_px, hi_px, aspect): (&[&str], u64, u64, f64) = match (model, interleave) {
        ("wan2.7-image-pro", _) if t2i => (&["1K", "2K", "4K"], 768 * 768, 4096 * 4096, 8.0),
        ("wan2.7-image-pro" | "wan2.7-image", _) => (&["1K", "2K"], 768 * 768, 2048 * 2048, 8.0),
        ("wan2.6-image", false) => (&["1K", "2K"], 768 * 768, 2048 * 2048, 4.0),
        ("wan2.6-image", true) => (&[], 768 * 768, 1280 * 1280, 4.0),
        _ => (&[], 768 * 768, 1280 * 1280, 4.0),
    };
    let out_size = match pobj.get("size") {
        None => "1024*1024".to_string(),
        Some(s) => {
            let s = s.as_str().ok_or_else(|| bad("size must be a string"))?;
            if tiers.contains(&s) {
                match s {
                    "1K" => "1024*1024".into(),
                    "2K" => "2048*2048".into(),
                    _ => "4096*4096".into(),
                }
            } else {
                let (w, h) = s
                    .split_once('*')
                    .and_then(|(w, h)| Some((w.parse::<u64>().ok()?, h.parse::<u64>().ok()?)))
                    .ok_or_else(|| bad(format!("size {s} is invalid for {model}.")))?;
                let px = w * h;
                if px < lo_px || px > hi_px || (w.max(h) as f64 / w.min(h).max(1) as f64) > aspect {
                    return Err(bad(format!("size {s} is out of range for {model}.")));
                }
                format!("{w}*{h}")
            }
        }
    };
    Ok(out_size)
}

/// A small distinct PNG per result (index-coloured), so tests can tell results apart.
fn result_png(i: usize) -> Vec<u8> {
    let colours = [
        [200u8, 60, 40],
        [40, 160, 80],
        [50, 90, 200],
        [220, 180, 30],
    ];
    let c = colours[i % colours.len()];
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([c[0].wrapping_add(x as u8), c[1].wrapping_add(y as u8), c[2]])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// Where the realistic mode puts a target pixel in result `i` of a `w`×`h` input rendered at
/// `ow`×`oh`: `u = ax·x + bx`, `v = ay·y + by` (continuous pixel coordinates).
pub fn wan_like_mapping(w: u32, h: u32, ow: u32, oh: u32, i: usize) -> [f64; 4] {
    let s = 1.0 + 0.004 * (i % 3) as f64;
    [
        ow as f64 / w as f64 * s,
        3.0 + i as f64,
        oh as f64 / h as f64 * s,
        -2.0 - i as f64,
    ]
}

/// The output size Wan picks for `pixels` at the aspect of a `w`×`h` input.
pub fn wan_like_size(w: u32, h: u32, pixels: u64) -> (u32, u32) {
    let ow = (pixels as f64 * w as f64 / h as f64)
        .sqrt()
        .round()
        .max(1.0) as u32;
    let oh = (pixels as f64 / ow as f64).round().max(1.0) as u32;
    (ow, oh)
}

/// `src` re-rendered as Wan answers an edit (see [`Config::realistic`]): result `i` of it.
pub fn render_like_wan(src: &[u8], boxes: &[[u32; 4]], pixels: u64, i: usize) -> Option<Vec<u8>> {
    let img = image::load_from_memory(src).ok()?.to_rgb8();
    let (w, h) = img.dimensions();
    let (ow, oh) = wan_like_size(w, h, pixels);
    let [ax, bx, ay, by] = wan_like_mapping(w, h, ow, oh, i);
    let sample = |fx: f64, fy: f64, c: usize| -> f64 {
        let fx = fx.clamp(0.0, (w - 1) as f64);
        let fy = fy.clamp(0.0, (h - 1) as f64);
        let (x0, y0) = (fx.floor() as u32, fy.floor() as u32);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (tx, ty) = (fx - x0 as f64, fy - y0 as f64);
        let p = |x, y| img.get_pixel(x, y).0[c] as f64;
        (p(x0, y0) * (1.0 - tx) + p(x1, y0) * tx) * (1.0 - ty)
            + (p(x0, y1) * (1.0 - tx) + p(x1, y1) * tx) * ty
    };
    let out = image::RgbImage::from_fn(ow, oh, |u, v| {
        let x = (u as f64 + 0.5 - bx) / ax;
        let y = (v as f64 + 0.5 - by) / ay;
        let in_box = boxes
            .iter()
            .any(|b| x >= b[0] as f64 && x < b[2] as f64 && y >= b[1] as f64 && y < b[3] as f64);
        let drift = [(1.03, 4.0), (1.0, 2.0), (0.96, 0.0)];
        image::Rgb([0, 1, 2].map(|c| {
            let mut value = sample(x - 0.5, y - 0.5, c);
            if in_box {
                // Each result its own edit: result 1 inverted, the next ones inverted with
                // their channels turned (result 2 takes green's for red, …), so that which
                // result a box came from can be told.
                const TURNS: [[usize; 3]; 6] = [
                    [0, 1, 2],
                    [1, 2, 0],
                    [2, 0, 1],
                    [0, 2, 1],
                    [2, 1, 0],
                    [1, 0, 2],
                ];
                value = 255.0 - sample(x - 0.5, y - 0.5, TURNS[i % 6][c]);
            }
            (value * drift[c].0 + drift[c].1).round().clamp(0.0, 255.0) as u8
        }))
    });
    let mut buf = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(out)
        .write_to(&mut buf, image::ImageFormat::Png)
        .ok()?;
    Some(buf.into_inner())
}

/// A tinted copy of `src` (one tint per result index), at most 1024 px.
fn echo_png(src: &[u8], i: usize) -> Option<Vec<u8>> {
    let img = image::load_from_memory(src)
        .ok()?
        .thumbnail(1024, 1024)
        .to_rgb8();
    let tints = [
        [1.15f32, 0.95, 0.75],
        [0.8, 1.0, 1.2],
        [1.1, 1.1, 0.8],
        [0.9, 1.15, 0.9],
    ];
    let t = tints[i % tints.len()];
    let out = image::RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let p = img.get_pixel(x, y).0;
        let gray = 0.3 * p[0] as f32 + 0.59 * p[1] as f32 + 0.11 * p[2] as f32;
        image::Rgb([0, 1, 2].map(|c| ((gray * 0.6 + p[c] as f32 * 0.4) * t[c]).min(255.0) as u8))
    });
    let mut buf = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(out)
        .write_to(&mut buf, image::ImageFormat::Png)
        .ok()?;
    Some(buf.into_inner())
}

/// Image 1 with every channel inverted, as PNG in its own pixel format.
fn inverted_png(src: &[u8]) -> Option<Vec<u8>> {
    let mut img = image::load_from_memory(src).ok()?;
    img.invert();
    let mut buf = Cursor::new(Vec::new());
    img.write_to(&mut buf, image::ImageFormat::Png).ok()?;
    Some(buf.into_inner())
}

fn make_results(shared: &Shared, family: Family, accepted: &Accepted) -> (Value, Value) {
    let (count, texts, size) = (accepted.count, &accepted.texts, accepted.size.as_str());
    let mut urls = Vec::new();
    for i in 0..count {
        let token = next_id(shared, "res");
        shared.inner.lock().unwrap().results.insert(token.clone(), {
            let echo = shared
                .cfg
                .echo_inputs
                .then(|| accepted.first_image.as_deref().and_then(|b| echo_png(b, i)))
                .flatten();
            let pixels = size
                .split_once('*')
                .and_then(|(w, h)| Some(w.parse::<u64>().ok()? * h.parse::<u64>().ok()?))
                .unwrap_or(1024 * 1024);
            let realistic = shared
                .cfg
                .realistic
                .then(|| {
                    accepted
                        .last_image
                        .as_deref()
                        .and_then(|b| render_like_wan(b, &accepted.last_boxes, pixels, i))
                })
                .flatten();
            let inverted = shared
                .cfg
                .inverted
                .then(|| accepted.first_image.as_deref().and_then(inverted_png))
                .flatten();
            inverted
                .or(realistic)
                .or(echo)
                .unwrap_or_else(|| result_png(i))
        });
        urls.push(format!(
            "{}/results/{token}.png?Expires=1764000000&Signature=abc",
            shared.root
        ));
    }
    match family {
        Family::Synthesis => (
            json!({"results": urls.iter().map(|u| json!({"orig_prompt": "p", "url": u})).collect::<Vec<_>>(),
                   "task_metrics": {"TOTAL": count, "SUCCEEDED": count, "FAILED": 0}}),
            json!({"image_count": count}),
        ),
        Family::Messages => {
            let choices: Vec<Value> = urls
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let mut content = Vec::new();
                    if let Some(t) = texts.get(i) {
                        content.push(json!({"type": "text", "text": t}));
                    }
                    content.push(json!({"image": u, "type": "image"}));
                    json!({"finish_reason": "stop", "message": {"role": "assistant", "content": content}})
                })
                .collect();
            (
                json!({"choices": choices, "finished": true}),
                json!({"image_count": count, "size": size, "input_tokens": 100, "output_tokens": 2, "total_tokens": 102}),
            )
        }
    }
}

async fn generation(
    shared: &Arc<Shared>,
    hmap: &HashMap<String, String>,
    body: &[u8],
    family: Family,
    is_async: bool,
) -> Response {
    if let Some(r) = apply_fault(shared, Target::Create).await {
        return r;
    }
    let accepted = match validate(shared, hmap, body, family) {
        Ok(v) => v,
        Err(Bad(code, msg)) => return err_response(shared, 400, code, &msg),
    };
    let prompt = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| {
            let m = &v["input"]["messages"][0]["content"];
            let text = m.as_array()?.iter().find_map(|c| c["text"].as_str());
            text.or(v["input"]["prompt"].as_str()).map(str::to_string)
        })
        .unwrap_or_default();
    let digest = body_digest(body);
    let now = Instant::now();
    let mut started = now;
    if let Some(limits) = shared.cfg.limits {
        let mut g = shared.inner.lock().unwrap();
        let in_last_second = g
            .creates
            .iter()
            .filter(|c| c.accepted.is_some() && now.duration_since(c.at) < Duration::from_secs(1))
            .count();
        if in_last_second >= limits.per_second {
            g.creates.push(CreateLog {
                at: now,
                accepted: None,
                prompt,
                body: digest,
            });
            drop(g);
            return err_response(
                shared,
                429,
                "Throttling.RateQuota",
                "Requests rate limit exceeded, please try again later.",
            );
        }
        // First come first served: this task starts when the earliest of the tasks holding
        // the slots ends (tasks' work takes the same time, so that is a fixed point in time).
        let work = shared.cfg.pending + shared.cfg.running;
        let mut ends: Vec<Instant> = g
            .tasks
            .values()
            .filter(|t| !t.canceled)
            .map(|t| t.started + work)
            .filter(|e| *e > now)
            .collect();
        ends.sort();
        if ends.len() >= limits.running {
            started = ends[ends.len() - limits.running];
        }
    }
    // The task id is known before the log line, so that creates at once each log their own.
    let task_id = is_async.then(|| next_id(shared, "task"));
    shared.inner.lock().unwrap().creates.push(CreateLog {
        at: now,
        accepted: Some(task_id.clone().unwrap_or_else(|| "sync".into())),
        prompt,
        body: digest,
    });
    let (result, usage) = make_results(shared, family, &accepted);
    if let Some(id) = task_id {
        let outcome = shared
            .inner
            .lock()
            .unwrap()
            .outcomes
            .pop_front()
            .unwrap_or(Outcome::Succeed);
        shared.inner.lock().unwrap().tasks.insert(
            id.clone(),
            Task {
                started,
                canceled: false,
                outcome,
                result,
                usage,
                polls: 0,
            },
        );
        let rid = next_id(shared, "req");
        return json_response(
            200,
            json!({"output": {"task_status": "PENDING", "task_id": id}, "request_id": rid}),
        );
    }
    // Sync: held open while the image is made.
    tokio::time::sleep(shared.cfg.pending + shared.cfg.running).await;
    {
        let mut g = shared.inner.lock().unwrap();
        g.sync_calls += 1;
        g.sync_images += usage["image_count"].as_u64().unwrap_or(0);
    }
    let rid = next_id(shared, "req");
    json_response(
        200,
        json!({"output": result, "usage": usage, "request_id": rid}),
    )
}

async fn query_task(shared: &Arc<Shared>, id: &str) -> Response {
    if let Some(r) = apply_fault(shared, Target::Poll).await {
        return r;
    }
    let rid = next_id(shared, "req");
    let task = {
        let mut g = shared.inner.lock().unwrap();
        g.tasks.get_mut(id).map(|t| {
            t.polls += 1;
            t.clone()
        })
    };
    let Some(t) = task else {
        return json_response(
            200,
            json!({"request_id": rid, "output": {"task_id": id, "task_status": "UNKNOWN"}}),
        );
    };
    let el = Instant::now().saturating_duration_since(t.started);
    let queued = Instant::now() < t.started;
    let status = if t.canceled {
        "CANCELED"
    } else if queued || el < shared.cfg.pending {
        "PENDING"
    } else if el < shared.cfg.pending + shared.cfg.running {
        "RUNNING"
    } else {
        match &t.outcome {
            Outcome::Succeed => "SUCCEEDED",
            Outcome::Fail { .. } => "FAILED",
            Outcome::Canceled => "CANCELED",
            Outcome::Unknown => "UNKNOWN",
        }
    };
    let mut out = json!({"task_id": id, "task_status": status,
        "submit_time": "2026-11-25 10:00:00.000", "scheduled_time": "2026-11-25 10:00:00.010"});
    match (status, &t.outcome) {
        ("SUCCEEDED", _) => {
            out["end_time"] = json!("2026-11-25 10:00:20.000");
            out["finished"] = json!(true);
            for (k, v) in t.result.as_object().unwrap() {
                out[k] = v.clone();
            }
            return json_response(
                200,
                json!({"request_id": rid, "output": out, "usage": t.usage}),
            );
        }
        ("FAILED", Outcome::Fail { code, message }) => {
            out["code"] = json!(code);
            out["message"] = json!(message);
        }
        _ => {}
    }
    json_response(200, json!({"request_id": rid, "output": out}))
}

async fn cancel_task(shared: &Arc<Shared>, id: &str) -> Response {
    if let Some(r) = apply_fault(shared, Target::Cancel).await {
        return r;
    }
    let pending = shared.cfg.pending;
    let result = {
        let mut g = shared.inner.lock().unwrap();
        match g.tasks.get_mut(id) {
            None => Err("the task does not exist"),
            Some(t) if t.canceled => Ok(()),
            // Queued (waiting for a slot) is PENDING too.
            Some(t) if Instant::now() < t.started + pending => {
                t.canceled = true;
                Ok(())
            }
            Some(_) => Err("only PENDING tasks can be canceled"),
        }
    };
    match result {
        Ok(()) => {
            let rid = next_id(shared, "req");
            json_response(200, json!({"request_id": rid}))
        }
        // The real body is unconfirmed (§14.4); this is the documented error shape.
        Err(msg) => err_response(shared, 400, "UnsupportedOperation", msg),
    }
}

async fn policy(shared: &Arc<Shared>, query: &str) -> Response {
    if let Some(r) = apply_fault(shared, Target::Policy).await {
        return r;
    }
    let q: HashMap<&str, &str> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    if q.get("action") != Some(&"getPolicy") {
        return err_response(shared, 400, "InvalidParameter", "action must be getPolicy");
    }
    let Some(model) = q.get("model").filter(|m| rules(m).is_some()) else {
        return err_response(shared, 400, "InvalidParameter", "Model not exist.");
    };
    let rid = next_id(shared, "req");
    let dir = next_id(shared, "dir");
    // The policy names the model; the stand-in remembers it in the upload_dir, which is new for
    // every policy, as the real one's random last segment is.
    json_response(
        200,
        json!({"request_id": rid, "data": {
        "policy": format!("cG9saWN5-{model}"), "signature": "c2lnbmF0dXJl",
        "upload_dir": format!("dashscope-instant/{model}/2026-11-25/{dir}"),
        "upload_host": format!("{}/oss", shared.root), "expire_in_seconds": "300",
        "max_file_size_mb": "100", "capacity_limit_mb": "999999999",
        "oss_access_key_id": "LTAIstandin", "x_oss_object_acl": "private",
        "x_oss_forbid_overwrite": "true"}}),
    )
}

fn oss_error(status: u16, code: &str, msg: &str) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/xml")
        .body(Body::from(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{msg}</Message></Error>"
        )))
        .unwrap()
}

fn header_map(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

async fn upload(shared: &Arc<Shared>, req: Request<Body>) -> Response {
    let hmap = header_map(req.headers());
    let ctype = hmap.get("content-type").cloned().unwrap_or_default();
    if hmap.contains_key("authorization") {
        return oss_error(
            400,
            "InvalidArgument",
            "Authorization header is not allowed with a POST policy",
        );
    }
    if !ctype.starts_with("multipart/form-data") {
        return oss_error(400, "InvalidArgument", "multipart/form-data required");
    }
    let mut mp = match axum::extract::Multipart::from_request(req, &()).await {
        Ok(m) => m,
        Err(_) => return oss_error(400, "InvalidArgument", "bad multipart body"),
    };
    let mut fields: Vec<(String, Vec<u8>)> = Vec::new();
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(b) => fields.push((name, b.to_vec())),
                    Err(e) => {
                        return oss_error(
                            400,
                            "InvalidArgument",
                            &format!("bad multipart field: {e}"),
                        );
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                return oss_error(400, "InvalidArgument", &format!("bad multipart body: {e}"));
            }
        }
    }
    // Faults answer after the whole body is read: answering mid-upload would make the client
    // see a reset connection instead of the answer, depending on timing.
    if let Some(r) = apply_fault(shared, Target::Upload).await {
        return r;
    }
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
    };
    // OSS ignores every field after `file`.
    let file_pos = fields.iter().position(|(n, _)| n == "file");
    let Some(file_pos) = file_pos else {
        return oss_error(400, "InvalidArgument", "file is required");
    };
    if fields[file_pos + 1..]
        .iter()
        .any(|(n, _)| n == "key" || n == "policy")
    {
        return oss_error(400, "InvalidArgument", "the file field must be last");
    }
    if get("OSSAccessKeyId").as_deref() != Some("LTAIstandin")
        || get("Signature").as_deref() != Some("c2lnbmF0dXJl")
    {
        return oss_error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match",
        );
    }
    let Some(policy) = get("policy") else {
        return oss_error(403, "AccessDenied", "policy required");
    };
    let model = policy.trim_start_matches("cG9saWN5-").to_string();
    let Some(key) = get("key") else {
        return oss_error(400, "InvalidArgument", "key required");
    };
    if !key.starts_with(&format!("dashscope-instant/{model}/")) {
        return oss_error(403, "AccessDenied", "Invalid according to Policy: key");
    }
    let bytes = fields[file_pos].1.clone();
    let mut g = shared.inner.lock().unwrap();
    if g.uploads.contains_key(&key) && get("x-oss-forbid-overwrite").as_deref() == Some("true") {
        return oss_error(
            409,
            "FileAlreadyExists",
            "The object you specified already exists and can not be overwritten.",
        );
    }
    g.uploads.insert(key, (model, bytes));
    Response::builder().status(200).body(Body::empty()).unwrap()
}

/// The digest [`CreateLog::body`] holds, of a whole body.
pub fn body_digest(body: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    h.finish()
}
