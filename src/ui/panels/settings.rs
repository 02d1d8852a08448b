//! Settings: the API key (typed, stored in the keychain, forgotten), region or base URL, the
//! output folder, the theme and the interface size. The key field is write-only: the key is
//! never shown.

use egui::RichText;

use crate::api::client::ApiKey;
use crate::api::region::{Endpoint, REGIONS, normalize_base_url};
use crate::jobs::key_check::KeyCheck;
use crate::store::settings::{Settings, ThemeChoice};
use crate::ui::theme;

/// The free key check, as the window shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyCheckState {
    pub checking: bool,
    pub last: Option<KeyCheck>,
}

/// What only the panel keeps: the key being typed (taken out of the field when it is stored).
#[derive(Default)]
pub struct SettingsState {
    pub key_field: String,
    /// The toolbar's Settings was pressed: the section opens and scrolls into view.
    pub reveal: bool,
}

/// What the panel reads.
pub struct SettingsView<'a> {
    /// Where the key in use comes from (`None`: no key yet).
    pub key_source: Option<&'static str>,
    pub keychain_state: &'a str,
    /// A key typed in or read from the keychain is held (it can be forgotten).
    pub has_key: bool,
    /// That key is in the keychain (else it is kept for this run only).
    pub key_stored: bool,
    pub key_check: &'a KeyCheckState,
}

/// The key, when there is one, prints as `ApiKey(…)`: never itself.
#[derive(Debug, Clone)]
pub enum SettingsAction {
    StoreKey(ApiKey),
    /// Check the key with one free request.
    CheckKey,
    ForgetKey,
    /// The interface size changed from the slider.
    Zoom(f32),
}

