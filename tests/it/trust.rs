//! Trust: the user's files, the key and bounded resources. First wanedit against a hostile
//! server (tests/support/hostile.rs), run as a user runs it: the
//! `wanedit edit` command in its own process. For each case: the exit status, the sentence,
//! what history and the task journal say, that files appear only in the output folder, the
//! process's peak memory, and that neither the key nor a control character reaches the
//! terminal or any file.

use crate::support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::hostile::{Hostile, Mode};
use support::{files_below, photo};

const KEY: &str = "sk-hostile-test-key-5f3a9c1e77";

/// What one run left behind.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident memory of the process, in MB (the kernel's high-water mark).
    peak_mb: u64,
    data: PathBuf,
    out: PathBuf,
    _dirs: Vec<tempfile::TempDir>,
}

impl Run {
    fn history(&self) -> Vec<serde_json::Value> {
        json_files(&self.data.join("history/jobs"))
    }
    fn journal(&self) -> Vec<serde_json::Value> {
        json_files(&self.data.join("tasks"))
    }
    fn only_history(&self) -> serde_json::Value {
        let h = self.history();
        assert_eq!(h.len(), 1, "one job recorded: {h:?}");
        h.into_iter().next().unwrap()
    }
    fn outputs(&self) -> Vec<PathBuf> {
        if self.out.exists() {
            files_below(&self.out)
        } else {
            vec![]
        }
    }
}

fn json_files(dir: &Path) -> Vec<serde_json::Value> {
    if !dir.exists() {
        return vec![];
    }
    files_below(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap())
        .collect()
}

/// `wanedit edit ARGS --base-url SERVER --out OUT` with the test key and its own data folder.
fn edit_command(server: &str, out: &Path, data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wanedit"));
    cmd.arg("edit")
        .args(args)
        .args(["--base-url", server, "--out", out.to_str().unwrap()])
        .env("DASHSCOPE_API_KEY", KEY)
        .env("WANEDIT_DATA_DIR", data)
        .stdin(Stdio::null());
    cmd
}

/// Runs `wanedit edit` with `args` against `server`, measuring its peak memory.
fn edit(server: &str, args: &[&str]) -> Run {
    let data = tempfile::tempdir().unwrap();
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("out");
    let mut cmd = edit_command(server, &out, data.path(), args);
    cmd.env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t1 = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = so.read_to_end(&mut s);
        s
    });
    let t2 = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = se.read_to_end(&mut s);
        s
    });
    let pid = child.id();
    let watcher = std::thread::spawn(move || peak_rss_kb(pid));
    let status = child.wait().unwrap();
    let code = status.code().unwrap_or(-1);
    let peak_kb = watcher.join().unwrap();
    let stdout = String::from_utf8_lossy(&t1.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&t2.join().unwrap()).into_owned();
    let r = Run {
        code,
        stdout,
        stderr,
        peak_mb: peak_kb / 1024,
        data: data.path().to_path_buf(),
        out,
        _dirs: vec![data, out_parent],
    };
    check_clean(&r);
    r
}

