//! The HTTP client: sends [`RequestPlan`]s, reads answers, polls tasks, uploads, downloads.
//!
//! Retry rules (§15): a request that never left (no connection) and a 429 rate limit may be
//! resent; polls and downloads are retried; a generation whose body was sent and not answered is
//! never resent, because the service may have accepted (and billed) it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::error::ApiError;
use super::request::{self, RequestPlan};
use super::untrusted::{self, CODE_CHARS, ID_CHARS, MESSAGE_CHARS};
use super::wire::{ApiResponse, OutputItem, TaskStatus, Usage};
use crate::i18n::Said;

/// The largest JSON answer read (real ones are a few KB; a mixed text-and-image answer with
/// long texts, tens of KB). A larger one is refused unread.
pub const MAX_ANSWER_BYTES: u64 = 8 * 1024 * 1024;
/// The most result items read from one answer (a set has at most 12 images).
pub const MAX_RESULT_ITEMS: usize = 64;

/// The API key. Its `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// `None` for an empty or blank key.
    pub fn new(key: impl Into<String>) -> Option<ApiKey> {
        let k = key.into().trim().to_string();
        if k.is_empty() {
            return None;
        }
        // From here on no log line can show it (see crate::logging).
        crate::logging::register_secret(&k);
        Some(ApiKey(k))
    }
    /// The key from `DASHSCOPE_API_KEY`, if set.
    pub fn from_env() -> Option<ApiKey> {
        std::env::var("DASHSCOPE_API_KEY")
            .ok()
            .and_then(ApiKey::new)
    }
    /// The secret itself: only for the Authorization header and the keychain.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(redacted)")
    }
}

mod timing;
pub use timing::Timing;

/// What a successful generation gave back.
#[derive(Debug, Clone, Default)]
pub struct Generation {
    pub items: Vec<OutputItem>,
    pub usage: Option<Usage>,
    pub request_id: Option<String>,
    pub task_id: Option<String>,
}

/// One poll's view of a task.
#[derive(Debug, Clone)]
pub struct TaskSnapshot {
    pub status: TaskStatus,
    pub request_id: Option<String>,
    /// Filled when SUCCEEDED.
    pub generation: Option<Generation>,
    /// Filled when FAILED.
    pub failure: Option<(String, String)>,
}

/// A created task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskHandle {
    pub task_id: String,
    pub request_id: Option<String>,
}

mod http;
mod upload;
pub use http::install_crypto_provider;
use http::{Pair, Slot, built, slot};
pub use upload::{UploadBody, UploadPolicy, safe_object_name};

/// A DashScope client bound to one base URL and key.
#[derive(Clone)]
pub struct Client {
    /// Its HTTP clients: for the service and for result links (see `client/http.rs`).
    clients: Slot,
    /// Tasks whose cancel the service accepted, and when (shared by clones of this client).
    cancelled: Arc<Mutex<HashMap<String, Instant>>>,
    base_url: String,
    key: ApiKey,
    pub timing: Timing,
    /// Paces paid sends when set (a batch's jobs share one: see [`Submissions`]).
    submissions: Option<Arc<dyn Submissions>>,
    /// Where requests go, when known: the base URL's region, or the one the user named for a
    /// base URL of their own (`--region token-plan --base-url …`, a proxy).
    region: Option<&'static crate::api::region::Region>,
}

/// Paces a client's paid sends (async creates and sync generations): the jobs of a batch
/// share one, so that together they stay within the account's submission rate. Each attempt
/// waits for it, including a create sent again after a rate limit.
pub trait Submissions: Send + Sync {
    /// Waits until one more paid send may go.
    fn wait(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>>;
    /// The service answered with a rate limit (429 `Throttling*`, not a quota).
    fn throttled(&self);
    /// A paid send went through.
    fn accepted(&self);
    /// The delay before poll number `poll` of a task watched for `waited` so far; `None`
    /// keeps the client's own schedule ([`Timing::poll_delay`]). A batch spreads its polls
    /// so that together they stay inside the account's task-query limit.
    fn poll_delay(&self, _poll: u32, _waited: std::time::Duration) -> Option<std::time::Duration> {
        None
    }
    /// A task was seen ended after being watched for `waited`.
    fn task_ended(&self, _waited: std::time::Duration) {}
}

impl Client {
    /// A client for `base_url`. Returns at once: its HTTP clients are built on the runtime's
    /// blocking pool if they are not built yet (see `client/http.rs`); a request waits for them.
    pub fn new(base_url: &str, key: ApiKey, timing: Timing) -> Client {
        let clients = slot(&timing);
        if clients.get().is_none()
            && let Ok(rt) = tokio::runtime::Handle::try_current()
        {
            let (s, t) = (clients.clone(), timing.clone());
            rt.spawn_blocking(move || built(&s, &t));
        }
        Client {
            clients,
            cancelled: Arc::default(),
            base_url: base_url.trim_end_matches('/').to_string(),
            region: crate::api::region::Region::of_base_url(base_url),
            key,
            timing,
            submissions: None,
        }
    }

