//! The lineage of edits and flags on results, against the stand-in: a result used as an input
//! (the window's Use as input, Fork from here, the command line with the result's file, a
//! composite saved into a folder and opened again) records the job that made it as the new
//! job's parent, which `wanedit history --json` shows and History draws as a tree; P and X
//! flag a result, kept in its history entry; Picked only; Export picked writes the picked
//! results and nothing else.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::kittest::{NodeT, Queryable};
use support::photo;
use support::standin::{Config, StandIn};
use support::window::{Studio, studio};
use wanedit::api::client::ApiKey;
use wanedit::api::job::ImageSource;
use wanedit::store::history::{Flag, History, HistoryEntry};
use wanedit::ui::dialogs::{Answer, Dialogs, ImagesDialog, Picked};
use wanedit::ui::panels::history::HistoryView;
use wanedit::ui::results::JobStatus;
use wanedit::ui::{CentralTab, WanEditApp};

fn wanedit(s: &StandIn, data: &Path, args: &[&str]) -> std::process::Output {
    let base: &[&str] = if args[0] == "edit" {
        &["--base-url", &s.base_url]
    } else {
        &[]
    };
    Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(args)
        .args(base)
        .env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data)
        .env_remove("RUST_LOG")
        .output()
        .expect("run wanedit")
}

/// `wanedit edit` of `images` with `rest`, into `out`: the files it printed (asserting it
/// succeeded).
fn edit(s: &StandIn, data: &Path, out: &Path, images: &[&Path], rest: &[&str]) -> Vec<PathBuf> {
    let mut args = vec!["edit", "--model", "wan2.7-image", "--size", "1K"];
    for p in images {
        args.extend(["--image", p.to_str().unwrap()]);
    }
    args.extend_from_slice(rest);
    args.extend(["--out", out.to_str().unwrap()]);
    let o = wanedit(s, data, &args);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{stdout}\n{stderr}");
    stdout.lines().map(PathBuf::from).collect()
}

/// `wanedit history --json`, the entry whose prompt is `prompt`.
fn recorded(s: &StandIn, data: &Path, prompt: &str) -> serde_json::Value {
    let o = wanedit(s, data, &["history", "--json"]);
    assert!(o.status.success());
    let all: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .find(|e| e["spec"]["prompt"] == prompt)
        .unwrap_or_else(|| panic!("no entry for {prompt:?} in {all}"))
        .clone()
}

/// The command line: a composite saved into a folder of the designer's and opened again, and
/// a raw result, each as an input, has the job that made it as parent (found by the copy's
/// hash); with image 1 a photo of the designer's, image 2 decides.
#[test]
fn a_saved_composite_or_a_result_opened_again_records_its_job_as_parent() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let made = edit(
        &s,
        data.path(),
        out.path(),
        &[&photo("coffee.png")],
        &[
            "--box",
            "1:180,60,420,330",
            "--target",
            "1",
            "--prompt",
            "a teapot in box 1",
        ],
    );
    assert_eq!(made.len(), 2, "the composite and the raw result: {made:?}");
    let a = recorded(&s, data.path(), "a teapot in box 1");
    assert!(a.get("parent").is_none(), "a photo has no parent: {a}");
    assert!(a["outputs"][0]["composite"]["file"].is_string(), "{a}");

    // The composite, saved elsewhere under another name, opened again.
    let saved = tempfile::tempdir().unwrap();
    let copy = saved.path().join("teapot for the client.png");
    std::fs::copy(&made[0], &copy).unwrap();
    edit(
        &s,
        data.path(),
        out.path(),
        &[&copy],
        &["--prompt", "make the teapot blue"],
    );
    let b = recorded(&s, data.path(), "make the teapot blue");
    assert_eq!(b["parent"], a["id"], "{b}");
    // The raw result, after a photo: the first input that a job made decides.
    edit(
        &s,
        data.path(),
        out.path(),
        &[&photo("chelsea.png"), &made[1]],
        &["--prompt", "the cat beside the teapot of image 2"],
    );
    let c = recorded(&s, data.path(), "the cat beside the teapot of image 2");
    assert_eq!(c["parent"], a["id"], "{c}");
    assert_ne!(b["id"], c["id"]);
}

/// Export picked answers with the test's folder; the rest is never asked.
struct FolderIs(PathBuf);

impl Dialogs for FolderIs {
    fn pick_images(&self, _: ImagesDialog) -> Answer {
        Box::pin(async { Picked::Cancelled })
    }
    fn save_file(&self, _: String) -> Answer {
        Box::pin(async { Picked::Cancelled })
    }
    fn pick_folder(&self, _: String) -> Answer {
        let p = self.0.clone();
        Box::pin(async move { Picked::Chosen(vec![p]) })
    }
}

