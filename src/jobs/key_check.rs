//! Checking a key for free: one authenticated request that creates nothing billable, the
//! temporary-upload policy request (`GET /uploads?action=getPolicy&model=…`, §3.1). It proves the
//! key is accepted where requests go (keys are per region), without a task, an upload or an image.

use crate::api::client::Client;
use crate::api::error::ApiError;

/// What the check found, each with its sentence (never the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyCheck {
    /// The service accepted the key.
    Valid(String),
    /// The service answered and refused (a wrong key, a key from another region, a disabled
    /// account…): the sentence says what to do.
    Refused(String),
    /// No answer from the service (offline, a proxy, a wrong base URL).
    NoConnection(String),
}

impl KeyCheck {
    pub fn sentence(&self) -> &str {
        match self {
            KeyCheck::Valid(s) | KeyCheck::Refused(s) | KeyCheck::NoConnection(s) => s,
        }
    }

    /// The command line's exit status: 0 valid, 1 refused, 2 no connection.
    pub fn exit_code(&self) -> u8 {
        match self {
            KeyCheck::Valid(_) => 0,
            KeyCheck::Refused(_) => 1,
            KeyCheck::NoConnection(_) => 2,
        }
    }
}

/// Checks `client`'s key where it sends requests; `place` names that place in the sentence
/// ("Singapore (international)", a workspace, a base URL). `model` is what the policy is asked
/// for: the service wants one; any Wan model the region serves will do.
pub async fn check_key(client: &Client, model: &str, place: &str) -> KeyCheck {
    match client.upload_policy(model).await {
        Ok(_) => KeyCheck::Valid(format!("the key is valid for {place}")),
        Err(ApiError::Service { status, code, .. }) if status == 401 || code == "InvalidApiKey" => {
            KeyCheck::Refused(format!(
                "this key is not valid in {place}; keys are per region — pick the region the key was made in, or make a key for this region in the Model Studio console"
            ))
        }
        Err(e @ ApiError::Service { .. }) => {
            KeyCheck::Refused(format!("{place} refused the key check: {e}"))
        }
        Err(ApiError::Unreachable { host, detail }) => KeyCheck::NoConnection(format!(
            "no connection to {host} ({detail}); check the network, a proxy (HTTPS_PROXY) or the region and base URL, then check again"
        )),
        // An answer that is not the service's: a proxy or captive portal in between.
        Err(e) => KeyCheck::NoConnection(format!(
            "the answer from {place} did not come from the service ({e}); a proxy or captive portal may be in between"
        )),
    }
}
