//! A request's JSON body as it goes on the wire: one buffer, or, when it carries images inline,
//! a stream in which each image's `data:` URI is base64-encoded from its bytes as the body goes
//! out. Nine 20 MB inputs would otherwise be held as 240 MB of data-URI strings plus their
//! serialized copy. The bytes sent are exactly those `serde_json` writes for the same body with
//! the data URIs in it (base64 and `data:image/…;base64,` need no JSON escaping), and the length
//! is known before the first byte: the body goes with a `Content-Length`, not chunked (whether
//! the service takes chunked generation bodies is unconfirmed, so wanedit never sends one).

use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use serde_json::Value;

/// Bytes read as they are sent; an error aborts the request it is part of.
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>;

/// An image the body carries as a `data:` URI, encoded while the body is sent. The body's JSON
/// holds `marker` where the URI goes; `open` gives its bytes afresh for every attempt.
#[derive(Clone)]
pub struct InlineImage {
    pub marker: String,
    pub mime: &'static str,
    /// The image's own length in bytes (before base64).
    pub len: u64,
    pub open: Arc<dyn Fn() -> ByteStream + Send + Sync>,
}

impl std::fmt::Debug for InlineImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineImage")
            .field("marker", &self.marker)
            .field("mime", &self.mime)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl PartialEq for InlineImage {
    fn eq(&self, o: &Self) -> bool {
        self.marker == o.marker && self.mime == o.mime && self.len == o.len
    }
}

/// The placeholder for inline image `index` of one request: `nonce` differs between requests
/// (see [`marker_is_free`]).
pub fn marker(nonce: &str, index: usize) -> String {
    format!("wanedit-inline-{nonce}-{index}")
}

/// Whether `text` (a prompt) leaves a marker with this nonce unambiguous. A JSON string value
/// equal to the marker is the only way the quoted marker can appear in the serialized body
/// (a `"` inside any other string is escaped), so only a prompt that contains it could clash.
pub fn marker_is_free(nonce: &str, text: &str) -> bool {
    !text.contains(&format!("wanedit-inline-{nonce}-"))
}

fn prefix(mime: &str) -> String {
    format!("data:{mime};base64,")
}

/// The length of the data URI of `len` bytes of `mime`.
pub fn data_uri_len(mime: &str, len: u64) -> u64 {
    prefix(mime).len() as u64 + len.div_ceil(3) * 4
}

/// Why a body could not be made or read (a program's fault, or an image read failing).
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("inline image {image} appears {times} times in the request body")]
    Marker { image: usize, times: usize },
    #[error("{0}")]
    Read(#[from] std::io::Error),
}

enum Piece {
    Json(Bytes),
    Image(usize),
}

/// The serialized body cut at its markers, and its length on the wire.
fn pieces(body: &Value, inline: &[InlineImage]) -> Result<(Vec<Piece>, u64), BodyError> {
    let json = serde_json::to_vec(body)?;
    let mut at: Vec<(usize, usize)> = Vec::with_capacity(inline.len());
    for (i, img) in inline.iter().enumerate() {
        let quoted = format!("\"{}\"", img.marker);
        let found: Vec<usize> = find_all(&json, quoted.as_bytes());
        if found.len() != 1 {
            return Err(BodyError::Marker {
                image: i + 1,
                times: found.len(),
            });
        }
        // The URI replaces the marker inside its quotes.
        at.push((found[0] + 1, i));
    }
    at.sort_unstable();
    let json = Bytes::from(json);
    let mut out = Vec::with_capacity(at.len() * 2 + 1);
    let mut len = 0u64;
    let mut from = 0;
    for (start, i) in at {
        out.push(Piece::Json(json.slice(from..start)));
        out.push(Piece::Image(i));
        len += (start - from) as u64 + data_uri_len(inline[i].mime, inline[i].len);
        from = start + inline[i].marker.len();
    }
    len += (json.len() - from) as u64;
    out.push(Piece::Json(json.slice(from..)));
    Ok((out, len))
}

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(p) = hay[from..].windows(needle.len()).position(|w| w == needle) {
        found.push(from + p);
        from += p + needle.len();
    }
    found
}

