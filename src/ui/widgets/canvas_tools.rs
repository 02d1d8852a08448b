//! The canvas's tools, in a column at its left (as an image editor's toolbox: the window's
//! height goes to the image): the box tool, the mask's brush, eraser and lasso, the brush's
//! size, and Clear mask. Each is an icon whose words are its accessible label and its tooltip,
//! with its key.

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

/// The tools' column's width: an icon button and the gap beside it.
pub(super) fn column_width(ui: &egui::Ui) -> f32 {
    let s = ui.spacing();
    ui.text_style_height(&egui::TextStyle::Button) + 2.0 * s.button_padding.x + s.item_spacing.x
}

/// An icon button that shows whether it is chosen; its accessible label is `text`.
fn tool_button(
    ui: &mut egui::Ui,
    chosen: bool,
    glyph: MaterialIcon,
    text: &str,
    enabled: bool,
) -> egui::Response {
    let r = ui.add_enabled(enabled, egui::Button::selectable(chosen, glyph.rich_text()));
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, enabled, chosen, text));
    r
}

/// An icon button (no choice to show); its accessible label is `text`, its tooltip `hover`.
fn action_button(
    ui: &mut egui::Ui,
    glyph: MaterialIcon,
    text: &str,
    hover: String,
    enabled: bool,
) -> bool {
    super::compact_icon_button(ui, true, glyph, text, enabled)
        .on_hover_text(hover)
        .on_disabled_hover_text(text)
        .clicked()
}

/// The column of tools, icons with their words on hover (and as their accessible labels).
/// Choosing a tool or a size is the canvas's own state; Clear mask edits `mask` (an undo step,
/// said in `out`).
pub(super) fn show(
    ui: &mut egui::Ui,
    state: &mut CanvasState,
    image: &CanvasImage<'_>,
    boxes: &[BBox],
    mask: &mut Vec<Stroke>,
    out: &mut CanvasOutput,
) {
    let size = (image.width, image.height);
    for tool in Tool::ALL {
        let (text, glyph, _) = tool.parts();
        // The mask only matters inside boxes: a model without boxes has none to paint.
        let refused = image.boxes_disabled.filter(|_| tool.paints());
        let r = tool_button(ui, state.tool == tool, glyph, &text, refused.is_none());
        let r = match refused {
            Some(why) => r.on_disabled_hover_text(why),
            None => r.on_hover_text(format!("{text}: {}", tool_hover(ui.ctx(), tool))),
        };
        if r.clicked() {
            state.tool = tool;
        }
    }
    if state.tool.is_round() {
        ui.separator();
        let radius = state.radius(size);
        let ctx = ui.ctx().clone();
        let keys = |a| keys_text(&ctx, a);
        let larger = crate::t!("mask-brush-larger");
        let hover = format!("{larger} ({})", keys(Action::BrushLarger));
        if action_button(ui, icon::LARGER, &larger, hover, true) {
            state.radius = Some(canvas_mask::step_radius(radius, true, size));
        }
        // The radius in image pixels; its words for screen readers and on hover.
        let said = crate::t!("mask-brush-size", size = radius.round() as u32);
        let r = ui
            .label(RichText::new(format!("{}", radius.round() as u32)).small())
            .on_hover_text(format!("{said}: {}", crate::t!("mask-brush-size-hover")));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &said));
        let smaller = crate::t!("mask-brush-smaller");
        let hover = format!("{smaller} ({})", keys(Action::BrushSmaller));
        if action_button(ui, icon::SMALLER, &smaller, hover, true) {
            state.radius = Some(canvas_mask::step_radius(radius, false, size));
        }
    }
    ui.separator();
    let selected = state.selected.filter(|&k| k < boxes.len());
    let hover = match selected {
        Some(k) => crate::t!("mask-clear-box-hover", number = k + 1),
        None => crate::t!("mask-clear-image-hover", number = image.number),
    };
    let clear = crate::t!("mask-clear");
    if action_button(
        ui,
        icon::CLEAR_MASK,
        &clear,
        format!("{clear}: {hover}"),
        !mask.is_empty(),
    ) && canvas_mask::clear(mask, boxes, selected, size)
    {
        out.committed = true;
    }
}
