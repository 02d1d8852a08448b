//! The HTTP client: sends [`RequestPlan`]s, reads answers, polls tasks, uploads, downloads.
//!
//! Retry rules (§15): a request that never left (no connection) and a 429 rate limit may be
//! resent; polls and downloads are retried; a generation whose body was sent and not answered is
//! never resent, because the service may have accepted (and billed) it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use serde_json::Value;

use super::error::ApiError;
use super::request::{self, RequestPlan};
use super::wire::{ApiResponse, OutputItem, TaskStatus, Usage};

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

/// How patiently to poll and retry. Defaults are gentler than the SDK's (1 s → 5 s) and within
/// the docs' advice (poll every 5–10 s) once a task runs for a while.
#[derive(Debug, Clone)]
pub struct Timing {
    /// First poll delay; doubles every second poll up to `poll_max`.
    pub poll_first: Duration,
    pub poll_max: Duration,
    /// Consecutive failed polls (network, 5xx, 429) before giving up; the task keeps running.
    pub poll_error_limit: u32,
    /// First retry delay for a 429 on create, a refused connection, or a failed download.
    pub retry_first: Duration,
    pub retry_max: Duration,
    /// Retries of a create after 429 / a refused connection.
    pub create_retries: u32,
    pub download_retries: u32,
    /// Read timeout for one answer (the SDK's 300 s: a sync call is held open while it runs).
    pub read_timeout: Duration,
    pub connect_timeout: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            poll_first: Duration::from_secs(2),
            poll_max: Duration::from_secs(10),
            poll_error_limit: 8,
            retry_first: Duration::from_secs(2),
            retry_max: Duration::from_secs(30),
            create_retries: 4,
            download_retries: 4,
            read_timeout: Duration::from_secs(300),
            connect_timeout: Duration::from_secs(15),
        }
    }
}

impl Timing {
    /// The delay before poll number `i` (0-based): 2, 2, 4, 4, 8, 8, 10… with the defaults.
    pub fn poll_delay(&self, i: u32) -> Duration {
        let d = self.poll_first.saturating_mul(1u32 << (i / 2).min(16));
        d.min(self.poll_max)
    }
    /// The delay before retry number `i` (0-based): doubling from `retry_first`.
    pub fn retry_delay(&self, i: u32) -> Duration {
        self.retry_first
            .saturating_mul(1u32 << i.min(16))
            .min(self.retry_max)
    }
}

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

/// The temporary-storage upload policy (§3.1).
#[derive(Debug, Clone, Deserialize)]
pub struct UploadPolicy {
    pub policy: String,
    pub signature: String,
    pub upload_dir: String,
    pub upload_host: String,
    pub oss_access_key_id: String,
    #[serde(default, deserialize_with = "string_or_number")]
    pub x_oss_object_acl: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub x_oss_forbid_overwrite: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub max_file_size_mb: Option<String>,
}

/// The docs type these as strings; real answers have been seen with numbers.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

/// A DashScope client bound to one base URL and key.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    key: ApiKey,
    pub timing: Timing,
}