fn step_until(st: &mut Studio, what: &str, done: impl Fn(&WanEditApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(st.h.state()) {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; the window says {:?}; runs {:?}",
            st.h.state().status_text(),
            st.h.state()
                .runs
                .jobs
                .iter()
                .map(|j| (j.status.clone(), j.images.len()))
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(10));
        st.h.step();
    }
    st.h.run_steps(2);
}

/// `prompt` typed and Run pressed: the new run's history entry once it is done.
fn run(st: &mut Studio, prompt: &str) -> HistoryEntry {
    st.h.state_mut().compose.prompt.prompt = prompt.into();
    st.h.run_steps(2);
    let before = st.h.state().runs.jobs.len();
    step_until(st, "Run to be possible", |a| a.can_run().is_ok());
    // The pointer comes to Run first, as a hand does (the first press of a fresh window's
    // pointer lands on nothing otherwise).
    st.h.get_by_label("Run").hover();
    st.h.run_steps(2);
    st.h.get_by_label("Run").click();
    step_until(st, prompt, |a| {
        a.runs.jobs.len() > before
            && !a.runs.jobs[0].is_active()
            && a.runs.jobs[0].images.iter().all(|i| i.preview.is_some())
    });
    let j = &st.h.state().runs.jobs[0];
    assert_eq!(j.status, JobStatus::Done, "{:?}", j.status);
    let id = j.history_id.clone().expect("recorded");
    history(st).get(&id).expect("its entry")
}

fn history(st: &Studio) -> History {
    st.h.state().library.history.history().clone()
}

/// The window: job A's result used as an input of B (Use as input) makes B A's child; the
/// History tab's lineage draws B under A; Fork from here on A starts a composition whose image
/// 1 is A's picture, and the job run from it is A's child too.
#[test]
fn use_as_input_and_fork_from_here_record_the_parent_and_the_tree_shows_it() {
    let s = StandIn::start(Config {
        echo_inputs: true,
        ..Config::default()
    });
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    let a = run(&mut st, "warm the morning light");
    assert_eq!(a.parent, None);
    let job_a = st.h.state().runs.jobs[0].id;
    st.h.get_by_label(&format!("Result 1 of job {job_a}"))
        .click_secondary();
    st.h.run();
    // The result's menu (Compare's header, shown after the run, has the same button).
    st.h.get_all_by_label("Use as input")
        .last()
        .unwrap()
        .click();
    step_until(&mut st, "the result in the strip", |a| {
        a.compose.inputs.slots.len() == 2 && !a.compose.inputs.is_loading()
    });
    let b = run(&mut st, "the cup of image 1 in the light of image 2");
    assert_eq!(b.parent.as_deref(), Some(a.id.as_str()));

    // History as the lineage: B under A.
    st.h.state_mut().compose.prompt.prompt.clear();
    st.h.get_by_label("History").click();
    st.h.state_mut().library.history.refresh();
    step_until(&mut st, "history", |a| {
        !a.library.history.loading && a.library.history.entries.len() == 2
    });
    st.h.get_by_label("Lineage").click();
    st.h.run();
    assert_eq!(st.h.state().library.history.view, HistoryView::Tree);
    let left = |st: &Studio, p: &str| st.h.get_by_label(p).rect().left();
    assert!(
        left(&st, "the cup of image 1 in the light of image 2")
            > left(&st, "warm the morning light") + 5.0
    );

    // Fork from A: A's picture (its first result, none picked) is image 1, alone.
    st.h.get_by_label("warm the morning light").click();
    st.h.run();
    st.h.get_by_label("Fork from history item 1").click();
    step_until(&mut st, "the forked picture", |a| {
        !a.compose.inputs.is_loading()
    });
    {
        let app = st.h.state();
        assert_eq!(app.tab, CentralTab::Canvas);
        assert_eq!(app.compose.inputs.slots.len(), 1);
        let picture = history(&st).file_path(&a.outputs[0].file);
        assert_eq!(
            app.compose.inputs.slots[0].source,
            ImageSource::File(picture)
        );
        let known = a.outputs[0].saved_as.file_name().unwrap().to_string_lossy();
        assert_eq!(app.compose.inputs.slots[0].name, known);
    }
    let c = run(&mut st, "a second try at the light");
    assert_eq!(c.parent.as_deref(), Some(a.id.as_str()));
}

