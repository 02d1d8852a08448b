//! Our requests equal the official SDK's for the same job.
//!
//! For every job file in `../shared/tools/sdk-reference/examples/` and `tests/sdk-jobs/`, the
//! official `dashscope` Python SDK is run through the reference harness, and wanedit's engine is
//! run against the harness's own capture server. Both request lists are compared: method and
//! path in order, the headers that matter, and the JSON bodies, equal modulo key order, the
//! image encoding (our `oss://` keys carry a prefix; data URIs vs uploads) and the SDK's known
//! artefacts (`is_async`, `stream`).
//!
//! Needs Python with `dashscope==2.0.2` (`.ci/run` installs it): set `WANEDIT_SDK_PYTHON` to that
//! interpreter. Built only with `--features sdk-reference`, so a plain `cargo test` on a machine
//! without Python still passes; CI runs it.

use crate::support;

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use wanedit::api::client::{ApiKey, Client};
use wanedit::api::job::{
    BBox, CallMode, ImageSource, JobImage, JobParams, JobSpec, PaletteColor, SizeChoice,
};
use wanedit::jobs::{self, LocalImages};

fn python() -> PathBuf {
    let p = std::env::var("WANEDIT_SDK_PYTHON").unwrap_or_else(|_| {
        panic!("set WANEDIT_SDK_PYTHON to a Python with dashscope==2.0.2 (see .ci/run: python3 -m venv /tmp/dashscope-venv && /tmp/dashscope-venv/bin/pip install dashscope==2.0.2)")
    });
    PathBuf::from(p)
}

fn harness() -> PathBuf {
    std::env::var("WANEDIT_SDK_HARNESS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/sdk-reference")
        })
}

fn job_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        harness().join("examples"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sdk-jobs"),
    ] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        here.sort();
        files.extend(here);
    }
    files
}

/// The job file with `{PHOTOS}` replaced by the absolute photo folder.
fn load_job(path: &PathBuf) -> (Value, tempfile::NamedTempFile) {
    let photos = support::photo("")
        .to_string_lossy()
        .trim_end_matches('/')
        .to_string();
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("{PHOTOS}", &photos);
    let mut tmp = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut tmp, text.as_bytes()).unwrap();
    (serde_json::from_str(&text).unwrap(), tmp)
}

fn sdk_requests(job_path: &std::path::Path) -> Vec<Value> {
    let out = Command::new(python())
        .arg(harness().join("sdk_reference.py"))
        .arg(job_path)
        .output()
        .expect("run the SDK harness");
    assert!(
        out.status.success(),
        "SDK harness failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("harness JSON");
    assert_eq!(v["sdk_version"], "2.0.2");
    v["requests"].as_array().unwrap().clone()
}

/// Our JobSpec for a harness job file.
fn our_job(job: &Value) -> (JobSpec, LocalImages) {
    let model = job["model"].as_str().unwrap();
    let mut spec = JobSpec::new(model, job["text"].as_str().unwrap());
    spec.params = JobParams::default();
    let mut any_file = false;
    for i in job["images"].as_array().unwrap() {
        let src = ImageSource::parse(i.as_str().unwrap());
        any_file |= matches!(src, ImageSource::File(_));
        spec.images.push(JobImage::new(src));
    }
    let async_mode = job["mode"] == "async" || model.starts_with("wan2.5");
    spec.mode = if async_mode {
        CallMode::Async
    } else {
        CallMode::Sync
    };
    let p = &mut spec.params;
    for (k, v) in job["parameters"].as_object().unwrap() {
        match k.as_str() {
            "size" => p.size = Some(SizeChoice::parse(v.as_str().unwrap()).unwrap()),
            "n" => p.n = Some(v.as_u64().unwrap() as u32),
            "seed" => p.seed = Some(v.as_u64().unwrap() as u32),
            "watermark" => p.watermark = v.as_bool(),
            "negative_prompt" => p.negative_prompt = v.as_str().map(String::from),
            "prompt_extend" => p.prompt_extend = v.as_bool(),
            "enable_sequential" => p.enable_sequential = v.as_bool(),
            "thinking_mode" => p.thinking_mode = v.as_bool(),
            "enable_interleave" => p.enable_interleave = v.as_bool(),
            "max_images" => p.max_images = Some(v.as_u64().unwrap() as u32),
            "color_palette" => {
                p.color_palette = Some(
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(|c| PaletteColor {
                            hex: c["hex"].as_str().unwrap().into(),
                            percent: c["ratio"]
                                .as_str()
                                .unwrap()
                                .trim_end_matches('%')
                                .parse()
                                .unwrap(),
                        })
                        .collect(),
                )
            }
            "bbox_list" => {
                for (img, boxes) in spec.images.iter_mut().zip(v.as_array().unwrap()) {
                    for b in boxes.as_array().unwrap() {
                        let c: Vec<u32> = b
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|x| x.as_u64().unwrap() as u32)
                            .collect();
                        img.boxes.push(BBox::new(c[0], c[1], c[2], c[3]));
                    }
                }
            }
            other => panic!("the test does not map parameter {other}"),
        }
    }
    (
        spec,
        if any_file {
            LocalImages::Upload
        } else {
            LocalImages::Inline
        },
    )
}

