//! Token Plan (§10b) from the command line, against a stand-in that answers as the plan's host
//! (the sync path and the two wan2.7 models only; a proxy's base URL with `--region
//! token-plan`): keys and regions paired before anything is sent, the job sent as a sync call
//! with its images inline, the ledger in Credits, and the key check on the plan's one path.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::standin::{Config, StandIn};

const PLAN_KEY: &str = "sk-sp-standin-plan-key";

fn plan_host() -> StandIn {
    StandIn::start(Config {
        key: PLAN_KEY.into(),
        token_plan: true,
        ..Config::default()
    })
}

fn wanedit(s: &StandIn, data: &Path, key: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(args)
        .env("DASHSCOPE_API_KEY", key)
        .env("WANEDIT_DATA_DIR", data)
        .env_remove("RUST_LOG")
        .args(
            args.first()
                .filter(|a| ["edit", "key"].contains(a))
                .map(|_| vec!["--base-url", s.base_url.as_str()])
                .unwrap_or_default(),
        )
        .output()
        .unwrap()
}

/// What reached the service (not the result links).
fn api_requests(s: &StandIn) -> Vec<crate::support::standin::Recorded> {
    s.requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1"))
        .collect()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn edit_args<'a>(image: &'a str, out: &'a str, region: &'a str, model: &'a str) -> Vec<&'a str> {
    vec![
        "edit",
        "--model",
        model,
        "--image",
        image,
        "--prompt",
        "make it warmer",
        "--out",
        out,
        "--region",
        region,
    ]
}

#[test]
fn a_plan_job_goes_sync_to_the_plan_path_inline_and_is_counted_in_credits() {
    let s = plan_host();
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let image = crate::support::photo("coffee.png");
    let (image, out_s) = (image.to_str().unwrap(), out.path().to_str().unwrap());

    // The user's price for the plan is kept in Credits, whatever currency is typed.
    let o = wanedit(
        &s,
        data.path(),
        PLAN_KEY,
        &["prices", "set", "wan2.7-image", "token-plan", "2", "usd"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("Credits"), "{}", text(&o.stderr));

    // The dry run prints the sync call too.
    let mut dry = edit_args(image, out_s, "token-plan", "wan2.7-image");
    dry.extend(["--async", "--print-request"]);
    let o = wanedit(&s, data.path(), PLAN_KEY, &dry);
    let printed = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        printed.contains("/services/aigc/multimodal-generation/generation")
            && !printed.contains("X-DashScope-Async"),
        "{printed:.400}"
    );
    assert!(s.requests().is_empty());

    // Asked for async and for uploads where they would be: sent as one sync call, inline.
    let mut args = edit_args(image, out_s, "token-plan", "wan2.7-image");
    args.extend(["--async", "--upload", "auto"]);
    let o = wanedit(&s, data.path(), PLAN_KEY, &args);
    let said = text(&o.stderr);
    assert!(o.status.success(), "{said}");
    assert!(said.contains("sent as one"), "{said}");
    let all = api_requests(&s);
    let paths: Vec<&str> = all.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths.len(), 1, "one request, nothing else: {paths:?}");
    let r = &all[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        (
            "POST",
            "/api/v1/services/aigc/multimodal-generation/generation"
        )
    );
    assert!(
        !r.headers.contains_key("x-dashscope-async"),
        "{:?}",
        r.headers
    );
    let body = r.json.as_ref().unwrap();
    let img = body["input"]["messages"][0]["content"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| c["image"].as_str())
        .unwrap();
    assert!(img.starts_with("data:image/"), "inline: {img:.40}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);

    // The ledger: the plan's region, its price in Credits.
    let o = wanedit(
        &s,
        data.path(),
        PLAN_KEY,
        &["history", "--ledger", "--json"],
    );
    let lines: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["region"], "token-plan");
    assert_eq!(lines[0]["currency"], "Credits");
    assert_eq!(lines[0]["images"], 1);
    let o = wanedit(&s, data.path(), PLAN_KEY, &["history", "--ledger"]);
    assert!(
        text(&o.stdout).contains("2.00 Credits"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn keys_and_regions_that_do_not_pair_and_what_the_plan_lacks_are_refused_before_sending() {
    let s = plan_host();
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let image = crate::support::photo("coffee.png");
    let (image, out_s) = (image.to_str().unwrap(), out.path().to_str().unwrap());
    let refused = |key: &str, args: &[&str], words: &[&str]| {
        let o = wanedit(&s, data.path(), key, args);
        let said = text(&o.stderr);
        assert!(!o.status.success(), "{args:?}: {said}");
        for w in words {
            assert!(said.contains(w), "{args:?}: {said}");
        }
        assert!(!said.contains("standin-plan-key") && !said.contains("sk-live"));
    };
    // A pay-as-you-go key with the plan, a plan key with a pay-as-you-go region.
    refused(
        "sk-live-payg-key",
        &edit_args(image, out_s, "token-plan", "wan2.7-image"),
        &["start with sk-sp-"],
    );
    refused(
        PLAN_KEY,
        &edit_args(image, out_s, "cn-beijing", "wan2.7-image"),
        &["Token Plan (Beijing)"],
    );
    // A model the plan does not serve; the upload flow it does not document.
    refused(
        PLAN_KEY,
        &edit_args(image, out_s, "token-plan", "wan2.6-image"),
        &["wan2.7-image, wan2.7-image-pro"],
    );
    let mut up = edit_args(image, out_s, "token-plan", "wan2.7-image");
    up.extend(["--upload", "upload"]);
    refused(PLAN_KEY, &up, &["no uploads"]);
    // The key check pairs them too.
    refused(
        "sk-live-payg-key",
        &["key", "check", "--region", "token-plan"],
        &["start with sk-sp-"],
    );
    let paths: Vec<String> = s.requests().into_iter().map(|r| r.path).collect();
    assert!(paths.is_empty(), "{paths:?}");
}

#[test]
fn the_key_check_uses_the_plans_one_path_and_creates_nothing() {
    let s = plan_host();
    let data = tempfile::tempdir().unwrap();
    let o = wanedit(
        &s,
        data.path(),
        PLAN_KEY,
        &["key", "check", "--region", "token-plan"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let all = api_requests(&s);
    let paths: Vec<&str> = all.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert_eq!(
        all[0].path,
        "/api/v1/services/aigc/multimodal-generation/generation"
    );
    assert_eq!(s.billed_images(), 0);
    // A plan key the plan does not know: refused by the service, said.
    let o = wanedit(
        &s,
        data.path(),
        "sk-sp-not-this-one",
        &["key", "check", "--region", "token-plan"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
}
