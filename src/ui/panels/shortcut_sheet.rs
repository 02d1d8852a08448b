//! The shortcut sheet (F1 or ?): every row of [`crate::ui::shortcuts`], by part of the window,
//! with the keys as this platform writes them.

use crate::ui::shortcuts::{GESTURES, ROWS, Section};

/// Shows the sheet while `open`; closing it (its button, Escape, F1 or ? again) clears `open`.
pub fn show(ctx: &egui::Context, open: &mut bool) {
    if !*open {
        return;
    }
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        *open = false;
        return;
    }
    // Its own Close button, not the title bar's (egui names that one in English only), and
    // not resizable (nor are its edges' names).
    let mut close = false;
    // The list scrolls within the window's height, so that Close stays on screen at 640 px.
    let list_height = (ctx.content_rect().height() - 220.0).clamp(120.0, 640.0);
    egui::Window::new(crate::t!("shortcuts-title"))
        .id(egui::Id::unique("shortcut-sheet"))
        .collapsible(false)
        .resizable(false)
        .default_width(520.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(list_height)
                .show(ui, |ui| {
                    // One grid for every part, so that the keys and the words line up.
                    egui::Grid::new("shortcuts")
                        .num_columns(2)
                        .spacing([24.0, 6.0])
                        .striped(true)
                        .show(ui, |ui| {
                            for section in Section::ALL {
                                ui.strong(crate::i18n::text(section.key(), None));
                                ui.end_row();
                                for row in ROWS.iter().filter(|r| r.section == section) {
                                    ui.monospace(crate::ui::shortcuts::keys_text(ctx, row.action));
                                    // Wrapped within the sheet, not cut at its edge.
                                    ui.add(
                                        egui::Label::new(crate::i18n::text(row.what, None)).wrap(),
                                    );
                                    ui.end_row();
                                }
                                if section == Section::Canvas {
                                    for g in GESTURES {
                                        ui.monospace(g.keys_text(ctx));
                                        ui.add(
                                            egui::Label::new(crate::i18n::text(g.what, None))
                                                .wrap(),
                                        );
                                        ui.end_row();
                                    }
                                }
                            }
                        });
                });
            ui.separator();
            if ui.button(crate::t!("shortcuts-close")).clicked() {
                close = true;
            }
        });
    if close {
        *open = false;
    }
}