/// The body to send, with its length: one buffer when nothing is inline.
pub fn wire_body(body: &Value, inline: &[InlineImage]) -> Result<(u64, reqwest::Body), BodyError> {
    if inline.is_empty() {
        let json = serde_json::to_vec(body)?;
        return Ok((json.len() as u64, reqwest::Body::from(json)));
    }
    let (pieces, len) = pieces(body, inline)?;
    let inline = inline.to_vec();
    let stream = futures_util::stream::iter(pieces).flat_map(move |p| match p {
        Piece::Json(b) => futures_util::stream::once(async move { Ok(b) }).boxed(),
        Piece::Image(i) => {
            let img = &inline[i];
            base64_stream(prefix(img.mime), (img.open)(), img.len).boxed()
        }
    });
    Ok((len, reqwest::Body::wrap_stream(stream)))
}

/// The whole body in memory (what [`wire_body`] streams): for tests and for printing.
pub async fn collect(body: &Value, inline: &[InlineImage]) -> Result<Vec<u8>, BodyError> {
    let (pieces, len) = pieces(body, inline)?;
    let mut out = Vec::with_capacity(len as usize);
    for p in pieces {
        match p {
            Piece::Json(b) => out.extend_from_slice(&b),
            Piece::Image(i) => {
                let img = &inline[i];
                let mut s = base64_stream(prefix(img.mime), (img.open)(), img.len).boxed();
                while let Some(b) = s.next().await {
                    out.extend_from_slice(&b?);
                }
            }
        }
    }
    Ok(out)
}

struct Encoding {
    raw: ByteStream,
    head: Option<String>,
    /// Up to two bytes that did not make a whole base64 group yet.
    carry: Vec<u8>,
    seen: u64,
    len: u64,
    done: bool,
}

/// `data:{mime};base64,` then the bytes of `raw`, base64-encoded piece by piece (groups of three
/// bytes carried across pieces), exactly as one `encode` of the whole would write them.
fn base64_stream(
    head: String,
    raw: ByteStream,
    len: u64,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let start = Encoding {
        raw,
        head: Some(head),
        carry: Vec::new(),
        seen: 0,
        len,
        done: false,
    };
    futures_util::stream::unfold(start, |mut st| async move {
        if let Some(h) = st.head.take() {
            return Some((Ok(Bytes::from(h)), st));
        }
        if st.done {
            return None;
        }
        // SIMD, detected at run time: the encoding is on the send's critical path (the plain
        // `base64` engine was an eighth of an inline job's CPU). The output is the same
        // standard, padded alphabet (tested against `base64` below).
        let b64 = &base64_simd::STANDARD;
        match st.raw.next().await {
            Some(Ok(chunk)) => {
                st.seen += chunk.len() as u64;
                if st.seen > st.len {
                    st.done = true;
                    return Some((Err(std::io::Error::other("the image grew while sent")), st));
                }
                // Complete the carried group, then every whole group of this piece.
                let mut out = super::buffers::ENCODED.take(chunk.len().div_ceil(3) * 4 + 4);
                let mut rest: &[u8] = &chunk;
                if !st.carry.is_empty() {
                    let take = (3 - st.carry.len()).min(rest.len());
                    st.carry.extend_from_slice(&rest[..take]);
                    rest = &rest[take..];
                    if st.carry.len() == 3 {
                        b64.encode_append(&st.carry, &mut out);
                        st.carry.clear();
                    }
                }
                let whole = rest.len() / 3 * 3;
                b64.encode_append(&rest[..whole], &mut out);
                st.carry.extend_from_slice(&rest[whole..]);
                Some((Ok(super::buffers::ENCODED.share(out)), st))
            }
            Some(Err(e)) => {
                st.done = true;
                Some((Err(e), st))
            }
            None => {
                st.done = true;
                if st.seen != st.len {
                    return Some((Err(std::io::Error::other("the image ended early")), st));
                }
                Some((Ok(Bytes::from(b64.encode_to_string(&st.carry))), st))
            }
        }
    })
}

