//! The History tab on its own state: entries given to it, the engine's door on a runtime of the
//! test's; no app.
use super::*;
use crate::api::job::JobSpec;
use crate::api::wire::OutputItem;
use crate::i18n::{Lang, Said, set_for_this_thread};
use crate::jobs::door::Door;
use crate::jobs::post::{Inbox, inbox};
use crate::jobs::record::Recorder;
use crate::store::history::{StoredOutput, Timings};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Bench {
    panel: HistoryPanel,
    /// History ids of the jobs running in the window.
    active: HashSet<String>,
    actions: Vec<HistoryAction>,
    pictures: crate::ui::pictures::Textures,
}

/// What the tab's door needs, kept for as long as the harness is.
struct World {
    /// What the runtime read for the tab.
    news: Inbox<News>,
    _events: Inbox<crate::jobs::engine::EngineEvent>,
    data: tempfile::TempDir,
    _rt: tokio::runtime::Runtime,
}

fn entry(id: &str, prompt: &str, status: HistoryStatus) -> HistoryEntry {
    HistoryEntry {
        id: id.into(),
        created_ms: 0,
        spec: JobSpec::new("wan2.7-image", prompt),
        inputs: Vec::new(),
        base_url: "https://dashscope-intl.aliyuncs.com/api/v1".into(),
        region: None,
        out_dir: PathBuf::from("/out/teapots"),
        status,
        sentence: None,
        code: None,
        request_id: Some(format!("req-{id}")),
        task_id: None,
        usage: None,
        timings: Timings::default(),
        items: Vec::new(),
        outputs: Vec::new(),
        notices: Vec::new(),
        parent: None,
        choice: None,
    }
}

/// Done, with one result saved (history item 1).
fn teapot() -> HistoryEntry {
    let mut e = entry(
        "20261125-031500-123-4f2a",
        "a teapot on the table",
        HistoryStatus::Done,
    );
    e.outputs = vec![StoredOutput {
        file: "0a.png".into(),
        saved_as: "/out/teapots/teapot-edit.png".into(),
        composite: None,
        flag: None,
    }];
    e.timings.finished_ms = Some(14_200);
    e
}

/// Made but not all saved, its link still known: it can be fetched again (history item 2).
fn rocket() -> HistoryEntry {
    let mut e = entry(
        "20261124-120000-001-0001",
        "a rocket in the sky",
        HistoryStatus::Incomplete,
    );
    e.items = vec![OutputItem::Image {
        url: "https://example.com/rocket.png".into(),
    }];
    e.sentence = Some(Said::Plain("1 of 2 results could not be saved".into()));
    e
}

fn bench(entries: Vec<HistoryEntry>) -> (World, Harness<'static, Bench>) {
    set_for_this_thread(Some(Lang::En));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (events, events_inbox) = inbox(Arc::new(|| {}));
    let door = Door::open(rt.handle(), Recorder::at(data.path()), events);
    let (post, news) = inbox(Arc::new(|| {}));
    let mut panel = HistoryPanel::new(History::at(data.path().join("history")), door, post);
    panel.receive(News::Listed(entries));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .with_context_setup(crate::ui::install_look)
        .build_ui_state(
            |ui, b: &mut Bench| {
                let a = b.panel.show(ui, &b.active, &mut b.pictures);
                if a != HistoryAction::None {
                    b.actions.push(a);
                }
            },
            Bench {
                panel,
                active: HashSet::new(),
                actions: Vec::new(),
                pictures: Default::default(),
            },
        );
    h.run();
    let world = World {
        news,
        _events: events_inbox,
        data,
        _rt: rt,
    };
    (world, h)
}

/// Each entry says when, which model, its status, prompt and details; its buttons come back
/// as the action for that entry (Fetch again only where results were made and not saved).
#[test]
fn entries_say_what_became_of_them_and_return_what_was_pressed() {
    let (_world, mut h) = bench(vec![teapot(), rocket()]);
    h.get_by_label("2026-11-25 03:15:00 UTC");
    h.get_by_label("a teapot on the table");
    h.get_by_label("done");
    h.get_by_label("text-to-image · 1 result · 14.2 s · request_id req-20261125-031500-123-4f2a");
    h.get_by_label("results not all saved");
    h.get_by_label("1 of 2 results could not be saved");
    assert!(h.query_by_label("Fetch history item 1 again").is_none());
    assert!(
        h.query_by_label("Compare history item 2").is_none(),
        "nothing of the rocket was saved to compare"
    );
    for button in [
        "Compare history item 1",
        "Reopen history item 1",
        "Re-run history item 2",
        "Fetch history item 2 again",
        "Open the folder of history item 1",
    ] {
        h.get_by_label(button).click();
        h.run();
    }
    let (t, r) = (teapot().id, rocket().id);
    assert_eq!(
        h.state().actions,
        vec![
            HistoryAction::Show(t.clone()),
            HistoryAction::Reopen(t),
            HistoryAction::Rerun(r.clone()),
            HistoryAction::FetchAgain(r),
            HistoryAction::OpenFolder(PathBuf::from("/out/teapots")),
        ]
    );
}

