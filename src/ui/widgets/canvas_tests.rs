//! The canvas on its own state: no app, no files, no runtime.
use super::*;

#[test]
fn the_zoom_is_said_in_screen_pixels_at_any_display_scale() {
    // `1` at scale 2 sets half a point per image pixel: one device pixel, 100 %.
    assert_eq!(super::zoom_percent(0.5, 2.0), 100.0);
    assert_eq!(super::zoom_percent(1.0, 1.0), 100.0);
    assert_eq!(super::zoom_percent(2.0, 1.5), 300.0);
}
use crate::ui::widgets::testing::{drag, key, wheel};
use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct Bench {
    state: CanvasState,
    boxes: Vec<BBox>,
    mask: Vec<job::Stroke>,
    outputs: Vec<CanvasOutput>,
    disabled: Option<String>,
}

fn bench(disabled: Option<&str>) -> Harness<'static, Bench> {
    let mut h = Harness::builder()
        // The canvas about 784×584 beside its tools' column.
        .with_size(vec2(840.0, 600.0))
        .with_context_setup(crate::ui::install_look)
        .build_ui_state(
            |ui, b: &mut Bench| {
                let image = CanvasImage {
                    id: 7,
                    number: 1,
                    width: 600,
                    height: 400,
                    texture: None,
                    tiles: &[],
                    boxes_disabled: b.disabled.as_deref(),
                    margin: 0,
                };
                let out = show(ui, &mut b.state, &image, &mut b.boxes, &mut b.mask);
                if out != CanvasOutput::default() {
                    b.outputs.push(out);
                }
            },
            Bench {
                state: CanvasState::default(),
                boxes: Vec::new(),
                mask: Vec::new(),
                outputs: Vec::new(),
                disabled: disabled.map(String::from),
            },
        );
    h.run();
    h
}

/// Screen position of image pixel (x, y) under the current view.
fn at(h: &Harness<'_, Bench>, x: f32, y: f32) -> Pos2 {
    let rect = h.get_by_label("Canvas for image 1").rect();
    h.state().state.view.to_screen(rect, pos2(x, y))
}

fn draw(h: &mut Harness<'_, Bench>, a: (f32, f32), b: (f32, f32)) {
    let (from, to) = (at(h, a.0, a.1), at(h, b.0, b.1));
    drag(h, from, to, Modifiers::default());
}

#[test]
fn boxes_are_drawn_in_image_pixels_at_any_zoom_and_a_third_is_refused() {
    let mut h = bench(None);
    assert!(h.state().state.view.fitted);
    draw(&mut h, (100.0, 80.0), (300.0, 250.0));
    assert_eq!(h.state().boxes, vec![BBox::new(100, 80, 300, 250)]);
    assert!(h.state().outputs.iter().any(|o| o.committed));

    // Zooming in keeps the pixel under the pointer where it is.
    let rect = h.get_by_label("Canvas for image 1").rect();
    let anchor = at(&h, 450.0, 300.0);
    let zoom = h.state().state.view.zoom;
    wheel(&mut h, anchor, 200.0);
    let view = h.state().state.view;
    assert!(view.zoom > zoom * 1.5, "{} → {}", zoom, view.zoom);
    assert!(!view.fitted);
    let still = view.to_image(rect, anchor);
    assert!(
        (still.x - 450.0).abs() < 0.5 && (still.y - 300.0).abs() < 0.5,
        "{still:?}"
    );

    // At that zoom a box still lands on the pixels it was drawn over.
    draw(&mut h, (420.0, 280.0), (470.0, 330.0));
    assert_eq!(h.state().boxes[1], BBox::new(420, 280, 470, 330));

    // A third box is refused with the sentence, and nothing is added.
    h.state_mut().outputs.clear();
    draw(&mut h, (485.0, 345.0), (510.0, 370.0));
    assert_eq!(h.state().boxes.len(), 2);
    let refused = h.state().outputs.iter().find_map(|o| o.refused.clone());
    assert!(
        refused
            .as_deref()
            .is_some_and(|s| s.contains("already has 2 boxes")),
        "{refused:?}"
    );
}

