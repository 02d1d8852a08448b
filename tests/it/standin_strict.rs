//! The stand-in is strict, and wanedit's validation agrees with it: every job the catalog
//! refuses, the stand-in (judging on its own, from the contract) refuses too when it is sent
//! anyway; and protocol mistakes get the service's own error shape.

use crate::support;

use std::io::Cursor;

use support::standin::{Config, StandIn};
use support::{client_for, photo};
use wanedit::api::error::ApiError;
use wanedit::api::job::{BBox, CallMode, ImageSource, JobImage, JobSpec, PaletteColor, SizeChoice};
use wanedit::api::request::{self, RequestPlan};
use wanedit::api::validate::validate;
use wanedit::imaging;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// A job with in-memory images (sent inline), its facts filled as the engine would.
fn job(model: &str, images: Vec<Vec<u8>>) -> (JobSpec, Vec<String>) {
    let mut j = JobSpec::new(model, "make image 1 look like autumn");
    let mut values = Vec::new();
    for (i, b) in images.iter().enumerate() {
        let facts = imaging::probe(b).unwrap();
        let mut img = JobImage::new(ImageSource::File(format!("/mem/{i}.png").into()));
        img.facts = Some(facts);
        j.images.push(img);
        values.push(imaging::data_uri(b, facts.format.unwrap()));
    }
    if j.spec().is_some_and(|s| s.sync_path.is_none()) {
        j.mode = CallMode::Async;
    }
    (j, values)
}

async fn send(s: &StandIn, j: &JobSpec, values: &[String]) -> Result<(), ApiError> {
    let plan = request::build_generation(j, j.spec().unwrap(), values);
    let client = client_for(s);
    match j.mode {
        CallMode::Sync => client.generate_sync(&plan).await.map(|_| ()),
        CallMode::Async => client.create_task(&plan).await.map(|_| ()),
    }
}

