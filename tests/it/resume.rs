//! Nothing paid is lost: a task started from the command line survives SIGKILL, and
//! `wanedit resume` finishes it; a task older than 24 hours is marked expired with the reason.

use crate::support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::photo;
use support::standin::{Config, StandIn};
use wanedit::store::history::{History, HistoryStatus};
use wanedit::store::journal::{EntryState, Journal, JournalEntry};

fn cmd(s: &StandIn, data: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wanedit"));
    c.env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

#[test]
fn a_task_survives_sigkill_and_resume_downloads_its_result() {
    let s = StandIn::start(Config {
        pending: Duration::from_millis(1500),
        running: Duration::from_millis(1500),
        ..Config::default()
    });
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let coffee = photo("coffee.png");
    let mut child = cmd(&s, data.path())
        .args([
            "edit",
            "--async",
            "--model",
            "wan2.7-image",
            "--image",
            coffee.to_str().unwrap(),
            "--prompt",
            "a teapot instead of the cup",
            "--n",
            "2",
            "--base-url",
            &s.base_url,
            "--out",
            out.path().to_str().unwrap(),
        ])
        .spawn()
        .unwrap();
    let journal = Journal::at(data.path().join("tasks"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while journal.open_entries().is_empty() {
        assert!(Instant::now() < deadline, "the task was never journaled");
        assert!(
            child.try_wait().unwrap().is_none(),
            "wanedit ended before the task was journaled"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing was downloaded before the kill"
    );
    let entry = journal.open_entries().remove(0);
    assert_eq!(entry.base_url, s.base_url);
    // History has the job, still running, with its input copy and task id.
    let history = History::at(data.path().join("history"));
    let hid = entry
        .history_id
        .clone()
        .expect("the journal names the history entry");
    let before = history.get(&hid).unwrap();
    assert_eq!(before.status, HistoryStatus::Running);
    // The journal is written first; the kill may come before history has the task id too.
    assert!(
        before.task_id.is_none() || before.task_id.as_deref() == Some(entry.task_id.as_str()),
        "{:?}",
        before.task_id
    );
    assert_eq!(before.spec.prompt, "a teapot instead of the cup");
    let input_copy = history.file_path(before.inputs[0].file.as_ref().unwrap());
    assert_eq!(
        std::fs::read(&input_copy).unwrap(),
        std::fs::read(&coffee).unwrap()
    );
    assert!(
        !std::fs::read_to_string(
            data.path()
                .join("tasks")
                .join(format!("{}.json", entry.task_id))
        )
        .unwrap()
        .contains(s.key())
    );

    let o = cmd(&s, data.path()).arg("resume").output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!("resuming task {}", entry.task_id)),
        "{stderr}"
    );
    let files: Vec<&str> = stdout.lines().collect();
    assert_eq!(files.len(), 2, "{stdout}");
    for f in &files {
        assert!(std::path::Path::new(f).starts_with(out.path()), "{f}");
        image::open(f).unwrap();
    }
    // …and in history: done, with both results kept (same bytes as in the output folder).
    let after = history.get(&hid).unwrap();
    assert_eq!(after.status, HistoryStatus::Done, "{:?}", after.sentence);
    assert_eq!(after.outputs.len(), 2);
    assert_eq!(after.task_id.as_deref(), Some(entry.task_id.as_str()));
    for o in &after.outputs {
        assert_eq!(
            std::fs::read(history.file_path(&o.file)).unwrap(),
            std::fs::read(&o.saved_as).unwrap()
        );
    }
    assert_eq!(after.usage.as_ref().and_then(|u| u.image_count), Some(2));
    assert!(after.timings.finished_ms.is_some());
    let done = journal.get(&entry.task_id).unwrap();
    assert_eq!(done.state, EntryState::Done);
    assert_eq!(done.files.len(), 2);
    assert_eq!(
        s.accepted_generations(),
        1,
        "the task was resumed, never resubmitted"
    );

    // Nothing left to resume.
    let o = cmd(&s, data.path()).arg("resume").output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no unfinished task"));
}

#[test]
fn a_task_older_than_a_day_is_marked_expired_with_the_reason() {
    let s = StandIn::start(Config::default());
    let data = tempfile::tempdir().unwrap();
    let journal = Journal::at(data.path().join("tasks"));
    journal
        .write(&JournalEntry {
            task_id: "old-task-1".into(),
            request_id: None,
            model: "wan2.7-image".into(),
            base_url: s.base_url.clone(),
            out_dir: data.path().join("out"),
            created_at: wanedit::store::journal::now_secs() - 25 * 3600,
            state: EntryState::Open,
            files: vec![],
            note: None,
            history_id: None,
        })
        .unwrap();
    let o = cmd(&s, data.path()).arg("resume").output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = journal.get("old-task-1").unwrap();
    assert_eq!(e.state, EntryState::Expired);
    let note = e.note.unwrap().words();
    assert!(
        note.contains("created 25 hours ago") && note.contains("24 hours"),
        "{note}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains(&note));
    assert!(s.requests().is_empty(), "an expired task is not queried");
}

/// Runs `script` in a mount namespace of its own (as root there, mapped to the caller), where
/// `$FULL` is a 256 KiB tmpfs filled to the last byte: a real full disk, gone with the process.
fn on_a_full_disk(
    s: &StandIn,
    data: &std::path::Path,
    full: &std::path::Path,
    script: &str,
) -> std::process::Output {
    let setup = r#"set -u
mount -t tmpfs -o size=256k tmpfs "$FULL" || { echo "could not mount a tmpfs" >&2; exit 99; }
head -c 1M /dev/zero > "$FULL/filler" 2>/dev/null
"#;
    let o = Command::new("unshare")
        .args(["--map-root-user", "--mount", "bash", "-c"])
        .arg(format!("{setup}{script}"))
        .env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data)
        .env("WANEDIT", env!("CARGO_BIN_EXE_wanedit"))
        .env("FULL", full)
        .env("BASE", &s.base_url)
        .env("COFFEE", photo("coffee.png"))
        .env_remove("RUST_LOG")
        .output()
        .expect("unshare (util-linux) runs");
    assert_ne!(
        o.status.code(),
        Some(99),
        "this test needs user and mount namespaces: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

#[test]
fn a_full_output_disk_keeps_paid_results_and_resume_fetches_them_once_there_is_room() {
    let s = StandIn::start(Config::default());
    let data = tempfile::tempdir().unwrap();
    let full = tempfile::tempdir().unwrap();
    let kept = tempfile::tempdir().unwrap();
    // One sync job and one async task, both onto the full disk; then room is made and
    // `wanedit resume` fetches both; what it wrote is copied out before the tmpfs goes.
    let script = format!(
        r#"
"$WANEDIT" edit --model wan2.7-image --image "$COFFEE" --prompt "a teapot" --base-url "$BASE" --out "$FULL"
echo "sync-exit=$?"
"$WANEDIT" edit --async --model wan2.7-image --image "$COFFEE" --prompt "a kettle" --base-url "$BASE" --out "$FULL"
echo "async-exit=$?"
ls "$FULL" | grep -v filler | sed 's/^/before-resume: /'
rm "$FULL/filler"
"$WANEDIT" resume
echo "resume-exit=$?"
cp "$FULL"/coffee-edit-* "{kept}/"
"#,
        kept = kept.path().display()
    );
    let o = on_a_full_disk(&s, data.path(), full.path(), &script);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    let all = format!("{stdout}\n{stderr}");
    // Each edit: exit 3 (made, not saved), the reason, what to do, and the link.
    assert!(stdout.contains("sync-exit=3"), "{all}");
    assert!(stdout.contains("async-exit=3"), "{all}");
    assert!(stderr.contains("No space left on device"), "{all}");
    assert!(stderr.contains("free some space"), "{all}");
    assert!(stderr.contains("result link (valid 24 h)"), "{all}");
    assert!(!stderr.contains("panicked"), "{all}");
    assert!(
        !stdout.contains("before-resume:"),
        "no half-written file is left on the full disk: {all}"
    );
    let history = History::at(data.path().join("history"));
    let entries = history.list();
    assert_eq!(entries.len(), 2);
    // resume fetched both into the folder they were meant for.
    assert!(stdout.contains("resume-exit=0"), "{all}");
    let written: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with(full.path().to_str().unwrap()))
        .collect();
    assert_eq!(written.len(), 2, "{all}");
    for e in &entries {
        assert_eq!(e.status, HistoryStatus::Done, "{:?}", e.sentence);
        assert_eq!(e.outputs.len(), 1);
        let name = e.outputs[0].saved_as.file_name().unwrap();
        assert_eq!(
            std::fs::read(kept.path().join(name)).unwrap(),
            std::fs::read(history.file_path(&e.outputs[0].file)).unwrap()
        );
    }
    assert!(
        Journal::at(data.path().join("tasks"))
            .open_entries()
            .is_empty()
    );
    assert_eq!(s.accepted_generations(), 2, "nothing paid was sent twice");
}

#[test]
fn a_full_data_disk_sends_nothing_and_says_what_to_do() {
    let s = StandIn::start(Config::default());
    let full = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let script = format!(
        r#"
"$WANEDIT" edit --model wan2.7-image --image "$COFFEE" --prompt "a teapot" --base-url "$BASE" --out "{out}"
echo "exit=$?"
"#,
        out = out.path().display()
    );
    // The data folder (history, journal, logs) is the full disk.
    let o = on_a_full_disk(&s, full.path(), full.path(), &script);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(stdout.contains("exit=1"), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("No space left on device")
            && stderr.contains("free some disk space")
            && stderr.contains("nothing was sent"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(s.requests().is_empty(), "not one request went out");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn history_written_by_several_runs_is_read_back_identically_by_a_new_process() {
    let s = StandIn::start(Config::default());
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let (coffee, rocket) = (photo("coffee.png"), photo("rocket.jpg"));
    let run = |args: &[&str]| {
        let o = cmd(&s, data.path())
            .args(args)
            .args([
                "--base-url",
                &s.base_url,
                "--out",
                out.path().to_str().unwrap(),
            ])
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let c = coffee.to_str().unwrap();
    let r = rocket.to_str().unwrap();
    let (code, err) = run(&[
        "edit",
        "--model",
        "wan2.7-image",
        "--image",
        c,
        "--box",
        "1:100,40,420,380",
        "--prompt",
        "a teapot in box 1",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(&[
        "edit",
        "--async",
        "--model",
        "wan2.7-image-pro",
        "--n",
        "2",
        "--image",
        c,
        "--image",
        r,
        "--prompt",
        "the cup from image 1 on the rocket in image 2",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(&[
        "edit",
        "--model",
        "wan2.7-image",
        "--prompt",
        "一只猫, watercolour",
    ]);
    assert_eq!(code, Some(0), "{err}");
    s.push_fault(
        support::standin::Target::Create,
        support::standin::Fault::Http {
            status: 400,
            code: "InvalidParameter",
            message: "The size is invalid.",
        },
    );
    let (code, _) = run(&[
        "edit",
        "--model",
        "wan2.7-image",
        "--image",
        r,
        "--prompt",
        "night",
    ]);
    assert_eq!(code, Some(1));

    // What this process reads from the folder…
    let history = History::at(data.path().join("history"));
    let here = history.list();
    assert_eq!(here.len(), 4);
    let statuses: Vec<HistoryStatus> = here.iter().map(|e| e.status).collect();
    use HistoryStatus::*;
    assert_eq!(statuses, [Failed, Done, Done, Done], "newest first");
    assert_eq!(here[3].spec.images[0].boxes.len(), 1);
    assert_eq!(here[2].outputs.len(), 2);
    assert_eq!(here[2].inputs.len(), 2);
    assert!(here[2].task_id.is_some() && here[2].timings.task_ms.is_some());
    assert_eq!(here[0].code.as_deref(), Some("InvalidParameter"));

    // …is what a new wanedit process reads back, field for field.
    let o = cmd(&s, data.path())
        .args(["history", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let there: Vec<wanedit::store::history::HistoryEntry> =
        serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(there, here);

    // The listing for people, filtered.
    let o = cmd(&s, data.path())
        .args(["history", "--filter", "TEAPOT"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&here[3].id) && text.contains("done"),
        "{text}"
    );
    let o = cmd(&s, data.path())
        .args(["history", "--filter", "night"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("failed") && text.contains("The size is invalid."),
        "{text}"
    );
}