#[test]
fn boxes_are_added_reached_and_edited_from_the_keyboard_alone() {
    use egui::Key;
    let mut h = bench(None);
    let ctrl = Modifiers::CTRL | Modifiers::COMMAND;
    let press = |h: &mut Harness<'_, Bench>, m: Modifiers, k: Key| {
        h.key_press_modifiers(m, k);
        h.run();
    };
    // No pointer anywhere: Tab gives the canvas the keyboard, N adds a box a third of
    // the view in its middle (the whole 600×400 image is in view).
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(h.state().boxes, vec![BBox::new(200, 133, 400, 267)]);
    assert_eq!(h.state().state.selected, Some(0));
    h.state_mut().outputs.clear();
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    press(&mut h, ctrl, Key::ArrowDown);
    press(&mut h, ctrl | Modifiers::ALT, Key::ArrowLeft);
    press(&mut h, ctrl | Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(h.state().boxes, vec![BBox::new(210, 133, 421, 268)]);
    // Nudges are not undo points of their own (the app makes one once they stop).
    let outs = &h.state().outputs;
    assert!(outs.iter().all(|o| o.nudged && !o.committed), "{outs:?}");
    // The box is a widget with a name that says where it is; the focus is on it.
    let name = "Box 1 on image 1, 210,133 – 421,268";
    assert!(h.get_by_label(name).is_focused(), "{name} has the focus");

    // A second box; B and Shift+B go round them; Delete removes the one selected.
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(h.state().state.selected, Some(1));
    press(&mut h, Modifiers::NONE, Key::B);
    assert_eq!(h.state().state.selected, Some(0));
    press(&mut h, Modifiers::SHIFT, Key::B);
    assert_eq!(h.state().state.selected, Some(1));
    press(&mut h, Modifiers::NONE, Key::ArrowUp);
    assert_eq!(
        h.state().boxes,
        vec![BBox::new(210, 133, 421, 268), BBox::new(200, 132, 400, 266)]
    );
    assert!(
        h.get_by_label("Box 2 on image 1, 200,132 – 400,266")
            .is_focused()
    );
    // A third is refused with the reason, as drawing one is.
    h.state_mut().outputs.clear();
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(h.state().boxes.len(), 2);
    let refused = h.state().outputs.iter().find_map(|o| o.refused.clone());
    assert!(refused.is_some_and(|r| r.contains("2 boxes")));
    press(&mut h, Modifiers::NONE, Key::B);
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(h.state().boxes, vec![BBox::new(200, 132, 400, 266)]);
    assert_eq!(h.state().state.selected, None);
    h.get_by_label("Box 1 on image 1, 200,132 – 400,266");
}

#[test]
fn a_selected_box_is_nudged_and_deleted_with_the_keys() {
    let mut h = bench(None);
    draw(&mut h, (100.0, 100.0), (200.0, 200.0));
    assert_eq!(h.state().state.selected, Some(0));
    key(&mut h, egui::Key::ArrowRight);
    assert_eq!(h.state().boxes, vec![BBox::new(101, 100, 201, 200)]);
    key(&mut h, egui::Key::Delete);
    assert!(h.state().boxes.is_empty());
    assert_eq!(h.state().state.selected, None);
}

#[test]
fn a_model_without_boxes_refuses_a_drawing_with_its_reason() {
    let mut h = bench(Some("wan2.6-image takes no boxes"));
    draw(&mut h, (100.0, 80.0), (300.0, 250.0));
    assert!(h.state().boxes.is_empty());
    assert_eq!(
        h.state()
            .outputs
            .iter()
            .find_map(|o| o.refused.clone())
            .as_deref(),
        Some("wan2.6-image takes no boxes")
    );
}

/// A path traced with the primary button: pressed at the first point, through the others,
/// released at the last (image pixels).
fn trace(h: &mut Harness<'_, Bench>, path: &[(f32, f32)]) {
    let screen: Vec<Pos2> = path.iter().map(|&(x, y)| at(h, x, y)).collect();
    h.event(egui::Event::PointerMoved(screen[0]));
    h.step();
    h.event(egui::Event::PointerButton {
        pos: screen[0],
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::default(),
    });
    h.step();
    for p in &screen[1..] {
        h.event(egui::Event::PointerMoved(*p));
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: *screen.last().unwrap(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::default(),
    });
    h.step();
    h.run();
}

fn near(p: [f32; 2], q: (f32, f32)) -> bool {
    (p[0] - q.0).abs() < 0.01 && (p[1] - q.1).abs() < 0.01
}

#[test]
fn the_brush_eraser_and_lasso_paint_in_image_pixels_inside_the_boxes() {
    use crate::api::job::StrokeShape;
    let mut h = bench(None);
    draw(&mut h, (100.0, 100.0), (300.0, 300.0));
    // P takes the brush; ] and [ change its size (a fortieth of 400 px to start).
    key(&mut h, egui::Key::P);
    assert_eq!(h.state().state.tool, Tool::Brush);
    assert_eq!(h.state().state.radius((600, 400)), 10.0);
    key(&mut h, egui::Key::CloseBracket);
    assert_eq!(h.state().state.radius((600, 400)), 13.0);
    key(&mut h, egui::Key::OpenBracket);
    key(&mut h, egui::Key::OpenBracket);
    assert_eq!(h.state().state.radius((600, 400)), 8.0);
    h.state_mut().outputs.clear();
    draw(&mut h, (150.0, 200.0), (250.0, 200.0));
    {
        let b = h.state();
        assert_eq!(b.boxes, vec![BBox::new(100, 100, 300, 300)], "no box moved");
        assert_eq!(b.mask.len(), 1);
        assert!(!b.mask[0].erase);
        let StrokeShape::Brush { radius, points } = &b.mask[0].shape else {
            panic!("{:?}", b.mask[0]);
        };
        assert_eq!(*radius, 8.0);
        assert!(near(points[0], (150.0, 200.0)), "{points:?}");
        assert!(near(*points.last().unwrap(), (250.0, 200.0)), "{points:?}");
        assert!(points.len() >= 3, "{points:?}");
        assert!(b.outputs.iter().any(|o| o.committed), "an undo step");
    }
    // E: the eraser, across the stroke.
    key(&mut h, egui::Key::E);
    draw(&mut h, (200.0, 180.0), (200.0, 220.0));
    assert!(h.state().mask[1].erase);
    // L: the lasso, a triangle.
    key(&mut h, egui::Key::L);
    trace(
        &mut h,
        &[
            (120.0, 120.0),
            (180.0, 120.0),
            (150.0, 170.0),
            (121.0, 121.0),
        ],
    );
    let m = &h.state().mask;
    assert_eq!(m.len(), 3);
    let StrokeShape::Lasso { points } = &m[2].shape else {
        panic!("{:?}", m[2]);
    };
    assert!(near(points[1], (180.0, 120.0)) && near(points[2], (150.0, 170.0)));
    assert!(!m[2].erase);
    // R: boxes again; a drag inside the box moves it (and paints nothing).
    key(&mut h, egui::Key::R);
    draw(&mut h, (200.0, 250.0), (210.0, 250.0));
    assert_eq!(h.state().boxes, vec![BBox::new(110, 100, 310, 300)]);
    assert_eq!(h.state().mask.len(), 3);
}

