//! The window in Japanese and Chinese: typing through an input method, and (below) every tab
//! walked in each language with no English left.

use crate::support;

use egui::{Event, ImeEvent, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wanedit::ui::WanEditApp;

struct Fixture {
    _rt: tokio::runtime::Runtime,
    harness: Harness<'static, WanEditApp>,
}

fn studio(photos: &[&str]) -> Fixture {
    let (rt, harness) = support::window::offline_studio(photos, None);
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
        f.harness.state().compose.prompt.prompt,
        "box 1: にほん",
        "the preedit is shown in the field"
    );
    f.harness.event(Event::Ime(ImeEvent::Commit("日本".into())));
    f.harness.run();
    assert_eq!(f.harness.state().compose.prompt.prompt, "box 1: 日本");
    f.harness.event(preedit("ごう"));
    f.harness.run();
    // Backspace while composing: the input method shortens its preedit, and a Backspace key
    // that reaches the field as well removes only the composition, never committed text.
    f.harness.event(preedit("ご"));
    f.harness.key_press(Key::Backspace);
    f.harness.run();
    assert_eq!(f.harness.state().compose.prompt.prompt, "box 1: 日本");
    f.harness.event(preedit("ご"));
    f.harness.event(Event::Ime(ImeEvent::Commit("語".into())));
    f.harness.run();
    assert_eq!(f.harness.state().compose.prompt.prompt, "box 1: 日本語");
    // An empty preedit (the method dismissed) leaves what was committed.
    f.harness.event(preedit(""));
    f.harness.event(Event::Ime(ImeEvent::Commit(String::new())));
    f.harness.run();
    assert_eq!(f.harness.state().compose.prompt.prompt, "box 1: 日本語");
    // After composing, Backspace deletes the last committed character as usual.
    f.harness
        .key_press_modifiers(Modifiers::NONE, Key::Backspace);
    f.harness.run();
    assert_eq!(f.harness.state().compose.prompt.prompt, "box 1: 日本");
}

/// Technical words that stay as they are in every language: names, identifiers the service
/// or the shell reads, key names, units.
const NOT_ENGLISH: &[&str] = &[
    // The result-name pattern's words ({name}-edit): a file name's, like the files'.
    "{name}-edit",
    "wan2.7-image-pro",
    "wan2.7-image",
    "wan2.6-image",
    "wan2.5-i2i-preview",
    "wanedit",
    "Wan",
    "bbox_list",
    "DASHSCOPE_API_KEY",
    "request_id",
    "enable_sequential",
    "enable_interleave",
    "API",
    "URL",
    "PNG",
    "JSON",
    "curl",
    "Model Studio",
    "GNOME Keyring",
    "KWallet",
    "AI Generated",
    "OPEN",
    "cup",
    "box",
    "image",
    "sk-",
    "https",
    "Ctrl",
    "Shift",
    "Alt",
    "Space",
    "Tab",
    "Enter",
    "Delete",
    "Backspace",
    "Escape",
    "Esc",
    "F1",
    "W*H",
    "px",
    "UTC",
    "x1",
    "y1",
    "x2",
    "y2",
    "Plus",
    "Minus",
    "Questionmark",
    "HTTP",
    // Currency codes (ISO 4217) are written as they are in every language.
    "USD",
    // File formats keep their names.
    "JPEG",
    "CNY",
];

/// egui's own accessible names, which it writes in English and offers no way to translate:
/// the splitter of a resizable panel (egui/src/containers/panel.rs).
const EGUIS_OWN: &[&str] = &["Resize panel"];

/// The labels and values of every node on screen that hold an English word.
fn english_left(h: &Harness<'_, WanEditApp>) -> Vec<String> {
    english_left_but(h, &[])
}

