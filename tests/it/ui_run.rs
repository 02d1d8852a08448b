//! The designer's loop in the window, against the strict stand-in: type a prompt, pick a model,
//! run sync and async, watch the status move, cancel, see the result, compare, save; a refused
//! job shows the service's message and request_id; the key is never shown.

use crate::support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::Storage as _;
use egui_kittest::kittest::Queryable;
use support::photo;
use support::standin::{Config, Fault, StandIn, Target};
use support::window::{Studio, studio};
use wanedit::api::client::ApiKey;
use wanedit::api::region::Endpoint;
use wanedit::ui::results::JobStatus;
use wanedit::ui::widgets::compare::CompareMode;
use wanedit::ui::{CentralTab, WanEditApp};

impl Studio {
    pub(crate) fn type_prompt(&mut self, text: &str) {
        self.h.get_by_label("Instruction").focus();
        self.h.step();
        self.h.get_by_label("Instruction").type_text(text);
        self.h.run();
    }

    pub(crate) fn pick_model(&mut self, id: &str) {
        self.h.get_by_label("Model").click();
        self.h.run();
        self.h.get_by_label(id).click();
        self.h.run();
        assert_eq!(self.h.state().compose.model.id, id);
    }

    /// Steps the window until no job runs; returns every status text seen on the way.
    pub(crate) fn run_until_done(&mut self, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        let mut seen: Vec<String> = Vec::new();
        loop {
            self.h.step();
            if let Some(j) = self.h.state().runs.jobs.first() {
                let s = match &j.status {
                    JobStatus::Working(s) => s.clone(),
                    other => format!("{other:?}"),
                };
                if seen.last() != Some(&s) {
                    seen.push(s);
                }
                if !j.is_active() {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "job did not finish: {seen:?}");
            std::thread::sleep(Duration::from_millis(5));
        }
        // Result previews decode in the background.
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.h.state().runs.jobs[0]
            .images
            .iter()
            .any(|i| i.preview.is_none())
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(10));
            self.h.step();
        }
        self.h.run();
        seen
    }
}

#[test]
fn ctrl_enter_in_the_instruction_runs_the_job_and_adds_no_new_line() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.type_prompt("Make the cup blue");
    // The field still has the keyboard: the shortcut must reach the panel all the same.
    st.h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    st.run_until_done(Duration::from_secs(20));
    assert_eq!(st.h.state().runs.jobs.len(), 1, "Ctrl+Enter started no job");
    assert_eq!(st.h.state().runs.jobs[0].status, JobStatus::Done);
    assert_eq!(st.h.state().compose.prompt.prompt, "Make the cup blue");
}

