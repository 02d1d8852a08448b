//! The box view in the window: each box's candidates side by side, one taken per box by a
//! click or a key, the composite of the choice made on the runtime with nothing sent, kept in
//! history and shown again when the job is opened from History.

use crate::support;

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use support::standin::{Config, StandIn};
use support::window::{Studio, studio};
use wanedit::api::client::ApiKey;
use wanedit::api::job::BBox;
use wanedit::ui::widgets::compare::CompareMode;
use wanedit::ui::{CentralTab, WanEditApp};

fn step_until(st: &mut Studio, what: &str, done: impl Fn(&WanEditApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(st.h.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
        st.h.step();
    }
    st.h.run_steps(3);
}

/// coffee.png with two boxes, two results from the realistic stand-in, run and in history.
fn two_boxes_two_results(s: &StandIn) -> Studio {
    let mut st = studio(s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    let app = st.h.state_mut();
    app.compose.prompt.prompt = "change box 1 and box 2".into();
    app.compose.prompt.size = "1K".into();
    app.compose.prompt.n = 2;
    app.compose.inputs.slots[0].boxes =
        vec![BBox::new(40, 40, 200, 200), BBox::new(360, 180, 560, 360)];
    st.h.run();
    st.h.get_by_label("Run").click();
    step_until(&mut st, "the job in history", |a| {
        a.runs.jobs.first().is_some_and(|j| {
            !j.is_active()
                && j.history_id.is_some()
                && j.images.len() == 2
                && j.images.iter().all(|i| i.preview.is_some())
        })
    });
    st
}

fn candidates_in(st: &mut Studio, box_index: usize) {
    step_until(st, "the candidates", |a| {
        a.runs
            .box_view
            .candidates
            .as_ref()
            .is_some_and(|c| c.as_ref().is_ok_and(|c| c.box_index == box_index))
    });
}

fn kept(st: &mut Studio, boxes: &[usize]) {
    let want = boxes.to_vec();
    step_until(st, "the composite of the choice", move |a| {
        let j = &a.runs.jobs[0];
        !j.keeping
            && j.kept
                .as_ref()
                .is_some_and(|k| k.boxes == want && k.preview.is_some())
    });
}

#[test]
fn each_box_takes_its_candidate_by_click_or_key_and_the_choice_is_kept_in_history() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let mut st = two_boxes_two_results(&s);
    let generations = s.requests_to("/generation").len();
    st.h.state_mut().tab = CentralTab::Compare;
    st.h.run_steps(2);
    st.h.get_by_label("Box by box").click();
    st.h.run_steps(2);
    assert_eq!(st.h.state().runs.compare.mode, CompareMode::Boxes);
    candidates_in(&mut st, 0);
    // Box 1's candidates side by side: the original and both results, composited.
    let c =
        st.h.state()
            .runs
            .box_view
            .candidates
            .clone()
            .unwrap()
            .unwrap();
    assert_eq!(c.pictures.len(), 3);
    assert!(
        c.pictures.iter().all(Option::is_some),
        "every candidate cut"
    );
    assert_eq!(c.scale, 1.0, "at 1:1");
    let (p1, p2) = (
        c.pictures[1].as_ref().unwrap(),
        c.pictures[2].as_ref().unwrap(),
    );
    assert_ne!(p1.rgba, p2.rgba, "the results differ in the box");
    st.h.get_by_label("Box 1: Original");
    st.h.get_by_label("Box 1: result 1");
    // A click takes result 2 for box 1 (box 2 keeps the result shown, result 1).
    st.h.get_by_label("Box 1: result 2").click();
    st.h.run_steps(2);
    kept(&mut st, &[2, 1]);
    st.h.get_by_label("The composite of your choice");
    let first = st.h.state().runs.jobs[0]
        .kept
        .as_ref()
        .unwrap()
        .path
        .clone();
    // Tab: box 2; key 0: the original for it.
    st.h.key_press(egui::Key::Tab);
    st.h.run_steps(2);
    assert_eq!(st.h.state().runs.box_view.box_index, 1);
    candidates_in(&mut st, 1);
    st.h.key_press(egui::Key::Num0);
    st.h.run_steps(2);
    kept(&mut st, &[2, 0]);
    assert_eq!(
        s.requests_to("/generation").len(),
        generations,
        "nothing is sent"
    );

    // Kept in history: the choice and the composite it made, one kept file in the folder.
    let app = st.h.state();
    let j = &app.runs.jobs[0];
    let id = j.history_id.clone().unwrap();
    let entry = app.library.history.history().get(&id).unwrap();
    let choice = entry.choice.clone().expect("the choice is kept");
    assert_eq!(choice.boxes, vec![2, 0]);
    let written = choice.saved_as.clone().unwrap();
    assert_eq!(written, j.kept.as_ref().unwrap().path);
    let kept_files: Vec<_> = std::fs::read_dir(st.out.path())
        .unwrap()
        .flatten()
        .filter(|f| f.file_name().to_string_lossy().contains("-kept"))
        .collect();
    assert_eq!(kept_files.len(), 1, "the earlier choice's file is replaced");
    assert_eq!(written, first, "under the same name");
    // Box 2 is the original again; box 1 changed.
    let composed = image::open(&written).unwrap().to_rgba8();
    let original = image::open(support::photo("coffee.png"))
        .unwrap()
        .to_rgba8();
    assert_eq!(composed.get_pixel(460, 270), original.get_pixel(460, 270));
    assert_ne!(composed.get_pixel(120, 120), original.get_pixel(120, 120));

    // Opened from History again: the choice and its picture are back.
    step_until(&mut st, "History's list read again", |a| {
        a.library
            .history
            .get(&id)
            .is_some_and(|e| e.choice.as_ref().is_some_and(|c| c.boxes == [2, 0]))
    });
    let app = st.h.state_mut();
    app.runs.jobs.clear();
    app.runs.selected_result = None;
    app.show_recorded(&id).unwrap();
    st.h.run_steps(2);
    kept(&mut st, &[2, 0]);
    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.choice, Some(vec![2, 0]));
    assert_eq!(j.kept.as_ref().unwrap().path, written);
}
