//! The Batch tab on its own state: a recipe, files and manifests built here, the engine's door
//! on a runtime of the test's; no app.
use super::*;
use crate::api::job::{BBox, ImageSource, JobImage, JobSpec};
use crate::i18n::{Lang, set_for_this_thread};
use crate::jobs::batch::{BatchItem, ItemStatus};
use crate::jobs::post::{Inbox, inbox};
use crate::jobs::record::Recorder;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::sync::Arc;

const BASE: &str = "https://dashscope-intl.aliyuncs.com/api/v1";

struct Bench {
    panel: BatchPanel,
    running: HashSet<PathBuf>,
    current_job_problem: Option<String>,
    actions: Vec<BatchAction>,
    pictures: crate::ui::pictures::Textures,
}

/// What the tab's door needs, kept for as long as the harness is.
struct World {
    _thumbs: Inbox<(PathBuf, Option<image::RgbaImage>)>,
    _events: Inbox<crate::jobs::engine::EngineEvent>,
    _data: tempfile::TempDir,
    _rt: tokio::runtime::Runtime,
}

fn recipe() -> Recipe {
    let mut job = JobSpec::new("wan2.7-image", "remove the logo in box 1");
    let mut img = JobImage::new(ImageSource::File("a.jpg".into()));
    img.boxes = vec![BBox::new(10, 10, 50, 50)];
    job.images.push(img);
    Recipe::from_job(&job, 0, (100, 100)).unwrap()
}

fn item(name: &str, status: ItemStatus) -> BatchItem {
    BatchItem {
        status,
        ..BatchItem::new(PathBuf::from("/photos").join(name))
    }
}

/// Item 1 done (accepted, its job in history as `h-a`), item 2 failed, item 3 may have run.
fn ended() -> Manifest {
    let mut m = Manifest::new(recipe(), Vec::new(), BASE);
    let mut done = item("a.jpg", ItemStatus::Done);
    done.history_id = Some("h-a".into());
    done.outputs = vec![PathBuf::from("/out/batch/a-edit.png")];
    done.accepted = Some(true);
    done.billed = Some(1);
    let mut failed = item("b.jpg", ItemStatus::Failed);
    failed.sentence = Some("the quota is used up".into());
    let mut unsure = item("c.jpg", ItemStatus::MayHaveRun);
    unsure.sentence = Some("the answer was lost".into());
    m.items = vec![done, failed, unsure];
    m
}

fn bench(setup: impl FnOnce(&mut BatchPanel)) -> (World, Harness<'static, Bench>) {
    set_for_this_thread(Some(Lang::En));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (events, events_inbox) = inbox(Arc::new(|| {}));
    let door = Door::open(rt.handle(), Recorder::at(data.path()), events);
    let (post, thumbs) = inbox(Arc::new(|| {}));
    let mut panel = BatchPanel::new(door, post);
    setup(&mut panel);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 1000.0))
        .with_context_setup(crate::ui::install_look)
        .build_ui_state(
            |ui, b: &mut Bench| {
                let view = BatchView {
                    base_url: BASE,
                    current_job_problem: b.current_job_problem.clone(),
                    running: &b.running,
                };
                if let Some(a) = b.panel.show(ui, &view, &mut b.pictures) {
                    b.actions.push(a);
                }
            },
            Bench {
                panel,
                running: HashSet::new(),
                current_job_problem: None,
                actions: Vec::new(),
                pictures: Default::default(),
            },
        );
    h.run();
    let world = World {
        _thumbs: thumbs,
        _events: events_inbox,
        _data: data,
        _rt: rt,
    };
    (world, h)
}

