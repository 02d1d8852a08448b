//! The first run, as a new user meets it: the welcome steps in order, the free key check against
//! the stand-in (valid, a wrong key, no server) that never creates a task and never shows the
//! key, a system file dialog that cannot open leading to the window's own picker, and the
//! bundled sample.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wanedit::api::client::ApiKey;
use wanedit::api::region::Endpoint;
use wanedit::jobs::key_check::KeyCheck;
use wanedit::ui::WanEditApp;
use wanedit::ui::dialogs::{Answer, Dialogs, Picked};

use crate::support;
use crate::support::standin::{Config, StandIn};

struct Window {
    _rt: tokio::runtime::Runtime,
    h: Harness<'static, WanEditApp>,
}

fn window(base_url: &str, key: Option<&str>) -> Window {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut app =
        WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
    app.session.settings.endpoint = Endpoint::Custom {
        base_url: base_url.into(),
    };
    app.session.timing = support::fast_timing();
    if let Some(k) = key {
        app.set_api_key(ApiKey::new(k));
    }
    let h = Harness::builder()
        .with_size(vec2(1500.0, 1000.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app);
    let mut w = Window { _rt: rt, h };
    w.settle();
    w
}

impl Window {
    /// A few frames (a spinner keeps repainting, so `run` would not settle).
    fn settle(&mut self) {
        for _ in 0..6 {
            self.h.step();
        }
    }

    fn wait(&mut self, what: &str, done: impl Fn(&WanEditApp) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while !done(self.h.state()) {
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting for {what}; the window says {:?}",
                self.h.state().status_text()
            );
            std::thread::sleep(Duration::from_millis(5));
            self.h.step();
        }
        self.settle();
    }

    /// Nowhere in the window's text is `key`.
    fn never_shows(&self, key: &str) {
        let hits = self
            .h
            .query_all_by(|n| {
                n.label().is_some_and(|l| l.contains(key))
                    || n.value().is_some_and(|v| v.contains(key))
            })
            .count();
        assert_eq!(hits, 0, "the key is on screen");
        assert!(!format!("{:?}", self.h.state().status_text()).contains(key));
    }
}

#[test]
fn the_welcome_steps_come_in_order_and_go_once_done() {
    let s = StandIn::start(Config::default());
    let mut w = window(&s.base_url, None);
    let y = |w: &Window, label: &str| w.h.get_by_label(label).rect().top();
    let (one, two, three) = (
        y(&w, "Step 1: region"),
        y(&w, "Step 2: API key"),
        y(&w, "Step 3: images"),
    );
    assert!(one < two && two < three, "{one} {two} {three}");
    w.h.get_by_label_contains("keys belong to one region");
    // The key is typed into the welcome's own field, as a newcomer would.
    w.h.get_by_label("Your API key").focus();
    w.h.step();
    w.h.get_by_label("Your API key").type_text(s.key());
    w.h.step();
    w.h.get_by_label("Step 1: region").click();
    w.settle();
    w.never_shows(s.key());
    // A key changed: it is checked once, quietly, and the status bar says the result.
    w.wait("the quiet key check", |a| {
        !a.session.key_check.checking && a.session.key_check.last.is_some()
    });
    assert!(
        matches!(w.h.state().session.key_check.last, Some(KeyCheck::Valid(_))),
        "{:?}",
        w.h.state().session.key_check.last
    );
    w.h.get_by_label("Key: valid");
    // Still no image: the steps stay, the first two marked done.
    w.h.get_by_label("Step 3: images");
    w.h.state_mut()
        .add_paths(vec![support::photo("coffee.png")]);
    assert!(w.h.state_mut().wait_loaded(Duration::from_secs(30)));
    w.settle();
    assert!(w.h.query_by_label("Step 1: region").is_none());
    w.h.get_by_label("Canvas for image 1");
    assert!(s.task_ids().is_empty(), "the key check created a task");
}

