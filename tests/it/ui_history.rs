//! The History tab and the window's start, against the strict stand-in: recorded jobs are listed
//! newest first, filtered by text, reopened into the editor (images, boxes, prompt, model),
//! re-run and deleted; a task an earlier run left open is resumed when the window starts.

use crate::support;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::standin::{Config, Fault, StandIn, Target};
use support::{client_for, fast_timing, photo};
use wanedit::api::client::ApiKey;
use wanedit::api::job::{BBox, CallMode, ImageSource, JobImage, JobSpec};
use wanedit::api::region::Endpoint;
use wanedit::jobs::LocalImages;
use wanedit::jobs::record::{self, Recorder};
use wanedit::store::history::HistoryStatus;
use wanedit::store::journal::EntryState;
use wanedit::ui::results::JobStatus;
use wanedit::ui::{CentralTab, WanEditApp};

use support::runtime;

/// Records a job in `data` as the window or the command line would.
fn record_job(rt: &tokio::runtime::Runtime, s: &StandIn, data: &Path, out: &Path, job: JobSpec) {
    let rec = Recorder::at(data);
    let (_tx, rx) = tokio::sync::watch::channel(false);
    rt.block_on(record::run_recorded(
        &client_for(s),
        &rec,
        job,
        LocalImages::Inline,
        out,
        rx,
        |_| {},
    ))
    .unwrap();
}

fn window(
    rt: &tokio::runtime::Runtime,
    s: &StandIn,
    data: &Path,
    out: &Path,
) -> Harness<'static, WanEditApp> {
    let mut app = WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), data.into());
    app.session.settings.endpoint = Endpoint::Custom {
        base_url: s.base_url.clone(),
    };
    app.session.settings.out_dir = out.to_path_buf();
    app.session.timing = fast_timing();
    app.set_api_key(ApiKey::new(s.key()));
    Harness::builder()
        .with_size(vec2(1500.0, 1000.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app)
}

/// A window with coffee.png loaded as image 1 and `prompt` typed, sync or async.
fn window_with_coffee(
    rt: &tokio::runtime::Runtime,
    s: &StandIn,
    data: &Path,
    out: &Path,
    prompt: &str,
    run_async: bool,
) -> Harness<'static, WanEditApp> {
    let mut h = window(rt, s, data, out);
    h.state_mut().add_paths(vec![photo("coffee.png")]);
    step_until(&mut h, "the image", |a| {
        !a.compose.inputs.is_loading() && a.compose.inputs.slots.len() == 1
    });
    h.state_mut().compose.prompt.prompt = prompt.into();
    h.state_mut().compose.prompt.run_async = run_async;
    h
}

