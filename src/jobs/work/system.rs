//! The system's services: the keychain (blocking D-Bus, so on the blocking pool), the
//! process's termination signal, and the HTTP clients' certificates read ahead of need.

use crate::api::client::{ApiKey, Timing};
use crate::jobs::post::Post;
use crate::store::KeychainError;

/// What a keychain call reported.
pub enum KeychainNews {
    Loaded(Result<Option<ApiKey>, KeychainError>),
    Saved(Result<(), KeychainError>),
    Deleted(Result<(), KeychainError>),
}

/// What is asked of the keychain.
pub enum KeychainAsk {
    Load,
    Save(ApiKey),
    Delete,
}

pub enum SystemCommand {
    Keychain {
        ask: KeychainAsk,
        reply: Post<KeychainNews>,
    },
    /// Say when the process is asked to end (SIGTERM: a logout, a shutdown, `kill`).
    OnTerminate(Post<()>),
    /// Builds the HTTP clients once now, so that the first Run or key check does not read the
    /// system's certificates (see `Client::warm`).
    Warm,
}

pub(super) fn handle(rt: &tokio::runtime::Handle, command: SystemCommand) {
    match command {
        SystemCommand::Keychain { ask, reply } => {
            rt.spawn_blocking(move || {
                reply.send(match ask {
                    KeychainAsk::Load => KeychainNews::Loaded(crate::store::load_key()),
                    KeychainAsk::Save(key) => KeychainNews::Saved(crate::store::save_key(&key)),
                    KeychainAsk::Delete => KeychainNews::Deleted(crate::store::delete_key()),
                })
            });
        }
        SystemCommand::OnTerminate(said) => {
            #[cfg(unix)]
            rt.spawn(async move {
                use tokio::signal::unix::{SignalKind, signal};
                if let Ok(mut term) = signal(SignalKind::terminate()) {
                    term.recv().await;
                    tracing::info!("SIGTERM: closing the window");
                    said.send(());
                }
            });
            #[cfg(not(unix))]
            let _ = said;
        }
        SystemCommand::Warm => {
            rt.spawn_blocking(|| crate::api::client::Client::warm(&Timing::default()));
        }
    }
}