#[test]
fn a_sync_edit_runs_from_the_window_and_its_result_is_compared_and_saved() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.pick_model("wan2.7-image");
    st.type_prompt("Replace the cup in box 1 with a teapot");
    st.h.state_mut().compose.inputs.slots[0].boxes =
        vec![wanedit::api::job::BBox::new(100, 40, 420, 380)];
    st.h.get_by_label("Run as async task").click();
    st.h.run();
    assert!(!st.h.state().compose.prompt.run_async);
    st.h.get_by_label("Run").click();
    st.run_until_done(Duration::from_secs(20));

    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done, "{:?}", j.status);
    assert_eq!(j.images.len(), 1);
    assert!(j.images[0].path.exists());
    // Named after the photo edited: the composite and, beside it, the service's own file.
    let names: Vec<String> = std::fs::read_dir(st.out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names.iter().all(|n| n.starts_with("coffee-edit-1.")),
        "{names:?}"
    );
    assert_eq!(j.usage.as_ref().and_then(|u| u.image_count), Some(1));
    // The request that went out: sync path, the prompt typed, the box drawn.
    let req = &s.requests_to("/multimodal-generation/generation")[0];
    let body = req.json.as_ref().unwrap();
    assert_eq!(
        body["input"]["messages"][0]["content"][0]["text"],
        "Replace the cup in box 1 with a teapot"
    );
    assert_eq!(
        body["parameters"]["bbox_list"],
        serde_json::json!([[[100, 40, 420, 380]]])
    );
    assert_eq!(body["model"], "wan2.7-image");

    // The compare view opened on the result; switch modes.
    assert_eq!(st.h.state().tab, CentralTab::Compare);
    st.h.get_by_label("Compare view");
    st.h.get_by_label("Wipe").click();
    st.h.run();
    assert_eq!(st.h.state().runs.compare.mode, CompareMode::Wipe);
    st.h.get_by_label("Wipe position");
    st.h.get_by_label("Flip (Space)").click();
    st.h.run();
    let rect = st.h.get_by_label("Compare view").rect();
    st.h.event(egui::Event::PointerMoved(rect.center()));
    st.h.key_press(egui::Key::Space);
    st.h.run();
    assert!(st.h.state().runs.compare.flipped);
    st.h.get_by_label("Side by side").click();
    st.h.run();
    st.h.get_by_label_contains("Before");

    // "Copy request as curl": the exact request, the key as a variable.
    st.h.get_by_label("Copy request as curl").click();
    st.h.step();
    let deadline = Instant::now() + Duration::from_secs(30);
    while st.h.state().curl_building() && Instant::now() < deadline {
        st.h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    let curl = st.h.state().runs.last_curl.clone().unwrap();
    assert!(
        curl.contains("Bearer $DASHSCOPE_API_KEY") && !curl.contains(s.key()),
        "{curl}"
    );
    assert!(curl.contains("/services/aigc/multimodal-generation/generation"));
    assert!(
        curl.contains("\"bbox_list\"") && curl.contains("420,"),
        "{curl}"
    );

    // Save to a path in another format.
    let target = st.out.path().join("saved.jpg");
    let result = st.h.state().runs.jobs[0].images[0].path.clone();
    assert_eq!(st.h.state().session.settings.jpeg_quality, 92);
    wanedit::ui::save_converted(&result, &target, st.h.state().session.settings.jpeg_quality)
        .unwrap();
    assert_eq!(
        image::ImageFormat::from_path(&target).unwrap(),
        image::ImageFormat::Jpeg
    );
    assert_eq!(image::image_dimensions(&target).unwrap(), (64, 48));
    // The quality is the one asked for: the same pixels at 92 and 40 are two different files,
    // the lower one smaller and further from the source.
    let low = st.out.path().join("saved-low.jpg");
    wanedit::ui::save_converted(&result, &low, 40).unwrap();
    let (hi_len, lo_len) = (
        std::fs::metadata(&target).unwrap().len(),
        std::fs::metadata(&low).unwrap().len(),
    );
    assert!(lo_len < hi_len, "{lo_len} !< {hi_len}");
    let src = image::open(&result).unwrap().to_rgb8();
    let err = |p: &std::path::Path| {
        let got = image::open(p).unwrap().to_rgb8();
        src.pixels()
            .zip(got.pixels())
            .map(|(a, b)| {
                (0..3)
                    .map(|c| (a[c] as i64 - b[c] as i64).abs())
                    .sum::<i64>()
            })
            .sum::<i64>()
    };
    assert!(err(&target) < err(&low));
}

