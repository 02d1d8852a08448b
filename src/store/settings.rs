//! The window's settings as they persist (through eframe's storage): connection, output
//! folder, theme and interface size. The API key is kept apart and never serialized.

use std::path::PathBuf;

use crate::api::region::{Endpoint, normalize_base_url};

/// Light, dark, or whatever the system says (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow the system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }
}

/// Connection and output settings (the key is kept apart: never serialized).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    pub endpoint: Endpoint,
    pub out_dir: PathBuf,
    /// Light, dark or the system's.
    #[serde(default)]
    pub theme: ThemeChoice,
    /// The whole UI's zoom (Ctrl+plus / Ctrl+minus / Ctrl+0).
    #[serde(default = "one")]
    pub ui_zoom: f32,
    /// The window's language; `None`: the system's.
    #[serde(default)]
    pub language: Option<crate::i18n::Lang>,
    /// Which of the window's panels are open (each collapses to a thin bar).
    #[serde(default)]
    pub panels: PanelsOpen,
    /// JPEG quality for Save as (1–100).
    #[serde(default = "jpeg_quality")]
    pub jpeg_quality: u8,
    /// How result files are named (see `jobs::naming`): `{name}-edit` unless changed.
    #[serde(default = "result_names")]
    pub result_names: String,
}

fn result_names() -> String {
    crate::jobs::naming::DEFAULT_TEMPLATE.to_string()
}

/// The window's collapsible panels, open (true) or collapsed to a thin bar; remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PanelsOpen {
    /// The strip of input images.
    pub strip: bool,
    /// The prompt and parameters (left).
    pub prompt: bool,
    /// Boxes and their bbox_list (right).
    pub readout: bool,
    /// Results (bottom).
    pub results: bool,
}

impl Default for PanelsOpen {
    fn default() -> Self {
        PanelsOpen {
            strip: true,
            prompt: true,
            readout: true,
            results: true,
        }
    }
}

fn jpeg_quality() -> u8 {
    crate::jobs::export::DEFAULT_JPEG_QUALITY
}

fn one() -> f32 {
    1.0
}

impl Default for Settings {
    fn default() -> Self {
        let out_dir = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir)
            .join("Pictures")
            .join("wanedit");
        // The SDK's own variable for another base URL (a proxy, or a local stand-in).
        let endpoint = std::env::var("DASHSCOPE_HTTP_BASE_URL")
            .ok()
            .filter(|b| normalize_base_url(b).is_ok())
            .map(|base_url| Endpoint::Custom { base_url })
            .unwrap_or_default();
        Settings {
            endpoint,
            out_dir,
            theme: ThemeChoice::default(),
            ui_zoom: 1.0,
            language: None,
            jpeg_quality: jpeg_quality(),
            result_names: result_names(),
            panels: PanelsOpen::default(),
        }
    }
}