/// `wanedit photo.jpg` with no key: the photo is shown at once (no steps in its place), a slim
/// bar above it says what Run still needs and opens the key step; once the key is valid the
/// canvas is back, the bar gone.
#[test]
fn an_opened_photo_is_shown_before_there_is_a_key() {
    let s = StandIn::start(Config::default());
    let mut w = window(&s.base_url, None);
    // What the command line and "Open with" do before the first frame.
    w.h.state_mut()
        .add_paths(vec![support::photo("coffee.png")]);
    assert!(w.h.state_mut().wait_loaded(Duration::from_secs(30)));
    w.settle();
    assert!(
        w.h.query_by_label("Step 1: region").is_none(),
        "the steps hide the photo"
    );
    let canvas = w.h.get_by_label("Canvas for image 1").rect();
    assert!(
        canvas.height() > 300.0 && canvas.width() > 400.0,
        "{canvas:?}"
    );
    let bar = w.h.get_by_label_contains("No API key yet").rect();
    assert!(bar.bottom() <= canvas.top() + 1.0, "{bar:?} {canvas:?}");
    // Boxes can be drawn before there is a key; Run says why it cannot run.
    w.h.state_mut().compose.inputs.slots[0]
        .boxes
        .push(wanedit::api::job::BBox::new(10, 10, 100, 100));
    w.h.state_mut().compose.prompt.prompt = "replace the cup in box 1 with a teapot".into();
    let why = w.h.state().can_run().unwrap_err();
    assert!(why.contains("no API key"), "{why}");
    // The bar's button opens the key step in place of the canvas.
    w.h.get_by_label("Set up the key…").click();
    w.settle();
    w.h.get_by_label("Step 2: API key");
    // The way back first, above the steps (which scroll in a short window).
    let back = w.h.get_by_label("Back to the images").rect();
    assert!(back.bottom() <= w.h.get_by_label("Step 1: region").rect().top());
    w.h.get_by_label("Your API key").focus();
    w.h.step();
    w.h.get_by_label("Your API key").type_text(s.key());
    w.h.step();
    w.h.get_by_label("Step 1: region").click();
    w.settle();
    w.wait("the key check", |a| {
        !a.session.key_check.checking
            && matches!(a.session.key_check.last, Some(KeyCheck::Valid(_)))
    });
    // Valid: back to the photo, its box kept, nothing said any more.
    w.h.get_by_label("Canvas for image 1");
    assert!(w.h.query_by_label_contains("No API key yet").is_none());
    assert_eq!(w.h.state().compose.inputs.slots[0].boxes.len(), 1);
    assert!(w.h.state().can_run().is_ok(), "{:?}", w.h.state().can_run());
    w.never_shows(s.key());
    assert!(s.task_ids().is_empty());
}

/// A refused key says so above the photo, with the service's sentence; "Back to the images"
/// leaves the key step without a key.
#[test]
fn a_refused_key_is_said_above_the_photo() {
    let s = StandIn::start(Config::default());
    let mut w = window(&s.base_url, Some("sk-not-the-right-one"));
    w.h.state_mut()
        .add_paths(vec![support::photo("coffee.png")]);
    assert!(w.h.state_mut().wait_loaded(Duration::from_secs(30)));
    w.wait("the start-up check", |a| {
        !a.session.key_check.checking && a.session.key_check.last.is_some()
    });
    w.h.get_by_label("Canvas for image 1");
    w.h.get_by_label_contains("The key was refused");
    w.h.get_by_label("Set up the key…").click();
    w.settle();
    w.h.get_by_label("Step 2: API key");
    w.h.get_by_label("Back to the images").click();
    w.settle();
    w.h.get_by_label("Canvas for image 1");
    w.never_shows("sk-not-the-right-one");
}

