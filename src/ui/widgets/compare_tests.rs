//! The compare view on its own state and two textures: no app, no job.
use super::*;
use crate::ui::widgets::testing::{drag, key, wheel};
use egui::{Modifiers, TextureOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct Bench {
    state: CompareState,
    textures: Option<(TextureHandle, TextureHandle)>,
    /// Boxes in the after image's pixels.
    boxes: Vec<[f32; 4]>,
}

/// Before 600×400, after 1200×800 (the service answers larger than it was sent).
fn bench() -> Harness<'static, Bench> {
    let mut h = Harness::builder()
        .with_size(vec2(1000.0, 600.0))
        .with_context_setup(crate::ui::install_look)
        .build_ui_state(
            |ui, b: &mut Bench| {
                let (before, after) = b.textures.get_or_insert_with(|| {
                    let make = |name: &str, w, h, c| {
                        ui.ctx().load_texture(
                            name,
                            egui::ColorImage::filled([w, h], c),
                            TextureOptions::NEAREST,
                        )
                    };
                    (
                        make("before", 60, 40, egui::Color32::DARK_GREEN),
                        make("after", 120, 80, egui::Color32::DARK_BLUE),
                    )
                });
                let (before, after) = (before.clone(), after.clone());
                show(
                    ui,
                    &mut b.state,
                    Some((&before, (600, 400))),
                    (&after, (1200, 800)),
                    &mut |_, _, _| Vec::new(),
                    &Overlay {
                        after_boxes: b.boxes.clone(),
                        ..Overlay::default()
                    },
                );
            },
            Bench {
                state: CompareState::default(),
                textures: None,
                boxes: vec![[100.0, 100.0, 300.0, 200.0], [800.0, 500.0, 1000.0, 700.0]],
            },
        );
    h.run();
    h
}

fn panes(h: &Harness<'_, Bench>) -> (Rect, Rect) {
    let rect = h.get_by_label("Compare view").rect();
    let half = rect.width() / 2.0;
    (
        Rect::from_min_size(rect.min, vec2(half - 2.0, rect.height())),
        Rect::from_min_size(
            rect.min + vec2(half + 2.0, 0.0),
            vec2(half - 2.0, rect.height()),
        ),
    )
}

#[test]
fn zoom_over_either_side_moves_both_in_step() {
    let mut h = bench();
    let (left, right) = panes(&h);
    assert!(h.state().state.view.fitted);
    // The pixel under the pointer in the right pane stays put; the left pane, drawn with
    // the same view, shows the same place.
    let p = right.center() + vec2(60.0, 40.0);
    let local = left.min + (p - right.min);
    let view = h.state().state.view;
    let before = view.to_image(left, local);
    wheel(&mut h, p, 200.0);
    let view = h.state().state.view;
    assert!(!view.fitted);
    let after = view.to_image(left, local);
    assert!((before - after).length() < 0.5, "{before:?} → {after:?}");
    // Dragging pans the shared view.
    let center = view.center;
    drag(
        &mut h,
        right.center(),
        right.center() + vec2(-100.0, 0.0),
        Modifiers::default(),
    );
    let moved = h.state().state.view.center - center;
    assert!((moved.x * view.zoom - 100.0).abs() < 2.0, "{moved:?}");
    // Fit puts it back.
    h.get_by_label("Fit").click();
    h.run();
    assert!(h.state().state.view.fitted);
}

#[test]
fn wipe_follows_the_drag_and_shift_drag_pans() {
    let mut h = bench();
    h.get_by_label("Wipe").click();
    h.run();
    assert_eq!(h.state().state.mode, CompareMode::Wipe);
    let rect = h.get_by_label("Compare view").rect();
    let to = rect.left_center() + vec2(rect.width() * 0.25, 0.0);
    drag(&mut h, rect.center(), to, Modifiers::default());
    assert!(
        (h.state().state.wipe - 0.25).abs() < 0.01,
        "{}",
        h.state().state.wipe
    );
    let center = h.state().state.view.center;
    drag(
        &mut h,
        rect.center(),
        rect.center() + vec2(0.0, 50.0),
        Modifiers::SHIFT,
    );
    assert!((h.state().state.wipe - 0.25).abs() < 0.01);
    assert!(h.state().state.view.center.y < center.y, "Shift+drag pans");
}

#[test]
fn space_flips_between_before_and_after() {
    let mut h = bench();
    h.get_by_label("Flip (Space)").click();
    h.run();
    assert!(!h.state().state.flipped);
    key(&mut h, egui::Key::Space);
    assert!(h.state().state.flipped);
    key(&mut h, egui::Key::Space);
    assert!(!h.state().state.flipped);
}

