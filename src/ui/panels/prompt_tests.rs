//! The prompt panel on its own state and a model of the catalog: no app, no job.
use super::*;
use crate::i18n::{Lang, set_for_this_thread};
use egui::accesskit::Toggled;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

struct Bench {
    state: PromptState,
    model: &'static ModelSpec,
    can_run: Result<(), String>,
    building_curl: bool,
    warning: Option<String>,
    actions: Vec<PromptAction>,
}

fn model(id: &str) -> &'static ModelSpec {
    ModelSpec::find(id).unwrap()
}

/// The panel and its Run row for `model`, a text-to-image job (no images).
fn bench(id: &str) -> Harness<'static, Bench> {
    set_for_this_thread(Some(Lang::En));
    let mut h = Harness::builder()
        .with_size(egui::vec2(520.0, 1200.0))
        .with_context_setup(crate::ui::install_look)
        .build_ui_state(
            |ui, b: &mut Bench| {
                b.state.show(ui, b.model, false);
                let a = b.state.run_row(
                    ui,
                    b.can_run.clone(),
                    b.building_curl,
                    (None, b.warning.as_deref()),
                );
                if a != PromptAction::None {
                    b.actions.push(a);
                }
            },
            Bench {
                state: PromptState::default(),
                model: model(id),
                can_run: Ok(()),
                building_curl: false,
                warning: None,
                actions: Vec::new(),
            },
        );
    h.run();
    h
}

fn disabled(h: &Harness<'_, Bench>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

fn ticked(h: &Harness<'_, Bench>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().toggled() == Some(Toggled::True)
}

/// What is typed is the instruction, counted against the model's limit; a preset's text is
/// added on a line of its own.
#[test]
fn the_instruction_is_typed_counted_and_a_preset_added() {
    let mut h = bench("wan2.7-image");
    h.get_by_label("0 / 5000 characters");
    h.get_by_label("Instruction").focus();
    h.run();
    h.get_by_label("Instruction").type_text("a teapot");
    h.run();
    assert_eq!(h.state().state.prompt, "a teapot");
    h.get_by_label("8 / 5000 characters");

    h.get_by_label("Preset").click();
    h.run();
    h.get_by_label("Interactive box edit").click();
    h.run();
    assert_eq!(
        h.state().state.prompt,
        format!(
            "a teapot\n{}",
            crate::i18n::text("preset-box-edit-text", None)
        )
    );
}

/// What the model does not take is disabled: wan2.7 has no negative prompt, wan2.5 runs only
/// as a task (its Async box stays ticked); wan2.6 takes both.
#[test]
fn controls_the_model_lacks_are_disabled() {
    let mut h = bench("wan2.7-image");
    assert!(disabled(&h, "Negative prompt"));
    assert!(!disabled(&h, "Run as async task"));
    assert!(ticked(&h, "Run as async task"));
    h.get_by_label("Run as async task").click();
    h.run();
    assert!(!h.state().state.run_async);
    assert_eq!(h.state().state.mode(h.state().model), CallMode::Sync);

    let mut h = bench("wan2.5-i2i-preview");
    h.state_mut().state.run_async = false;
    h.run();
    assert!(disabled(&h, "Run as async task"));
    assert!(ticked(&h, "Run as async task"), "shown as it will run");
    assert_eq!(h.state().state.mode(h.state().model), CallMode::Async);

    let mut h = bench("wan2.6-image");
    assert!(!disabled(&h, "Negative prompt"));
    h.get_by_label("Negative prompt").focus();
    h.run();
    h.get_by_label("Negative prompt").type_text("blurry");
    h.run();
    assert_eq!(h.state().state.negative, "blurry");
    assert_eq!(
        h.state()
            .state
            .params(h.state().model, false)
            .negative_prompt
            .as_deref(),
        Some("blurry")
    );
}

/// A custom size shows its width and height, and the request asks for those pixels.
#[test]
fn a_custom_size_shows_its_fields_and_goes_into_the_request() {
    let mut h = bench("wan2.7-image");
    assert!(h.query_by_label("Width × height").is_none());
    h.get_by_label("Size").click();
    h.run();
    h.get_by_label("W*H (custom)").click();
    h.run();
    assert_eq!(h.state().state.size, "custom");
    h.get_by_label("Width × height");
    h.get_by_label("Height");
    assert_eq!(
        h.state().state.params(h.state().model, false).size,
        Some(SizeChoice::Pixels {
            width: 1280,
            height: 1280
        })
    );
}

/// The palette (wan2.7, text to image): ticked, its colours are listed; one added, one
/// removed, and the total of the shares says so.
#[test]
fn palette_colours_are_added_and_removed() {
    let mut h = bench("wan2.7-image");
    assert!(h.query_by_label("Colour 1").is_none());
    h.get_by_label("Colour palette").click();
    h.run();
    assert!(h.state().state.use_palette);
    h.get_by_label("Colour 3");
    h.get_by_label("total 100.00%");
    h.get_by_label("Add colour").click();
    h.run();
    h.get_by_label("Colour 4");
    h.get_all_by_label("Remove colour").next().unwrap().click();
    h.run();
    let hexes: Vec<&str> = h
        .state()
        .state
        .palette
        .iter()
        .map(|(hex, _)| hex.as_str())
        .collect();
    assert_eq!(hexes, ["#F2E9DC", "#3A4A5C", "#808080"]);
    h.get_by_label("total 40.00%");
}

/// Run runs only when the job can; why not is said beneath it. Copy request as curl waits while
/// the request is being built.
#[test]
fn run_runs_only_when_it_can() {
    let mut h = bench("wan2.7-image");
    h.state_mut().can_run = Err("add an image or write an instruction".into());
    h.state_mut().warning = Some("The prompt names image 2, but the job has 1 image(s).".into());
    h.run();
    h.get_by_label("add an image or write an instruction");
    h.get_by_label("The prompt names image 2, but the job has 1 image(s).");
    assert!(disabled(&h, "Run"));
    h.get_by_label("Run").click();
    h.run();
    assert!(h.state().actions.is_empty());

    h.state_mut().can_run = Ok(());
    h.run();
    h.get_by_label("Run").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    h.get_by_label("Copy request as curl").click();
    h.run();
    assert_eq!(
        h.state().actions,
        vec![PromptAction::Run, PromptAction::Run, PromptAction::CopyCurl]
    );

    // A spinner turns while the request is built: steps, not run.
    h.state_mut().building_curl = true;
    h.step();
    h.step();
    h.get_by_label("Building the request…");
    assert!(h.query_by_label("Copy request as curl").is_none());
}
