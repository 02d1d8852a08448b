//! Errors of the engine, each a sentence that says what happened and what to do next.
//!
//! The service's `code`, `message` and `request_id` are kept verbatim. The API key never appears
//! here: nothing that builds these errors has it.

use serde::{Deserialize, Serialize};

use crate::i18n::Said;

use super::validate::Problem;

/// Whether a failed call may have been accepted (and billed) by the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The request never left: no connection could be made. Safe to resend.
    NotSent,
    /// The request was sent and no answer came: the service may have accepted it.
    Unanswered,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ApiError {
    Invalid(Vec<Problem>),

    Service {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },

    TaskFailed {
        task_id: String,
        code: String,
        message: String,
        request_id: Option<String>,
    },

    TaskCanceled {
        task_id: String,
        request_id: Option<String>,
    },

    TaskUnknown {
        task_id: String,
        request_id: Option<String>,
    },

    Unreachable {
        host: String,
        detail: Said,
    },

    NoAnswer {
        detail: Said,
    },

    Malformed {
        status: u16,
        snippet: String,
        request_id: Option<String>,
    },

    ResultExpired {
        name: String,
        status: u16,
    },

    Download {
        name: String,
        detail: Said,
    },

    Upload {
        name: String,
        detail: Said,
    },

    ReadInput {
        path: String,
        detail: Said,
    },

    WriteOutput {
        path: String,
        detail: Said,
    },

    NoKey,

    /// History or the task journal could not be written before the call: a paid result could
    /// be lost, so nothing is sent.
    NotRecorded {
        sentence: Said,
    },

    /// A journaled task found again after the service's 24 hours.
    TaskExpired {
        sentence: Said,
    },

    Canceled,

    /// A task that did not end in time (a deadline, or still running well after an accepted
    /// cancel): it stays journaled and `wanedit resume` goes on with it.
    StillRunning {
        task_id: String,
        detail: Said,
        request_id: Option<String>,
    },

    /// Another live wanedit process owns this task, batch or job and goes on with it: nothing
    /// was sent, polled or downloaded here. `elsewhere` says where ("in another wanedit (pid
    /// 4711)").
    Elsewhere {
        what: Said,
        elsewhere: Said,
    },

    /// The service said it succeeded but gave no image.
    NoResults {
        detail: Said,
        request_id: Option<String>,
    },

    /// A paid request answered with a redirect: it is not sent again to another host.
    Redirected {
        host: String,
        status: u16,
        location: String,
    },

    /// An answer larger than any real one.
    TooLarge {
        host: String,
        limit_mb: u64,
    },

    CancelRefused {
        task_id: String,
        detail: Said,
        request_id: Option<String>,
    },
}