#[test]
fn check_key_answers_valid_wrong_key_and_no_server_without_a_task_or_the_key() {
    // Valid.
    let s = StandIn::start(Config::default());
    let mut w = window(&s.base_url, Some(s.key()));
    w.h.state_mut().session.auto_key_check = false;
    // The window checked the key quietly when it opened; "Check key" waits for that answer
    // (it is disabled meanwhile), as a click would.
    w.wait("the start-up check", |a| !a.session.key_check.checking);
    w.h.get_by_label("Check key").click();
    // The click is handled in the next frame: only then is the check under way.
    w.h.step();
    assert!(
        w.h.state().session.key_check.checking,
        "Check key started no check"
    );
    w.wait("the key check", |a| {
        !a.session.key_check.checking && a.session.key_check.last.is_some()
    });
    let said = w.h.state().session.key_check.last.clone().unwrap();
    assert!(matches!(said, KeyCheck::Valid(_)), "{said:?}");
    assert_eq!(
        said.sentence().words(),
        format!("the key is valid for {}", s.base_url)
    );
    assert!(
        w.h.query_all_by_label(&format!("the key is valid for {}", s.base_url))
            .count()
            >= 1,
        "the window says {:?}",
        w.h.state().status_text()
    );
    // Only policy requests (the quiet check when the window opened with a key, and this one):
    // nothing that creates a task, uploads or generates.
    let all = s.requests();
    assert!((1..=2).contains(&all.len()), "{} requests", all.len());
    for r in &all {
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/api/v1/uploads")
        );
        assert!(r.query.contains("action=getPolicy"), "{}", r.query);
    }
    assert!(s.task_ids().is_empty());
    assert_eq!(s.accepted_generations(), 0);
    w.never_shows(s.key());

    // A wrong key: refused with what to do (keys are per region).
    let wrong = "sk-0123456789abcdef0123456789abcdef";
    let mut w = window(&s.base_url, Some(wrong));
    w.h.state_mut().session.auto_key_check = false;
    w.wait("the start-up check", |a| !a.session.key_check.checking);
    w.h.get_by_label("Check key").click();
    // The click is handled in the next frame: only then is the check under way.
    w.h.step();
    assert!(
        w.h.state().session.key_check.checking,
        "Check key started no check"
    );
    w.wait("the key check", |a| {
        !a.session.key_check.checking && a.session.key_check.last.is_some()
    });
    let KeyCheck::Refused(sentence) = w.h.state().session.key_check.last.clone().unwrap() else {
        panic!("{:?}", w.h.state().session.key_check.last)
    };
    let sentence = sentence.words();
    assert!(
        sentence.contains("this key is not valid in")
            && sentence.contains("keys are per region")
            && sentence.contains("pick the region the key was made in"),
        "{sentence}"
    );
    assert_eq!(
        w.h.state().status_text().as_deref(),
        Some(sentence.as_str())
    );
    w.never_shows(wrong);
    assert!(s.task_ids().is_empty());

    // No server: no connection, said as such.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/api/v1", l.local_addr().unwrap())
    };
    let mut w = window(&dead, Some(s.key()));
    w.h.state_mut().session.auto_key_check = false;
    w.wait("the start-up check", |a| !a.session.key_check.checking);
    w.h.get_by_label("Check key").click();
    // The click is handled in the next frame: only then is the check under way.
    w.h.step();
    assert!(
        w.h.state().session.key_check.checking,
        "Check key started no check"
    );
    w.wait("the key check", |a| {
        !a.session.key_check.checking && a.session.key_check.last.is_some()
    });
    let KeyCheck::NoConnection(sentence) = w.h.state().session.key_check.last.clone().unwrap()
    else {
        panic!("{:?}", w.h.state().session.key_check.last)
    };
    let sentence = sentence.words();
    assert!(
        sentence.starts_with("no connection to") && sentence.contains("proxy"),
        "{sentence}"
    );
    w.never_shows(s.key());
}

/// A desktop without a file-chooser portal or zenity.
struct NoDialogs;