/// The filter keeps the entries whose words match; the rows are numbered as shown.
#[test]
fn the_filter_keeps_the_entries_that_match() {
    let (_world, mut h) = bench(vec![teapot(), rocket()]);
    h.get_by_label("Filter").focus();
    h.run();
    h.get_by_label("Filter").type_text("rocket");
    h.run();
    assert_eq!(h.state().panel.filter, "rocket");
    assert!(h.query_by_label("a teapot on the table").is_none());
    h.get_by_label("a rocket in the sky");
    assert!(h.query_by_label("Reopen history item 2").is_none());
    h.get_by_label("Reopen history item 1").click();
    h.run();
    assert_eq!(h.state().actions, vec![HistoryAction::Reopen(rocket().id)]);
    h.get_by_label("Filter").focus();
    h.run();
    h.get_by_label("Filter").type_text(" zebra");
    h.run();
    h.get_by_label("No job matches the filter.");
}

/// Delete asks again before it deletes; a job running in the window cannot be deleted (nor
/// fetched again).
#[test]
fn delete_asks_twice_and_a_running_job_is_kept() {
    let (_world, mut h) = bench(vec![teapot(), rocket()]);
    h.state_mut().active.insert(rocket().id);
    h.run();
    assert!(h.query_by_label("Fetch history item 2 again").is_none());
    h.get_by_label("Delete history item 2").click();
    h.run();
    assert!(h.query_by_label("Really delete history item 2?").is_none());
    h.get_by_label("Delete history item 1").click();
    h.run();
    assert!(h.state().actions.is_empty(), "the first press only asks");
    h.get_by_label("Really delete history item 1?").click();
    h.run();
    assert_eq!(h.state().actions, vec![HistoryAction::Delete(teapot().id)]);
    h.get_by_label("Delete history item 1");
}

/// Reload reads the folder on the runtime; what it read is listed. A failure is said and can
/// be dismissed.
#[test]
fn reload_lists_what_the_folder_holds_and_failures_are_dismissed() {
    let (world, mut h) = bench(Vec::new());
    h.get_by_label_contains("No jobs yet");
    History::at(world.data.path().join("history"))
        .write(&teapot())
        .unwrap();
    h.get_by_label("Reload history").click();
    // A spinner turns while the folder is read: steps, not run.
    h.step();
    h.step();
    assert!(h.state().panel.loading);
    let deadline = Instant::now() + Duration::from_secs(10);
    let read = loop {
        match world.news.next_before(deadline) {
            Some(n @ News::Listed(_)) => break n,
            Some(_) => {}
            None => panic!("the folder was not read"),
        }
    };
    h.state_mut().panel.receive(read);
    h.run();
    assert!(h.state().panel.loaded && !h.state().panel.loading);
    h.get_by_label("a teapot on the table");

    h.state_mut()
        .panel
        .receive(News::Failed("the history folder is full".into()));
    h.run();
    h.get_by_label("the history folder is full");
    h.get_by_label("Dismiss").click();
    h.run();
    assert_eq!(h.state().panel.error, None);
    assert!(h.query_by_label("the history folder is full").is_none());
}

/// A step of a chain of edits: done, one result, made `after` (its parent).
fn step(id: &str, prompt: &str, after: Option<&str>) -> HistoryEntry {
    let mut e = entry(id, prompt, HistoryStatus::Done);
    e.parent = after.map(String::from);
    e.outputs = vec![StoredOutput {
        file: format!("{id}.png"),
        saved_as: format!("/out/teapots/{id}.png").into(),
        composite: None,
        flag: None,
    }];
    e
}

