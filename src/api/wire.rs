//! Response shapes (§6) and what we read out of them.
//!
//! Every field is optional: the service's answers differ by model family and by outcome, and a
//! missing field must not turn a paid result into a parse error.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::untrusted::{self, CODE_CHARS, ID_CHARS, MESSAGE_CHARS, TEXT_CHARS, URL_CHARS};

/// A list the docs show may be `null` (the Python example's `"choices": null`) or absent: both
/// read as empty, and so does a value of the wrong type, rather than losing the whole answer.
fn list<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// A text field: a string, a number read as text, anything else as absent.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// An object that does not read as its type is taken as absent (a paid result must not be
/// lost to an odd `usage`).
fn lenient<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApiResponse {
    /// The Java SDK's rendering says `requestId`.
    #[serde(default, alias = "requestId", deserialize_with = "text")]
    pub request_id: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub output: Option<Output>,
    #[serde(default, deserialize_with = "lenient")]
    pub usage: Option<Usage>,
    /// Error bodies (§6.4) and the old top-level failed-query shape.
    #[serde(default, deserialize_with = "text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub message: Option<String>,
    /// Some error bodies say `msg` instead of `message` (the SDK reads both).
    #[serde(default, deserialize_with = "text")]
    pub msg: Option<String>,
}

impl ApiResponse {
    /// Every text in the answer cleaned (see [`untrusted::clean`]): from here on nothing the
    /// server said can carry an escape sequence, a key or a 200 MB id.
    pub fn cleaned(mut self) -> ApiResponse {
        use untrusted::clean_opt;
        self.request_id = clean_opt(self.request_id, ID_CHARS);
        self.code = clean_opt(self.code, CODE_CHARS);
        self.message = clean_opt(self.message, MESSAGE_CHARS);
        self.msg = clean_opt(self.msg, MESSAGE_CHARS);
        if let Some(o) = self.output.as_mut() {
            o.task_id = clean_opt(o.task_id.take(), ID_CHARS);
            o.task_status = clean_opt(o.task_status.take(), CODE_CHARS);
            o.code = clean_opt(o.code.take(), CODE_CHARS);
            o.message = clean_opt(o.message.take(), MESSAGE_CHARS);
            for c in &mut o.choices {
                if let Some(m) = c.message.as_mut() {
                    for p in &mut m.content {
                        p.image = clean_opt(p.image.take(), URL_CHARS);
                        p.text = clean_opt(p.text.take(), TEXT_CHARS);
                        p.kind = clean_opt(p.kind.take(), CODE_CHARS);
                    }
                }
            }
            for r in &mut o.results {
                r.url = clean_opt(r.url.take(), URL_CHARS);
                r.code = clean_opt(r.code.take(), CODE_CHARS);
                r.message = clean_opt(r.message.take(), MESSAGE_CHARS);
            }
        }
        if let Some(u) = self.usage.as_mut() {
            u.size = clean_opt(u.size.take(), CODE_CHARS);
        }
        self
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Output {
    #[serde(default, deserialize_with = "text")]
    pub task_id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub task_status: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub choices: Vec<Choice>,
    /// wan2.5's result list.
    #[serde(default, deserialize_with = "list")]
    pub results: Vec<SynthesisResult>,
    #[serde(default, deserialize_with = "text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub submit_time: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub scheduled_time: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Choice {
    #[serde(default, deserialize_with = "text")]
    pub finish_reason: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub message: Option<ChoiceMessage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChoiceMessage {
    #[serde(default, deserialize_with = "list")]
    pub content: Vec<ContentPart>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContentPart {
    #[serde(rename = "type", default, deserialize_with = "text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub image: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SynthesisResult {
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub actual_prompt: Option<String>,
}

/// What a call was billed for and what it made (§11).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub image_count: Option<u32>,
    /// Real output size `W*H`.
    pub size: Option<String>,
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub total_tokens: Option<u64>,
}

/// One piece of a result, in the order the service returned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutputItem {
    Image {
        url: String,
    },
    /// wan2.6 mixed-mode text, or wan2.5's rewritten prompt is not one of these.
    Text {
        text: String,
    },
    /// wan2.5: a sub-image that failed while others succeeded.
    Failed {
        code: String,
        message: String,
    },
}

/// The task state as the service reports it (§7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    Pending,
    Running,
    Succeeded,
    Failed,
    Canceled,
    Unknown,
    /// Any other value (e.g. the SDK enum's SUSPENDED): keep polling.
    Other,
}

impl TaskStatus {
    pub fn parse(s: &str) -> TaskStatus {
        match s {
            "PENDING" => TaskStatus::Pending,
            "RUNNING" => TaskStatus::Running,
            "SUCCEEDED" => TaskStatus::Succeeded,
            "FAILED" => TaskStatus::Failed,
            "CANCELED" => TaskStatus::Canceled,
            "UNKNOWN" => TaskStatus::Unknown,
            _ => TaskStatus::Other,
        }
    }
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            TaskStatus::Succeeded | TaskStatus::Failed | TaskStatus::Canceled | TaskStatus::Unknown
        )
    }
    /// The status as words to say ("waiting in the queue (PENDING)"), the service's own word
    /// kept beside it for looking it up.
    pub fn said(self) -> crate::i18n::Said {
        let code = self.label();
        match self {
            TaskStatus::Pending => crate::said!("task-status-pending", code = code),
            TaskStatus::Running => crate::said!("task-status-running", code = code),
            TaskStatus::Succeeded => crate::said!("task-status-succeeded", code = code),
            TaskStatus::Failed => crate::said!("task-status-failed", code = code),
            TaskStatus::Canceled => crate::said!("task-status-canceled", code = code),
            TaskStatus::Unknown | TaskStatus::Other => {
                crate::said!("task-status-unknown", code = code)
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::Pending => "PENDING",
            TaskStatus::Running => "RUNNING",
            TaskStatus::Succeeded => "SUCCEEDED",
            TaskStatus::Failed => "FAILED",
            TaskStatus::Canceled => "CANCELED",
            TaskStatus::Unknown => "UNKNOWN",
            TaskStatus::Other => "OTHER",
        }
    }
}