fn step_until(
    h: &mut Harness<'static, WanEditApp>,
    what: &str,
    done: impl Fn(&WanEditApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(h.state()) {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; the window says {:?}",
            h.state().message
        );
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    h.step();
}

fn history_read(app: &WanEditApp) -> bool {
    app.library.history.loaded && !app.library.history.loading
}

#[test]
fn the_history_tab_filters_reopens_reruns_and_deletes() {
    let rt = runtime();
    let s = StandIn::start(Config::default());
    let data = support::data_dir();
    let out = tempfile::tempdir().unwrap();
    record_teapot_and_rocket(&rt, &s, &data, out.path());

    let mut h = window(&rt, &s, &data, out.path());
    h.get_by_label("History").click();
    h.step();
    step_until(&mut h, "history to be read", history_read);
    assert_eq!(h.state().tab, CentralTab::History);
    let listed: Vec<String> = h
        .state()
        .library
        .history
        .entries
        .iter()
        .map(|e| e.spec.model.clone())
        .collect();
    assert_eq!(listed, ["wan2.6-image", "wan2.7-image"], "newest first");
    // Each made at the machine's local time, as the designer's clock says it.
    let newest = &h.state().library.history.entries[0];
    let (y, mo, d, hh, mi, ss) =
        wanedit::store::history::local_datetime((newest.created_ms / 1000) as i64).unwrap();
    let shown = format!("{y:04}-{mo:02}-{d:02} {hh:02}:{mi:02}:{ss:02}");
    assert!(
        h.query_all(egui_kittest::kittest::By::new().label(&shown))
            .count()
            >= 1,
        "no entry says {shown}"
    );

    // The filter: every word must match, case aside.
    h.get_by_label("Filter").focus();
    h.step();
    h.get_by_label("Filter").type_text("TEAPOT cup");
    h.step();
    assert_eq!(h.state().library.history.filter, "TEAPOT cup");
    let visible: Vec<String> = h
        .state()
        .library
        .history
        .visible()
        .iter()
        .map(|e| e.spec.prompt.clone())
        .collect();
    assert_eq!(visible, ["Replace the cup in box 1 with a teapot"]);
    assert!(h.query_by_label("Reopen history item 2").is_none());

    // Reopen puts the job back in the editor: model, prompt, the image (history's copy), box.
    h.get_by_label("Reopen history item 1").click();
    h.step();
    step_until(&mut h, "the reopened image", |a| {
        !a.compose.inputs.is_loading()
    });
    {
        let app = h.state();
        assert_eq!(app.tab, CentralTab::Canvas);
        assert_eq!(app.compose.model.id, "wan2.7-image");
        assert_eq!(
            app.compose.prompt.prompt,
            "Replace the cup in box 1 with a teapot"
        );
        assert_eq!(app.compose.inputs.slots.len(), 1);
        assert_eq!(
            app.compose.inputs.slots[0].boxes,
            vec![BBox::new(100, 40, 420, 380)]
        );
        let job = app.current_job();
        assert_eq!(job.images[0].boxes, vec![BBox::new(100, 40, 420, 380)]);
        // How it composited comes back too: the blend, and the target marked on the strip.
        assert_eq!((job.region.feather, job.region.margin), (9, 3));
        assert_eq!(job.region.target, Some(0));
        assert!(app.compose.inputs.target.is_some());
    }

    let newest = rerun_the_rocket(&mut h, &s);

    let rec = Recorder::at(&data);
    delete_the_oldest(&mut h, &rec, &data, &newest);

    compare_a_recorded_job(&mut h, &s, &rec);
}

/// Records the teapot job (a box, its blend and target), then the async rocket job.
fn record_teapot_and_rocket(rt: &tokio::runtime::Runtime, s: &StandIn, data: &Path, out: &Path) {
    let mut teapot = JobSpec::new("wan2.7-image", "Replace the cup in box 1 with a teapot");
    let mut img = JobImage::new(ImageSource::File(photo("coffee.png")));
    img.boxes.push(BBox::new(100, 40, 420, 380));
    teapot.images.push(img);
    teapot.region.feather = 9;
    teapot.region.margin = 3;
    teapot.region.target = Some(0);
    let mut rocket = JobSpec::new("wan2.6-image", "Paint the rocket in image 1 lemon yellow");
    rocket.mode = CallMode::Async;
    rocket
        .images
        .push(JobImage::new(ImageSource::File(photo("rocket.jpg"))));
    record_job(rt, s, data, out, teapot);
    std::thread::sleep(Duration::from_millis(5));
    record_job(rt, s, data, out, rocket);
}

/// Re-runs history item 1 (the rocket) and reopens it: the new history entry.
fn rerun_the_rocket(
    h: &mut Harness<'static, WanEditApp>,
    s: &StandIn,
) -> wanedit::store::history::HistoryEntry {
    // Re-run the other one: reopened, then run as soon as its image is loaded.
    h.get_by_label("History").click();
    h.step();
    h.state_mut().library.history.filter.clear();
    h.step();
    h.get_by_label("Re-run history item 1").click();
    h.step();
    step_until(h, "the re-run to finish", |a| {
        a.runs.jobs.first().is_some_and(|j| !j.is_active())
    });
    {
        let j = &h.state().runs.jobs[0];
        assert_eq!(j.status, JobStatus::Done, "{:?}", j.status);
        assert_eq!(j.spec.model, "wan2.6-image");
        assert_eq!(j.spec.prompt, "Paint the rocket in image 1 lemon yellow");
    }
    assert_eq!(s.accepted_generations(), 3);
    h.state_mut().library.history.refresh();
    step_until(h, "history to be read again", history_read);
    assert_eq!(h.state().library.history.entries.len(), 3);
    let newest = h.state().library.history.entries[0].clone();
    assert_eq!(newest.status, HistoryStatus::Done);
    assert_eq!(
        newest.spec.prompt,
        "Paint the rocket in image 1 lemon yellow"
    );
    // The re-run sent history's copy (named by its content hash), under the designer's name.
    assert_eq!(newest.inputs[0].name, "rocket.jpg");
    // Reopened once more: still the file's own name on the card.
    h.get_by_label("History").click();
    h.step();
    h.get_by_label("Reopen history item 1").click();
    h.step();
    step_until(h, "the reopened re-run", |a| !a.compose.inputs.is_loading());
    assert_eq!(h.state().compose.inputs.slots[0].name, "rocket.jpg");
    assert!(matches!(
        &h.state().compose.inputs.slots[0].source,
        wanedit::api::job::ImageSource::File(p) if p.file_name().unwrap() != "rocket.jpg"
    ));
    h.get_by_label("History").click();
    h.step();
    newest
}

/// Deletes history item 3 (the oldest, with coffee.png): its entry and the files only it used.
fn delete_the_oldest(
    h: &mut Harness<'static, WanEditApp>,
    rec: &Recorder,
    data: &Path,
    newest: &wanedit::store::history::HistoryEntry,
) {
    // Delete asks once more, then removes the entry and the files only it used. The oldest
    // job (item 3) is the only one with coffee.png; its result may share its bytes (and so
    // its stored copy) with the others.
    let oldest = h.state().library.history.entries[2].clone();
    assert_eq!(oldest.spec.prompt, "Replace the cup in box 1 with a teapot");
    let coffee_copy = rec
        .history
        .file_path(oldest.inputs[0].file.as_ref().unwrap());
    let rocket_copy = rec
        .history
        .file_path(newest.inputs[0].file.as_ref().unwrap());
    assert!(coffee_copy.exists() && rocket_copy.exists());
    h.get_by_label("History").click();
    h.step();
    h.get_by_label("Delete history item 3").click();
    h.run_steps(2);
    assert_eq!(
        h.state().library.history.entries.len(),
        3,
        "one press only asks"
    );
    h.get_by_label("Really delete history item 3?").click();
    h.step();
    step_until(h, "the deletion", |a| {
        history_read(a) && a.library.history.entries.len() == 2
    });
    assert!(rec.history.get(&oldest.id).is_none());
    assert!(
        !data
            .join("history/jobs")
            .join(format!("{}.json", oldest.id))
            .exists()
    );
    assert!(
        !coffee_copy.exists(),
        "the input copy only it used went with it"
    );
    assert!(
        rocket_copy.exists(),
        "rocket.jpg is still used by the others"
    );
    let remaining = rec.history.list();
    for e in &remaining {
        for o in &e.outputs {
            assert!(rec.history.file_path(&o.file).exists(), "still used: kept");
        }
    }
    assert!(
        oldest.outputs[0].saved_as.exists(),
        "files in the output folder stay"
    );
    let stored = std::fs::read_dir(rec.history.files_dir()).unwrap().count();
    let used: std::collections::HashSet<String> = remaining
        .iter()
        .flat_map(|e| {
            e.outputs
                .iter()
                .map(|o| o.file.clone())
                .chain(e.inputs.iter().filter_map(|i| i.file.clone()))
        })
        .collect();
    assert_eq!(stored, used.len(), "nothing unused is left behind");
}

/// Compare shows history item 2 from history's copies, sending nothing.
fn compare_a_recorded_job(h: &mut Harness<'static, WanEditApp>, s: &StandIn, rec: &Recorder) {
    // Compare shows a recorded job's results beside its inputs, from history's copies, even
    // when the output folder has moved on; nothing is sent.
    let first_rocket = h.state().library.history.entries[1].clone();
    std::fs::remove_file(&first_rocket.outputs[0].saved_as).unwrap();
    let sent = s.requests().len();
    h.get_by_label("Compare history item 2").click();
    h.step();
    step_until(h, "the recorded job's pictures", |a| {
        a.runs
            .jobs
            .first()
            .is_some_and(|j| j.images.iter().all(|i| i.preview.is_some()) && j.inputs[0].is_some())
    });
    let app = h.state();
    assert_eq!(app.tab, CentralTab::Compare);
    let j = &app.runs.jobs[0];
    assert_eq!(j.history_id.as_deref(), Some(first_rocket.id.as_str()));
    assert_eq!(j.status, JobStatus::Done);
    assert_eq!(j.spec.prompt, "Paint the rocket in image 1 lemon yellow");
    assert_eq!(j.images.len(), 1);
    assert_eq!(
        std::fs::read(&j.images[0].path).unwrap(),
        std::fs::read(rec.history.file_path(&first_rocket.outputs[0].file)).unwrap()
    );
    let before = j.inputs[0].as_ref().unwrap();
    let rocket = image::open(photo("rocket.jpg")).unwrap();
    let aspect = |w: u32, h: u32| w as f32 / h as f32;
    assert!(
        (aspect(before.width, before.height) - aspect(rocket.width(), rocket.height())).abs()
            < 0.02,
        "the input preview is the rocket photo"
    );
    assert_eq!(app.runs.selected_result, Some((j.id, 0)));
    assert_eq!(s.requests().len(), sent);
    // Above the view, the result's name in the output folder, not history's content-named copy.
    let known = first_rocket.outputs[0].saved_as.display().to_string();
    h.run();
    h.get_all_by_label(&known).next().unwrap();
    assert!(
        h.query_all_by_label_contains(
            &rec.history
                .file_path(&first_rocket.outputs[0].file)
                .display()
                .to_string()
        )
        .next()
        .is_none()
    );
}

#[test]
fn a_task_left_open_by_an_earlier_run_is_resumed_when_the_window_starts() {
    let rt = runtime();
    let s = StandIn::start(Config::default());
    let data = support::data_dir();
    let out = tempfile::tempdir().unwrap();
    // An earlier run lost sight of its task (more failed polls than it rides out).
    for _ in 0..(fast_timing().poll_error_limit + 2) {
        s.push_fault(Target::Poll, Fault::Drop);
    }
    let mut job = JobSpec::new("wan2.7-image", "a lemon instead of the cup");
    job.mode = CallMode::Async;
    job.images
        .push(JobImage::new(ImageSource::File(photo("coffee.png"))));
    let rec = Recorder::at(&data);
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let r = rt.block_on(record::run_recorded(
        &client_for(&s),
        &rec,
        job,
        LocalImages::Inline,
        out.path(),
        rx,
        |_| {},
    ));
    assert!(r.is_err());
    let open = rec.journal.open_entries();
    assert_eq!(open.len(), 1);
    let hid = open[0].history_id.clone().unwrap();
    assert_eq!(
        rec.history.get(&hid).unwrap().status,
        HistoryStatus::Waiting
    );
    // …and a sync job whose result it could not download.
    for _ in 0..=fast_timing().download_retries {
        s.push_fault(Target::Download, Fault::Drop);
    }
    let mut sync = JobSpec::new("wan2.7-image", "a pear instead of the cup");
    sync.images
        .push(JobImage::new(ImageSource::File(photo("coffee.png"))));
    record_job(&rt, &s, &data, out.path(), sync);
    let incomplete = rec.history.list()[0].clone();
    assert_eq!(incomplete.status, HistoryStatus::Incomplete);

    // The next start: the window finds it and finishes it, with no new task.
    let mut h = window(&rt, &s, &data, out.path());
    step_until(&mut h, "the resumed task", |a| {
        a.runs.jobs.first().is_some_and(|j| !j.is_active())
    });
    let j = &h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done, "{:?}", j.status);
    assert_eq!(j.spec.prompt, "a lemon instead of the cup");
    assert_eq!(j.task_id.as_deref(), Some(open[0].task_id.as_str()));
    assert_eq!(j.images.len(), 1);
    assert!(j.images[0].path.starts_with(out.path()));
    // Its "before" for Compare: history's copy of its input.
    let resumed = j.id;
    step_until(&mut h, "the resumed job's input", |a| {
        a.runs
            .jobs
            .iter()
            .find(|j| j.id == resumed)
            .is_some_and(|j| j.inputs.first().is_some_and(|i| i.is_some()))
    });
    let after = rec.history.get(&hid).unwrap();
    assert_eq!(after.status, HistoryStatus::Done);
    assert_eq!(after.outputs.len(), 1);
    assert_eq!(
        rec.journal.get(&open[0].task_id).unwrap().state,
        EntryState::Done
    );
    // The download that failed is fetched again into the folder it was meant for.
    step_until(&mut h, "the result fetched again", |_| {
        rec.history.get(&incomplete.id).unwrap().status == HistoryStatus::Done
    });
    let fetched = rec.history.get(&incomplete.id).unwrap();
    assert_eq!(fetched.outputs.len(), 1);
    assert!(fetched.outputs[0].saved_as.starts_with(out.path()));
    assert_eq!(s.accepted_generations(), 2, "no generation was sent again");
}

