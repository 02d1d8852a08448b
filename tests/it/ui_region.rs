//! Region-true results in the window, against the stand-in's realistic mode: the target marker
//! on the strip, the warning and the move when the target is not last, the composite shown
//! (and the raw result a click away), the difference view, and Save as taking the composite.

use crate::support;
use wanedit::ui::pictures::PictureId;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use support::standin::{Config, StandIn};
use support::window::{Studio, studio};
use wanedit::api::client::ApiKey;
use wanedit::api::job::BBox;
use wanedit::ui::dialogs::{Answer, Dialogs, ImagesDialog, Picked};
use wanedit::ui::results::JobStatus;
use wanedit::ui::widgets::compare::CompareMode;
use wanedit::ui::{CentralTab, WanEditApp};

/// Save as answers with a path of the test's; the rest is never asked.
struct SaveTo(Arc<Mutex<Option<PathBuf>>>);

impl Dialogs for SaveTo {
    fn pick_images(&self, _: ImagesDialog) -> Answer {
        Box::pin(async { Picked::Cancelled })
    }
    fn save_file(&self, _: String) -> Answer {
        let p = self.0.lock().unwrap().clone();
        Box::pin(async move { p.map_or(Picked::Cancelled, |p| Picked::Chosen(vec![p])) })
    }
    fn pick_folder(&self, _: String) -> Answer {
        Box::pin(async { Picked::Cancelled })
    }
}

/// A desktop whose save dialogs cannot open.
struct NoSaveDialog;

impl Dialogs for NoSaveDialog {
    fn pick_images(&self, _: ImagesDialog) -> Answer {
        Box::pin(async { Picked::Cancelled })
    }
    fn save_file(&self, _: String) -> Answer {
        Box::pin(async { Picked::Failed("the system's save dialog did not open (test)".into()) })
    }
    fn pick_folder(&self, _: String) -> Answer {
        Box::pin(async { Picked::Failed("the system's folder dialog did not open (test)".into()) })
    }
}

impl Studio {
    /// Run pressed, and frames until the first job is done with its previews in.
    fn run_first_job(&mut self) {
        self.h.get_by_label("Run").click();
        self.step_until("the job", |a| {
            a.runs.jobs.first().is_some_and(|j| !j.is_active())
                && a.runs.jobs[0].images.iter().all(|i| i.preview.is_some())
        });
    }

    fn step_until(&mut self, what: &str, done: impl Fn(&WanEditApp) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done(self.h.state()) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(10));
            self.h.step();
        }
        // Tiles may still be on their way (a spinner repaints): a few frames, not "settled".
        self.h.run_steps(3);
    }
}

