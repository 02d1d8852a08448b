//! The API key: the keychain on the runtime, the key typed in, the environment's.

use super::*;

impl WanEditApp {
    /// Reads the stored key from the keychain on the runtime (blocking D-Bus stays off the UI).
    pub fn load_key_from_keychain(&mut self) {
        if !self.use_keychain {
            return;
        }
        let post = self.post.clone();
        self.keychain_state = "reading the keychain…".into();
        self.runtime.spawn_blocking(move || {
            post.send(Inbound::Keychain(KeychainNews::Loaded(
                crate::store::load_key(),
            )))
        });
    }

    /// Keeps `key` for this session and stores it in the keychain on the runtime.
    pub fn store_key(&mut self, key: ApiKey) {
        self.api_key = Some(key.clone());
        if !self.use_keychain {
            self.keychain_state = "not used: the key is kept for this session".into();
            return;
        }
        let post = self.post.clone();
        self.keychain_state = "storing in the keychain…".into();
        self.runtime.spawn_blocking(move || {
            post.send(Inbound::Keychain(KeychainNews::Saved(
                crate::store::save_key(&key),
            )))
        });
    }

    /// Forgets the key: this session's and the keychain's.
    pub fn forget_key(&mut self) {
        self.api_key = None;
        if !self.use_keychain {
            return;
        }
        let post = self.post.clone();
        self.keychain_state = "removing the key from the keychain…".into();
        self.runtime.spawn_blocking(move || {
            post.send(Inbound::Keychain(KeychainNews::Deleted(
                crate::store::delete_key(),
            )))
        });
    }

    pub(super) fn on_keychain(&mut self, news: KeychainNews) {
        self.keychain_state = match news {
            KeychainNews::Loaded(Ok(Some(k))) => {
                self.api_key.get_or_insert(k);
                "a key is stored in the system keychain".into()
            }
            KeychainNews::Loaded(Ok(None)) => "no key is stored in the system keychain".into(),
            KeychainNews::Saved(Ok(())) => "the key is stored in the system keychain".into(),
            KeychainNews::Deleted(Ok(())) => "no key is stored in the system keychain".into(),
            KeychainNews::Loaded(Err(e))
            | KeychainNews::Saved(Err(e))
            | KeychainNews::Deleted(Err(e)) => e.to_string(),
        };
    }

    /// Waits until the keychain has answered what was asked of it (tests).
    pub fn wait_keychain(&mut self, timeout: std::time::Duration) -> bool {
        self.pump_until(timeout, |a| !a.keychain_state.ends_with('…'))
    }

    /// Sets the key kept in memory (from the settings field or the keychain).
    pub fn set_api_key(&mut self, key: Option<ApiKey>) {
        self.api_key = key;
    }

    /// The key to use and where it comes from: the environment wins over the stored key.
    pub fn effective_key(&self) -> Option<(ApiKey, &'static str)> {
        ApiKey::from_env()
            .map(|k| (k, "DASHSCOPE_API_KEY"))
            .or_else(|| self.api_key.clone().map(|k| (k, "settings")))
    }
}