/// The lineage: each step under the step whose picture it edited, a job of its own at the
/// left edge; the chosen step's row below the tree, with Reopen and Fork from here.
#[test]
fn the_lineage_tree_shows_each_step_under_the_one_before() {
    // Newest first, as history lists them.
    let (_world, mut h) = bench(vec![
        step(
            "20261125-031503-000-000c",
            "grade it warmer",
            Some("20261125-031501-000-000b"),
        ),
        step("20261125-031502-000-000d", "an unrelated rocket", None),
        step(
            "20261125-031501-000-000b",
            "put a teapot in box 1",
            Some("20261125-031500-000-000a"),
        ),
        step("20261125-031500-000-000a", "clean the table", None),
    ]);
    h.get_by_label("Lineage").click();
    h.run();
    assert_eq!(h.state().panel.view, HistoryView::Tree);
    h.get_by_label_contains("Choose a step in the tree");
    let left = |h: &Harness<'static, Bench>, prompt: &str| h.get_by_label(prompt).rect().left();
    let (a, b, c, d) = (
        left(&h, "clean the table"),
        left(&h, "put a teapot in box 1"),
        left(&h, "grade it warmer"),
        left(&h, "an unrelated rocket"),
    );
    assert!(
        b > a + 5.0 && c > b + 5.0,
        "each step under the one before: {a} {b} {c}"
    );
    assert!((a - d).abs() < 5.0, "two roots at the same edge: {a} {d}");
    // The newest root first, its chain under it oldest first.
    let top = |p: &str| h.get_by_label(p).rect().top();
    assert!(top("an unrelated rocket") < top("clean the table"));
    assert!(top("clean the table") < top("put a teapot in box 1"));
    assert!(top("put a teapot in box 1") < top("grade it warmer"));

    h.get_by_label("put a teapot in box 1").click();
    h.run();
    let b_id = "20261125-031501-000-000b".to_string();
    assert_eq!(
        h.state().panel.tree_selected.as_deref(),
        Some(b_id.as_str())
    );
    // Its row, numbered as the tree draws it (rocket, table, teapot: the third).
    h.get_by_label_contains("after the job of 2026-11-25 03:15:00 UTC");
    h.get_by_label("Fork from history item 3").click();
    h.run();
    h.get_by_label("Reopen history item 3").click();
    h.run();
    assert_eq!(
        h.state().actions,
        vec![
            HistoryAction::Fork(b_id.clone()),
            HistoryAction::Reopen(b_id)
        ]
    );
    // The filter keeps what matches and the steps that led to it.
    h.get_by_label("Filter").focus();
    h.run();
    h.get_by_label("Filter").type_text("warmer");
    h.run();
    h.get_by_label("grade it warmer");
    h.get_by_label("clean the table");
    assert!(h.query_by_label("an unrelated rocket").is_none());
    h.get_by_label("List").click();
    h.run();
    assert_eq!(h.state().panel.view, HistoryView::List);
    assert!(
        h.query_by_label("clean the table").is_none(),
        "the list shows matches only"
    );
}

/// A job's flags are said on its row; Picked only keeps the jobs with a picked result;
/// Export picked asks for the shown ones' picked results, and waits for one.
#[test]
fn picked_only_keeps_the_jobs_with_a_picked_result() {
    let mut picked = teapot();
    picked.outputs[0].flag = Some(crate::store::history::Flag::Picked);
    let mut rejected = step("20261124-090000-000-0009", "a rocket on the moon", None);
    rejected.outputs[0].flag = Some(crate::store::history::Flag::Rejected);
    let (_world, mut h) = bench(vec![picked.clone(), rejected, rocket()]);
    h.get_by_label_contains("1 result · 1 picked, 0 rejected");
    h.get_by_label_contains("1 result · 0 picked, 1 rejected");
    h.get_by_label("Picked only").click();
    h.run();
    assert_eq!(
        h.state()
            .panel
            .visible()
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>(),
        vec![picked.id.clone()]
    );
    assert!(h.query_by_label("a rocket on the moon").is_none());
    h.get_by_label("Export picked…").click();
    h.run();
    assert_eq!(
        h.state().actions,
        vec![HistoryAction::ExportPicked(vec![picked.id.clone()])]
    );
    // The flag cleared (as the engine wrote it): the filter lets nothing through.
    let mut cleared = picked;
    cleared.outputs[0].flag = None;
    h.state_mut()
        .panel
        .receive(News::Flagged(Ok(Box::new(cleared))));
    h.run();
    h.get_by_label("No job matches the filter.");
    h.get_by_label("Export picked…").click();
    h.run();
    assert_eq!(h.state().actions.len(), 1, "nothing picked to export");
}
