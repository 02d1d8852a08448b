//! A large JPEG checked as it is read: its first megabyte says whether it is sent as it is,
//! and the whole file then goes once through the end-marker walk and both hashes, a piece at a
//! time. A job on nine camera files never holds one whole: before, each was read into a buffer
//! of its own size (141 MB of fresh memory, faulted in, zeroed and handed back, for nine), and
//! walked three times over from memory.

use std::path::Path;

use sha2::Digest as _;

use crate::api::catalog::ModelSpec;
use crate::imaging::prepare::{Prepared, Refusal, StreamedJpeg};
use crate::store::fs::{FileHash, InputFileError, MAX_INPUT_BYTES, open_regular, read_piece};

use super::stream::HOLD_AT_MOST;

/// A file checked as it was read.
pub(super) struct Streamed {
    pub prepared: Result<Prepared, Refusal>,
    /// The hashes of every byte read: the file's, as long as it is not changed since.
    pub hash: FileHash,
}

/// Read at a time: large enough for any usual JPEG header (a head that does not hold the
/// frame header sends the file the long way), small enough to stay in the cache while it is
/// walked and hashed.
const PIECE: u64 = 1 << 20;

/// Checks `path` as [`crate::imaging::prepare::prepare`] would check it whole, for a JPEG
/// over [`HOLD_AT_MOST`] bytes that is sent as it is. `Ok(None)`: not such a file (small, not
/// a JPEG, one that needs a repair, or one whose length changed while it was read): the caller
/// reads it whole. Blocking; stops when `stop` turns true.
pub(super) fn check_streamed(
    path: &Path,
    spec: &ModelSpec,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Streamed>, InputFileError> {
    let (mut f, len) = open_regular(path, MAX_INPUT_BYTES)?;
    if len <= HOLD_AT_MOST as u64 {
        return Ok(None);
    }
    let mut piece = Vec::with_capacity(PIECE as usize);
    read_piece(&mut f, &mut piece, PIECE)?;
    let Some(mut check) = StreamedJpeg::start(&piece, len, spec) else {
        return Ok(None);
    };
    let mut sha = sha2::Sha256::new();
    let mut quick = xxhash_rust::xxh3::Xxh3::new();
    let mut total = 0u64;
    while !piece.is_empty() {
        total += piece.len() as u64;
        if total > MAX_INPUT_BYTES {
            return Err(InputFileError::TooLarge {
                size: total,
                limit: MAX_INPUT_BYTES,
            });
        }
        check.feed(&piece);
        sha.update(&piece);
        quick.update(&piece);
        if stop() {
            return Err(InputFileError::Stopped);
        }
        piece.clear();
        read_piece(&mut f, &mut piece, PIECE)?;
    }
    if total != len {
        return Ok(None);
    }
    Ok(Some(Streamed {
        prepared: check.finish(),
        hash: FileHash {
            len,
            sha256: sha.finalize().into(),
            digest: quick.digest128(),
        },
    }))
}
