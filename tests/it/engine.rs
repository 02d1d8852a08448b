//! The engine against the strict stand-in: every model × call style × image source, and every
//! fault, each asserting what the user ends up with.

use crate::support;

use std::time::Duration;

use support::standin::{Config, Fault, Outcome, StandIn, Target};
use support::{client_for, photo};
use wanedit::api::error::ApiError;
use wanedit::api::job::{BBox, CallMode, ImageSource, JobImage, JobSpec, SizeChoice};
use wanedit::jobs::{self, JobEvent, JobOutcome, LocalImages, Stage};

#[derive(Clone, Copy, Debug)]
enum Source {
    Url,
    Inline,
    Upload,
}

fn job_for(
    s: &StandIn,
    model: &str,
    mode: CallMode,
    src: Source,
    photos: &[&str],
) -> (JobSpec, LocalImages) {
    let mut job = JobSpec::new(model, "Put the cup from image 1 on the table in image 2");
    job.mode = mode;
    for p in photos {
        let source = match src {
            Source::Url => ImageSource::Url(s.host_input(p, std::fs::read(photo(p)).unwrap())),
            _ => ImageSource::File(photo(p)),
        };
        job.images.push(JobImage::new(source));
    }
    let local = match src {
        Source::Upload => LocalImages::Upload,
        _ => LocalImages::Inline,
    };
    (job, local)
}

async fn run(
    s: &StandIn,
    job: &mut JobSpec,
    local: LocalImages,
) -> (
    Result<JobOutcome, ApiError>,
    Vec<JobEvent>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let client = client_for(s);
    let mut events = Vec::new();
    let r = jobs::run_job(&client, job, local, dir.path(), |e| events.push(e)).await;
    (r, events, dir)
}

