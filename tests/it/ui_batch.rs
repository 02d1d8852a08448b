//! The Batch tab in the window, against the strict stand-in at the account's limits: the
//! current job becomes a recipe (saved in one click), files are planned with their estimate
//! from Settings → Prices, nothing is sent before the confirmation, the progress reaches the
//! end, and the review accepts and rejects items and exports the accepted ones.

use crate::support;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use support::standin::{Config, Limits, Outcome, StandIn};
use support::window::{Studio, studio};
use wanedit::api::client::ApiKey;
use wanedit::api::job::BBox;
use wanedit::jobs::batch::ItemStatus;
use wanedit::ui::dialogs::{Answer, Dialogs, ImagesDialog, Picked};
use wanedit::ui::{CentralTab, WanEditApp};

/// Folder dialogs answer with a folder of the test's; the rest is never asked.
struct FolderIs(Arc<Mutex<Option<PathBuf>>>);

impl Dialogs for FolderIs {
    fn pick_images(&self, _: ImagesDialog) -> Answer {
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

/// `wanedit batch` on `shots` into `out`, on the data folder `data`, as a user runs it.
fn cli_batch(
    s: &StandIn,
    data: &std::path::Path,
    out: &std::path::Path,
    shots: &std::path::Path,
) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_wanedit"));
    c.args([
        "batch",
        "--base-url",
        &s.base_url,
        "--model",
        "wan2.7-image",
    ])
    .args(["--prompt", "white background", "--yes", "--out"])
    .arg(out)
    .arg(shots)
    .env("DASHSCOPE_API_KEY", s.key())
    .env("WANEDIT_DATA_DIR", data)
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null());
    c
}

/// A window on `data` against the stand-in, with its key, on `tab`.
fn window_on(
    rt: &tokio::runtime::Runtime,
    s: &StandIn,
    data: &std::path::Path,
    tab: CentralTab,
    out: Option<&std::path::Path>,
) -> egui_kittest::Harness<'static, WanEditApp> {
    let mut app = WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), data.into());
    app.session.settings.endpoint = wanedit::api::region::Endpoint::Custom {
        base_url: s.base_url.clone(),
    };
    if let Some(out) = out {
        app.session.settings.out_dir = out.to_path_buf();
    }
    app.session.timing = support::fast_timing();
    app.session.auto_key_check = false;
    app.set_api_key(ApiKey::new(s.key()));
    app.tab = tab;
    egui_kittest::Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app)
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
        app.compose.prompt.prompt = "remove the stain in box 1".into();
        // A box on the photo's top-left quarter.
        let (w, h) = {
            let r = app.compose.inputs.slots[0].ready().unwrap();
            (r.facts.width, r.facts.height)
        };
        app.compose.inputs.slots[0].boxes = vec![BBox::new(0, 0, w / 2, h / 2)];
    }
    st.h.run();

    set_a_price(&mut st);

    // "Save as recipe": one click from the current job.
    st.h.get_by_label("Save as recipe").click();
    st.step_until_state("the recipe listed", |a| a.library.batch.recipes.len() == 1);
    let saved = &st.h.state().library.batch.recipes[0];
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
    assert!(st.h.state().library.batch.recipe.is_some());
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
    st.step_until_state("the files planned", |a| a.library.batch.files.len() == 6);
    let out = st.out.path().join("the-batch");
    st.h.state_mut().library.batch.out_dir = out.display().to_string();
    st.h.run();
    st.h.get_by_label_contains("Estimate: 6 images at 0.25 USD each ≈ 1.50 USD");

    // Nothing is sent before the confirmation; Cancel sends nothing either.
    st.h.get_by_label("Start the batch (6 file(s))…").click();
    st.h.run();
    st.h.get_by_label_contains("The service bills every image it makes");
    st.h.get_by_label("Do not start the batch").click();
    st.h.run();
    assert!(s.creates().is_empty());
    st.h.get_by_label("Start the batch (6 file(s))…").click();
    st.h.run();
    s.push_outcome(Outcome::Fail {
        code: "InternalError.Algo",
        message: "the algorithm failed on this input",
    });
    st.h.get_by_label("Start the batch").click();
    st.h.run();

    run_to_the_end_and_retry(&mut st, &s, &out);

    review_and_export(&mut st, &out, export_to.path());

    // A thumbnail opens its item large in Compare: the item's input before, its result after.
    st.h.get_by_label("Open item 3 large").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Open item 3 large").click();
    // Its pictures are decoded on the runtime: the view settles as they arrive (a few frames
    // more under load), so the test waits for what it checks, not for a number of frames.
    st.h.step();
    let item3 = st.h.state().library.batch.manifest(&out).unwrap().items[2].clone();
    let id = item3.history_id.clone();
    st.step_until_state("item 3 in Compare", move |a| {
        a.runs.jobs.iter().any(|j| {
            j.history_id == id
                && j.images.iter().all(|i| i.preview.is_some())
                && j.inputs.iter().all(Option::is_some)
        })
    });
    assert_eq!(st.h.state().tab, CentralTab::Compare);
    let shown =
        st.h.state()
            .runs
            .jobs
            .iter()
            .find(|j| j.history_id == item3.history_id);
    assert!(
        shown.is_some_and(|j| !j.images.is_empty()),
        "item 3 is not shown"
    );
    st.h.get_by_label("Batch").click();
    st.h.run();

    no_english_left(&mut st);
}