#[test]
fn results_made_but_not_downloaded_are_fetched_again_from_their_row() {
    let rt = runtime();
    let s = StandIn::start(Config::default());
    let data = support::data_dir();
    let out = tempfile::tempdir().unwrap();
    let mut h = window_with_coffee(
        &rt,
        &s,
        &data,
        out.path(),
        "a pear instead of the cup",
        false,
    );
    for _ in 0..=fast_timing().download_retries {
        s.push_fault(Target::Download, Fault::Drop);
    }
    h.get_by_label("Run").click();
    h.step();
    step_until(&mut h, "the job to end", |a| {
        a.runs.jobs.first().is_some_and(|j| !j.is_active())
    });
    {
        let j = &h.state().runs.jobs[0];
        let JobStatus::Failed { sentence, .. } = &j.status else {
            panic!("{:?}", j.status)
        };
        let sentence = sentence.words();
        assert!(sentence.contains("downloading the result"), "{sentence}");
        assert!(j.fetchable());
    }
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    // The row offers to fetch them once history has the entry.
    step_until(&mut h, "history to be read", history_read);
    h.step();
    let job = h.state().runs.jobs[0].id;
    h.get_by_label(&format!("Fetch the results of job {job} again"))
        .click();
    h.step();

    step_until(&mut h, "the results fetched again", |a| {
        a.runs.jobs[0].status == JobStatus::Done
            && a.runs.jobs[0].images.iter().all(|i| i.preview.is_some())
    });
    let j = &h.state().runs.jobs[0];
    assert_eq!(j.images.len(), 1);
    assert!(j.images[0].path.starts_with(out.path()));
    image::open(&j.images[0].path).unwrap();
    assert!(!j.fetchable());
    let entry = Recorder::at(&data).history.list().remove(0);
    assert_eq!(entry.status, HistoryStatus::Done);
    assert_eq!(entry.outputs[0].saved_as, j.images[0].path);
    assert_eq!(s.accepted_generations(), 1, "fetching is not generating");
}

