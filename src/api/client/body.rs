//! Reading bodies with bounds: a whole answer up to a size, a result piece by piece with a
//! stall timeout.

use std::time::Duration;

use super::{SendError, error_chain};
use crate::api::untrusted::{self, MESSAGE_CHARS};

/// A result being downloaded.
pub struct ResultBody {
    pub(super) resp: reqwest::Response,
    pub(super) stall: Duration,
    /// The server's Content-Type (cleaned), to name what came when it is not an image.
    pub content_type: Option<String>,
}

impl ResultBody {
    /// The length the server announced, if any.
    pub fn announced_len(&self) -> Option<u64> {
        self.resp.content_length()
    }

    /// The next piece of the body; `None` at the end. A server that sends nothing for the
    /// stall timeout ends the download with an error.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, String> {
        match tokio::time::timeout(self.stall, self.resp.chunk()).await {
            Ok(Ok(c)) => Ok(c),
            Ok(Err(e)) => Err(untrusted::clean(&error_chain(&e), MESSAGE_CHARS)),
            Err(_) => Err(format!("nothing arrived for {} s", self.stall.as_secs())),
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
                    return Err(SendError::Unanswered(format!(
                        "nothing arrived for {} s",
                        t.as_secs()
                    )));
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
            Err(e) => return Err(SendError::Unanswered(error_chain(&e))),
        }
    }
}