/// The path that closed the window: Flip, Space, Space, Difference, then Box crops at 1:1
/// (which switches to side by side inside the frame that laid out one pane).
#[test]
fn box_crops_from_difference_after_flipping_twice_do_not_crash() {
    let mut h = bench();
    h.state_mut().boxes = vec![[100.0, 100.0, 300.0, 200.0]];
    h.run();
    h.get_by_label("Flip (Space)").click();
    h.run();
    key(&mut h, egui::Key::Space);
    key(&mut h, egui::Key::Space);
    h.get_by_label("Difference").click();
    h.run();
    h.get_by_label("Box crops at 1:1").click();
    h.run();
    assert_eq!(h.state().state.mode, CompareMode::SideBySide);
    assert_eq!(h.state().state.crop, Some(0));
    h.get_by_label("Compare view");
}

/// Every mode reached from every other, with box crops on and off, and Space, Tab, F, 1,
/// 2, 4 and 8 pressed at each step: nothing panics, and the view stays usable.
#[test]
fn every_mode_from_every_other_with_every_key() {
    const MODES: [&str; 4] = ["Side by side", "Wipe", "Flip (Space)", "Difference"];
    let keys = [
        egui::Key::Space,
        egui::Key::Tab,
        egui::Key::F,
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num4,
        egui::Key::Num8,
    ];
    for boxes in [
        vec![],
        vec![[100.0, 100.0, 300.0, 200.0], [700.0, 500.0, 900.0, 700.0]],
    ] {
        for from in MODES {
            for to in MODES {
                for crops in [false, true] {
                    let mut h = bench();
                    h.state_mut().boxes = boxes.clone();
                    h.run();
                    h.get_by_label(from).click();
                    h.run();
                    for k in keys {
                        key(&mut h, k);
                    }
                    if crops && !boxes.is_empty() {
                        h.get_by_label("Box crops at 1:1").click();
                        h.run();
                        for k in keys {
                            key(&mut h, k);
                        }
                    }
                    h.get_by_label(to).click();
                    h.run();
                    for k in keys {
                        key(&mut h, k);
                    }
                    let st = &h.state().state;
                    assert!(
                        st.view.zoom.is_finite() && st.view.zoom > 0.0,
                        "{from} → {to}: {:?}",
                        st.view
                    );
                    h.get_by_label("Compare view");
                }
            }
        }
    }
}

#[test]
fn a_result_of_another_shape_is_letterboxed_in_the_frame() {
    let view = View::fit(
        Rect::from_min_size(Pos2::ZERO, vec2(1000.0, 1000.0)),
        1000,
        500,
    );
    let pane = Rect::from_min_size(Pos2::ZERO, vec2(1000.0, 1000.0));
    let same = placed(&view, pane, (1000, 500), (2000, 1000));
    let square = placed(&view, pane, (1000, 500), (500, 500));
    assert!((same.width() / same.height() - 2.0).abs() < 1e-3);
    assert!((square.width() - square.height()).abs() < 1e-3);
    assert!((square.height() - same.height()).abs() < 1e-3);
    assert!((square.center() - same.center()).length() < 1e-3);
}

#[test]
fn box_crops_show_each_box_at_one_to_one_and_tab_moves_on() {
    let mut h = bench();
    h.get_by_label("Box crops at 1:1").click();
    h.run();
    let ppp = h.ctx.pixels_per_point();
    let st = &h.state().state;
    assert_eq!(st.crop, Some(0));
    assert_eq!(st.mode, CompareMode::SideBySide);
    assert!((st.view.zoom * ppp - 1.0).abs() < 1e-6, "{}", st.view.zoom);
    assert!(
        (st.view.center - pos2(200.0, 150.0)).length() < 1.0,
        "{:?}",
        st.view.center
    );
    let rect = h.get_by_label("Compare view").rect();
    h.event(egui::Event::PointerMoved(rect.center()));
    key(&mut h, egui::Key::Tab);
    h.run();
    let st = &h.state().state;
    assert!(
        (st.view.center - pos2(900.0, 600.0)).length() < 1.0,
        "{:?}",
        st.view.center
    );
    h.get_by_label("Box 2 of 2 at 1:1 (Tab: next)");
    h.get_by_label("Fit").click();
    h.run();
    assert_eq!(h.state().state.crop, None);
}
