//! Small controls shared by panels: buttons with an icon, buttons labelled for their row.
//! Every button's accessible label is its words alone (never the icon's glyph), so tests and
//! screen readers find "Add images…" however it is drawn. The canvas (boxes on an image) and
//! the compare view are widgets here too: each draws from its own state only.

pub mod boxes;
pub mod canvas;
mod canvas_keys;
pub mod canvas_mask;
mod canvas_paint;
mod canvas_tools;
pub mod compare;

pub use egui_material_icons::MaterialIcon;
/// The icons the window uses, by what they do.
pub mod icon {
    pub use egui_material_icons::icons::{
        // Flags and lineage.
        ICON_ACCOUNT_TREE as TREE,
        ICON_ADD_PHOTO_ALTERNATE as ADD_IMAGES,
        ICON_ARROW_UPWARD as UP,
        ICON_AUTO_AWESOME as SAMPLE,
        ICON_BLOCK as REJECT,
        ICON_BOOKMARK_ADD as SAVE_RECIPE,
        ICON_CALL_SPLIT as FORK,
        ICON_CHECK as ACCEPT,
        ICON_CHECK_CIRCLE as STEP_DONE,
        ICON_CHEVRON_LEFT as CHEVRON_LEFT,
        ICON_CHEVRON_RIGHT as CHEVRON_RIGHT,
        ICON_CLOSE as CLOSE,
        ICON_COMPARE as COMPARE,
        ICON_CONTENT_COPY as COPY,
        ICON_CROP_FREE as CANVAS,
        ICON_DOWNLOAD as DOWNLOAD,
        ICON_DYNAMIC_FEED as BATCH,
        ICON_EXPAND_LESS as COLLAPSE_UP,
        ICON_EXPAND_MORE as EXPAND_DOWN,
        ICON_FIT_SCREEN as FIT,
        ICON_FOLDER_OPEN as FOLDER,
        ICON_GRID_VIEW as SHEET,
        ICON_HISTORY as HISTORY,
        ICON_INPUT as USE_AS_INPUT,
        ICON_IOS_SHARE as EXPORT,
        ICON_KEY as KEY,
        ICON_KEYBOARD as SHORTCUTS,
        ICON_LAYERS as RAW,
        ICON_LINK as LINK,
        ICON_NOTIFICATIONS as NOTIFICATIONS,
        ICON_PAUSE as PAUSE,
        ICON_PLAY_ARROW as RUN,
        ICON_RADIO_BUTTON_UNCHECKED as STEP_OPEN,
        ICON_REDO as REDO,
        ICON_REPLAY as RETRY,
        ICON_SAVE as SAVE,
        ICON_SETTINGS as SETTINGS,
        ICON_STAR as PICK,
        ICON_STOP as STOP,
        ICON_TARGET as TARGET,
        ICON_TERMINAL as CURL,
        ICON_UNDO as UNDO,
        ICON_VIEW_LIST as LIST,
    };
    // The canvas's tools: boxes, and the mask's brush, eraser and lasso.
    pub use egui_material_icons::icons::{
        ICON_ADD as LARGER, ICON_BRUSH as BRUSH, ICON_CROP_SQUARE as BOX_TOOL,
        ICON_INK_ERASER as ERASER, ICON_LASSO_SELECT as LASSO, ICON_LAYERS_CLEAR as CLEAR_MASK,
        ICON_REMOVE as SMALLER,
    };
}

/// The icon before `text`, as one button text.
pub fn with_icon(icon: MaterialIcon, text: impl Into<egui::RichText>) -> egui::Button<'static> {
    egui::Button::new((icon.rich_text(), text.into()))
}

/// A button with an icon before its words; its accessible label is the words.
pub fn icon_button(
    ui: &mut egui::Ui,
    icon: MaterialIcon,
    text: impl AsRef<str>,
    enabled: bool,
) -> egui::Response {
    let text = text.as_ref();
    let r = ui.add_enabled(enabled, with_icon(icon, text));
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, text));
    r
}

/// A slim bar above the canvas that says something needs the designer (a missing key, a
/// session put back after a crash): warm-tinted, its contents laid out in one wrapping row.
pub fn notice_bar<R>(ui: &mut egui::Ui, contents: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let r = egui::Frame::new()
        .fill(crate::ui::theme::warn(ui).gamma_multiply(0.15))
        .inner_margin(egui::Margin::symmetric(8, 4))
        .corner_radius(4)
        .show(ui, |ui| ui.horizontal_wrapped(contents).inner)
        .inner;
    ui.add_space(crate::ui::theme::space::TIGHT);
    r
}

/// Where a collapsible panel sits: its toggle's arrow points the way it opens or closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelEdge {
    Top,
    Bottom,
    Right,
}

/// The small button that collapses an open panel or opens a collapsed one; its accessible
/// label says which ("Collapse results", "Show results"). Returns whether it was clicked (and
/// flips `open`).
pub fn panel_toggle(ui: &mut egui::Ui, open: &mut bool, edge: PanelEdge, name: &str) -> bool {
    let icon = match (edge, *open) {
        (PanelEdge::Top, true) | (PanelEdge::Bottom, false) => icon::COLLAPSE_UP,
        (PanelEdge::Top, false) | (PanelEdge::Bottom, true) => icon::EXPAND_DOWN,
        (PanelEdge::Right, true) => icon::CHEVRON_RIGHT,
        (PanelEdge::Right, false) => icon::CHEVRON_LEFT,
    };
    let label = if *open {
        crate::t!("panel-collapse", name = name)
    } else {
        crate::t!("panel-expand", name = name)
    };
    let r = ui
        .add(egui::Button::new(icon.rich_text()).small())
        .on_hover_text(&label);
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    if r.clicked() {
        *open = !*open;
        return true;
    }
    false
}