fn disabled(h: &Harness<'_, Bench>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

fn click(h: &mut Harness<'_, Bench>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Without a recipe nothing can start; the recipe comes from the current job (unless it cannot
/// be one: then the button says why) or is saved; files are added and cleared.
#[test]
fn the_plan_takes_a_recipe_and_files() {
    let (_world, mut h) = bench(|_| {});
    h.get_by_label_contains("No recipe yet");
    h.get_by_label("0 file(s)");
    h.get_by_label("(or drop files and folders here)");
    assert!(disabled(&h, "Save as recipe"));
    assert!(disabled(&h, "Start the batch (0 file(s))…"));
    assert!(disabled(&h, "Clear the files"));

    h.state_mut().current_job_problem = Some("image 1 has not loaded".into());
    h.run();
    click(&mut h, "Use the current job");
    assert!(
        h.state().actions.is_empty(),
        "the current job cannot be one"
    );
    h.state_mut().current_job_problem = None;
    h.run();
    click(&mut h, "Use the current job");
    click(&mut h, "Add files…");
    click(&mut h, "Add a folder…");

    let p = &mut h.state_mut().panel;
    p.recipe = Some(recipe());
    p.files = vec![
        PathBuf::from("/photos/a.jpg"),
        PathBuf::from("/photos/b.jpg"),
    ];
    h.run();
    h.get_by_label_contains(
        "Recipe (the current job): wan2.7-image · \"remove the logo in box 1\"",
    );
    h.get_by_label("2 file(s)");
    h.get_by_label("a.jpg, b.jpg");
    click(&mut h, "Save as recipe");
    assert_eq!(
        h.state().actions,
        vec![
            BatchAction::UseCurrentJob,
            BatchAction::AddFiles,
            BatchAction::AddFolder,
            BatchAction::SaveRecipe,
        ]
    );
    assert!(
        disabled(&h, "Start the batch (2 file(s))…"),
        "no folder for the results yet"
    );
    click(&mut h, "Clear the files");
    assert!(h.state().panel.files.is_empty());
}

/// Start opens a confirmation that says how many files go where; only its Start starts. A cap
/// that is not an amount says so and keeps the batch from starting.
#[test]
fn the_batch_starts_only_after_its_confirmation() {
    let (_world, mut h) = bench(|p| {
        p.recipe = Some(recipe());
        p.files = vec![
            PathBuf::from("/photos/a.jpg"),
            PathBuf::from("/photos/b.jpg"),
        ];
        p.out_dir = "/out/batch".into();
    });
    h.get_by_label("Spend cap").focus();
    h.run();
    h.get_by_label("Spend cap").type_text("lots");
    h.run();
    h.get_by_label("the spend cap \"lots\" is not an amount: enter e.g. 5 or leave it empty");
    assert!(disabled(&h, "Start the batch (2 file(s))…"));
    h.state_mut().panel.cap = "5".into();
    h.run();
    assert_eq!(h.state().panel.cap_value(), Ok(Some(5.0)));

    click(&mut h, "Start the batch (2 file(s))…");
    assert!(h.state().panel.confirming);
    h.get_by_label_contains("Send 2 file(s) to Singapore (international)?");
    click(&mut h, "Do not start the batch");
    assert!(!h.state().panel.confirming);
    assert!(h.state().actions.is_empty());

    click(&mut h, "Start the batch (2 file(s))…");
    click(&mut h, "Start the batch");
    assert_eq!(h.state().actions, vec![BatchAction::Start]);
    assert!(!h.state().panel.confirming);
}

/// An ended batch: its progress, what was billed, why items did not end done; export, retry
/// (each kind on its own), its folder, and the review of a done item.
#[test]
fn an_ended_batch_says_how_it_went_and_offers_what_can_be_done() {
    let out = PathBuf::from("/out/batch");
    let (_world, mut h) = bench(|p| p.track(out.clone(), ended(), false));
    h.get_by_label("Batch in /out/batch");
    h.get_by_label("3 of 3 ended: 1 done, 0 running, 1 failed, 1 may have run");
    h.get_by_label("1 image(s) billed");
    h.get_by_label("2. b.jpg (failed): the quota is used up");
    h.get_by_label("3. c.jpg (may have run): the answer was lost");
    assert!(
        h.query_by_label("Resume the batch").is_none(),
        "nothing left"
    );
    assert!(h.query_by_label("Pause the batch").is_none());
    assert!(
        h.query_by_label("Accept item 2").is_none(),
        "only done items are reviewed"
    );
    for label in [
        "Export 1 accepted…",
        "Retry 1 failed (billed again)",
        "Send 1 that may have run again (may bill twice)",
        "Open the batch's folder",
        "Accept item 1",
        "Reject item 1",
    ] {
        click(&mut h, label);
    }
    let review = |verdict| BatchAction::Review {
        out: out.clone(),
        index: 0,
        verdict,
    };
    assert_eq!(
        h.state().actions,
        vec![
            BatchAction::ExportAccepted(out.clone()),
            BatchAction::Retry {
                out: out.clone(),
                unsure: false
            },
            BatchAction::Retry {
                out: out.clone(),
                unsure: true
            },
            BatchAction::OpenFolder(out.clone()),
            // Already accepted: pressed again, it is undecided.
            review(None),
            review(Some(false)),
        ]
    );
}

/// A running batch pauses (and cannot be retried meanwhile); a done item with its thumbnail
/// opens in Compare; another batch is picked from the list and resumed.
#[test]
fn a_running_batch_pauses_and_another_is_picked_and_resumed() {
    let (out, other) = (PathBuf::from("/out/batch"), PathBuf::from("/out/other"));
    let (_world, mut h) = bench(|p| {
        p.track(out.clone(), ended(), false);
        p.seen(
            other.clone(),
            Manifest::new(recipe(), vec![PathBuf::from("/photos/d.jpg")], BASE),
        );
        p.receive_thumb(
            PathBuf::from("/photos/a.jpg"),
            Some(image::RgbaImage::new(40, 30)),
        );
    });
    h.state_mut().running.insert(out.clone());
    h.run();
    // The thumbnail that arrived is in the window's one cache, by its file.
    let photo = crate::ui::pictures::PictureId::batch_thumb(std::path::Path::new("/photos/a.jpg"));
    assert_eq!(
        h.state().pictures.get(photo).map(|t| t.size()),
        Some([40, 30])
    );
    assert!(disabled(&h, "Retry 1 failed (billed again)"));
    click(&mut h, "Pause the batch");
    click(&mut h, "Open item 1 large, from its photo");
    click(&mut h, "other (0/1)");
    assert_eq!(h.state().panel.shown, Some(other.clone()));
    h.get_by_label("Batch in /out/other");
    h.get_by_label("0 of 1 ended: 0 done, 0 running, 0 failed");
    click(&mut h, "Resume the batch");
    assert_eq!(
        h.state().actions,
        vec![
            BatchAction::Pause(out),
            BatchAction::Compare("h-a".into()),
            BatchAction::Resume(other),
        ]
    );
}

/// A batch another wanedit runs: this window can only stop following it, and its review waits.
#[test]
fn a_batch_run_elsewhere_is_only_followed() {
    let out = PathBuf::from("/out/batch");
    let (_world, mut h) = bench(|p| {
        p.track(out.clone(), ended(), false);
        p.elsewhere
            .insert(out.clone(), "Another wanedit runs this batch.".into());
    });
    h.state_mut().running.insert(out.clone());
    h.run();
    h.get_by_label("Another wanedit runs this batch.");
    assert!(h.query_by_label("Pause the batch").is_none());
    assert!(disabled(&h, "Accept item 1"));
    click(&mut h, "Accept item 1");
    click(&mut h, "Stop following it here");
    assert_eq!(h.state().actions, vec![BatchAction::Pause(out)]);
}
