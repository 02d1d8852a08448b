//! The studio window, driven with egui_kittest: real photos added programmatically, boxes drawn
//! with simulated drags at several zooms and pans, moved, resized, refused, undone; images
//! reordered and removed. Widgets are found by their accessible labels; assertions are on the
//! exact `bbox_list` the request will carry.

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use egui::{Event, MouseWheelUnit, PointerButton, Pos2, TouchPhase, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::photo;
use wanedit::api::catalog::ModelSpec;
use wanedit::api::job::BBox;
use wanedit::ui::WanEditApp;

struct Fixture {
    _rt: tokio::runtime::Runtime,
    harness: Harness<'static, WanEditApp>,
}

fn studio(photos: &[&str]) -> Fixture {
    studio_stepping(photos, None)
}

/// As [`studio`], each frame `step_dt` seconds after the last (the harness's default is a
/// quarter of a second; a display's is a sixtieth).
fn studio_stepping(photos: &[&str], step_dt: Option<f32>) -> Fixture {
    // These tests are about the canvas: the first-run steps (no key here) have their own.
    let (rt, harness) = support::window::offline_studio(photos, step_dt);
    Fixture { _rt: rt, harness }
}

impl Fixture {
    fn app(&self) -> &WanEditApp {
        self.harness.state()
    }

    fn canvas_rect(&self, number: usize) -> egui::Rect {
        self.harness
            .get_by_label(&format!("Canvas for image {number}"))
            .rect()
    }

    /// Screen position of an image pixel under the current view.
    fn screen(&self, number: usize, p: Pos2) -> Pos2 {
        self.app()
            .canvas
            .view
            .to_screen(self.canvas_rect(number), p)
    }

    fn drag(&mut self, from: Pos2, to: Pos2, button: PointerButton) {
        let h = &mut self.harness;
        h.event(Event::PointerMoved(from));
        h.step();
        h.event(Event::PointerButton {
            pos: from,
            button,
            pressed: true,
            modifiers: Default::default(),
        });
        h.step();
        for t in [0.25f32, 0.5, 0.75, 1.0] {
            h.event(Event::PointerMoved(from + (to - from) * t));
            h.step();
        }
        h.event(Event::PointerButton {
            pos: to,
            button,
            pressed: false,
            modifiers: Default::default(),
        });
        h.step();
        h.run();
    }

    /// Draws a box between two image pixels of image `number`.
    fn draw(&mut self, number: usize, a: (f32, f32), b: (f32, f32)) {
        let (sa, sb) = (
            self.screen(number, pos2(a.0, a.1)),
            self.screen(number, pos2(b.0, b.1)),
        );
        self.drag(sa, sb, PointerButton::Primary);
    }

    fn wheel(&mut self, at: Pos2, dy: f32) {
        self.harness.event(Event::PointerMoved(at));
        self.harness.event(Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Default::default(),
        });
        // Scrolling is smoothed over several frames.
        for _ in 0..30 {
            self.harness.step();
        }
        self.harness.run();
    }

    fn boxes(&self) -> Vec<Vec<[u32; 4]>> {
        self.app().bbox_list()
    }
}