#[tokio::test]
async fn every_job_the_catalog_refuses_the_stand_in_refuses_too() {
    let s = StandIn::start(Config::default());
    let coffee = std::fs::read(photo("coffee.png")).unwrap();
    let logo = std::fs::read(photo("logo.png")).unwrap();
    let mut cases: Vec<(&str, JobSpec, Vec<String>)> = Vec::new();

    let (mut j, v) = job("wan2.7-image", vec![coffee.clone()]);
    j.images[0].boxes.push(BBox::new(500, 300, 700, 420));
    cases.push(("box outside the image", j, v));

    let (mut j, v) = job("wan2.7-image-pro", vec![coffee.clone()]);
    j.images[0].boxes = vec![BBox::new(0, 0, 10, 10); 3];
    cases.push(("three boxes", j, v));

    let (mut j, v) = job("wan2.7-image", vec![coffee.clone()]);
    j.images[0].boxes.push(BBox::new(50, 50, 40, 60));
    cases.push(("inverted box", j, v));

    let (mut j, v) = job("wan2.6-image", vec![coffee.clone()]);
    j.images[0].boxes.push(BBox::new(0, 0, 10, 10));
    cases.push(("boxes on wan2.6", j, v));

    cases.push((
        "alpha channel",
        job("wan2.7-image", vec![logo.clone()]).0,
        job("wan2.7-image", vec![logo.clone()]).1,
    ));
    let (j, v) = job("wan2.7-image", vec![png(200, 150)]);
    cases.push(("too small", j, v));
    let (j, v) = job("wan2.7-image", vec![png(2400, 240)]);
    cases.push(("aspect 10:1", j, v));
    let (j, v) = job("wan2.5-i2i-preview", vec![png(300, 600)]);
    cases.push(("wan2.5 under 384 px", j, v));

    let (mut j, v) = job("wan2.7-image-pro", vec![coffee.clone()]);
    j.params.size = Some(SizeChoice::parse("4K").unwrap());
    cases.push(("4K while editing", j, v));

    let (mut j, v) = job("wan2.7-image", vec![]);
    j.params.size = Some(SizeChoice::parse("4K").unwrap());
    cases.push(("4K on the non-pro model", j, v));

    let (mut j, v) = job("wan2.7-image", vec![coffee.clone()]);
    j.params.n = Some(5);
    cases.push(("n = 5", j, v));

    let (j, v) = job("wan2.6-image", vec![]);
    cases.push(("wan2.6 with no image", j, v));

    let (j, v) = job(
        "wan2.5-i2i-preview",
        vec![
            coffee.clone(),
            coffee.clone(),
            coffee.clone(),
            coffee.clone(),
        ],
    );
    cases.push(("wan2.5 with four images", j, v));

    let (mut j, v) = job("wan2.5-i2i-preview", vec![coffee.clone()]);
    j.params.size = Some(SizeChoice::parse("1K").unwrap());
    cases.push(("wan2.5 with a tier size", j, v));

    let (mut j, v) = job("wan2.6-image", vec![coffee.clone()]);
    j.params.size = Some(SizeChoice::parse("4000*500").unwrap());
    cases.push(("wan2.6 size aspect 8:1", j, v));

    let (mut j, v) = job("wan2.7-image", vec![]);
    j.params.color_palette = Some(vec![
        PaletteColor {
            hex: "#C2D1E6".into(),
            percent: 60.0,
        },
        PaletteColor {
            hex: "#FFFFFF".into(),
            percent: 30.0,
        },
        PaletteColor {
            hex: "#000000".into(),
            percent: 5.0,
        },
    ]);
    cases.push(("palette adds to 95%", j, v));

    let (mut j, v) = job("wan2.7-image", vec![]);
    j.params.enable_sequential = Some(true);
    j.params.n = Some(13);
    cases.push(("image set of 13", j, v));

    let (mut j, v) = job("wan2.6-image", vec![coffee.clone(), coffee.clone()]);
    j.params.enable_interleave = Some(true);
    j.mode = CallMode::Async;
    cases.push(("interleave with two images", j, v));

    let (mut j, v) = job("wan2.7-image", vec![coffee.clone()]);
    j.prompt = "   ".into();
    cases.push(("blank prompt", j, v));

    let n_cases = cases.len();
    for (name, j, v) in cases {
        let problems = validate(&j);
        assert!(
            !problems.is_empty(),
            "{name}: wanedit's validation let it through"
        );
        let e = send(&s, &j, &v).await.expect_err(name);
        match &e {
            ApiError::Service {
                status: 400,
                code,
                request_id,
                ..
            } => {
                assert_eq!(code, "InvalidParameter", "{name}");
                assert!(request_id.is_some(), "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(s.accepted_generations(), 0);
    assert_eq!(n_cases, 19);
}

async fn raw(s: &StandIn, plan: &RequestPlan) -> Result<(), ApiError> {
    client_for(s).generate_sync(plan).await.map(|_| ())
}

#[tokio::test]
async fn protocol_mistakes_get_the_services_answers() {
    let s = StandIn::start(Config::default());
    let coffee = std::fs::read(photo("coffee.png")).unwrap();
    let (j, v) = job("wan2.7-image", vec![coffee]);
    let good = request::build_generation(&j, j.spec().unwrap(), &v);

    // The sync endpoint with the async header.
    let mut p = good.clone();
    p.headers.push(("X-DashScope-Async", "enable".into()));
    let e = raw(&s, &p).await.unwrap_err();
    assert!(
        matches!(&e, ApiError::Service { status: 403, code, message, .. } if code == "AccessDenied" && message.contains("asynchronous")),
        "{e:?}"
    );

    // The async endpoint without it.
    let mut p = good.clone();
    p.path = "/services/aigc/image-generation/generation".into();
    let e = raw(&s, &p).await.unwrap_err();
    assert!(
        matches!(&e, ApiError::Service { status: 403, message, .. } if message.contains("does not support synchronous calls")),
        "{e:?}"
    );

    // An unknown parameter; the SDK's is_async is tolerated.
    let mut p = good.clone();
    p.body.as_mut().unwrap()["parameters"]["quality"] = serde_json::json!("high");
    assert_eq!(
        raw(&s, &p).await.unwrap_err().code(),
        Some("InvalidParameter")
    );
    let mut p = good.clone();
    p.body.as_mut().unwrap()["parameters"]["is_async"] = serde_json::json!(true);
    raw(&s, &p).await.unwrap();

    // An oss:// value without the resolve header.
    let mut p = good.clone();
    p.body.as_mut().unwrap()["input"]["messages"][0]["content"][1]["image"] =
        serde_json::json!("oss://dashscope-instant/x/a.png");
    assert_eq!(
        raw(&s, &p).await.unwrap_err().code(),
        Some("InvalidParameter")
    );

    // wan2.5 on the messages endpoint: the path and the model do not match.
    let mut p = good.clone();
    p.body.as_mut().unwrap()["model"] = serde_json::json!("wan2.5-i2i-preview");
    let e = raw(&s, &p).await.unwrap_err();
    assert!(
        e.to_string().contains("url error, please check url!"),
        "{e}"
    );

    // No key at all.
    let client = wanedit::api::client::Client::new(
        &s.base_url,
        wanedit::api::client::ApiKey::new("x").unwrap(),
        support::fast_timing(),
    );
    let e = client.generate_sync(&good).await.unwrap_err();
    assert!(matches!(&e, ApiError::Service { status: 401, .. }));
}

/// With the account's limits on, the stand-in holds to them as the service documents them
/// (§13): a sixth create in one second is refused with 429 `Throttling.RateQuota` (the client
/// retries it later), and a sixth task waits PENDING until one of the five at work ends.
#[tokio::test]
async fn with_the_limits_on_the_stand_in_throttles_and_queues_as_the_service_does() {
    use support::standin::Limits;
    use wanedit::api::client::{ApiKey, Client};
    let s = StandIn::start(Config {
        pending: std::time::Duration::from_millis(600),
        running: std::time::Duration::from_millis(600),
        limits: Some(Limits::DOCUMENTED),
        ..Config::default()
    });
    let timing = wanedit::api::client::Timing {
        retry_first: std::time::Duration::from_millis(250),
        retry_max: std::time::Duration::from_millis(500),
        create_retries: 8,
        ..support::fast_timing()
    };
    let client = Client::new(&s.base_url, ApiKey::new(s.key()).unwrap(), timing);
    let coffee = std::fs::read(photo("coffee.png")).unwrap();
    let (mut j, v) = job("wan2.7-image", vec![coffee]);
    j.mode = CallMode::Async;
    // Seven creates at once, each its own prompt.
    let creates = (0..7).map(|i| {
        let mut j = j.clone();
        j.prompt = format!("item {i}: make image 1 look like autumn");
        let plan = request::build_generation(&j, j.spec().unwrap(), &v);
        let client = client.clone();
        async move { client.create_task(&plan).await }
    });
    let handles = futures_util::future::join_all(creates).await;
    let ids: Vec<String> = handles
        .into_iter()
        .map(|h| h.expect("every create is accepted in the end").task_id)
        .collect();
    let log = s.creates();
    // Throttled ones were refused and tried again; each item was accepted exactly once.
    assert!(
        log.iter().any(|c| c.accepted.is_none()),
        "nothing was throttled: {log:?}"
    );
    for i in 0..7 {
        let accepted = log
            .iter()
            .filter(|c| c.accepted.is_some() && c.prompt.starts_with(&format!("item {i}:")))
            .count();
        assert_eq!(accepted, 1, "item {i}: {log:?}");
    }
    // Never more than five accepted in any one second.
    let accepted: Vec<_> = log
        .iter()
        .filter(|c| c.accepted.is_some())
        .map(|c| c.at)
        .collect();
    for a in &accepted {
        let within = accepted
            .iter()
            .filter(|b| **b >= *a && b.duration_since(*a) < std::time::Duration::from_secs(1))
            .count();
        assert!(within <= 5, "{within} creates accepted within one second");
    }
    // Seven tasks end, never more than five at work at once.
    for id in &ids {
        let g = client.wait_task(id, |_| {}).await.unwrap();
        assert!(!g.items.is_empty(), "{id}");
    }
    assert_eq!(s.most_running_at_once(), 5);
}
