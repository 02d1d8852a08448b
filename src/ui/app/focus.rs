//! Where the keyboard goes first: with nothing focused, Tab goes to the canvas (the image and
//! its boxes are what the designer works on), not through the toolbar and every field of the
//! prompt panel first; Shift+Tab and Tab from a field go round as usual.

use super::{CentralTab, WanEditApp};

impl WanEditApp {
    /// Called each frame before the panels are laid out.
    pub(super) fn tab_to_canvas(&mut self, ctx: &egui::Context) {
        if self.tab != CentralTab::Canvas || self.compose.inputs.slots.is_empty() {
            return;
        }
        let nothing_focused = ctx.memory(|m| m.focused().is_none());
        let tab = ctx
            .input(|i| i.key_pressed(egui::Key::Tab) && !i.modifiers.shift && !i.modifiers.any());
        if nothing_focused && tab {
            // egui would give the focus to the first widget of the window (the model menu).
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            self.canvas.focus_wanted = true;
        }
    }
}
