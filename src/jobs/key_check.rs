//! Checking a key for free: one authenticated request that creates nothing billable, the
//! temporary-upload policy request (`GET /uploads?action=getPolicy&model=…`, §3.1). It proves the
//! key is accepted where requests go (keys are per region), without a task, an upload or an image.

use crate::api::client::Client;
use crate::api::error::{ApiError, connection_reason};
use crate::i18n::Said;

/// What the check found, each with its sentence (never the key).
#[derive(Debug, Clone, PartialEq)]
pub enum KeyCheck {
    /// The service accepted the key.
    Valid(Said),
    /// The service answered and refused (a wrong key, a key from another region, a disabled
    /// account…): the sentence says what to do.
    Refused(Said),
    /// No answer from the service (offline, a proxy, a wrong base URL).
    NoConnection(Said),
    /// Not asked: the key does not belong where requests go (a Token Plan key with another
    /// region, or the reverse), which wanedit sees from the key itself.
    WrongPlace(Said),
}

impl KeyCheck {
    /// Two or three words for the status bar (the sentence is on hover).
    pub fn short(&self) -> &'static str {
        match self {
            KeyCheck::Valid(_) => "valid",
            KeyCheck::Refused(_) => "refused",
            KeyCheck::WrongPlace(_) => "not for this region",
            KeyCheck::NoConnection(_) => "no connection",
        }
    }

    pub fn sentence(&self) -> &Said {
        match self {
            KeyCheck::Valid(s)
            | KeyCheck::Refused(s)
            | KeyCheck::NoConnection(s)
            | KeyCheck::WrongPlace(s) => s,
        }
    }

    /// The command line's exit status: 0 valid, 1 refused, 2 no connection.
    pub fn exit_code(&self) -> u8 {
        match self {
            KeyCheck::Valid(_) => 0,
            KeyCheck::Refused(_) | KeyCheck::WrongPlace(_) => 1,
            KeyCheck::NoConnection(_) => 2,
        }
    }
}

/// Checks `client`'s key where it sends requests; `place` names that place in the sentence
/// ("Singapore (international)", a workspace, a base URL). `model` is what the policy is asked
/// for: the service wants one; any Wan model the region serves will do.
/// What it says is kept as words: whoever shows it puts them into its language.
pub async fn check_key(client: &Client, model: &str, place: &Said) -> KeyCheck {
    if let Err(why) = client.pairing() {
        return KeyCheck::WrongPlace(why);
    }
    let answer = if client.token_plan() {
        // Token Plan confirms no upload policy: its one path, with a body it must refuse.
        use crate::api::token_plan::MODELS;
        let model = MODELS.iter().find(|m| **m == model).unwrap_or(&MODELS[0]);
        client.plan_key_check(model).await
    } else {
        client.upload_policy(model).await.map(|_| ())
    };
    found(answer, place)
}

fn found(answer: Result<(), ApiError>, place: &Said) -> KeyCheck {
    match answer {
        Ok(_) => KeyCheck::Valid(crate::said!("keycheck-valid", place = place.clone())),
        Err(ApiError::Service { status, code, .. }) if status == 401 || code == "InvalidApiKey" => {
            KeyCheck::Refused(crate::said!("keycheck-invalid", place = place.clone()))
        }
        Err(e @ ApiError::Service { .. }) => KeyCheck::Refused(crate::said!(
            "keycheck-service-refused",
            place = place.clone(),
            why = e.said()
        )),
        Err(ApiError::Unreachable { host, detail }) => KeyCheck::NoConnection(crate::said!(
            "keycheck-no-connection",
            host = host,
            why = connection_reason(&detail)
        )),
        // An answer that is not the service's: a proxy or captive portal in between.
        Err(e) => KeyCheck::NoConnection(crate::said!(
            "keycheck-not-the-service",
            place = place.clone(),
            why = e.said()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_errors_are_said_in_words_a_person_can_act_on() {
        assert_eq!(
            connection_reason(
                "error sending request for url (https://x/): client error (Connect): dns error: failed to lookup address information: Name or service not known"
            )
            .words_in(crate::i18n::Lang::En),
            "its name could not be looked up: offline, or DNS is blocked"
        );
        assert_eq!(
            connection_reason(
                "client error (Connect): tcp connect error: Connection refused (os error 111)"
            )
            .words_in(crate::i18n::Lang::En),
            "the connection was refused"
        );
        assert_eq!(
            connection_reason("operation timed out").words_in(crate::i18n::Lang::En),
            "no answer in time"
        );
        assert_eq!(
            connection_reason("something else").words_in(crate::i18n::Lang::En),
            "something else"
        );
    }
}
