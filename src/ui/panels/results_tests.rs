use super::*;
use crate::api::job::JobSpec;
use crate::i18n::{Lang, Said, set_for_this_thread};
use crate::imaging::prepare::Preview;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;

/// "1 · 0.0 % outside", not "1· 0.0 % outside": Fluent drops a message's leading space, so
/// each language's words keep theirs as a literal.
#[test]
fn the_share_outside_stands_apart_from_the_results_number() {
    let mut args = crate::i18n::FluentArgs::new();
    args.set("share", "0.0");
    for lang in [Lang::En, Lang::Ja, Lang::ZhCn] {
        let t = crate::i18n::text_in(lang, "results-outside", Some(&args));
        assert!(t.starts_with(" · "), "{lang:?}: {t:?}");
    }
}

struct Bench {
    jobs: Vec<JobView>,
    /// Whether history still has the entry `h-3`.
    in_history: bool,
    open: bool,
    filter: ResultsFilter,
    actions: Vec<ResultsAction>,
    pictures: Textures,
}

fn job(id: u64, status: JobStatus) -> JobView {
    JobView {
        status,
        ..JobView::new(
            id,
            JobSpec::new("wan2.7-image", "a teapot on the table"),
            PathBuf::from("/out"),
        )
    }
}

/// A result whose preview has been decoded (the panel makes its thumbnail).
fn result(path: &str) -> ResultImage {
    let mut img = ResultImage::at(PathBuf::from(path));
    img.preview = Some(Arc::new(Preview {
        width: 40,
        height: 30,
        rgba: vec![180; 40 * 30 * 4],
    }));
    img
}

fn bench(jobs: Vec<JobView>) -> Harness<'static, Bench> {
    set_for_this_thread(Some(Lang::En));
    let mut h = Harness::builder()
        .with_size(egui::vec2(900.0, 600.0))
        .with_context_setup(crate::ui::install_look)
        .build_ui_state(
            |ui, b: &mut Bench| {
                let known = b.in_history;
                let in_history = move |id: &str| known && id == "h-3";
                if let Some(a) = show(
                    ui,
                    &mut b.jobs,
                    &in_history,
                    (&mut b.open, &mut b.filter),
                    &mut b.pictures,
                ) {
                    b.actions.push(a);
                }
            },
            Bench {
                jobs,
                in_history: true,
                open: true,
                filter: ResultsFilter::default(),
                actions: Vec::new(),
                pictures: Textures::default(),
            },
        );
    h.run();
    h
}

#[test]
fn an_empty_list_says_how_to_fill_it_and_collapses() {
    let mut h = bench(Vec::new());
    h.get_by_label("Run a job: its status and results appear here.");
    h.get_by_label("Collapse results").click();
    h.run();
    assert!(!h.state().open);
    h.get_by_label("Show results");
    assert!(h.state().actions.is_empty());
}

/// Cancel is offered while a job runs; once the service refused to cancel it, the button is
/// disabled and the refusal said.
#[test]
fn a_running_job_is_cancelled_unless_the_service_refused() {
    let mut running = job(7, JobStatus::Working("sending".into()));
    running.task_id = Some("task-7".into());
    let mut refused = job(8, JobStatus::Working("sending".into()));
    refused.cancel_refused = Some("its task is already running".into());
    let mut h = bench(vec![running, refused, job(9, JobStatus::Done)]);
    h.get_by_label("Job 7");
    h.get_by_label("task task-7");
    h.get_by_label("its task is already running");
    assert!(h.query_by_label("Cancel job 9").is_none(), "job 9 is done");
    h.get_by_label("Cancel job 8").click();
    h.run();
    assert!(h.state().actions.is_empty(), "job 8 cannot be cancelled");
    h.get_by_label("Cancel job 7").click();
    h.run();
    assert_eq!(h.state().actions, vec![ResultsAction::Cancel(7)]);
}

/// A failure says the service's sentence, code and request_id (Copy error copies them), and
/// offers Resume (its task) and Fetch again (while history has the entry).
#[test]
fn a_failed_job_says_why_and_offers_resume_and_fetch_again() {
    let mut failed = job(
        3,
        JobStatus::Failed {
            sentence: Said::Plain("the download was cut off".into()),
            code: Some("InvalidParameter".into()),
            request_id: Some("req-3".into()),
        },
    );
    failed.task_id = Some("task-3".into());
    failed.resumable = true;
    failed.download_failures = 1;
    failed.history_id = Some("h-3".into());
    let mut h = bench(vec![failed]);
    let said = "the download was cut off\ncode: InvalidParameter\nrequest_id: req-3";
    h.get_by_label(said);
    h.get_by_label("Copy error").click();
    h.step();
    assert!(
        h.output()
            .platform_output
            .commands
            .contains(&egui::OutputCommand::CopyText(said.into())),
        "{:?}",
        h.output().platform_output.commands
    );
    h.run();
    h.get_by_label("Resume the task of job 3").click();
    h.run();
    h.get_by_label("Fetch the results of job 3 again").click();
    h.run();
    assert_eq!(
        h.state().actions,
        vec![
            ResultsAction::Resume("task-3".into()),
            ResultsAction::FetchAgain("h-3".into()),
        ]
    );
    // Its history entry deleted: nothing to fetch the results for.
    h.state_mut().in_history = false;
    h.run();
    assert!(
        h.query_by_label("Fetch the results of job 3 again")
            .is_none()
    );
}

