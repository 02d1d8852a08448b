//! wanedit: a desktop studio for editing images with Alibaba Cloud Model Studio's Wan models.
//!
//! `api`, `imaging`, `jobs` and `store` are the engine and never touch egui; `ui` is the window
//! on top.

// The engine may block (it runs on the runtime's workers and blocking pool) and the command
// line may wait for it; only `ui` is held to clippy.toml's rules.
#[allow(clippy::disallowed_methods)]
pub mod api;
#[allow(clippy::disallowed_methods)]
pub mod cli;
pub mod i18n;
#[allow(clippy::disallowed_methods)]
pub mod imaging;
#[allow(clippy::disallowed_methods)]
pub mod jobs;
#[allow(clippy::disallowed_methods)]
pub mod logging;
pub mod memory;
#[allow(clippy::disallowed_methods)]
pub mod store;
pub mod ui;
