//! The painted mask in the window, driven with egui_kittest: a box drawn, then the brush, the
//! eraser and the lasso dragged over it (tools chosen by their buttons and their keys, the
//! brush's size with `[` and `]`); each stroke lands in the draft job's `images[0].mask` in the
//! image's pixels, one undo step each; a stroke where no box is makes a box; the mask is kept
//! with the composer, run against the stand-in, kept in the history entry's spec, and back
//! with Reopen.

use crate::support;

use std::time::{Duration, Instant};

use egui::{Event, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::standin::{Config, StandIn};
use support::window::{offline_studio, studio};
use wanedit::api::client::ApiKey;
use wanedit::api::job::{BBox, Stroke, StrokeShape};
use wanedit::ui::widgets::canvas::Tool;
use wanedit::ui::{CentralTab, WanEditApp};

/// Screen position of pixel `p` of image 1 under the current view.
fn screen(h: &Harness<'static, WanEditApp>, p: (f32, f32)) -> Pos2 {
    let rect = h.get_by_label("Canvas for image 1").rect();
    h.state().canvas.view.to_screen(rect, pos2(p.0, p.1))
}

/// Presses at the first image pixel of `path`, moves through the others, releases at the last.
fn trace(h: &mut Harness<'static, WanEditApp>, path: &[(f32, f32)]) {
    let pts: Vec<Pos2> = path.iter().map(|&p| screen(h, p)).collect();
    let button = |h: &mut Harness<'static, WanEditApp>, pos: Pos2, pressed: bool| {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Default::default(),
        });
        h.step();
    };
    h.event(Event::PointerMoved(pts[0]));
    h.step();
    button(h, pts[0], true);
    for p in &pts[1..] {
        h.event(Event::PointerMoved(*p));
        h.step();
    }
    button(h, *pts.last().unwrap(), false);
    h.run();
}

/// A straight drag from `a` to `b` (image pixels), in four moves.
fn drag(h: &mut Harness<'static, WanEditApp>, a: (f32, f32), b: (f32, f32)) {
    let at = |t: f32| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    trace(h, &[a, at(0.25), at(0.5), at(0.75), b]);
}

fn key(h: &mut Harness<'static, WanEditApp>, m: egui::Modifiers, k: egui::Key) {
    h.key_press_modifiers(m, k);
    h.run();
}

/// The draft job's mask of image 1: what Run would freeze into the job.
fn mask(h: &Harness<'static, WanEditApp>) -> Vec<Stroke> {
    h.state().draft().images[0].mask.clone()
}

fn near(p: [f32; 2], q: (f32, f32)) -> bool {
    (p[0] - q.0).abs() < 0.01 && (p[1] - q.1).abs() < 0.01
}

fn brush_points(s: &Stroke) -> (&[[f32; 2]], f32) {
    match &s.shape {
        StrokeShape::Brush { radius, points } => (points, *radius),
        other => panic!("not a brush: {other:?}"),
    }
}

const CTRL: egui::Modifiers = egui::Modifiers::COMMAND;

