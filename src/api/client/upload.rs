//! The temporary-storage upload (§3.1): its policy, the upload itself, object names.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::{Client, parse_json_answer, read_capped, snippet};
use crate::api::error::ApiError;
use crate::api::request;
use crate::api::untrusted::{self, ID_CHARS};
use crate::i18n::Said;

/// What an upload sends: bytes in memory, or a stream of `len` bytes (the caller reads them
/// from disk and checks them on the way; a stream that fails aborts the upload).
pub enum UploadBody {
    Bytes(Arc<Vec<u8>>),
    Stream { len: u64, body: reqwest::Body },
}

impl Client {
    /// Fetches a temporary-storage upload policy for `model` (§3.1).
    pub async fn upload_policy(&self, model: &str) -> Result<UploadPolicy, ApiError> {
        let (status, body) = self.send_free(&request::upload_policy(model)).await?;
        let v: Value = parse_json_answer(status, &body)?;
        let request_id = v
            .get("request_id")
            .and_then(Value::as_str)
            .map(|r| untrusted::clean(r, ID_CHARS));
        v.get("data")
            .cloned()
            .and_then(|d| serde_json::from_value::<UploadPolicy>(d).ok())
            .ok_or(ApiError::Malformed {
                status,
                snippet: "the upload policy has no data".into(),
                request_id,
            })
    }

    /// Token Plan's key check (see `api::token_plan`): its sync path with a body the service
    /// must refuse. `Ok` when it refused the body (400), which it does only for a key it took;
    /// the refusal of the key (401/403) or anything else as the error.
    pub async fn plan_key_check(&self, model: &str) -> Result<(), ApiError> {
        use crate::api::token_plan;
        let plan = request::RequestPlan {
            method: "POST",
            path: token_plan::SYNC_PATH.into(),
            headers: vec![("Content-Type", "application/json".into())],
            body: Some(token_plan::key_check_body(model)),
            inline: Vec::new(),
        };
        let (status, body) = self.send_free(&plan).await?;
        match parse_json_answer(status, &body) {
            Err(ApiError::Service {
                status: 400, code, ..
            }) if code != "InvalidApiKey" => Ok(()),
            Err(e) => Err(e),
            Ok(_) => Ok(()),
        }
    }

    /// Uploads one file under the policy; returns the `oss://` value to send.
    /// `key_name` must already be safe (see [`safe_object_name`]).
    pub async fn upload(
        &self,
        policy: &UploadPolicy,
        key_name: &str,
        content: UploadBody,
        mime: &str,
    ) -> Result<String, ApiError> {
        let key = format!("{}/{}", policy.upload_dir.trim_end_matches('/'), key_name);
        let fail = |detail: Said| ApiError::Upload {
            name: key_name.to_string(),
            detail,
        };
        // Sent from the shared bytes themselves (a repaired input is also the window's): no copy.
        struct Shared(std::sync::Arc<Vec<u8>>);
        impl AsRef<[u8]> for Shared {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }
        let (len, body) = match content {
            UploadBody::Bytes(bytes) => (
                bytes.len() as u64,
                reqwest::Body::from(bytes::Bytes::from_owner(Shared(bytes))),
            ),
            UploadBody::Stream { len, body } => (len, body),
        };
        let part = reqwest::multipart::Part::stream_with_length(body, len)
            .file_name(key_name.to_string())
            .mime_str(mime)
            .map_err(|e| fail(Said::Plain(e.to_string())))?;
        // Field order as the SDK sends it; OSS wants `file` last.
        let mut form = reqwest::multipart::Form::new()
            .text("OSSAccessKeyId", policy.oss_access_key_id.clone())
            .text("Signature", policy.signature.clone())
            .text("policy", policy.policy.clone())
            .text("key", key.clone());
        if let Some(acl) = &policy.x_oss_object_acl {
            form = form.text("x-oss-object-acl", acl.clone());
        }
        if let Some(fo) = &policy.x_oss_forbid_overwrite {
            form = form.text("x-oss-forbid-overwrite", fo.clone());
        }
        form = form
            .text("success_action_status", "200")
            .text("x-oss-content-type", mime.to_string())
            .part("file", part);
        // No Authorization: the policy signature is the credential for OSS.
        let http = self.http().await.map_err(fail)?;
        let resp = http
            .post(&policy.upload_host)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(
                reqwest::header::DATE,
                httpdate::fmt_http_date(std::time::SystemTime::now()),
            )
            .timeout(Duration::from_secs(3600))
            .multipart(form)
            .send()
            .await
            .map_err(|e| fail(Said::Plain(e.to_string())))?;
        let status = resp.status();
        if status.as_u16() != 200 {
            let body = read_capped(resp, 64 * 1024, Some(self.timing.stall_timeout))
                .await
                .unwrap_or_default();
            return Err(fail(Said::Plain(format!(
                "HTTP {status}: {}",
                snippet(&body)
            ))));
        }
        Ok(format!("oss://{key}"))
    }
}

/// The temporary-storage upload policy (§3.1).
#[derive(Debug, Clone, Deserialize)]
pub struct UploadPolicy {
    pub policy: String,
    pub signature: String,
    pub upload_dir: String,
    pub upload_host: String,
    pub oss_access_key_id: String,
    #[serde(default, deserialize_with = "string_or_number")]
    pub x_oss_object_acl: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub x_oss_forbid_overwrite: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub max_file_size_mb: Option<String>,
}

/// The docs type these as strings; real answers have been seen with numbers.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

/// A file name for an object key: ASCII letters, digits, `.`, `-`, `_`; others become `_`
/// (how the service resolves spaces or non-ASCII keys is unconfirmed, §14.10).
pub fn safe_object_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "image".into() } else { s }
}
