//! Nothing waits forever: a download that stalls or trickles ends within its limits (the links
//! kept to fetch again), status answers that cannot be read are tried for a bounded time and
//! then said, a task past the command line's `--wait` ends the command with what to do, and
//! every wait says where it is. Against the hostile server and the stand-in.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use wanedit::api::client::{ApiKey, Client, Timing};
use wanedit::api::error::ApiError;
use wanedit::api::job::{CallMode, ImageSource, JobImage, JobSpec};
use wanedit::jobs::record::{self, Recorder};
use wanedit::jobs::{JobEvent, LocalImages, Stage};
use wanedit::store::history::HistoryStatus;

use crate::support;
use support::hostile::{Hostile, Mode};
use support::standin::{Config, StandIn};

fn sync_job() -> JobSpec {
    let mut job = JobSpec::new("wan2.7-image", "make it night");
    job.mode = CallMode::Sync;
    job.images
        .push(JobImage::new(ImageSource::File(support::photo(
            "coffee.png",
        ))));
    job
}

/// Runs `job` recorded against `base` with `timing`: its result, every stage it said, the
/// recorder, its history id and the output folder.
async fn run(
    base: &str,
    timing: Timing,
    job: JobSpec,
) -> (
    Result<wanedit::jobs::JobOutcome, ApiError>,
    Vec<Stage>,
    Recorder,
    String,
    tempfile::TempDir,
) {
    let client = Client::new(base, ApiKey::new("sk-hostile-test-key").unwrap(), timing);
    let data = tempfile::tempdir().unwrap().keep();
    let out = tempfile::tempdir().unwrap();
    let rec = Recorder::at(&data);
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let mut id = String::new();
    let mut stages = Vec::new();
    let r = record::run_recorded(
        &client,
        &rec,
        job,
        LocalImages::Inline,
        out.path(),
        rx,
        |e| match e {
            JobEvent::Recorded(h) => id = h,
            JobEvent::Stage(s) => stages.push(s),
            _ => {}
        },
    )
    .await;
    (r, stages, rec, id, out)
}

#[tokio::test]
async fn a_stalled_download_ends_within_the_stall_limit_and_keeps_its_link() {
    let h = Hostile::start(Mode::StalledResult);
    let timing = Timing {
        stall_timeout: Duration::from_secs(1),
        download_retries: 1,
        ..support::fast_timing()
    };
    let started = Instant::now();
    let (r, stages, rec, id, out) = run(&h.base_url, timing, sync_job()).await;
    let took = started.elapsed();
    // Two attempts of one second each, and the pause between them.
    assert!(took < Duration::from_secs(8), "{took:?}");
    let o = r.unwrap();
    assert!(o.files.is_empty());
    assert_eq!(o.download_errors.len(), 1);
    assert!(
        o.download_errors[0]
            .words()
            .contains("nothing arrived for 1 s"),
        "{:?}",
        o.download_errors
    );
    let gets = h
        .seen()
        .iter()
        .filter(|s| s.target.starts_with("/r/"))
        .count();
    assert_eq!(gets, 2, "tried again once");
    // Made and billed: kept with its link, to fetch again; no half file left.
    let e = rec.history.get(&id).unwrap();
    assert_eq!(e.status, HistoryStatus::Incomplete);
    assert_eq!(e.result_urls().len(), 1);
    assert!(support::files_below(out.path()).is_empty());
    // The wait said what had arrived, and how long nothing had.
    assert!(
        stages.iter().any(|s| matches!(
            s,
            Stage::Received {
                bytes: 10,
                expected: 100,
                ..
            }
        )),
        "{stages:?}"
    );
}

#[tokio::test]
async fn a_trickling_download_ends_within_its_total_limit() {
    let h = Hostile::start(Mode::TrickleResult);
    // A byte every 300 ms never trips the stall limit; 100,000 bytes at no less than 32 KiB/s
    // after a grace of 2 s may take about 5 s in all.
    let timing = Timing {
        stall_timeout: Duration::from_secs(5),
        download_grace: Duration::from_secs(2),
        slowest_download: 32 * 1024,
        download_retries: 0,
        ..support::fast_timing()
    };
    let started = Instant::now();
    let (r, _, rec, id, _out) = run(&h.base_url, timing, sync_job()).await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(9), "{took:?}");
    assert!(took > Duration::from_secs(4), "{took:?}");
    let o = r.unwrap();
    assert!(
        o.download_errors[0].words().contains("it came too slowly"),
        "{:?}",
        o.download_errors
    );
    assert_eq!(
        rec.history.get(&id).unwrap().status,
        HistoryStatus::Incomplete
    );
}