fn assert_pngs(outcome: &JobOutcome, n: usize) {
    assert_eq!(outcome.files.len(), n, "{outcome:?}");
    for f in &outcome.files {
        let img = image::open(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert_eq!((img.width(), img.height()), (64, 48));
    }
    assert!(
        outcome.download_errors.is_empty(),
        "{:?}",
        outcome.download_errors
    );
}

#[tokio::test]
async fn every_model_call_style_and_image_source_produces_results_on_disk() {
    let s = StandIn::start(Config::default());
    let models = [
        ("wan2.7-image-pro", vec![CallMode::Sync, CallMode::Async]),
        ("wan2.7-image", vec![CallMode::Sync, CallMode::Async]),
        ("wan2.6-image", vec![CallMode::Sync, CallMode::Async]),
        ("wan2.5-i2i-preview", vec![CallMode::Async]),
    ];
    let mut runs = 0;
    for (model, modes) in models {
        for mode in modes {
            for src in [Source::Url, Source::Inline, Source::Upload] {
                let before = s.requests().len();
                // wan2.5 needs ≥ 384 px per side: coffee (600×400) and rocket (640×427) fit all.
                let (mut job, local) = job_for(&s, model, mode, src, &["coffee.png", "rocket.jpg"]);
                job.params.n = Some(2);
                let (r, events, _dir) = run(&s, &mut job, local).await;
                let outcome = r.unwrap_or_else(|e| panic!("{model} {mode:?} {src:?}: {e}"));
                assert_pngs(&outcome, 2);
                assert!(outcome.request_id.is_some());
                assert_eq!(outcome.usage.as_ref().and_then(|u| u.image_count), Some(2));

                let reqs = &s.requests()[before..];
                let gen_req = reqs
                    .iter()
                    .find(|r| r.path.contains("/services/aigc/"))
                    .expect("a generation request");
                let imgs: Vec<String> = match model {
                    "wan2.5-i2i-preview" => gen_req.json.as_ref().unwrap()["input"]["images"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap().to_string())
                        .collect(),
                    _ => gen_req.json.as_ref().unwrap()["input"]["messages"][0]["content"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(|p| p.get("image").and_then(|v| v.as_str()).map(String::from))
                        .collect(),
                };
                let want_prefix = match src {
                    Source::Url => "http://",
                    Source::Inline => "data:image/",
                    Source::Upload => "oss://dashscope-instant/",
                };
                assert!(
                    imgs.iter().all(|i| i.starts_with(want_prefix)),
                    "{src:?}: {imgs:?}"
                );
                assert_eq!(imgs.len(), 2);
                if matches!(src, Source::Inline) {
                    assert!(imgs[0].starts_with("data:image/png;base64,"));
                    assert!(imgs[1].starts_with("data:image/jpeg;base64,"));
                }
                assert_eq!(
                    gen_req
                        .headers
                        .get("x-dashscope-ossresourceresolve")
                        .map(String::as_str),
                    matches!(src, Source::Upload).then_some("enable")
                );
                let task_seen = events.iter().any(|e| matches!(e, JobEvent::TaskCreated(_)));
                assert_eq!(task_seen, mode == CallMode::Async);
                if mode == CallMode::Async {
                    assert!(events.iter().any(|e| matches!(e, JobEvent::Stage(Stage::Task { status, .. }) if status.label() == "SUCCEEDED")));
                }
                runs += 1;
            }
        }
    }
    assert_eq!(runs, 21);
}

#[tokio::test]
async fn boxes_reach_the_service_as_bbox_list_in_image_order() {
    let s = StandIn::start(Config::default());
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Sync,
        Source::Inline,
        &["coffee.png", "chelsea.png"],
    );
    job.images[1].boxes = vec![BBox::new(10, 20, 200, 220), BBox::new(250, 30, 400, 200)];
    job.params.size = Some(SizeChoice::parse("2K").unwrap());
    let (r, _, _d) = run(&s, &mut job, local).await;
    assert_pngs(&r.unwrap(), 1);
    let req = &s.requests_to("/multimodal-generation/generation")[0];
    assert_eq!(
        req.json.as_ref().unwrap()["parameters"]["bbox_list"],
        serde_json::json!([[], [[10, 20, 200, 220], [250, 30, 400, 200]]])
    );
}

#[tokio::test]
async fn text_to_image_with_no_input() {
    let s = StandIn::start(Config::default());
    let mut job = JobSpec::new("wan2.7-image-pro", "A lighthouse at dawn, watercolour");
    job.params.size = Some(SizeChoice::parse("4K").unwrap());
    let (r, _, _d) = run(&s, &mut job, LocalImages::Auto).await;
    let out = r.unwrap();
    assert_pngs(&out, 1);
    assert_eq!(out.usage.unwrap().size.as_deref(), Some("4096*4096"));
}

#[tokio::test]
async fn a_job_the_catalog_refuses_sends_nothing() {
    let s = StandIn::start(Config::default());
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Sync,
        Source::Inline,
        &["logo.png"],
    );
    job.images[0].boxes = vec![BBox::new(0, 0, 10, 10); 3];
    let (r, _, _d) = run(&s, &mut job, local).await;
    let e = r.unwrap_err();
    let text = e.to_string();
    assert_eq!(
        text,
        "image 1 has 3 boxes; wan2.7-image takes at most 2 per image"
    );
    assert!(s.requests().is_empty());
}

// ---- faults on the generation call ------------------------------------------------------------

async fn sync_job_with_fault(fault: Fault) -> (StandIn, Result<JobOutcome, ApiError>) {
    let s = StandIn::start(Config::default());
    s.push_fault(Target::Create, fault);
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Sync,
        Source::Inline,
        &["coffee.png"],
    );
    let (r, _, _d) = run(&s, &mut job, local).await;
    (s, r)
}

#[tokio::test]
async fn refusals_keep_code_message_and_request_id() {
    for (status, code, message) in [
        (401, "InvalidApiKey", "Invalid API-key provided."),
        (400, "InvalidParameter", "The size is invalid."),
        (
            400,
            "DataInspectionFailed",
            "Input or output data may contain inappropriate content.",
        ),
        (
            500,
            "InternalError",
            "An internal error has occured, please try again later.",
        ),
    ] {
        let (s, r) = sync_job_with_fault(Fault::Http {
            status,
            code,
            message,
        })
        .await;
        let e = r.unwrap_err();
        match &e {
            ApiError::Service {
                status: st,
                code: c,
                message: m,
                request_id,
            } => {
                assert_eq!((*st, c.as_str(), m.as_str()), (status, code, message));
                assert!(request_id.as_deref().is_some_and(|r| r.starts_with("req-")));
            }
            other => panic!("{code}: {other:?}"),
        }
        let text = e.to_string();
        assert!(
            text.contains(code) && text.contains(message) && text.contains("request_id req-"),
            "{text}"
        );
        // Not resent: one generation request, whatever the error.
        assert_eq!(s.requests_to("/generation").len(), 1, "{code}");
    }
}

