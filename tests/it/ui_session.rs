//! Nothing lost to a crash: the composer (images with their names and boxes, the target, the
//! prompt, the model) is kept in the data folder on every change; a start after a crash or a
//! kill puts it back and says so, a start after a normal close puts it back quietly, and a
//! second window on the same data folder neither restores nor writes it.
//! (`real_session.rs` does the same to the real window with SIGKILL.)

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wanedit::api::job::BBox;
use wanedit::ui::{KeptComposer, WanEditApp};

use crate::support;

fn app(rt: &tokio::runtime::Runtime, data: &Path) -> WanEditApp {
    WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), data.to_path_buf())
}

/// What the data folder keeps, once it says `done`.
fn kept_when(data: &Path, done: impl Fn(&KeptComposer) -> bool) -> KeptComposer {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(b) = std::fs::read(data.join("session.json"))
            && let Ok(k) = serde_json::from_slice::<KeptComposer>(&b)
            && done(&k)
        {
            return k;
        }
        assert!(Instant::now() < deadline, "the composer was not kept");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A window with two photos (the second named by the designer's file), a box and a prompt,
/// keeping its composer in `data`.
fn working_window(rt: &tokio::runtime::Runtime, data: &Path) -> Harness<'static, WanEditApp> {
    let mut a = app(rt, data);
    a.keep_composer(true);
    assert!(a.keeps_composer());
    a.add_paths(vec![
        support::photo("coffee.png"),
        support::photo("chelsea.png"),
    ]);
    assert!(a.wait_loaded(Duration::from_secs(30)));
    a.compose.inputs.slots[1]
        .boxes
        .push(BBox::new(20, 30, 200, 180));
    a.compose.prompt.prompt = "replace the cat in box 1 with a fox".into();
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), a);
    h.run();
    h
}

#[test]
fn a_start_after_a_crash_puts_the_images_boxes_and_prompt_back_and_says_so() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let data = support::data_dir();
    let h = working_window(&rt, &data);
    let kept = kept_when(&data, |k| {
        k.inputs.len() == 2 && !k.prompt.prompt.is_empty()
    });
    assert!(!kept.closed_normally);
    // The process ends without closing (what a crash or a SIGKILL leaves).
    drop(h);

    let mut b = app(&rt, &data);
    b.keep_composer(true);
    assert!(b.wait_loaded(Duration::from_secs(30)));
    let names: Vec<&str> = b
        .compose
        .inputs
        .slots
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["coffee.png", "chelsea.png"]);
    assert_eq!(
        b.compose.inputs.slots[1].boxes,
        vec![BBox::new(20, 30, 200, 180)]
    );
    assert!(b.compose.inputs.slots[0].boxes.is_empty());
    assert_eq!(
        b.compose.prompt.prompt,
        "replace the cat in box 1 with a fox"
    );
    assert!(b.current_job().composite_target() == Some(1));
    let notice = b.start_notice.clone().expect("nothing said");
    assert!(notice.put_back.is_some());
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), b);
    h.run();
    h.get_by_label_contains(
        "closed unexpectedly last time: 2 image(s), 1 box(es) and the prompt are back",
    );
    h.get_by_label("Canvas for image 1");
    // Said in the window's language, whichever it is by the time it is drawn.
    h.state_mut().session.settings.language = Some(wanedit::i18n::Lang::Ja);
    h.run();
    h.get_by_label_contains("画像 2 枚、ボックス 1 個、プロンプトを元に戻しました");
    h.get_by_label("閉じる").click();
    h.run();
    assert!(h.query_by_label_contains("予期せず").is_none());

    // The first Undo after the start takes back the first edit, not what was put back.
    let app = h.state_mut();
    app.compose.inputs.slots[1].boxes = vec![BBox::new(40, 50, 220, 200)];
    app.commit_boxes_for_tests();
    app.undo();
    assert_eq!(
        h.state().compose.inputs.slots[1].boxes,
        vec![BBox::new(20, 30, 200, 180)],
        "the box where it was put back"
    );
    assert_eq!(h.state().compose.inputs.slots.len(), 2);
}