#[test]
fn a_task_lost_sight_of_is_resumed_from_its_row_without_a_new_task() {
    let rt = runtime();
    let s = StandIn::start(Config::default());
    let data = support::data_dir();
    let out = tempfile::tempdir().unwrap();
    let mut h = window_with_coffee(
        &rt,
        &s,
        &data,
        out.path(),
        "a lemon instead of the cup",
        true,
    );
    // The connection goes while the task runs: more failed polls than the client rides out.
    for _ in 0..(fast_timing().poll_error_limit + 2) {
        s.push_fault(Target::Poll, Fault::Drop);
    }
    h.get_by_label("Run").click();
    h.step();
    step_until(&mut h, "the job to lose its task", |a| {
        a.runs.jobs.first().is_some_and(|j| !j.is_active())
    });
    let (job, task) = {
        let j = &h.state().runs.jobs[0];
        assert!(
            matches!(j.status, JobStatus::Failed { .. }),
            "{:?}",
            j.status
        );
        assert!(j.resumable, "the task exists and did not end");
        (j.id, j.task_id.clone().unwrap())
    };
    let rec = Recorder::at(&data);
    assert_eq!(rec.journal.open_entries().len(), 1);
    assert_eq!(rec.history.list()[0].status, HistoryStatus::Waiting);

    h.get_by_label(&format!("Resume the task of job {job}"))
        .click();
    h.step();
    step_until(&mut h, "the resumed task", |a| {
        a.runs.jobs[0].status == JobStatus::Done
            && a.runs.jobs[0].images.iter().all(|i| i.preview.is_some())
    });
    let app = h.state();
    assert_eq!(app.runs.jobs.len(), 1, "the row went on; no second row");
    let j = &app.runs.jobs[0];
    assert_eq!(j.task_id.as_deref(), Some(task.as_str()));
    assert_eq!(j.images.len(), 1);
    assert!(j.inputs[0].is_some(), "its inputs stay for compare");
    assert!(!j.resumable);
    assert_eq!(rec.history.list()[0].status, HistoryStatus::Done);
    assert!(rec.journal.open_entries().is_empty());
    assert_eq!(s.accepted_generations(), 1, "resuming is not resubmitting");
}

