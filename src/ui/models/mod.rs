//! The window's state, by concern: each model is owned by the app, testable without a window,
//! and handed to the panels that show it.
//!
//! | model | what it holds |
//! | --- | --- |
//! | [`Compose`] | what is being composed: inputs, boxes and their undo, prompt, model; the draft job |
//! | [`Runs`] | the runs of this window and their results, and what the compare view shows |
//! | [`Library`] | what is kept on disk and read back: history, batches, prices as typed |
//! | [`Session`] | the key and its checks, settings, language, theme |

mod compose;
mod library;
mod runs;
mod session;

pub use compose::{BoxState, Compose, NUDGES_SETTLE};
pub use library::Library;
pub use runs::Runs;
pub use session::Session;
