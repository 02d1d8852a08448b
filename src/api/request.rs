//! Turns a [`JobSpec`] (with its images already resolved to wire values) into the exact HTTP
//! request: method, path, headers and JSON body. The same plan is sent by the client and printed
//! as curl by `--print-request`, so what is shown is what is sent.
//!
//! The plan never holds the API key: the client adds `Authorization` when sending, and the curl
//! form refers to `$DASHSCOPE_API_KEY`.

use serde_json::{Map, Value, json};

use super::body::InlineImage;
use super::catalog::{FieldPlace, ModelSpec, Protocol};
use super::job::{CallMode, JobSpec};

/// One HTTP request, without the key.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPlan {
    pub method: &'static str,
    /// Path under the base URL, starting with `/`.
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Value>,
    /// Images the body carries inline, encoded as it is sent (see [`super::body`]); empty
    /// when every image in `body` is a value already.
    pub inline: Vec<InlineImage>,
}

pub const HEADER_ASYNC: &str = "X-DashScope-Async";
pub const HEADER_OSS_RESOLVE: &str = "X-DashScope-OssResourceResolve";

/// Builds the generation request. `images` are the wire values for `job.images`, in order
/// (public URL, `data:` URI or `oss://` key). The job must have passed validation.
pub fn build_generation(job: &JobSpec, spec: &ModelSpec, images: &[String]) -> RequestPlan {
    build_generation_owned(job, spec, images.to_vec())
}

/// As [`build_generation`], taking the image values by value: nine inline 20 MB inputs are
/// moved into the body instead of copied (a copy would be another 240 MB).
pub fn build_generation_owned(job: &JobSpec, spec: &ModelSpec, images: Vec<String>) -> RequestPlan {
    debug_assert_eq!(images.len(), job.images.len());
    let path = match (job.mode, spec.sync_path) {
        (CallMode::Sync, Some(p)) => p,
        _ => spec.async_path,
    };
    let mut headers = vec![("Content-Type", "application/json".to_string())];
    if path == spec.async_path {
        headers.push((HEADER_ASYNC, "enable".to_string()));
    }
    if images.iter().any(|i| i.starts_with("oss://")) {
        headers.push((HEADER_OSS_RESOLVE, "enable".to_string()));
    }

    // Key order follows the SDK's (`model`, `parameters`, `input`); JSON servers ignore it.
    let mut body = Map::new();
    body.insert("model".into(), json!(spec.id));
    body.insert("parameters".into(), Value::Object(parameters(job, spec)));
    body.insert("input".into(), input(job, spec, images));
    RequestPlan {
        method: "POST",
        path: path.to_string(),
        headers,
        body: Some(Value::Object(body)),
        inline: Vec::new(),
    }
}

fn input(job: &JobSpec, spec: &ModelSpec, images: Vec<String>) -> Value {
    match spec.protocol {
        Protocol::Messages => {
            let mut content = vec![json!({ "text": job.prompt })];
            content.extend(images.into_iter().map(|i| {
                let mut part = Map::new();
                part.insert("image".into(), Value::String(i));
                Value::Object(part)
            }));
            json!({ "messages": [{ "role": "user", "content": content }] })
        }
        Protocol::PromptImages => {
            let mut input = Map::new();
            input.insert("prompt".into(), json!(job.prompt));
            if let (Some(neg), Some((FieldPlace::Input, _))) =
                (&job.params.negative_prompt, spec.negative_prompt)
            {
                input.insert("negative_prompt".into(), json!(neg));
            }
            input.insert(
                "images".into(),
                Value::Array(images.into_iter().map(Value::String).collect()),
            );
            Value::Object(input)
        }
    }
}

