//! The canvas's tools, in a row above it: the box tool, the mask's brush, eraser and lasso, the
//! brush's size, and Clear mask. Each is a button whose accessible label is its words (in a
//! narrow canvas the icon alone, its words on hover) and whose tooltip says its key.

use egui::RichText;

use super::canvas::{CanvasImage, CanvasOutput, CanvasState, Tool};
use super::canvas_mask;
use super::{MaterialIcon, icon};
use crate::api::job::{BBox, Stroke};
use crate::ui::shortcuts::{Action, keys_text};

impl Tool {
    /// Its words, its icon, its shortcut.
    fn parts(self) -> (String, MaterialIcon, Action) {
        match self {
            Tool::Box => (crate::t!("mask-tool-box"), icon::BOX_TOOL, Action::ToolBox),
            Tool::Brush => (crate::t!("mask-tool-brush"), icon::BRUSH, Action::ToolBrush),
            Tool::Eraser => (
                crate::t!("mask-tool-eraser"),
                icon::ERASER,
                Action::ToolEraser,
            ),
            Tool::Lasso => (crate::t!("mask-tool-lasso"), icon::LASSO, Action::ToolLasso),
        }
    }
}

/// What a tool's tooltip says, with its keys.
fn tool_hover(ctx: &egui::Context, tool: Tool) -> String {
    let (_, _, action) = tool.parts();
    let keys = keys_text(ctx, action);
    match tool {
        Tool::Box => crate::t!("mask-tool-box-hover", keys = keys),
        Tool::Brush => crate::t!(
            "mask-tool-brush-hover",
            keys = keys,
            smaller = keys_text(ctx, Action::BrushSmaller),
            larger = keys_text(ctx, Action::BrushLarger)
        ),
        Tool::Eraser => crate::t!("mask-tool-eraser-hover", keys = keys),
        Tool::Lasso => crate::t!("mask-tool-lasso-hover", keys = keys),
    }
}

/// A button that shows whether it is chosen; its accessible label is `text` (drawn too unless
/// `compact`).
fn tool_button(
    ui: &mut egui::Ui,
    chosen: bool,
    glyph: MaterialIcon,
    text: &str,
    compact: bool,
    enabled: bool,
) -> egui::Response {
    let button = if compact {
        egui::Button::selectable(chosen, glyph.rich_text())
    } else {
        egui::Button::selectable(chosen, (glyph.rich_text(), RichText::new(text)))
    };
    let r = ui.add_enabled(enabled, button);
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, enabled, chosen, text));
    r
}

/// The row of tools. Choosing a tool or a size is the canvas's own state; Clear mask edits
/// `mask` (an undo step, said in `out`).
pub(super) fn show(
    ui: &mut egui::Ui,
    state: &mut CanvasState,
    image: &CanvasImage<'_>,
    boxes: &[BBox],
    mask: &mut Vec<Stroke>,
    out: &mut CanvasOutput,
) {
    let size = (image.width, image.height);
    // In a narrow canvas (a 1024-px window with every panel open) the icons alone.
    let compact = ui.available_width() < 560.0;
    ui.horizontal(|ui| {
        for tool in Tool::ALL {
            let (text, glyph, _) = tool.parts();
            // The mask only matters inside boxes: a model without boxes has none to paint.
            let refused = image.boxes_disabled.filter(|_| tool.paints());
            let r = tool_button(
                ui,
                state.tool == tool,
                glyph,
                &text,
                compact,
                refused.is_none(),
            );
            let r = match refused {
                Some(why) => r.on_disabled_hover_text(why),
                None => r.on_hover_text(tool_hover(ui.ctx(), tool)),
            };
            if r.clicked() {
                state.tool = tool;
            }
        }
        if state.tool.is_round() {
            ui.separator();
            let radius = state.radius(size);
            let smaller = crate::t!("mask-brush-smaller");
            if super::compact_icon_button(ui, true, icon::SMALLER, &smaller, true)
                .on_hover_text(format!(
                    "{smaller} ({})",
                    keys_text(ui.ctx(), Action::BrushSmaller)
                ))
                .clicked()
            {
                state.radius = Some(canvas_mask::step_radius(radius, false, size));
            }
            ui.label(crate::t!("mask-brush-size", size = radius.round() as u32))
                .on_hover_text(crate::t!("mask-brush-size-hover"));
            let larger = crate::t!("mask-brush-larger");
            if super::compact_icon_button(ui, true, icon::LARGER, &larger, true)
                .on_hover_text(format!(
                    "{larger} ({})",
                    keys_text(ui.ctx(), Action::BrushLarger)
                ))
                .clicked()
            {
                state.radius = Some(canvas_mask::step_radius(radius, true, size));
            }
        }
        ui.separator();
        let selected = state.selected.filter(|&k| k < boxes.len());
        let hover = match selected {
            Some(k) => crate::t!("mask-clear-box-hover", number = k + 1),
            None => crate::t!("mask-clear-image-hover", number = image.number),
        };
        if super::compact_icon_button(
            ui,
            compact,
            icon::CLEAR_MASK,
            crate::t!("mask-clear"),
            !mask.is_empty(),
        )
        .on_hover_text(hover)
        .clicked()
            && canvas_mask::clear(mask, boxes, selected, size)
        {
            out.committed = true;
        }
    });
}
