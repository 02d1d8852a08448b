//! Result files: each result link streamed to a temporary file in the output folder, checked to
//! be an image, and given its final name without ever replacing a file that is there.
//!
//! Bounded whatever the server does: at most [`MAX_RESULT_BYTES`] per result (never held in
//! memory whole), a stall timeout on every read, a fixed number of retries.

use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use tokio::io::AsyncWriteExt;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::i18n::Said;

/// The largest result file accepted (a 4K PNG is tens of MB; nothing real comes near this).
pub const MAX_RESULT_BYTES: u64 = 256 * 1024 * 1024;

/// How far the downloads of one job are, for the progress line: bytes received (by the
/// attempts under way and those that succeeded), bytes announced, when a byte last came.
#[derive(Debug)]
pub struct Received {
    pub bytes: AtomicU64,
    pub expected: AtomicU64,
    began: std::time::Instant,
    /// Milliseconds after `began` when the last byte came.
    last_ms: AtomicU64,
}

impl Default for Received {
    fn default() -> Self {
        Received {
            bytes: AtomicU64::new(0),
            expected: AtomicU64::new(0),
            began: std::time::Instant::now(),
            last_ms: AtomicU64::new(0),
        }
    }
}

impl Received {
    fn got(&self, n: u64) {
        self.bytes.fetch_add(n, Relaxed);
        self.last_ms
            .store(self.began.elapsed().as_millis() as u64, Relaxed);
    }

    /// Bytes so far, bytes announced (0: not known), bytes a second on average, seconds since
    /// the last byte.
    pub fn now(&self) -> (u64, u64, u64, u64) {
        let bytes = self.bytes.load(Relaxed);
        let secs = self.began.elapsed().as_secs_f64().max(0.001);
        let quiet = self
            .began
            .elapsed()
            .as_millis()
            .saturating_sub(self.last_ms.load(Relaxed) as u128)
            / 1000;
        (
            bytes,
            self.expected.load(Relaxed),
            (bytes as f64 / secs) as u64,
            quiet as u64,
        )
    }
}

/// Downloads every image link into `dir` at once, named `{stem}-{i}{suffix}.{ext}` (1-based,
/// in result order; `-2`, `-3`… added when a name is taken), counting what arrives into
/// `received`.
pub async fn download_all(
    client: &Client,
    urls: &[String],
    dir: &Path,
    stem: &str,
    first: u32,
    suffix: &str,
    received: &Received,
) -> Vec<Result<PathBuf, ApiError>> {
    let jobs = urls.iter().enumerate().map(|(i, url)| {
        let name = format!("{stem}-{}{suffix}", first + i as u32);
        async move { download_one(client, url, dir, &name, received).await }
    });
    futures_util::future::join_all(jobs).await
}

/// The results of [`download_all`] apart: the files saved, in order, and the sentence for each
/// that was not (its link lives 24 h: it can be fetched again).
pub fn saved_and_failed(results: Vec<Result<PathBuf, ApiError>>) -> (Vec<PathBuf>, Vec<Said>) {
    let mut files = Vec::new();
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(p) => files.push(p),
            Err(e) => failed.push(e.said()),
        }
    }
    (files, failed)
}

/// Why one attempt failed: worth another try, or final.
enum Attempt {
    Retry(Said),
    Final(ApiError),
}

async fn download_one(
    client: &Client,
    url: &str,
    dir: &Path,
    name: &str,
    received: &Received,
) -> Result<PathBuf, ApiError> {
    let mut attempt = 0;
    loop {
        let failure = match try_once(client, url, dir, name, received).await {
            Ok(p) => return Ok(p),
            Err(Attempt::Final(e)) => return Err(e),
            Err(Attempt::Retry(detail)) => detail,
        };
        if attempt >= client.timing.download_retries {
            return Err(ApiError::Download {
                name: name.to_string(),
                detail: failure,
            });
        }
        tokio::time::sleep(client.timing.retry_delay(attempt)).await;
        attempt += 1;
    }
}

