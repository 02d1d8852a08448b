//! Nothing paid is lost: every fault the stand-in can inject, run through the recorded path the
//! window and the command line use, ends in a history entry (and task journal entry) that says
//! where the job stands, with no paid call resent; what can be finished later is finished by
//! resuming or fetching again. History read back after a restart is the history written.

use crate::support;

use std::path::Path;
use std::time::Duration;

use support::standin::{Config, Fault, Outcome, StandIn, Target};
use support::{client_for, fast_timing, photo};
use wanedit::api::client::{ApiKey, Client, Timing};
use wanedit::api::error::ApiError;
use wanedit::api::job::{BBox, CallMode, ImageSource, JobImage, JobSpec};
use wanedit::jobs::record::{self, Recorder, Resumed};
use wanedit::jobs::{JobEvent, JobOutcome, LocalImages};
use wanedit::store::history::{HistoryEntry, HistoryStatus};
use wanedit::store::journal::EntryState;

/// One recorded job and where it ended.
struct Ended {
    result: Result<JobOutcome, ApiError>,
    entry: HistoryEntry,
    rec: Recorder,
    out: tempfile::TempDir,
    _data: tempfile::TempDir,
}

fn coffee_job(mode: CallMode) -> JobSpec {
    let mut job = JobSpec::new("wan2.7-image", "Replace the cup in box 1 with a teapot");
    job.mode = mode;
    let mut img = JobImage::new(ImageSource::File(photo("coffee.png")));
    img.boxes.push(BBox::new(100, 40, 420, 380));
    job.images.push(img);
    job
}

async fn run_with(
    client: &Client,
    job: JobSpec,
    local: LocalImages,
    rec: &Recorder,
    out: &Path,
    cancelled: bool,
) -> (Result<JobOutcome, ApiError>, Option<String>) {
    let (tx, rx) = tokio::sync::watch::channel(cancelled);
    let mut id = None;
    let r = record::run_recorded(client, rec, job, local, out, rx, |e| {
        if let JobEvent::Recorded(h) = e {
            id = Some(h);
        }
    })
    .await;
    drop(tx);
    (r, id)
}

async fn ended_with(s: &StandIn, client: &Client, job: JobSpec, local: LocalImages) -> Ended {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let rec = Recorder::at(data.path());
    let (result, id) = run_with(client, job, local, &rec, out.path(), false).await;
    let id = id.expect("every job that starts is recorded");
    let entry = rec.history.get(&id).expect("the entry is on disk");
    let _ = s;
    Ended {
        result,
        entry,
        rec,
        out,
        _data: data,
    }
}

async fn ended(s: &StandIn, mode: CallMode) -> Ended {
    ended_with(s, &client_for(s), coffee_job(mode), LocalImages::Inline).await
}

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// The entry says Done and its outputs are the files in the output folder, byte for byte.
fn assert_done(e: &Ended, n: usize) {
    assert_eq!(
        e.entry.status,
        HistoryStatus::Done,
        "{:?} / {:?}",
        e.entry.sentence,
        e.result
    );
    assert_eq!(e.entry.outputs.len(), n);
    for o in &e.entry.outputs {
        assert!(o.saved_as.starts_with(e.out.path()), "{:?}", o.saved_as);
        assert_eq!(
            std::fs::read(e.rec.history.file_path(&o.file)).unwrap(),
            std::fs::read(&o.saved_as).unwrap()
        );
        image::open(&o.saved_as).unwrap();
    }
    assert!(e.entry.usage.is_some());
    assert!(e.entry.timings.finished_ms.is_some());
}

fn generations(s: &StandIn) -> usize {
    s.requests_to("/generation").len()
}

// ---- the generation call ----------------------------------------------------------------------