/// coffee and chelsea, a box on each, the key set, a prompt about image 1's box at 1K.
fn boxes_on_both(s: &StandIn) -> Studio {
    let mut st = studio(s, &["coffee.png", "chelsea.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    let app = st.h.state_mut();
    app.compose.prompt.prompt = "replace box 1 of image 1 with the cat of image 2".into();
    app.compose.prompt.size = "1K".into();
    app.compose.inputs.slots[0].boxes = vec![BBox::new(180, 60, 420, 330)];
    app.compose.inputs.slots[1].boxes = vec![BBox::new(10, 10, 100, 100)];
    st
}

#[test]
fn the_target_is_marked_moved_last_and_its_composite_shown_compared_and_saved() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let mut st = boxes_on_both(&s);
    st.h.state_mut().compose.prompt.n = 2;
    st.h.run();
    // Boxes on two images: each card offers to be the target; mark image 1.
    st.h.get_by_label("Make image 2 the target");
    st.h.get_by_label("Make image 1 the target").click();
    st.h.run();
    assert_eq!(st.h.state().current_job().composite_target(), Some(0));
    st.h.get_by_label("Target");
    // Image 1 is not last: the window says so and moves it, renumbering the prompt.
    st.h.get_by_label_contains("shapes its output after the last image");
    // Below the composite options: scrolled into view first, as a designer would.
    st.h.get_by_label("Move the target image last")
        .scroll_to_me();
    st.h.run();
    st.h.get_by_label("Move the target image last").click();
    st.h.run();
    let app = st.h.state();
    assert_eq!(app.compose.inputs.slots[1].name, "coffee.png");
    assert_eq!(
        app.compose.inputs.slots[1].boxes,
        vec![BBox::new(180, 60, 420, 330)]
    );
    assert_eq!(
        app.compose.prompt.prompt,
        "replace box 1 of image 2 with the cat of image 1"
    );
    assert_eq!(app.current_job().composite_target(), Some(1));
    assert!(app.current_job().target_not_last().is_none());

    st.run_first_job();
    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done, "{:?}", j.status);
    let img = &j.images[0];
    let region = img.region.clone().expect("composited");
    assert!(region.refusal.is_none(), "{region:?}");
    // The composite is shown (the target's size), the raw result kept beside it; its preview
    // is the one the engine made as it composited (not read back from the file).
    assert_eq!(img.size, Some((600, 400)));
    let made = region.made.as_ref().expect("what compositing made");
    assert!(Arc::ptr_eq(img.preview.as_ref().unwrap(), &made.preview));
    assert_eq!(made.size, (600, 400));
    let composite = img.path.clone();
    assert!(
        img.other
            .as_ref()
            .unwrap()
            .to_string_lossy()
            .contains(".raw.")
    );
    assert_eq!(st.h.state().tab, CentralTab::Compare);
    st.h.get_by_label_contains("composited into image 2");

    // Save as takes the composite.
    let saved = st.out.path().join("for-the-client.png");
    let answer = Arc::new(Mutex::new(Some(saved.clone())));
    st.h.state_mut()
        .set_dialogs(Arc::new(SaveTo(answer.clone())));
    st.h.get_by_label("Save as…").click();
    st.step_until("the save", |_| saved.exists());
    let pixels = |p: &PathBuf| image::open(p).unwrap().to_rgba8();
    assert_eq!(pixels(&saved), pixels(&composite));

    // A before/after sheet for the client: both sides, boxes outlined.
    let sheet = st.out.path().join("sheet.png");
    *answer.lock().unwrap() = Some(sheet.clone());
    st.h.get_by_label("Export before/after sheet…").click();
    st.step_until("the sheet", |_| sheet.exists());
    let (w, h) = image::image_dimensions(&sheet).unwrap();
    assert!(w > 2 * 600 && h > 400, "{w}×{h}");

    save_a_jpeg_in_the_picker(&mut st, &composite);
    escape_then_save_all(&mut st);

    difference_and_raw(&mut st, &composite);
}

/// Without the system's dialog, the window's picker saves `composite` as a JPEG at quality 60.
fn save_a_jpeg_in_the_picker(st: &mut Studio, composite: &std::path::Path) {
    // Without the system's dialog, the window's own picker saves: a name, a format, a folder;
    // a name already in the folder is refused (nothing is written over).
    st.h.state_mut().set_dialogs(Arc::new(NoSaveDialog));
    st.h.get_by_label("Save as…").click();
    st.step_until("the picker", |a| {
        a.picker.open && a.picker.listing.is_some()
    });
    st.h.get_by_label_contains("Choose where to save it here instead");
    let name = composite
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    // The name offered is free (the composite's own is taken): "-2" after its stem.
    let stem = composite
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        st.h.state().picker.save.as_ref().unwrap().name,
        format!("{stem}-2.png")
    );
    assert!(
        st.h.query_by_label_contains("is in this folder already")
            .is_none()
    );
    // A name typed that the folder has is refused.
    st.h.state_mut().picker.save.as_mut().unwrap().name = name.clone();
    st.h.run();
    st.h.get_by_label_contains("is in this folder already");
    {
        use egui_kittest::kittest::NodeT;
        assert!(
            st.h.get_by_label("Save here")
                .accesskit_node()
                .is_disabled()
        );
    }
    st.h.get_by_label("Format").click();
    st.h.run();
    st.h.get_by_label("JPEG").click();
    st.h.run();
    let jpeg = composite.with_extension("jpg");
    assert_eq!(
        st.h.state().picker.save.as_ref().unwrap().name,
        jpeg.file_name().unwrap().to_string_lossy()
    );
    // JPEG shows its quality (Settings', 92 by default); the one asked is used and kept.
    assert_eq!(st.h.state().picker.save.as_ref().unwrap().jpeg_quality, 92);
    st.h.get_all_by_label("JPEG quality").next().unwrap();
    st.h.state_mut().picker.save.as_mut().unwrap().jpeg_quality = 60;
    st.h.run();
    st.h.get_by_label("Save here").click();
    st.step_until("the JPEG", |_| jpeg.exists());
    assert!(!st.h.state().picker.open);
    assert_eq!(st.h.state().session.settings.jpeg_quality, 60);
    let at_60 = st.out.path().join("at-60.jpg");
    wanedit::jobs::export::save_converted(composite, &at_60, 60).unwrap();
    assert!(
        std::fs::read(&jpeg).unwrap() == std::fs::read(&at_60).unwrap(),
        "not written at quality 60"
    );
    assert_eq!(image::image_dimensions(&jpeg).unwrap(), (600, 400));
    assert_eq!(
        image::ImageFormat::from_path(&jpeg).unwrap(),
        image::guess_format(&std::fs::read(&jpeg).unwrap()).unwrap()
    );
}