fn parameters(job: &JobSpec, spec: &ModelSpec) -> Map<String, Value> {
    let p = &job.params;
    let mut m = Map::new();
    if let Some(size) = p.size {
        m.insert("size".into(), json!(size.wire()));
    }
    // Always sent: the default is 4 per the docs and 1 per others (§14.1), and it is billed.
    m.insert("n".into(), json!(job.n()));
    if let Some(w) = p.watermark {
        m.insert("watermark".into(), json!(w));
    }
    if let (Some(neg), Some((FieldPlace::Parameters, _))) =
        (&p.negative_prompt, spec.negative_prompt)
    {
        m.insert("negative_prompt".into(), json!(neg));
    }
    if let Some(v) = p.prompt_extend {
        m.insert("prompt_extend".into(), json!(v));
    }
    if let Some(list) = job.bbox_list() {
        m.insert("bbox_list".into(), json!(list));
    }
    if let Some(v) = p.enable_sequential {
        m.insert("enable_sequential".into(), json!(v));
    }
    if let Some(v) = p.thinking_mode {
        m.insert("thinking_mode".into(), json!(v));
    }
    if let Some(palette) = &p.color_palette {
        let entries: Vec<Value> = palette
            .iter()
            .map(|c| json!({ "hex": c.hex, "ratio": format!("{:.2}%", c.percent) }))
            .collect();
        m.insert("color_palette".into(), Value::Array(entries));
    }
    if let Some(v) = p.enable_interleave {
        m.insert("enable_interleave".into(), json!(v));
    }
    if let Some(v) = p.max_images {
        m.insert("max_images".into(), json!(v));
    }
    if let Some(seed) = p.seed {
        m.insert("seed".into(), json!(seed));
    }
    m
}

/// `GET /tasks/{id}`.
/// A task id as one path segment: everything but RFC 3986's unreserved characters is
/// percent-encoded, so an id with `/`, `?` or `#` cannot reach another path or a query.
pub fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn task_query(task_id: &str) -> RequestPlan {
    RequestPlan {
        method: "GET",
        path: format!("/tasks/{}", path_segment(task_id)),
        headers: vec![],
        body: None,
        inline: Vec::new(),
    }
}

/// `POST /tasks/{id}/cancel`, empty body.
pub fn task_cancel(task_id: &str) -> RequestPlan {
    RequestPlan {
        method: "POST",
        path: format!("/tasks/{}/cancel", path_segment(task_id)),
        headers: vec![],
        body: None,
        inline: Vec::new(),
    }
}

/// `GET /uploads?action=getPolicy&model=…`.
pub fn upload_policy(model: &str) -> RequestPlan {
    RequestPlan {
        method: "GET",
        path: format!("/uploads?action=getPolicy&model={model}"),
        headers: vec![],
        body: None,
        inline: Vec::new(),
    }
}

/// The plan as a shell command. The key is never printed: the command reads it from
/// `$DASHSCOPE_API_KEY` when the user runs it.
pub fn to_curl(plan: &RequestPlan, base_url: &str) -> String {
    let mut out = format!(
        "curl -X {} '{}{}' \\\n  -H \"Authorization: Bearer $DASHSCOPE_API_KEY\"",
        plan.method,
        base_url.trim_end_matches('/'),
        plan.path
    );
    for (name, value) in &plan.headers {
        out.push_str(&format!(" \\\n  -H '{name}: {}'", shell_quote_inner(value)));
    }
    if let Some(body) = &plan.body {
        let text = serde_json::to_string_pretty(body).unwrap_or_default();
        out.push_str(&format!(" \\\n  -d '{}'", shell_quote_inner(&text)));
    }
    out
}