#[test]
fn drawn_boxes_land_in_bbox_list_in_image_pixels_at_any_zoom_and_pan() {
    let mut f = studio(&["coffee.png", "chelsea.png"]);
    assert_eq!(f.app().compose.inputs.slots.len(), 2);

    // Fitted view.
    f.draw(1, (100.0, 80.0), (300.0, 250.0));
    assert_eq!(f.boxes(), vec![vec![[100, 80, 300, 250]], vec![]]);

    // Zoom in around a point: the pixel under the cursor stays put.
    let rect = f.canvas_rect(1);
    let anchor = f.screen(1, pos2(450.0, 300.0));
    let zoom_before = f.app().canvas.view.zoom;
    f.wheel(anchor, 300.0);
    assert!(
        f.app().canvas.view.zoom > zoom_before * 2.0,
        "wheel zooms in"
    );
    let still = f.app().canvas.view.to_image(rect, anchor);
    assert!(
        (still.x - 450.0).abs() < 0.5 && (still.y - 300.0).abs() < 0.5,
        "{still:?}"
    );
    f.draw(1, (420.0, 280.0), (480.0, 330.0));
    assert_eq!(
        f.boxes()[0],
        vec![[100, 80, 300, 250], [420, 280, 480, 330]]
    );

    // A third box is refused, with the reason in the status line.
    f.draw(1, (380.0, 250.0), (395.0, 262.0));
    assert_eq!(f.boxes()[0].len(), 2);
    let msg = f.app().status_text().unwrap().to_string();
    assert!(msg.contains("image 1 already has 2 boxes"), "{msg}");
    f.harness.get_by_label(&msg);

    // Pan with the middle button, then draw on image 2 at that zoom.
    f.harness.state_mut().compose.selected = 1;
    f.harness.run();
    let c = f.canvas_rect(2).center();
    f.wheel(c, -150.0);
    let before = f.app().canvas.view.center;
    f.drag(c, c + vec2(120.0, 60.0), PointerButton::Middle);
    let after = f.app().canvas.view.center;
    let zoom = f.app().canvas.view.zoom;
    assert!(
        ((before.x - after.x) - 120.0 / zoom).abs() < 0.5,
        "{before:?} → {after:?}"
    );
    assert!(((before.y - after.y) - 60.0 / zoom).abs() < 0.5);
    f.draw(2, (50.0, 40.0), (200.0, 150.0));
    assert_eq!(
        f.boxes(),
        vec![
            vec![[100, 80, 300, 250], [420, 280, 480, 330]],
            vec![[50, 40, 200, 150]]
        ]
    );
}

#[test]
fn boxes_move_resize_nudge_delete_and_undo() {
    let mut f = studio(&["coffee.png"]);
    f.draw(1, (100.0, 100.0), (200.0, 180.0));
    // Move: drag from inside the box.
    f.drag(
        f.screen(1, pos2(150.0, 140.0)),
        f.screen(1, pos2(180.0, 150.0)),
        PointerButton::Primary,
    );
    assert_eq!(f.boxes()[0], vec![[130, 110, 230, 190]]);
    // Resize: drag the bottom-right handle.
    f.drag(
        f.screen(1, pos2(230.0, 190.0)),
        f.screen(1, pos2(260.0, 240.0)),
        PointerButton::Primary,
    );
    assert_eq!(f.boxes()[0], vec![[130, 110, 260, 240]]);
    // Clamped to the image (600×400).
    f.drag(
        f.screen(1, pos2(260.0, 240.0)),
        f.screen(1, pos2(900.0, 900.0)),
        PointerButton::Primary,
    );
    assert_eq!(f.boxes()[0], vec![[130, 110, 600, 400]]);
    // Arrow keys nudge the selected box; Shift moves 10 px.
    let inside = f.screen(1, pos2(300.0, 200.0));
    f.harness.event(Event::PointerMoved(inside));
    f.harness.key_press(egui::Key::ArrowLeft);
    f.harness.run();
    assert_eq!(f.boxes()[0], vec![[129, 110, 599, 400]]);
    f.harness
        .key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowUp);
    f.harness.run();
    assert_eq!(f.boxes()[0], vec![[129, 100, 599, 390]]);

    // Undo walks back through every edit (the harness's frames are a quarter of a second
    // apart: each nudge here has settled into an undo step of its own before the next, see
    // the keyboard test for nudges in quick succession); redo forward again.
    f.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    f.harness.run();
    assert_eq!(f.boxes()[0], vec![[129, 110, 599, 400]]);
    f.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    f.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    f.harness.run();
    assert_eq!(f.boxes()[0], vec![[130, 110, 260, 240]]);
    f.harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    f.harness.run();
    assert_eq!(f.boxes()[0], vec![[130, 110, 600, 400]]);
    f.harness.get_by_label("Undo").click();
    f.harness.run();
    assert_eq!(f.boxes()[0], vec![[130, 110, 260, 240]]);

    // Delete removes the selected box.
    f.drag(
        f.screen(1, pos2(150.0, 150.0)),
        f.screen(1, pos2(151.0, 150.0)),
        PointerButton::Primary,
    );
    f.harness.key_press(egui::Key::Delete);
    f.harness.run();
    assert_eq!(f.boxes()[0], Vec::<[u32; 4]>::new());
    f.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    f.harness.run();
    assert_eq!(f.boxes()[0].len(), 1);
}

