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

    #[error("the task {task_id} failed: {code}: {message}{}; nothing was billed", rid(.request_id.as_deref()))]
    TaskFailed {
        task_id: String,
        code: String,
        message: String,
        request_id: Option<String>,
    },

    #[error("the task {task_id} was canceled{}", rid(.request_id.as_deref()))]
    TaskCanceled {
        task_id: String,
        request_id: Option<String>,
    },

    #[error("the service no longer knows task {task_id} (UNKNOWN): tasks are kept for 24 hours, or the id belongs to another region or account{}", rid(.request_id.as_deref()))]
    TaskUnknown {
        task_id: String,
        request_id: Option<String>,
    },

    #[error(
        "could not reach {host}: {detail}; check the network and the region / base URL in settings"
    )]
    Unreachable { host: String, detail: String },

    #[error(
        "the generation request was sent but no answer came ({detail}); it may still run and be billed, so it was not resent: check the console's task list before trying again"
    )]
    NoAnswer { detail: String },

    #[error("the service answered HTTP {status} with a body wanedit cannot read{}: {snippet}", rid(.request_id.as_deref()))]
    Malformed {
        status: u16,
        snippet: String,
        request_id: Option<String>,
    },

    #[error(
        "the result {name} has expired (HTTP {status}): result links last 24 hours; run the job again"
    )]
    ResultExpired { name: String, status: u16 },

    #[error(
        "downloading the result {name} failed: {detail}; the task's results stay downloadable for 24 hours"
    )]
    Download { name: String, detail: String },

    #[error("uploading {name} to temporary storage failed: {detail}")]
    Upload { name: String, detail: String },

    #[error("could not read {path}: {detail}")]
    ReadInput { path: String, detail: String },

    #[error("could not write {path}: {detail}; choose another output folder or free some space")]
    WriteOutput { path: String, detail: String },

    #[error(
        "no API key: set DASHSCOPE_API_KEY, or store one with `wanedit key set` or in the app's settings"
    )]
    NoKey,

    /// History or the task journal could not be written before the call: a paid result could
    /// be lost, so nothing is sent.
    #[error("{sentence}; nothing was sent")]
    NotRecorded { sentence: String },

    /// A journaled task found again after the service's 24 hours.
    #[error("{sentence}")]
    TaskExpired { sentence: String },

    #[error("cancelled before the request was sent; nothing was billed")]
    Canceled,

    /// A task that did not end in time (a deadline, or still running well after an accepted
    /// cancel): it stays journaled and `wanedit resume` goes on with it.
    #[error("the task {task_id} {detail}; it stays recorded: wanedit resume (or reopening the window) fetches its result while the service keeps it (24 hours){}", rid(.request_id.as_deref()))]
    StillRunning {
        task_id: String,
        detail: String,
        request_id: Option<String>,
    },

    /// The service said it succeeded but gave no image.
    #[error("the service reported success but returned no image{detail}; nothing can be saved: run the job again, and quote the request_id if it keeps happening{}", rid(.request_id.as_deref()))]
    NoResults {
        detail: String,
        request_id: Option<String>,
    },

    /// A paid request answered with a redirect: it is not sent again to another host.
    #[error(
        "{host} answered the request with a redirect (HTTP {status}) to {location}; wanedit does not send a paid request on to another address: check the region / base URL in settings"
    )]
    Redirected {
        host: String,
        status: u16,
        location: String,
    },

    /// An answer larger than any real one.
    #[error(
        "{host} sent an answer larger than {limit_mb} MB, far beyond any real one; it was not read: check the base URL in settings"
    )]
    TooLarge { host: String, limit_mb: u64 },

    #[error("the task {task_id} could not be cancelled ({detail}): only a PENDING task can be, so it may still finish and be billed{}", rid(.request_id.as_deref()))]
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
fn advice(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (_, "InvalidApiKey") | (401, _) => {
            "check the API key, and that it belongs to the selected region (keys are per region)"
        }
        (_, "DataInspectionFailed") | (_, "IPInfringementSuspect") => {
            "the content moderation refused the input or the output: change the prompt or the images"
        }
        (_, "Throttling.AllocationQuota") => {
            "the account's quota is used up: raise it in the console"
        }
        (429, _) => "too many requests: wait a minute and run it again",
        (_, "Arrearage") => "the account is overdue: settle it in the Alibaba Cloud console",
        (403, _) => {
            "the key may not use this model or workspace: activate the model in the console, or check the region"
        }
        (404, _) => "check the model name and the region / base URL",
        (413, _) => "the request is too large: use fewer or smaller images",
        (400, _) => "change what the message names and run it again",
        (500..=599, _) => "the service had a problem: try again in a little while",
        _ => "",
    }
}

fn service_sentence(status: u16, code: &str, message: &str, request_id: Option<&str>) -> String {
    let advice = advice(status, code);
    let mut s = format!("the service refused the request (HTTP {status} {code}): {message}");
    if !advice.is_empty() {
        s.push_str("; ");
        s.push_str(advice);
    }
    s.push_str(&rid(request_id));
    s
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