/// Escape closes the picker unsaved; then Save all of the job goes into a folder chosen there.
fn escape_then_save_all(st: &mut Studio) {
    // Escape closes the picker without saving.
    st.h.get_by_label("Save as…").click();
    st.step_until("the picker", |a| a.picker.open);
    st.h.key_press(egui::Key::Escape);
    st.h.run();
    assert!(!st.h.state().picker.open, "Escape did not close the picker");
    // Save all into a folder chosen there.
    let all = st.out.path().join("all");
    std::fs::create_dir_all(&all).unwrap();
    st.h.get_all_by_label_contains("Save all of job")
        .next()
        .unwrap()
        .click();
    st.step_until("the picker", |a| {
        a.picker.open && a.picker.listing.is_some()
    });
    st.h.get_by_label("Folder all").click();
    st.step_until("the folder", |a| {
        a.picker.dir == all && a.picker.listing.is_some()
    });
    st.h.get_by_label("Save into this folder").click();
    st.step_until("the files", |_| {
        std::fs::read_dir(&all).is_ok_and(|d| d.count() > 0)
    });
}

/// The difference view against the target, then the raw result and back to `composite`.
fn difference_and_raw(st: &mut Studio, composite: &std::path::Path) {
    // The difference view: computed, then coloured at the gain.
    st.h.get_by_label("Difference").click();
    st.h.run();
    assert_eq!(st.h.state().runs.compare.mode, CompareMode::Difference);
    assert!(st.h.get_all_by_label("Gain").next().is_some());
    st.step_until("the difference", |a| {
        let job = a.runs.jobs[0].id;
        a.pictures.get(PictureId::Heat { job, index: 0 }).is_some()
    });
    let diff = st.h.state().runs.jobs[0].images[0]
        .difference
        .clone()
        .unwrap();
    // Against image 2 (the target): zero outside the box + feather, large inside.
    let at = |x: u32, y: u32| {
        let (px, py) = (x * diff.width / 600, y * diff.height / 400);
        diff.rgba[((py * diff.width + px) * 4) as usize]
    };
    assert_eq!(at(20, 20), 0);
    assert_eq!(at(580, 380), 0);
    assert!(at(300, 200) > 60, "{}", at(300, 200));

    // The raw result is one click away, and back.
    st.h.get_by_label("Show raw result").click();
    st.step_until("the raw preview", |a| {
        a.runs.jobs[0].images[0].preview.is_some()
    });
    let img = &st.h.state().runs.jobs[0].images[0];
    assert!(img.showing_raw);
    assert!(img.path.to_string_lossy().contains(".raw."));
    assert_ne!(img.size, Some((600, 400)));
    // The raw result's difference to its target is the change map the engine measured when
    // it composited, not one computed again.
    st.step_until("the raw result's difference", |a| {
        a.runs.jobs[0].images[0].difference.is_some()
    });
    let img = &st.h.state().runs.jobs[0].images[0];
    let measured = img.region.as_ref().unwrap().made.as_ref().unwrap();
    let map = measured
        .change_map
        .as_ref()
        .expect("the target was sent whole");
    assert!(std::sync::Arc::ptr_eq(
        img.difference.as_ref().unwrap(),
        map
    ));
    st.h.get_by_label("Show composite").click();
    st.step_until("the composite preview", |a| {
        a.runs.jobs[0].images[0].preview.is_some()
    });
    assert_eq!(st.h.state().runs.jobs[0].images[0].path, composite);
}