/// Escapes a value for use inside single quotes.
fn shell_quote_inner(s: &str) -> String {
    s.replace('\'', r"'\''")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::{BBox, ImageSource, JobImage, PaletteColor, SizeChoice, Tier};

    fn job(model: &str, n_images: usize) -> JobSpec {
        let mut j = JobSpec::new(
            model,
            "Spray the graffiti from image 2 onto the car in image 1",
        );
        for i in 0..n_images {
            j.images.push(JobImage::new(ImageSource::Url(format!(
                "https://e.com/{i}.png"
            ))));
        }
        j
    }

    #[test]
    fn wan27_sync_body_matches_the_contract_example() {
        let mut j = job("wan2.7-image-pro", 2);
        j.params.size = Some(SizeChoice::Tier(Tier::K2));
        j.params.watermark = Some(false);
        j.images[1].boxes.push(BBox::new(989, 515, 1138, 681));
        let spec = j.spec().unwrap();
        let imgs = vec![
            "https://e.com/0.png".into(),
            "data:image/png;base64,iVBOR".into(),
        ];
        let plan = build_generation(&j, spec, &imgs);
        assert_eq!(plan.path, "/services/aigc/multimodal-generation/generation");
        assert_eq!(
            plan.headers,
            vec![("Content-Type", "application/json".into())]
        );
        assert_eq!(
            plan.body.unwrap(),
            json!({"model": "wan2.7-image-pro",
                   "input": {"messages": [{"role": "user", "content": [
                       {"text": "Spray the graffiti from image 2 onto the car in image 1"},
                       {"image": "https://e.com/0.png"},
                       {"image": "data:image/png;base64,iVBOR"}]}]},
                   "parameters": {"size": "2K", "n": 1, "watermark": false,
                                  "bbox_list": [[], [[989, 515, 1138, 681]]]}})
        );
    }

    #[test]
    fn async_and_oss_headers_and_no_sdk_artefacts() {
        let mut j = job("wan2.7-image", 1);
        j.mode = CallMode::Async;
        let plan = build_generation(
            &j,
            j.spec().unwrap(),
            &["oss://dashscope-instant/a.png".into()],
        );
        assert_eq!(plan.path, "/services/aigc/image-generation/generation");
        assert!(plan.headers.contains(&(HEADER_ASYNC, "enable".into())));
        assert!(
            plan.headers
                .contains(&(HEADER_OSS_RESOLVE, "enable".into()))
        );
        let text = plan.body.unwrap().to_string();
        assert!(!text.contains("is_async"), "{text}");
    }

    #[test]
    fn wan25_puts_prompt_images_and_negative_prompt_in_input() {
        let mut j = job("wan2.5-i2i-preview", 2);
        j.mode = CallMode::Async;
        j.params.size = Some(SizeChoice::Pixels {
            width: 1280,
            height: 1280,
        });
        j.params.negative_prompt = Some("blurry".into());
        j.params.prompt_extend = Some(false);
        j.params.seed = Some(7);
        let imgs: Vec<String> = vec!["https://e.com/0.png".into(), "https://e.com/1.png".into()];
        let plan = build_generation(&j, j.spec().unwrap(), &imgs);
        assert_eq!(plan.path, "/services/aigc/image2image/image-synthesis");
        assert!(plan.headers.contains(&(HEADER_ASYNC, "enable".into())));
        assert_eq!(
            plan.body.unwrap(),
            json!({"model": "wan2.5-i2i-preview",
                   "input": {"prompt": j.prompt, "negative_prompt": "blurry", "images": imgs},
                   "parameters": {"size": "1280*1280", "n": 1, "prompt_extend": false, "seed": 7}})
        );
    }

    #[test]
    fn wan26_negative_prompt_goes_in_parameters_and_palette_is_formatted() {
        let mut j = job("wan2.6-image", 1);
        j.params.negative_prompt = Some("text".into());
        let body = build_generation(&j, j.spec().unwrap(), &["u".into()])
            .body
            .unwrap();
        assert_eq!(body["parameters"]["negative_prompt"], "text");
        assert!(body["input"].get("negative_prompt").is_none());

        let mut p = job("wan2.7-image", 0);
        p.params.color_palette = Some(vec![PaletteColor {
            hex: "#C2D1E6".into(),
            percent: 60.0,
        }]);
        let body = build_generation(&p, p.spec().unwrap(), &[]).body.unwrap();
        assert_eq!(
            body["parameters"]["color_palette"],
            json!([{"hex": "#C2D1E6", "ratio": "60.00%"}])
        );
        assert_eq!(
            body["input"]["messages"][0]["content"],
            json!([{"text": p.prompt}])
        );
    }

    #[test]
    fn curl_redacts_the_key_and_quotes_the_body() {
        let mut j = job("wan2.7-image", 1);
        j.prompt = "it's a cup".into();
        let plan = build_generation(&j, j.spec().unwrap(), &["https://e.com/0.png".into()]);
        let curl = to_curl(&plan, "https://dashscope-intl.aliyuncs.com/api/v1/");
        assert!(curl.starts_with("curl -X POST 'https://dashscope-intl.aliyuncs.com/api/v1/services/aigc/multimodal-generation/generation'"));
        assert!(curl.contains("Bearer $DASHSCOPE_API_KEY"));
        assert!(curl.contains(r"it'\''s a cup"));
    }
}
