//! The batch's contact sheet: a card per item, input and result side by side, its status,
//! what changed outside the boxes, and Accept or Reject.

use std::path::Path;

use egui::{RichText, TextureHandle};

use super::{BatchAction, BatchPanel, THUMB};
use crate::jobs::batch::{ItemStatus, Manifest};
use crate::ui::theme;
use crate::ui::widgets::icon;

impl BatchPanel {
    /// The contact sheet: a card per item, input and result side by side.
    pub(super) fn sheet_ui(
        &mut self,
        ui: &mut egui::Ui,
        (out, m): (&Path, &Manifest),
        pictures: &crate::ui::pictures::Textures,
        action: &mut Option<BatchAction>,
    ) {
        let elsewhere = self.elsewhere.contains_key(out);
        let card_w = 2.0 * THUMB as f32 + 24.0;
        let per_row = ((ui.available_width() / (card_w + 8.0)).floor() as usize).max(1);
        for (row, chunk) in m.items.chunks(per_row).enumerate() {
            ui.horizontal(|ui| {
                for (k, item) in chunk.iter().enumerate() {
                    let index = row * per_row + k;
                    let input_tex = self.thumb(&item.input, pictures);
                    let result_tex = item
                        .outputs
                        .first()
                        .cloned()
                        .and_then(|p| self.thumb(&p, pictures));
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(card_w);
                        ui.vertical(|ui| {
                            let clicked = ui
                                .horizontal(|ui| {
                                    let before = crate::t!("batch-before");
                                    let n = index + 1;
                                    let open_in = crate::t!("batch-open-input", index = n);
                                    let open_out = crate::t!("batch-open-item", index = n);
                                    let a = thumb_ui(ui, input_tex.as_ref(), &before, &open_in);
                                    let b = thumb_ui(
                                        ui,
                                        result_tex.as_ref(),
                                        &status_words(item.status),
                                        &open_out,
                                    );
                                    a.clicked() || b.clicked()
                                })
                                .inner;
                            // A click opens the item large in Compare, before and after.
                            if clicked
                                && item.status == ItemStatus::Done
                                && let Some(id) = &item.history_id
                            {
                                *action = Some(BatchAction::Compare(id.clone()));
                            }
                            let name = item
                                .input
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            let colour = match item.status {
                                ItemStatus::Done => theme::ok(ui),
                                ItemStatus::Failed => theme::error(ui),
                                ItemStatus::MayHaveRun => theme::warn(ui),
                                _ => theme::muted(ui),
                            };
                            ui.horizontal(|ui| {
                                ui.label(RichText::new(format!("{}. {name}", index + 1)).strong());
                                ui.label(RichText::new(status_words(item.status)).color(colour));
                            });
                            if let Some(c) = &item.change {
                                ui.label(
                                    RichText::new(crate::t!(
                                        "batch-changed-outside",
                                        share = format!("{:.1}", c.changed_share * 100.0)
                                    ))
                                    .small(),
                                )
                                .on_hover_text(c.sentence().words());
                            }
                            if let Some(s) = item.sentence.as_ref().map(|s| s.words()) {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(&s).small().color(theme::error(ui)),
                                    )
                                    .truncate(),
                                )
                                .on_hover_text(s);
                            }
                            if item.status == ItemStatus::Done {
                                ui.horizontal(|ui| {
                                    let n = index + 1;
                                    for (verdict, ic, word, label) in [
                                        (
                                            true,
                                            icon::ACCEPT,
                                            crate::t!("batch-accept"),
                                            crate::t!("batch-accept-item", index = n),
                                        ),
                                        (
                                            false,
                                            icon::REJECT,
                                            crate::t!("batch-reject"),
                                            crate::t!("batch-reject-item", index = n),
                                        ),
                                    ] {
                                        let on = item.accepted == Some(verdict);
                                        // Another wanedit writes this manifest meanwhile: the
                                        // review waits for it to end.
                                        let r = ui.add_enabled(
                                            !elsewhere,
                                            egui::Button::selectable(
                                                on,
                                                (ic.rich_text(), RichText::new(word)),
                                            ),
                                        );
                                        r.widget_info(|| {
                                            egui::WidgetInfo::selected(
                                                egui::Role::Button,
                                                true,
                                                on,
                                                &label,
                                            )
                                        });
                                        if r.clicked() {
                                            *action = Some(BatchAction::Review {
                                                out: out.to_path_buf(),
                                                index,
                                                verdict: (!on).then_some(verdict),
                                            });
                                        }
                                    }
                                });
                            }
                        });
                    });
                }
            });
        }
    }
}

fn thumb_ui(
    ui: &mut egui::Ui,
    tex: Option<&TextureHandle>,
    what: &str,
    open: &str,
) -> egui::Response {
    let side = THUMB as f32;
    // One size however the picture is shaped, and before it arrives: a thumbnail that comes
    // in never moves what is below it (the designer may be about to click Accept there).
    let frame = egui::vec2(side, side * 0.75);
    match tex {
        Some(t) => {
            let (rect, r) = ui.allocate_exact_size(frame, egui::Sense::click());
            let size = t.size_vec2();
            let scale = (frame.x / size.x).min(frame.y / size.y).min(1.0);
            let shown = egui::Rect::from_center_size(rect.center(), size * scale);
            ui.painter().image(
                t.id(),
                shown,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                egui::Color32::WHITE,
            );
            let r = r
                .on_hover_text(crate::t!("batch-thumb-open", what = what))
                .on_hover_cursor(egui::CursorIcon::PointingHand);
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, open));
            r
        }
        None => {
            let (rect, r) = ui.allocate_exact_size(frame, egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 4.0, ui.visuals().faint_bg_color);
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                what,
                egui::FontId::proportional(12.0),
                theme::muted(ui),
            );
            r
        }
    }
}

/// An item's status in the window's language (`ItemStatus::label` is the command line's).
pub(super) fn status_words(s: ItemStatus) -> String {
    match s {
        ItemStatus::Waiting => crate::t!("batch-item-waiting"),
        ItemStatus::Running => crate::t!("batch-item-running"),
        ItemStatus::Done => crate::t!("batch-item-done"),
        ItemStatus::Failed => crate::t!("batch-item-failed"),
        ItemStatus::MayHaveRun => crate::t!("batch-item-may-have-run"),
    }
}