#[test]
fn an_async_task_shows_its_status_moving_and_can_be_cancelled() {
    let s = StandIn::start(Config {
        pending: Duration::from_millis(150),
        running: Duration::from_millis(150),
        ..Config::default()
    });
    let mut st = studio(&s, &["chelsea.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.pick_model("wan2.6-image");
    st.type_prompt("Make it a watercolour painting");
    assert!(st.h.state().compose.prompt.run_async);
    st.h.get_by_label("Run").click();
    let seen = st.run_until_done(Duration::from_secs(20));
    assert!(
        seen.iter()
            .any(|s| s == "waiting in the service's queue (PENDING)"),
        "{seen:?}"
    );
    assert!(seen.iter().any(|s| s == "being made (RUNNING)"), "{seen:?}");
    // The row has the task id and its own clock: a stage never says them again.
    assert!(seen.iter().all(|s| !s.contains("task-")), "{seen:?}");
    assert_eq!(st.h.state().runs.jobs[0].status, JobStatus::Done);
    st.h.get_by_label_contains("done in");
    st.h.get_by_label("Result 1 of job 1");

    // A task kept PENDING is cancelled on the service.
    let s2 = StandIn::start(Config {
        pending: Duration::from_secs(60),
        ..Config::default()
    });
    st.h.state_mut().session.settings.endpoint = Endpoint::Custom {
        base_url: s2.base_url.clone(),
    };
    st.h.state_mut().set_api_key(ApiKey::new(s2.key()));
    // Polls a second apart, as the service's: a cancel shows before the next poll ends it.
    st.h.state_mut().session.timing.poll_first = Duration::from_secs(1);
    st.h.state_mut().session.timing.poll_max = Duration::from_secs(1);
    st.h.get_by_label("Run").click();
    st.h.run();
    assert_eq!(st.h.state().runs.jobs[0].id, 2);
    let deadline = Instant::now() + Duration::from_secs(10);
    while st.h.state().runs.jobs[0].task_id.is_none() {
        assert!(Instant::now() < deadline, "no task id");
        std::thread::sleep(Duration::from_millis(10));
        st.h.step();
    }
    st.h.run();
    // On a small screen, the row's status (its words change every second) does not push
    // Cancel off the window: Cancel comes first.
    st.h.set_size(egui::vec2(1024.0, 640.0));
    st.h.run();
    let cancel = st.h.get_by_label("Cancel job 2").rect();
    let status =
        st.h.get_by_label_contains("waiting in the service's queue")
            .rect();
    assert!(
        cancel.right() <= 1024.0 && cancel.right() <= status.left() + 1.0,
        "Cancel at {cancel:?}, the status at {status:?}"
    );
    st.h.set_size(egui::vec2(1500.0, 1000.0));
    st.h.run();
    st.h.get_by_label("Cancel job 2").click();
    st.h.step();
    st.h.step();
    // Said at once, before the service's answer comes.
    st.h.get_by_label_contains("cancelling…");
    st.run_until_done(Duration::from_secs(10));
    let j = &st.h.state().runs.jobs[0];
    let task = j.task_id.clone().unwrap();
    assert!(s2.task_canceled(&task));
    // Cancelled as asked: said so, not as a failure, nothing to copy.
    match &j.status {
        JobStatus::Cancelled(sentence) => {
            assert!(sentence.words().contains("was canceled"), "{sentence}")
        }
        other => panic!("{other:?}"),
    }
    st.h.get_by_label_contains("cancelled after");
    assert!(st.h.query_by_label_contains("failed after").is_none());
    assert!(st.h.query_by_label("Copy error").is_none());

    // A task already RUNNING cannot be cancelled (§7): the row says what the service said,
    // Cancel is disabled, and the job goes on to its result.
    let s3 = StandIn::start(Config {
        pending: Duration::from_millis(50),
        running: Duration::from_secs(3),
        ..Config::default()
    });
    st.h.state_mut().session.settings.endpoint = Endpoint::Custom {
        base_url: s3.base_url.clone(),
    };
    st.h.state_mut().set_api_key(ApiKey::new(s3.key()));
    st.h.get_by_label("Run").click();
    st.h.run();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !matches!(&st.h.state().runs.jobs[0].status, JobStatus::Working(s) if s.ends_with("(RUNNING)"))
    {
        assert!(Instant::now() < deadline, "not running");
        std::thread::sleep(Duration::from_millis(10));
        st.h.step();
    }
    st.h.get_by_label("Cancel job 3").click();
    let deadline = Instant::now() + Duration::from_secs(10);
    while st.h.state().runs.jobs[0].cancel_refused.is_none() {
        assert!(
            Instant::now() < deadline,
            "the refusal was not said on the row"
        );
        std::thread::sleep(Duration::from_millis(10));
        st.h.step();
    }
    st.h.run();
    let why = st.h.state().runs.jobs[0].cancel_refused.clone().unwrap();
    // Said once, in the service's words and ours around them (not twice over).
    assert!(why.contains("did not cancel"), "{why}");
    assert!(!why.contains("cannot be cancelled"), "{why}");
    assert!(why.contains("only PENDING tasks can be canceled"), "{why}");
    // The service's words, not our sentence for a request to change around them.
    assert!(
        !why.contains("HTTP 400") && !why.contains("run it again"),
        "{why}"
    );
    let said =
        st.h.query_all(
            egui_kittest::kittest::By::new().label_contains("only PENDING tasks can be canceled"),
        )
        .count();
    assert!(said >= 1, "the service's words are not on the row");
    {
        use egui_kittest::kittest::NodeT;
        assert!(
            st.h.get_by_label("Cancel job 3")
                .accesskit_node()
                .is_disabled()
        );
    }
    st.run_until_done(Duration::from_secs(20));
    assert_eq!(st.h.state().runs.jobs[0].status, JobStatus::Done);
}

#[test]
fn a_refused_job_shows_the_services_message_and_request_id_and_the_key_is_never_shown() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    // The key is typed into the masked field, as a user would.
    // Settings sit at the foot of the prompt panel's scrolling part, partly under the pinned
    // Run row: scrolled into view first, as a user would.
    st.h.get_by_label("Settings").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Settings").click();
    st.h.run();
    st.h.get_by_label("API key").focus();
    st.h.step();
    st.h.get_by_label("API key").type_text(s.key());
    st.h.step();
    st.h.get_by_label("Instruction").focus();
    st.h.run();
    st.h.get_by_label_contains("API key: from the keychain or entered here");
    st.type_prompt("Remove the spoon");
    s.push_fault(
        Target::Create,
        Fault::Http {
            status: 400,
            code: "DataInspectionFailed",
            message: "Input or output data may contain inappropriate content.",
        },
    );
    st.h.get_by_label("Run").click();
    st.run_until_done(Duration::from_secs(20));
    let j = &st.h.state().runs.jobs[0];
    let JobStatus::Failed {
        sentence,
        code,
        request_id,
    } = &j.status
    else {
        panic!("{:?}", j.status)
    };
    assert_eq!(code.as_deref(), Some("DataInspectionFailed"));
    assert!(
        sentence
            .words()
            .contains("Input or output data may contain inappropriate content.")
    );
    let rid = request_id.clone().unwrap();
    st.h.get_by_label_contains(&format!("request_id: {rid}"));
    st.h.get_by_label("Copy error");

    // Nowhere in the window's text is the key: not in labels, not in values.
    let key = s.key().to_string();
    let hits =
        st.h.query_all_by(|n| {
            n.label().is_some_and(|l| l.contains(&key))
                || n.value().is_some_and(|v| v.contains(&key))
        })
        .count();
    assert_eq!(hits, 0);
    let shown = format!("{:?}", st.h.state().status_text());
    assert!(!shown.contains(&key));
}

#[derive(Default)]
struct MemStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn settings_and_the_prompt_persist_but_the_key_does_not() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut app =
        WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
    app.session.settings.endpoint = Endpoint::Custom {
        base_url: "https://proxy.example.com/api/v1".into(),
    };
    app.session.settings.out_dir = "/tmp/wanedit-results".into();
    app.compose.prompt.prompt = "二つ目の画像の猫を一つ目に".into();
    app.compose.prompt.n = 3;
    app.set_model(wanedit::api::catalog::ModelSpec::find("wan2.6-image").unwrap());
    app.set_api_key(ApiKey::new("sk-persist-secret-123"));
    let mut storage = MemStorage::default();
    eframe::App::save(&mut app, &mut storage);
    let saved = storage.get_string(wanedit::ui::STORAGE_KEY).unwrap();
    assert!(!saved.contains("sk-persist-secret-123"), "{saved}");

    let mut again =
        WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
    again.restore(eframe::get_value(&storage, wanedit::ui::STORAGE_KEY).unwrap());
    assert_eq!(again.persisted(), app.persisted());
    assert_eq!(again.compose.model.id, "wan2.6-image");
    assert!(
        again.effective_key().is_none() || std::env::var("DASHSCOPE_API_KEY").is_ok(),
        "the key was not restored"
    );
}