#[tokio::test]
async fn refusals_end_failed_with_the_services_code_message_and_request_id() {
    for (status, code, message) in [
        (401, "InvalidApiKey", "Invalid API-key provided."),
        (400, "InvalidParameter", "The size is invalid."),
        (
            500,
            "InternalError",
            "An internal error has occured, please try again later.",
        ),
        (
            429,
            "Throttling.AllocationQuota",
            "Allocated quota exceeded, please increase your quota limit.",
        ),
    ] {
        for mode in [CallMode::Sync, CallMode::Async] {
            let s = StandIn::start(Config::default());
            s.push_fault(
                Target::Create,
                Fault::Http {
                    status,
                    code,
                    message,
                },
            );
            let e = ended(&s, mode).await;
            assert!(e.result.is_err());
            let h = &e.entry;
            assert_eq!(h.status, HistoryStatus::Failed, "{code} {mode:?}");
            assert_eq!(h.code.as_deref(), Some(code));
            assert!(
                h.request_id
                    .as_deref()
                    .is_some_and(|r| r.starts_with("req-"))
            );
            let sentence = h.sentence.as_ref().unwrap().words();
            assert!(sentence.contains(message), "{sentence}");
            assert!(h.task_id.is_none() && h.outputs.is_empty());
            // Never resent, nothing journaled, nothing in the output folder.
            assert_eq!(generations(&s), 1, "{code} {mode:?}");
            assert!(e.rec.journal.entries().is_empty());
            assert!(files_in(e.out.path()).is_empty());
            // The frozen request is all there, to reopen and fix.
            assert_eq!(h.spec.prompt, "Replace the cup in box 1 with a teapot");
            assert_eq!(h.spec.images[0].boxes, vec![BBox::new(100, 40, 420, 380)]);
        }
    }
}

#[tokio::test]
async fn a_rate_limit_is_ridden_out_and_recorded_once() {
    let s = StandIn::start(Config::default());
    for _ in 0..2 {
        s.push_fault(
            Target::Create,
            Fault::Http {
                status: 429,
                code: "Throttling.RateQuota",
                message: "Requests rate limit exceeded, please try again later.",
            },
        );
    }
    let e = ended(&s, CallMode::Async).await;
    assert_done(&e, 1);
    assert_eq!(generations(&s), 3);
    assert_eq!(s.accepted_generations(), 1);
    assert_eq!(e.rec.history.list().len(), 1);
}

#[tokio::test]
async fn an_unanswered_or_unreadable_generation_fails_and_is_never_resent() {
    for fault in [Fault::Drop, Fault::Malformed] {
        let s = StandIn::start(Config::default());
        s.push_fault(Target::Create, fault.clone());
        let e = ended(&s, CallMode::Sync).await;
        assert_eq!(e.entry.status, HistoryStatus::Failed, "{fault:?}");
        let sentence = e.entry.sentence.clone().unwrap().words();
        match fault {
            Fault::Drop => assert!(sentence.contains("was not resent"), "{sentence}"),
            _ => assert!(sentence.contains("cannot read"), "{sentence}"),
        }
        assert_eq!(generations(&s), 1);
    }
    // An async create that answers after the read timeout: sent, unanswered, not resent.
    let s = StandIn::start(Config::default());
    s.push_fault(Target::Create, Fault::Slow(Duration::from_secs(3)));
    let client = Client::new(
        &s.base_url,
        ApiKey::new(s.key()).unwrap(),
        Timing {
            read_timeout: Duration::from_millis(300),
            ..fast_timing()
        },
    );
    let e = ended_with(
        &s,
        &client,
        coffee_job(CallMode::Async),
        LocalImages::Inline,
    )
    .await;
    assert_eq!(e.entry.status, HistoryStatus::Failed);
    assert!(
        e.entry
            .sentence
            .as_ref()
            .unwrap()
            .words()
            .contains("check the console")
    );
    assert_eq!(generations(&s), 1);
}

#[tokio::test]
async fn upload_faults_fail_before_anything_is_generated() {
    for (target, fault) in [
        (
            Target::Policy,
            Fault::Http {
                status: 500,
                code: "InternalError",
                message: "An internal error has occured, please try again later.",
            },
        ),
        (Target::Upload, Fault::Drop),
    ] {
        let s = StandIn::start(Config::default());
        // Retries are allowed here (nothing is generated yet): fault every attempt.
        for _ in 0..6 {
            s.push_fault(target, fault.clone());
        }
        let e = ended_with(
            &s,
            &client_for(&s),
            coffee_job(CallMode::Sync),
            LocalImages::Upload,
        )
        .await;
        assert_eq!(e.entry.status, HistoryStatus::Failed, "{target:?}");
        assert!(e.entry.sentence.is_some());
        assert_eq!(generations(&s), 0, "{target:?}: nothing generated");
        // The input copy is kept: the job can be reopened and run again.
        let copy = e.entry.inputs[0].file.as_ref().unwrap();
        assert_eq!(
            std::fs::read(e.rec.history.file_path(copy)).unwrap(),
            std::fs::read(photo("coffee.png")).unwrap()
        );
    }
}