impl ApiError {
    /// What happened and what to do, kept as words to say (put into the language of the
    /// moment when shown).
    pub fn said(&self) -> Said {
        match self {
            ApiError::Invalid(p) => join_problems(p),
            ApiError::Service {
                status,
                code,
                message,
                request_id,
            } => service_sentence(*status, code, message, request_id.as_deref()),
            ApiError::TaskFailed {
                task_id,
                code,
                message,
                request_id,
            } => crate::said!(
                "err-task-failed",
                task = task_id.as_str(),
                code = code.as_str(),
                message = message.as_str(),
                rid = rid(request_id.as_deref())
            ),
            ApiError::TaskCanceled {
                task_id,
                request_id,
            } => crate::said!(
                "err-task-canceled",
                task = task_id.as_str(),
                rid = rid(request_id.as_deref())
            ),
            ApiError::TaskUnknown {
                task_id,
                request_id,
            } => crate::said!(
                "err-task-unknown",
                task = task_id.as_str(),
                rid = rid(request_id.as_deref())
            ),
            ApiError::Unreachable { host, detail } => crate::said!(
                "err-unreachable",
                host = host.as_str(),
                detail = connection_reason(detail)
            ),
            ApiError::NoAnswer { detail } => {
                crate::said!("err-no-answer", detail = connection_reason(detail))
            }
            ApiError::Malformed {
                status,
                snippet,
                request_id,
            } => crate::said!(
                "err-malformed",
                status = *status,
                rid = rid(request_id.as_deref()),
                snippet = snippet.as_str()
            ),
            ApiError::ResultExpired { name, status } => {
                crate::said!("err-result-expired", name = name.as_str(), status = *status)
            }
            ApiError::Download { name, detail } => crate::said!(
                "err-download",
                name = name.as_str(),
                detail = detail.clone()
            ),
            ApiError::Upload { name, detail } => {
                crate::said!("err-upload", name = name.as_str(), detail = detail.clone())
            }
            ApiError::ReadInput { path, detail } => crate::said!(
                "err-read-input",
                path = path.as_str(),
                detail = detail.clone()
            ),
            ApiError::WriteOutput { path, detail } => crate::said!(
                "err-write-output",
                path = path.as_str(),
                detail = detail.clone()
            ),
            ApiError::NoKey => crate::said!("err-no-key"),
            ApiError::NotRecorded { sentence } => {
                crate::said!("err-not-recorded", sentence = sentence.clone())
            }
            ApiError::TaskExpired { sentence } => sentence.clone(),
            ApiError::Canceled => crate::said!("err-canceled-before"),
            ApiError::StillRunning {
                task_id,
                detail,
                request_id,
            } => crate::said!(
                "err-still-running",
                task = task_id.as_str(),
                detail = detail.clone(),
                rid = rid(request_id.as_deref())
            ),
            ApiError::Elsewhere { what, elsewhere } => crate::said!(
                "err-elsewhere",
                what = what.clone(),
                elsewhere = elsewhere.clone()
            ),
            ApiError::NoResults { detail, request_id } => crate::said!(
                "err-no-results",
                detail = detail.clone(),
                rid = rid(request_id.as_deref())
            ),
            ApiError::Redirected {
                host,
                status,
                location,
            } => crate::said!(
                "err-redirected",
                host = host.as_str(),
                status = *status,
                location = location.as_str()
            ),
            ApiError::TooLarge { host, limit_mb } => {
                crate::said!("err-too-large", host = host.as_str(), limit = *limit_mb)
            }
            ApiError::CancelRefused {
                task_id,
                detail,
                request_id,
            } => crate::said!(
                "err-cancel-refused",
                task = task_id.as_str(),
                detail = detail.clone(),
                rid = rid(request_id.as_deref())
            ),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.said().words())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The service's request id, when the error came with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Service { request_id, .. }
            | ApiError::TaskFailed { request_id, .. }
            | ApiError::TaskCanceled { request_id, .. }
            | ApiError::TaskUnknown { request_id, .. }
            | ApiError::StillRunning { request_id, .. }
            | ApiError::NoResults { request_id, .. }
            | ApiError::Malformed { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The service's error code, when there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Service { code, .. } | ApiError::TaskFailed { code, .. } => Some(code),
            _ => None,
        }
    }

    /// A 429 that is about rate, not quota: safe to retry with backoff (§13, §15).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, ApiError::Service { status: 429, code, .. } if code != "Throttling.AllocationQuota")
    }
}

/// What [`connection_reason`] reads: a library's own text, or words already said.
pub trait ConnectionDetail {
    /// The library's text to read for its cause, or the words that already say it.
    fn text_or_said(&self) -> Result<&str, &Said>;
}

impl ConnectionDetail for str {
    fn text_or_said(&self) -> Result<&str, &Said> {
        Ok(self)
    }
}

impl ConnectionDetail for String {
    fn text_or_said(&self) -> Result<&str, &Said> {
        Ok(self)
    }
}

impl ConnectionDetail for Said {
    fn text_or_said(&self) -> Result<&str, &Said> {
        match self {
            Said::Plain(s) => Ok(s),
            said => Err(said),
        }
    }
}

/// The part of a connection error a person can act on (the full chain is in the log). Words
/// already said (a message, not a library's text) are kept as they are.
pub fn connection_reason<D: ConnectionDetail + ?Sized>(detail: &D) -> Said {
    let detail = match detail.text_or_said() {
        Ok(text) => text,
        Err(said) => return said.clone(),
    };
    let d = detail.to_ascii_lowercase();
    if d.contains("dns") || d.contains("lookup") || d.contains("name or service not known") {
        crate::said!("keycheck-dns")
    } else if d.contains("refused") {
        crate::said!("keycheck-refused-connection")
    } else if d.contains("timed out") || d.contains("timeout") {
        crate::said!("keycheck-timeout")
    } else if d.contains("certificate") || d.contains("tls") {
        crate::said!("keycheck-tls")
    } else {
        Said::Plain(detail.chars().take(160).collect())
    }
}

