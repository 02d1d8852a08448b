//! Token Plan (Beijing), §10b: a third way to pay beside pay-as-you-go, on its own host, with
//! its own keys (`sk-sp-`), billed in Credits. Alibaba's pages confirm one thing for images:
//! sync calls of wan2.7-image and wan2.7-image-pro on the sync path of §1. A plan key on a
//! pay-as-you-go host, or the reverse, fails with 401/403 or is billed pay-as-you-go: both are
//! refused here before anything is sent.
//!
//! What the pages do not confirm on this host (UNCONFIRMED in the contract) is not used, each
//! choice the safe one against the real service:
//! - async calls (`X-DashScope-Async`) and `/tasks/…`: a job is sent as a sync call (the two
//!   models take both), said;
//! - temporary uploads (`/uploads`, `oss://`): local files travel inline (base64), an
//!   `--upload`-only job and `oss://` inputs are refused with a sentence;
//! - `usage`: when an answer carries none, the ledger counts the images the call made (the plan
//!   bills per generated image, as pay-as-you-go does);
//! - the key check: the free upload-policy request of the other hosts is not confirmed here, so
//!   the key is checked on the one confirmed path with a body the service must refuse (no
//!   message): a 400 says the key passed, a 401/403 that it did not. Nothing is generated.
//! - prices in Credits per image: no source yet; the catalog has none, the user enters theirs
//!   (Settings → Prices, `wanedit prices set --region token-plan`), always in Credits.

use super::job::{CallMode, ImageSource, JobSpec};
use crate::i18n::Said;

/// The plan's id where a region's would be (settings, `--region`, prices, the ledger).
pub const REGION: &str = "token-plan";
/// Its host [TP1].
pub const BASE: &str = "https://token-plan.cn-beijing.maas.aliyuncs.com/api/v1";
/// The one path confirmed on it: sync generation (§1).
pub const SYNC_PATH: &str = "/services/aigc/multimodal-generation/generation";
/// The Wan models it serves [TP1].
pub const MODELS: [&str; 2] = ["wan2.7-image", "wan2.7-image-pro"];
/// What the plan bills in [TP2].
pub const CURRENCY: &str = "Credits";
/// How its keys start [TP1][TP2].
const KEY_PREFIX: &str = "sk-sp-";

/// What the plan's pages confirm on its host and what wanedit does with the rest, as data:
/// (the words' key, confirmed). Each key's words say what and what wanedit does; said in
/// Settings (the region's hover) and the README.
pub const CATALOG: [(&str, bool); 7] = [
    ("token-plan-cat-sync", true),
    ("token-plan-cat-models", false),
    ("token-plan-cat-async", false),
    ("token-plan-cat-uploads", false),
    ("token-plan-cat-usage", false),
    ("token-plan-cat-key-check", false),
    ("token-plan-cat-prices", false),
];

/// [`CATALOG`] as words: what is confirmed, then what is not and what is done instead, one
/// line each.
pub fn catalog_lines() -> Said {
    let part = |confirmed: bool| {
        CATALOG
            .iter()
            .filter(|(_, c)| *c == confirmed)
            .map(|(key, _)| {
                Said::Plain("•".into()).then(
                    " ",
                    Said::Message {
                        key: (*key).to_string(),
                        args: Vec::new(),
                    },
                )
            })
            .collect::<Vec<_>>()
    };
    let mut parts = vec![crate::said!("token-plan-cat-confirmed")];
    parts.extend(part(true));
    parts.push(crate::said!("token-plan-cat-unconfirmed"));
    parts.extend(part(false));
    Said::Joined {
        parts,
        sep: "\n".into(),
    }
}

pub fn is_plan_key(key: &str) -> bool {
    key.trim().starts_with(KEY_PREFIX)
}

/// Whether `key` may be sent where requests go (`token_plan`: to the plan's host). The refusal
/// says which to pick; it never shows the key.
pub fn pairing(key: &str, token_plan: bool) -> Result<(), Said> {
    match (is_plan_key(key), token_plan) {
        (true, false) => Err(crate::said!("token-plan-key-elsewhere")),
        (false, true) => Err(crate::said!("token-plan-other-key")),
        _ => Ok(()),
    }
}

/// Whether `path` (after the base URL) is confirmed on the plan's host.
pub fn path_confirmed(path: &str) -> bool {
    path == SYNC_PATH
}

/// What a job cannot do on Token Plan, each as a sentence (nothing is sent then).
pub fn refusals(job: &JobSpec) -> Vec<Said> {
    let mut out = Vec::new();
    if !MODELS.contains(&job.model.as_str()) {
        out.push(crate::said!(
            "token-plan-model",
            model = job.model.as_str(),
            models = MODELS.join(", ")
        ));
    }
    if job
        .images
        .iter()
        .any(|i| matches!(i.source, ImageSource::Oss(_)))
    {
        out.push(crate::said!("token-plan-oss"));
    }
    out
}

/// The job as Token Plan takes it: a sync call. `Some(sentence)` when it was async.
pub fn as_sync(job: &mut JobSpec) -> Option<Said> {
    (job.mode == CallMode::Async).then(|| {
        job.mode = CallMode::Sync;
        crate::said!("token-plan-sync")
    })
}

/// The body of the key check: the plan's sync path with no message, which the service refuses
/// with 400 once the key is accepted (a request with no text cannot generate anything).
pub fn key_check_body(model: &str) -> serde_json::Value {
    serde_json::json!({"model": model, "input": {"messages": []}, "parameters": {"n": 1}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_key_goes_only_to_the_plan_and_the_plan_takes_only_plan_keys() {
        assert!(pairing("sk-sp-abc", true).is_ok());
        assert!(pairing("sk-abc", false).is_ok());
        let e = pairing("sk-sp-abc", false)
            .unwrap_err()
            .words_in(crate::i18n::Lang::En);
        assert!(e.contains("Token Plan (Beijing)"), "{e}");
        assert!(!e.contains("abc"), "never the key: {e}");
        let e = pairing("sk-abc", true)
            .unwrap_err()
            .words_in(crate::i18n::Lang::En);
        assert!(e.contains("sk-sp-"), "{e}");
        assert!(!e.contains("abc"), "{e}");
    }

    #[test]
    fn only_the_plans_models_sync_and_no_oss_links() {
        let mut j = JobSpec::new("wan2.6-image", "x");
        j.images
            .push(crate::api::job::JobImage::new(ImageSource::parse(
                "oss://bucket/a.png",
            )));
        let r = refusals(&j);
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(
            r[0].words_in(crate::i18n::Lang::En)
                .contains("wan2.7-image, wan2.7-image-pro"),
            "{r:?}"
        );
        let mut j = JobSpec::new("wan2.7-image-pro", "x");
        assert!(refusals(&j).is_empty());
        j.mode = CallMode::Async;
        assert!(as_sync(&mut j).is_some());
        assert_eq!(j.mode, CallMode::Sync);
        assert!(as_sync(&mut j).is_none());
        assert!(path_confirmed(SYNC_PATH));
        assert!(!path_confirmed(
            "/services/aigc/image-generation/generation"
        ));
        assert!(!path_confirmed("/uploads"));
    }
}