#[test]
fn an_image_set_of_four_arrives_as_four_numbered_results_and_saves_in_order() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &[]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.pick_model("wan2.7-image");
    st.type_prompt("A set of four polaroids of one park: spring, summer, autumn, winter");
    st.h.get_by_label("Image set (up to 12 images in one style)")
        .click();
    st.h.run();
    // Thinking mode applies to text-to-image without a set: now disabled.
    assert!(st.h.state().compose.prompt.image_set);
    st.h.get_by_label("Images (n)").focus();
    st.h.step();
    st.h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    st.h.get_by_label("Images (n)").type_text("4");
    st.h.key_press(egui::Key::Enter);
    st.h.run();
    assert_eq!(st.h.state().compose.prompt.n, 4);
    st.h.get_by_label("Run").click();
    st.run_until_done(Duration::from_secs(20));

    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done, "{:?}", j.status);
    assert_eq!(j.images.len(), 4);
    for k in 1..=4 {
        st.h.get_by_label(&format!("Result {k} of job 1"));
    }
    let body = s.requests_to("/image-generation/generation")[0]
        .json
        .clone()
        .unwrap();
    assert_eq!(body["parameters"]["enable_sequential"], true);
    assert_eq!(body["parameters"]["n"], 4);
    assert!(
        body["parameters"].get("thinking_mode").is_none(),
        "thinking is not sent with an image set"
    );
    assert_eq!(
        body["input"]["messages"][0]["content"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "text only"
    );

    let dir = tempfile::tempdir().unwrap();
    let files: Vec<std::path::PathBuf> = j.images.iter().map(|i| i.path.clone()).collect();
    let saved = wanedit::ui::save_all(&files, dir.path(), "polaroids").unwrap();
    let names: Vec<String> = saved
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec![
            "polaroids-01.png",
            "polaroids-02.png",
            "polaroids-03.png",
            "polaroids-04.png"
        ]
    );
    for (a, b) in files.iter().zip(&saved) {
        assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    }
    st.h.get_by_label("Save all of job 1…");
}