#[test]
fn a_stroke_where_no_box_is_makes_one_and_a_deleted_box_takes_its_strokes() {
    let mut h = bench(None);
    draw(&mut h, (100.0, 100.0), (200.0, 200.0));
    key(&mut h, egui::Key::P);
    // Radius 10: the stroke reaches 440..510 × 40..70; its box is that plus 16 px.
    draw(&mut h, (450.0, 50.0), (500.0, 60.0));
    {
        let b = h.state();
        assert_eq!(
            b.boxes,
            vec![BBox::new(100, 100, 200, 200), BBox::new(424, 24, 526, 86)]
        );
        assert_eq!(b.mask.len(), 1);
        assert_eq!(b.state.selected, Some(1));
    }
    // A third box would be needed: refused with the box tool's sentence, nothing kept.
    h.state_mut().outputs.clear();
    draw(&mut h, (450.0, 300.0), (500.0, 300.0));
    let refused = h.state().outputs.iter().find_map(|o| o.refused.clone());
    assert!(
        refused
            .as_deref()
            .is_some_and(|s| s.contains("already has 2 boxes")),
        "{refused:?}"
    );
    assert_eq!((h.state().boxes.len(), h.state().mask.len()), (2, 1));
    // The eraser where no box is erases nothing and makes no box.
    key(&mut h, egui::Key::E);
    draw(&mut h, (450.0, 300.0), (500.0, 300.0));
    assert_eq!((h.state().boxes.len(), h.state().mask.len()), (2, 1));
    // Box 2 (selected) deleted: its stroke goes with it.
    key(&mut h, egui::Key::Delete);
    assert_eq!(h.state().boxes, vec![BBox::new(100, 100, 200, 200)]);
    assert!(h.state().mask.is_empty());
    // A click with the brush is a dot.
    key(&mut h, egui::Key::P);
    trace(&mut h, &[(150.0, 150.0)]);
    assert_eq!(h.state().boxes.len(), 1);
    let m = &h.state().mask;
    assert_eq!(m.len(), 1);
    assert!(
        matches!(&m[0].shape, crate::api::job::StrokeShape::Brush { points, .. }
            if points.len() == 1 && near(points[0], (150.0, 150.0))),
        "{m:?}"
    );
}

#[test]
fn the_tint_is_made_once_per_change_and_clear_mask_takes_the_strokes() {
    let mut h = bench(None);
    draw(&mut h, (100.0, 100.0), (300.0, 300.0));
    assert_eq!(h.state().state.tint.made, 0, "no mask, no tint");
    h.get_by_label("Brush").click();
    h.run();
    assert_eq!(h.state().state.tool, Tool::Brush);
    draw(&mut h, (150.0, 200.0), (250.0, 200.0));
    let made = h.state().state.tint.made;
    assert_eq!(made, 1);
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(h.state().state.tint.made, made, "no frame makes it again");
    draw(&mut h, (150.0, 250.0), (250.0, 250.0));
    assert_eq!(h.state().state.tint.made, made + 1);
    // Clear mask (no box selected: the image's).
    h.state_mut().state.selected = None;
    h.state_mut().outputs.clear();
    h.get_by_label("Clear mask").click();
    h.run();
    assert!(h.state().mask.is_empty());
    assert!(h.state().outputs.iter().any(|o| o.committed));
    assert_eq!(h.state().boxes.len(), 1, "the box stays");
}

#[test]
fn a_model_without_boxes_has_no_mask_to_paint() {
    let mut h = bench(Some("wan2.6-image takes no boxes"));
    key(&mut h, egui::Key::P);
    draw(&mut h, (100.0, 80.0), (300.0, 250.0));
    assert!(h.state().boxes.is_empty() && h.state().mask.is_empty());
    assert!(
        h.state()
            .outputs
            .iter()
            .any(|o| o.refused.as_deref() == Some("wan2.6-image takes no boxes"))
    );
}