    /// Builds the HTTP clients for `timing` now (blocking: call it on a worker thread), so
    /// that a first request does not wait for them.
    pub fn warm(timing: &Timing) {
        let _ = built(&slot(timing), timing);
    }

    /// The HTTP clients, waiting for their build (on a worker thread) if it is not done; the
    /// error is the sentence a request that could not start says.
    async fn clients(&self) -> Result<Pair, Said> {
        if let Some(Ok(p)) = self.clients.get() {
            return Ok(p.clone());
        }
        let (s, t) = (self.clients.clone(), self.timing.clone());
        tokio::task::spawn_blocking(move || built(&s, &t))
            .await
            .map_err(|e| Said::Plain(e.to_string()))
            .and_then(|r| r)
            .map_err(|e| e.map_text(&|e| format!("the HTTP client could not start: {e}")))
    }

    /// For the service: never follows a redirect (a paid body is never sent to another host).
    async fn http(&self) -> Result<reqwest::Client, Said> {
        Ok(self.clients().await?.0)
    }

    /// For result links (signed storage URLs), which may redirect.
    async fn downloads(&self) -> Result<reqwest::Client, Said> {
        Ok(self.clients().await?.1)
    }

    /// This client with its paid sends paced by `s` (clones share it).
    pub fn paced(mut self, s: Arc<dyn Submissions>) -> Client {
        self.submissions = Some(s);
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The region (or Token Plan) requests go to, for a base URL that does not say it.
    pub fn in_region(mut self, region: &'static crate::api::region::Region) -> Client {
        self.region = Some(region);
        self
    }

    /// Whether requests go to Token Plan (its keys, its sync calls, Credits).
    pub fn token_plan(&self) -> bool {
        self.region.is_some_and(|r| r.is_token_plan())
    }

    /// The region's id for prices and the ledger, or `other` (a proxy, a stand-in).
    pub fn region_key(&self) -> &'static str {
        self.region
            .map_or(crate::api::region::OTHER_REGION, |r| r.id)
    }

    /// Why this key may not be sent where requests go: a Token Plan key only to the plan's host,
    /// and the plan's host only with one. A base URL of the user's own, whose place is not
    /// known, may be either.
    pub fn pairing(&self) -> Result<(), Said> {
        match self.region {
            Some(_) => crate::api::token_plan::pairing(self.key.expose(), self.token_plan()),
            None => Ok(()),
        }
    }

    /// Why nothing may be sent to `path` with this key, or `Ok`: a Token Plan key only to the
    /// plan's host and the plan's host only with one (where the place is known), and on that
    /// host only the path its pages confirm (see `api::token_plan`).
    fn may_send(&self, path: &str) -> Result<(), Said> {
        use crate::api::token_plan;
        self.pairing()?;
        let path = path.split('?').next().unwrap_or(path);
        if self.token_plan() && !token_plan::path_confirmed(path) {
            return Err(crate::said!("token-plan-unconfirmed-path", path = path));
        }
        Ok(())
    }

    fn host(&self) -> String {
        self.base_url
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or(&self.base_url)
            .to_string()
    }

