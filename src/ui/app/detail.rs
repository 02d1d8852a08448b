//! Detail mode's figures under Run: what a run would send, said before it is sent.

use egui::RichText;

use super::WanEditApp;

impl WanEditApp {
    pub(super) fn detail_figures_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(f) = crate::jobs::detail::figures(&self.current_job()) {
            ui.label(RichText::new(f.sentence()).small())
                .on_hover_text(crate::t!("prompt-detail-hover"));
        }
    }
}