#[tokio::test]
async fn a_rate_limit_429_is_retried_and_then_succeeds() {
    let s = StandIn::start(Config::default());
    for _ in 0..2 {
        s.push_fault(
            Target::Create,
            Fault::Http {
                status: 429,
                code: "Throttling.RateQuota",
                message: "Requests rate limit exceeded, please try again later.",
            },
        );
    }
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Async,
        Source::Inline,
        &["coffee.png"],
    );
    let (r, _, _d) = run(&s, &mut job, local).await;
    assert_pngs(&r.unwrap(), 1);
    assert_eq!(s.requests_to("/image-generation/generation").len(), 3);
    assert_eq!(s.accepted_generations(), 1);
}

#[tokio::test]
async fn a_quota_429_is_not_retried() {
    let (s, r) = sync_job_with_fault(Fault::Http {
        status: 429,
        code: "Throttling.AllocationQuota",
        message: "Allocated quota exceeded, please increase your quota limit.",
    })
    .await;
    let e = r.unwrap_err();
    assert_eq!(e.code(), Some("Throttling.AllocationQuota"));
    assert!(e.to_string().contains("raise it in the console"));
    assert_eq!(s.requests_to("/generation").len(), 1);
}

#[tokio::test]
async fn an_unanswered_generation_is_never_resent() {
    // A dropped connection and an answer slower than the read timeout: both were sent.
    let (s, r) = sync_job_with_fault(Fault::Drop).await;
    assert!(matches!(r, Err(ApiError::NoAnswer { .. })), "{r:?}");
    assert!(r.unwrap_err().to_string().contains("was not resent"));
    assert_eq!(s.requests_to("/generation").len(), 1);

    let s = StandIn::start(Config::default());
    s.push_fault(Target::Create, Fault::Slow(Duration::from_secs(3)));
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Async,
        Source::Inline,
        &["coffee.png"],
    );
    let dir = tempfile::tempdir().unwrap();
    let mut client = client_for(&s);
    client = wanedit::api::client::Client::new(
        &s.base_url,
        wanedit::api::client::ApiKey::new(s.key()).unwrap(),
        wanedit::api::client::Timing {
            read_timeout: Duration::from_millis(300),
            ..client.timing.clone()
        },
    );
    let r = jobs::run_job(&client, &mut job, local, dir.path(), |_| {}).await;
    assert!(matches!(r, Err(ApiError::NoAnswer { .. })), "{r:?}");
    assert_eq!(s.requests_to("/generation").len(), 1);
}