impl Dialogs for NoDialogs {
    fn pick_images(&self, _: wanedit::ui::dialogs::ImagesDialog) -> Answer {
        Box::pin(async { Picked::Failed("the system file dialog did not open (test)".into()) })
    }
    fn save_file(&self, _: String) -> Answer {
        Box::pin(async { Picked::Failed("the system file dialog did not open (test)".into()) })
    }
    fn pick_folder(&self, _: String) -> Answer {
        Box::pin(async { Picked::Failed("the system file dialog did not open (test)".into()) })
    }
}

#[test]
fn a_dialog_that_cannot_open_leads_to_the_windows_own_picker_and_the_file_is_added() {
    let s = StandIn::start(Config::default());
    let mut w = window(&s.base_url, Some(s.key()));
    w.h.state_mut().session.auto_key_check = false;
    w.h.state_mut().set_dialogs(Arc::new(NoDialogs));
    // The toolbar's and the welcome's "Add images…" both ask the same dialog.
    w.h.get_all_by_label("Add images…").next().unwrap().click();
    w.wait("the picker", |a| a.picker.open);
    let said = w.h.state().status_text().unwrap().to_string();
    assert!(
        said.contains("did not open") && said.contains("own picker"),
        "{said}"
    );
    // Said, not shown as an error: the window's own picker is the way on.
    assert!(!w.h.state().message.as_ref().unwrap().problem);
    w.h.get_by_label_contains("Choose the images here instead");

    // Type the folder of the test photos, then tick one and add it.
    let dir = support::photo("coffee.png").parent().unwrap().to_path_buf();
    w.h.get_by_label("Path or URL").focus();
    w.h.step();
    w.h.get_by_label("Path or URL")
        .type_text(&format!("{}/", dir.display()));
    w.h.key_press(egui::Key::Enter);
    w.settle();
    w.wait("the folder listing", |a| {
        a.picker.dir == dir && a.picker.listing.as_ref().is_some_and(|l| l.is_ok())
    });
    // Completion: what is typed after the last / filters the listing.
    w.h.get_by_label("Path or URL").focus();
    w.h.step();
    w.h.get_by_label("Path or URL").type_text("cof");
    w.settle();
    assert!(w.h.query_by_label_contains("chelsea.png").is_none());
    w.h.get_by_label_contains("coffee.png").click();
    w.settle();
    assert_eq!(w.h.state().picker.chosen, vec![dir.join("coffee.png")]);
    w.h.get_by_label("Add 1 image").click();
    w.settle();
    assert!(!w.h.state().picker.open);
    assert!(w.h.state_mut().wait_loaded(Duration::from_secs(30)));
    let slots = &w.h.state().compose.inputs.slots;
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0].name, "coffee.png");
}

#[test]
fn try_a_sample_puts_two_photos_a_box_and_a_prompt_in_place() {
    let s = StandIn::start(Config::default());
    let mut w = window(&s.base_url, Some(s.key()));
    w.h.state_mut().session.auto_key_check = false;
    w.h.get_by_label("Try a sample").click();
    w.wait("the samples", |a| a.compose.inputs.slots.len() == 2);
    assert!(w.h.state_mut().wait_loaded(Duration::from_secs(30)));
    w.settle();
    let app = w.h.state();
    assert_eq!(app.bbox_list(), vec![vec![], vec![[165, 10, 415, 305]]]);
    assert!(app.compose.prompt.prompt.contains("box 1 of image 2"));
    assert!(app.can_run().is_ok(), "{:?}", app.can_run());
    let names: Vec<PathBuf> = app
        .compose
        .inputs
        .slots
        .iter()
        .map(|s| PathBuf::from(&s.name))
        .collect();
    assert_eq!(
        names,
        vec![
            PathBuf::from("sample-cat.jpg"),
            PathBuf::from("sample-espresso.jpg")
        ]
    );
}