/// [`icon_button`], or the icon alone when `compact` (a narrow window): the words stay its
/// accessible label; the caller's hover text says them.
pub fn compact_icon_button(
    ui: &mut egui::Ui,
    compact: bool,
    icon: MaterialIcon,
    text: impl AsRef<str>,
    enabled: bool,
) -> egui::Response {
    let text = text.as_ref();
    if !compact {
        return icon_button(ui, icon, text, enabled);
    }
    let r = ui.add_enabled(enabled, egui::Button::new(icon.rich_text()));
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, text));
    r
}

/// A button whose accessible label names its row (several rows have the same buttons).
pub fn labelled(
    ui: &mut egui::Ui,
    text: impl AsRef<str>,
    label: String,
    enabled: bool,
) -> egui::Response {
    let text = text.as_ref();
    let r = ui.add_enabled(enabled, egui::Button::new(text).small());
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &label));
    r
}

/// A selectable tab with an icon; its accessible label is the words.
pub fn icon_tab<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    current: &mut T,
    value: T,
    icon: MaterialIcon,
    text: impl AsRef<str>,
) -> egui::Response {
    let text = text.as_ref();
    let mut r = ui.add(egui::Button::selectable(
        *current == value,
        (icon.rich_text(), egui::RichText::new(text)),
    ));
    if r.clicked() && *current != value {
        *current = value;
        r.mark_changed();
    }
    let selected = *current == value;
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, text));
    r
}

/// Engine pixels (RGBA, straight alpha) as an image egui can make a texture of.
pub fn color_image(img: &image::RgbaImage) -> egui::ColorImage {
    egui::ColorImage::from_rgba_unmultiplied(
        [img.width() as usize, img.height() as usize],
        img.as_raw(),
    )
}

/// Opaque engine pixels as an image egui can make a texture of, without copying them: with
/// every alpha 255, straight and premultiplied RGBA are the same bytes, and `Color32` is four
/// bytes in that order.
pub fn opaque_color_image(img: image::RgbaImage) -> egui::ColorImage {
    let size = [img.width() as usize, img.height() as usize];
    let pixels: Vec<egui::Color32> = bytemuck::allocation::try_cast_vec(img.into_raw())
        .unwrap_or_else(|(_, raw)| bytemuck::cast_slice(&raw).to_vec());
    egui::ColorImage::new(size, pixels)
}

/// Pixels egui holds (a pasted image) as engine pixels (RGBA, straight alpha).
pub fn rgba_image(img: &egui::ColorImage) -> image::RgbaImage {
    let [w, h] = img.size;
    let rgba: Vec<u8> = img
        .pixels
        .iter()
        .flat_map(|c| c.to_srgba_unmultiplied())
        .collect();
    // A ColorImage holds exactly w × h pixels.
    image::RgbaImage::from_raw(w as u32, h as u32, rgba).unwrap_or_default()
}

/// Pointer input for widget tests: a press, moves and a release; a wheel turn.
#[cfg(test)]
pub(crate) mod testing {
    use egui::{Event, Modifiers, PointerButton, Pos2, vec2};
    use egui_kittest::Harness;

    pub fn drag<S>(h: &mut Harness<'_, S>, from: Pos2, to: Pos2, modifiers: Modifiers) {
        // Held for the whole drag, as a user holds Shift.
        h.event(Event::ModifiersChanged(modifiers));
        h.event(Event::PointerMoved(from));
        h.step();
        h.event(Event::PointerButton {
            pos: from,
            button: PointerButton::Primary,
            pressed: true,
            modifiers,
        });
        h.step();
        for t in [0.25f32, 0.5, 0.75, 1.0] {
            h.event(Event::PointerMoved(from + (to - from) * t));
            h.step();
        }
        h.event(Event::PointerButton {
            pos: to,
            button: PointerButton::Primary,
            pressed: false,
            modifiers,
        });
        h.step();
        h.event(Event::ModifiersChanged(Modifiers::default()));
        h.run();
    }

    pub fn wheel<S>(h: &mut Harness<'_, S>, at: Pos2, dy: f32) {
        h.event(Event::PointerMoved(at));
        h.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::default(),
        });
        // Scrolling is smoothed over several frames.
        for _ in 0..30 {
            h.step();
        }
        h.run();
    }

    pub fn key<S>(h: &mut Harness<'_, S>, key: egui::Key) {
        h.key_press(key);
        h.run();
    }
}

#[cfg(test)]
mod pixel_tests {
    #[test]
    fn opaque_pixels_taken_without_a_copy_are_the_pixels_converted() {
        let img = image::RgbaImage::from_fn(7, 5, |x, y| {
            image::Rgba([(x * 30) as u8, (y * 40) as u8, 200, u8::MAX])
        });
        let converted = super::color_image(&img);
        let taken = super::opaque_color_image(img);
        assert_eq!(taken.size, [7, 5]);
        assert_eq!(taken.pixels, converted.pixels);
    }
}
