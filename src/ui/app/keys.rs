//! The API key: the keychain on the runtime, the key typed in, the environment's.

use super::{Inbound, KeychainNews, WanEditApp};
use crate::api::client::{ApiKey, Client};
use crate::jobs::engine::JobCommand;
use crate::jobs::work::system::{KeychainAsk, SystemCommand};
use crate::ui::panels;

/// What the keychain last said (never the key), put into words when shown: again after a
/// language change.
#[derive(Debug, Clone, PartialEq)]
pub enum KeychainSaid {
    HasKey,
    NoKey,
    Stored,
    Failed(crate::store::KeychainError),
}

/// The keychain's state in the window's language.
pub(super) fn keychain_words(said: &KeychainSaid) -> String {
    match said {
        KeychainSaid::HasKey => crate::t!("keychain-has-key"),
        KeychainSaid::NoKey => crate::t!("keychain-no-key"),
        KeychainSaid::Stored => crate::t!("keychain-stored"),
        KeychainSaid::Failed(e) => e.sentence().words(),
    }
}
use crate::jobs::key_check::KeyCheck;
pub use crate::ui::panels::settings::KeyCheckState;

impl WanEditApp {
    /// Reads the stored key from the keychain on the runtime (blocking D-Bus stays off the UI).
    pub fn load_key_from_keychain(&mut self) {
        if !self.session.use_keychain {
            return;
        }
        self.session.keychain_state = crate::t!("keychain-reading");
        self.keychain(KeychainAsk::Load);
    }

    /// Keeps `key` for this session and stores it in the keychain on the runtime.
    pub fn store_key(&mut self, key: ApiKey) {
        self.session.api_key = Some(key.clone());
        self.session.key_stored = false;
        self.session.key_typed = true;
        if !self.session.use_keychain {
            self.session.keychain_state = crate::t!("keychain-not-used-session");
            return;
        }
        self.session.keychain_state = crate::t!("keychain-storing");
        self.keychain(KeychainAsk::Save(key));
    }

    /// Forgets the key: this session's and the keychain's.
    pub fn forget_key(&mut self) {
        self.session.api_key = None;
        self.session.key_stored = false;
        self.session.key_typed = false;
        if !self.session.use_keychain {
            return;
        }
        self.session.keychain_state = crate::t!("keychain-removing");
        self.keychain(KeychainAsk::Delete);
    }

    fn keychain(&self, ask: KeychainAsk) {
        self.door.send(SystemCommand::Keychain {
            ask,
            reply: self.post.map(Inbound::Keychain),
        });
    }

    pub(super) fn on_keychain(&mut self, news: KeychainNews) {
        self.session.keychain_works = Some(matches!(
            news,
            KeychainNews::Loaded(Ok(_))
                | KeychainNews::Saved(Ok(()))
                | KeychainNews::Deleted(Ok(()))
        ));
        // Whether the key held is the keychain's (Forget then removes it there too), or one
        // kept for this run only.
        match &news {
            KeychainNews::Loaded(Ok(Some(_))) | KeychainNews::Saved(Ok(())) => {
                self.session.key_stored = true
            }
            KeychainNews::Saved(Err(_)) | KeychainNews::Deleted(_) => {
                self.session.key_stored = false
            }
            _ => {}
        }
        let said = match news {
            KeychainNews::Loaded(Ok(Some(k))) => {
                self.session.api_key.get_or_insert(k);
                KeychainSaid::HasKey
            }
            KeychainNews::Loaded(Ok(None)) | KeychainNews::Deleted(Ok(())) => KeychainSaid::NoKey,
            KeychainNews::Saved(Ok(())) => KeychainSaid::Stored,
            KeychainNews::Loaded(Err(e))
            | KeychainNews::Saved(Err(e))
            | KeychainNews::Deleted(Err(e)) => {
                tracing::info!("the keychain: {e}");
                KeychainSaid::Failed(e)
            }
        };
        self.session.keychain_state = keychain_words(&said);
        self.session.keychain_last = Some(said);
    }

