//! The session: the key and its checks, the settings, the language and theme applied.

use crate::api::client::{ApiKey, Timing};
use crate::api::region::Endpoint;
use crate::ui::app::{KeyCheckState, Settings};
use crate::ui::panels::settings::SettingsState;
use crate::ui::theme::ThemeChoice;

pub struct Session {
    pub settings: Settings,
    /// A key typed in (or read from the keychain); `DASHSCOPE_API_KEY` wins when set.
    pub(crate) api_key: Option<ApiKey>,
    pub(crate) settings_panel: SettingsState,
    /// Poll and retry timing (tests make it fast).
    pub timing: Timing,
    /// Where the stored key stands, for the settings panel.
    pub keychain_state: String,
    /// What the keychain last said, to say again in another language.
    pub(crate) keychain_last: Option<crate::ui::app::KeychainSaid>,
    /// The free key check: whether one is running, and what the last one found.
    pub key_check: KeyCheckState,
    /// The (base URL, key fingerprint) checked last: a change of key or region checks again,
    /// quietly. The fingerprint is a hash kept in memory only.
    pub(crate) checked_for: Option<(String, u64)>,
    /// Key checks sent and not answered yet: a quiet one may still be out when the user asks
    /// for one, and "checking" lasts until the last has answered.
    pub(crate) key_checks_out: usize,
    /// Check the key quietly whenever it or the region changes (on by default).
    pub auto_key_check: bool,
    /// Whether the system keychain answered (None: not asked yet); without one the key is kept
    /// for this run only, and the welcome says so.
    pub keychain_works: Option<bool>,
    /// The key held is the keychain's (else one kept for this run only).
    pub key_stored: bool,
    /// The key held was typed into this window (it then wins over DASHSCOPE_API_KEY).
    pub key_typed: bool,
    /// Whether the system keychain is used (the window: yes; UI tests: no, so that they never
    /// touch a real keychain).
    pub use_keychain: bool,
    /// The base URL field has the keyboard (this frame).
    pub(crate) typing: bool,
    /// While DASHSCOPE_HTTP_BASE_URL is in use: its endpoint, and the one the settings
    /// remembered (saved back in its place).
    pub(crate) env_endpoint: Option<(Endpoint, Endpoint)>,
    /// The language the window was last set to (a change in Settings applies at once).
    pub(crate) applied_language: Option<crate::i18n::Lang>,
    /// The theme last applied (applied again when settings change it).
    pub(crate) applied_theme: Option<ThemeChoice>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            settings: Settings::default(),
            api_key: None,
            settings_panel: SettingsState::default(),
            timing: Timing::default(),
            keychain_state: crate::t!("keychain-not-used"),
            keychain_last: None,
            key_check: KeyCheckState::default(),
            checked_for: None,
            key_checks_out: 0,
            auto_key_check: true,
            keychain_works: None,
            key_stored: false,
            key_typed: false,
            use_keychain: false,
            typing: false,
            env_endpoint: None,
            applied_language: None,
            applied_theme: None,
        }
    }
}

impl Session {
    /// Where requests go: the chosen region's (or the environment's) base URL, or why there is
    /// none (a custom URL that is no URL), in the window's words.
    pub fn base_url(&self) -> Result<String, String> {
        self.settings.endpoint.base_url().map_err(|e| e.words())
    }

    /// The settings as they are kept between runs: the region the designer chose stays
    /// remembered while the environment's base URL is in use (unless they chose another in the
    /// window meanwhile).
    pub fn settings_to_keep(&self) -> Settings {
        let mut settings = self.settings.clone();
        if let Some((env, chosen)) = &self.env_endpoint
            && settings.endpoint == *env
        {
            settings.endpoint = chosen.clone();
        }
        settings
    }

    /// Takes kept settings back; while `env_base_url` (DASHSCOPE_HTTP_BASE_URL) is set and
    /// valid, the connection is the environment's, and the remembered region is kept for when
    /// it is not.
    pub fn restore_settings(&mut self, kept: Settings, env_base_url: Option<&str>) {
        let chosen = kept.endpoint.clone();
        self.settings = kept;
        if let Some(base_url) = env_base_url
            && crate::api::region::normalize_base_url(base_url).is_ok()
        {
            let env = Endpoint::Custom {
                base_url: base_url.to_string(),
            };
            self.settings.endpoint = env.clone();
            self.env_endpoint = Some((env, chosen));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environments_base_url_is_used_and_the_chosen_region_is_what_is_kept() {
        let mut s = Session::default();
        let kept = Settings {
            jpeg_quality: 77,
            ..Settings::default()
        };
        let chosen = kept.endpoint.clone();
        s.restore_settings(kept, Some("http://127.0.0.1:9/api/v1"));
        assert_eq!(
            s.settings.endpoint,
            Endpoint::Custom {
                base_url: "http://127.0.0.1:9/api/v1".into()
            }
        );
        assert_eq!(
            s.settings.jpeg_quality, 77,
            "every other setting comes back"
        );
        assert_eq!(s.settings_to_keep().endpoint, chosen);
        // A region chosen in the window meanwhile is the one kept.
        let other = Endpoint::Custom {
            base_url: "https://example.com/api/v1".into(),
        };
        s.settings.endpoint = other.clone();
        assert_eq!(s.settings_to_keep().endpoint, other);
    }

    #[test]
    fn a_base_url_that_is_no_url_is_not_used() {
        let mut s = Session::default();
        let kept = Settings::default();
        let chosen = kept.endpoint.clone();
        s.restore_settings(kept, Some("not a url"));
        assert_eq!(s.settings.endpoint, chosen);
        assert_eq!(s.settings_to_keep().endpoint, chosen);
    }
}