#[test]
fn model_options_appear_only_for_models_that_have_them() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["chelsea.png"]);
    st.pick_model("wan2.6-image");
    assert!(st.h.query_by_label("Mixed text and images").is_some());
    assert!(st.h.query_by_label("Colour palette").is_none());
    assert!(st.h.query_by_label_contains("Image set").is_none());
    st.pick_model("wan2.7-image-pro");
    assert!(st.h.query_by_label("Mixed text and images").is_none());
    assert!(st.h.query_by_label("Colour palette").is_some());
    assert!(st.h.query_by_label("Thinking mode").is_some());
    st.pick_model("wan2.5-i2i-preview");
    assert!(st.h.query_by_label("Colour palette").is_none());
    assert!(st.h.query_by_label("Mixed text and images").is_none());
}

#[test]
fn a_url_image_that_needs_repair_is_sent_repaired_not_as_the_url() {
    let s = StandIn::start(Config::default());
    // logo.png has an alpha channel: the service (and the stand-in) refuse it by URL.
    let url = s.host_input("logo.png", std::fs::read(photo("logo.png")).unwrap());
    let mut st = studio(&s, &[]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.h.state_mut()
        .add(vec![wanedit::ui::inputs::NewInput::Url(url.clone())]);
    assert!(st.h.state_mut().wait_loaded(Duration::from_secs(30)));
    st.h.run();
    let slot = &st.h.state().compose.inputs.slots[0];
    assert!(
        matches!(slot.source, wanedit::api::job::ImageSource::File(_)),
        "{:?}",
        slot.source
    );
    assert!(!slot.ready().unwrap().repairs.is_empty());
    st.pick_model("wan2.7-image");
    st.type_prompt("Put the logo on a white mug");
    st.h.get_by_label("Run").click();
    st.run_until_done(Duration::from_secs(20));
    assert_eq!(
        st.h.state().runs.jobs[0].status,
        JobStatus::Done,
        "{:?}",
        st.h.state().runs.jobs[0].status
    );
    let body = s.requests_to("/generation")[0].json.clone().unwrap();
    let sent = body["input"]["messages"][0]["content"][1]["image"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        sent.starts_with("data:image/png;base64,"),
        "{}",
        &sent[..40.min(sent.len())]
    );
}

/// Copy-as-curl reads, prepares and encodes every input: with nine large photos that takes a
/// while, and the window keeps drawing frames (with a spinner) until the request arrives.
#[test]
fn copy_as_curl_with_nine_large_inputs_leaves_the_window_responsive() {
    let s = StandIn::start(Config::default());
    // Nine 1600×1200 PNGs of noise-like content (slow to decode and encode, 5.8 MB each).
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..9u32 {
        let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
            let v = x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ i;
            image::Rgb([v as u8, (v >> 8) as u8, (v >> 16) as u8])
        });
        let p = dir.path().join(format!("large-{i}.png"));
        img.save(&p).unwrap();
        paths.push(p);
    }
    let mut st = studio(&s, &[]);
    st.h.state_mut().add_paths(paths);
    assert!(st.h.state_mut().wait_loaded(Duration::from_secs(120)));
    st.h.run();
    st.type_prompt("the nine as a grid");
    st.h.get_by_label("Copy request as curl").click();
    st.h.step();
    assert!(
        st.h.state().curl_building(),
        "the request is built off the UI thread"
    );
    // The next frame shows that it is being built.
    st.h.step();
    st.h.get_by_label("Building the request…");
    let mut frames_while_building = 0;
    let mut slowest = Duration::ZERO;
    let deadline = Instant::now() + Duration::from_secs(120);
    while st.h.state().curl_building() && Instant::now() < deadline {
        let t = Instant::now();
        st.h.step();
        slowest = slowest.max(t.elapsed());
        frames_while_building += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
    let curl =
        st.h.state()
            .runs
            .last_curl
            .clone()
            .expect("the request arrived");
    assert_eq!(curl.matches("data:image/png;base64,").count(), 9);
    assert!(
        frames_while_building >= 3,
        "only {frames_while_building} frames while the request was built"
    );
    // No frame waited for the build (which takes far longer than this).
    assert!(slowest < Duration::from_secs(2), "a frame took {slowest:?}");
}