#[tokio::test]
async fn cancelled_before_sending_is_recorded_and_nothing_goes_out() {
    let s = StandIn::start(Config::default());
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let rec = Recorder::at(data.path());
    let (r, id) = run_with(
        &client_for(&s),
        coffee_job(CallMode::Async),
        LocalImages::Inline,
        &rec,
        out.path(),
        true,
    )
    .await;
    assert!(matches!(r, Err(ApiError::Canceled)), "{r:?}");
    let h = rec.history.get(&id.unwrap()).unwrap();
    assert_eq!(h.status, HistoryStatus::Canceled);
    assert!(h.sentence.unwrap().words().contains("nothing was billed"));
    assert!(s.requests().is_empty());
}

// ---- the task ---------------------------------------------------------------------------------

#[tokio::test]
async fn polls_that_fail_for_a_while_still_end_done() {
    let s = StandIn::start(Config::default());
    s.push_fault(Target::Poll, Fault::Drop);
    s.push_fault(Target::Poll, Fault::Malformed);
    s.push_fault(
        Target::Poll,
        Fault::Http {
            status: 500,
            code: "InternalError",
            message: "An internal error has occured, please try again later.",
        },
    );
    let e = ended(&s, CallMode::Async).await;
    assert_done(&e, 1);
    let j = e.rec.journal.entries();
    assert_eq!(j.len(), 1);
    assert_eq!(j[0].state, EntryState::Done);
    assert_eq!(j[0].files, vec![e.entry.outputs[0].saved_as.clone()]);
    assert_eq!(s.accepted_generations(), 1);
}

#[tokio::test]
async fn a_task_lost_sight_of_waits_and_resuming_finishes_it_without_a_new_task() {
    let s = StandIn::start(Config::default());
    // More failed polls in a row than the client rides out: the connection is "gone".
    for _ in 0..(fast_timing().poll_error_limit + 2) {
        s.push_fault(Target::Poll, Fault::Drop);
    }
    let e = ended(&s, CallMode::Async).await;
    assert!(e.result.is_err());
    assert_eq!(
        e.entry.status,
        HistoryStatus::Waiting,
        "{:?}",
        e.entry.sentence
    );
    let task_id = e.entry.task_id.clone().expect("the task id is recorded");
    let open = e.rec.journal.open_entries();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].task_id, task_id);
    assert!(files_in(e.out.path()).is_empty());

    let resumed = record::resume_task(&client_for(&s), &e.rec, open[0].clone(), |_| {}).await;
    let Resumed::Finished(Ok(o)) = resumed else {
        panic!("{resumed:?}")
    };
    assert_eq!(o.files.len(), 1);
    let after = Ended {
        entry: e.rec.history.get(&e.entry.id).unwrap(),
        ..e
    };
    assert_done(&after, 1);
    assert!(after.rec.journal.open_entries().is_empty());
    assert_eq!(s.accepted_generations(), 1, "resuming never creates a task");
    assert_eq!(generations(&s), 1);
}

#[tokio::test]
async fn tasks_that_fail_are_cancelled_or_forgotten_end_with_their_sentence() {
    for (outcome, status, words) in [
        (
            Outcome::Fail {
                code: "DataInspectionFailed",
                message: "Output data may contain inappropriate content.",
            },
            HistoryStatus::Failed,
            "inappropriate content",
        ),
        (Outcome::Canceled, HistoryStatus::Canceled, "was canceled"),
        (Outcome::Unknown, HistoryStatus::Failed, "24 hours"),
    ] {
        let s = StandIn::start(Config::default());
        s.push_outcome(outcome.clone());
        let e = ended(&s, CallMode::Async).await;
        assert_eq!(e.entry.status, status, "{outcome:?}");
        let sentence = e.entry.sentence.clone().unwrap().words();
        assert!(sentence.contains(words), "{sentence}");
        if let Outcome::Fail { code, .. } = outcome {
            assert_eq!(e.entry.code.as_deref(), Some(code));
        }
        // Over for good on the service: closed in the journal, nothing to resume.
        let j = e.rec.journal.entries();
        assert_eq!(j.len(), 1);
        assert_eq!(j[0].state, EntryState::Failed, "{outcome:?}");
        assert_eq!(
            j[0].note.as_ref().map(|n| n.words()).as_deref(),
            Some(sentence.as_str())
        );
        assert!(files_in(e.out.path()).is_empty());
    }
}