/// Presses Tab until the canvas of image `number` has the keyboard focus: no pointer.
fn tab_to_canvas(f: &mut Fixture, number: usize) {
    let label = format!("Canvas for image {number}");
    for _ in 0..80 {
        if f.harness.get_by_label(&label).is_focused() {
            return;
        }
        f.harness.key_press(egui::Key::Tab);
        f.harness.run();
    }
    panic!("Tab never reached {label}");
}

#[test]
fn boxes_are_made_and_edited_with_the_keyboard_alone_and_nudges_undo_as_one() {
    // Frames a sixtieth of a second apart, as on a display: the nudges below come quickly.
    let mut f = studio_stepping(&["coffee.png", "rocket.jpg"], Some(1.0 / 60.0));
    let ctrl = egui::Modifiers::CTRL | egui::Modifiers::COMMAND;
    let press = |f: &mut Fixture, m: egui::Modifiers, k: egui::Key| {
        f.harness.key_press_modifiers(m, k);
        f.harness.run();
    };
    tab_to_canvas(&mut f, 1);
    let (w, h) = {
        let r = f.app().compose.inputs.slots[0].ready().unwrap();
        (r.facts.width, r.facts.height)
    };
    press(&mut f, egui::Modifiers::NONE, egui::Key::N);
    let made = f.boxes()[0][0];
    // A third of the image each way, in its middle (the whole image is in view).
    let third = wanedit::ui::widgets::boxes::new_in((0.0, 0.0, w as f32, h as f32), w, h);
    assert_eq!(made, [third.x1, third.y1, third.x2, third.y2], "of {w}×{h}");
    assert!(
        (made[0] as f32 - w as f32 / 3.0).abs() <= 1.0,
        "{made:?} of {w}×{h}"
    );
    let [x1, y1, x2, y2] = made;
    for (m, k) in [
        (egui::Modifiers::NONE, egui::Key::ArrowRight),
        (egui::Modifiers::NONE, egui::Key::ArrowRight),
        (egui::Modifiers::SHIFT, egui::Key::ArrowDown),
        (ctrl, egui::Key::ArrowRight),
        (ctrl | egui::Modifiers::SHIFT, egui::Key::ArrowDown),
        (ctrl | egui::Modifiers::ALT, egui::Key::ArrowUp),
    ] {
        press(&mut f, m, k);
    }
    let edited = [x1 + 2, y1 + 10 - 1, x2 + 2 + 1, y2 + 10 + 10];
    assert_eq!(f.boxes(), vec![vec![edited], vec![]]);
    let name = format!(
        "Box 1 on image 1, {},{} – {},{}",
        edited[0], edited[1], edited[2], edited[3]
    );
    assert!(f.harness.get_by_label(&name).is_focused());

    // The six quick nudges are one undo step: Ctrl+Z goes back to the box as it was made.
    press(&mut f, ctrl, egui::Key::Z);
    assert_eq!(f.boxes(), vec![vec![made], vec![]]);
    press(&mut f, ctrl | egui::Modifiers::SHIFT, egui::Key::Z);
    assert_eq!(f.boxes(), vec![vec![edited], vec![]]);
    // Nudges that stopped for a moment are a step of their own.
    for _ in 0..60 {
        f.harness.step();
    }
    press(&mut f, egui::Modifiers::NONE, egui::Key::ArrowLeft);
    for _ in 0..60 {
        f.harness.step();
    }
    press(&mut f, egui::Modifiers::NONE, egui::Key::ArrowLeft);
    let moved = [edited[0] - 2, edited[1], edited[2] - 2, edited[3]];
    assert_eq!(f.boxes()[0], vec![moved]);
    press(&mut f, ctrl, egui::Key::Z);
    assert_eq!(
        f.boxes()[0],
        vec![[moved[0] + 1, moved[1], moved[2] + 1, moved[3]]]
    );
    press(&mut f, ctrl, egui::Key::Z);
    assert_eq!(f.boxes()[0], vec![edited]);

    // The exact request: bbox_list as the job will carry it.
    assert_eq!(f.app().bbox_list(), vec![vec![edited], vec![]]);
}

#[test]
fn numeric_fields_edit_a_box_in_image_pixels() {
    let mut f = studio(&["coffee.png"]);
    f.draw(1, (10.0, 20.0), (110.0, 120.0));
    let x2 = f.harness.get_by_label("x2");
    x2.focus();
    f.harness.run();
    f.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    f.harness.get_by_label("x2").type_text("333");
    f.harness.key_press(egui::Key::Enter);
    f.harness.run();
    assert_eq!(f.boxes()[0], vec![[10, 20, 333, 120]]);
}