/// Light, dark or the system's theme, and the interface size (Ctrl+plus / Ctrl+minus), are
/// applied and remembered with the settings.
#[test]
fn theme_and_interface_size_are_applied_and_remembered() {
    use wanedit::ui::theme::ThemeChoice;
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().session.settings.theme = ThemeChoice::Dark;
    st.h.run();
    assert!(st.h.ctx.global_style().visuals.dark_mode);
    st.h.state_mut().session.settings.theme = ThemeChoice::Light;
    st.h.run();
    assert!(!st.h.ctx.global_style().visuals.dark_mode);
    // Nothing smaller than 12 px.
    let small = st.h.ctx.global_style().text_styles[&egui::TextStyle::Small].size;
    assert!(small >= 12.0, "{small}");

    st.h.event(egui::Event::Key {
        key: egui::Key::Plus,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND,
    });
    st.h.run();
    let zoom = st.h.state().session.settings.ui_zoom;
    assert!(zoom > 1.0, "Ctrl+plus zoomed to {zoom}");
    let p = st.h.state().persisted();
    assert_eq!(p.settings.theme, ThemeChoice::Light);
    assert_eq!(p.settings.ui_zoom, zoom);
}

/// With DASHSCOPE_HTTP_BASE_URL set (a proxy, the stand-in), every setting still survives a
/// restart: theme, language, interface size, output folder. Only the connection is the
/// environment's, and the region the designer chose is what is saved, for the day it is unset.
#[test]
fn every_setting_survives_a_restart_with_the_base_url_set() {
    use wanedit::store::settings::ThemeChoice;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base_url = "http://127.0.0.1:9/api/v1";
    let env = Some(base_url);
    let beijing = Endpoint::Shared {
        region: "cn-beijing".into(),
    };
    let mut app =
        WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
    app.session.settings.endpoint = beijing.clone();
    app.session.settings.theme = ThemeChoice::Dark;
    app.session.settings.language = Some(wanedit::i18n::Lang::Ja);
    app.session.settings.ui_zoom = 1.25;
    app.session.settings.out_dir = "/tmp/wanedit-kept".into();
    let mut storage = MemStorage::default();
    eframe::App::save(&mut app, &mut storage);

    for _ in 0..2 {
        // Two starts with the base URL set: each saves what it was given back.
        let mut again =
            WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
        again.restore_with_base_url(
            eframe::get_value(&storage, wanedit::ui::STORAGE_KEY).unwrap(),
            env,
        );
        assert_eq!(again.session.settings.theme, ThemeChoice::Dark);
        assert_eq!(
            again.session.settings.language,
            Some(wanedit::i18n::Lang::Ja)
        );
        assert_eq!(again.session.settings.ui_zoom, 1.25);
        assert_eq!(
            again.session.settings.out_dir,
            std::path::Path::new("/tmp/wanedit-kept")
        );
        assert_eq!(
            again.session.settings.endpoint,
            Endpoint::Custom {
                base_url: base_url.into()
            }
        );
        eframe::App::save(&mut again, &mut storage);
    }
    // Unset again: the chosen region is back.
    let mut plain =
        WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
    plain.restore_with_base_url(
        eframe::get_value(&storage, wanedit::ui::STORAGE_KEY).unwrap(),
        None,
    );
    assert_eq!(plain.session.settings.endpoint, beijing);
    assert_eq!(plain.session.settings.theme, ThemeChoice::Dark);
}