/// The process's peak resident memory (KB): the kernel's high-water mark (`VmHWM`), read
/// every few milliseconds while it runs. (`wait4`'s rusage would be simpler, but Linux carries
/// the forking test process's own peak into it across exec.)
fn peak_rss_kb(pid: u32) -> u64 {
    let path = format!("/proc/{pid}/status");
    let mut peak = 0;
    while let Ok(text) = std::fs::read_to_string(&path) {
        let hwm = text
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
        match hwm {
            Some(kb) => peak = peak.max(kb),
            // A zombie has no memory left to read.
            None => break,
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    peak
}

/// No key, no key-shaped token and no control character in the output or in any file the
/// run wrote (history, journal, logs, results folder names).
fn check_clean(r: &Run) {
    let bare = KEY.trim_start_matches("sk-");
    for (what, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        assert!(!text.contains(bare), "the key in {what}:\n{text}");
        assert!(
            wanedit::api::untrusted::is_clean(text),
            "a control character in {what}: {text:?}"
        );
    }
    let mut files = files_below(&r.data);
    if r.out.exists() {
        files.extend(files_below(&r.out));
    }
    for f in files {
        let name = f.to_string_lossy().into_owned();
        assert!(wanedit::api::untrusted::is_clean(&name), "{name:?}");
        let bytes = std::fs::read(&f).unwrap();
        let is_text = f
            .extension()
            .is_some_and(|e| e == "json" || e == "log" || e == "1");
        if is_text {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(bare), "the key in {}", f.display());
            // JSON escapes control characters as \u001b: look for those too.
            assert!(
                wanedit::api::untrusted::is_clean(&text)
                    && !text.contains("\\u001b")
                    && !text.contains("\\u0007")
                    && !text.contains("\\u009b"),
                "a control character in {}: {text}",
                f.display()
            );
        }
    }
}

fn coffee() -> String {
    photo("coffee.png").to_str().unwrap().to_string()
}

fn sync_args(img: &str) -> Vec<String> {
    [
        "--model",
        "wan2.7-image",
        "--prompt",
        "make it night",
        "--image",
        img,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A sync edit of coffee.png (plus `extra` arguments) against a hostile server in `mode`.
fn edit_against(mode: Mode, extra: &[&str]) -> (Hostile, Run) {
    let h = Hostile::start(mode);
    let c = coffee();
    let mut a = sync_args(&c);
    a.extend(extra.iter().map(|x| x.to_string()));
    let r = edit(&h.base_url, &strs(&a));
    (h, r)
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A bound far above what a run needs (tens of MB) and far below what the old code took.
const MEMORY_BOUND_MB: u64 = 128;

#[test]
fn a_key_echoed_in_a_refusal_is_neither_printed_nor_stored() {
    let (_h, r) = edit_against(Mode::EchoKey401, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("HTTP 401"), "{}", r.stderr);
    assert!(r.stderr.contains("[redacted]"), "{}", r.stderr);
    let e = r.only_history();
    assert_eq!(e["status"], "Failed");
    assert!(e["code"].as_str().unwrap().starts_with("InvalidApiKey"));
    assert!(r.outputs().is_empty());
}

#[test]
fn a_key_echoed_by_a_failed_task_is_neither_printed_nor_stored() {
    let (_h, r) = edit_against(Mode::FailedEchoKey, &["--async"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("task-1 failed"), "{}", r.stderr);
    let e = r.only_history();
    assert_eq!(e["status"], "Failed");
    let j = r.journal();
    assert_eq!(j.len(), 1);
    assert_eq!(j[0]["state"], "Failed");
}

#[test]
fn an_endless_result_is_cut_off_and_memory_stays_bounded() {
    let (_h, r) = edit_against(Mode::EndlessResult, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("more than 256 MB"), "{}", r.stderr);
    assert!(r.peak_mb < MEMORY_BOUND_MB, "peak {} MB", r.peak_mb);
    // Made but not saved: recorded with its link, to fetch again.
    let e = r.only_history();
    assert_eq!(e["status"], "Incomplete");
    assert_eq!(e["items"].as_array().unwrap().len(), 1);
    assert!(r.outputs().is_empty(), "no partial file: {:?}", r.outputs());
}

#[test]
fn an_endless_json_answer_is_refused_unread() {
    let (_h, r) = edit_against(Mode::EndlessJson, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("larger than 8 MB"), "{}", r.stderr);
    assert!(r.peak_mb < MEMORY_BOUND_MB, "peak {} MB", r.peak_mb);
    assert_eq!(r.only_history()["status"], "Failed");
}

#[test]
fn a_huge_request_id_is_cut_to_size_everywhere() {
    let (_h, r) = edit_against(Mode::LongRequestId(5_000_000), &[]);
    // Its choices are empty: a success with no image is not "done".
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("returned no image"), "{}", r.stderr);
    let said: usize = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("wanedit:"))
        .map(str::len)
        .sum();
    assert!(said < 5_000, "{said} bytes said");
    let e = r.only_history();
    assert_eq!(e["status"], "Failed");
    let rid = e["request_id"].as_str().unwrap();
    assert!(rid.chars().count() <= 129, "{} chars", rid.len());
    assert!(r.peak_mb < MEMORY_BOUND_MB, "peak {} MB", r.peak_mb);
}

#[test]
fn choices_null_on_create_keeps_the_task_and_its_result() {
    let (_h, r) = edit_against(Mode::ChoicesNullOnCreate, &["--async"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.outputs().len(), 1);
    let e = r.only_history();
    assert_eq!(e["status"], "Done");
    assert_eq!(e["task_id"], "127ec645-118f-4884-955d-0eba8dxxxxxx");
    assert_eq!(r.journal()[0]["state"], "Done");
}

#[test]
fn succeeded_without_images_is_not_done() {
    let (_h, r) = edit_against(Mode::SucceededNull, &["--async"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("returned no image"), "{}", r.stderr);
    assert_eq!(r.only_history()["status"], "Failed");
    assert!(r.outputs().is_empty());

    let (_h, r) = edit_against(Mode::EmptyResults, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("rid-empty"), "{}", r.stderr);
    assert_eq!(r.only_history()["status"], "Failed");
}

#[test]
fn an_html_page_served_as_the_result_is_not_saved_as_an_image() {
    let (_h, r) = edit_against(Mode::HtmlResult, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("text/html"), "{}", r.stderr);
    assert!(r.stderr.contains("not an image"), "{}", r.stderr);
    assert!(r.outputs().is_empty(), "{:?}", r.outputs());
    assert_eq!(r.only_history()["status"], "Incomplete");
}

#[test]
fn a_redirected_paid_request_is_not_sent_again() {
    let other = Hostile::start(Mode::Images(1));
    let h = Hostile::start(Mode::Redirect(other.origin.clone()));
    let c = coffee();
    let r = edit(&h.base_url, &strs(&sync_args(&c)));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("redirect (HTTP 307)"), "{}", r.stderr);
    assert!(
        other.seen().is_empty(),
        "the other host got {:?}",
        other.seen()
    );
    assert_eq!(h.seen().len(), 1, "sent once");
    assert_eq!(r.only_history()["status"], "Failed");
}

#[test]
fn no_more_results_are_kept_than_the_job_can_make_and_fewer_are_said() {
    let h = Hostile::start(Mode::Images(40));
    let c = coffee();
    let mut a = sync_args(&c);
    a.extend(["--n".into(), "2".into()]);
    let r = edit(&h.base_url, &strs(&a));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.outputs().len(), 2, "{:?}", r.outputs());
    assert_eq!(r.only_history()["items"].as_array().unwrap().len(), 2);
    let downloads = h
        .seen()
        .iter()
        .filter(|s| s.target.starts_with("/r/"))
        .count();
    assert_eq!(downloads, 2);

    let h = Hostile::start(Mode::Images(1));
    let mut a = sync_args(&c);
    a.extend(["--n".into(), "3".into()]);
    let r = edit(&h.base_url, &strs(&a));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("made 1 of the 3 images"), "{}", r.stderr);
}

#[test]
fn an_odd_task_id_stays_one_path_segment() {
    let (h, r) = edit_against(Mode::OddTaskId, &["--async"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let polls: Vec<_> = h
        .seen()
        .into_iter()
        .filter(|s| s.method == "GET" && s.target.starts_with("/api/v1/tasks/"))
        .collect();
    assert!(!polls.is_empty());
    for p in polls {
        assert_eq!(p.target, "/api/v1/tasks/..%2Fa%2Fb%3Fc%3Dd%23e");
    }
}

#[test]
fn concurrent_jobs_without_request_ids_keep_every_result() {
    let h = Hostile::start(Mode::NoRequestId);
    let c = coffee();
    let out = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..4)
        .map(|_| {
            edit_command(&h.base_url, out.path(), data.path(), &strs(&sync_args(&c)))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for ch in children {
        let o = ch.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(
        files_below(out.path()).len(),
        4,
        "{:?}",
        files_below(out.path())
    );
}

#[test]
fn a_file_of_the_users_in_the_output_folder_is_never_replaced() {
    let h = Hostile::start(Mode::NoRequestId);
    let c = coffee();
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // Names the job's results could take (they are named after the image edited, numbers
    // continuing the folder's) and ones the job's earlier runs would have taken.
    let mut taken = vec!["coffee.png".to_string(), "coffee-edit.png".to_string()];
    for n in 1..=88 {
        taken.push(format!("coffee-edit-{n}.png"));
    }
    for name in &taken {
        std::fs::write(out.path().join(name), b"mine").unwrap();
    }
    let o = edit_command(&h.base_url, out.path(), data.path(), &strs(&sync_args(&c)))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mine = files_below(out.path())
        .into_iter()
        .filter(|p| std::fs::read(p).unwrap() == b"mine")
        .count();
    assert_eq!(mine, 90, "every file of the user's is as it was");
    assert_eq!(files_below(out.path()).len(), 91);
    // The result is named after the photo, after the numbers already there.
    assert!(out.path().join("coffee-edit-89.png").exists());
}

// ---- In-process cases: the timing ones run with short timeouts instead of minutes. ----

use std::time::{Duration, Instant};

use wanedit::api::client::{ApiKey, Client, Timing};
use wanedit::api::error::ApiError;
use wanedit::api::job::{CallMode, ImageSource, JobImage, JobSpec};
use wanedit::jobs::record::{self, Recorder};
use wanedit::jobs::{JobEvent, LocalImages};
use wanedit::store::history::HistoryStatus;
use wanedit::store::journal::EntryState;

fn quick_client(base: &str, timing: Timing) -> Client {
    Client::new(base, ApiKey::new(KEY).unwrap(), timing)
}

fn async_job() -> JobSpec {
    let mut job = JobSpec::new("wan2.7-image", "make it night");
    job.mode = CallMode::Async;
    job.images
        .push(JobImage::new(ImageSource::File(photo("coffee.png"))));
    job
}

/// Runs a recorded job; `on_task` is called with the client and task id once it exists.
async fn recorded(
    client: &Client,
    job: JobSpec,
    on_task: impl Fn(Client, String) + Send + Sync,
) -> (
    Result<wanedit::jobs::JobOutcome, ApiError>,
    Recorder,
    tempfile::TempDir,
    String,
) {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let rec = Recorder::at(data.path());
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let mut id = String::new();
    let r = record::run_recorded(
        client,
        &rec,
        job,
        LocalImages::Inline,
        out.path(),
        rx,
        |e| match e {
            JobEvent::Recorded(h) => id = h,
            JobEvent::TaskCreated(t) => on_task(client.clone(), t.task_id),
            _ => {}
        },
    )
    .await;
    (r, rec, data, id)
}

#[tokio::test]
async fn a_status_answer_without_task_status_is_retried_a_bounded_number_of_times_then_left_to_resume()
 {
    let h = Hostile::start(Mode::NoTaskStatus);
    let client = quick_client(&h.base_url, support::fast_timing());
    let started = Instant::now();
    let (r, rec, _d, id) = recorded(&client, async_job(), |_, _| {}).await;
    assert!(started.elapsed() < Duration::from_secs(30));
    let e = r.unwrap_err();
    assert!(e.to_string().contains("no output.task_status"), "{e}");
    let polls = h.seen().iter().filter(|s| s.method == "GET").count();
    assert_eq!(polls as u32, client.timing.poll_error_limit + 1);
    assert_eq!(rec.history.get(&id).unwrap().status, HistoryStatus::Waiting);
    let j = rec.journal.get("task-1").unwrap();
    assert_eq!(j.state, EntryState::Open, "resume goes on with it");
    assert!(j.note.unwrap().words().contains("task_status"));
}

#[tokio::test]
async fn a_task_that_runs_on_after_an_accepted_cancel_is_not_polled_forever() {
    let h = Hostile::start(Mode::RunningAfterCancel);
    let timing = Timing {
        after_cancel: Duration::from_millis(500),
        ..support::fast_timing()
    };
    let client = quick_client(&h.base_url, timing);
    let (r, rec, _d, id) = recorded(&client, async_job(), |c, task| {
        tokio::spawn(async move { wanedit::jobs::cancel_remote(&c, &task).await.unwrap() });
    })
    .await;
    let e = r.unwrap_err();
    assert!(matches!(e, ApiError::StillRunning { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("after the service accepted its cancel"),
        "{e}"
    );
    assert_eq!(rec.history.get(&id).unwrap().status, HistoryStatus::Waiting);
    assert_eq!(rec.journal.get("task-1").unwrap().state, EntryState::Open);
}

#[tokio::test]
async fn a_task_past_its_deadline_is_left_to_resume() {
    let h = Hostile::start(Mode::RunningAfterCancel);
    let timing = Timing {
        task_deadline: Duration::from_millis(300),
        ..support::fast_timing()
    };
    let client = quick_client(&h.base_url, timing);
    let (r, rec, _d, id) = recorded(&client, async_job(), |_, _| {}).await;
    assert!(matches!(r, Err(ApiError::StillRunning { .. })), "{r:?}");
    assert_eq!(rec.history.get(&id).unwrap().status, HistoryStatus::Waiting);
}

#[tokio::test]
async fn a_server_that_says_nothing_is_given_up_on_in_bounded_time() {
    let h = Hostile::start(Mode::Silent);
    // A poll (no paid work): bounded by the free-request timeout, retried a bounded number of
    // times.
    let timing = Timing {
        free_timeout: Duration::from_millis(300),
        poll_error_limit: 2,
        ..support::fast_timing()
    };
    let client = quick_client(&h.base_url, timing);
    let started = Instant::now();
    let r = client.wait_task("task-1", |_| {}).await;
    assert!(matches!(r, Err(ApiError::Unreachable { .. })), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(h.seen().len(), 3);
    // A paid call: one attempt, bounded by the read timeout, never resent.
    let h = Hostile::start(Mode::Silent);
    let timing = Timing {
        read_timeout: Duration::from_millis(500),
        ..support::fast_timing()
    };
    let client = quick_client(&h.base_url, timing);
    let mut job = async_job();
    job.mode = CallMode::Sync;
    let (r, rec, _d, id) = recorded(&client, job, |_, _| {}).await;
    assert!(matches!(r, Err(ApiError::NoAnswer { .. })), "{r:?}");
    assert_eq!(h.seen().len(), 1, "not resent");
    assert_eq!(rec.history.get(&id).unwrap().status, HistoryStatus::Failed);
}

#[test]
fn ctrl_c_while_a_result_downloads_keeps_its_link_for_resume() {
    let h = Hostile::start(Mode::SlowResult);
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let c = coffee();
    let mut child = edit_command(&h.base_url, out.path(), data.path(), &strs(&sync_args(&c)))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    CHILD.store(child.id() as i32, std::sync::atomic::Ordering::SeqCst);
    // Wait for the download to start, then Ctrl+C.
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 256];
        let mut sent = false;
        loop {
            let n = err.read(&mut buf).unwrap_or(0);
            if n == 0 {
                return String::from_utf8_lossy(&all).into_owned();
            }
            all.extend_from_slice(&buf[..n]);
            if !sent && String::from_utf8_lossy(&all).contains("downloading") {
                std::thread::sleep(Duration::from_millis(50));
                sent = true;
                unsafe { libc::kill(child_pid(), libc::SIGINT) };
            }
        }
    });
    fn child_pid() -> i32 {
        CHILD.load(std::sync::atomic::Ordering::SeqCst)
    }
    static CHILD: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);
    let status = child.wait().unwrap();
    let stderr = reader.join().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    let rec = Recorder::at(data.path());
    let entries = rec.history.list();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].status,
        HistoryStatus::Incomplete,
        "{:?}",
        entries[0]
    );
    assert_eq!(entries[0].result_urls().len(), 1, "the link is kept");
    assert_eq!(
        record::left_incomplete(&rec).len(),
        1,
        "wanedit resume fetches it"
    );
    assert!(files_below(out.path()).is_empty(), "no partial file");
}

// ---- The user's files are read, never written. ----

use sha2::Digest;

fn sha(p: &Path) -> Vec<u8> {
    sha2::Sha256::digest(std::fs::read(p).unwrap()).to_vec()
}

/// The old history named its temporary copy `{sha}.{ext}.part` and hard-linked inputs to it: a
/// stale one (or a second job) made the next copy write through the link into the user's
/// file. Here a stale link of that name, and of every other name the old code could use, sits
/// in the store while threads and processes record jobs on one input, hundreds of rounds.
#[test]
fn a_stale_temporary_link_and_concurrent_jobs_never_touch_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holiday photo.png");
    std::fs::copy(photo("coffee.png"), &input).unwrap();
    let before = sha(&input);
    let hex: String = before.iter().map(|b| format!("{b:02x}")).collect();
    let data = dir.path().join("data");
    let rec = Recorder::at(&data);
    let files = rec.history.files_dir();
    std::fs::create_dir_all(&files).unwrap();
    std::fs::hard_link(&input, files.join(format!("{hex}.png.part"))).unwrap();

    let mut job = JobSpec::new("wan2.7-image", "x");
    job.images
        .push(JobImage::new(ImageSource::File(input.clone())));
    let rounds = 200;
    std::thread::scope(|s| {
        for _ in 0..4 {
            let (rec, job) = (rec.clone(), job.clone());
            s.spawn(move || {
                for _ in 0..rounds {
                    let e = rec
                        .history
                        .begin(&job, "http://x/api/v1", Path::new("/tmp"))
                        .unwrap();
                    rec.history.delete(&e.id).unwrap();
                }
            });
        }
        // And other processes at the same time: the CLI's --print-request reads the input.
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..10 {
                    let o = Command::new(env!("CARGO_BIN_EXE_wanedit"))
                        .args([
                            "edit",
                            "--model",
                            "wan2.7-image",
                            "--prompt",
                            "x",
                            "--image",
                        ])
                        .arg(&input)
                        .arg("--print-request")
                        .env("WANEDIT_DATA_DIR", &data)
                        .output()
                        .unwrap();
                    assert!(o.status.success());
                }
            });
        }
    });
    assert_eq!(sha(&input), before, "the input is unchanged");
    assert_eq!(
        std::fs::metadata(&input).unwrap().len(),
        std::fs::metadata(photo("coffee.png")).unwrap().len()
    );
}

