//! The top bar: model picker, adding images (dialog or URL), undo and redo of box edits.

use crate::api::catalog::{MODELS, ModelSpec};
use crate::ui::shortcuts::{Action, keys_text};
use crate::ui::widgets::{icon, icon_button};

/// What only the toolbar keeps: the URL being typed.
#[derive(Debug, Default)]
pub struct ToolbarState {
    pub url_field: String,
}

/// What the toolbar reads.
pub struct ToolbarView {
    pub model: &'static ModelSpec,
    pub can_undo: bool,
    pub can_redo: bool,
}

#[derive(Debug, Clone)]
pub enum ToolbarAction {
    PickModel(&'static ModelSpec),
    /// Open the file dialog.
    AddFiles,
    /// The window's own file picker.
    Browse,
    AddUrl(String),
    /// What was typed cannot be used: the sentence says why.
    Refused(String),
    Undo,
    Redo,
    /// Show the shortcut sheet.
    Shortcuts,
    /// Open Settings (at the foot of the prompt panel) and scroll to it.
    Settings,
}

impl PartialEq for ToolbarAction {
    fn eq(&self, other: &Self) -> bool {
        use ToolbarAction as A;
        match (self, other) {
            (A::PickModel(a), A::PickModel(b)) => a.id == b.id,
            (A::AddFiles, A::AddFiles)
            | (A::Browse, A::Browse)
            | (A::Undo, A::Undo)
            | (A::Redo, A::Redo)
            | (A::Shortcuts, A::Shortcuts) => true,
            (A::AddUrl(a), A::AddUrl(b)) | (A::Refused(a), A::Refused(b)) => a == b,
            _ => false,
        }
    }
}

pub fn show(
    ui: &mut egui::Ui,
    state: &mut ToolbarState,
    view: &ToolbarView,
) -> Option<ToolbarAction> {
    let mut action = None;
    // Narrow windows: the URL field shorter, Undo, Redo and Shortcuts as icons (their words
    // on hover and for screen readers); and the row wraps rather than lose a button.
    let narrow = ui.available_width() < 1320.0;
    let very_narrow = ui.available_width() < 1100.0;
    ui.horizontal_wrapped(|ui| {
        ui.heading("wanedit");
        ui.separator();
        let model_label = ui.label(crate::t!("toolbar-model"));
        let mut chosen = view.model.id;
        egui::ComboBox::from_id_salt("model")
            .selected_text(view.model.id)
            .show_ui(ui, |ui| {
                for m in MODELS {
                    ui.selectable_value(&mut chosen, m.id, m.id)
                        .on_hover_text(blurb(m));
                }
            })
            .response
            .labelled_by(model_label.id);
        if chosen != view.model.id
            && let Some(m) = ModelSpec::find(chosen)
        {
            action = Some(ToolbarAction::PickModel(m));
        }
        ui.separator();
        if icon_button(ui, icon::ADD_IMAGES, crate::t!("toolbar-add-images"), true)
            .on_hover_text(crate::t!("toolbar-add-images-hover"))
            .clicked()
        {
            action = Some(ToolbarAction::AddFiles);
        }
        if crate::ui::widgets::compact_icon_button(
            ui,
            very_narrow,
            icon::FOLDER,
            crate::t!("toolbar-browse"),
            true,
        )
        .on_hover_text(crate::t!("toolbar-browse-hover"))
        .clicked()
        {
            action = Some(ToolbarAction::Browse);
        }
        let url_label = ui.label(crate::t!("toolbar-image-url"));
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.url_field)
                    .hint_text("https://…")
                    .desired_width(if narrow { 150.0 } else { 220.0 }),
            )
            .labelled_by(url_label.id);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (icon_button(ui, icon::LINK, crate::t!("toolbar-add-url"), true).clicked() || enter)
            && !state.url_field.trim().is_empty()
        {
            let url = state.url_field.trim().to_string();
            if url.starts_with("http://") || url.starts_with("https://") {
                state.url_field.clear();
                action = Some(ToolbarAction::AddUrl(url));
            } else {
                action = Some(ToolbarAction::Refused(crate::t!(
                    "toolbar-not-a-url",
                    url = url
                )));
            }
        }
        ui.separator();
        if crate::ui::widgets::compact_icon_button(
            ui,
            narrow,
            icon::UNDO,
            crate::t!("toolbar-undo"),
            view.can_undo,
        )
        .on_hover_text(crate::t!(
            "toolbar-undo-hover",
            keys = keys_text(ui.ctx(), Action::Undo)
        ))
        .clicked()
        {
            action = Some(ToolbarAction::Undo);
        }
        if crate::ui::widgets::compact_icon_button(
            ui,
            narrow,
            icon::REDO,
            crate::t!("toolbar-redo"),
            view.can_redo,
        )
        .on_hover_text(crate::t!(
            "toolbar-redo-hover",
            keys = keys_text(ui.ctx(), Action::Redo)
        ))
        .clicked()
        {
            action = Some(ToolbarAction::Redo);
        }
        ui.separator();
        if crate::ui::widgets::compact_icon_button(
            ui,
            narrow,
            icon::SHORTCUTS,
            crate::t!("toolbar-shortcuts"),
            true,
        )
        .on_hover_text(crate::t!(
            "toolbar-shortcuts-hover",
            keys = keys_text(ui.ctx(), Action::ShowShortcuts)
        ))
        .clicked()
        {
            action = Some(ToolbarAction::Shortcuts);
        }
        // A gear alone (its word on hover and for screen readers): the row stays one row.
        if crate::ui::widgets::compact_icon_button(
            ui,
            true,
            icon::SETTINGS,
            crate::t!("toolbar-settings"),
            true,
        )
        .clicked()
        {
            action = Some(ToolbarAction::Settings);
        }
    });
    action
}