/// Beside Run, what this job will bill: n images at the price that applies where requests go
/// (the user's own, else the catalog's), or that no price is known; nothing is sent for it.
#[test]
fn run_says_what_the_job_will_bill_before_it_is_pressed() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.pick_model("wan2.7-image");
    st.h.state_mut().compose.prompt.n = 2;
    st.h.run();
    // The stand-in is no known region: no catalog price applies there.
    st.h.get_by_label("Bills 2 images; no price known: enter one in Prices, under Settings");
    st.h.state_mut().library.batch.user_prices = vec![wanedit::store::prices::UserPrice {
        model: "wan2.7-image".into(),
        region: wanedit::store::prices::OTHER_REGION.into(),
        per_image: 0.03,
        currency: "USD".into(),
        set_ms: 0,
    }];
    st.h.run();
    st.h.get_by_label("Bills 2 images: ≈ 0.060 USD");
    st.h.state_mut().compose.prompt.n = 1;
    st.h.run();
    st.h.get_by_label("Bills 1 image: ≈ 0.030 USD");
    assert!(s.task_ids().is_empty());
    assert!(
        s.requests_to("/multimodal-generation/generation")
            .is_empty()
    );
}

/// A prompt that names a box or an image the job does not have is warned about before Run
/// (it would run, and bill, anyway); the warning goes once the job has them.
#[test]
fn the_prompts_references_to_missing_boxes_and_images_are_warned_before_run() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.pick_model("wan2.7-image");
    st.h.state_mut().compose.inputs.slots[0]
        .boxes
        .push(wanedit::api::job::BBox::new(10, 10, 120, 120));
    st.h.get_by_label("Instruction").click();
    st.h.run();
    st.h.get_by_label("Instruction")
        .type_text("replace the cup in box 2 with the lamp from image 2");
    st.h.run();
    st.h.get_by_label(
        "The prompt names box 2, but no image has more than 1 box(es). The prompt names image 2, but the job has 1 image(s).",
    );
    // Run stays a deliberate choice: enabled, nothing sent by the warning.
    {
        use egui_kittest::kittest::NodeT;
        assert!(!st.h.get_by_label("Run").accesskit_node().is_disabled());
    }
    st.h.state_mut().compose.inputs.slots[0]
        .boxes
        .push(wanedit::api::job::BBox::new(150, 10, 260, 120));
    st.h.state_mut().compose.prompt.prompt = "replace the cup in box 2 with a lamp".into();
    st.h.run();
    assert!(st.h.query_by_label_contains("The prompt names").is_none());
    assert!(
        s.requests_to("/multimodal-generation/generation")
            .is_empty()
    );
}

/// The row of a finished job says the results' real pixel size (the service renders at the
/// input's aspect: not the size tier its `usage` reports).
#[test]
fn a_finished_jobs_row_says_the_results_real_size() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let mut st = studio(&s, &["chelsea.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.pick_model("wan2.7-image");
    st.type_prompt("make the cat a fox");
    st.h.get_by_label("Run").click();
    st.run_until_done(Duration::from_secs(30));
    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done);
    let (w, h) = image::image_dimensions(&j.images[0].path).unwrap();
    let tier = j.usage.as_ref().and_then(|u| u.size.clone()).unwrap();
    assert_ne!(
        tier,
        format!("{w}*{h}"),
        "the stand-in renders at the input's aspect"
    );
    st.h.get_by_label_contains(&format!(" · {w}×{h}"));
    assert!(st.h.query_by_label_contains(&tier).is_none());
}

/// 4K is offered only where the model makes it (wan2.7-image-pro without input images), never
/// offered and then refused.
#[test]
fn four_k_is_offered_only_where_it_can_be_made() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.pick_model("wan2.7-image-pro");
    st.h.get_by_label("Size").click();
    st.h.run();
    assert!(st.h.query_by_label("2K").is_some());
    assert!(
        st.h.query_by_label("4K").is_none(),
        "4K offered for an edit"
    );
    st.h.key_press(egui::Key::Escape);
    st.h.run();
    st.h.get_by_label("Remove image 1").click();
    st.h.run();
    st.h.get_by_label("Size").click();
    st.h.run();
    st.h.get_by_label("4K").click();
    st.h.run();
    assert_eq!(st.h.state().compose.prompt.size, "4K");
    assert!(
        st.h.state()
            .can_run()
            .err()
            .is_none_or(|why| !why.contains("4K")),
        "4K was refused where it was offered"
    );
}

/// Settings → Result names names the window's results; a template it cannot use is said under
/// the field (and the default is used meanwhile).
#[test]
fn the_result_names_in_settings_name_the_windows_results() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.pick_model("wan2.7-image");
    st.h.state_mut().session.settings.result_names = "{title}".into();
    st.h.get_by_label("Settings").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Settings").click();
    st.h.run();
    st.h.get_by_label_contains("{title}, which wanedit does not know");
    st.h.state_mut().session.settings.result_names = "{name}-{model}".into();
    st.type_prompt("make it night");
    st.h.get_by_label("Run").click();
    st.run_until_done(Duration::from_secs(30));
    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done);
    let name = j.images[0]
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(name, "coffee-wan2.7-image-1.png");
}

