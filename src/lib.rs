//! wanedit: a desktop studio for editing images with Alibaba Cloud Model Studio's Wan models.
//!
//! `api`, `imaging`, `jobs` and `store` are the engine and never touch egui; `ui` is the window
//! on top.

// The engine may block (it runs on the runtime's workers and blocking pool) and the command
// line may wait for it; only `ui` is held to clippy.toml's rules.
#[expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui); the engine may block on its runtime"
)]
pub mod api;
#[expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui); the engine may block on its runtime"
)]
pub mod cli;
pub mod i18n;
pub mod imaging;
#[expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui); the engine may block on its runtime"
)]
pub mod jobs;
#[expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui); the engine may block on its runtime"
)]
pub mod logging;
pub mod memory;
#[expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui); the engine may block on its runtime"
)]
pub mod store;
pub mod ui;
