//! A job's images as its request carries them: URLs as they are, local files inline (a marker
//! the body streams the `data:` URI into, or the URI itself for a plan to print) or uploaded to
//! temporary storage, several at once.

use std::sync::Arc;

use super::{INLINE_BUDGET, JobEvent, LocalBytes, LocalImages, Stage, StreamCheck};
use crate::api::catalog::InputFormat;
use crate::api::client::{Client, safe_object_name};
use crate::api::error::ApiError;
use crate::api::job::{ImageSource, JobSpec};
use crate::imaging;

/// An input as it will be sent, with the bytes when it is a local file.
struct ResolvedInput {
    value: Option<String>,
    local: Option<(LocalBytes, InputFormat, String)>,
}

/// The images as the request carries them.
pub(super) struct Resolved {
    /// The wire value per image: a URL, an `oss://` key, a data URI, or the marker of an
    /// image streamed inline.
    pub(super) values: Vec<String>,
    /// Images encoded inline as the body is sent (when streamed).
    pub(super) inline: Vec<crate::api::body::InlineImage>,
    /// Why a streamed image failed on the way, if one did.
    checks: Vec<StreamCheck>,
}

impl Resolved {
    /// The sentence for a request that failed while its body was sent: the file's own, when
    /// one of its images failed on the way (changed, vanished), else the transport's.
    pub(super) fn failure(&self, e: ApiError) -> ApiError {
        self.checks
            .iter()
            .find_map(StreamCheck::failure)
            .unwrap_or(e)
    }
}

/// Builds the wire values for the images. Local files become data URIs or uploads; inline
/// ones are streamed (encoded as the body is sent) unless `hold_inline` (a plan to print).
pub(super) async fn resolve_images(
    client: Option<&Client>,
    job: &JobSpec,
    bytes: Vec<Option<LocalBytes>>,
    policy: LocalImages,
    hold_inline: bool,
    events: &mut impl FnMut(JobEvent),
) -> Result<Resolved, ApiError> {
    let mut nonce = upload_nonce();
    while !crate::api::body::marker_is_free(&nonce, &job.prompt) {
        nonce.push('x');
    }
    let mut streamed = Vec::new();
    let mut checks = Vec::new();
    let mut inputs: Vec<ResolvedInput> = Vec::new();
    for (img, b) in job.images.iter().zip(bytes) {
        match (&img.source, b) {
            (ImageSource::Url(u) | ImageSource::Oss(u), _) => inputs.push(ResolvedInput {
                value: Some(u.clone()),
                local: None,
            }),
            (ImageSource::File(_) | ImageSource::Data(_), Some(b)) => {
                let fmt = img
                    .sent_facts()
                    .and_then(|f| f.format)
                    .unwrap_or(InputFormat::Png);
                let name = match &img.source {
                    ImageSource::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
                    _ => None,
                }
                .unwrap_or_else(|| format!("image.{}", fmt.extension()));
                inputs.push(ResolvedInput {
                    value: None,
                    local: Some((b, fmt, name)),
                });
            }
            (ImageSource::File(_) | ImageSource::Data(_), None) => {
                return Err(ApiError::ReadInput {
                    path: img.source.display_name(),
                    detail: "not read".into(),
                });
            }
        }
    }

    // Decide which local files go inline: smallest first while the budget lasts.
    let mut order: Vec<usize> = (0..inputs.len())
        .filter(|i| inputs[*i].local.is_some())
        .collect();
    order.sort_by_key(|i| inputs[*i].local.as_ref().map(|l| l.0.len()).unwrap_or(0));
    let mut budget = INLINE_BUDGET;
    let mut to_upload = Vec::new();
    for i in order {
        let len = inputs[i]
            .local
            .as_ref()
            .map(|l| l.0.len() * 4 / 3 + 64)
            .unwrap_or(0);
        let inline = match policy {
            LocalImages::Inline => true,
            LocalImages::Upload => false,
            LocalImages::Auto => len <= budget,
        };
        if inline {
            budget = budget.saturating_sub(len);
            // The bytes are dropped as soon as their data URI exists: peak memory stays near
            // one copy of every input (plus the serialized body).
            let (b, fmt, _) = inputs[i].local.take().expect("local input");
            if hold_inline {
                inputs[i].value = Some(imaging::data_uri(&b.bytes().await?, fmt));
                continue;
            }
            // Encoded as the body goes out: nothing but the pieces in flight is held.
            let marker = crate::api::body::marker(&nonce, i);
            let check = StreamCheck::default();
            let c = check.clone();
            streamed.push(crate::api::body::InlineImage {
                marker: marker.clone(),
                mime: fmt.mime(),
                len: b.len() as u64,
                open: Arc::new(move || b.byte_stream(&c)),
            });
            checks.push(check);
            inputs[i].value = Some(marker);
        } else {
            to_upload.push(i);
        }
    }

    if !to_upload.is_empty() {
        let client = client.ok_or_else(|| ApiError::Upload {
            name: "images".into(),
            detail: "uploads need a connection".into(),
        })?;
        let total = to_upload.len();
        events(JobEvent::Stage(Stage::Uploading { done: 0, total }));
        // One policy per call, reused for every file (as the SDK does).
        let policy = client.upload_policy(&job.model).await?;
        let nonce = upload_nonce();
        // A few at once: each streams from disk in pieces (memory stays one piece per
        // upload), and the storage service takes parallel uploads; the SDK sends them one
        // after another. Results keep their input's place.
        let uploads = to_upload.into_iter().map(|i| {
            let (b, fmt, name) = inputs[i].local.take().expect("local input");
            // The policy forbids overwriting, and whether its upload_dir is fresh for every
            // policy is unconfirmed: a per-call prefix keeps two inputs (or two runs) with one
            // file name from colliding. The readable name stays last.
            let key = format!("{nonce}{}_{}", i + 1, safe_object_name(&name));
            let policy = &policy;
            async move {
                let (content, check) = b.upload_body();
                match client.upload(policy, &key, content, fmt.mime()).await {
                    Ok(oss) => Ok((i, oss)),
                    // The file itself failed on the way (changed, vanished): say that, not
                    // the transport's words for an aborted body.
                    Err(e) => Err(check.failure().unwrap_or(e)),
                }
            }
        });
        let uploads: Vec<_> = uploads.collect();
        use futures_util::StreamExt;
        let mut running = futures_util::stream::iter(uploads).buffer_unordered(UPLOADS_AT_ONCE);
        let mut done = 0;
        while let Some(r) = running.next().await {
            let (i, oss) = r?;
            inputs[i].value = Some(oss);
            done += 1;
            events(JobEvent::Stage(Stage::Uploading { done, total }));
        }
    }
    Ok(Resolved {
        values: inputs
            .into_iter()
            .map(|i| i.value.unwrap_or_default())
            .collect(),
        inline: streamed,
        checks,
    })
}

/// Uploads of one job in flight at once. Object storage takes concurrent POST uploads (its
/// per-account limits are far above this, though not documented for this flow); three keeps
/// one slow link from being split too thin.
const UPLOADS_AT_ONCE: usize = 3;

/// A short prefix that differs between calls (time-based; uniqueness, not secrecy).
fn upload_nonce() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{:08x}", (nanos as u64) ^ ((nanos >> 64) as u64))
}
