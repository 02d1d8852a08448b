//! A local input's bytes on their way to the service: held, or streamed from disk and checked
//! on the way, for an upload's body or for a `data:` URI encoded as the request goes out.

use std::path::PathBuf;
use std::sync::Arc;

use crate::api::body::ByteStream;
use crate::api::error::ApiError;
use crate::i18n::Said;

use crate::store::fs::digest_of;

use super::read_input;

/// What a file that no longer matches its check is told with.
fn changed_sentence() -> Said {
    crate::said!("file-changed-while-sent")
}

/// Files sent as they are and larger than this are not held between their check and their
/// sending: they are read again then (see [`LocalBytes::File`]).
pub(crate) const HOLD_AT_MOST: usize = 2 << 20;

/// A local input's bytes on their way to the service. Repaired bytes (and small files) are
/// held; a larger file sent as it is is read again when it is sent, one at a time, and checked
/// against the digest taken when it was prepared: a job on nine camera files never holds them
/// all at once, and what is sent is exactly what was checked.
#[derive(Debug, Clone)]
pub enum LocalBytes {
    Held(Arc<Vec<u8>>),
    File {
        path: PathBuf,
        len: usize,
        /// xxh3-128 of the bytes as they were checked ([`digest_of`]).
        digest: u128,
    },
}

impl LocalBytes {
    pub fn len(&self) -> usize {
        match self {
            LocalBytes::Held(b) => b.len(),
            LocalBytes::File { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes: held ones at once, a file read again and checked against its hash.
    pub async fn bytes(&self) -> Result<Arc<Vec<u8>>, ApiError> {
        let (path, len, digest) = match self {
            LocalBytes::Held(b) => return Ok(b.clone()),
            LocalBytes::File { path, len, digest } => (path, *len, *digest),
        };
        let b = read_input(path).await?;
        let checked = match b.len() == len {
            true => tokio::task::spawn_blocking(move || (digest_of(&b) == digest).then_some(b))
                .await
                .ok()
                .flatten(),
            false => None,
        };
        checked.map(Arc::new).ok_or_else(|| ApiError::ReadInput {
            path: path.display().to_string(),
            detail: changed_sentence(),
        })
    }
}

/// How a file streamed to an upload ended, when it failed on the way.
#[derive(Clone, Default)]
pub struct StreamCheck(Arc<std::sync::Mutex<Option<ApiError>>>);

impl StreamCheck {
    fn fail(&self, e: ApiError) {
        if let Ok(mut f) = self.0.lock() {
            f.get_or_insert(e);
        }
    }

    /// Why the stream failed, if it did.
    pub fn failure(&self) -> Option<ApiError> {
        self.0.lock().ok().and_then(|mut f| f.take())
    }
}

/// A stream read in pieces of this size (what one upload holds at a time).
const STREAM_CHUNK: usize = 256 << 10;

impl LocalBytes {
    /// The body of an upload: held bytes as they are; a file streamed by [`Self::byte_stream`].
    pub fn upload_body(&self) -> (crate::api::client::UploadBody, StreamCheck) {
        use crate::api::client::UploadBody;
        let check = StreamCheck::default();
        match self {
            LocalBytes::Held(b) => (UploadBody::Bytes(b.clone()), check),
            LocalBytes::File { len, .. } => (
                UploadBody::Stream {
                    len: *len as u64,
                    body: reqwest::Body::wrap_stream(self.byte_stream(&check)),
                },
                check,
            ),
        }
    }

    /// The bytes as a stream of pieces: held ones sliced (no copy); a file read from disk
    /// [`STREAM_CHUNK`] at a time (never held whole), hashed on the way and checked before its
    /// last piece goes, so a file changed since it was checked never completes the body it is
    /// part of (and nothing paid follows). Why it failed goes to `check`.
    pub fn byte_stream(&self, check: &StreamCheck) -> ByteStream {
        use futures_util::StreamExt;
        let (path, len, digest) = match self {
            LocalBytes::Held(b) => {
                let shared = bytes::Bytes::from_owner(Shared(b.clone()));
                return crate::api::body::held_stream(shared, STREAM_CHUNK);
            }
            LocalBytes::File { path, len, digest } => (path.clone(), *len, *digest),
        };
        let changed = {
            let path = path.clone();
            move |detail: Said| ApiError::ReadInput {
                path: path.display().to_string(),
                detail,
            }
        };
        struct State {
            file: Option<std::fs::File>,
            hasher: xxhash_rust::xxh3::Xxh3,
            sent: usize,
            over: bool,
        }
        let start = State {
            file: None,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            sent: 0,
            over: false,
        };
        let c = check.clone();
        let stream = futures_util::stream::unfold(start, move |mut st| {
            let (path, check, changed) = (path.clone(), c.clone(), changed.clone());
            async move {
                if st.over || st.sent == len {
                    return None;
                }
                let fail = |st: State, e: ApiError| {
                    let words = e.to_string();
                    check.fail(e);
                    Some((
                        Err(std::io::Error::other(words)),
                        State { over: true, ..st },
                    ))
                };
                // Opened with the first piece, then each piece read on a worker thread straight
                // into the buffer that goes out (no buffer in between, nothing zeroed first, a
                // buffer used again once sent: see `api::buffers`).
                let want = STREAM_CHUNK.min(len - st.sent);
                let file = st.file.take();
                let read = tokio::task::spawn_blocking(move || {
                    let mut file = match file {
                        Some(f) => f,
                        None => {
                            crate::store::fs::open_regular(&path, crate::store::fs::MAX_INPUT_BYTES)
                                .map_err(|e| {
                                    Said::Plain(format!(
                                        "it could not be read again to send it ({e})"
                                    ))
                                })?
                                .0
                        }
                    };
                    let mut buf = crate::api::buffers::READ.take(want);
                    crate::store::fs::read_piece(&mut file, &mut buf, want as u64)
                        .map_err(|e| Said::Plain(format!("reading it to send it failed ({e})")))?;
                    Ok::<_, Said>((file, buf))
                })
                .await;
                let buf = match read {
                    Ok(Ok((file, buf))) => {
                        st.file = Some(file);
                        buf
                    }
                    Ok(Err(why)) => return fail(st, changed(why)),
                    Err(e) => return fail(st, changed(Said::Plain(e.to_string()))),
                };
                if buf.len() < want {
                    return fail(st, changed(changed_sentence()));
                }
                st.hasher.update(&buf);
                st.sent += buf.len();
                if st.sent == len && st.hasher.digest128() != digest {
                    return fail(st, changed(changed_sentence()));
                }
                Some((Ok(crate::api::buffers::READ.share(buf)), st))
            }
        });
        stream.boxed()
    }
}

/// Held bytes lent to a body without a copy (a repaired input is also the window's).
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}