/// Settings → Prices: sets 0.25 USD an image where requests go.
fn set_a_price(st: &mut Studio) {
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
    st.step_until_state("the price saved", |a| {
        !a.library.batch.user_prices.is_empty()
    });
}

/// Waits for the batch (one failed item) to end, then retries the failed one to its end.
fn run_to_the_end_and_retry(st: &mut Studio, s: &StandIn, out: &std::path::Path) {
    // Progress to the end: one task fails on the service; it is listed with its sentence
    // and retried (the button says it bills again).
    st.step_until_state("the batch to end", |a| {
        a.message
            .as_ref()
            .is_some_and(|m| m.text.words().contains("5 of 6 done"))
    });
    st.h.get_by_label_contains("6 of 6 ended: 5 done, 0 running, 1 failed");
    st.h.get_by_label_contains("Why 1 item(s) did not end done");
    st.h.get_by_label_contains("(failed): ");
    let failed =
        st.h.state()
            .library
            .batch
            .manifest(out)
            .unwrap()
            .items
            .iter()
            .find(|i| i.status == ItemStatus::Failed)
            .cloned()
            .unwrap();
    assert!(
        failed
            .sentence
            .as_ref()
            .map(|s| s.words())
            .unwrap_or_default()
            .contains("InternalError.Algo"),
        "{failed:?}"
    );
    st.h.get_by_label("Retry 1 failed (billed again)")
        .scroll_to_me();
    st.h.run();
    st.h.get_by_label("Retry 1 failed (billed again)").click();
    st.step_until_state("the retry to end", |a| {
        a.message
            .as_ref()
            .is_some_and(|m| m.text.words().contains("6 of 6 done"))
    });
    st.h.get_by_label_contains("6 of 6 ended: 6 done, 0 running, 0 failed");
    assert_eq!(
        s.creates().iter().filter(|c| c.accepted.is_some()).count(),
        7
    );
}

/// Accepts item 1, rejects item 2, and exports the accepted one into `export_to`.
fn review_and_export(st: &mut Studio, out: &std::path::Path, export_to: &std::path::Path) {
    // Review: accept item 1, reject item 2; the manifest keeps it.
    st.h.get_by_label("Accept item 1").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Accept item 1").click();
    st.h.run();
    st.h.get_by_label("Reject item 2").scroll_to_me();
    st.h.run();
    st.h.get_by_label("Reject item 2").click();
    st.h.run();
    let m = st.h.state().library.batch.manifest(out).unwrap().clone();
    assert_eq!(m.items[0].accepted, Some(true));
    assert_eq!(m.items[1].accepted, Some(false));
    assert_eq!(m.items[2].accepted, None);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let on_disk = wanedit::jobs::batch::Manifest::load(out).unwrap();
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
            .is_some_and(|m| m.text.words().contains("accepted result(s) copied"))
    });
    let exported: Vec<_> = std::fs::read_dir(export_to).unwrap().flatten().collect();
    assert_eq!(exported.len(), 1);
    assert_eq!(
        exported[0].file_name(),
        m.items[0].outputs[0].file_name().unwrap()
    );
}