/// Runs the capture server, our engine against it, and returns what it recorded.
fn our_requests(job: &Value) -> Vec<Value> {
    let mut server = Command::new(python())
        .arg(harness().join("capture_server.py"))
        .arg("0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the capture server");
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("capture server said: {first}"))
        .trim_end_matches(';')
        .to_string();

    let (mut spec, local) = our_job(job);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = rt.block_on(async {
        let client = Client::new(
            &format!("{base}/api/v1"),
            ApiKey::new("sk-reference").unwrap(),
            support::fast_timing(),
        );
        jobs::run_job(&client, &mut spec, local, out.path(), |_| {}).await
    });
    let _ = Command::new("kill")
        .arg("-INT")
        .arg(server.id().to_string())
        .status();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let _ = server.wait();
    let outcome = result.unwrap_or_else(|e| panic!("our run failed: {e}"));
    assert!(!outcome.files.is_empty(), "no result downloaded");
    serde_json::from_str::<Value>(&rest)
        .expect("recorded requests")
        .as_array()
        .unwrap()
        .clone()
}

/// Method + path with task ids replaced, downloads of results left out (the SDK's harness does
/// not download), and runs of identical polls collapsed (poll counts depend on timing).
fn shape(reqs: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in reqs {
        let path = r["path"].as_str().unwrap();
        if path.starts_with("/results/") {
            continue;
        }
        let path = match path.find("/tasks/") {
            Some(i) => format!("{}/tasks/{{id}}", &path[..i]),
            None => path.to_string(),
        };
        let line = format!("{} {}", r["method"].as_str().unwrap(), path);
        if out.last() != Some(&line) {
            out.push(line);
        }
    }
    out
}

fn normalize_image(v: &str) -> String {
    if v.starts_with("oss://") {
        "oss://(uploaded)".into()
    } else if v.starts_with("data:") {
        "data:(inline)".into()
    } else {
        v.to_string()
    }
}

/// The body with SDK artefacts dropped and image values normalized.
fn normalized_body(r: &Value) -> Value {
    let mut b = r["json"].clone();
    if let Some(p) = b.get_mut("parameters").and_then(Value::as_object_mut) {
        p.remove("is_async");
        p.remove("stream");
    }
    if let Some(content) = b
        .pointer_mut("/input/messages/0/content")
        .and_then(Value::as_array_mut)
    {
        for part in content {
            if let Some(img) = part.get("image").and_then(Value::as_str) {
                part["image"] = json!(normalize_image(img));
            }
        }
    }
    if let Some(images) = b.pointer_mut("/input/images").and_then(Value::as_array_mut) {
        for img in images {
            *img = json!(normalize_image(img.as_str().unwrap()));
        }
    }
    b
}

fn header(r: &Value, name: &str) -> Option<String> {
    r["headers"]
        .get(name)
        .and_then(Value::as_str)
        .map(String::from)
}

fn media_type(r: &Value) -> Option<String> {
    header(r, "content-type").map(|c| c.split(';').next().unwrap().trim().to_string())
}

#[test]
fn our_requests_equal_the_official_sdks() {
    let files = job_files();
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let (job, tmp) = load_job(&file);
        let sdk = sdk_requests(tmp.path());
        let ours = our_requests(&job);
        assert_eq!(shape(&ours), shape(&sdk), "{name}: method/path sequence");

        let pick = |reqs: &[Value], f: &dyn Fn(&str) -> bool| -> Vec<Value> {
            reqs.iter()
                .filter(|r| f(r["path"].as_str().unwrap()))
                .cloned()
                .collect()
        };
        let is_gen = |p: &str| p.contains("/services/aigc/");
        let (sg, og) = (pick(&sdk, &is_gen), pick(&ours, &is_gen));
        assert_eq!((sg.len(), og.len()), (1, 1), "{name}");
        let (s, o) = (&sg[0], &og[0]);
        assert_eq!(normalized_body(o), normalized_body(s), "{name}: body");
        for h in [
            "authorization",
            "x-dashscope-async",
            "x-dashscope-ossresourceresolve",
            "x-dashscope-workspace",
        ] {
            assert_eq!(header(o, h), header(s, h), "{name}: header {h}");
        }
        assert_eq!(media_type(o), media_type(s), "{name}: content-type");

        // Polls, the upload policy and the OSS POST.
        for (kind, f) in [
            (
                "poll",
                &(|p: &str| p.contains("/tasks/")) as &dyn Fn(&str) -> bool,
            ),
            ("policy", &|p: &str| p.ends_with("/uploads")),
            ("oss", &|p: &str| p == "/oss"),
        ] {
            let (sr, or) = (pick(&sdk, f), pick(&ours, f));
            assert_eq!(sr.is_empty(), or.is_empty(), "{name}: {kind}");
            if kind != "poll" {
                assert_eq!(sr.len(), or.len(), "{name}: {kind} count");
            }
            for o in &or {
                let s = &sr[0];
                assert_eq!(o["query"], s["query"], "{name}: {kind} query");
                assert_eq!(
                    header(o, "authorization"),
                    header(s, "authorization"),
                    "{name}: {kind} authorization"
                );
                assert_eq!(media_type(o), media_type(s), "{name}: {kind} content-type");
                assert_eq!(o.get("json"), s.get("json"), "{name}: {kind} body");
            }
        }
        eprintln!("{name}: equal");
    }
}