#[test]
fn reordering_and_removing_renumber_images_and_bbox_list_follows() {
    let mut f = studio(&["coffee.png", "chelsea.png", "rocket.jpg"]);
    f.draw(1, (10.0, 10.0), (60.0, 60.0));
    f.harness.state_mut().compose.selected = 2;
    f.harness.run();
    f.draw(3, (100.0, 100.0), (200.0, 150.0));
    assert_eq!(
        f.boxes(),
        vec![vec![[10, 10, 60, 60]], vec![], vec![[100, 100, 200, 150]]]
    );

    // Drag card 3 onto card 1: rocket becomes image 1, the others move up one, and bbox_list
    // follows the new order.
    let card3 = f.harness.get_by_label("rocket.jpg").rect().center();
    let card1 = f.harness.get_by_label("coffee.png").rect().center();
    f.drag(card3, card1, PointerButton::Primary);
    let names: Vec<String> = f
        .app()
        .compose
        .inputs
        .slots
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names, vec!["rocket.jpg", "coffee.png", "chelsea.png"]);
    assert_eq!(
        f.boxes(),
        vec![vec![[100, 100, 200, 150]], vec![[10, 10, 60, 60]], vec![]]
    );
    assert_eq!(
        f.app().compose.inputs.slots[f.app().compose.selected].name,
        "rocket.jpg",
        "the selection follows its image"
    );

    f.harness.get_by_label("Remove image 2").click();
    f.harness.run();
    let names: Vec<String> = f
        .app()
        .compose
        .inputs
        .slots
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names, vec!["rocket.jpg", "chelsea.png"]);
    assert_eq!(f.boxes(), vec![vec![[100, 100, 200, 150]], vec![]]);
}

#[test]
fn a_tenth_image_is_explained_and_models_without_boxes_say_why() {
    let mut f = studio(&["coffee.png"; 9]);
    f.harness.state_mut().add_paths(vec![photo("rocket.jpg")]);
    f.harness.run();
    assert_eq!(f.app().compose.inputs.slots.len(), 9);
    let msg = f.app().status_text().unwrap().to_string();
    assert!(msg.contains("up to 9 images"), "{msg}");

    f.harness
        .state_mut()
        .set_model(ModelSpec::find("wan2.6-image").unwrap());
    assert!(f.harness.state_mut().wait_loaded(Duration::from_secs(30)));
    f.harness.run();
    f.draw(1, (10.0, 10.0), (100.0, 100.0));
    assert!(f.boxes().iter().all(|b| b.is_empty()));
    let msg = f.app().status_text().unwrap().to_string();
    assert!(
        msg.contains("wan2.6-image does not take edit regions"),
        "{msg}"
    );
    assert!(
        f.harness
            .query_all_by_label_contains("does not take edit regions")
            .count()
            >= 1
    );
}

#[test]
fn a_refused_file_shows_its_sentence_and_boxes_follow_an_image_the_model_scales() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("drawing.png");
    std::fs::write(&svg, br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#).unwrap();
    let big = dir.path().join("big.png");
    image::RgbImage::from_fn(7000, 3000, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 140])
    })
    .save(&big)
    .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut app =
        WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
    app.welcome_skipped = true;
    app.add_paths(vec![svg, big]);
    assert!(app.wait_loaded(Duration::from_secs(60)));
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app);
    harness.run();
    harness.get_by_label_contains("Image 1 cannot be used: it is an SVG drawing");

    // wan2.7 takes 7000 px as is; wan2.5 (5000 px) scales the image, and its box follows.
    harness.state_mut().compose.selected = 1;
    harness.state_mut().compose.inputs.slots[1].boxes = vec![BBox::new(700, 300, 1400, 900)];
    // A stroke of the painted mask follows the image too (radius and points).
    let stroke = |r: f32, p: [f32; 2]| wanedit::api::job::Stroke {
        erase: false,
        shape: wanedit::api::job::StrokeShape::Brush {
            radius: r,
            points: vec![p],
        },
    };
    harness.state_mut().compose.inputs.slots[1].mask = vec![stroke(70.0, [1050.0, 600.0])];
    harness
        .state_mut()
        .set_model(ModelSpec::find("wan2.5-i2i-preview").unwrap());
    assert!(harness.state_mut().wait_loaded(Duration::from_secs(60)));
    harness.run();
    let s = &harness.state().compose.inputs.slots[1];
    let r = s.ready().unwrap();
    assert_eq!((r.facts.width, r.facts.height), (5000, 2143));
    assert_eq!(s.boxes, vec![BBox::new(500, 214, 1000, 643)]);
    let expected = stroke(70.0, [1050.0, 600.0]).rescaled((7000, 3000), (5000, 2143));
    assert_eq!(s.mask, vec![expected.clone()]);
    assert!(
        matches!(&expected.shape, wanedit::api::job::StrokeShape::Brush { radius, points }
            if (radius - 50.0).abs() < 0.1 && (points[0][0] - 750.0).abs() < 0.01),
        "{expected:?}"
    );
    assert!(
        r.repairs[0]
            .to_string()
            .starts_with("scaled down from 7000×3000 to 5000×2143"),
        "{:?}",
        r.repairs
    );
    drop(harness);
    drop(rt);
}

