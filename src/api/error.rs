//! Errors of the engine, each a sentence that says what happened and what to do next.
//!
//! The service's `code`, `message` and `request_id` are kept verbatim. The API key never appears
//! here: nothing that builds these errors has it.

use thiserror::Error;

use super::validate::Problem;

/// Whether a failed call may have been accepted (and billed) by the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The request never left: no connection could be made. Safe to resend.
    NotSent,
    /// The request was sent and no answer came: the service may have accepted it.
    Unanswered,
}

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("{}", join_problems(.0))]
    Invalid(Vec<Problem>),

    #[error("{}", service_sentence(*.status, .code, .message, .request_id.as_deref()))]
    Service {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },

    #[error("{}", crate::t!("err-task-failed", task = .task_id.as_str(), code = .code.as_str(), message = .message.as_str(), rid = rid(.request_id.as_deref())))]
    TaskFailed {
        task_id: String,
        code: String,
        message: String,
        request_id: Option<String>,
    },

    #[error("{}", crate::t!("err-task-canceled", task = .task_id.as_str(), rid = rid(.request_id.as_deref())))]
    TaskCanceled {
        task_id: String,
        request_id: Option<String>,
    },

    #[error("{}", crate::t!("err-task-unknown", task = .task_id.as_str(), rid = rid(.request_id.as_deref())))]
    TaskUnknown {
        task_id: String,
        request_id: Option<String>,
    },

    #[error("{}", crate::t!("err-unreachable", host = .host.as_str(), detail = connection_reason(.detail)))]
    Unreachable { host: String, detail: String },

    #[error("{}", crate::t!("err-no-answer", detail = connection_reason(.detail)))]
    NoAnswer { detail: String },

    #[error("{}", crate::t!("err-malformed", status = *.status, rid = rid(.request_id.as_deref()), snippet = .snippet.as_str()))]
    Malformed {
        status: u16,
        snippet: String,
        request_id: Option<String>,
    },

    #[error("{}", crate::t!("err-result-expired", name = .name.as_str(), status = *.status))]
    ResultExpired { name: String, status: u16 },

    #[error("{}", crate::t!("err-download", name = .name.as_str(), detail = .detail.as_str()))]
    Download { name: String, detail: String },

    #[error("{}", crate::t!("err-upload", name = .name.as_str(), detail = .detail.as_str()))]
    Upload { name: String, detail: String },

    #[error("{}", crate::t!("err-read-input", path = .path.as_str(), detail = .detail.as_str()))]
    ReadInput { path: String, detail: String },

    #[error("{}", crate::t!("err-write-output", path = .path.as_str(), detail = .detail.as_str()))]
    WriteOutput { path: String, detail: String },

    #[error("{}", crate::t!("err-no-key"))]
    NoKey,

    /// History or the task journal could not be written before the call: a paid result could
    /// be lost, so nothing is sent.
    #[error("{}", crate::t!("err-not-recorded", sentence = .sentence.as_str()))]
    NotRecorded { sentence: String },

    /// A journaled task found again after the service's 24 hours.
    #[error("{sentence}")]
    TaskExpired { sentence: String },

    #[error("{}", crate::t!("err-canceled-before"))]
    Canceled,

    /// A task that did not end in time (a deadline, or still running well after an accepted
    /// cancel): it stays journaled and `wanedit resume` goes on with it.
    #[error("{}", crate::t!("err-still-running", task = .task_id.as_str(), detail = .detail.as_str(), rid = rid(.request_id.as_deref())))]
    StillRunning {
        task_id: String,
        detail: String,
        request_id: Option<String>,
    },

    /// Another live wanedit process owns this task, batch or job and goes on with it: nothing
    /// was sent, polled or downloaded here. `elsewhere` says where ("in another wanedit (pid
    /// 4711)").
    #[error("{}", crate::t!("err-elsewhere", what = .what.as_str(), elsewhere = .elsewhere.as_str()))]
    Elsewhere { what: String, elsewhere: String },

    /// The service said it succeeded but gave no image.
    #[error("{}", crate::t!("err-no-results", detail = .detail.as_str(), rid = rid(.request_id.as_deref())))]
    NoResults {
        detail: String,
        request_id: Option<String>,
    },

    /// A paid request answered with a redirect: it is not sent again to another host.
    #[error("{}", crate::t!("err-redirected", host = .host.as_str(), status = *.status, location = .location.as_str()))]
    Redirected {
        host: String,
        status: u16,
        location: String,
    },

    /// An answer larger than any real one.
    #[error("{}", crate::t!("err-too-large", host = .host.as_str(), limit = *.limit_mb))]
    TooLarge { host: String, limit_mb: u64 },

    #[error("{}", crate::t!("err-cancel-refused", task = .task_id.as_str(), detail = .detail.as_str(), rid = rid(.request_id.as_deref())))]
    CancelRefused {
        task_id: String,
        detail: String,
        request_id: Option<String>,
    },
}

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

/// The part of a connection error a person can act on (the full chain is in the log).
pub fn connection_reason(detail: &str) -> String {
    let d = detail.to_ascii_lowercase();
    if d.contains("dns") || d.contains("lookup") || d.contains("name or service not known") {
        crate::t!("keycheck-dns")
    } else if d.contains("refused") {
        crate::t!("keycheck-refused-connection")
    } else if d.contains("timed out") || d.contains("timeout") {
        crate::t!("keycheck-timeout")
    } else if d.contains("certificate") || d.contains("tls") {
        crate::t!("keycheck-tls")
    } else {
        detail.chars().take(160).collect()
    }
}

fn rid(request_id: Option<&str>) -> String {
    request_id
        .map(|r| format!(" (request_id {r})"))
        .unwrap_or_default()
}

fn join_problems(p: &[Problem]) -> String {
    p.iter()
        .map(|p| p.0.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What to do next for the codes a user can act on (§8).
fn advice(status: u16, code: &str) -> Option<String> {
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
    Some(crate::i18n::text(key, None))
}

/// Our sentence around the service's own code and message, which stay as they came.
fn service_sentence(status: u16, code: &str, message: &str, request_id: Option<&str>) -> String {
    match advice(status, code) {
        Some(advice) => crate::t!(
            "err-service-advice",
            status = status,
            code = code,
            message = message,
            advice = advice,
            rid = rid(request_id)
        ),
        None => crate::t!(
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