#[tokio::test]
async fn malformed_json_is_reported_not_a_panic() {
    let (_s, r) = sync_job_with_fault(Fault::Malformed).await;
    let e = r.unwrap_err();
    assert!(
        matches!(e, ApiError::Malformed { status: 200, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("cannot read"));
}

#[tokio::test]
async fn a_refused_connection_says_so() {
    let s = StandIn::start(Config::default());
    let base = s.base_url.clone();
    let key = s.key().to_string();
    drop(s);
    std::thread::sleep(Duration::from_millis(100));
    let client = wanedit::api::client::Client::new(
        &base,
        wanedit::api::client::ApiKey::new(key).unwrap(),
        support::fast_timing(),
    );
    let mut job = JobSpec::new("wan2.7-image", "a cat");
    let dir = tempfile::tempdir().unwrap();
    let e = jobs::run_job(&client, &mut job, LocalImages::Auto, dir.path(), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Unreachable { .. }), "{e:?}");
    assert!(e.to_string().contains("check the network and the region"));
}

#[tokio::test]
async fn a_wrong_key_is_refused_by_the_service_with_its_sentence() {
    let s = StandIn::start(Config::default());
    let client = wanedit::api::client::Client::new(
        &s.base_url,
        wanedit::api::client::ApiKey::new("sk-wrong").unwrap(),
        support::fast_timing(),
    );
    let mut job = JobSpec::new("wan2.7-image", "a cat");
    let dir = tempfile::tempdir().unwrap();
    let e = jobs::run_job(&client, &mut job, LocalImages::Auto, dir.path(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidApiKey"));
    assert!(e.to_string().contains("Invalid API-key provided."));
    assert!(!e.to_string().contains("sk-wrong"));
}

// ---- the task lifecycle ---------------------------------------------------------------------

async fn async_job(
    s: &StandIn,
) -> (
    Result<JobOutcome, ApiError>,
    Vec<JobEvent>,
    tempfile::TempDir,
) {
    let (mut job, local) = job_for(
        s,
        "wan2.6-image",
        CallMode::Async,
        Source::Inline,
        &["chelsea.png"],
    );
    run(s, &mut job, local).await
}

#[tokio::test]
async fn task_statuses_move_pending_running_succeeded() {
    let s = StandIn::start(Config {
        pending: Duration::from_millis(80),
        running: Duration::from_millis(80),
        ..Config::default()
    });
    let (r, ev, _d) = async_job(&s).await;
    assert_pngs(&r.unwrap(), 1);
    let statuses: Vec<&str> = ev
        .iter()
        .filter_map(|e| match e {
            JobEvent::Stage(Stage::Task { status, .. }) => Some(status.label()),
            _ => None,
        })
        .collect();
    let mut dedup = statuses.clone();
    dedup.dedup();
    assert_eq!(
        dedup,
        vec!["PENDING", "RUNNING", "SUCCEEDED"],
        "{statuses:?}"
    );
}

#[tokio::test]
async fn failed_canceled_and_unknown_tasks_end_with_their_sentence() {
    let s = StandIn::start(Config::default());
    s.push_outcome(Outcome::Fail {
        code: "DataInspectionFailed",
        message: "Output data may contain inappropriate content.",
    });
    let (r, _, _d) = async_job(&s).await;
    let e = r.unwrap_err();
    assert!(
        matches!(&e, ApiError::TaskFailed { code, .. } if code == "DataInspectionFailed"),
        "{e:?}"
    );
    assert!(e.request_id().is_some());
    assert!(e.to_string().contains("nothing was billed"));

    s.push_outcome(Outcome::Canceled);
    let (r, _, _d) = async_job(&s).await;
    assert!(matches!(r, Err(ApiError::TaskCanceled { .. })), "{r:?}");

    s.push_outcome(Outcome::Unknown);
    let (r, _, _d) = async_job(&s).await;
    let e = r.unwrap_err();
    assert!(matches!(e, ApiError::TaskUnknown { .. }), "{e:?}");
    assert!(e.to_string().contains("24 hours"));
}

#[tokio::test]
async fn polls_ride_out_errors_drops_and_garbage() {
    let s = StandIn::start(Config::default());
    s.push_fault(
        Target::Poll,
        Fault::Http {
            status: 500,
            code: "InternalError",
            message: "oops",
        },
    );
    s.push_fault(Target::Poll, Fault::Drop);
    s.push_fault(Target::Poll, Fault::Malformed);
    s.push_fault(
        Target::Poll,
        Fault::Http {
            status: 429,
            code: "Throttling",
            message: "Requests throttling triggered.",
        },
    );
    let (r, _, _d) = async_job(&s).await;
    assert_pngs(&r.unwrap(), 1);
    assert_eq!(
        s.accepted_generations(),
        1,
        "the task was never resubmitted"
    );
    assert!(s.requests_to(&format!("/tasks/{}", s.task_ids()[0])).len() >= 5);
}

#[tokio::test]
async fn cancel_stops_a_pending_task() {
    let s = StandIn::start(Config {
        pending: Duration::from_secs(30),
        ..Config::default()
    });
    let client = client_for(&s);
    let (mut job, _) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Async,
        Source::Inline,
        &["coffee.png"],
    );
    let plan = jobs::plan_only(&mut job).await.unwrap();
    let handle = client.create_task(&plan).await.unwrap();
    jobs::cancel_remote(&client, &handle.task_id).await.unwrap();
    assert!(s.task_canceled(&handle.task_id));
    let cancel = &s.requests_to("/cancel")[0];
    assert_eq!(cancel.method, "POST");
    assert_eq!(cancel.body_len, 0);
    let e = client.wait_task(&handle.task_id, |_| {}).await.unwrap_err();
    assert!(matches!(e, ApiError::TaskCanceled { .. }), "{e:?}");
}

#[tokio::test]
async fn cancel_of_a_running_task_is_refused_with_the_services_words() {
    let s = StandIn::start(Config {
        pending: Duration::from_millis(1),
        running: Duration::from_secs(30),
        ..Config::default()
    });
    let client = client_for(&s);
    let (mut job, _) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Async,
        Source::Inline,
        &["coffee.png"],
    );
    let plan = jobs::plan_only(&mut job).await.unwrap();
    let handle = client.create_task(&plan).await.unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let e = jobs::cancel_remote(&client, &handle.task_id)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("UnsupportedOperation"));
}