/// Installs ring as rustls' crypto provider (once per process; later calls are no-ops).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    pub fn new(base_url: &str, key: ApiKey, timing: Timing) -> Result<Client, ApiError> {
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .user_agent(concat!("wanedit/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timing.connect_timeout)
            .read_timeout(timing.read_timeout)
            .build()
            .map_err(|e| ApiError::Unreachable {
                host: base_url.to_string(),
                detail: format!("the HTTP client could not start: {e}"),
            })?;
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            key,
            timing,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn host(&self) -> String {
        self.base_url
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or(&self.base_url)
            .to_string()
    }

    fn build(&self, plan: &RequestPlan) -> reqwest::RequestBuilder {
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
        let mut rb = self.http.request(method, url).headers(headers);
        match &plan.body {
            Some(body) => rb = rb.body(serde_json::to_vec(body).unwrap_or_default()),
            None if plan.method == "POST" => rb = rb.header(reqwest::header::CONTENT_LENGTH, "0"),
            None => {}
        }
        rb
    }

    /// Sends once; maps transport failures by whether the request may have reached the service.
    async fn send_once(&self, plan: &RequestPlan) -> Result<(u16, bytes::Bytes), SendError> {
        let resp = self
            .build(plan)
            .send()
            .await
            .map_err(SendError::from_reqwest)?;
        let status = resp.status().as_u16();
        let body = resp
            .bytes()
            .await
            .map_err(|e| SendError::Unanswered(e.to_string()))?;
        Ok((status, body))
    }

    /// A request that creates no paid work (query, cancel, upload policy): any transport
    /// failure is reported as unreachable, and the caller may simply try again.
    async fn send_free(&self, plan: &RequestPlan) -> Result<(u16, bytes::Bytes), ApiError> {
        self.send_once(plan)
            .await
            .map_err(|e| ApiError::Unreachable {
                host: self.host(),
                detail: match e {
                    SendError::NotSent(d) => d,
                    SendError::Unanswered(d) => {
                        format!("the connection broke before the answer ({d})")
                    }
                },
            })
    }

    /// A call that creates paid work (sync generation or async create): resent only when it
    /// never left or was refused with a rate-limit 429.
    async fn send_paid(&self, plan: &RequestPlan) -> Result<ApiResponse, ApiError> {
        let mut attempt = 0;
        loop {
            let result = match self.send_once(plan).await {
                Ok((status, body)) => parse_answer(status, &body),
                Err(SendError::NotSent(detail)) => Err(ApiError::Unreachable {
                    host: self.host(),
                    detail,
                }),
                Err(SendError::Unanswered(detail)) => Err(ApiError::NoAnswer { detail }),
            };
            let retryable = match &result {
                Err(e @ ApiError::Service { .. }) => e.is_rate_limited(),
                Err(ApiError::Unreachable { .. }) => true,
                _ => false,
            };
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
        let items = r.output.as_ref().map(|o| o.items()).unwrap_or_default();
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
        let task_status = output
            .task_status
            .as_deref()
            .map(TaskStatus::parse)
            .unwrap_or(TaskStatus::Other);
        Ok(TaskSnapshot {
            status: task_status,
            request_id: r.request_id.clone(),
            generation: (task_status == TaskStatus::Succeeded).then(|| Generation {
                items: output.items(),
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

    /// Polls until the task ends. `on_status` sees every status change. Transient failures
    /// (network, 5xx, 429) are retried with backoff; the task is never resubmitted.
    pub async fn wait_task(
        &self,
        task_id: &str,
        mut on_status: impl FnMut(TaskStatus),
    ) -> Result<Generation, ApiError> {
        let mut poll = 0u32;
        let mut errors = 0u32;
        let mut last = None;
        loop {
            tokio::time::sleep(self.timing.poll_delay(poll)).await;
            poll += 1;
            let snap = match self.query_task(task_id).await {
                Ok(s) => {
                    errors = 0;
                    s
                }
                Err(e) => {
                    let transient = matches!(
                        &e,
                        ApiError::Unreachable { .. } | ApiError::Malformed { .. }
                    ) || matches!(&e, ApiError::Service { status, .. } if *status == 429 || *status >= 500);
                    errors += 1;
                    if transient && errors <= self.timing.poll_error_limit {
                        tracing::warn!(task_id, errors, "status query failed; polling on: {e}");
                        tokio::time::sleep(self.timing.retry_delay(errors - 1)).await;
                        continue;
                    }
                    return Err(e);
                }
            };
            if last != Some(snap.status) {
                on_status(snap.status);
                last = Some(snap.status);
            }
            match snap.status {
                TaskStatus::Succeeded => return Ok(snap.generation.unwrap_or_default()),
                TaskStatus::Failed => {
                    let (code, message) = snap.failure.unwrap_or_default();
                    return Err(ApiError::TaskFailed {
                        task_id: task_id.into(),
                        code,
                        message,
                        request_id: snap.request_id,
                    });
                }
                TaskStatus::Canceled => {
                    return Err(ApiError::TaskCanceled {
                        task_id: task_id.into(),
                        request_id: snap.request_id,
                    });
                }
                TaskStatus::Unknown => {
                    return Err(ApiError::TaskUnknown {
                        task_id: task_id.into(),
                        request_id: snap.request_id,
                    });
                }
                _ => {}
            }
        }
    }

    /// Asks the service to cancel a task (possible only while PENDING, §7).
    pub async fn cancel_task(&self, task_id: &str) -> Result<(), ApiError> {
        let (status, body) = self.send_free(&request::task_cancel(task_id)).await?;
        parse_answer(status, &body).map(|_| ())
    }

    /// Fetches a temporary-storage upload policy for `model` (§3.1).
    pub async fn upload_policy(&self, model: &str) -> Result<UploadPolicy, ApiError> {
        let (status, body) = self.send_free(&request::upload_policy(model)).await?;
        let v: Value = parse_json_answer(status, &body)?;
        let request_id = v
            .get("request_id")
            .and_then(Value::as_str)
            .map(String::from);
        v.get("data")
            .cloned()
            .and_then(|d| serde_json::from_value::<UploadPolicy>(d).ok())
            .ok_or(ApiError::Malformed {
                status,
                snippet: "the upload policy has no data".into(),
                request_id,
            })
    }

    /// Uploads one file under the policy; returns the `oss://` value to send.
    /// `key_name` must already be safe (see [`safe_object_name`]).
    pub async fn upload(
        &self,
        policy: &UploadPolicy,
        key_name: &str,
        bytes: Vec<u8>,
        mime: &str,
    ) -> Result<String, ApiError> {
        let key = format!("{}/{}", policy.upload_dir.trim_end_matches('/'), key_name);
        let fail = |detail: String| ApiError::Upload {
            name: key_name.to_string(),
            detail,
        };
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(key_name.to_string())
            .mime_str(mime)
            .map_err(|e| fail(e.to_string()))?;
        // Field order as the SDK sends it; OSS wants `file` last.
        let mut form = reqwest::multipart::Form::new()
            .text("OSSAccessKeyId", policy.oss_access_key_id.clone())
            .text("Signature", policy.signature.clone())
            .text("policy", policy.policy.clone())
            .text("key", key.clone());
        if let Some(acl) = &policy.x_oss_object_acl {
            form = form.text("x-oss-object-acl", acl.clone());
        }
        if let Some(fo) = &policy.x_oss_forbid_overwrite {
            form = form.text("x-oss-forbid-overwrite", fo.clone());
        }
        form = form
            .text("success_action_status", "200")
            .text("x-oss-content-type", mime.to_string())
            .part("file", part);
        // No Authorization: the policy signature is the credential for OSS.
        let resp = self
            .http
            .post(&policy.upload_host)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(
                reqwest::header::DATE,
                httpdate::fmt_http_date(std::time::SystemTime::now()),
            )
            .timeout(Duration::from_secs(3600))
            .multipart(form)
            .send()
            .await
            .map_err(|e| fail(e.to_string()))?;
        let status = resp.status();
        if status.as_u16() != 200 {
            let body = resp.text().await.unwrap_or_default();
            return Err(fail(format!("HTTP {status}: {}", snippet(body.as_bytes()))));
        }
        Ok(format!("oss://{key}"))
    }

    /// Downloads every image URL into `dir` at once, named `{stem}-{i}.{ext}` (1-based, in
    /// result order). Each file is written to a temporary name and renamed when complete.
    pub async fn download_all(
        &self,
        urls: &[String],
        dir: &Path,
        stem: &str,
    ) -> Vec<Result<PathBuf, ApiError>> {
        let jobs = urls.iter().enumerate().map(|(i, url)| {
            let name = format!("{stem}-{}", i + 1);
            async move { self.download_one(url, dir, &name).await }
        });
        futures_util::future::join_all(jobs).await
    }

    async fn download_one(&self, url: &str, dir: &Path, name: &str) -> Result<PathBuf, ApiError> {
        let mut attempt = 0;
        let bytes = loop {
            let failure = match self
                .http
                .get(url)
                .timeout(Duration::from_secs(600))
                .send()
                .await
            {
                Ok(resp) if resp.status().is_success() => match resp.bytes().await {
                    Ok(b) => break b,
                    Err(e) => e.to_string(),
                },
                // Signed result URLs answer 403 (or 404) once expired: no retry helps.
                Ok(resp) if matches!(resp.status().as_u16(), 403 | 404 | 410) => {
                    return Err(ApiError::ResultExpired {
                        name: name.to_string(),
                        status: resp.status().as_u16(),
                    });
                }
                Ok(resp) => format!("HTTP {}", resp.status()),
                Err(e) => e.to_string(),
            };
            if attempt >= self.timing.download_retries {
                return Err(ApiError::Download {
                    name: name.to_string(),
                    detail: failure,
                });
            }
            tokio::time::sleep(self.timing.retry_delay(attempt)).await;
            attempt += 1;
        };
        let ext = crate::imaging::sniff(&bytes)
            .and_then(|f| f.extensions_str().first().copied())
            .unwrap_or("png");
        let path = dir.join(format!("{name}.{ext}"));
        write_atomic(&path, &bytes).await?;
        Ok(path)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub async fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    let err = |e: std::io::Error| ApiError::WriteOutput {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let tmp = path.with_extension(format!(
        "{}.part",
        path.extension().and_then(|e| e.to_str()).unwrap_or("tmp")
    ));
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(err)?;
    }
    let written = async {
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, path).await
    }
    .await;
    if written.is_err() {
        // A full disk must not keep a half-written file taking the space that is left.
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    written.map_err(err)
}

/// A file name for an object key: ASCII letters, digits, `.`, `-`, `_`; others become `_`
/// (how the service resolves spaces or non-ASCII keys is unconfirmed, §14.10).
pub fn safe_object_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "image".into() } else { s }
}

enum SendError {
    /// No connection was made: nothing reached the service.
    NotSent(String),
    /// The request may have reached the service; no (complete) answer came back.
    Unanswered(String),
}

impl SendError {
    fn from_reqwest(e: reqwest::Error) -> SendError {
        let detail = error_chain(&e);
        if e.is_connect() {
            SendError::NotSent(detail)
        } else {
            SendError::Unanswered(detail)
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
    parts.join(": ")
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let t: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        format!("{t}…")
    } else {
        t
    }
}

fn parse_json_answer(status: u16, body: &[u8]) -> Result<Value, ApiError> {
    let parsed: Result<Value, _> = serde_json::from_slice(body);
    if !(200..300).contains(&status) {
        let v = parsed.unwrap_or(Value::Null);
        let get = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
        return Err(match get("code") {
            Some(code) => ApiError::Service {
                status,
                code,
                message: get("message").or_else(|| get("msg")).unwrap_or_default(),
                request_id: get("request_id"),
            },
            None => ApiError::Service {
                status,
                code: "Unknown".into(),
                message: snippet(body),
                request_id: get("request_id"),
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
fn parse_answer(status: u16, body: &[u8]) -> Result<ApiResponse, ApiError> {
    let v = parse_json_answer(status, body)?;
    let r: ApiResponse = serde_json::from_value(v).map_err(|e| ApiError::Malformed {
        status,
        snippet: e.to_string(),
        request_id: None,
    })?;
    if let Some(code) = r.code.clone().filter(|c| !c.is_empty()) {
        return Err(ApiError::Service {
            status,
            code,
            message: r.message.clone().or(r.msg.clone()).unwrap_or_default(),
            request_id: r.request_id.clone(),
        });
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_never_formatted() {
        let k = ApiKey::new("sk-secret-123").unwrap();
        assert_eq!(format!("{k:?}"), "ApiKey(redacted)");
        assert!(ApiKey::new("   ").is_none());
    }

    #[test]
    fn poll_schedule_is_gentler_than_the_sdk() {
        let t = Timing::default();
        let sdk = [1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 5];
        for (i, s) in sdk.iter().enumerate() {
            assert!(
                t.poll_delay(i as u32) >= Duration::from_secs(*s),
                "poll {i}"
            );
        }
        assert_eq!(t.poll_delay(100), Duration::from_secs(10));
    }

    #[test]
    fn error_bodies_are_read() {
        let e = parse_answer(
            400,
            br#"{"request_id":"r1","code":"InvalidParameter","message":"bad size"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&e, ApiError::Service { status: 400, code, .. } if code == "InvalidParameter")
        );
        assert_eq!(e.request_id(), Some("r1"));
        let e = parse_answer(502, b"<html>Bad Gateway</html>").unwrap_err();
        assert!(
            matches!(&e, ApiError::Service { code, message, .. } if code == "Unknown" && message.contains("Bad Gateway"))
        );
        let e = parse_answer(
            200,
            br#"{"request_id":"r2","code":"Throttling","message":"slow down"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), Some("Throttling"));
        assert!(matches!(
            parse_answer(200, b"{not json"),
            Err(ApiError::Malformed { .. })
        ));
    }

    #[test]
    fn object_names_are_sanitized() {
        assert_eq!(safe_object_name("my photo 写真.png"), "my_photo___.png");
        assert_eq!(safe_object_name("..."), "image");
    }
}
