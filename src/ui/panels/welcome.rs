//! The first run: while there is no key or no image, the canvas area shows three steps, each
//! with where it stands — the region (keys belong to one region), the key (in the system
//! keychain, or for this run only when there is none) with a free check, and the images (the
//! system dialog, the window's own picker, or two bundled samples). It goes once all are done.

use egui::RichText;

use super::settings::{self, KeyCheckState, SettingsAction, SettingsState};
use crate::api::region::Endpoint;
use crate::jobs::key_check::KeyCheck;
use crate::ui::theme;
use crate::ui::widgets::{icon, icon_button};

/// What the steps read.
pub struct WelcomeView<'a> {
    /// Where the key in use comes from (`None`: no key yet).
    pub key_source: Option<&'static str>,
    /// Whether the key is kept in the system keychain (else for this run only) and why not.
    pub keychain_state: &'a str,
    pub keychain_used: bool,
    pub key_check: &'a KeyCheckState,
    pub images: usize,
}

#[derive(Debug, Clone)]
pub enum WelcomeAction {
    Key(SettingsAction),
    AddFiles,
    BrowseHere,
    TrySample,
}

/// Whether the welcome steps are still needed.
pub fn needed(has_key: bool, images: usize) -> bool {
    !has_key || images == 0
}

/// One step's heading: its number, its name, and a mark for where it stands.
fn heading(ui: &mut egui::Ui, n: usize, name: &str, done: bool) {
    let (mark, colour) = if done {
        ("✔", theme::ok(ui))
    } else {
        ("○", theme::muted(ui))
    };
    let text = format!("Step {n}: {name}");
    let r = ui.label(
        RichText::new(format!("{mark}  {text}"))
            .size(18.0)
            .strong()
            .color(colour),
    );
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
}

/// Draws the steps; the region is edited in place.
pub fn show(
    ui: &mut egui::Ui,
    endpoint: &mut Endpoint,
    key_state: &mut SettingsState,
    view: &WelcomeView,
) -> Option<WelcomeAction> {
    let mut action = None;
    let valid = matches!(view.key_check.last, Some(KeyCheck::Valid(_)));
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(12.0);
        ui.label(RichText::new("Welcome to wanedit").size(24.0).strong());
        ui.label("Three steps to a first edit with Wan. Nothing here is billed.");
        ui.add_space(12.0);

        heading(ui, 1, "region", valid);
        ui.label(
            "API keys belong to one region: pick the region your key was made in (Model Studio console → API keys).",
        );
        settings::region(ui, endpoint);
        ui.add_space(12.0);

        heading(ui, 2, "API key", view.key_source.is_some() && valid);
        match view.key_source {
            Some("DASHSCOPE_API_KEY") => {
                ui.label("The key comes from DASHSCOPE_API_KEY.");
            }
            Some(_) if view.keychain_used => {
                ui.label(format!("Keychain: {}.", view.keychain_state));
            }
            Some(_) => {
                ui.label("The key is kept for this run only: there is no system keychain here.")
                    .on_hover_text(view.keychain_state);
            }
            None => {
                if view.keychain_used {
                    ui.label("Paste your key: it is kept in the system keychain, never in a file or a log, and never shown again.");
                } else {
                    ui.label("Paste your key: there is no system keychain here (install and unlock GNOME Keyring or KWallet to keep it), so it is kept for this run only, never in a file or a log.")
                        .on_hover_text(view.keychain_state);
                }
                if let Some(a) = settings::key_field(ui, key_state, "Your API key") {
                    action = Some(WelcomeAction::Key(a));
                }
            }
        }
        if let Some(a) = settings::key_check(ui, view.key_check, view.key_source.is_some()) {
            action = Some(WelcomeAction::Key(a));
        }
        ui.add_space(12.0);

        heading(ui, 3, "images", view.images > 0);
        ui.label(
            "Add up to 9 images (or drop them on the window, or paste one with Ctrl+V). Image 1, image 2 … follow the strip's order: that is how the prompt names them.",
        );
        ui.horizontal(|ui| {
            if icon_button(ui, icon::ADD_IMAGES, "Add images…", true).clicked() {
                action = Some(WelcomeAction::AddFiles);
            }
            if icon_button(ui, icon::FOLDER, "Browse here…", true)
                .on_hover_text("wanedit's own file picker (also a path or URL field)")
                .clicked()
            {
                action = Some(WelcomeAction::BrowseHere);
            }
            if view.images == 0
                && icon_button(ui, icon::SAMPLE, "Try a sample", true)
                    .on_hover_text("Two bundled photos, a box and a prompt, ready to run")
                    .clicked()
            {
                action = Some(WelcomeAction::TrySample);
            }
        });
    });
    action
}