// ---- downloads and the disk -------------------------------------------------------------------

#[tokio::test]
async fn a_dropped_download_is_retried() {
    let s = StandIn::start(Config::default());
    s.push_fault(Target::Download, Fault::Drop);
    let e = ended(&s, CallMode::Sync).await;
    assert_done(&e, 1);
    assert_eq!(s.requests_to("/generation").len(), 1);
}

#[tokio::test]
async fn downloads_that_keep_failing_leave_the_job_incomplete_and_fetch_again_finishes_it() {
    for mode in [CallMode::Sync, CallMode::Async] {
        let s = StandIn::start(Config::default());
        for _ in 0..=fast_timing().download_retries {
            s.push_fault(Target::Download, Fault::Drop);
        }
        let e = ended(&s, mode).await;
        let o = e.result.as_ref().unwrap();
        assert_eq!(o.download_errors.len(), 1);
        assert_eq!(e.entry.status, HistoryStatus::Incomplete, "{mode:?}");
        let sentence = e.entry.sentence.clone().unwrap().words();
        assert!(sentence.contains("fetch them again"), "{sentence}");
        assert_eq!(e.entry.result_urls().len(), 1, "the link is kept");
        if mode == CallMode::Async {
            // The task stays open in the journal: a restart finishes it too.
            assert_eq!(e.rec.journal.open_entries().len(), 1);
        }

        let again = record::fetch_again(
            &client_for(&s),
            &e.rec,
            &e.entry.id,
            e.out.path().to_path_buf(),
        )
        .await
        .unwrap();
        let after = Ended { entry: again, ..e };
        assert_done(&after, 1);
        assert!(after.rec.journal.open_entries().is_empty());
        assert_eq!(generations(&s), 1, "fetching again is no new generation");
    }
}

#[tokio::test]
async fn an_expired_result_link_is_incomplete_and_says_the_links_last_24_hours() {
    let s = StandIn::start(Config::default());
    s.push_fault(Target::Download, Fault::Expired);
    let e = ended(&s, CallMode::Sync).await;
    assert_eq!(e.entry.status, HistoryStatus::Incomplete);
    let sentence = e.entry.sentence.clone().unwrap().words();
    assert!(
        sentence.contains("expired") && sentence.contains("24 hours"),
        "{sentence}"
    );
    assert_eq!(generations(&s), 1);
}

#[tokio::test]
async fn an_unwritable_output_folder_keeps_the_result_fetchable() {
    let s = StandIn::start(Config::default());
    let data = tempfile::tempdir().unwrap();
    let rec = Recorder::at(data.path());
    // A file where the folder should be: no file can be written under it (even as root).
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let out = blocker.path().join("results");
    let (r, id) = run_with(
        &client_for(&s),
        coffee_job(CallMode::Async),
        LocalImages::Inline,
        &rec,
        &out,
        false,
    )
    .await;
    let o = r.unwrap();
    assert!(o.files.is_empty());
    let h = rec.history.get(&id.unwrap()).unwrap();
    assert_eq!(h.status, HistoryStatus::Incomplete);
    let sentence = h.sentence.clone().unwrap().words();
    assert!(
        sentence.contains("could not write") && sentence.contains("fetch them again"),
        "{sentence}"
    );
    let good = tempfile::tempdir().unwrap();
    let again = record::fetch_again(&client_for(&s), &rec, &h.id, good.path().to_path_buf())
        .await
        .unwrap();
    assert_eq!(again.status, HistoryStatus::Done);
    assert!(again.outputs[0].saved_as.starts_with(good.path()));
    assert_eq!(s.accepted_generations(), 1);
}