    fn build(
        &self,
        http: &reqwest::Client,
        plan: &RequestPlan,
    ) -> Result<reqwest::RequestBuilder, SendError> {
        let url = format!("{}{}", self.base_url, plan.path);
        let mut headers = HeaderMap::new();
        for (name, value) in &plan.headers {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.insert(n, v);
            }
        }
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", self.key.expose()))
            .unwrap_or_else(|_| HeaderValue::from_static("Bearer invalid-key-characters"));
        auth.set_sensitive(true);
        headers.insert(reqwest::header::AUTHORIZATION, auth);
        let method = if plan.method == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let mut rb = http.request(method, url).headers(headers);
        match &plan.body {
            Some(body) => {
                let (len, body) = super::body::wire_body(body, &plan.inline).map_err(|e| {
                    SendError::NotSent(Said::Plain(format!("the request could not be built ({e})")))
                })?;
                rb = rb
                    .header(reqwest::header::CONTENT_LENGTH, len.to_string())
                    .body(body);
            }
            None if plan.method == "POST" => rb = rb.header(reqwest::header::CONTENT_LENGTH, "0"),
            None => {}
        }
        Ok(rb)
    }

    /// Sends once; maps transport failures by whether the request may have reached the service.
    /// The answer is read up to [`MAX_ANSWER_BYTES`]; a redirect is reported, never followed.
    /// `bound`: a whole-request time limit (for calls that create no paid work).
    async fn send_once(
        &self,
        plan: &RequestPlan,
        bound: Option<Duration>,
    ) -> Result<(u16, bytes::Bytes), SendError> {
        self.may_send(&plan.path).map_err(SendError::Refused)?;
        let http = self.http().await.map_err(SendError::NotSent)?;
        let mut rb = self.build(&http, plan)?;
        if let Some(t) = bound {
            rb = rb.timeout(t);
        }
        let resp = rb.send().await.map_err(SendError::from_reqwest)?;
        let status = resp.status().as_u16();
        if resp.status().is_redirection() {
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("another address");
            return Err(SendError::Redirected(
                status,
                untrusted::clean(location, 200),
            ));
        }
        let body = read_capped(resp, MAX_ANSWER_BYTES, None).await?;
        Ok((status, body))
    }

    /// A request that creates no paid work (query, cancel, upload policy): any transport
    /// failure is reported as unreachable, and the caller may simply try again.
    async fn send_free(&self, plan: &RequestPlan) -> Result<(u16, bytes::Bytes), ApiError> {
        self.send_once(plan, Some(self.timing.free_timeout))
            .await
            .map_err(|e| match e {
                SendError::NotSent(d) => ApiError::Unreachable {
                    host: self.host(),
                    detail: d,
                },
                SendError::Unanswered(d) => ApiError::Unreachable {
                    host: self.host(),
                    detail: crate::said!(
                        "connection-broke",
                        why = crate::api::error::connection_reason(&d)
                    ),
                },
                other => other.into_error(&self.host()),
            })
    }

    /// A call that creates paid work (sync generation or async create): resent only when it
    /// never left or was refused with a rate-limit 429.
    async fn send_paid(&self, plan: &RequestPlan) -> Result<ApiResponse, ApiError> {
        let mut attempt = 0;
        loop {
            if let Some(s) = &self.submissions {
                s.wait().await;
            }
            let result = match self.send_once(plan, None).await {
                Ok((status, body)) => parse_answer(status, &body),
                Err(SendError::NotSent(detail)) => Err(ApiError::Unreachable {
                    host: self.host(),
                    detail,
                }),
                Err(SendError::Unanswered(detail)) => Err(ApiError::NoAnswer { detail }),
                Err(other) => Err(other.into_error(&self.host())),
            };
            let retryable = match &result {
                Err(e @ ApiError::Service { .. }) => e.is_rate_limited(),
                Err(ApiError::Unreachable { .. }) => true,
                _ => false,
            };
            if let Some(s) = &self.submissions {
                match &result {
                    Ok(_) => s.accepted(),
                    Err(e) if e.is_rate_limited() => s.throttled(),
                    Err(_) => {}
                }
            }
            if retryable && attempt < self.timing.create_retries {
                tracing::info!(
                    attempt,
                    "create not accepted (rate limit or no connection); retrying"
                );
                tokio::time::sleep(self.timing.retry_delay(attempt)).await;
                attempt += 1;
                continue;
            }
            return result;
        }
    }

    /// A sync generation (wan2.7 / wan2.6): one request held open until the images exist.
    pub async fn generate_sync(&self, plan: &RequestPlan) -> Result<Generation, ApiError> {
        let r = self.send_paid(plan).await?;
        let mut items = r.output.as_ref().map(|o| o.items()).unwrap_or_default();
        items.truncate(MAX_RESULT_ITEMS);
        Ok(Generation {
            items,
            usage: r.usage,
            request_id: r.request_id,
            task_id: None,
        })
    }

