//! What lives outside the process: the API key in the OS keychain (keyring: Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows). Settings persist through eframe's
//! storage (see `ui::Persisted`); the key never goes there, nor into any file wanedit writes.

pub mod fs;
pub mod history;
mod history_files;
pub mod journal;
pub mod ledger;
mod lineage;
pub mod owner;
mod picks;
pub mod prices;
pub mod recipes;
pub mod session;
pub mod settings;

use crate::api::client::ApiKey;

const USER: &str = "dashscope-api-key";

/// The keychain entry's service name: `wanedit`, or `WANEDIT_KEYCHAIN_SERVICE` (tests use their
/// own, so they never touch a real user's key).
fn service() -> String {
    std::env::var("WANEDIT_KEYCHAIN_SERVICE").unwrap_or_else(|_| "wanedit".into())
}

/// Why the keychain could not be used. The sentences never contain the key.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum KeychainError {
    #[error(
        "no system keychain is available ({0}); install and unlock one (GNOME Keyring, KWallet) or set DASHSCOPE_API_KEY; a key typed in is kept for this session only"
    )]
    Unavailable(String),
    #[error("the system keychain refused access ({0}); unlock it and try again")]
    Refused(String),
}

impl KeychainError {
    /// What the window says, in its language: what it means for the key and what to do,
    /// without the platform library's own words (those go to the log).
    pub fn sentence(&self) -> crate::i18n::Said {
        match self {
            KeychainError::Unavailable(_) => crate::said!("keychain-unavailable"),
            KeychainError::Refused(_) => crate::said!("keychain-refused"),
        }
    }
}

fn map(e: keyring::Error) -> KeychainError {
    use keyring::Error as E;
    // Only the error kind is kept: platform messages can quote attributes, never the secret,
    // but a short kind is all the user needs.
    match e {
        E::NoStorageAccess(inner) => KeychainError::Refused(first_line(&inner.to_string())),
        E::NoDefaultStore | E::PlatformFailure(_) => {
            KeychainError::Unavailable(first_line(&e.to_string()))
        }
        other => KeychainError::Unavailable(first_line(&other.to_string())),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(160).collect()
}

fn entry() -> Result<keyring::Entry, KeychainError> {
    keyring::Entry::new(&service(), USER).map_err(map)
}

/// The stored key, `None` when none is stored. Blocking (D-Bus on Linux): call it off the UI
/// thread.
pub fn load_key() -> Result<Option<ApiKey>, KeychainError> {
    match entry()?.get_password() {
        Ok(k) => Ok(ApiKey::new(k)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(map(e)),
    }
}

/// Stores the key. Blocking.
pub fn save_key(key: &ApiKey) -> Result<(), KeychainError> {
    entry()?.set_password(key.expose()).map_err(map)
}

/// Removes the stored key (nothing stored is fine). Blocking.
pub fn delete_key() -> Result<(), KeychainError> {
    match entry()?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(map(e)),
    }
}

/// The key to use: `DASHSCOPE_API_KEY` wins over the keychain. Also says where it came from.
pub fn resolve_key() -> (Option<ApiKey>, KeySource) {
    if let Some(k) = ApiKey::from_env() {
        return (Some(k), KeySource::Environment);
    }
    match load_key() {
        Ok(Some(k)) => (Some(k), KeySource::Keychain),
        Ok(None) => (None, KeySource::None),
        Err(e) => (None, KeySource::KeychainError(e)),
    }
}

/// Where the key in use comes from.
#[derive(Debug, PartialEq, Eq)]
pub enum KeySource {
    Environment,
    Keychain,
    None,
    KeychainError(KeychainError),
}