#[tokio::test]
async fn when_history_cannot_be_written_nothing_is_sent() {
    let s = StandIn::start(Config::default());
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let rec = Recorder::at(&blocker.path().join("data"));
    let out = tempfile::tempdir().unwrap();
    let (r, id) = run_with(
        &client_for(&s),
        coffee_job(CallMode::Async),
        LocalImages::Inline,
        &rec,
        out.path(),
        false,
    )
    .await;
    let e = r.unwrap_err();
    assert!(matches!(e, ApiError::NotRecorded { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("free some disk space or make the folder writable")
            && text.ends_with("nothing was sent"),
        "{text}"
    );
    assert!(id.is_none());
    assert!(s.requests().is_empty(), "not one request went out");
}

// ---- restart ----------------------------------------------------------------------------------

#[tokio::test]
async fn history_filled_and_read_back_after_a_restart_is_identical() {
    let s = StandIn::start(Config::default());
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let client = client_for(&s);
    {
        let rec = Recorder::at(data.path());
        // A mix: sync and async, two images with boxes, text-to-image, an image set, a refusal,
        // a failed task, a cancelled one, an incomplete download.
        let mut two = coffee_job(CallMode::Sync);
        two.prompt = "Put the cup from image 1 on the rocket in image 2".into();
        let mut rocket = JobImage::new(ImageSource::File(photo("rocket.jpg")));
        rocket.boxes = vec![BBox::new(10, 10, 200, 300), BBox::new(220, 40, 400, 420)];
        two.images.push(rocket);
        let mut t2i = JobSpec::new("wan2.7-image-pro", "一只猫坐在月亮上, watercolour");
        t2i.mode = CallMode::Async;
        let mut set = JobSpec::new("wan2.7-image", "four seasons of one tree");
        set.mode = CallMode::Async;
        set.params.enable_sequential = Some(true);
        set.params.n = Some(4);
        let jobs = vec![
            coffee_job(CallMode::Sync),
            coffee_job(CallMode::Async),
            two,
            t2i,
            set,
        ];
        for job in jobs {
            let (r, _) = run_with(&client, job, LocalImages::Inline, &rec, out.path(), false).await;
            r.unwrap();
        }
        s.push_fault(
            Target::Create,
            Fault::Http {
                status: 400,
                code: "InvalidParameter",
                message: "The size is invalid.",
            },
        );
        s.push_outcome(Outcome::Fail {
            code: "InternalError.Timeout",
            message: "The task timed out.",
        });
        s.push_outcome(Outcome::Canceled);
        for _ in 0..3 {
            let _ = run_with(
                &client,
                coffee_job(CallMode::Async),
                LocalImages::Inline,
                &rec,
                out.path(),
                false,
            )
            .await;
        }
        for _ in 0..=fast_timing().download_retries {
            s.push_fault(Target::Download, Fault::Drop);
        }
        let _ = run_with(
            &client,
            coffee_job(CallMode::Sync),
            LocalImages::Inline,
            &rec,
            out.path(),
            false,
        )
        .await;
    }
    let before = Recorder::at(data.path()).history.list();
    assert_eq!(before.len(), 9);
    let statuses: Vec<HistoryStatus> = before.iter().rev().map(|e| e.status).collect();
    use HistoryStatus::*;
    assert_eq!(
        statuses,
        vec![
            Done, Done, Done, Done, Done, Failed, Failed, Canceled, Incomplete
        ]
    );
    let set = before
        .iter()
        .find(|e| e.spec.prompt.contains("seasons"))
        .unwrap();
    assert_eq!(set.outputs.len(), 4);
    let text = before
        .iter()
        .find(|e| e.spec.prompt.contains("月亮"))
        .unwrap();
    assert!(text.inputs.is_empty());
    // Input copies are kept once: coffee.png in seven jobs, rocket.jpg in one.
    let files = files_in(&data.path().join("history").join("files"));
    let outputs: std::collections::HashSet<&str> = before
        .iter()
        .flat_map(|e| e.outputs.iter().map(|o| o.file.as_str()))
        .collect();
    assert!(!outputs.is_empty());
    assert_eq!(files.len(), 2 + outputs.len(), "{files:?}");

    // "Restart": a new recorder over the same folder, as the next wanedit process has.
    let after = Recorder::at(data.path()).history.list();
    assert_eq!(after, before);
    for e in &after {
        let raw = std::fs::read(
            data.path()
                .join("history")
                .join("jobs")
                .join(format!("{}.json", e.id)),
        )
        .unwrap();
        let parsed: HistoryEntry = serde_json::from_slice(&raw).unwrap();
        assert_eq!(&parsed, e);
        for i in &e.inputs {
            if let Some(f) = &i.file {
                assert!(Recorder::at(data.path()).history.file_path(f).exists());
            }
        }
    }
    // No temp files left behind by the atomic writes.
    assert!(
        support::files_below(data.path())
            .iter()
            .all(|p| !p.to_string_lossy().ends_with(".part")),
    );
}
