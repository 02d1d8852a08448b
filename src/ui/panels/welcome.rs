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
                Some(Missing::Refused(why.words()))
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
        ui.add_space(crate::ui::theme::space::SECTION);
        ui.label(
            RichText::new(crate::t!("welcome-title"))
                .size(24.0)
                .strong(),
        );
        ui.label(crate::t!("welcome-intro"));
        ui.add_space(crate::ui::theme::space::SECTION);

        heading(ui, 1, &crate::t!("welcome-region"), valid);
        ui.label(crate::t!("welcome-region-text"));
        settings::region(ui, endpoint, settings::RegionPlace::Welcome);
        ui.add_space(crate::ui::theme::space::SECTION);

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
        ui.add_space(crate::ui::theme::space::SECTION);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_for_this_thread};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    struct Steps {
        endpoint: Endpoint,
        key: SettingsState,
        check: KeyCheckState,
        key_source: Option<&'static str>,
        images: usize,
        actions: Vec<WelcomeAction>,
    }

    fn steps(key_source: Option<&'static str>, check: KeyCheckState) -> Harness<'static, Steps> {
        set_for_this_thread(Some(Lang::En));
        let mut h = Harness::builder()
            .with_size(egui::vec2(900.0, 900.0))
            .with_context_setup(crate::ui::install_look)
            .build_ui_state(
                |ui, s: &mut Steps| {
                    let view = WelcomeView {
                        key_source: s.key_source,
                        keychain_state: "GNOME Keyring",
                        keychain_used: true,
                        key_check: &s.check,
                        images: s.images,
                    };
                    if let Some(a) = show(ui, &mut s.endpoint, &mut s.key, &view) {
                        s.actions.push(a);
                    }
                },
                Steps {
                    endpoint: Endpoint::default(),
                    key: SettingsState::default(),
                    check,
                    key_source,
                    images: 0,
                    actions: Vec::new(),
                },
            );
        h.run();
        h
    }

    /// No key yet: the key step has a field whose key comes back as the action (and leaves the
    /// field), Check key waits for a key, and the images step's buttons say what they do.
    #[test]
    fn without_a_key_the_steps_take_one_and_offer_the_images() {
        let mut h = steps(None, KeyCheckState::default());
        h.get_by_label("Step 1: region");
        h.get_by_label("Step 2: API key");
        h.get_by_label("Step 3: images");
        h.get_by_label_contains("it is kept in the system keychain");
        h.get_by_label("Check key").click();
        h.run();
        assert!(h.state().actions.is_empty(), "no key to check yet");

        h.get_by_label("Your API key").focus();
        h.run();
        h.get_by_label("Your API key").type_text("sk-welcome-test");
        h.key_press(egui::Key::Enter);
        h.run();
        match h.state().actions.as_slice() {
            [WelcomeAction::Key(SettingsAction::StoreKey(k))] => {
                assert_eq!(k.expose(), "sk-welcome-test");
            }
            other => panic!("expected the key to be stored, got {other:?}"),
        }
        assert!(h.state().key.key_field.is_empty(), "the field keeps no key");

        h.state_mut().actions.clear();
        for button in ["Add images…", "Browse here…", "Try a sample"] {
            h.get_by_label(button).click();
            h.run();
        }
        assert!(
            matches!(
                h.state().actions.as_slice(),
                [
                    WelcomeAction::AddFiles,
                    WelcomeAction::BrowseHere,
                    WelcomeAction::TrySample
                ]
            ),
            "{:?}",
            h.state().actions
        );
        // Once there is an image the sample is not offered.
        h.state_mut().images = 1;
        h.run();
        assert!(h.query_by_label("Try a sample").is_none());
    }

    /// A key from the keychain: no field, where it is kept, the last check's sentence, Check
    /// key as the action; the region picked is written into the endpoint.
    #[test]
    fn with_a_key_the_steps_say_where_it_is_and_check_it() {
        let check = KeyCheckState {
            checking: false,
            last: Some(KeyCheck::Valid("the key works in Singapore".into())),
        };
        let mut h = steps(Some("keychain"), check);
        assert!(h.query_by_label("Your API key").is_none());
        h.get_by_label("Keychain: GNOME Keyring.");
        h.get_by_label("the key works in Singapore");
        h.get_by_label("Check key").click();
        h.run();
        assert!(
            matches!(
                h.state().actions.as_slice(),
                [WelcomeAction::Key(SettingsAction::CheckKey)]
            ),
            "{:?}",
            h.state().actions
        );

        h.get_by_label("Region").click();
        h.run();
        h.get_by_label("US (Virginia)").click();
        h.run();
        assert_eq!(
            h.state().endpoint,
            Endpoint::Shared {
                region: "us-east-1".into()
            }
        );
    }

    /// The bar above the canvas says what Run still needs; its button asks for the key step.
    #[test]
    fn the_missing_bar_says_what_run_needs() {
        assert_eq!(Missing::of(false, None), Some(Missing::Key));
        assert_eq!(
            Missing::of(true, Some(&KeyCheck::Refused("wrong region".into()))),
            Some(Missing::Refused("wrong region".into()))
        );
        assert_eq!(Missing::of(true, Some(&KeyCheck::Valid("ok".into()))), None);
        set_for_this_thread(Some(Lang::En));
        let mut h = Harness::builder()
            .with_size(egui::vec2(900.0, 100.0))
            .with_context_setup(crate::ui::install_look)
            .build_ui_state(
                |ui, clicks: &mut usize| {
                    if missing_bar(ui, &Missing::Refused("a key of another region".into())) {
                        *clicks += 1;
                    }
                },
                0,
            );
        h.run();
        h.get_by_label("The key was refused: a key of another region");
        assert_eq!(*h.state(), 0);
        h.get_by_label("Set up the key…").click();
        h.run();
        assert_eq!(*h.state(), 1);
    }
}
