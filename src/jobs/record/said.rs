//! What the recorded path says around what history could not do, kept as words (put into a
//! language only where it is shown).

use crate::i18n::Said;
use crate::store::history::{BeginError, StoreError};

/// `parts` one after another, `sep` between them.
pub(super) fn joined(parts: Vec<Said>, sep: &str) -> Said {
    Said::Joined {
        parts,
        sep: sep.into(),
    }
}

/// Why history could not copy the inputs.
pub(super) fn begin_said(e: &BeginError) -> Said {
    match e {
        BeginError::Input { path, detail } => {
            Said::Plain(format!("could not read {path}")).then(": ", detail.clone())
        }
        BeginError::History(h) => h.said(),
    }
}

/// Why history could not keep a file (the file, or history itself).
pub(super) fn stored_said(e: &StoreError) -> Said {
    match e {
        StoreError::Source(s) => s.said(),
        StoreError::History(h) => h.said(),
    }
}