#[test]
fn with_compositing_off_the_result_is_the_service_own() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    {
        let app = st.h.state_mut();
        app.compose.prompt.prompt = "replace the cup in box 1 with a teapot".into();
        app.compose.prompt.size = "1K".into();
        app.compose.inputs.slots[0].boxes = vec![BBox::new(180, 60, 420, 330)];
    }
    st.h.run();
    st.h.get_by_label("Only the boxes change (composite)")
        .click();
    st.h.run();
    st.run_first_job();
    let img = &st.h.state().runs.jobs[0].images[0];
    assert!(img.region.is_none());
    assert!(!img.path.to_string_lossy().contains(".raw."));
    assert_ne!(img.size, Some((600, 400)));

    // Copy image puts the result on the clipboard at its full size, not its preview's.
    let full = image::open(&img.path).unwrap().to_rgba8();
    let preview_w = img.preview.as_ref().unwrap().width;
    assert!(preview_w < full.width(), "{preview_w} vs {}", full.width());
    st.h.get_by_label("Copy image").click();
    let deadline = Instant::now() + Duration::from_secs(30);
    let copied = loop {
        st.h.step();
        let copied =
            st.h.output()
                .platform_output
                .commands
                .iter()
                .find_map(|c| match c {
                    egui::OutputCommand::CopyImage(i) => Some(i.clone()),
                    _ => None,
                });
        if let Some(c) = copied {
            break c;
        }
        assert!(Instant::now() < deadline, "nothing was copied");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(copied.size, [full.width() as usize, full.height() as usize]);
    let (x, y) = (full.width() / 3, full.height() / 2);
    let c = copied.pixels[(y * full.width() + x) as usize].to_srgba_unmultiplied();
    assert_eq!(c, full.get_pixel(x, y).0);
    st.h.get_by_label_contains("Copied the image (");
}

