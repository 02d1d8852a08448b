//! wanedit: a desktop studio for editing images with Alibaba Cloud Model Studio's Wan models.
//!
//! `api`, `imaging`, `jobs` and `store` are the engine and never touch egui; `ui` is the window
//! on top.

pub mod api;
pub mod cli;
pub mod imaging;
pub mod jobs;
pub mod logging;
pub mod store;
pub mod ui;
