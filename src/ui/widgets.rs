//! Small controls shared by panels.

/// A button whose accessible label names its row (several rows have the same buttons).
pub fn labelled(ui: &mut egui::Ui, text: &str, label: String, enabled: bool) -> egui::Response {
    let r = ui.add_enabled(enabled, egui::Button::new(text).small());
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &label));
    r
}
