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
        .default_width(crate::ui::theme::size::SHORTCUT_SHEET_WIDTH)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_for_this_thread};
    use crate::ui::shortcuts::{Action, keys_text};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn sheet(open: bool) -> Harness<'static, bool> {
        set_for_this_thread(Some(Lang::En));
        let mut h = Harness::builder()
            .with_size(egui::vec2(900.0, 1000.0))
            .with_context_setup(crate::ui::install_look)
            .build_ui_state(|ui, open: &mut bool| show(ui.ctx(), open), open);
        h.run();
        h
    }

    fn shown(h: &Harness<'_, bool>, words: &str) -> bool {
        h.query_all_by_label(words).next().is_some()
    }

    /// Every part of the window, every shortcut's words and gesture, and the keys as this
    /// platform writes them.
    #[test]
    fn the_sheet_lists_every_shortcut_by_part_of_the_window() {
        let h = sheet(true);
        assert!(shown(&h, "Keyboard shortcuts"));
        for section in Section::ALL {
            let name = crate::i18n::text(section.key(), None);
            assert!(shown(&h, &name), "{name}");
        }
        for row in ROWS {
            let what = crate::i18n::text(row.what, None);
            assert!(shown(&h, &what), "{what}");
        }
        for g in GESTURES {
            let what = crate::i18n::text(g.what, None);
            assert!(shown(&h, &what), "{what}");
        }
        assert!(shown(&h, "Run the job"));
        assert!(shown(&h, &keys_text(&h.ctx, Action::Run)));
    }

    #[test]
    fn close_and_escape_close_the_sheet() {
        let mut h = sheet(true);
        // The pointer comes to the button first, as a hand's does.
        h.get_by_label("Close").hover();
        h.run();
        h.get_by_label("Close").click();
        h.run();
        assert!(!*h.state());
        assert!(!shown(&h, "Keyboard shortcuts"));

        let mut h = sheet(true);
        h.key_press(egui::Key::Escape);
        h.run();
        assert!(!*h.state());
        assert!(!shown(&h, "Keyboard shortcuts"));
    }

    #[test]
    fn a_closed_sheet_shows_nothing() {
        let h = sheet(false);
        assert!(!*h.state());
        assert!(!shown(&h, "Keyboard shortcuts"));
        assert!(!shown(&h, "Run the job"));
    }
}