/// Held bytes as a stream of slices (no copy), so that a large one is encoded a piece at a time.
pub fn held_stream(bytes: Bytes, piece: usize) -> ByteStream {
    let n = bytes.len().div_ceil(piece.max(1));
    futures_util::stream::iter(
        (0..n).map(move |k| Ok(bytes.slice(k * piece..((k + 1) * piece).min(bytes.len())))),
    )
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn image(marker: &str, bytes: Vec<u8>, piece: usize) -> InlineImage {
        let b = Bytes::from(bytes);
        InlineImage {
            marker: marker.into(),
            mime: "image/jpeg",
            len: b.len() as u64,
            open: Arc::new(move || held_stream(b.clone(), piece)),
        }
    }

    fn uri(bytes: &[u8]) -> String {
        use base64::Engine;
        format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    /// Every length modulo 3 and pieces that cut groups anywhere: the same bytes as the
    /// serialized body with the URIs in it.
    #[tokio::test]
    async fn the_streamed_body_is_the_serialized_one() {
        // Short ones, and long ones that run the SIMD encoder's wide loops (every byte value).
        let small = [0usize, 1, 2, 3, 4, 5, 1000, 1001, 1002].map(|l| (l, [1usize, 2, 4, 7, 256]));
        let large =
            [100_000usize, 100_001, 100_002].map(|l| (l, [7usize, 4096, 65536, 65537, 1 << 20]));
        let cases = small
            .iter()
            .flat_map(|(l, p)| p.iter().map(move |p| (*l, *p)))
            .chain(
                large
                    .iter()
                    .flat_map(|(l, p)| p.iter().map(move |p| (*l, *p))),
            );
        for (len, piece) in cases {
            {
                let a: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
                let b: Vec<u8> = (0..len + 1).map(|i| (i * 13) as u8).collect();
                let m = |i| marker("n0nce", i);
                let streamed = json!({"model": "wan2.7-image", "input": {"messages": [{"content": [
                    {"text": "put \"wanedit-inline\" here"}, {"image": m(0)}, {"image": m(1)}]}]}});
                let whole = json!({"model": "wan2.7-image", "input": {"messages": [{"content": [
                    {"text": "put \"wanedit-inline\" here"}, {"image": uri(&a)}, {"image": uri(&b)}]}]}});
                // Listed out of body order on purpose.
                let inline = vec![
                    image(&m(1), b.clone(), piece),
                    image(&m(0), a.clone(), piece),
                ];
                let got = collect(&streamed, &inline).await.unwrap();
                let want = serde_json::to_vec(&whole).unwrap();
                assert!(got == want, "len {len} piece {piece}");
                let (n, _) = wire_body(&streamed, &inline).unwrap();
                assert_eq!(n, want.len() as u64, "len {len} piece {piece}");
            }
        }
    }

    #[tokio::test]
    async fn a_marker_that_is_missing_or_twice_is_refused_and_a_short_image_fails() {
        let m = marker("x", 0);
        let twice = json!({"a": m, "b": m});
        assert!(
            collect(&twice, &[image(&m, vec![1, 2, 3], 2)])
                .await
                .is_err()
        );
        let none = json!({"a": "b"});
        assert!(collect(&none, &[image(&m, vec![1], 2)]).await.is_err());
        let mut short = image(&m, vec![1, 2, 3], 2);
        short.len = 4;
        let body = json!({"a": m});
        let e = collect(&body, &[short]).await.unwrap_err();
        assert!(e.to_string().contains("ended early"), "{e}");
        assert!(!marker_is_free("x", "say wanedit-inline-x-0"));
        assert!(marker_is_free("x", "say wanedit-inline-y-0"));
    }
}