fn rid(request_id: Option<&str>) -> String {
    request_id
        .map(|r| format!(" (request_id {r})"))
        .unwrap_or_default()
}

fn join_problems(p: &[Problem]) -> Said {
    Said::Joined {
        parts: p.iter().map(|p| p.0.clone()).collect(),
        sep: "\n".into(),
    }
}

/// What to do next for the codes a user can act on (§8).
fn advice(status: u16, code: &str) -> Option<Said> {
    let key = match (status, code) {
        (_, "InvalidApiKey") | (401, _) => "advice-key",
        (_, "DataInspectionFailed") | (_, "IPInfringementSuspect") => "advice-moderation",
        (_, "Throttling.AllocationQuota") => "advice-quota",
        (429, _) => "advice-rate",
        (_, "Arrearage") => "advice-overdue",
        (403, _) => "advice-forbidden",
        (404, _) => "advice-not-found",
        (413, _) => "advice-too-large",
        (400, _) => "advice-bad-request",
        (500..=599, _) => "advice-server",
        _ => return None,
    };
    Some(Said::Message {
        key: key.into(),
        args: Vec::new(),
    })
}

/// Our sentence around the service's own code and message, which stay as they came.
fn service_sentence(status: u16, code: &str, message: &str, request_id: Option<&str>) -> Said {
    match advice(status, code) {
        Some(advice) => crate::said!(
            "err-service-advice",
            status = status,
            code = code,
            message = message,
            advice = advice,
            rid = rid(request_id)
        ),
        None => crate::said!(
            "err-service",
            status = status,
            code = code,
            message = message,
            rid = rid(request_id)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_error_sentence_keeps_code_message_and_request_id() {
        let e = ApiError::Service {
            status: 401,
            code: "InvalidApiKey".into(),
            message: "Invalid API-key provided.".into(),
            request_id: Some("rid-9".into()),
        };
        assert_eq!(
            e.to_string(),
            "the service refused the request (HTTP 401 InvalidApiKey): Invalid API-key provided.; check the API key, and that it belongs to the selected region (keys are per region) (request_id rid-9)"
        );
        assert_eq!(e.request_id(), Some("rid-9"));
        assert!(!e.is_rate_limited());
    }

    #[test]
    fn old_entries_with_plain_details_read_and_new_ones_keep_their_words() {
        let old = r#"{"Download":{"name":"r.png","detail":"nothing arrived for 30 s"}}"#;
        let e: ApiError = serde_json::from_str(old).unwrap();
        assert_eq!(
            e,
            ApiError::Download {
                name: "r.png".into(),
                detail: Said::Plain("nothing arrived for 30 s".into()),
            }
        );
        let new = ApiError::StillRunning {
            task_id: "t-1".into(),
            detail: crate::said!("still-running-after-wait", minutes = 5u64),
            request_id: None,
        };
        let back: ApiError = serde_json::from_str(&serde_json::to_string(&new).unwrap()).unwrap();
        assert_eq!(back, new);
        let ja = back.said().words_in(crate::i18n::Lang::Ja);
        assert!(
            ja.contains(
                &crate::said!("still-running-after-wait", minutes = 5u64)
                    .words_in(crate::i18n::Lang::Ja)
            ),
            "{ja}"
        );
    }

    #[test]
    fn a_connection_reason_reads_library_text_and_keeps_words_already_said() {
        let broke = crate::said!("connection-broke", why = crate::said!("keycheck-timeout"));
        assert_eq!(connection_reason(&broke), broke);
        assert_eq!(
            connection_reason(&Said::Plain("operation timed out".into())),
            crate::said!("keycheck-timeout")
        );
        assert_eq!(
            connection_reason("dns error: failed to lookup"),
            crate::said!("keycheck-dns")
        );
    }

    #[test]
    fn only_rate_429s_are_retryable() {
        let mk = |code: &str| ApiError::Service {
            status: 429,
            code: code.into(),
            message: String::new(),
            request_id: None,
        };
        assert!(mk("Throttling.RateQuota").is_rate_limited());
        assert!(mk("Throttling").is_rate_limited());
        assert!(!mk("Throttling.AllocationQuota").is_rate_limited());
    }
}