impl Output {
    /// Every image and text part across all choices (wan2.7/2.6) and results (wan2.5), in order.
    pub fn items(&self) -> Vec<OutputItem> {
        let mut out = Vec::new();
        for choice in &self.choices {
            let Some(msg) = &choice.message else { continue };
            for part in &msg.content {
                if let Some(url) = &part.image {
                    out.push(OutputItem::Image { url: url.clone() });
                } else if let Some(text) = &part.text
                    && part.kind.as_deref() != Some("image")
                {
                    out.push(OutputItem::Text { text: text.clone() });
                }
            }
        }
        for r in &self.results {
            match (&r.url, &r.code) {
                (Some(url), _) => out.push(OutputItem::Image { url: url.clone() }),
                (None, Some(code)) => out.push(OutputItem::Failed {
                    code: code.clone(),
                    message: r.message.clone().unwrap_or_default(),
                }),
                (None, None) => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_image_across_choices_in_order() {
        let body = r#"{"output": {"choices": [
            {"finish_reason": "stop", "message": {"role": "assistant", "content": [
                {"image": "https://r/1.png", "type": "image"}]}},
            {"finish_reason": "stop", "message": {"role": "assistant", "content": [
                {"type": "text", "text": "Step two"}, {"image": "https://r/2.png", "type": "image"}]}}],
            "finished": true},
            "usage": {"image_count": 2, "size": "1488*704", "input_tokens": 1, "output_tokens": 2, "total_tokens": 3},
            "request_id": "rid-1"}"#;
        let r: ApiResponse = serde_json::from_str(body).unwrap();
        let items = r.output.unwrap().items();
        assert_eq!(
            items,
            vec![
                OutputItem::Image {
                    url: "https://r/1.png".into()
                },
                OutputItem::Text {
                    text: "Step two".into()
                },
                OutputItem::Image {
                    url: "https://r/2.png".into()
                },
            ]
        );
        assert_eq!(r.usage.unwrap().size.as_deref(), Some("1488*704"));
    }