    /// Creates an async task; returns its id as soon as the service gives it.
    pub async fn create_task(&self, plan: &RequestPlan) -> Result<TaskHandle, ApiError> {
        let r = self.send_paid(plan).await?;
        match r.output.as_ref().and_then(|o| o.task_id.clone()) {
            Some(task_id) => Ok(TaskHandle {
                task_id,
                request_id: r.request_id,
            }),
            None => Err(ApiError::Malformed {
                status: 200,
                snippet: "the answer has no output.task_id".into(),
                request_id: r.request_id,
            }),
        }
    }

    /// One query of a task (no retry here; see [`Client::wait_task`]).
    pub async fn query_task(&self, task_id: &str) -> Result<TaskSnapshot, ApiError> {
        let (status, body) = self.send_free(&request::task_query(task_id)).await?;
        let r = parse_answer(status, &body)?;
        let output = r.output.clone().unwrap_or_default();
        // An answer with no status says nothing about the task: malformed (polled again a
        // bounded number of times, then left for `resume`), never a reason to poll forever.
        let Some(task_status) = output.task_status.as_deref().map(TaskStatus::parse) else {
            return Err(ApiError::Malformed {
                status,
                snippet: "the status answer has no output.task_status".into(),
                request_id: r.request_id,
            });
        };
        let mut items = output.items();
        items.truncate(MAX_RESULT_ITEMS);
        Ok(TaskSnapshot {
            status: task_status,
            request_id: r.request_id.clone(),
            generation: (task_status == TaskStatus::Succeeded).then(|| Generation {
                items,
                usage: r.usage.clone(),
                request_id: r.request_id.clone(),
                task_id: Some(task_id.to_string()),
            }),
            failure: (task_status == TaskStatus::Failed).then(|| {
                (
                    output.code.clone().unwrap_or_else(|| "Unknown".into()),
                    output.message.clone().unwrap_or_default(),
                )
            }),
        })
    }

    /// Asks the service to cancel a task (possible only while PENDING, §7).
    pub async fn cancel_task(&self, task_id: &str) -> Result<(), ApiError> {
        let (status, body) = self.send_free(&request::task_cancel(task_id)).await?;
        parse_answer(status, &body)?;
        if let Ok(mut c) = self.cancelled.lock() {
            c.insert(task_id.to_string(), Instant::now());
        }
        Ok(())
    }

    /// Opens a result link (a signed storage URL, which may redirect). The body is read with
    /// [`ResultBody::chunk`], each read bounded by the stall timeout. Expired links (403, 404,
    /// 410) are said as such.
    pub async fn open_result(&self, url: &str, name: &str) -> Result<ResultBody, ApiError> {
        let downloads = self
            .downloads()
            .await
            .map_err(|detail| ApiError::Download {
                name: name.to_string(),
                detail,
            })?;
        // The answer's head within the stall limit too (a server that accepts and says
        // nothing is a stall like any other).
        let resp = tokio::time::timeout(self.timing.stall_timeout, downloads.get(url).send())
            .await
            .map_err(|_| ApiError::Download {
                name: name.to_string(),
                detail: crate::said!(
                    "download-stalled",
                    seconds = self.timing.stall_timeout.as_secs()
                ),
            })?
            .map_err(|e| ApiError::Download {
                name: name.to_string(),
                detail: Said::Plain(untrusted::clean(&error_chain(&e), MESSAGE_CHARS)),
            })?;
        let status = resp.status().as_u16();
        if matches!(status, 403 | 404 | 410) {
            return Err(ApiError::ResultExpired {
                name: name.to_string(),
                status,
            });
        }
        if !resp.status().is_success() {
            return Err(ApiError::Download {
                name: name.to_string(),
                detail: Said::Plain(format!("HTTP {status}")),
            });
        }
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|t| untrusted::clean(t, CODE_CHARS));
        Ok(ResultBody {
            resp,
            stall: self.timing.stall_timeout,
            grace: self.timing.download_grace,
            slowest: self.timing.slowest_download,
            started: Instant::now(),
            received: 0,
            content_type,
        })
    }
}