/// A file name in a script the bundled fonts lack (user text) is drawn from the system's fonts,
/// found through fontconfig. The "system" here is a private fontconfig set-up holding one font
/// (Noto Sans CJK KR, four glyphs: tests/data/fonts), so the test reads the same on every machine;
/// fontconfig is read once per process, so the window runs in a child of this test.
#[test]
fn file_names_in_scripts_the_window_lacks_come_from_the_system_fonts() {
    const CHILD: &str = "WANEDIT_SYSTEM_FONT_CHILD";
    let name = "猫鼬_사진.png";
    if std::env::var_os(CHILD).is_some() {
        return file_name_in_system_font(name);
    }
    // The window reaches fontconfig through its library, loaded at run time (every Linux
    // desktop has it; .ci/run installs it where missing).
    // SAFETY: dlopen of a system library by name; the handle is left open.
    let fontconfig = unsafe { libc::dlopen(c"libfontconfig.so.1".as_ptr(), libc::RTLD_LAZY) };
    assert!(
        !fontconfig.is_null(),
        "fontconfig's library (libfontconfig.so.1) is not on this machine: the window finds the \
         system's fonts through it; install it (Debian: apt-get install libfontconfig1)"
    );
    let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fonts");
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n\
             <fontconfig><dir>{}</dir><cachedir>{}</cachedir></fontconfig>\n",
            fonts.display(),
            dir.path().join("cache").display()
        ),
    )
    .unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "ui_canvas::file_names_in_scripts_the_window_lacks_come_from_the_system_fonts",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("FONTCONFIG_FILE", &conf)
        .env_remove("FONTCONFIG_PATH")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "the child ran no test: {text}");
    assert!(
        text.contains("drawn with system:Noto Sans CJK KR"),
        "{text}"
    );
}

/// The child: the window with the system fallback it installs, strict about missing glyphs.
fn file_name_in_system_font(name: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(photo("coffee.png"), dir.path().join(name)).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut app =
        WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
    app.add_paths(vec![dir.path().join(name)]);
    assert!(app.wait_loaded(Duration::from_secs(30)));
    let font = egui::FontId::proportional(14.0);
    // Without the system's fonts the bundled ones lack the name.
    let bare = egui::Context::default();
    wanedit::ui::install_look(&bare);
    bare.run_ui(Default::default(), |_| {})
        .textures_delta
        .clear();
    assert!(!bare.fonts_mut(|f| f.has_glyph(&font, '猫')));
    assert!(!bare.fonts_mut(|f| f.has_glyph(&font, '사')));
    // kittest panics on any glyph no font has: rendering the name is the test.
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(|ctx| {
            wanedit::ui::install_look(ctx);
            ctx.add_font_provider(wanedit::ui::fonts::system_fallback(wanedit::i18n::Lang::En));
        })
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app);
    harness.run();
    harness.get_by_label(name);
    assert!(harness.ctx.fonts_mut(|f| f.has_glyphs(&font, name)));
    let found = harness.ctx.fonts(|f| f.discovered_fonts().to_vec());
    for f in &found {
        println!("drawn with {}", f.name);
    }
    assert!(!found.is_empty());
    drop(harness);
    drop(rt);
}