/// The Before picker: another result of the job, the shown result's own raw output (beside its
/// composite, both at once), and a result of an earlier job from history.
#[test]
fn before_can_be_another_result_the_raw_output_or_a_history_result() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    let run = |st: &mut Studio, prompt: &str, n: u32| {
        {
            let app = st.h.state_mut();
            app.compose.prompt.prompt = prompt.into();
            app.compose.prompt.size = "1K".into();
            app.compose.prompt.n = n;
            app.compose.inputs.slots[0].boxes = vec![BBox::new(180, 60, 420, 330)];
        }
        st.h.run();
        let before = st.h.state().runs.jobs.len();
        st.h.get_by_label("Run").click();
        st.step_until("the job", |a| {
            a.runs.jobs.len() > before
                && a.runs.jobs.iter().all(|j| !j.is_active())
                && a.runs.jobs[0].images.iter().all(|i| i.preview.is_some())
                && !a.library.history.loading
        });
    };
    run(&mut st, "paint the cup in box 1 red", 1);
    run(&mut st, "paint the cup in box 1 green", 2);
    let picker = |st: &mut Studio, item: &str| {
        st.h.get_by_label("Before").click();
        st.h.run();
        st.h.get_by_label_contains(item).click();
        st.h.run();
    };
    let newest = st.h.state().runs.jobs[0].id;
    assert_eq!(st.h.state().runs.selected_result, Some((newest, 0)));

    // Another result of the job.
    picker(&mut st, "result 2");
    assert_eq!(st.h.state().runs.compare.before_result, Some(1));
    assert!(st.h.state().runs.compare.before_file.is_none());

    // The raw output beside its own composite.
    picker(&mut st, "result 1 raw");
    let raw = st.h.state().runs.jobs[0].images[0].other.clone().unwrap();
    let (path, _) = st.h.state().runs.compare.before_file.clone().unwrap();
    assert_eq!(path, raw);
    st.step_until("the raw preview", |a| {
        a.runs.jobs[0]
            .picked
            .as_ref()
            .is_some_and(|p| p.preview.is_some())
            && a.pictures
                .get(PictureId::Picked {
                    job: a.runs.jobs[0].id,
                })
                .is_some()
    });
    let j = &st.h.state().runs.jobs[0];
    let picked = j.picked.as_ref().unwrap();
    assert_eq!(picked.path, raw);
    // Raw: the service's size; after: the composite, on the target's grid. Both shown.
    assert_ne!(picked.size, Some((600, 400)));
    assert_eq!(j.images[0].size, Some((600, 400)));
    assert!(!j.images[0].showing_raw);

    // A result of the earlier job, from history's own copy.
    picker(&mut st, "\"paint the cup in box 1 red\" result 1");
    let (path, name) = st.h.state().runs.compare.before_file.clone().unwrap();
    assert!(name.contains("red"), "{name}");
    // When it was made, in local time, tells runs of one prompt apart.
    let made = &st.h.state().library.history.entries.last().unwrap();
    let (y, mo, d, hh, mi, _) =
        wanedit::store::history::local_datetime((made.created_ms / 1000) as i64).unwrap();
    assert!(
        name.starts_with("history, ") && name.contains(&format!("{hh:02}:{mi:02}")),
        "{name} (made {y}-{mo}-{d})"
    );
    // Its thumbnail beside it in the list, made on the runtime once asked for.
    let (ctx, made_id) = (st.h.ctx.clone(), made.id.clone());
    let deadline = Instant::now() + Duration::from_secs(30);
    while {
        let app = st.h.state_mut();
        app.library
            .history
            .thumb_for(&ctx, &mut app.pictures, &made_id)
            .is_none()
    } {
        assert!(
            Instant::now() < deadline,
            "no thumbnail for the history entry"
        );
        std::thread::sleep(Duration::from_millis(10));
        st.h.step();
    }
    assert!(
        path.starts_with(st.h.state().library.history.history().file_path("")),
        "{path:?}"
    );
    st.step_until("the history result's preview", |a| {
        a.runs.jobs[0]
            .picked
            .as_ref()
            .is_some_and(|p| p.path == path && p.preview.is_some())
            && a.pictures
                .get(PictureId::Picked {
                    job: a.runs.jobs[0].id,
                })
                .is_some()
    });
    // Its copy is the earlier job's composite: the target's size.
    let picked = st.h.state().runs.jobs[0].picked.as_ref().unwrap();
    assert_eq!(picked.size, Some((600, 400)));
    let earlier = st.h.state().runs.jobs[1].images[0].path.clone();
    assert_eq!(
        image::open(&path).unwrap().to_rgba8(),
        image::open(&earlier).unwrap().to_rgba8()
    );

    // The History tab's thumbnail of that job is its composite too, not the raw output.
    let h = &st.h.state().library.history;
    let e = h
        .entries
        .iter()
        .find(|e| e.spec.prompt.contains("red"))
        .unwrap();
    assert_eq!(h.thumb_source(e), Some(path.clone()));

    // Back to an input.
    st.h.get_by_label("Before").click();
    st.h.run();
    st.h.get_by_label("image 1").click();
    st.h.run();
    assert!(st.h.state().runs.compare.before_file.is_none());
    assert_eq!(st.h.state().runs.compare.before_result, None);
}

/// Boxes on two images and no target marked: the result is not composited, Compare says why,
/// and it compares the result with the image the service shaped it after (the last), not
/// image 1.
#[test]
fn with_no_target_compare_starts_from_the_last_image_and_says_why_nothing_was_composited() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let mut st = boxes_on_both(&s);
    st.h.run();
    st.h.get_by_label("Run").click();
    st.run_until_done(std::time::Duration::from_secs(20));
    st.h.run();
    assert_eq!(st.h.state().tab, wanedit::ui::CentralTab::Compare);
    assert!(st.h.state().runs.jobs[0].images[0].region.is_none());
    assert_eq!(st.h.state().runs.compare.before, 1);
    st.h.get_by_label_contains("not composited: images 1, 2 all have boxes");
}