/// The finished batch in Japanese and in Chinese has no English left.
fn no_english_left(st: &mut Studio) {
    // The same finished batch in Japanese and in Chinese: its progress, its contact sheet
    // (statuses, "before", what changed outside the boxes, Accept and Reject) and its
    // buttons have no English left.
    // (The status line's last news stays in the language it was said in: it is cleared.)
    st.h.state_mut().message = None;
    for lang in [wanedit::i18n::Lang::Ja, wanedit::i18n::Lang::ZhCn] {
        st.h.state_mut().session.settings.language = Some(lang);
        st.h.run();
        let mut one = wanedit::i18n::FluentArgs::new();
        one.set("index", 1);
        let accept = wanedit::i18n::text_in(lang, "batch-accept-item", Some(&one));
        st.h.get_by_label(&accept);
        // The user's own words: the prompt, and the currency code typed in Settings.
        let theirs = ["remove the stain in box 1", "USD", "usd"];
        let left = crate::ui_language::english_left_but(&st.h, &theirs);
        assert!(
            left.is_empty(),
            "English left in {}:\n{}",
            lang.tag(),
            left.join("\n")
        );
    }
}

/// A batch an earlier run left (killed with one item's task at work on the service and one item
/// waiting) goes on when the window starts: the task is polled to its end (not sent again, and
/// not taken by the journal's own resume), the waiting item is run.
#[test]
fn a_batch_left_unfinished_goes_on_when_the_window_starts() {
    use wanedit::api::job::{CallMode, ImageSource, JobImage, JobSpec};
    use wanedit::jobs::batch::{BatchItem, Batches, Manifest};
    use wanedit::jobs::record::{self, Recorder};
    let rt = support::runtime();
    let s = StandIn::start(Config::default());
    let data = support::data_dir();
    let out = tempfile::tempdir().unwrap();
    let rec = Recorder::at(&data);
    // The earlier run's item 1: its task created, then the run lost sight of it.
    for _ in 0..(support::fast_timing().poll_error_limit + 2) {
        s.push_fault(
            support::standin::Target::Poll,
            support::standin::Fault::Drop,
        );
    }
    let recipe = {
        let mut job = JobSpec::new("wan2.7-image", "white background");
        job.mode = CallMode::Async;
        job.images
            .push(JobImage::new(ImageSource::File(support::photo(
                "coffee.png",
            ))));
        wanedit::api::recipe::Recipe::from_job(&job, 0, (600, 400)).unwrap()
    };
    let first = recipe.job_for(ImageSource::File(support::photo("coffee.png")), (600, 400));
    let (_tx, rx) = tokio::sync::watch::channel(false);
    assert!(
        rt.block_on(record::run_recorded(
            &support::client_for(&s),
            &rec,
            first,
            wanedit::jobs::LocalImages::Inline,
            out.path(),
            rx,
            |_| {},
        ))
        .is_err()
    );
    let open = rec.journal.open_entries();
    assert_eq!(open.len(), 1);
    let mut m = Manifest::new(
        recipe,
        vec![support::photo("coffee.png"), support::photo("chelsea.png")],
        &s.base_url,
    );
    m.items[0] = BatchItem {
        status: ItemStatus::Running,
        sent: true,
        task_id: Some(open[0].task_id.clone()),
        history_id: open[0].history_id.clone(),
        ..BatchItem::new(support::photo("coffee.png"))
    };
    m.save(out.path()).unwrap();
    Batches::of(&rec).register(out.path()).unwrap();
    assert_eq!(s.creates().len(), 1);

    let mut h = window_on(&rt, &s, &data, CentralTab::Canvas, Some(out.path()));
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        h.step();
        let on_disk = Manifest::load(out.path()).unwrap();
        if on_disk.count(ItemStatus::Done) == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the batch did not go on: {:?} / {:?}",
            on_disk.items,
            h.state().message
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let m = Manifest::load(out.path()).unwrap();
    assert_eq!(
        m.items[0].task_id.as_deref(),
        Some(open[0].task_id.as_str())
    );
    assert_eq!(
        s.creates().len(),
        2,
        "item 1 was not sent again; item 2 was run"
    );
    assert!(
        h.state().runs.jobs.is_empty(),
        "the journal's resume left the batch's task alone"
    );
    assert!(rec.journal.open_entries().is_empty());
}