/// Shows the settings; the plain values (endpoint, folder, theme) are edited in place.
pub fn show(
    ui: &mut egui::Ui,
    settings: &mut Settings,
    state: &mut SettingsState,
    view: &SettingsView,
) -> Option<SettingsAction> {
    let mut action = None;
    let reveal = std::mem::take(&mut state.reveal);
    let shown = egui::CollapsingHeader::new(crate::t!("settings-heading"))
        .id_salt("settings")
        .default_open(false)
        .open(reveal.then_some(true))
        .show(ui, |ui| {
            match view.key_source {
                Some("DASHSCOPE_API_KEY") => {
                    ui.label(crate::t!("settings-key-from-env"));
                }
                Some(_) => {
                    ui.label(crate::t!("settings-key-stored"));
                }
                None => {
                    ui.label(RichText::new(crate::t!("settings-no-key")).color(theme::warn(ui)));
                }
            }
            if let Some(a) = key_field(ui, state, &crate::t!("settings-api-key")) {
                action = Some(a);
            }
            ui.label(
                RichText::new(crate::t!("settings-keychain", state = view.keychain_state)).small(),
            );
            if let Some(a) = key_check(ui, view.key_check, view.key_source.is_some()) {
                action = Some(a);
            }
            let forget = if view.key_stored {
                crate::t!("settings-forget-key")
            } else {
                crate::t!("settings-forget-run-key")
            };
            if view.has_key && ui.small_button(forget).clicked() {
                action = Some(SettingsAction::ForgetKey);
            }
            ui.add_space(crate::ui::theme::space::TIGHT);
            region(ui, &mut settings.endpoint, RegionPlace::Settings);
            let l = ui.label(crate::t!("settings-output-folder"));
            let mut out = settings.out_dir.display().to_string();
            if ui
                .add(egui::TextEdit::singleline(&mut out).id_salt("settings-out-dir"))
                .labelled_by(l.id)
                .changed()
            {
                settings.out_dir = std::path::PathBuf::from(out);
            }
            ui.add_space(crate::ui::theme::space::TIGHT);
            let l = ui.label(crate::t!("settings-language"));
            let system = crate::t!("settings-language-system");
            let shown = settings
                .language
                .map_or(system.clone(), |l| l.native_name().to_string());
            egui::ComboBox::from_id_salt("language")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut settings.language, None, system);
                    for lang in crate::i18n::Lang::ALL {
                        ui.selectable_value(&mut settings.language, Some(lang), lang.native_name());
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label(crate::t!("settings-theme"));
            egui::ComboBox::from_id_salt("theme")
                .selected_text(theme_label(settings.theme))
                .show_ui(ui, |ui| {
                    for t in ThemeChoice::ALL {
                        ui.selectable_value(&mut settings.theme, t, theme_label(t));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.horizontal(|ui| {
                let l = ui.label(crate::t!("settings-interface-size"));
                let mut pct = (settings.ui_zoom * 100.0).round();
                let (lo, hi) = (
                    theme::ZOOM_RANGE.start() * 100.0,
                    theme::ZOOM_RANGE.end() * 100.0,
                );
                if ui
                    .add(
                        egui::Slider::new(&mut pct, lo..=hi)
                            .suffix(" %")
                            .step_by(10.0),
                    )
                    .labelled_by(l.id)
                    .on_hover_text(crate::t!("settings-interface-size-hover"))
                    .changed()
                {
                    settings.ui_zoom = pct / 100.0;
                    action = Some(SettingsAction::Zoom(settings.ui_zoom));
                }
            });
            ui.horizontal(|ui| {
                let l = ui.label(crate::t!("settings-jpeg-quality"));
                ui.add(egui::Slider::new(&mut settings.jpeg_quality, 50..=100))
                    .labelled_by(l.id)
                    .on_hover_text(crate::t!("settings-jpeg-quality-hover"));
            });
            // Result names: a template, said wrong at once (the default is used meanwhile).
            let l = ui.label(crate::t!("settings-result-names"));
            ui.add(
                egui::TextEdit::singleline(&mut settings.result_names)
                    .id_salt("settings-result-names"),
            )
            .labelled_by(l.id)
            .on_hover_text(crate::t!("settings-result-names-hover"));
            if let Err(why) = crate::jobs::naming::check_template(&settings.result_names) {
                ui.label(RichText::new(why.words()).small().color(theme::error(ui)));
            }
        });
    if reveal {
        shown.header_response.scroll_to_me(Some(egui::Align::TOP));
    }
    action
}

/// The write-only key field; a key is taken out of it (and stored) when the field loses focus
/// or Enter is pressed.
pub fn key_field(
    ui: &mut egui::Ui,
    state: &mut SettingsState,
    label: &str,
) -> Option<SettingsAction> {
    let l = ui.label(label);
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut state.key_field)
                .id_salt(("key-field", label))
                .password(true)
                .hint_text("sk-…"),
        )
        .labelled_by(l.id);
    if field.lost_focus() {
        return ApiKey::new(std::mem::take(&mut state.key_field)).map(SettingsAction::StoreKey);
    }
    None
}

/// The Check key button and what the last check found.
pub fn key_check(
    ui: &mut egui::Ui,
    check: &KeyCheckState,
    has_key: bool,
) -> Option<SettingsAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        let why = if has_key {
            crate::t!("settings-check-key-hover")
        } else {
            crate::t!("settings-check-key-first")
        };
        if crate::ui::widgets::icon_button(
            ui,
            crate::ui::widgets::icon::KEY,
            crate::t!("settings-check-key"),
            has_key && !check.checking,
        )
        .on_hover_text(&why)
        .on_disabled_hover_text(&why)
        .clicked()
        {
            action = Some(SettingsAction::CheckKey);
        }
        if check.checking {
            ui.spinner();
            ui.label(crate::t!("settings-checking-key"));
        }
    });
    if let Some(c) = &check.last
        && !check.checking
    {
        let colour = match c {
            KeyCheck::Valid(_) => theme::ok(ui),
            KeyCheck::Refused(_) | KeyCheck::WrongPlace(_) => theme::error(ui),
            KeyCheck::NoConnection(_) => theme::warn(ui),
        };
        ui.label(RichText::new(c.sentence().words()).color(colour));
    }
    action
}

/// A region's name in the window's language (its key `region-<id>`), or the catalog's.
pub fn region_label(r: &crate::api::region::Region) -> String {
    crate::store::prices::region_label(r.id).words()
}

/// Where a region key (a region's id, or another endpoint's) is, in the window's language.
pub fn region_key_label(key: &str) -> String {
    crate::store::prices::region_label(key).words()
}

/// A theme's name in the window's language.
pub fn theme_label(t: ThemeChoice) -> String {
    match t {
        ThemeChoice::System => crate::t!("theme-system"),
        ThemeChoice::Light => crate::t!("theme-light"),
        ThemeChoice::Dark => crate::t!("theme-dark"),
    }
}

/// Where the region picker is drawn: Settings, and the first run's steps (both may be on screen
/// at once, each with its own widgets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionPlace {
    Settings,
    Welcome,
}

/// The base URL field's id where it is drawn.
pub fn base_url_field(place: RegionPlace) -> egui::Id {
    egui::Id::unique(match place {
        RegionPlace::Settings => "base-url-field-settings",
        RegionPlace::Welcome => "base-url-field-welcome",
    })
}

