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

/// Whether the welcome steps take the canvas area: while there is nothing to show. An opened
/// photo is shown at once, key or not ([`missing_bar`] says what Run still needs).
pub fn needed(images: usize) -> bool {
    images == 0
}

/// What Run still needs while images are shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Missing {
    /// No key at all.
    Key,
    /// The service refused the key (its sentence says why: often another region's key).
    Refused(String),
}

impl Missing {
    pub fn of(has_key: bool, check: Option<&KeyCheck>) -> Option<Missing> {
        match (has_key, check) {
            (false, _) => Some(Missing::Key),
            (true, Some(KeyCheck::Refused(why) | KeyCheck::WrongPlace(why))) => {
                Some(Missing::Refused(why.clone()))
            }
            _ => None,
        }
    }
}

/// A slim bar above the canvas: what is missing, and a button to the key step (true: clicked).
pub fn missing_bar(ui: &mut egui::Ui, missing: &Missing) -> bool {
    let text = match missing {
        Missing::Key => crate::t!("welcome-bar-no-key"),
        Missing::Refused(why) => crate::t!("welcome-bar-refused", why = why.as_str()),
    };
    crate::ui::widgets::notice_bar(ui, |ui| {
        ui.label(icon::KEY.rich_text().color(theme::warn(ui)));
        ui.label(RichText::new(&text).color(theme::warn(ui)));
        icon_button(ui, icon::KEY, crate::t!("welcome-bar-set-up-key"), true).clicked()
    })
}

/// One step's heading: a mark for where it stands (icons, from the bundled icon font), its
/// number and its name; its accessible label is the words.
fn heading(ui: &mut egui::Ui, n: usize, name: &str, done: bool) {
    let (mark, colour) = if done {
        (icon::STEP_DONE, theme::ok(ui))
    } else {
        (icon::STEP_OPEN, theme::muted(ui))
    };
    let text = crate::t!("welcome-step", number = n, name = name);
    ui.horizontal(|ui| {
        ui.label(mark.rich_text().size(20.0).color(colour));
        let r = ui.label(RichText::new(&text).size(18.0).strong().color(colour));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    });
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
        settings::region(ui, endpoint, settings::RegionPlace::Welcome);
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