/// A model's one-line description in the window's language (the catalog's own is English).
fn blurb(m: &ModelSpec) -> String {
    match m.id {
        "wan2.7-image-pro" => crate::t!("model-blurb-27-pro"),
        "wan2.7-image" => crate::t!("model-blurb-27"),
        "wan2.6-image" => crate::t!("model-blurb-26"),
        "wan2.5-i2i-preview" => crate::t!("model-blurb-25"),
        _ => m.blurb.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    /// The toolbar on its own state: a typed URL comes back as an action, a typed path as a
    /// refusal with its sentence, and undo is offered only when there is something to undo.
    #[test]
    fn the_toolbar_returns_what_was_asked() {
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1200.0, 60.0))
            .with_context_setup(crate::ui::install_look)
            .build_ui_state(
                |ui, (state, last): &mut (ToolbarState, Vec<ToolbarAction>)| {
                    let view = ToolbarView {
                        model: &MODELS[0],
                        can_undo: false,
                        can_redo: true,
                    };
                    if let Some(a) = show(ui, state, &view) {
                        last.push(a);
                    }
                },
                (ToolbarState::default(), Vec::new()),
            );
        harness.get_by_label("Image URL").focus();
        harness
            .get_by_label("Image URL")
            .type_text("https://example.com/a.png");
        harness.get_by_label("Add URL").click();
        harness.run();
        assert_eq!(
            harness.state().1,
            vec![ToolbarAction::AddUrl("https://example.com/a.png".into())]
        );
        assert!(harness.state().0.url_field.is_empty());
        harness.get_by_label("Image URL").focus();
        harness.run();
        harness.get_by_label("Image URL").type_text("/tmp/a.png");
        harness.get_by_label("Add URL").click();
        harness.run();
        assert!(
            matches!(harness.state().1.last(), Some(ToolbarAction::Refused(s)) if s.contains("not a web address"))
        );
        let before = harness.state().1.len();
        harness.get_by_label("Undo").click();
        harness.run();
        assert_eq!(harness.state().1.len(), before, "nothing to undo");
        harness.get_by_label("Redo").click();
        harness.run();
        assert_eq!(harness.state().1.last(), Some(&ToolbarAction::Redo));
    }
}
