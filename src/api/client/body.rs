//! Reading bodies with bounds: a whole answer up to a size, a result piece by piece with a
//! stall timeout.

use std::time::Duration;

use super::{SendError, error_chain};
use crate::api::untrusted::{self, MESSAGE_CHARS};
use crate::i18n::Said;

/// A result being downloaded.
pub struct ResultBody {
    pub(super) resp: reqwest::Response,
    pub(super) stall: Duration,
    /// The attempt's total limit: `grace` plus its size at `slowest` bytes a second.
    pub(super) grace: Duration,
    pub(super) slowest: u64,
    pub(super) started: std::time::Instant,
    pub(super) received: u64,
    /// The server's Content-Type (cleaned), to name what came when it is not an image.
    pub content_type: Option<String>,
}

impl ResultBody {
    /// The length the server announced, if any.
    pub fn announced_len(&self) -> Option<u64> {
        self.resp.content_length()
    }

    /// How long this attempt may take in all: the grace, plus the size (announced, else what
    /// came so far) at the slowest rate accepted.
    fn allowed(&self) -> Duration {
        let size = self.announced_len().unwrap_or(0).max(self.received);
        self.grace + Duration::from_secs_f64(size as f64 / self.slowest.max(1) as f64)
    }

    /// Bytes received so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The next piece of the body; `None` at the end. A server that sends nothing for the
    /// stall timeout, or trickles so slowly that the attempt outlasts its total limit, ends
    /// the download with an error (the caller tries again).
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, Said> {
        let left = self.allowed().saturating_sub(self.started.elapsed());
        let wait = self.stall.min(left);
        match tokio::time::timeout(wait, self.resp.chunk()).await {
            Ok(Ok(c)) => {
                self.received += c.as_ref().map_or(0, |c| c.len() as u64);
                Ok(c)
            }
            Ok(Err(e)) => Err(Said::Plain(untrusted::clean(
                &error_chain(&e),
                MESSAGE_CHARS,
            ))),
            Err(_) if wait < self.stall => Err(crate::said!(
                "download-too-slow",
                bytes = self.received.to_string(),
                seconds = self.started.elapsed().as_secs()
            )),
            Err(_) => Err(crate::said!(
                "download-stalled",
                seconds = self.stall.as_secs()
            )),
        }
    }
}

/// Reads a body up to `limit` bytes (an announced larger length is refused before reading);
/// `stall` bounds each read.
pub(super) async fn read_capped(
    mut resp: reqwest::Response,
    limit: u64,
    stall: Option<Duration>,
) -> Result<bytes::Bytes, SendError> {
    if resp.content_length().is_some_and(|l| l > limit) {
        return Err(SendError::TooLarge(limit));
    }
    let mut buf = bytes::BytesMut::new();
    loop {
        let next = match stall {
            Some(t) => match tokio::time::timeout(t, resp.chunk()).await {
                Ok(r) => r,
                Err(_) => {
                    return Err(SendError::Unanswered(Said::Plain(format!(
                        "nothing arrived for {} s",
                        t.as_secs()
                    ))));
                }
            },
            None => resp.chunk().await,
        };
        match next {
            Ok(Some(c)) => {
                if buf.len() as u64 + c.len() as u64 > limit {
                    return Err(SendError::TooLarge(limit));
                }
                buf.extend_from_slice(&c);
            }
            Ok(None) => return Ok(buf.freeze()),
            Err(e) => return Err(SendError::Unanswered(Said::Plain(error_chain(&e)))),
        }
    }
}