/// The window starting beside a command-line batch on the same data folder: its Batch tab
/// shows the batch as running in the other wanedit (with its pid, its progress as that process
/// writes it), sends nothing of it, and takes it over when that process is killed; every
/// image is created once.
#[test]
fn a_batch_running_in_another_wanedit_is_shown_as_such_and_taken_over_when_it_ends() {
    use wanedit::jobs::batch::Manifest;
    let rt = support::runtime();
    let s = StandIn::start(Config {
        pending: Duration::from_millis(200),
        running: Duration::from_millis(1500),
        limits: Some(Limits::DOCUMENTED),
        ..Config::default()
    });
    let data = support::data_dir();
    let dir = tempfile::tempdir().unwrap();
    let shots = support::shots(dir.path(), 12);
    let out = dir.path().join("out");
    let cli = cli_batch(&s, &data, &out, &shots).spawn().unwrap();
    let cli = support::Killed(cli);
    let pid = cli.0.id();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Manifest::load(&out).map_or(true, |m| m.count(ItemStatus::Done) < 1) {
        assert!(
            Instant::now() < deadline,
            "the command line's batch did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let mut h = window_on(&rt, &s, &data, CentralTab::Batch, None);
    let said = format!("This batch is running in another wanedit, pid {pid}; it goes on there");
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.query_all_by_label_contains(&said).next().is_none() {
        assert!(
            Instant::now() < deadline,
            "not said: {:?}",
            h.state().message
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    // Its review waits for the other process; Pause is not offered (this window cannot pause
    // it), only to stop following it, which says what the frozen progress is.
    assert!(h.query_by_label("Pause the batch").is_none());
    h.get_by_label("Stop following it here").click();
    let deadline = Instant::now() + Duration::from_secs(30);
    while h
        .query_all_by_label_contains("This window no longer follows the batch")
        .next()
        .is_none()
    {
        assert!(Instant::now() < deadline, "{:?}", h.state().message);
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    // Following it again.
    h.run_steps(3);
    h.get_by_label("Resume the batch").click();
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.query_all_by_label_contains(&said).next().is_none() {
        assert!(Instant::now() < deadline, "{:?}", h.state().message);
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    drop(cli);
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        h.step();
        if Manifest::load(&out).is_ok_and(|m| !m.unfinished()) && !h.state().batch_running(&out) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not taken over: {:?}",
            h.state().message
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
    assert!(
        h.query_all_by_label_contains(&said).next().is_none(),
        "still said after the take-over"
    );
    let m = Manifest::load(&out).unwrap();
    let unsure = m.count(ItemStatus::MayHaveRun);
    assert_eq!(m.count(ItemStatus::Done) + unsure, 12, "{:?}", m.items);
    support::created_once_each(&s);
}

/// A batch started by the command line after the window opened appears in the Batch tab (its
/// folder read again while the tab is shown), with its progress as its folder says.
#[test]
fn a_batch_started_elsewhere_after_the_window_opened_appears() {
    use wanedit::jobs::batch::Manifest;
    let rt = support::runtime();
    let s = StandIn::start(Config {
        limits: Some(Limits::DOCUMENTED),
        ..Config::default()
    });
    let data = support::data_dir();
    let dir = tempfile::tempdir().unwrap();
    let shots = support::shots(dir.path(), 3);
    let out = dir.path().join("batch-started-later");

    let mut h = window_on(&rt, &s, &data, CentralTab::Batch, None);
    h.step();
    assert!(h.state().library.batch.manifest(&out).is_none());

    let status = cli_batch(&s, &data, &out, &shots).status().unwrap();
    assert!(status.success());
    assert_eq!(Manifest::load(&out).unwrap().count(ItemStatus::Done), 3);
    let deadline = Instant::now() + Duration::from_secs(20);
    while h
        .state()
        .library
        .batch
        .manifest(&out)
        .is_none_or(|m| m.count(ItemStatus::Done) < 3)
    {
        assert!(
            Instant::now() < deadline,
            "the batch the command line ran is not in the tab"
        );
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    h.run_steps(2);
    h.get_all_by_label_contains("batch-started-later")
        .next()
        .unwrap();
}
