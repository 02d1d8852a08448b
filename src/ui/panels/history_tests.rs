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