#[test]
fn painting_erasing_and_a_lasso_land_in_the_job_and_undo_takes_one_stroke_at_a_time() {
    let (_rt, mut h) = offline_studio(&["coffee.png"], None);
    drag(&mut h, (100.0, 100.0), (400.0, 300.0));
    assert_eq!(h.state().bbox_list(), vec![vec![[100, 100, 400, 300]]]);

    // The brush from its button; `]` twice and `[` once over the canvas: 10 → 13 → 16 → 13.
    h.get_by_label("Brush").click();
    h.run();
    assert_eq!(h.state().canvas.tool, Tool::Brush);
    h.event(Event::PointerMoved(screen(&h, (250.0, 200.0))));
    h.run();
    let size = (600, 400);
    assert_eq!(h.state().canvas.radius(size), 10.0);
    key(&mut h, egui::Modifiers::NONE, egui::Key::CloseBracket);
    key(&mut h, egui::Modifiers::NONE, egui::Key::CloseBracket);
    assert_eq!(h.state().canvas.radius(size), 16.0);
    key(&mut h, egui::Modifiers::NONE, egui::Key::OpenBracket);
    assert_eq!(h.state().canvas.radius(size), 13.0);
    h.get_by_label("Size 13 px");

    drag(&mut h, (150.0, 200.0), (350.0, 200.0));
    let painted = mask(&h);
    assert_eq!(painted.len(), 1);
    let (points, radius) = brush_points(&painted[0]);
    assert_eq!(radius, 13.0);
    assert!(!painted[0].erase);
    assert!(near(points[0], (150.0, 200.0)), "{points:?}");
    assert!(near(*points.last().unwrap(), (350.0, 200.0)), "{points:?}");
    assert!(points.iter().all(|p| (p[1] - 200.0).abs() < 0.01));

    // The eraser (E) across it, then the lasso (L): a triangle in the box.
    key(&mut h, egui::Modifiers::NONE, egui::Key::E);
    drag(&mut h, (250.0, 180.0), (250.0, 220.0));
    key(&mut h, egui::Modifiers::NONE, egui::Key::L);
    trace(
        &mut h,
        &[
            (120.0, 120.0),
            (200.0, 120.0),
            (160.0, 180.0),
            (121.0, 122.0),
        ],
    );
    let three = mask(&h);
    assert_eq!(three.len(), 3);
    assert!(three[1].erase && !three[2].erase);
    let StrokeShape::Lasso { points } = &three[2].shape else {
        panic!("{:?}", three[2]);
    };
    assert!(near(points[1], (200.0, 120.0)) && near(points[2], (160.0, 180.0)));
    assert_eq!(h.state().bbox_list(), vec![vec![[100, 100, 400, 300]]]);

    // Undo takes the last stroke, then the one before; Redo brings them back in order.
    key(&mut h, CTRL, egui::Key::Z);
    assert_eq!(mask(&h), three[..2].to_vec());
    key(&mut h, CTRL, egui::Key::Z);
    assert_eq!(mask(&h), three[..1].to_vec());
    key(&mut h, CTRL | egui::Modifiers::SHIFT, egui::Key::Z);
    assert_eq!(mask(&h), three[..2].to_vec());
    h.get_by_label("Redo").click();
    h.run();
    assert_eq!(mask(&h), three);
    // Back past the first stroke: no mask, the box still there; then the box goes too.
    for _ in 0..3 {
        key(&mut h, CTRL, egui::Key::Z);
    }
    assert!(mask(&h).is_empty());
    assert_eq!(h.state().bbox_list(), vec![vec![[100, 100, 400, 300]]]);
    key(&mut h, CTRL, egui::Key::Z);
    assert_eq!(h.state().bbox_list(), vec![Vec::<[u32; 4]>::new()]);
}