mod poll;
pub use poll::Watch;
mod body;
pub use body::ResultBody;
use body::read_capped;

enum SendError {
    /// No connection was made: nothing reached the service.
    NotSent(Said),
    /// The request may have reached the service; no (complete) answer came back.
    Unanswered(Said),
    /// The answer was a redirect (status, where to): not followed.
    Redirected(u16, String),
    /// The answer was longer than the limit (bytes).
    TooLarge(u64),
    /// Not sent: the key or the path does not belong where requests go (the sentence).
    Refused(Said),
}

impl SendError {
    /// The error for a redirect or an oversized answer (the others depend on the call).
    fn into_error(self, host: &str) -> ApiError {
        match self {
            SendError::Redirected(status, location) => ApiError::Redirected {
                host: host.to_string(),
                status,
                location,
            },
            SendError::TooLarge(limit) => ApiError::TooLarge {
                host: host.to_string(),
                limit_mb: limit / (1024 * 1024),
            },
            SendError::Refused(why) => ApiError::Invalid(vec![crate::api::validate::Problem(why)]),
            SendError::NotSent(d) | SendError::Unanswered(d) => ApiError::Unreachable {
                host: host.to_string(),
                detail: d,
            },
        }
    }

    fn from_reqwest(e: reqwest::Error) -> SendError {
        let detail = error_chain(&e);
        // The sentences keep the part a person can act on; the whole chain is logged.
        tracing::info!("transport: {detail}");
        if e.is_connect() {
            SendError::NotSent(Said::Plain(detail))
        } else {
            SendError::Unanswered(Said::Plain(detail))
        }
    }
}

/// The error and its causes, without the URL's query string (signed URLs carry tokens).
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    parts.dedup();
    untrusted::clean(&parts.join(": "), MESSAGE_CHARS)
}

/// The start of a body, cleaned, to quote in an error.
fn snippet(body: &[u8]) -> String {
    let head = &body[..body.len().min(4096)];
    untrusted::clean(&String::from_utf8_lossy(head), 200)
}

/// The service's message as the SDK reads it (`dashscope/common/utils.py`,
/// `_handle_error_message`): `msg` when the body has one, otherwise `message`.
fn message_of(message: Option<String>, msg: Option<String>) -> String {
    msg.or(message).unwrap_or_default()
}

fn parse_json_answer(status: u16, body: &[u8]) -> Result<Value, ApiError> {
    let parsed: Result<Value, _> = serde_json::from_slice(body);
    if !(200..300).contains(&status) {
        let v = parsed.unwrap_or(Value::Null);
        let get = |k: &str, max: usize| {
            v.get(k)
                .and_then(Value::as_str)
                .map(|s| untrusted::clean(s, max))
        };
        return Err(match get("code", CODE_CHARS).filter(|c| !c.is_empty()) {
            Some(code) => ApiError::Service {
                status,
                code,
                message: message_of(get("message", MESSAGE_CHARS), get("msg", MESSAGE_CHARS)),
                request_id: get("request_id", ID_CHARS),
            },
            None => ApiError::Service {
                status,
                code: "Unknown".into(),
                message: snippet(body),
                request_id: get("request_id", ID_CHARS),
            },
        });
    }
    parsed.map_err(|_| ApiError::Malformed {
        status,
        snippet: snippet(body),
        request_id: None,
    })
}

/// Reads any DashScope answer: non-2xx and 2xx-with-`code` become [`ApiError::Service`].
/// Every text in the result is cleaned (see [`untrusted`]).
pub fn parse_answer(status: u16, body: &[u8]) -> Result<ApiResponse, ApiError> {
    let v = parse_json_answer(status, body)?;
    let r: ApiResponse = serde_json::from_value::<ApiResponse>(v)
        .map_err(|e| ApiError::Malformed {
            status,
            snippet: untrusted::clean(&e.to_string(), 200),
            request_id: None,
        })?
        .cleaned();
    if let Some(code) = r.code.clone().filter(|c| !c.is_empty()) {
        return Err(ApiError::Service {
            status,
            code,
            message: message_of(r.message.clone(), r.msg.clone()),
            request_id: r.request_id.clone(),
        });
    }
    Ok(r)
}

#[cfg(test)]
mod tests;
