//! A hostile DashScope: a loopback HTTP server that answers wanedit's calls the way a broken,
//! malicious or impersonated service might (echoing the key, escape sequences, endless bodies,
//! answers without a status, redirects, HTML served as an image…). One [`Mode`] per case.
//!
//! Plain HTTP/1.1 over a raw socket, so that it can do what a well-behaved framework would not
//! (close-delimited endless bodies, silence). Every loop is bounded in bytes and time, and the
//! server stops with the test.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Escape sequences a hostile message carries: clear screen, set the terminal title, a
/// hyperlink, a bell, a C1 CSI and a bidi override.
pub const ESCAPES: &str =
    "\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\u{9b}31m\u{202e}";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// 401 whose message quotes the Authorization header it received, with escapes.
    EchoKey401,
    /// Async: created; the poll says FAILED with the key and escapes in code, message and id.
    FailedEchoKey,
    /// Sync success whose result link streams forever (bounded here at 2 GB / 120 s).
    EndlessResult,
    /// Sync success whose result link sends a few bytes now and then (bounded at 120 s).
    SlowResult,
    /// Sync success whose result link announces 100 bytes, sends 10 and then nothing while
    /// holding the connection open (bounded at 120 s).
    StalledResult,
    /// Sync success whose result link announces 100,000 bytes and sends one a second, never
    /// quite stopping (bounded at 120 s).
    TrickleResult,
    /// Async: created; every poll answers a JSON nested 100,000 deep.
    DeepStatus,
    /// The generation answer is a JSON body that never ends (bounded at 600 MB / 120 s).
    EndlessJson,
    /// The generation answer carries a request_id of this many bytes (the body stays whole).
    LongRequestId(usize),
    /// Async: created; every poll answers without task_status.
    NoTaskStatus,
    /// Async: the task stays RUNNING, also after the cancel is accepted.
    RunningAfterCancel,
    /// Accepts the request and never answers (bounded at 120 s).
    Silent,
    /// Async: the create answer has `"choices": null` (the docs' Python rendering); the task
    /// then succeeds with one image.
    ChoicesNullOnCreate,
    /// Async: SUCCEEDED with `"choices": null`.
    SucceededNull,
    /// Sync: success with an empty choices list.
    EmptyResults,
    /// Sync: success without a request_id (same answer for every job).
    NoRequestId,
    /// Async: the task id has `/`, `?` and `#` in it.
    OddTaskId,
    /// Sync: success whose result link serves an HTML page.
    HtmlResult,
    /// The generation is answered 307 to this URL (another server).
    Redirect(String),
    /// Sync: returns this many images, whatever was asked.
    Images(usize),
}

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// The raw request target, as sent (not decoded).
    pub target: String,
}