async fn try_once(
    client: &Client,
    url: &str,
    dir: &Path,
    name: &str,
    received: &Received,
) -> Result<PathBuf, Attempt> {
    // What this attempt counted comes off again if it fails (the next one starts over).
    struct Counted<'a>(&'a Received, u64, u64, bool);
    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            if !self.3 {
                self.0.bytes.fetch_sub(self.1, Relaxed);
                self.0.expected.fetch_sub(self.2, Relaxed);
            }
        }
    }
    let write_err = |e: std::io::Error| {
        Attempt::Final(ApiError::WriteOutput {
            path: dir.display().to_string(),
            detail: Said::Plain(e.to_string()),
        })
    };
    let mut body = match client.open_result(url, name).await {
        Ok(b) => b,
        Err(e @ ApiError::ResultExpired { .. }) => return Err(Attempt::Final(e)),
        Err(e) => return Err(Attempt::Retry(e.said())),
    };
    if body.announced_len().is_some_and(|l| l > MAX_RESULT_BYTES) {
        return Err(Attempt::Final(too_large(name)));
    }
    let announced = body.announced_len().unwrap_or(0);
    received.expected.fetch_add(announced, Relaxed);
    let mut counted = Counted(received, 0, announced, false);
    let d = dir.to_path_buf();
    let (file, tmp) = tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&d)?;
        crate::store::fs::create_temp(&d)
    })
    .await
    .map_err(|e| write_err(std::io::Error::other(e)))?
    .map_err(write_err)?;
    // Whatever happens from here, the temporary file goes (a full disk keeps no half file).
    let mut guard = RemoveOnDrop(Some(tmp.clone()));
    let mut file = tokio::fs::File::from_std(file);
    let mut head = Vec::with_capacity(64);
    let mut total = 0u64;
    loop {
        let chunk = match body.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(detail) => return Err(Attempt::Retry(detail)),
        };
        total += chunk.len() as u64;
        received.got(chunk.len() as u64);
        counted.1 += chunk.len() as u64;
        if total > MAX_RESULT_BYTES {
            return Err(Attempt::Final(too_large(name)));
        }
        if head.len() < 64 {
            head.extend_from_slice(&chunk[..chunk.len().min(64 - head.len())]);
        }
        file.write_all(&chunk).await.map_err(write_err)?;
    }
    // tokio's File writes in the background: a failed write (a full disk) surfaces at flush,
    // not at write_all, and sync_all alone would not report it.
    file.flush().await.map_err(write_err)?;
    file.sync_all().await.map_err(write_err)?;
    drop(file);
    // The bytes decide what it is: a login page or an error served as the result is no image.
    let Some(ext) = crate::imaging::sniff(&head).and_then(|f| f.extensions_str().first().copied())
    else {
        return Err(Attempt::Final(ApiError::Download {
            name: name.to_string(),
            detail: match body.content_type.as_deref() {
                Some(kind) => crate::said!("download-not-image", kind = kind, bytes = total),
                None => crate::said!("download-not-image-untyped", bytes = total),
            },
        }));
    };
    let (d, stem) = (dir.to_path_buf(), name.to_string());
    let path =
        tokio::task::spawn_blocking(move || crate::store::fs::persist_new(&tmp, &d, &stem, ext))
            .await
            .map_err(|e| write_err(std::io::Error::other(e)))?
            .map_err(write_err)?;
    guard.0 = None;
    counted.3 = true;
    Ok(path)
}

fn too_large(name: &str) -> ApiError {
    ApiError::Download {
        name: name.to_string(),
        detail: crate::said!(
            "download-too-large",
            limit = MAX_RESULT_BYTES / (1024 * 1024)
        ),
    }
}

struct RemoveOnDrop(Option<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Downloads an image the user typed the URL of, to preview it (the request still sends the
/// URL). Bounded like an input file ([`crate::store::fs::MAX_INPUT_BYTES`]), with a stall
/// timeout on every read and one for the whole download.
pub async fn fetch_url_preview(url: &str) -> Result<Vec<u8>, Said> {
    use crate::api::untrusted::{MESSAGE_CHARS, clean};
    crate::api::client::install_crypto_provider();
    let shown = clean(url, 200);
    let fail = |e: &dyn std::fmt::Display| {
        crate::said!(
            "download-failed",
            url = shown.as_str(),
            why = clean(&e.to_string(), MESSAGE_CHARS)
        )
    };
    let http = reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(15))
        .read_timeout(std::time::Duration::from_secs(30))
        .timeout(std::time::Duration::from_secs(300))
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .map_err(|e| fail(&e))?;
    let mut resp = http.get(url).send().await.map_err(|e| fail(&e))?;
    if !resp.status().is_success() {
        return Err(fail(&format!("HTTP {}", resp.status())));
    }
    let limit = crate::store::fs::MAX_INPUT_BYTES;
    let too_large = || fail(&format!("it is larger than {} MB", limit / 1_000_000));
    if resp.content_length().is_some_and(|l| l > limit) {
        return Err(too_large());
    }
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| fail(&e))? {
        if out.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large());
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
