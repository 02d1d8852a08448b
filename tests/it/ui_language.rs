//! The window in Japanese and Chinese: typing through an input method, and (below) every tab
//! walked in each language with no English left.

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use egui::{Event, ImeEvent, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wanedit::ui::WanEditApp;

struct Fixture {
    _rt: tokio::runtime::Runtime,
    harness: Harness<'static, WanEditApp>,
}

fn studio(photos: &[&str]) -> Fixture {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut app =
        WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), support::data_dir());
    app.welcome_skipped = true;
    app.add_paths(photos.iter().map(|p| support::photo(p)).collect());
    assert!(
        app.wait_loaded(Duration::from_secs(30)),
        "photos did not load"
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app);
    harness.run();
    Fixture { _rt: rt, harness }
}

fn preedit(text: &str) -> Event {
    Event::Ime(ImeEvent::Preedit {
        text: text.into(),
        active_range_chars: Some(0..text.chars().count()),
    })
}

#[test]
fn an_input_method_composes_in_the_prompt_and_backspace_only_edits_the_composition() {
    let mut f = studio(&["coffee.png"]);
    let label = wanedit::t!("prompt-instruction");
    f.harness.get_by_label(&label).focus();
    f.harness.run();
    f.harness.event(Event::Text("box 1: ".into()));
    f.harness.run();
    // にほん → 日本 committed; then ご is being composed.
    for e in [preedit("に"), preedit("にほ"), preedit("にほん")] {
        f.harness.event(e);
        f.harness.run();
    }
    assert_eq!(
        f.harness.state().prompt.prompt,
        "box 1: にほん",
        "the preedit is shown in the field"
    );
    f.harness.event(Event::Ime(ImeEvent::Commit("日本".into())));
    f.harness.run();
    assert_eq!(f.harness.state().prompt.prompt, "box 1: 日本");
    f.harness.event(preedit("ごう"));
    f.harness.run();
    // Backspace while composing: the input method shortens its preedit, and a Backspace key
    // that reaches the field as well removes only the composition, never committed text.
    f.harness.event(preedit("ご"));
    f.harness.key_press(Key::Backspace);
    f.harness.run();
    assert_eq!(f.harness.state().prompt.prompt, "box 1: 日本");
    f.harness.event(preedit("ご"));
    f.harness.event(Event::Ime(ImeEvent::Commit("語".into())));
    f.harness.run();
    assert_eq!(f.harness.state().prompt.prompt, "box 1: 日本語");
    // An empty preedit (the method dismissed) leaves what was committed.
    f.harness.event(preedit(""));
    f.harness.event(Event::Ime(ImeEvent::Commit(String::new())));
    f.harness.run();
    assert_eq!(f.harness.state().prompt.prompt, "box 1: 日本語");
    // After composing, Backspace deletes the last committed character as usual.
    f.harness
        .key_press_modifiers(Modifiers::NONE, Key::Backspace);
    f.harness.run();
    assert_eq!(f.harness.state().prompt.prompt, "box 1: 日本");
}