/// Reopen over work in the strip is undoable: Undo brings back the images (with their names
/// and boxes), the prompt and the model from before it, and says so.
#[test]
fn undo_brings_back_what_a_reopen_replaced() {
    let rt = runtime();
    let s = StandIn::start(Config::default());
    let data = support::data_dir();
    let out = tempfile::tempdir().unwrap();
    let mut rocket = JobSpec::new("wan2.6-image", "Paint the rocket in image 1 lemon yellow");
    rocket
        .images
        .push(JobImage::new(ImageSource::File(photo("rocket.jpg"))));
    record_job(&rt, &s, &data, out.path(), rocket);
    let mut h = window_with_coffee(&rt, &s, &data, out.path(), "make the cup blue", false);
    h.state_mut()
        .set_model(wanedit::api::catalog::ModelSpec::find("wan2.7-image").unwrap());
    h.state_mut().compose.inputs.slots[0]
        .boxes
        .push(BBox::new(10, 20, 110, 120));
    h.state_mut().commit_boxes_for_tests();
    h.get_by_label("History").click();
    h.step();
    step_until(&mut h, "history to be read", history_read);
    h.get_by_label("Reopen history item 1").click();
    h.step();
    step_until(&mut h, "the reopened image", |a| {
        !a.compose.inputs.is_loading()
    });
    assert_eq!(h.state().compose.inputs.slots[0].name, "rocket.jpg");
    h.get_by_label_contains("Undo (Ctrl+Z) brings back what was here");
    h.get_by_label("Undo").click();
    h.run();
    let app = h.state();
    assert_eq!(app.compose.inputs.slots.len(), 1);
    assert_eq!(app.compose.inputs.slots[0].name, "coffee.png");
    assert_eq!(
        app.compose.inputs.slots[0].boxes,
        vec![BBox::new(10, 20, 110, 120)]
    );
    assert_eq!(app.compose.prompt.prompt, "make the cup blue");
    assert_eq!(app.compose.model.id, "wan2.7-image");
    h.get_by_label_contains("from before the Reopen are back");
    // And the box edits from before it are undoable again.
    h.get_by_label("Undo").click();
    h.run();
    assert!(h.state().compose.inputs.slots[0].boxes.is_empty());
    // Redo: the box, then the reopened job again; Undo goes back to the coffee with its box.
    h.get_by_label("Redo").click();
    h.run();
    assert_eq!(
        h.state().compose.inputs.slots[0].boxes,
        vec![BBox::new(10, 20, 110, 120)]
    );
    h.get_by_label("Redo").click();
    h.run();
    assert_eq!(h.state().compose.inputs.slots[0].name, "rocket.jpg");
    assert_eq!(h.state().compose.model.id, "wan2.6-image");
    h.get_by_label_contains("The reopened job is back");
    assert!(!h.state().can_redo());
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(h.state().compose.inputs.slots[0].name, "coffee.png");
    assert_eq!(
        h.state().compose.inputs.slots[0].boxes,
        vec![BBox::new(10, 20, 110, 120)]
    );
}