/// P picks the result Compare shows (its badge, its entry), X rejects it, pressed again the
/// flag goes; a P typed into the prompt is a letter; Picked only; Export picked writes the
/// picked result's file under its name, and nothing else.
#[test]
fn results_are_picked_with_p_rejected_with_x_and_the_picked_exported() {
    let s = StandIn::start(Config::default());
    let mut st = studio(&s, &["coffee.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    st.h.state_mut().compose.prompt.n = 2;
    let a = run(&mut st, "two takes of the cup");
    assert_eq!(a.outputs.len(), 2);
    let job = st.h.state().runs.jobs[0].id;
    st.h.get_by_label(&format!("Result 2 of job {job}")).click();
    st.h.run();
    assert_eq!(st.h.state().tab, CentralTab::Compare);
    let flags = |st: &Studio| {
        history(st)
            .get(&a.id)
            .unwrap()
            .outputs
            .iter()
            .map(|o| o.flag)
            .collect::<Vec<_>>()
    };
    let shown = |a: &WanEditApp, f: Option<Flag>| a.runs.jobs[0].images[1].flag == f;
    for (key, want) in [
        (egui::Key::P, Some(Flag::Picked)),
        (egui::Key::X, Some(Flag::Rejected)),
        (egui::Key::X, None),
        (egui::Key::P, Some(Flag::Picked)),
    ] {
        st.h.key_press(key);
        step_until(&mut st, "the flag", |a| shown(a, want));
        assert_eq!(flags(&st), vec![None, want]);
    }
    // The badge under the result's thumbnail and above the compare view.
    assert_eq!(st.h.get_all_by_label("Picked").count(), 2);
    let pick = format!("Pick result 2 of job {job}");
    assert_eq!(
        st.h.get_by_label(&pick).accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    // Typed into the prompt, P, X and U are letters.
    st.h.get_by_label("Instruction").focus();
    st.h.run();
    for key in [egui::Key::P, egui::Key::X, egui::Key::U] {
        st.h.key_press(key);
        st.h.run_steps(3);
    }
    assert_eq!(flags(&st), vec![None, Some(Flag::Picked)]);
    // In the entry as written: what a later window or `history --json` reads.
    let entry = serde_json::to_value(history(&st).get(&a.id).unwrap()).unwrap();
    assert_eq!(entry["outputs"][1]["flag"], "picked");
    assert!(entry["outputs"][0].get("flag").is_none());

    // Picked only: the picked result, not the other.
    st.h.get_by_label("Picked only").click();
    st.h.run();
    st.h.get_by_label(&format!("Result 2 of job {job}"));
    assert!(
        st.h.query_by_label(&format!("Result 1 of job {job}"))
            .is_none()
    );

    // Export picked: into the folder chosen, under the name it has in the output folder.
    let dest = tempfile::tempdir().unwrap();
    std::fs::write(dest.path().join("notes.txt"), b"the client's notes").unwrap();
    st.h.state_mut()
        .set_dialogs(Arc::new(FolderIs(dest.path().to_path_buf())));
    st.h.get_by_label("Export picked…").click();
    step_until(&mut st, "the export", |a| {
        a.status_text().is_some_and(|t| t.contains("exported into"))
    });
    let mut names: Vec<String> = std::fs::read_dir(dest.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let known = a.outputs[1]
        .saved_as
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(names, vec![known.clone(), "notes.txt".to_string()]);
    assert_eq!(
        std::fs::read(dest.path().join(&known)).unwrap(),
        std::fs::read(&a.outputs[1].saved_as).unwrap()
    );
    assert_eq!(s.accepted_generations(), 1, "nothing sent");

    // Without the system's folder dialog, the window's own picker asks for the folder (as
    // Save as does), and the export goes there: a new name beside the file already there.
    st.h.state_mut().set_dialogs(Arc::new(NoFolderDialog));
    st.h.get_by_label("Export picked…").click();
    step_until(&mut st, "the picker", |a| {
        a.picker.open && a.picker.listing.is_some()
    });
    assert!(st.h.state().picker.save.as_ref().unwrap().folder_only);
    st.h.state_mut().picker.dir = dest.path().to_path_buf();
    st.h.run_steps(3);
    st.h.get_by_label("Save into this folder").click();
    let stem = known.rsplit_once('.').unwrap().0.to_string();
    let folder = dest.path().to_path_buf();
    step_until(&mut st, "the second export", move |_| {
        std::fs::read_dir(&folder).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(&format!("{stem}-2"))
        })
    });
    assert_eq!(std::fs::read_dir(dest.path()).unwrap().count(), 3);
    assert_eq!(s.accepted_generations(), 1, "nothing sent");
}

/// A desktop whose folder dialog cannot open.
struct NoFolderDialog;

impl Dialogs for NoFolderDialog {
    fn pick_images(&self, _: ImagesDialog) -> Answer {
        Box::pin(async { Picked::Cancelled })
    }
    fn save_file(&self, _: String) -> Answer {
        Box::pin(async { Picked::Failed("the system's save dialog did not open (test)".into()) })
    }
    fn pick_folder(&self, _: String) -> Answer {
        Box::pin(async { Picked::Failed("the system's folder dialog did not open (test)".into()) })
    }
}