/// Typing a base URL in Settings keeps the field's focus to the end (a key check's answer said
/// above it took the focus after one character, and the digits then zoomed the view); the key
/// is checked once the field is left.
#[test]
fn a_base_url_is_typed_whole_and_checked_once_left() {
    use egui_kittest::kittest::Queryable;
    let s = StandIn::start(Config::default());
    let mut st = support::window::studio(&s, &["coffee.png"]);
    st.h.state_mut()
        .set_api_key(wanedit::api::client::ApiKey::new(s.key()));
    st.h.state_mut().session.auto_key_check = true;
    // The window's server is already a custom base URL (the stand-in's): its key check first.
    assert!(
        st.h.state_mut()
            .wait_key_check(std::time::Duration::from_secs(20))
    );
    let before = st.h.state().session.key_check.last.clone();
    st.h.get_by_label("Open Settings").click();
    st.h.run_steps(5);
    let field = || "Base URL";
    st.h.get_by_label(field()).focus();
    st.h.step();
    st.h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    st.h.step();
    // The same server by another name: a new URL to check.
    let url = s.base_url.replace("127.0.0.1", "localhost");
    let zoom = st.h.state().canvas.view.zoom;
    for c in url.chars() {
        st.h.get_by_label(field()).type_text(&c.to_string());
        for _ in 0..3 {
            st.h.step();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
    assert!(
        st.h.get_by_label(field()).is_focused(),
        "the field lost its focus"
    );
    match &st.h.state().session.settings.endpoint {
        wanedit::api::region::Endpoint::Custom { base_url } => assert_eq!(*base_url, url),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        st.h.state().canvas.view.zoom,
        zoom,
        "the digits zoomed the view"
    );
    assert_eq!(
        st.h.state().session.key_check.last,
        before,
        "checked while typing"
    );
    // Left: the key is checked against the whole URL.
    st.h.key_press(egui::Key::Tab);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !st
        .h
        .state()
        .session
        .key_check
        .last
        .as_ref()
        .is_some_and(|c| c.sentence().words().contains(&url))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "not checked: {:?}",
            st.h.state().session.key_check.last
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        st.h.step();
    }
}

/// The first run's steps and Settings both on screen, each with its Base URL field: what is
/// typed in one is typed once (the two fields were one widget id, and every key went in twice).
#[test]
fn a_base_url_typed_with_settings_open_over_the_first_run_is_typed_once() {
    use egui_kittest::kittest::Queryable;
    let mut w = window("http://127.0.0.1:9/api/v1", None);
    w.h.get_by_label("Open Settings").click();
    w.settle();
    let fields = w.h.get_all_by_label("Base URL").count();
    assert_eq!(fields, 2, "the first run's and Settings'");
    w.h.get_all_by_label("Base URL").next().unwrap().focus();
    w.h.step();
    w.h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    w.h.step();
    let url = "http://localhost:8089/api/v1";
    for c in url.chars() {
        w.h.get_all_by_label("Base URL")
            .next()
            .unwrap()
            .type_text(&c.to_string());
        w.h.step();
    }
    match &w.h.state().session.settings.endpoint {
        Endpoint::Custom { base_url } => assert_eq!(base_url, url),
        other => panic!("{other:?}"),
    }
}

/// A base URL typed, another region tried, Custom picked again: the URL typed comes back (it
/// used to reset to Singapore's, and the key was checked there).
#[test]
fn a_typed_base_url_comes_back_after_another_region_is_tried() {
    use egui_kittest::kittest::Queryable;
    let mut w = window("http://127.0.0.1:9/api/v1", Some("sk-standin-test-key"));
    w.h.get_by_label("Open Settings").click();
    w.settle();
    for pick in ["Token Plan (Beijing)", "Custom base URL"] {
        w.h.get_all_by_label("Region").next().unwrap().click();
        w.settle();
        // (The list is taller than its popup: Custom is at its foot.)
        w.h.get_all_by_label(pick).last().unwrap().scroll_to_me();
        w.settle();
        w.h.get_all_by_label(pick).last().unwrap().click();
        w.settle();
    }
    match &w.h.state().session.settings.endpoint {
        Endpoint::Custom { base_url } => assert_eq!(base_url, "http://127.0.0.1:9/api/v1"),
        other => panic!("{other:?}"),
    }
}