pub struct Hostile {
    pub base_url: String,
    pub origin: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    rt: Option<tokio::runtime::Runtime>,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        // Also from inside a test's own runtime, where a blocking shutdown would panic.
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

impl Hostile {
    pub fn start(mode: Mode) -> Hostile {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (s, o) = (seen.clone(), origin.clone());
        rt.spawn(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            while let Ok((sock, _)) = listener.accept().await {
                let (mode, seen, origin) = (mode.clone(), s.clone(), o.clone());
                tokio::spawn(async move {
                    let _ = serve(sock, mode, seen, origin).await;
                });
            }
        });
        Hostile {
            base_url: format!("{origin}/api/v1"),
            origin,
            seen,
            rt: Some(rt),
        }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A small real PNG to serve as a result.
fn result_png() -> Vec<u8> {
    std::fs::read(super::photo("coffee.png")).unwrap()
}

async fn serve(
    mut sock: TcpStream,
    mode: Mode,
    seen: Arc<Mutex<Vec<Seen>>>,
    origin: String,
) -> std::io::Result<()> {
    let Some((request, auth)) = read_request(&mut sock).await? else {
        return Ok(());
    };
    let (method, target) = (request.method.clone(), request.target.clone());
    seen.lock().unwrap().push(request);

    let path = target.split('?').next().unwrap_or("").to_string();
    let is_create = method == "POST" && path.contains("/services/aigc/");
    let is_poll = method == "GET" && path.starts_with("/api/v1/tasks/");
    let is_cancel = method == "POST" && path.ends_with("/cancel");
    let image = |i: usize| format!("{origin}/r/result-{i}.png?Expires=1&Signature=x");
    let sync_ok = |n: usize, rid: &str| {
        let choices: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"finish_reason":"stop","message":{{"role":"assistant","content":[{{"image":"{}","type":"image"}}]}}}}"#,
                    image(i)
                )
            })
            .collect();
        format!(
            r#"{{"output":{{"choices":[{}],"finished":true}},"usage":{{"image_count":{n},"size":"1024*1024"}}{rid}}}"#,
            choices.join(",")
        )
    };
    let created = |task: &str| {
        format!(
            r#"{{"output":{{"task_status":"PENDING","task_id":{}}},"request_id":"rid-create"}}"#,
            serde_json::to_string(task).unwrap()
        )
    };

    // Result files.
    if method == "GET" && path.starts_with("/r/") {
        return serve_result(&mut sock, &mode).await;
    }

    match mode {
        Mode::EchoKey401 => {
            let body = serde_json::json!({
                "request_id": format!("rid-{ESCAPES}"),
                "code": format!("InvalidApiKey{ESCAPES}"),
                "message": format!("Invalid API-key provided: {auth} {ESCAPES}"),
            });
            respond(
                &mut sock,
                401,
                "application/json",
                body.to_string().as_bytes(),
            )
            .await
        }
        Mode::FailedEchoKey if is_create => json(&mut sock, created("task-1").as_bytes()).await,
        Mode::FailedEchoKey => {
            let body = serde_json::json!({
                "request_id": format!("rid-{ESCAPES}{auth}"),
                "output": {"task_id": "task-1", "task_status": "FAILED",
                           "code": format!("InternalError{ESCAPES}"),
                           "message": format!("the key {auth} was rejected {ESCAPES}")}
            });
            json(&mut sock, body.to_string().as_bytes()).await
        }
        Mode::EndlessResult | Mode::SlowResult | Mode::StalledResult | Mode::TrickleResult => {
            json(&mut sock, sync_ok(1, r#","request_id":"r1""#).as_bytes()).await
        }
        Mode::EndlessJson => endless(&mut sock, "application/json", br#"{"request_id":""#).await,
        Mode::LongRequestId(n) => {
            let body = format!(
                r#"{{"output":{{"choices":[]}},"request_id":"{}{ESCAPES_JSON}"}}"#,
                "7".repeat(n)
            );
            json(&mut sock, body.as_bytes()).await
        }
        Mode::NoTaskStatus | Mode::RunningAfterCancel | Mode::OddTaskId if is_create => {
            let id = if mode == Mode::OddTaskId {
                "../a/b?c=d#e"
            } else {
                "task-1"
            };
            json(&mut sock, created(id).as_bytes()).await
        }
        Mode::DeepStatus if is_create => json(&mut sock, created("task-1").as_bytes()).await,
        Mode::DeepStatus if is_poll => {
            let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
            json(&mut sock, body.as_bytes()).await
        }
        Mode::NoTaskStatus if is_poll => {
            let body = r#"{"request_id":"rid-poll","output":{"task_id":"task-1"}}"#;
            json(&mut sock, body.as_bytes()).await
        }
        Mode::RunningAfterCancel if is_cancel => {
            json(&mut sock, br#"{"request_id":"rid-cancel"}"#).await
        }
        Mode::RunningAfterCancel if is_poll => {
            let body = r#"{"request_id":"rid-poll","output":{"task_id":"task-1","task_status":"RUNNING"}}"#;
            json(&mut sock, body.as_bytes()).await
        }
        Mode::OddTaskId if is_poll => {
            let body = format!(
                r#"{{"request_id":"rid-poll","output":{{"task_id":"../a/b?c=d#e","task_status":"SUCCEEDED","choices":[{{"finish_reason":"stop","message":{{"role":"assistant","content":[{{"image":"{}","type":"image"}}]}}}}]}},"usage":{{"image_count":1}}}}"#,
                image(0)
            );
            json(&mut sock, body.as_bytes()).await
        }
        Mode::Silent => {
            // Holds the connection open and says nothing (bounded).
            tokio::time::sleep(Duration::from_secs(120)).await;
            Ok(())
        }
        Mode::ChoicesNullOnCreate if is_create => {
            // The docs' Python rendering of a creation answer, field for field.
            let body = r#"{ "status_code": 200, "request_id": "4fb3050f-de57-4a24-84ff-e37ee5xxxxxx", "code": "", "message": "", "output": { "text": null, "finish_reason": null, "choices": null, "audio": null, "task_id": "127ec645-118f-4884-955d-0eba8dxxxxxx", "task_status": "PENDING" }, "usage": { "input_tokens": 0, "output_tokens": 0, "characters": 0 } }"#;
            json(&mut sock, body.as_bytes()).await
        }
        Mode::ChoicesNullOnCreate if is_poll => {
            let body = format!(
                r#"{{"request_id":"rid-poll","code":null,"message":"","output":{{"text":null,"task_id":"127ec645-118f-4884-955d-0eba8dxxxxxx","task_status":"SUCCEEDED","choices":[{{"finish_reason":"stop","message":{{"role":"assistant","content":[{{"image":"{}","type":"image"}}]}}}}]}},"usage":{{"image_count":1}}}}"#,
                image(0)
            );
            json(&mut sock, body.as_bytes()).await
        }
        Mode::SucceededNull if is_create => json(&mut sock, created("task-1").as_bytes()).await,
        Mode::SucceededNull if is_poll => {
            let body = r#"{"request_id":"rid-poll","output":{"task_id":"task-1","task_status":"SUCCEEDED","choices":null}}"#;
            json(&mut sock, body.as_bytes()).await
        }
        Mode::EmptyResults => {
            let body = r#"{"request_id":"rid-empty","output":{"choices":[],"finished":true},"usage":{"image_count":0}}"#;
            json(&mut sock, body.as_bytes()).await
        }
        Mode::NoRequestId => json(&mut sock, sync_ok(1, "").as_bytes()).await,
        Mode::HtmlResult => json(&mut sock, sync_ok(1, r#","request_id":"r1""#).as_bytes()).await,
        Mode::Redirect(to) => {
            let head = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nLocation: {to}{path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            sock.write_all(head.as_bytes()).await
        }
        Mode::Images(n) => json(&mut sock, sync_ok(n, r#","request_id":"r1""#).as_bytes()).await,
        _ => {
            respond(
                &mut sock,
                404,
                "application/json",
                br#"{"code":"NotFound","message":"no such path"}"#,
            )
            .await
        }
    }
}

/// The next request on `sock`, with its Authorization header (`None`: the client went away,
/// or the headers were too long).
async fn read_request(sock: &mut TcpStream) -> std::io::Result<Option<(Seen, String)>> {
    // Headers (at most 64 KiB), then the body by Content-Length (at most 64 MiB).
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        if buf.len() > 64 * 1024 {
            return Ok(None);
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.lines();
    let first = lines.next().unwrap_or("");
    let mut parts = first.split(' ');
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut auth = String::new();
    let mut len = 0usize;
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-length" => len = v.trim().parse().unwrap_or(0),
                "authorization" => auth = v.trim().to_string(),
                _ => {}
            }
        }
    }
    let len = len.min(64 * 1024 * 1024);
    while buf.len() < head_end + len {
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(Some((Seen { method, target }, auth)))
}

/// A result file, served the way `mode` says.
async fn serve_result(sock: &mut TcpStream, mode: &Mode) -> std::io::Result<()> {
    match mode {
        Mode::EndlessResult => endless(sock, "image/png", b"\x89PNG\r\n\x1a\n").await,
        Mode::SlowResult => {
            let head = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n\x89PNG\r\n\x1a\n";
            sock.write_all(head).await?;
            let began = Instant::now();
            while began.elapsed() < Duration::from_secs(120) {
                tokio::time::sleep(Duration::from_millis(200)).await;
                sock.write_all(&[0u8; 64]).await?;
            }
            Ok(())
        }
        Mode::StalledResult => {
            let head = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100\r\nConnection: close\r\n\r\n\x89PNG\r\n\x1a\n\0\0";
            sock.write_all(head).await?;
            tokio::time::sleep(Duration::from_secs(120)).await;
            Ok(())
        }
        Mode::TrickleResult => {
            let head = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n";
            sock.write_all(head).await?;
            let began = Instant::now();
            while began.elapsed() < Duration::from_secs(120) {
                sock.write_all(b"\x89").await?;
                sock.flush().await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Ok(())
        }
        Mode::HtmlResult => {
            respond(
                sock,
                200,
                "text/html",
                b"<html><body>Please log in \x1b[2J</body></html>",
            )
            .await
        }
        _ => respond(sock, 200, "image/png", &result_png()).await,
    }
}

/// The escapes as they sit inside a JSON string (the raw form would not be valid JSON).
const ESCAPES_JSON: &str = r"\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202e";

/// A 200 JSON answer.
async fn json(sock: &mut TcpStream, body: &[u8]) -> std::io::Result<()> {
    respond(sock, 200, "application/json", body).await
}

async fn respond(
    sock: &mut TcpStream,
    status: u16,
    ctype: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    sock.write_all(head.as_bytes()).await?;
    sock.write_all(body).await?;
    sock.flush().await
}

/// A close-delimited body that does not end: `start`, then filler, until the client goes away,
/// 2 GB were sent or 120 s passed.
async fn endless(sock: &mut TcpStream, ctype: &str, start: &[u8]) -> std::io::Result<()> {
    let head = format!("HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nConnection: close\r\n\r\n");
    sock.write_all(head.as_bytes()).await?;
    sock.write_all(start).await?;
    let filler = vec![b'a'; 256 * 1024];
    let began = Instant::now();
    let mut sent = 0u64;
    while sent < 2_000_000_000 && began.elapsed() < Duration::from_secs(120) {
        sock.write_all(&filler).await?;
        sent += filler.len() as u64;
    }
    Ok(())
}