    #[test]
    fn reads_wan25_results_with_a_failed_sub_image() {
        let body = r#"{"request_id": "x", "output": {"task_id": "t", "task_status": "SUCCEEDED",
            "results": [{"orig_prompt": "p", "url": "https://r/a.png"}, {"code": "DataInspectionFailed", "message": "bad"}],
            "task_metrics": {"TOTAL": 2, "SUCCEEDED": 1, "FAILED": 1}}, "usage": {"image_count": 1}}"#;
        let r: ApiResponse = serde_json::from_str(body).unwrap();
        let out = r.output.unwrap();
        assert_eq!(
            TaskStatus::parse(out.task_status.as_deref().unwrap()),
            TaskStatus::Succeeded
        );
        assert_eq!(
            out.items(),
            vec![
                OutputItem::Image {
                    url: "https://r/a.png".into()
                },
                OutputItem::Failed {
                    code: "DataInspectionFailed".into(),
                    message: "bad".into()
                },
            ]
        );
    }

    /// Every answer example of the docs' page (the seed, Python and Java renderings and curl)
    /// and of the contract's §6, as the data they are: each parses, with its status, images
    /// and request id.
    #[test]
    fn every_answer_example_of_the_docs_parses() {
        // (file, task_status, images, request_id starts with, error code)
        type Case = (
            &'static str,
            Option<&'static str>,
            usize,
            &'static str,
            Option<&'static str>,
        );
        let cases: &[Case] = &[
            ("seed-line-086.json", None, 1, "81d868c6", None),
            ("seed-line-223.json", None, 1, "1bf6173a", None),
            ("seed-line-279.json", None, 1, "71dfc3c6", None),
            ("seed-line-413.json", Some("PENDING"), 0, "4fb3050f", None),
            ("seed-line-416.json", Some("SUCCEEDED"), 1, "3b99aae5", None),
            ("seed-line-531.json", Some("PENDING"), 0, "ccf4b2f4", None),
            ("seed-line-534.json", Some("SUCCEEDED"), 1, "60a08540", None),
            ("seed-line-562.json", Some("PENDING"), 0, "4909100c", None),
            ("seed-line-575.json", Some("SUCCEEDED"), 1, "810fa5f5", None),
            (
                "spec-6.3-wan25-succeeded.json",
                Some("SUCCEEDED"),
                1,
                "d1f2a1be",
                None,
            ),
            ("spec-6.3-failed.json", Some("FAILED"), 0, "a4d78a5f", None),
            ("spec-6.3-running.json", Some("RUNNING"), 0, "...", None),
            (
                "spec-6.4-error.json",
                None,
                0,
                "7438d53d",
                Some("InvalidApiKey"),
            ),
        ];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/spec-answers");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            cases.len(),
            "every example is checked"
        );
        for (file, status, images, rid, code) in cases {
            let body = std::fs::read(dir.join(file)).unwrap();
            let r = crate::api::client::parse_answer(200, &body);
            if let Some(code) = code {
                let e = r.expect_err(file);
                assert_eq!(e.code(), Some(*code), "{file}");
                assert!(e.request_id().unwrap().starts_with(rid), "{file}");
                continue;
            }
            let r = r.unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(r.request_id.as_deref().unwrap().starts_with(rid), "{file}");
            let out = r.output.unwrap_or_default();
            assert_eq!(out.task_status.as_deref(), *status, "{file}");
            let n = out
                .items()
                .iter()
                .filter(|i| matches!(i, OutputItem::Image { .. }))
                .count();
            assert_eq!(n, *images, "{file}");
        }
    }

    #[test]
    fn statuses() {
        assert!(TaskStatus::parse("UNKNOWN").is_terminal());
        assert!(!TaskStatus::parse("SUSPENDED").is_terminal());
        assert!(!TaskStatus::parse("RUNNING").is_terminal());
    }
}