// ---- downloads and uploads ------------------------------------------------------------------

#[tokio::test]
async fn an_expired_result_url_keeps_the_link_and_says_why() {
    let s = StandIn::start(Config::default());
    s.push_fault(Target::Download, Fault::Expired);
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Sync,
        Source::Inline,
        &["coffee.png"],
    );
    let (r, _, _d) = run(&s, &mut job, local).await;
    let out = r.unwrap();
    assert!(out.files.is_empty());
    assert_eq!(out.download_errors.len(), 1);
    assert!(
        out.download_errors[0]
            .words()
            .contains("expired (HTTP 403)"),
        "{:?}",
        out.download_errors
    );
    assert_eq!(out.items.len(), 1, "the result link is kept");
}

#[tokio::test]
async fn downloads_are_retried_and_written_whole() {
    let s = StandIn::start(Config::default());
    s.push_fault(
        Target::Download,
        Fault::Http {
            status: 500,
            code: "InternalError",
            message: "x",
        },
    );
    s.push_fault(Target::Download, Fault::Drop);
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Sync,
        Source::Inline,
        &["coffee.png"],
    );
    let (r, _, dir) = run(&s, &mut job, local).await;
    assert_pngs(&r.unwrap(), 1);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
}

#[tokio::test]
async fn auto_inlines_small_files_and_uploads_large_ones() {
    let s = StandIn::start(Config::default());
    // A ~7 MB noisy PNG: over the inline budget, under the model's 20 MB limit.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big scan.png");
    let img = image::RgbImage::from_fn(1600, 1500, |x, y| {
        let h = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)).wrapping_mul(2246822519);
        image::Rgb([(h >> 8) as u8, (h >> 16) as u8, (h >> 24) as u8])
    });
    img.save(&big).unwrap();
    assert!(std::fs::metadata(&big).unwrap().len() > 6 * 1024 * 1024);
    let mut job = JobSpec::new("wan2.7-image", "blend image 1 and image 2");
    job.images = vec![
        JobImage::new(ImageSource::File(photo("rocket.jpg"))),
        JobImage::new(ImageSource::File(big)),
    ];
    let (r, events, _d) = run(&s, &mut job, LocalImages::Auto).await;
    assert_pngs(&r.unwrap(), 1);
    let req = &s.requests_to("/multimodal-generation/generation")[0];
    let content = &req.json.as_ref().unwrap()["input"]["messages"][0]["content"];
    assert!(
        content[1]["image"]
            .as_str()
            .unwrap()
            .starts_with("data:image/jpeg;base64,")
    );
    let oss_value = content[2]["image"].as_str().unwrap();
    assert!(
        oss_value.starts_with("oss://dashscope-instant/wan2.7-image/"),
        "{oss_value}"
    );
    assert!(oss_value.ends_with("_big_scan.png"), "{oss_value}");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, JobEvent::Stage(Stage::Uploading { done: 1, total: 1 })))
    );
    // The OSS POST carries no key.
    let oss = &s.requests_to("/oss")[0];
    assert!(!oss.headers.contains_key("authorization"));
    let policy = &s.requests_to("/uploads")[0];
    assert_eq!(policy.query, "action=getPolicy&model=wan2.7-image");
}

#[tokio::test]
async fn two_inputs_with_one_file_name_get_distinct_upload_keys() {
    let s = StandIn::start(Config::default());
    let d1 = tempfile::tempdir().unwrap();
    let d2 = tempfile::tempdir().unwrap();
    std::fs::copy(photo("coffee.png"), d1.path().join("photo.png")).unwrap();
    std::fs::copy(photo("chelsea.png"), d2.path().join("photo.png")).unwrap();
    let mut job = JobSpec::new("wan2.7-image", "swap the backgrounds");
    job.images = vec![
        JobImage::new(ImageSource::File(d1.path().join("photo.png"))),
        JobImage::new(ImageSource::File(d2.path().join("photo.png"))),
    ];
    let (r, _, _d) = run(&s, &mut job, LocalImages::Upload).await;
    assert_pngs(&r.unwrap(), 1);
    assert_eq!(s.uploaded_keys().len(), 2);
}