#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropped_files_pasted_images_and_typed_urls_become_inputs() {
    let mut f = studio(&[]);
    // A file dropped on the window.
    f.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(photo("coffee.png"))));
    f.harness.step();
    // An image pasted from the clipboard (300×260 pixels).
    let pixels = egui::ColorImage::filled([300, 260], egui::Color32::from_rgb(30, 120, 200));
    f.harness.event(Event::PasteImage(Arc::new(pixels)));
    f.harness.step();
    // A public URL typed into the field (served by the stand-in on loopback).
    let s = support::standin::StandIn::start(support::standin::Config::default());
    // (rocket.jpg is in Adobe RGB: such a link is fetched and sent converted, as a file.)
    let url = s.host_input("rocket.jpg", std::fs::read(photo("rocket.jpg")).unwrap());
    f.harness.get_by_label("Image URL").focus();
    f.harness.step();
    f.harness.get_by_label("Image URL").type_text(&url);
    f.harness.step();
    f.harness.get_by_label("Add URL").click();
    f.harness.step();
    assert!(f.harness.state_mut().wait_loaded(Duration::from_secs(30)));
    f.harness.run();

    let slots = &f.app().compose.inputs.slots;
    assert_eq!(slots.len(), 3);
    assert_eq!(slots[0].name, "coffee.png");
    let r0 = slots[0].ready().unwrap();
    assert_eq!((r0.facts.width, r0.facts.height), (600, 400));
    // The pasted image is saved as a PNG so that it can be sent like a file.
    let r1 = slots[1].ready().unwrap();
    assert_eq!((r1.facts.width, r1.facts.height), (300, 260));
    let wanedit::api::job::ImageSource::File(saved) = &slots[1].source else {
        panic!("pasted image has no file")
    };
    assert_eq!(image::image_dimensions(saved).unwrap(), (300, 260));
    let wanedit::api::job::ImageSource::File(fetched) = &slots[2].source else {
        panic!("an Adobe RGB link is kept as its fetched file, to be sent as sRGB")
    };
    assert_eq!(
        std::fs::read(fetched).unwrap(),
        std::fs::read(photo("rocket.jpg")).unwrap()
    );
    let r2 = slots[2].ready().unwrap();
    assert!(
        r2.repairs
            .iter()
            .any(|r| matches!(r, wanedit::imaging::prepare::Repair::ToSrgb { .. })),
        "{:?}",
        r2.repairs
    );
    assert_eq!(
        (r2.facts.width, r2.facts.height, r2.source_format),
        (640, 427, "JPEG")
    );
    f.harness.get_by_label("3");
}

#[test]
fn f_fits_the_image_again_after_zooming() {
    let mut f = studio(&["retina.jpg"]);
    let fitted = f.app().canvas.view;
    let c = f.canvas_rect(1).center();
    f.wheel(c + vec2(100.0, 50.0), 250.0);
    assert!(f.app().canvas.view.zoom > fitted.zoom * 1.5);
    f.harness.event(Event::PointerMoved(c));
    f.harness.key_press(egui::Key::F);
    f.harness.run();
    let v = f.app().canvas.view;
    assert!(
        (v.zoom - fitted.zoom).abs() < 1e-3 && v.fitted,
        "{v:?} vs {fitted:?}"
    );
}

#[test]
fn a_mouse_click_on_a_cards_picture_shows_it_and_its_words_keep_their_hover_texts() {
    let mut f = studio(&["coffee.png", "rocket.jpg"]);
    assert_eq!(f.app().compose.selected, 0);
    // A click with the mouse (press and release in place), not an assistive tool's action: the
    // card's handle senses drags only.
    let at = f.harness.get_by_label("rocket.jpg").rect().center();
    let h = &mut f.harness;
    h.event(Event::PointerMoved(at));
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Default::default(),
        });
        h.step();
    }
    h.run();
    assert_eq!(f.app().compose.selected, 1, "the click showed image 2");
    // Resting on "repaired" (rocket.jpg is in Adobe RGB) shows what was done, in a tooltip
    // besides the Boxes panel's list.
    let said = |f: &Fixture| {
        f.harness
            .query_all_by_label_contains("converted from Adobe RGB (1998) to sRGB")
            .count()
    };
    let before = said(&f);
    let repaired = f.harness.get_by_label("repaired").rect().center();
    f.harness.event(Event::PointerMoved(repaired));
    for _ in 0..4 {
        f.harness.step();
    }
    assert_eq!(said(&f), before + 1, "a tooltip on \"repaired\"");
}