/// [`english_left`], with `theirs` (the service's own words, shown as they came) left out.
pub(crate) fn english_left_but(h: &Harness<'_, WanEditApp>, theirs: &[&str]) -> Vec<String> {
    use egui_kittest::kittest::{By, NodeT};
    let mut found = Vec::new();
    for node in h.query_all(By::new()) {
        let n = node.accesskit_node();
        for text in [n.label(), n.value()].into_iter().flatten() {
            if EGUIS_OWN.contains(&text.as_str()) {
                continue;
            }
            let mut rest = text.clone();
            for keep in theirs.iter().chain(NOT_ENGLISH) {
                rest = rest.replace(keep, " ");
            }
            // Paths, links and file names are the user's: a piece between spaces (or the
            // brackets around it) with a slash or a dot in it is left out whole.
            let kept: Vec<&str> = rest
                .split(|c: char| c.is_whitespace() || "（）()「」“”\"".contains(c))
                .filter(|w| !w.contains('/') && !w.contains('.'))
                .collect();
            let words: Vec<&str> = kept
                .iter()
                .flat_map(|w| w.split(|c: char| !c.is_ascii_alphabetic()))
                .filter(|w| w.len() >= 3)
                .collect();
            if !words.is_empty() {
                found.push(format!("{text:?} ({})", words.join(" ")));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn walk_every_tab_in(lang: wanedit::i18n::Lang) {
    use wanedit::i18n::text_in;
    let mut problems = Vec::new();
    // The first run: no key, no image, the welcome's steps.
    let mut first = studio(&[]);
    {
        let app = first.harness.state_mut();
        app.session.settings.language = Some(lang);
        app.welcome_skipped = false;
        app.session.auto_key_check = false;
    }
    first.harness.run();
    assert!(
        shows(&first.harness, &text_in(lang, "welcome-skip", None)),
        "the welcome is not shown"
    );
    for e in english_left(&first.harness) {
        problems.push(format!("welcome: {e}"));
    }
    let mut f = studio(&["coffee.png"]);
    {
        let app = f.harness.state_mut();
        app.session.settings.language = Some(lang);
        app.set_api_key(wanedit::api::client::ApiKey::new("sk-test-walk"));
        app.compose.prompt.prompt = "box 1 のカップをティーポットに".into();
        // No check of the key against a service this machine cannot reach.
        app.session.auto_key_check = false;
    }
    f.harness.run();
    let mut look = |h: &mut Harness<'_, WanEditApp>, place: &str| {
        h.run();
        for e in english_left(h) {
            problems.push(format!("{place}: {e}"));
        }
    };
    look(&mut f.harness, "canvas");
    // Settings open, the shortcut sheet open.
    let heading = text_in(lang, "settings-heading", None);
    f.harness.get_by_label(&heading).scroll_to_me();
    f.harness.run();
    f.harness.get_by_label(&heading).click();
    f.harness.run();
    {
        use egui_kittest::kittest::NodeT;
        let open = f
            .harness
            .get_by_label(&heading)
            .accesskit_node()
            .data()
            .is_expanded();
        assert_eq!(open, Some(true), "Settings did not open");
    }
    look(&mut f.harness, "settings");
    f.harness.key_press(Key::F1);
    look(&mut f.harness, "shortcut sheet");
    f.harness.key_press(Key::F1);
    f.harness.run();
    for tab in ["tab-compare", "tab-history", "tab-batch", "tab-canvas"] {
        f.harness.get_by_label(&text_in(lang, tab, None)).click();
        look(&mut f.harness, tab);
    }
    assert!(
        problems.is_empty(),
        "English left in {}:\n{}",
        lang.tag(),
        problems.join("\n")
    );
}

#[test]
fn every_tab_in_japanese_has_no_english_left() {
    walk_every_tab_in(wanedit::i18n::Lang::Ja);
}

#[test]
fn every_tab_in_chinese_has_no_english_left() {
    walk_every_tab_in(wanedit::i18n::Lang::ZhCn);
}

/// Whether a node on screen has `text` in its label or its value.
/// The stand-in refuses the next create as the service does content it will not make; its own
/// message, which the window must show as it came.
fn refuse_as_inappropriate(s: &support::standin::StandIn) -> &'static str {
    use support::standin::{Fault, Target};
    let message = "Input or output data may contain inappropriate content.";
    s.push_fault(
        Target::Create,
        Fault::Http {
            status: 400,
            code: "DataInspectionFailed",
            message,
        },
    );
    message
}

fn shows(h: &Harness<'_, WanEditApp>, text: &str) -> bool {
    use egui_kittest::kittest::{By, NodeT};
    h.query_all(By::new()).any(|node| {
        let n = node.accesskit_node();
        [n.label(), n.value()]
            .into_iter()
            .flatten()
            .any(|t| t.contains(text))
    })
}

/// A repaired image, a job refused before it is sent, and a job the service refuses: the
/// sentences the engine makes (on the runtime's threads) are in the window's language, and
/// only the service's own code and message stay as they came.
fn the_engines_sentences_in(lang: wanedit::i18n::Lang) {
    use crate::support::standin::{Config, StandIn};
    use std::time::{Duration, Instant};
    use wanedit::api::job::BBox;
    use wanedit::i18n::text_in;
    use wanedit::ui::results::JobStatus;

    let s = StandIn::start(Config::default());
    // The logo has an alpha channel (every pixel opaque), which the service refuses: it is
    // taken off.
    let mut st = support::window::studio_in(&s, &["logo.png"], Some(lang));
    {
        let app = st.h.state_mut();
        app.set_api_key(wanedit::api::client::ApiKey::new(s.key()));
        app.compose.prompt.prompt = "box 1 のカップを金色に".into();
    }
    st.h.run();
    let mut problems = Vec::new();
    for e in english_left(&st.h) {
        problems.push(format!("a repaired image: {e}"));
    }
    let repair = text_in(lang, "repair-dropped-alpha", None);
    assert!(shows(&st.h, &repair), "the repair is not shown: {repair}");

    // Refused before anything is sent: boxes on a model that takes none.
    {
        let app = st.h.state_mut();
        app.compose.model = wanedit::api::catalog::ModelSpec::find("wan2.6-image").unwrap();
        app.compose.inputs.slots[0].boxes.push(BBox {
            x1: 10,
            y1: 10,
            x2: 60,
            y2: 60,
        });
    }
    st.h.run();
    let why = st.h.state().can_run().unwrap_err();
    assert!(
        why.contains("bbox_list") && !why.contains("does not take"),
        "the refusal is not in {}: {why}",
        lang.tag()
    );
    assert!(shows(&st.h, &why), "the refusal is not shown: {why}");
    for e in english_left(&st.h) {
        problems.push(format!("a refused job: {e}"));
    }

    // Refused by the service: its code and message are shown as they came, the rest is ours.
    {
        let app = st.h.state_mut();
        app.compose.model = wanedit::api::catalog::ModelSpec::find("wan2.7-image").unwrap();
        app.compose.inputs.slots[0].boxes.clear();
    }
    st.h.run();
    let message = refuse_as_inappropriate(&s);
    st.h.state_mut().run().expect("the job starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while st
        .h
        .state()
        .runs
        .jobs
        .first()
        .is_some_and(|j| j.is_active())
    {
        assert!(Instant::now() < deadline, "the job did not end");
        st.h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    st.h.run();
    let JobStatus::Failed {
        sentence,
        request_id,
        ..
    } = &st.h.state().runs.jobs[0].status
    else {
        panic!("{:?}", st.h.state().runs.jobs[0].status)
    };
    let sentence = sentence.words();
    assert!(sentence.contains(message), "{sentence}");
    assert!(
        sentence.contains(&text_in(lang, "advice-moderation", None)),
        "the advice is not in {}: {sentence}",
        lang.tag()
    );
    let request_id = request_id.clone().expect("the service's request id");
    for e in english_left_but(&st.h, &[message, "DataInspectionFailed", &request_id]) {
        problems.push(format!("a failed job: {e}"));
    }

    // No service there: the connection's failure said in words, not as a library's chain.
    st.h.state_mut().session.settings.endpoint = wanedit::api::region::Endpoint::Custom {
        base_url: "http://127.0.0.1:1/api/v1".into(),
    };
    st.h.state_mut().run().expect("the job starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while st.h.state().runs.jobs.iter().any(|j| j.is_active()) {
        assert!(Instant::now() < deadline, "the job did not end");
        st.h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    st.h.run();
    let unreachable =
        st.h.state()
            .runs
            .jobs
            .iter()
            .find_map(|j| match &j.status {
                JobStatus::Failed { sentence, .. } if sentence.words().contains("127.0.0.1") => {
                    Some(sentence.words())
                }
                _ => None,
            })
            .expect("the job failed, naming the host");
    assert!(
        unreachable.contains(&text_in(lang, "keycheck-refused-connection", None)),
        "{unreachable}"
    );
    for e in english_left_but(&st.h, &[message, "DataInspectionFailed", &request_id]) {
        problems.push(format!("no connection: {e}"));
    }
    assert!(
        problems.is_empty(),
        "English left in {}:\n{}",
        lang.tag(),
        problems.join("\n")
    );
}

#[test]
fn the_engines_sentences_are_japanese_in_a_japanese_window() {
    the_engines_sentences_in(wanedit::i18n::Lang::Ja);
}

#[test]
fn the_engines_sentences_are_chinese_in_a_chinese_window() {
    the_engines_sentences_in(wanedit::i18n::Lang::ZhCn);
}

/// What was said before a language change is said again in the new language: the key check's
/// sentence is asked for again (for free) and comes in the window's new language, also when
/// the runtime's threads speak another.
#[test]
fn the_key_checks_sentence_is_said_again_after_a_language_change() {
    use support::standin::{Config, StandIn};
    let s = StandIn::start(Config::default());
    let mut st = support::window::studio(&s, &["coffee.png"]);
    st.h.state_mut()
        .set_api_key(wanedit::api::client::ApiKey::new(s.key()));
    st.h.state_mut().check_key(false);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !st
        .h
        .state()
        .session
        .key_check
        .last
        .as_ref()
        .is_some_and(|c| c.sentence().words().contains("valid for"))
    {
        assert!(std::time::Instant::now() < deadline, "no key check");
        std::thread::sleep(std::time::Duration::from_millis(10));
        st.h.step();
    }
    st.h.state_mut().session.settings.language = Some(wanedit::i18n::Lang::Ja);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !st
        .h
        .state()
        .session
        .key_check
        .last
        .as_ref()
        .is_some_and(|c| c.sentence().words().contains("有効"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "still {:?}",
            st.h.state().session.key_check.last
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        st.h.step();
    }
}

/// A running job's row speaks the language chosen while it runs (its stage is worded again at
/// each frame, not kept in the words of when it arrived).
#[test]
fn a_running_jobs_row_follows_a_language_change() {
    use support::standin::{Config, StandIn};
    use wanedit::api::client::ApiKey;
    let s = StandIn::start(Config {
        pending: std::time::Duration::from_secs(60),
        ..Config::default()
    });
    let mut st = support::window::studio(&s, &["chelsea.png"]);
    st.h.state_mut().set_api_key(ApiKey::new(s.key()));
    // Polls far apart (as the service's are, seconds): no new stage arrives to word it again.
    st.h.state_mut().session.timing.poll_first = std::time::Duration::from_secs(30);
    st.h.state_mut().session.timing.poll_max = std::time::Duration::from_secs(30);
    st.pick_model("wan2.6-image");
    st.type_prompt("Make it a watercolour painting");
    st.h.get_by_label("Run").click();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while st
        .h
        .query_all_by_label_contains("waiting in the service's queue")
        .next()
        .is_none()
    {
        assert!(std::time::Instant::now() < deadline, "not queued");
        std::thread::sleep(std::time::Duration::from_millis(10));
        st.h.step();
    }
    st.h.state_mut().session.settings.language = Some(wanedit::i18n::Lang::Ja);
    st.h.run();
    st.h.step();
    assert!(
        st.h.query_all_by_label_contains("waiting in the service's queue")
            .next()
            .is_none(),
        "the row stayed English"
    );
    st.h.get_all_by_label_contains("順番待ち").next().unwrap();
    let id = st.h.state().runs.jobs[0].id;
    st.h.state_mut().cancel(id);
}

/// A job the service refuses, recorded while the window speaks English: after a switch to
/// Japanese its History entry and its Results row say it in Japanese (history keeps what was
/// said as a message and its data, not as English text), and the service's own words stay.
#[test]
fn a_history_entry_made_in_english_reads_in_japanese_after_a_switch() {
    use support::standin::{Config, StandIn};
    use wanedit::i18n::{Lang, Said, text_in};
    use wanedit::ui::CentralTab;
    let s = StandIn::start(Config::default());
    let mut st = support::window::studio(&s, &["chelsea.png"]);
    st.h.state_mut()
        .set_api_key(wanedit::api::client::ApiKey::new(s.key()));
    st.type_prompt("Make it a watercolour painting");
    let message = refuse_as_inappropriate(&s);
    st.h.state_mut().run().expect("the job starts");
    st.h.state_mut()
        .wait_jobs(std::time::Duration::from_secs(20));
    st.h.state_mut().tab = CentralTab::History;
    st.h.state_mut()
        .wait_history(std::time::Duration::from_secs(10));
    st.h.run();
    let (en, ja) = (
        text_in(Lang::En, "advice-moderation", None),
        text_in(Lang::Ja, "advice-moderation", None),
    );
    assert!(
        shows(&st.h, &en),
        "the English entry does not give the advice"
    );
    // On disk: the message and its data, not English text.
    let entry = st.h.state().library.history.entries[0].clone();
    assert!(
        matches!(&entry.sentence, Some(Said::Message { key, .. }) if key == "err-service-advice"),
        "{:?}",
        entry.sentence
    );

    st.h.state_mut().session.settings.language = Some(Lang::Ja);
    st.h.run();
    st.h.step();
    assert!(shows(&st.h, &ja), "the entry is not in Japanese");
    assert!(!shows(&st.h, &en), "the entry stayed English");
    assert!(shows(&st.h, message), "the service's own words are kept");
    // The Results row's sentence too.
    let wanedit::ui::results::JobStatus::Failed { sentence, .. } =
        &st.h.state().runs.jobs[0].status
    else {
        panic!("{:?}", st.h.state().runs.jobs[0].status)
    };
    assert!(sentence.to_string().contains(&ja), "{sentence}");
}

/// What the status line said, and the earlier messages a click away, read in the language of
/// the moment: a switch neither leaves them in the old words nor drops the news.
#[test]
fn the_status_line_and_earlier_messages_follow_a_language_change() {
    use wanedit::i18n::{Lang, text_in};
    let mut f = studio(&[]);
    f.harness.state_mut().problem(wanedit::said!("run-no-key"));
    f.harness.state_mut().say(wanedit::said!("sample-ready"));
    f.harness.run();
    let said = |lang| text_in(lang, "sample-ready", None);
    assert_eq!(f.harness.state().status_text(), Some(said(Lang::En)));
    assert!(shows(&f.harness, &said(Lang::En)));

    f.harness.state_mut().session.settings.language = Some(Lang::Ja);
    f.harness.run();
    assert_eq!(f.harness.state().status_text(), Some(said(Lang::Ja)));
    assert!(
        shows(&f.harness, &said(Lang::Ja)),
        "the status line is not in Japanese"
    );
    let earlier: Vec<String> = f
        .harness
        .state()
        .notifications
        .newest_first()
        .map(|n| n.status.to_string())
        .collect();
    assert_eq!(
        earlier,
        [said(Lang::Ja), text_in(Lang::Ja, "run-no-key", None)],
        "the earlier messages stayed English"
    );
}
