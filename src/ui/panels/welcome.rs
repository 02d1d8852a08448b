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
    let text = crate::t!("welcome-step", number = n, name = name);
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
        ui.label(
            RichText::new(crate::t!("welcome-title"))
                .size(24.0)
                .strong(),
        );
        ui.label(crate::t!("welcome-intro"));
        ui.add_space(12.0);

        heading(ui, 1, &crate::t!("welcome-region"), valid);
        ui.label(crate::t!("welcome-region-text"));
        settings::region(ui, endpoint);
        ui.add_space(12.0);

        heading(
            ui,
            2,
            &crate::t!("welcome-key"),
            view.key_source.is_some() && valid,
        );
        match view.key_source {
            Some("DASHSCOPE_API_KEY") => {
                ui.label(crate::t!("welcome-key-from-env"));
            }
            Some(_) if view.keychain_used => {
                ui.label(crate::t!("welcome-keychain", state = view.keychain_state));
            }
            Some(_) => {
                ui.label(crate::t!("welcome-key-this-run"))
                    .on_hover_text(view.keychain_state);
            }
            None => {
                if view.keychain_used {
                    ui.label(crate::t!("welcome-paste-key-keychain"));
                } else {
                    ui.label(crate::t!("welcome-paste-key-no-keychain"))
                        .on_hover_text(view.keychain_state);
                }
                if let Some(a) = settings::key_field(ui, key_state, &crate::t!("welcome-your-key"))
                {
                    action = Some(WelcomeAction::Key(a));
                }
            }
        }
        if let Some(a) = settings::key_check(ui, view.key_check, view.key_source.is_some()) {
            action = Some(WelcomeAction::Key(a));
        }
        ui.add_space(12.0);

        heading(ui, 3, &crate::t!("welcome-images"), view.images > 0);
        ui.label(crate::t!("welcome-images-text"));
        ui.horizontal(|ui| {
            if icon_button(ui, icon::ADD_IMAGES, crate::t!("toolbar-add-images"), true).clicked() {
                action = Some(WelcomeAction::AddFiles);
            }
            if icon_button(ui, icon::FOLDER, crate::t!("toolbar-browse"), true)
                .on_hover_text(crate::t!("welcome-browse-hover"))
                .clicked()
            {
                action = Some(WelcomeAction::BrowseHere);
            }
            if view.images == 0
                && icon_button(ui, icon::SAMPLE, crate::t!("welcome-sample"), true)
                    .on_hover_text(crate::t!("welcome-sample-hover"))
                    .clicked()
            {
                action = Some(WelcomeAction::TrySample);
            }
        });
    });
    action
}