#[test]
fn a_stroke_where_no_box_is_makes_a_box_and_a_deleted_box_takes_its_strokes() {
    let (_rt, mut h) = offline_studio(&["coffee.png"], None);
    drag(&mut h, (50.0, 50.0), (150.0, 150.0));
    h.event(Event::PointerMoved(screen(&h, (300.0, 200.0))));
    key(&mut h, egui::Modifiers::NONE, egui::Key::P);
    // Radius 10 (a fortieth of 400 px): the stroke reaches 290..410 × 190..230; its box is
    // that plus 16 px, as if drawn with the box tool (and selected).
    drag(&mut h, (300.0, 200.0), (400.0, 220.0));
    assert_eq!(
        h.state().bbox_list(),
        vec![vec![[50, 50, 150, 150], [274, 174, 426, 246]]]
    );
    assert_eq!(mask(&h).len(), 1);
    assert_eq!(h.state().canvas.selected, Some(1));
    // A third box would be needed: the box tool's sentence, nothing kept.
    drag(&mut h, (500.0, 350.0), (550.0, 360.0));
    let msg = h.state().status_text().unwrap_or_default();
    assert!(msg.contains("image 1 already has 2 boxes"), "{msg}");
    assert_eq!(mask(&h).len(), 1);
    assert_eq!(h.state().bbox_list()[0].len(), 2);
    // Box 2 deleted from the boxes panel: its stroke goes with it; Undo brings both back.
    // (Each box's Delete, in the order of the boxes.)
    h.query_all_by_label("Delete").nth(1).unwrap().click();
    h.run();
    assert_eq!(h.state().bbox_list(), vec![vec![[50, 50, 150, 150]]]);
    assert!(mask(&h).is_empty());
    key(&mut h, CTRL, egui::Key::Z);
    assert_eq!(h.state().bbox_list()[0].len(), 2);
    assert_eq!(mask(&h).len(), 1);
    // Clear mask with box 2 selected; then R: a drag on the image draws boxes again.
    h.state_mut().canvas.selected = Some(1);
    h.get_by_label("Clear mask").click();
    h.run();
    assert!(mask(&h).is_empty());
    assert_eq!(h.state().bbox_list()[0].len(), 2, "the boxes stay");
    h.event(Event::PointerMoved(screen(&h, (300.0, 300.0))));
    key(&mut h, egui::Modifiers::NONE, egui::Key::R);
    assert_eq!(h.state().canvas.tool, Tool::Box);
    // A stroke again, and the composer as the data folder keeps it, put back in a new window
    // (a start after a crash): the mask with it.
    key(&mut h, egui::Modifiers::NONE, egui::Key::P);
    drag(&mut h, (60.0, 60.0), (140.0, 140.0));
    let painted = mask(&h);
    assert_eq!(painted.len(), 1);
    let kept = serde_json::to_vec(&h.state().kept_composer()).unwrap();
    let (_rt2, mut again) = offline_studio(&[], None);
    again
        .state_mut()
        .put_back(serde_json::from_slice(&kept).unwrap());
    assert!(again.state_mut().wait_loaded(Duration::from_secs(30)));
    again.run();
    assert_eq!(mask(&again), painted);
    assert_eq!(again.state().bbox_list()[0].len(), 2);
}

fn step_until(
    h: &mut Harness<'static, WanEditApp>,
    what: &str,
    done: impl Fn(&WanEditApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(h.state()) {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; the window says {:?}",
            h.state().status_text()
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
}

#[test]
fn the_mask_is_kept_with_the_composer_in_history_and_comes_back_with_reopen() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    let h = &mut st.h;
    h.state_mut().set_api_key(ApiKey::new(s.key()));
    h.state_mut().compose.prompt.prompt = "Replace the cup in box 1 with a teapot".into();
    h.run();
    drag(h, (100.0, 40.0), (420.0, 380.0));
    h.get_by_label("Brush").click();
    h.run();
    // The left half of the box, painted over in three strokes.
    for y in [100.0, 200.0, 300.0] {
        drag(h, (120.0, y), (250.0, y));
    }
    let painted = mask(h);
    assert_eq!(painted.len(), 3);
    // Kept with the composer (nothing lost to a crash), as it is.
    assert_eq!(h.state().kept_composer().inputs[0].mask, painted);

    h.get_by_label("Run").click();
    h.run();
    step_until(h, "the job", |a| {
        a.runs.jobs.first().is_some_and(|j| !j.is_active())
    });
    // Frozen into the history entry's spec with the job.
    h.state_mut().library.history.refresh();
    step_until(h, "history", |a| {
        a.library.history.loaded && !a.library.history.loading
    });
    let entry = h.state().library.history.entries[0].clone();
    assert_eq!(entry.spec.images[0].mask, painted);
    assert_eq!(
        entry.spec.images[0].boxes,
        vec![BBox::new(100, 40, 420, 380)]
    );

    // The mask cleared and the box deleted on the canvas, then Reopen from History.
    h.get_by_label("Canvas").click();
    h.run();
    h.get_by_label("Clear mask").click();
    h.run();
    h.get_by_label("Delete").click();
    h.run();
    assert!(mask(h).is_empty());
    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Reopen history item 1").click();
    h.step();
    // The strip still holds the image: what shows Reopen is done is its mask back on Canvas.
    let want = painted.clone();
    step_until(h, "the reopened image", move |a| {
        !a.compose.inputs.is_loading()
            && a.compose.inputs.slots.len() == 1
            && a.tab == CentralTab::Canvas
            && a.draft().images[0].mask == want
    });
    assert_eq!(h.state().tab, CentralTab::Canvas);
    assert_eq!(mask(h), painted);
    assert_eq!(h.state().bbox_list(), vec![vec![[100, 40, 420, 380]]]);
}