#[tokio::test]
async fn upload_failures_are_reported_before_anything_is_generated() {
    let s = StandIn::start(Config::default());
    s.push_fault(
        Target::Upload,
        Fault::Http {
            status: 403,
            code: "AccessDenied",
            message: "denied",
        },
    );
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Sync,
        Source::Upload,
        &["coffee.png"],
    );
    let (r, _, _d) = run(&s, &mut job, local).await;
    let e = r.unwrap_err();
    assert!(matches!(e, ApiError::Upload { .. }), "{e:?}");
    assert!(e.to_string().contains("HTTP 403"));
    assert_eq!(s.accepted_generations(), 0);

    s.push_fault(
        Target::Policy,
        Fault::Http {
            status: 500,
            code: "InternalError",
            message: "policy down",
        },
    );
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Sync,
        Source::Upload,
        &["coffee.png"],
    );
    let (r, _, _d) = run(&s, &mut job, local).await;
    assert_eq!(r.unwrap_err().code(), Some("InternalError"));
}

#[tokio::test]
async fn an_unwritable_output_folder_is_a_message() {
    let s = StandIn::start(Config::default());
    let (mut job, local) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Sync,
        Source::Inline,
        &["coffee.png"],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    let r = jobs::run_job(&client_for(&s), &mut job, local, &file, |_| {})
        .await
        .unwrap();
    assert!(r.files.is_empty());
    assert!(
        r.download_errors[0].words().contains("could not write"),
        "{:?}",
        r.download_errors
    );
}

/// Starts `job` through the engine's door (images inline, results into `out`); its id.
fn start_inline(
    door: &wanedit::jobs::door::Door,
    s: &StandIn,
    job: JobSpec,
    out: &std::path::Path,
) -> u64 {
    let id = door.new_id();
    door.send(wanedit::jobs::engine::JobCommand::Start {
        id,
        client: client_for(s),
        job: Box::new(job),
        local: jobs::LocalImages::Inline,
        out_dir: out.to_path_buf(),
    });
    id
}

