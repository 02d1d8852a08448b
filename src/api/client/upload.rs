//! The temporary-storage upload policy and object names (§3.1).

use serde::Deserialize;
use serde_json::Value;

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