#[test]
fn after_a_normal_close_the_work_is_back_without_a_word() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let data = support::data_dir();
    let mut h = working_window(&rt, &data);
    kept_when(&data, |k| k.inputs.len() == 2);
    h.state_mut().keep_at_close();
    assert!(kept_when(&data, |_| true).closed_normally);
    drop(h);
    let mut b = app(&rt, &data);
    b.keep_composer(true);
    assert_eq!(b.compose.inputs.slots.len(), 2);
    assert_eq!(b.start_notice, None);
    // Started with files to open: those are shown, the kept work is not put back over them.
    drop(b);
    let mut c = app(&rt, &data);
    c.keep_composer(false);
    assert!(c.compose.inputs.slots.is_empty());
}

#[test]
fn a_second_window_on_the_same_data_folder_keeps_and_restores_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let data = support::data_dir();
    let h = working_window(&rt, &data);
    kept_when(&data, |k| k.inputs.len() == 2);
    let mut second = app(&rt, &data);
    second.keep_composer(true);
    assert!(!second.keeps_composer());
    // It says so, rather than opening empty without a word.
    assert!(
        second
            .start_notice
            .as_ref()
            .is_some_and(|n| n.another_window)
    );
    assert!(second.compose.inputs.slots.is_empty());
    second.compose.prompt.prompt = "something else".into();
    drop(second);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        kept_when(&data, |_| true).prompt.prompt,
        "replace the cat in box 1 with a fox"
    );
    drop(h);
}

/// A crash report left by the last run is offered once, opened in the window, without the key.
#[test]
fn a_crash_report_is_offered_and_opens_in_the_window() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let data = support::data_dir();
    let reports = wanedit::logging::crash_reports_dir(&data);
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::write(
        reports.join("crash-1-1.txt"),
        "wanedit 0.1.0 crashed\nwanedit crashed at src/ui/widgets/compare.rs:355: index out of bounds\n",
    )
    .unwrap();
    let mut a = app(&rt, &data);
    a.keep_composer(true);
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), a);
    h.run();
    // Above the welcome steps (no images yet).
    h.get_by_label("Step 1: region");
    h.get_by_label_contains("left a crash report");
    h.get_by_label("Open the crash report").click();
    h.run();
    h.get_by_label_contains("index out of bounds");
    h.get_by_label("Dismiss").click();
    h.run();
    let deadline = Instant::now() + Duration::from_secs(10);
    while wanedit::logging::unseen_crash_report(&data).is_some() {
        assert!(Instant::now() < deadline, "the report is offered again");
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(h);
}