#[test]
fn editing_an_original_after_a_job_leaves_historys_copy_intact() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("photo.png");
    std::fs::copy(photo("coffee.png"), &input).unwrap();
    let rec = Recorder::at(&dir.path().join("data"));
    let mut job = JobSpec::new("wan2.7-image", "x");
    job.images
        .push(JobImage::new(ImageSource::File(input.clone())));
    let e = rec
        .history
        .begin(&job, "http://x/api/v1", Path::new("/tmp"))
        .unwrap();
    let copy = rec.history.file_path(e.inputs[0].file.as_deref().unwrap());
    let kept = sha(&copy);
    assert_eq!(kept, sha(&input));
    // The user edits the original in place (same inode), then replaces it.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&input)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"edited"))
        .unwrap();
    assert_eq!(sha(&copy), kept, "history's copy is its own");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_ne!(
            std::fs::metadata(&copy).unwrap().ino(),
            std::fs::metadata(&input).unwrap().ino()
        );
    }
}

#[test]
fn inputs_that_are_not_regular_files_or_are_cut_short_are_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |image: &str| {
        Command::new(env!("CARGO_BIN_EXE_wanedit"))
            .args([
                "edit",
                "--model",
                "wan2.7-image",
                "--prompt",
                "x",
                "--image",
                image,
            ])
            .arg("--print-request")
            .env("WANEDIT_DATA_DIR", &data)
            .output()
            .unwrap()
    };
    // A FIFO (nobody writes to it: the old code hung here) and a device.
    let fifo = dir.path().join("pipe.png");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for (path, says) in [
        (fifo.to_str().unwrap(), "not a regular file"),
        ("/dev/zero", "not a regular file"),
        (dir.path().to_str().unwrap(), "is a folder"),
    ] {
        let o = run(path);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{path}: {err}");
        assert!(err.contains(says), "{path}: {err}");
        assert!(!err.contains("disk space"), "{err}");
    }
    // A truncated JPEG and PNG that need no repair: refused, not sent.
    for name in ["rocket.jpg", "coffee.png"] {
        let whole = std::fs::read(photo(name)).unwrap();
        let cut = dir.path().join(format!("cut-{name}"));
        std::fs::write(&cut, &whole[..whole.len() * 2 / 3]).unwrap();
        let o = run(cut.to_str().unwrap());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains("cut short"), "{name}: {err}");
        assert!(o.stdout.is_empty());
    }
    // A data: URI is an input like a file; file:// URIs are percent-decoded.
    // (One command-line argument holds at most 128 KiB on Linux: a small image.)
    let img = image::RgbImage::from_fn(400, 300, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let png = png.into_inner();
    let uri = format!(
        "data:image/png;base64,{}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &png)
    );
    let o = run(&uri);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let spaced = dir.path().join("my photo.png");
    std::fs::write(&spaced, &png).unwrap();
    let url = format!("file://{}", spaced.to_str().unwrap().replace(' ', "%20"));
    let o = run(&url);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
