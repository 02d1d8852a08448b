//! wanedit's integration tests, one binary: every file below links the library, eframe and the
//! stand-in once instead of once per file. Run one group with a filter, e.g.
//! `cargo test --test it keychain::`.

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

mod support;

mod choice;
mod cli;
mod desktop;
mod detail;
mod engine;
mod fidelity;
mod imaging;
mod keychain;
mod lineage;
mod nothing_lost;
mod owners;
mod real_pixels;
mod real_session;
mod region;
mod resume;
// Runs the official Python SDK: built only with `--features sdk-reference` (CI has it).
#[cfg(feature = "sdk-reference")]
mod sdk_equivalence;
mod secrets;
mod stalls;
mod standin_strict;
mod token_plan;
mod trust;
mod ui_batch;
mod ui_canvas;
mod ui_choice;
mod ui_first_run;
mod ui_history;
mod ui_language;
mod ui_mask;
mod ui_region;
mod ui_run;
mod ui_screens;
mod ui_session;