/// Results get numbered thumbnails: a click compares, the context menu uses one as an
/// input, Save all takes every file; the job's text parts are shown.
#[test]
fn results_are_compared_saved_and_used_as_inputs() {
    let mut done = job(5, JobStatus::Done);
    done.images = vec![result("/out/a.png"), result("/out/b.png")];
    done.texts = vec!["a caption between the pictures".into()];
    let mut h = bench(vec![done]);
    h.get_by_label("a caption between the pictures");
    assert!(
        (0..2).all(|index| h
            .state()
            .pictures
            .get(PictureId::Result {
                job: 5,
                index,
                raw: false
            })
            .is_some()),
        "thumbnails are made from the previews"
    );
    h.get_by_label("Result 2 of job 5").click();
    h.run();
    h.get_by_label("Save all of job 5…").click();
    h.run();
    h.get_by_label("Result 1 of job 5").click_secondary();
    h.run();
    h.get_by_label("Use as input").click();
    h.run();
    assert_eq!(
        h.state().actions,
        vec![
            ResultsAction::Show { job: 5, index: 1 },
            ResultsAction::SaveAll {
                job: 5,
                files: vec![PathBuf::from("/out/a.png"), PathBuf::from("/out/b.png")],
            },
            ResultsAction::UseAsInput(PathBuf::from("/out/a.png")),
        ]
    );
}

/// A result's flag is its badge; its menu picks, rejects and clears; Picked only leaves
/// the picked results (and their jobs); Export picked waits for one.
#[test]
fn results_are_picked_rejected_filtered_and_exported() {
    let mut done = job(5, JobStatus::Done);
    done.images = vec![
        result("/out/a.png"),
        result("/out/b.png"),
        result("/out/c.png"),
    ];
    done.images[1].flag = Some(Flag::Picked);
    done.images[2].flag = Some(Flag::Rejected);
    let mut other = job(6, JobStatus::Done);
    other.images = vec![result("/out/d.png")];
    let mut h = bench(vec![done, other]);
    h.get_by_label("Picked");
    h.get_by_label("Rejected");
    h.get_by_label("Result 1 of job 5").click_secondary();
    h.run();
    h.get_by_label("Pick").click();
    h.run();
    h.get_by_label("Result 2 of job 5").click_secondary();
    h.run();
    h.get_by_label("Not picked").click();
    h.run();
    h.get_by_label("Result 3 of job 5").click_secondary();
    h.run();
    h.get_by_label("Not rejected").click();
    h.run();
    h.get_by_label("Export picked…").click();
    h.run();
    h.get_by_label("Picked only").click();
    h.run();
    assert!(h.state().filter.picked_only);
    h.get_by_label("Result 2 of job 5");
    for gone in [
        "Result 1 of job 5",
        "Result 3 of job 5",
        "Result 1 of job 6",
        "Job 6",
    ] {
        assert!(h.query_by_label(gone).is_none(), "{gone} is not picked");
    }
    assert_eq!(
        h.state().actions,
        vec![
            ResultsAction::Flag {
                job: 5,
                index: 0,
                flag: Some(Flag::Picked)
            },
            ResultsAction::Flag {
                job: 5,
                index: 1,
                flag: None
            },
            ResultsAction::Flag {
                job: 5,
                index: 2,
                flag: None
            },
            ResultsAction::ExportPicked,
        ]
    );
    h.get_by_label("1 finished job(s) with no picked result hidden (Picked only)");
    // A job still running stays in sight with the filter on.
    h.state_mut().jobs.push(job(7, JobStatus::Queued));
    h.run();
    h.get_by_label_contains("Job 7");
    h.state_mut().jobs.pop();
    // Nothing picked: the filter says so, and there is nothing to export.
    h.state_mut().jobs[0].images[1].flag = None;
    h.run();
    h.get_by_label("No result is picked yet: P on a result in Compare picks it.");
    h.get_by_label("Export picked…").click();
    h.run();
    assert_eq!(h.state().actions.len(), 4, "Export picked is disabled");
}
