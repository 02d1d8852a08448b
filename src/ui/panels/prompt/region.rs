//! The prompt panel's composite options: whether results go back into the target, the blend,
//! the composite's file and detail mode.

use crate::api::catalog::ModelSpec;
use crate::api::job::CompositeMode;

use super::PromptState;

impl PromptState {
    /// Whether results are composited into the target, and how (models with boxes only).
    pub(super) fn region_ui(&mut self, ui: &mut egui::Ui, model: &ModelSpec) {
        let reason = model.boxes_unsupported_reason().map(|s| s.words());
        ui.add_enabled_ui(reason.is_none(), |ui| {
            let mut on = self.region.composite != CompositeMode::Off;
            ui.checkbox(&mut on, crate::t!("prompt-composite"))
                .on_hover_text(crate::t!("prompt-composite-hover"))
                .on_disabled_hover_text(reason.clone().unwrap_or_default());
            self.region.composite = if on {
                CompositeMode::Auto
            } else {
                CompositeMode::Off
            };
            if on {
                ui.horizontal(|ui| {
                    let l = ui.label(crate::t!("prompt-feather"));
                    ui.add(
                        egui::DragValue::new(&mut self.region.feather)
                            .range(0..=64)
                            .suffix(" px"),
                    )
                    .labelled_by(l.id)
                    .on_hover_text(crate::t!("prompt-feather-hover"));
                    let l = ui.label(crate::t!("prompt-margin"));
                    ui.add(
                        egui::DragValue::new(&mut self.region.margin)
                            .range(0..=256)
                            .suffix(" px"),
                    )
                    .labelled_by(l.id)
                    .on_hover_text(crate::t!("prompt-margin-hover"));
                });
                ui.checkbox(
                    &mut self.region.match_colour,
                    crate::t!("prompt-match-colour"),
                )
                .on_hover_text(crate::t!("prompt-match-colour-hover"));
                self.composite_file_ui(ui);
            }
        });
    }

    /// The composite's file type and whether it keeps the photo's location.
    fn composite_file_ui(&mut self, ui: &mut egui::Ui) {
        use crate::api::job::CompositeFormat;
        let name = |f: CompositeFormat| match f {
            CompositeFormat::Same => crate::t!("prompt-format-same"),
            CompositeFormat::Png => "PNG".to_string(),
            CompositeFormat::Jpeg => "JPEG".to_string(),
        };
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(crate::t!("prompt-composite-format"));
            egui::ComboBox::from_id_salt("composite-format")
                .selected_text(name(self.region.format))
                .show_ui(ui, |ui| {
                    for f in [
                        CompositeFormat::Same,
                        CompositeFormat::Png,
                        CompositeFormat::Jpeg,
                    ] {
                        ui.selectable_value(&mut self.region.format, f, name(f));
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text(crate::t!("prompt-composite-format-hover"));
            ui.checkbox(
                &mut self.region.strip_location,
                crate::t!("prompt-strip-location"),
            )
            .on_hover_text(crate::t!("prompt-strip-location-hover"));
        });
        self.detail_ui(ui);
    }

    /// Detail mode: auto, on or off (the figures are said under Run, from the whole job).
    fn detail_ui(&mut self, ui: &mut egui::Ui) {
        use crate::api::job::DetailMode;
        let name = |m: DetailMode| match m {
            DetailMode::Auto => crate::t!("prompt-detail-auto"),
            DetailMode::On => crate::t!("prompt-detail-on"),
            DetailMode::Off => crate::t!("prompt-detail-off"),
        };
        ui.horizontal(|ui| {
            let l = ui.label(crate::t!("prompt-detail"));
            egui::ComboBox::from_id_salt("detail-mode")
                .selected_text(name(self.region.detail))
                .show_ui(ui, |ui| {
                    for m in [DetailMode::Auto, DetailMode::On, DetailMode::Off] {
                        ui.selectable_value(&mut self.region.detail, m, name(m));
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text(crate::t!("prompt-detail-hover"));
        });
    }
}
