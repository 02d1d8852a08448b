//! Response shapes (§6) and what we read out of them.
//!
//! Every field is optional: the service's answers differ by model family and by outcome, and a
//! missing field must not turn a paid result into a parse error.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApiResponse {
    pub request_id: Option<String>,
    pub output: Option<Output>,
    pub usage: Option<Usage>,
    /// Error bodies (§6.4) and the old top-level failed-query shape.
    pub code: Option<String>,
    pub message: Option<String>,
    /// Some error bodies say `msg` instead of `message` (the SDK reads both).
    pub msg: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Output {
    pub task_id: Option<String>,
    pub task_status: Option<String>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// wan2.5's result list.
    #[serde(default)]
    pub results: Vec<SynthesisResult>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub submit_time: Option<String>,
    pub scheduled_time: Option<String>,
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Choice {
    pub finish_reason: Option<String>,
    pub message: Option<ChoiceMessage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChoiceMessage {
    #[serde(default)]
    pub content: Vec<ContentPart>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContentPart {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub image: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SynthesisResult {
    pub url: Option<String>,
    pub code: Option<String>,
    pub message: Option<String>,
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

    #[test]
    fn statuses() {
        assert!(TaskStatus::parse("UNKNOWN").is_terminal());
        assert!(!TaskStatus::parse("SUSPENDED").is_terminal());
        assert!(!TaskStatus::parse("RUNNING").is_terminal());
    }
}