#[tokio::test]
async fn status_answers_that_cannot_be_read_are_tried_for_a_bounded_time_then_said() {
    let h = Hostile::start(Mode::DeepStatus);
    let timing = Timing {
        poll_error_limit: 2,
        poll_errors_for: Duration::from_millis(1500),
        ..support::fast_timing()
    };
    let client = Client::new(
        &h.base_url,
        ApiKey::new("sk-hostile-test-key").unwrap(),
        timing,
    );
    let started = Instant::now();
    let mut seen = Vec::new();
    let r = client.wait_task("task-1", |w| seen.push(w.clone())).await;
    let took = started.elapsed();
    // Past both bounds (two failures, and 1.5 s), not much later.
    assert!(took >= Duration::from_millis(1500), "{took:?}");
    assert!(took < Duration::from_secs(6), "{took:?}");
    let e = r.unwrap_err();
    assert!(matches!(e, ApiError::StillRunning { .. }), "{e:?}");
    let said = e.to_string();
    assert!(said.contains("could not be read for 1 minutes"), "{said}");
    assert!(said.contains("wanedit resume"), "{said}");
    // Every failed poll was said as it happened, not only logged.
    assert!(seen.len() >= 3, "{seen:?}");
    assert!(seen.iter().all(|w| w.unreadable.is_some()));
}

fn wanedit(s: &StandIn, data: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(args)
        .args(["--base-url", &s.base_url])
        .env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data)
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

/// `edit --async --wait 10s` on a task that runs for a minute: the command ends after about
/// ten seconds, says the task still runs and what fetches it, and keeps it journaled; while
/// it waited it said the task's status and for how long.
#[test]
fn a_task_past_the_wait_limit_ends_the_command_with_what_to_do() {
    let s = StandIn::start(Config {
        pending: Duration::from_millis(200),
        running: Duration::from_secs(60),
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    let coffee = support::photo("coffee.png");
    let words = [
        "edit",
        "--async",
        "--wait",
        "10s",
        "--model",
        "wan2.7-image",
        "--prompt",
        "make it night",
        "--out",
        out.to_str().unwrap(),
        "--image",
    ];
    let args: Vec<&std::ffi::OsStr> = words
        .iter()
        .map(std::ffi::OsStr::new)
        .chain([coffee.as_os_str()])
        .collect();
    let started = Instant::now();
    let o = wanedit(&s, &data, &args);
    let took = started.elapsed();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("was still not finished after"), "{err}");
    assert!(err.contains("wanedit resume"), "{err}");
    assert!(err.contains(": being made (RUNNING) for "), "{err}");
    let journal = Recorder::at(&data).journal.open_entries();
    assert_eq!(journal.len(), 1);
}

/// A file, and an output folder, whose names are not valid UTF-8 (legal on Linux) are taken as
/// the paths they are, by `edit` and by `batch` (whose manifest, history and journal keep them
/// byte for byte).
#[cfg(unix)]
#[test]
fn paths_whose_names_are_not_utf8_are_taken_as_they_are() {
    use std::os::unix::ffi::OsStrExt;
    let s = StandIn::start(Config::default());
    let dir = tempfile::tempdir().unwrap();
    let shots = dir.path().join("shots");
    std::fs::create_dir_all(&shots).unwrap();
    let odd = shots.join(std::ffi::OsStr::from_bytes(b"caf\xe9-photo.png"));
    std::fs::copy(support::photo("coffee.png"), &odd).unwrap();
    let out = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"r\xe9sultats"));
    let data = dir.path().join("data");
    let words = [
        "edit",
        "--model",
        "wan2.7-image",
        "--prompt",
        "make it night",
        "--image",
    ];
    let args: Vec<&std::ffi::OsStr> = words
        .iter()
        .map(std::ffi::OsStr::new)
        .chain([odd.as_os_str(), "--out".as_ref(), out.as_os_str()])
        .collect();
    let o = wanedit(&s, &data, &args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert_eq!(support::files_below(&out).len(), 1, "{err}");
    assert_eq!(s.creates().len(), 1);

    let batch_out = out.join("batch");
    let words = [
        "batch",
        "--model",
        "wan2.7-image",
        "--prompt",
        "make it night",
        "--yes",
        "--out",
    ];
    let args: Vec<&std::ffi::OsStr> = words
        .iter()
        .map(std::ffi::OsStr::new)
        .chain([batch_out.as_os_str(), shots.as_os_str()])
        .collect();
    let o = wanedit(&s, &data, &args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let m = wanedit::jobs::batch::Manifest::load(&batch_out).unwrap();
    assert_eq!(m.items[0].input, odd);
    assert_eq!(m.items[0].status, wanedit::jobs::batch::ItemStatus::Done);
    assert!(m.items[0].outputs[0].starts_with(&batch_out));
    assert!(m.items[0].outputs[0].exists());
    assert_eq!(s.creates().len(), 2);
}