    /// Sets the key kept in memory (from the settings field or the keychain).
    pub fn set_api_key(&mut self, key: Option<ApiKey>) {
        self.session.api_key = key;
    }

    /// The key to use and where it comes from: the environment wins over the stored key.
    pub fn effective_key(&self) -> Option<(ApiKey, &'static str)> {
        // A key typed into this window is the designer's latest word: it wins over a (perhaps
        // wrong) DASHSCOPE_API_KEY; the keychain's key does not.
        if self.session.key_typed
            && let Some(k) = &self.session.api_key
        {
            return Some((k.clone(), "settings"));
        }
        ApiKey::from_env()
            .map(|k| (k, "DASHSCOPE_API_KEY"))
            .or_else(|| self.session.api_key.clone().map(|k| (k, "settings")))
    }
}

impl WanEditApp {
    /// Checks the key in use where requests go, with one free request (nothing billable is
    /// created). `quiet`: started by the window itself after a change; the answer goes to the
    /// key's line in Settings, the welcome steps and the status bar's right end, not over the
    /// status line's news.
    pub fn check_key(&mut self, quiet: bool) {
        let base = match self.session.settings.endpoint.base_url() {
            Ok(b) => b,
            Err(e) => {
                self.session.key_check.last = Some(KeyCheck::NoConnection(e));
                return;
            }
        };
        let Some((key, _)) = self.effective_key() else {
            self.session.key_check.last = Some(KeyCheck::Refused(crate::said!("key-none-yet")));
            return;
        };
        self.session.checked_for = Some((base.clone(), fingerprint(&key)));
        let client = Client::new(&base, key, self.session.timing.clone());
        self.session.key_check.checking = true;
        self.session.key_checks_out += 1;
        self.door.send(JobCommand::CheckKey {
            client,
            model: self.compose.model.id,
            place: self.session.settings.endpoint.place(),
            quiet,
        });
    }

    /// Checks again, quietly, once the key or where requests go has changed.
    pub(super) fn check_key_when_changed(&mut self) {
        if self.session.key_check.checking || self.session.typing {
            return;
        }
        let (Ok(base), Some((key, _))) = (
            self.session.settings.endpoint.base_url(),
            self.effective_key(),
        ) else {
            return;
        };
        if self.session.checked_for.as_ref() != Some(&(base, fingerprint(&key))) {
            self.check_key(true);
        }
    }

    pub(super) fn on_key_checked(&mut self, check: KeyCheck, quiet: bool) {
        self.session.key_checks_out = self.session.key_checks_out.saturating_sub(1);
        self.session.key_check.checking = self.session.key_checks_out > 0;
        if !quiet {
            match &check {
                KeyCheck::Valid(s) => self.say(s.words()),
                other => self.problem(other.sentence().words()),
            }
        }
        self.session.key_check.last = Some(check);
    }
}

/// A hash of the key, to notice that it changed; never stored or shown.
fn fingerprint(key: &ApiKey) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.expose().hash(&mut h);
    h.finish()
}

impl WanEditApp {
    /// Settings: the panel, and what it asks of the key and the zoom.
    pub(super) fn settings_ui(&mut self, ui: &mut egui::Ui) {
        let view = panels::settings::SettingsView {
            key_source: self.effective_key().map(|(_, s)| s),
            keychain_state: &self.session.keychain_state,
            has_key: self.session.api_key.is_some(),
            key_stored: self.session.key_stored,
            key_check: &self.session.key_check,
        };
        use panels::settings::SettingsAction as A;
        match panels::settings::show(
            ui,
            &mut self.session.settings,
            &mut self.session.settings_panel,
            &view,
        ) {
            Some(A::StoreKey(k)) => self.store_key(k),
            Some(A::CheckKey) => self.check_key(false),
            Some(A::ForgetKey) => self.forget_key(),
            Some(A::Zoom(z)) => ui.ctx().set_zoom_factor(z),
            None => {}
        }
    }
}