/// coffee.png resized to `size`, opened in a window on the realistic stand-in with the key set,
/// `prompt` typed, at 1K.
fn large_photo(size: (u32, u32), prompt: &str) -> (StandIn, tempfile::TempDir, PathBuf, Studio) {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let wide = dir.path().join("wide.png");
    image::open(crate::support::photo("coffee.png"))
        .unwrap()
        .resize_exact(size.0, size.1, image::imageops::FilterType::Triangle)
        .save(&wide)
        .unwrap();
    let mut st = studio(&s, &[wide.to_str().unwrap()]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    let app = st.h.state_mut();
    app.compose.prompt.prompt = prompt.into();
    app.compose.prompt.size = "1K".into();
    (s, dir, wide, st)
}

#[test]
fn detail_is_said_above_run_and_a_detailed_result_wears_its_badge() {
    // A 2400×1600 photo at 1K: 0.52 output pixels per photo pixel whole-frame.
    let (_standin, _dir, _wide, mut st) = large_photo((2400, 1600), "make box 1 glow");
    let app = st.h.state_mut();
    app.compose.inputs.slots[0].boxes = vec![BBox::new(1000, 600, 1200, 750)];
    st.h.run();
    // Said before anything is sent, above Run.
    st.h.get_by_label_contains("Detail: image 1, box 1: 0.52 → 2.00");
    assert!(
        st.h.query_by_label("detail").is_none(),
        "no badge before a result"
    );
    st.run_first_job();
    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done, "{:?}", j.status);
    let region = j.images[0].region.clone().expect("composited");
    let (w, h) = region.detail.expect("sent in detail");
    assert!(w < 2400 && h < 1600, "{w}×{h}");
    assert_eq!(
        j.images[0].size,
        Some((2400, 1600)),
        "composited into the whole photo"
    );
    st.h.get_by_label("detail");
    st.h.get_by_label_contains("detail: sent as a");
}

/// Two boxes in opposite corners of a large photo: the window says before Run that each is sent
/// in its own crop, two calls, two billed images; the run makes one composite holding both, and
/// each call is its own History entry, which reopens as the job composed (both boxes, the
/// prompt as written).
#[test]
fn two_far_boxes_are_said_as_two_calls_before_run_and_come_back_in_one_composite() {
    let (s, _dir, wide, mut st) = large_photo((4000, 2600), "make box 1 glow and box 2 fade");
    let app = st.h.state_mut();
    let far = [
        BBox::new(200, 200, 500, 450),
        BBox::new(3400, 2100, 3700, 2350),
    ];
    app.compose.inputs.slots[0].boxes = far.to_vec();
    st.h.run();
    st.h.get_by_label_contains("one crop per box (2 calls, each billed)");
    st.h.get_by_label_contains("Bills 2 images");
    st.run_first_job();
    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done, "{:?}", j.status);
    assert_eq!(s.requests_to("/generation").len(), 2);
    let region = j.images[0].region.clone().expect("composited");
    assert!(region.detail.is_some());
    // The realistic stand-in inverts what is in the box: both boxes changed, in one file.
    let before = image::open(&wide).unwrap().to_rgb8();
    let after = image::open(region.composite.as_ref().unwrap())
        .unwrap()
        .to_rgb8();
    for b in far {
        let (cx, cy) = ((b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2);
        let (p, q) = (before.get_pixel(cx, cy), after.get_pixel(cx, cy));
        let d: i32 = (0..3).map(|c| (p[c] as i32 - q[c] as i32).abs()).sum();
        assert!(d > 60, "box {b:?} unchanged: {p:?} → {q:?}");
    }
    // Each call is in History; the last reopens as the job composed.
    st.h.state_mut().library.history.refresh();
    st.step_until("history to be read again", |a| {
        a.library.history.entries.len() == 2
    });
    let last = st.h.state().library.history.entries[0].clone();
    assert_eq!(last.spec.part.as_ref().map(|p| p.index), Some(1));
    st.h.state_mut().reopen(&last.id).unwrap();
    assert_eq!(
        st.h.state().compose.prompt.prompt,
        "make box 1 glow and box 2 fade"
    );
    st.step_until("the photo", |a| !a.compose.inputs.is_loading());
    assert_eq!(st.h.state().compose.inputs.slots[0].boxes, far.to_vec());
}