/// At 1024×640, beside the boxes panel, a history row's buttons wrap within the tab: Delete
/// is on screen, not under the panel.
#[test]
fn history_rows_fit_beside_the_boxes_panel_at_1024() {
    let rt = runtime();
    let s = StandIn::start(Config::default());
    let data = support::data_dir();
    let out = tempfile::tempdir().unwrap();
    let mut job = JobSpec::new("wan2.7-image", "Replace the cup in box 1 with a teapot");
    job.images
        .push(JobImage::new(ImageSource::File(photo("coffee.png"))));
    record_job(&rt, &s, &data, out.path(), job);
    let mut h = window(&rt, &s, &data, out.path());
    h.set_size(vec2(1024.0, 640.0));
    h.get_by_label("History").click();
    h.step();
    step_until(&mut h, "history to be read", history_read);
    h.run();
    let delete = h.get_by_label("Delete history item 1").rect();
    // The boxes panel takes at most a fifth of the width, on the right.
    assert!(
        delete.right() <= 1024.0 * 0.8,
        "Delete ends at {} (the boxes panel starts at {})",
        delete.right(),
        1024.0 * 0.8
    );
}

/// A row says the size its results really have (read from their files: 1254×836 for a
/// 600×400 photo at 1K), not the size tier the service's usage names (1024*1024).
#[test]
fn history_rows_say_the_results_real_size() {
    let rt = runtime();
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let data = support::data_dir();
    let out = tempfile::tempdir().unwrap();
    let mut job = JobSpec::new("wan2.7-image", "Replace the cup in box 1 with a teapot");
    job.images
        .push(JobImage::new(ImageSource::File(photo("coffee.png"))));
    record_job(&rt, &s, &data, out.path(), job);
    let mut h = window(&rt, &s, &data, out.path());
    h.get_by_label("History").click();
    h.step();
    step_until(&mut h, "history to be read", history_read);
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.query_by_label_contains("1254×836").is_none() {
        assert!(
            Instant::now() < deadline,
            "no row says 1254×836: {:?}",
            h.query_all_by_label_contains("·")
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    assert!(h.query_by_label_contains("1024*1024").is_none());
}