/// Remove is undoable: the image comes back where it was, with its name, its boxes and its role
/// as the target; two removals come back in reverse order, and a box edit made after a removal
/// is undone first.
#[test]
fn undo_puts_a_removed_image_back_with_its_boxes() {
    use support::standin::{Config, StandIn};
    let s = StandIn::start(Config::default());
    let mut st = support::window::studio(&s, &["coffee.png", "chelsea.png", "rocket.jpg"]);
    st.h.state_mut().compose.inputs.slots[1]
        .boxes
        .push(BBox::new(20, 30, 200, 180));
    let target = st.h.state().compose.inputs.slots[1].id;
    st.h.state_mut().compose.inputs.target = Some(target);
    st.h.run();
    let names = |st: &support::window::Studio| -> Vec<String> {
        st.h.state()
            .compose
            .inputs
            .slots
            .iter()
            .map(|s| s.name.clone())
            .collect()
    };
    st.h.get_by_label("Remove image 2").click();
    st.h.run();
    assert_eq!(names(&st), ["coffee.png", "rocket.jpg"]);
    st.h.get_by_label_contains("Removed chelsea.png; Undo (Ctrl+Z) puts it back with its boxes.");
    st.h.get_by_label("Remove image 1").click();
    st.h.run();
    assert_eq!(names(&st), ["rocket.jpg"]);
    // A box drawn after the removals is the first thing Undo takes back.
    st.h.state_mut().compose.inputs.slots[0]
        .boxes
        .push(BBox::new(1, 1, 50, 50));
    st.h.state_mut().commit_boxes_for_tests();
    st.h.get_by_label("Undo").click();
    st.h.run();
    assert!(st.h.state().compose.inputs.slots[0].boxes.is_empty());
    assert_eq!(names(&st), ["rocket.jpg"]);
    st.h.get_by_label("Undo").click();
    st.h.run();
    assert_eq!(names(&st), ["coffee.png", "rocket.jpg"]);
    st.h.get_by_label("Undo").click();
    st.h.run();
    assert_eq!(names(&st), ["coffee.png", "chelsea.png", "rocket.jpg"]);
    let back = &st.h.state().compose.inputs.slots[1];
    assert_eq!(back.boxes, vec![BBox::new(20, 30, 200, 180)]);
    assert_eq!(st.h.state().compose.inputs.target, Some(back.id));
    assert!(
        back.ready().is_some(),
        "its pixels came back too, not read again"
    );
    st.h.get_by_label_contains("chelsea.png is back, with its boxes.");
    // Redo does it all again, newest undo first: chelsea out (its box with it), coffee out,
    // the box on rocket back; and Undo once more puts chelsea back with its box.
    let redo = |st: &mut support::window::Studio| {
        assert!(st.h.state().can_redo(), "Redo is off");
        st.h.get_by_label("Redo").click();
        st.h.run();
    };
    redo(&mut st);
    assert_eq!(names(&st), ["coffee.png", "rocket.jpg"]);
    redo(&mut st);
    assert_eq!(names(&st), ["rocket.jpg"]);
    redo(&mut st);
    assert_eq!(
        st.h.state().compose.inputs.slots[0].boxes,
        vec![BBox::new(1, 1, 50, 50)]
    );
    assert!(!st.h.state().can_redo());
    for _ in 0..3 {
        st.h.get_by_label("Undo").click();
        st.h.run();
    }
    assert_eq!(names(&st), ["coffee.png", "chelsea.png", "rocket.jpg"]);
    assert_eq!(
        st.h.state().compose.inputs.slots[1].boxes,
        vec![BBox::new(20, 30, 200, 180)]
    );
    assert!(st.h.state().compose.inputs.slots[2].boxes.is_empty());
    // A new edit ends what Redo could do.
    st.h.state_mut().compose.inputs.slots[0]
        .boxes
        .push(BBox::new(5, 5, 60, 60));
    st.h.state_mut().commit_boxes_for_tests();
    assert!(!st.h.state().can_redo());
}

/// A double click on a card's Remove takes that one card, not also the one that slid into its
/// place; a later, separate press removes the next.
#[test]
fn a_double_click_on_remove_takes_one_card() {
    // Frames a sixtieth of a second apart, as on a display.
    let (_rt, mut h) = support::window::offline_studio(
        &["coffee.png", "chelsea.png", "rocket.jpg"],
        Some(1.0 / 60.0),
    );
    h.run();
    let names =
        |h: &egui_kittest::Harness<'static, wanedit::ui::WanEditApp>| strip_names(h.state());
    // Both presses at one place, a tenth of a second apart: the second lands on rocket's card,
    // which slid under the pointer.
    let at = h.get_by_label("Remove image 2").rect().center();
    for _ in 0..2 {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::default(),
            });
        }
        for _ in 0..6 {
            h.step();
        }
    }
    h.run();
    assert_eq!(names(&h), ["coffee.png", "rocket.jpg"]);
    // A separate press, later, removes the next.
    for _ in 0..30 {
        h.step();
    }
    h.get_by_label("Remove image 2").click();
    h.run();
    assert_eq!(names(&h), ["coffee.png"]);
}

/// Redo of an undone Remove takes out that image, wherever a reorder since has put it.
#[test]
fn redo_removes_the_same_image_after_a_reorder() {
    let (_rt, mut h) =
        support::window::offline_studio(&["coffee.png", "chelsea.png", "rocket.jpg"], None);
    h.run();
    let names =
        |h: &egui_kittest::Harness<'static, wanedit::ui::WanEditApp>| strip_names(h.state());
    h.state_mut().remove(1);
    h.state_mut().undo();
    assert_eq!(names(&h), ["coffee.png", "chelsea.png", "rocket.jpg"]);
    h.state_mut().reorder(1, 2);
    assert_eq!(names(&h), ["coffee.png", "rocket.jpg", "chelsea.png"]);
    assert!(h.state().can_redo());
    h.state_mut().redo();
    assert_eq!(names(&h), ["coffee.png", "rocket.jpg"]);
}

/// The strip's file names, in image order.
fn strip_names(app: &wanedit::ui::WanEditApp) -> Vec<String> {
    app.compose
        .inputs
        .slots
        .iter()
        .map(|s| s.name.clone())
        .collect()
}