/// A key typed into the window wins over a wrong DASHSCOPE_API_KEY (the keychain's key does
/// not): the job goes out with the typed key. Run in a child process with its own environment
/// (the other tests share this one's).
#[test]
fn a_key_typed_in_the_window_wins_over_a_wrong_environment_key() {
    const CHILD: &str = "WANEDIT_TYPED_KEY_CHILD";
    if std::env::var_os(CHILD).is_some() {
        let s = StandIn::start(Config::default());
        assert_eq!(
            std::env::var("DASHSCOPE_API_KEY").as_deref(),
            Ok("sk-wrong-environment-key")
        );
        let mut st = studio(&s, &["coffee.png"]);
        st.pick_model("wan2.7-image");
        st.h.state_mut().store_key(ApiKey::new(s.key()).unwrap());
        st.type_prompt("make it night");
        st.h.get_by_label("Run").click();
        st.run_until_done(Duration::from_secs(30));
        assert_eq!(st.h.state().runs.jobs[0].status, JobStatus::Done);
        let auth = s.requests_to("/generation")[0]
            .headers
            .get("authorization")
            .cloned();
        assert_eq!(auth, Some(format!("Bearer {}", s.key())));
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "ui_run::a_key_typed_in_the_window_wins_over_a_wrong_environment_key",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("DASHSCOPE_API_KEY", "sk-wrong-environment-key")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "the child ran no test: {text}");
}

/// What was billed today counts a job run in this window as soon as it ends (the Batch tab's
/// line read the ledger only at start).
#[test]
fn todays_billing_counts_the_job_just_run() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.pick_model("wan2.7-image");
    st.type_prompt("make it night");
    st.h.get_by_label("Run").click();
    st.run_until_done(Duration::from_secs(30));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let today =
            st.h.state()
                .library
                .batch
                .billed
                .as_ref()
                .and_then(|(day, _)| day.as_ref().map(|t| (t.jobs, t.images)));
        if today == Some((1, 1)) {
            break;
        }
        assert!(Instant::now() < deadline, "today's billing says {today:?}");
        std::thread::sleep(Duration::from_millis(10));
        st.h.step();
    }
}

/// Token Plan in the window: a pay-as-you-go key with "Token Plan (Beijing)" is said above Run
/// (never the key), as is a model the plan does not serve; Run starts nothing then, and says
/// why. A plan key with Singapore is said too.
#[test]
fn token_plan_with_the_wrong_key_or_model_is_said_before_run_and_nothing_is_sent() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &[photo("coffee.png").to_str().unwrap()]);
    let app = st.h.state_mut();
    app.session.settings.endpoint = Endpoint::Shared {
        region: "token-plan".into(),
    };
    app.set_api_key(ApiKey::new("sk-live-payg-key-1234"));
    app.compose.prompt.prompt = "make it warmer".into();
    st.h.run();
    st.pick_model("wan2.6-image");
    // Above Run (and in Run's own hover, where the pointer rests on it).
    for said in [
        "Token Plan takes only its own keys, which start with sk-sp-",
        "Token Plan serves wan2.7-image, wan2.7-image-pro, not wan2.6-image",
    ] {
        assert!(
            st.h.query_all_by_label_contains(said).next().is_some(),
            "{said}"
        );
    }
    assert!(st.h.query_by_label_contains("payg-key-1234").is_none());
    // Run waits for a key that pairs: pressing it starts nothing, and says why.
    let why = st.h.state().can_run().unwrap_err();
    assert!(why.contains("sk-sp-"), "{why}");
    st.h.get_by_label("Run").click();
    st.h.run();
    assert!(st.h.state().runs.jobs.is_empty());
    assert!(st.h.state_mut().run().unwrap_err().contains("sk-sp-"));
    assert!(s.requests().is_empty());
    // A plan key with a pay-as-you-go region.
    let app = st.h.state_mut();
    app.session.settings.endpoint = Endpoint::default();
    app.set_api_key(ApiKey::new("sk-sp-plan-key-5678"));
    st.h.run();
    assert!(
        st.h.query_all_by_label_contains("This is a Token Plan key")
            .next()
            .is_some()
    );
    assert!(st.h.query_by_label_contains("plan-key-5678").is_none());
}
