//! Panels: each shows its own state and what it is given to read, and returns what the user
//! asked for as an action; the app dispatches it. No panel imports the app.

pub mod batch;
pub mod history;
pub mod picker;
pub mod prompt;
pub mod readout;
pub mod results;
pub mod settings;
pub mod shortcut_sheet;
pub mod strip;
pub mod toolbar;
pub mod welcome;
