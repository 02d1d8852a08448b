//! One owner for every paid task: two wanedit processes on one data folder (a batch in a
//! terminal and `wanedit batch --resume` in another, `wanedit resume` beside a waiting
//! `edit --async`, the window's start-up resume beside a command-line batch) never send, poll,
//! download or rewrite what the other owns; a SIGKILLed owner leaves nothing stale, and the
//! next process takes over with nothing billed twice. Against the stand-in with the account's
//! limits on.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support;
use support::standin::{Config, Limits, StandIn};
use support::{created_once_each, shots};

fn wanedit_cmd(s: &StandIn, data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wanedit"));
    c.args(args)
        .args(["--base-url", &s.base_url])
        .env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data)
        .env_remove("RUST_LOG");
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn manifest(out: &Path) -> Option<serde_json::Value> {
    serde_json::from_slice(&std::fs::read(out.join("batch.json")).ok()?).ok()
}

fn done(m: &serde_json::Value) -> usize {
    m["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "done")
        .count()
}

fn limited() -> StandIn {
    StandIn::start(Config {
        pending: Duration::from_millis(200),
        running: Duration::from_millis(700),
        limits: Some(Limits::DOCUMENTED),
        ..Config::default()
    })
}

fn batch_args<'a>(out: &'a str, inputs: &'a str) -> Vec<&'a str> {
    vec![
        "batch",
        "--model",
        "wan2.7-image",
        "--prompt",
        "remove the watermark",
        "--yes",
        "--out",
        out,
        inputs,
    ]
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ok() {
        assert!(Instant::now() < deadline, "{what} did not happen");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A 30-image batch, and `wanedit batch --resume` started while it runs: the second says where
/// the batch runs (with the first's pid) and sends nothing; then the first is SIGKILLed, and a
/// third process takes over and finishes it. Thirty images created, each once.
#[test]
fn two_processes_on_one_batch_bill_no_image_twice_and_a_killed_owner_is_taken_over() {
    let s = limited();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = shots(dir.path(), 30);
    let out = dir.path().join("out");
    let (o, i) = (out.to_str().unwrap(), inputs.to_str().unwrap());
    let first = wanedit_cmd(&s, &data, &batch_args(o, i))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let first = support::Killed(first);
    let pid = first.0.id();
    wait_for("the first item", Duration::from_secs(60), || {
        manifest(&out).is_some_and(|m| done(&m) >= 1)
    });
    // Both ways a second process meets it: resuming every unfinished batch, and this folder.
    for args in [
        vec!["batch", "--resume"],
        vec!["batch", "--resume", "--out", o],
    ] {
        let second = wanedit_cmd(&s, &data, &args).output().unwrap();
        let err = text(&second.stderr);
        assert_eq!(second.status.code(), Some(4), "{err}");
        assert!(
            err.contains(&format!(
                "This batch is running in another wanedit, pid {pid}; it goes on there"
            )),
            "{err}"
        );
        // The first goes on creating meanwhile; no image was created twice.
        created_once_each(&s);
    }
    // A new batch into the same folder is refused the same way.
    let third = wanedit_cmd(&s, &data, &batch_args(o, i)).output().unwrap();
    assert_eq!(third.status.code(), Some(4), "{}", text(&third.stderr));

    // The owner dies without a word; its lock goes with it.
    wait_for("a few more items", Duration::from_secs(60), || {
        manifest(&out).is_some_and(|m| done(&m) >= 8)
    });
    drop(first);
    let left = manifest(&out).unwrap();
    assert!(done(&left) < 30, "the batch had ended before the kill");
    let o2 = wanedit_cmd(&s, &data, &["batch", "--resume"])
        .output()
        .unwrap();
    let err = text(&o2.stderr);
    assert!(err.contains("resuming"), "{err}");
    let m = manifest(&out).unwrap();
    // An item whose create was on its way at the kill "may have run" (it did, and was billed
    // once): never sent again by itself. Every other item is done.
    let unsure = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "may_have_run")
        .count();
    assert_eq!(done(&m) + unsure, 30, "{m}");
    assert_eq!(
        o2.status.code(),
        Some(if unsure > 0 { 1 } else { 0 }),
        "{err}"
    );
    // An unsure item's create may not have reached the service before the kill: each image
    // was created at most once, and every done item exactly once.
    let created = created_once_each(&s).len();
    assert!(
        (done(&m)..=30).contains(&created),
        "{created} created for {} done",
        done(&m)
    );
    if unsure == 0 {
        assert_eq!(created, 30);
    }
    assert_eq!(s.billed_images(), created as u64);
}

/// `wanedit resume` while `wanedit edit --async` still waits on its task: the resume says the
/// task goes on in the other process, polls and downloads nothing; the first saves its one
/// result; a resume after it finds nothing left.
#[test]
fn resume_beside_a_running_edit_downloads_nothing_twice() {
    let s = StandIn::start(Config {
        pending: Duration::from_millis(300),
        running: Duration::from_secs(4),
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    let coffee = support::photo("coffee.png");
    let edit = wanedit_cmd(
        &s,
        &data,
        &[
            "edit",
            "--async",
            "--model",
            "wan2.7-image",
            "--image",
            coffee.to_str().unwrap(),
            "--prompt",
            "make it a watercolour",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let pid = edit.id();
    let tasks = data.join("tasks");
    wait_for("the task's journal entry", Duration::from_secs(30), || {
        std::fs::read_dir(&tasks).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
    });
    let polls_before = s.requests_to("").len();
    let resumed = wanedit_cmd(&s, &data, &["resume"]).output().unwrap();
    let err = text(&resumed.stderr);
    assert_eq!(resumed.status.code(), Some(4), "{err}");
    assert!(
        err.contains(&format!(
            "is running in another wanedit, pid {pid}; it goes on there"
        )),
        "{err}"
    );
    let by_resume: Vec<_> = s.requests()[polls_before..]
        .iter()
        .filter(|r| r.path.starts_with("/results/"))
        .cloned()
        .collect();
    assert!(by_resume.is_empty(), "the resume downloaded {by_resume:?}");

    let first = edit.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", text(&first.stderr));
    let files = support::files_below(&out);
    assert_eq!(files.len(), 1, "{files:?}");
    let downloads = s
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/results/"))
        .count();
    assert_eq!(downloads, 1);
    let again = wanedit_cmd(&s, &data, &["resume"]).output().unwrap();
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("no unfinished task"));
    assert_eq!(support::files_below(&out).len(), 1);
}

/// The window's start-up resume beside a command-line batch: the engine says the batch runs
/// in the other process (and shows its manifest), sends nothing, and takes the batch over when
/// that process is killed; every image is created once.
#[test]
fn the_windows_engine_waits_for_a_batch_another_process_runs_then_takes_it_over() {
    use wanedit::jobs::engine::{BatchNews, BatchStart, EngineEvent};
    let s = limited();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = shots(dir.path(), 20);
    let out = dir.path().join("out");
    let (o, i) = (out.to_str().unwrap(), inputs.to_str().unwrap());
    let first = support::Killed(
        wanedit_cmd(&s, &data, &batch_args(o, i))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let pid = first.0.id();
    wait_for("the first item", Duration::from_secs(60), || {
        manifest(&out).is_some_and(|m| done(&m) >= 1)
    });
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let post = wanedit::jobs::post::Post::new(move |e: EngineEvent| {
        let _ = tx.send(e);
    });
    let door = wanedit::jobs::door::Door::open(
        rt.handle(),
        wanedit::jobs::record::Recorder::at(&data),
        post,
    );
    door.send(wanedit::jobs::engine::JobCommand::StartBatch {
        client: support::client_for(&s),
        start: BatchStart::Resume { retry: None },
        out: out.clone(),
        limits: wanedit::jobs::pace::Limits::default(),
        local: wanedit::jobs::LocalImages::Auto,
    });
    let next = |rx: &std::sync::mpsc::Receiver<EngineEvent>| {
        rx.recv_timeout(Duration::from_secs(90)).expect("no news")
    };
    match next(&rx) {
        EngineEvent::Batch(BatchNews::Elsewhere {
            sentence, manifest, ..
        }) => {
            assert!(
                sentence
                    .words()
                    .contains(&format!("running in another wanedit, pid {pid}")),
                "{sentence}"
            );
            assert!(manifest.is_some());
        }
        other => panic!("{other:?}"),
    }
    drop(first);
    let mut taken_over = false;
    let ended = loop {
        match next(&rx) {
            EngineEvent::Batch(BatchNews::TakenOver { .. }) => taken_over = true,
            EngineEvent::Batch(BatchNews::Ended { manifest, .. }) => break manifest,
            EngineEvent::Batch(BatchNews::Refused { sentence, .. }) => panic!("{sentence}"),
            _ => {}
        }
    };
    assert_eq!(
        ended
            .items
            .iter()
            .filter(|i| i.status == wanedit::jobs::batch::ItemStatus::Done)
            .count(),
        20
    );
    assert!(taken_over);
    assert_eq!(created_once_each(&s).len(), 20);
}

/// Two processes on different batches of one data folder work side by side: both finish, each
/// image created once.
#[test]
fn two_processes_on_different_batches_work_side_by_side() {
    let s = limited();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = shots(dir.path(), 6);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let i = inputs.to_str().unwrap();
    let mut args_b = batch_args(b.to_str().unwrap(), i);
    // The same photos with another prompt: other requests, another folder.
    args_b[4] = "make it night";
    let first = wanedit_cmd(&s, &data, &batch_args(a.to_str().unwrap(), i))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let second = wanedit_cmd(&s, &data, &args_b)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for (child, out) in [(first, &a), (second, &b)] {
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert_eq!(done(&manifest(out).unwrap()), 6);
    }
    assert_eq!(created_once_each(&s).len(), 12);
}
