//! The Batch tab in the window, against the strict stand-in at the account's limits: the
//! current job becomes a recipe (saved in one click), files are planned with their estimate
//! from Settings → Prices, nothing is sent before the confirmation, the progress reaches the
//! end, and the review accepts and rejects items and exports the accepted ones.

use crate::support;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use support::standin::{Config, Limits, StandIn};
use support::window::{Studio, studio};
use wanedit::api::client::ApiKey;
use wanedit::api::job::BBox;
use wanedit::jobs::batch::ItemStatus;
use wanedit::ui::dialogs::{Answer, Dialogs, Picked};
use wanedit::ui::{CentralTab, WanEditApp};

/// Folder dialogs answer with a folder of the test's; the rest is never asked.
struct FolderIs(Arc<Mutex<Option<PathBuf>>>);

impl Dialogs for FolderIs {
    fn pick_images(&self) -> Answer {
        Box::pin(async { Picked::Cancelled })
    }
    fn save_file(&self, _: String) -> Answer {
        Box::pin(async { Picked::Cancelled })
    }
    fn pick_folder(&self, _: String) -> Answer {
        let p = self.0.lock().unwrap().clone();
        Box::pin(async move { p.map_or(Picked::Cancelled, |p| Picked::Chosen(vec![p])) })
    }
}

impl Studio {
    fn step_until_state(&mut self, what: &str, done: impl Fn(&WanEditApp) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done(self.h.state()) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(10));
            self.h.step();
        }
        self.h.run_steps(2);
    }
}

#[test]
fn the_batch_tab_plans_confirms_runs_reviews_and_exports() {
    let s = StandIn::start(Config {
        pending: Duration::from_millis(100),
        running: Duration::from_millis(200),
        limits: Some(Limits::DOCUMENTED),
        ..Config::default()
    });
    let mut st = studio(&s, &["coffee.png"]);
    let export_to = tempfile::tempdir().unwrap();
    let folder = Arc::new(Mutex::new(Some(export_to.path().to_path_buf())));
    {
        let app = st.h.state_mut();
        app.set_api_key(ApiKey::new(s.key()));
        app.set_dialogs(Arc::new(FolderIs(folder)));
        app.prompt.prompt = "remove the stain in box 1".into();
        // A box on the photo's top-left quarter.
        let (w, h) = {
            let r = app.inputs.slots[0].ready().unwrap();
            (r.facts.width, r.facts.height)
        };
        app.inputs.slots[0].boxes = vec![BBox::new(0, 0, w / 2, h / 2)];
    }
    st.h.run();

    // Settings → Prices: a price for where requests go (the stand-in is no known region).
    st.h.get_by_label("Prices").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Prices").click();
    st.h.run();
    st.h.get_by_label("Your price per image").focus();
    st.h.step();
    st.h.get_by_label("Your price per image").type_text("0.25");
    st.h.get_by_label("Currency").focus();
    st.h.step();
    st.h.get_by_label("Currency").type_text("usd");
    st.h.run();
    st.h.get_by_label("Set your price").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Set your price").click();
    st.step_until_state("the price saved", |a| !a.batch.user_prices.is_empty());

    // "Save as recipe": one click from the current job.
    st.h.get_by_label("Save as recipe").click();
    st.step_until_state("the recipe listed", |a| a.batch.recipes.len() == 1);
    let saved = &st.h.state().batch.recipes[0];
    assert_eq!(saved.recipe.prompt, "remove the stain in box 1");
    assert_eq!(saved.recipe.boxes.len(), 1);
    assert!(
        (saved.recipe.boxes[0].x2 - 0.5).abs() < 0.01,
        "{:?}",
        saved.recipe.boxes
    );

    // The Batch tab: the current job as the recipe, six files, the estimate.
    st.h.get_by_label("Batch").click();
    st.h.run();
    assert_eq!(st.h.state().tab, CentralTab::Batch);
    st.h.get_by_label("Use the current job").click();
    st.h.run();
    assert!(st.h.state().batch.recipe.is_some());
    let shots = tempfile::tempdir().unwrap();
    for i in 0..6u32 {
        image::RgbImage::from_fn(400, 300, |x, y| {
            image::Rgb([(x / 2) as u8, (y / 2) as u8, (i * 30) as u8])
        })
        .save(shots.path().join(format!("p{i}.png")))
        .unwrap();
    }
    st.h.state_mut()
        .add_batch_files(vec![shots.path().to_path_buf()]);
    st.step_until_state("the files planned", |a| a.batch.files.len() == 6);
    let out = st.out.path().join("the-batch");
    st.h.state_mut().batch.out_dir = out.display().to_string();
    st.h.run();
    st.h.get_by_label_contains("Estimate: 6 image(s) at 0.25 USD each ≈ 1.50 USD");

    // Nothing is sent before the confirmation; Cancel sends nothing either.
    st.h.get_by_label("Start the batch (6 file(s))…").click();
    st.h.run();
    st.h.get_by_label_contains("The service bills every image it makes");
    st.h.get_by_label("Do not start the batch").click();
    st.h.run();
    assert!(s.creates().is_empty());
    st.h.get_by_label("Start the batch (6 file(s))…").click();
    st.h.run();
    st.h.get_by_label("Start the batch").click();
    st.h.run();

    // Progress to the end.
    st.step_until_state("the batch to end", |a| {
        a.batch
            .manifest(&out)
            .is_some_and(|m| m.count(ItemStatus::Done) == 6)
            && !a.batch.batches.is_empty()
    });
    st.step_until_state("the batch to stop running", |a| {
        a.message
            .as_ref()
            .is_some_and(|m| m.text.contains("6 of 6 done"))
    });
    st.h.get_by_label_contains("6 of 6 ended: 6 done, 0 running, 0 failed");
    assert_eq!(
        s.creates().iter().filter(|c| c.accepted.is_some()).count(),
        6
    );

    // Review: accept item 1, reject item 2; the manifest keeps it.
    st.h.get_by_label("Accept item 1").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Accept item 1").click();
    st.h.run();
    st.h.get_by_label("Reject item 2").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Reject item 2").click();
    st.h.run();
    let m = st.h.state().batch.manifest(&out).unwrap().clone();
    assert_eq!(m.items[0].accepted, Some(true));
    assert_eq!(m.items[1].accepted, Some(false));
    assert_eq!(m.items[2].accepted, None);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let on_disk = wanedit::jobs::batch::Manifest::load(&out).unwrap();
        if on_disk.items[0].accepted == Some(true) && on_disk.items[1].accepted == Some(false) {
            break;
        }
        assert!(Instant::now() < deadline, "the review was not written");
        std::thread::sleep(Duration::from_millis(20));
    }

    // Export the accepted one.
    st.h.get_by_label("Export 1 accepted…").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Export 1 accepted…").click();
    st.step_until_state("the export", |a| {
        a.message
            .as_ref()
            .is_some_and(|m| m.text.contains("accepted result(s) copied"))
    });
    let exported: Vec<_> = std::fs::read_dir(export_to.path())
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(exported.len(), 1);
    assert_eq!(
        exported[0].file_name(),
        m.items[0].outputs[0].file_name().unwrap()
    );
}