/// Whether a base URL field has the keyboard (a key check waits while one is being typed).
pub fn typing_base_url(ctx: &egui::Context) -> bool {
    ctx.memory(|m| {
        [RegionPlace::Settings, RegionPlace::Welcome]
            .iter()
            .any(|p| m.has_focus(base_url_field(*p)))
    })
}

/// Region picker (keys belong to one region), and the base URL field for a custom one.
pub fn region(ui: &mut egui::Ui, endpoint: &mut Endpoint, place: RegionPlace) {
    let l = ui.label(crate::t!("settings-region"));
    let current = match &*endpoint {
        Endpoint::Shared { region } | Endpoint::Workspace { region, .. } => region.clone(),
        Endpoint::Custom { .. } => "custom".into(),
    };
    let mut chosen = current.clone();
    egui::ComboBox::from_id_salt(("region", place))
        .selected_text(
            REGIONS
                .iter()
                .find(|r| r.id == current)
                .map(region_label)
                .unwrap_or_else(|| crate::t!("settings-custom-base-url")),
        )
        .show_ui(ui, |ui| {
            for r in REGIONS {
                let mut hover = crate::t!("settings-region-models", models = r.wan_models);
                if r.is_token_plan() {
                    hover = format!("{hover}\n{}", crate::api::token_plan::catalog_lines());
                }
                ui.selectable_value(&mut chosen, r.id.to_string(), region_label(r))
                    .on_hover_text(hover);
            }
            ui.selectable_value(
                &mut chosen,
                "custom".to_string(),
                crate::t!("settings-custom-base-url"),
            );
        })
        .response
        .labelled_by(l.id);
    if chosen != current {
        // A base URL typed, then a region tried, then Custom again: the URL typed comes back.
        let typed = egui::Id::unique("custom-base-url-typed");
        if let Endpoint::Custom { base_url } = &*endpoint {
            let kept = base_url.clone();
            ui.ctx().data_mut(|d| d.insert_temp(typed, kept));
        }
        *endpoint = if chosen == "custom" {
            Endpoint::Custom {
                base_url: ui
                    .ctx()
                    .data(|d| d.get_temp::<String>(typed))
                    .unwrap_or_else(|| "https://dashscope-intl.aliyuncs.com/api/v1".into()),
            }
        } else {
            Endpoint::Shared { region: chosen }
        };
    }
    if let Endpoint::Custom { base_url } = endpoint {
        let l = ui.label(crate::t!("settings-base-url"));
        // A stable id: a line said above it (a key check's answer) must not take its focus;
        // the window waits with its key check while this field has the keyboard.
        ui.add(egui::TextEdit::singleline(base_url).id(base_url_field(place)))
            .labelled_by(l.id);
        if let Err(e) = normalize_base_url(base_url) {
            ui.label(RichText::new(e.words()).small().color(theme::error(ui)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_for_this_thread};
    use crate::store::KeychainError;
    use egui_kittest::kittest::Queryable;

    /// Without a keychain: the sentence is the window's own (in its language, no library words),
    /// and Forget says the key is kept for this run only; with the keychain's key, it says it
    /// forgets the stored one.
    #[test]
    fn the_keychain_is_said_in_the_windows_words_and_forget_says_what_it_forgets() {
        set_for_this_thread(Some(Lang::Ja));
        let e = KeychainError::Unavailable("org.freedesktop.DBus.Error.ServiceUnknown".into());
        let said = e.sentence().words();
        assert!(!said.contains("DBus"), "{said}");
        assert!(said.contains("この実行中だけ"), "{said}");
        set_for_this_thread(Some(Lang::En));
        for (stored, word) in [
            (false, "Forget the key (kept for this run only)"),
            (true, "Forget the stored key"),
        ] {
            let state = KeyCheckState::default();
            let sentence = KeychainError::Unavailable("x".into()).sentence().words();
            let mut h = egui_kittest::Harness::builder()
                .with_context_setup(crate::ui::install_look)
                .build_ui_state(
                    |ui, (settings, panel): &mut (Settings, SettingsState)| {
                        let view = SettingsView {
                            key_source: Some("settings"),
                            keychain_state: &sentence,
                            has_key: true,
                            key_stored: stored,
                            key_check: &state,
                        };
                        show(ui, settings, panel, &view);
                    },
                    (Settings::default(), SettingsState::default()),
                );
            h.get_by_label("Settings").click();
            h.run();
            h.get_by_label(word);
        }
    }
}