#[test]
fn cancelling_while_the_create_is_on_its_way_still_cancels_the_task() {
    use wanedit::jobs::door::Door;
    use wanedit::jobs::engine::{EngineEvent as JobMessage, JobCommand};
    let s = StandIn::start(Config {
        pending: Duration::from_secs(60),
        ..Config::default()
    });
    // The create answer takes 400 ms: the cancel arrives while it is on its way.
    s.push_fault(Target::Create, Fault::Slow(Duration::from_millis(400)));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (post, inbox) = wanedit::jobs::post::inbox(std::sync::Arc::new(|| {}));
    let door = Door::open(
        rt.handle(),
        wanedit::jobs::record::Recorder::at(&support::data_dir()),
        post,
    );
    let (job, _) = job_for(
        &s,
        "wan2.7-image",
        CallMode::Async,
        Source::Url,
        &["coffee.png"],
    );
    let out = tempfile::tempdir().unwrap();
    let id = start_inline(&door, &s, job, out.path());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    // Cancel as soon as the create is on its way (its answer takes 400 ms).
    loop {
        assert!(std::time::Instant::now() < deadline, "never sent");
        if inbox
            .drain()
            .iter()
            .any(|m| matches!(m, JobMessage::Event(_, JobEvent::Stage(Stage::Sending))))
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    door.send(JobCommand::Cancel(id));
    let cancelled = true;
    // From here nobody reads the events (a window hidden, or between frames): the engine keeps
    // its own books and cancels the task the moment its id arrives.
    loop {
        assert!(
            std::time::Instant::now() < deadline,
            "the task was not cancelled while nobody read the events"
        );
        if s.task_ids().first().is_some_and(|t| s.task_canceled(t)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let result = loop {
        assert!(std::time::Instant::now() < deadline, "no outcome");
        if let Some(r) = inbox.drain().into_iter().find_map(|m| match m {
            JobMessage::Finished(_, r) => Some(r),
            _ => None,
        }) {
            break r;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(cancelled);
    let e = result.unwrap_err();
    assert!(matches!(e, ApiError::TaskCanceled { .. }), "{e:?}");
    let tasks = s.task_ids();
    assert_eq!(tasks.len(), 1);
    assert!(
        s.task_canceled(&tasks[0]),
        "the task created after the cancel was cancelled on the service"
    );
}

#[test]
fn jobs_beyond_the_running_limit_wait_their_turn() {
    use wanedit::jobs::door::Door;
    use wanedit::jobs::engine::{EngineEvent as JobMessage, MAX_RUNNING};
    let s = StandIn::start(Config {
        pending: Duration::from_millis(300),
        running: Duration::from_millis(300),
        ..Config::default()
    });
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (post, inbox) = wanedit::jobs::post::inbox(std::sync::Arc::new(|| {}));
    let door = Door::open(
        rt.handle(),
        wanedit::jobs::record::Recorder::at(&support::data_dir()),
        post,
    );
    let out = tempfile::tempdir().unwrap();
    let ids: Vec<u64> = (0..MAX_RUNNING + 1)
        .map(|_| {
            let (job, _) = job_for(
                &s,
                "wan2.7-image",
                CallMode::Async,
                Source::Url,
                &["coffee.png"],
            );
            start_inline(&door, &s, job, out.path())
        })
        .collect();
    let mut started: Vec<u64> = Vec::new();
    let mut finished: Vec<u64> = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while finished.len() < ids.len() {
        assert!(
            std::time::Instant::now() < deadline,
            "started {started:?} finished {finished:?}"
        );
        for m in inbox.drain() {
            match m {
                JobMessage::Started(id) => {
                    // A job starts only while fewer than the limit run (which of the queued
                    // ones goes first is the runtime's choice). A job says it finished before
                    // it gives its place up, so the messages' order tells how many ran.
                    started.push(id);
                    let running = started.len() - finished.len();
                    assert!(
                        running <= MAX_RUNNING,
                        "job {id} started while {} were running",
                        running - 1
                    );
                }
                JobMessage::Finished(id, r) => {
                    assert!(r.is_ok(), "{r:?}");
                    finished.push(id);
                }
                _ => {}
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(started.len(), ids.len());
}

#[tokio::test]
async fn each_model_mode_reaches_the_stand_in_and_comes_back_in_order() {
    let s = StandIn::start(Config::default());
    // wan2.7 image set: n images in order.
    let mut set = JobSpec::new(
        "wan2.7-image",
        "a storyboard of a cat chasing a butterfly, 5 panels",
    );
    set.mode = CallMode::Async;
    set.params.enable_sequential = Some(true);
    set.params.n = Some(5);
    let (r, _, _d) = run(&s, &mut set, LocalImages::Inline).await;
    assert_pngs(&r.unwrap(), 5);

    // wan2.7 thinking mode and a colour palette (text-to-image).
    let mut t2i = JobSpec::new("wan2.7-image-pro", "a poster of a mountain lake at dusk");
    t2i.params.thinking_mode = Some(true);
    t2i.params.color_palette =
        Some(wanedit::cli::parse_palette("#C2D1E6:60,#F2E9DC:25,#3A4A5C:15").unwrap());
    let (r, _, _d) = run(&s, &mut t2i, LocalImages::Inline).await;
    assert_pngs(&r.unwrap(), 1);
    let body = s
        .requests_to("/multimodal-generation/generation")
        .last()
        .unwrap()
        .json
        .clone()
        .unwrap();
    assert_eq!(body["parameters"]["thinking_mode"], true);
    assert_eq!(
        body["parameters"]["color_palette"][1],
        serde_json::json!({"hex": "#F2E9DC", "ratio": "25.00%"})
    );

    // wan2.6 mixed text and images: the text parts and images, in the order returned.
    let (mut il, local) = job_for(
        &s,
        "wan2.6-image",
        CallMode::Async,
        Source::Inline,
        &["coffee.png"],
    );
    il.params.enable_interleave = Some(true);
    il.params.max_images = Some(2);
    let (r, _, _d) = run(&s, &mut il, local).await;
    let out = r.unwrap();
    let kinds: Vec<&str> = out
        .items
        .iter()
        .map(|i| match i {
            wanedit::api::wire::OutputItem::Image { .. } => "image",
            wanedit::api::wire::OutputItem::Text { .. } => "text",
            wanedit::api::wire::OutputItem::Failed { .. } => "failed",
        })
        .collect();
    assert_eq!(kinds, vec!["text", "image", "text", "image"]);
    assert_eq!(out.files.len(), 2);
}
