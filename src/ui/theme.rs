//! The look of the window in one place: colours (egui's own `visuals` where it has them, so that
//! light and dark both read well), the type scale (nothing under 12 px), the theme choice and the
//! UI zoom. Panels ask here for colours; no other file in `src/ui` spells a colour.

#![expect(
    clippy::disallowed_methods,
    reason = "the one file that may spell colours"
)]

use egui::{Color32, FontId, TextStyle, Ui};

pub use crate::store::settings::ThemeChoice;

/// The UI zoom's bounds (Ctrl+plus / Ctrl+minus, Ctrl+0 resets).
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.5..=2.5;

/// The type scale: body 14, small 12 (the smallest text anywhere), headings 19.
pub fn install(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        use egui::FontFamily::{Monospace, Proportional};
        style.text_styles = [
            (TextStyle::Small, FontId::new(12.0, Proportional)),
            (TextStyle::Body, FontId::new(14.0, Proportional)),
            (TextStyle::Button, FontId::new(14.0, Proportional)),
            (TextStyle::Monospace, FontId::new(13.0, Monospace)),
            (TextStyle::Heading, FontId::new(19.0, Proportional)),
        ]
        .into();
        style.spacing.item_spacing = space::ITEM;
        style.spacing.button_padding = space::BUTTON_PADDING;
        // A focus ring that can be seen: egui draws a focused widget as "active", whose outline
        // is a hairline in the widget's own colour. The selection colour, 2 px, a little out.
        let ring = FOCUS_RING_WIDTH;
        let colour = style.visuals.selection.stroke.color;
        style.visuals.widgets.active.bg_stroke = egui::Stroke::new(ring, colour);
        style.visuals.widgets.active.expansion = 1.0;
    });
}

/// Distances between things, in points: the only ones the panels use (a test refuses numbers in
/// `add_space` and the panels' sizes anywhere else in `src/ui`).
pub mod space {
    use egui::{Vec2, vec2};
    /// Between a control and the next inside one group.
    pub const TIGHT: f32 = 4.0;
    /// Between groups of one panel.
    pub const GROUP: f32 = 6.0;
    /// Above a row of actions that closes a group.
    pub const ROW: f32 = 8.0;
    /// Between sections (the welcome's steps).
    pub const SECTION: f32 = 12.0;
    /// Beside a header's words, before what belongs to the other side.
    pub const APART: f32 = 40.0;
    /// egui's spacing between items, and inside buttons.
    pub const ITEM: Vec2 = vec2(8.0, 6.0);
    pub const BUTTON_PADDING: Vec2 = vec2(8.0, 4.0);
}

/// Sizes of the window's parts, in points.
pub mod size {
    use egui::{Vec2, vec2};
    /// The prompt panel's width (at most 30 % of the window), and its narrowest cap.
    pub const PROMPT_PANEL: f32 = 320.0;
    pub const PROMPT_PANEL_MIN_CAP: f32 = 240.0;
    /// The boxes panel's width (at most 22 % of the window), and its narrowest cap.
    pub const READOUT_PANEL: f32 = 260.0;
    pub const READOUT_PANEL_MIN_CAP: f32 = 170.0;
    /// The results panel's height: between these, 22 % of the window.
    pub const RESULTS_PANEL: std::ops::RangeInclusive<f32> = 100.0..=210.0;
    pub const RESULTS_PANEL_MIN: f32 = 90.0;
    /// A collapsed panel's bar.
    pub const COLLAPSED_BAR: f32 = 28.0;
    /// The box view's candidates are never drawn shorter than this.
    pub const CANDIDATE_MIN: f32 = 120.0;
    /// An input card's width in the strip.
    pub const CARD_WIDTH: f32 = 140.0;
    /// A history entry's picture.
    pub const HISTORY_THUMB: Vec2 = vec2(128.0, 96.0);
    /// History's lineage tree: a step's indent under the step before, a node's height and its
    /// picture.
    pub const LINEAGE_INDENT: f32 = 14.0;
    pub const LINEAGE_NODE: f32 = 46.0;
    /// The chosen step's row below the tree (its picture, words and buttons; it scrolls
    /// when they wrap further).
    pub const LINEAGE_STEP: f32 = 160.0;
    pub const LINEAGE_THUMB: Vec2 = vec2(52.0, 39.0);
    /// Run, the largest button.
    pub const RUN_BUTTON: Vec2 = vec2(90.0, 28.0);
    /// The notifications' list, and the picker's.
    pub const NOTIFICATIONS: Vec2 = vec2(560.0, 320.0);
    pub const PICKER_LIST_HEIGHT: f32 = 300.0;
    /// The shortcut sheet's width.
    pub const SHORTCUT_SHEET_WIDTH: f32 = 520.0;
}

/// The focus ring's width in points.
pub const FOCUS_RING_WIDTH: f32 = 2.0;

/// Applies a theme choice.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    });
}

/// Done, saved, in order.
pub fn ok(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(120, 205, 125)
    } else {
        Color32::from_rgb(25, 120, 45)
    }
}

/// Needs attention but nothing is lost (no key yet, results not all saved, a repair).
pub fn warn(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        ui.visuals().warn_fg_color
    } else {
        Color32::from_rgb(160, 95, 0)
    }
}

/// Refused or failed.
pub fn error(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

/// Over and of no consequence (cancelled, expired).
pub fn muted(ui: &Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

/// The background of a card whose image could not be used.
pub fn error_fill(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(70, 30, 30)
    } else {
        Color32::from_rgb(250, 225, 225)
    }
}

/// Box 1 and box 2 (amber and cyan: apart from each other and from most photos).
pub const BOX_COLOURS: [Color32; 2] = [
    Color32::from_rgb(255, 190, 40),
    Color32::from_rgb(60, 200, 255),
];

/// Text on a box colour (the readout's "Box 1" chip, the canvas's number tag).
pub const ON_BOX_COLOUR: Color32 = Color32::BLACK;

/// Drawn on top of photos, where the theme's colours mean nothing: light text on a dark plate.
pub const ON_PHOTO_TEXT: Color32 = Color32::WHITE;
pub const ON_PHOTO_PLATE: Color32 = Color32::from_black_alpha(180);
pub const ON_PHOTO_OUTLINE: Color32 = Color32::BLACK;
pub const ON_PHOTO_SHADOW: Color32 = Color32::from_black_alpha(160);
/// Behind an image that is still loading.
pub const IMAGE_BACKDROP: Color32 = Color32::from_gray(40);
/// The tint that draws a texture as it is.
pub const NO_TINT: Color32 = Color32::WHITE;

/// How much of a rejected result shows (it stays there to change one's mind).
pub const REJECTED_OPACITY: f32 = 0.4;
/// The faint line between pixels at 800 % and more.
pub const PIXEL_GRID: Color32 = Color32::from_rgba_premultiplied(40, 40, 40, 60);

/// The heat colour of a difference `d` (0–255) at `gain`: transparent for none, then red to
/// yellow to white.
pub fn heat_colour(d: u8, gain: f32) -> Color32 {
    let v = (d as f32 / 255.0 * gain).clamp(0.0, 1.0);
    if v < 0.02 {
        return Color32::TRANSPARENT;
    }
    let ramp = |a: f32, b: f32| ((v - a) / (b - a)).clamp(0.0, 1.0);
    let r = ramp(0.0, 0.33);
    let g = ramp(0.33, 0.66);
    let b = ramp(0.66, 1.0);
    let a = (0.35 + 0.65 * ramp(0.0, 0.2)).min(1.0);
    Color32::from_rgba_unmultiplied(
        (255.0 * r) as u8,
        (255.0 * g) as u8,
        (255.0 * b) as u8,
        (255.0 * a) as u8,
    )
}

/// The target drawn under the difference's heat map: dimmed, so the heat reads.
pub const DIMMED: Color32 = Color32::from_gray(90);

#[cfg(test)]
mod focus_tests {
    /// A focused widget has a ring that can be seen, in the light and the dark look.
    #[test]
    fn a_focused_widget_has_a_visible_ring_in_both_looks() {
        let ctx = egui::Context::default();
        super::install(&ctx);
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            let style = ctx.style_of(theme);
            let ring = style.visuals.widgets.active.bg_stroke;
            assert_eq!(ring.width, super::FOCUS_RING_WIDTH);
            assert_eq!(ring.color, style.visuals.selection.stroke.color);
            assert_ne!(ring.color, style.visuals.widgets.inactive.bg_fill);
        }
    }
}

#[cfg(test)]
mod kit_tests {
    /// The panels' distances and sizes come from [`super::space`] and [`super::size`]: a
    /// number written into `add_space` or a panel's size anywhere in the window's code
    /// (outside tests) fails here.
    #[test]
    fn spacing_and_sizes_are_the_design_kits() {
        let calls = [
            "add_space(",
            "default_size(",
            "min_size(",
            "max_size(",
            "exact_size(",
            "default_width(",
            "default_height(",
            "set_max_width(",
            "set_min_width(",
            "set_min_height(",
            "max_height(",
            "max_width(",
        ];
        let mut found = Vec::new();
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui")];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if !name.ends_with(".rs") || name.ends_with("_tests.rs") || name == "tests.rs" {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap();
                for (n, line) in code.lines().enumerate() {
                    for call in calls {
                        for (at, _) in line.match_indices(call) {
                            let after = line[at + call.len()..].trim_start();
                            if after.starts_with(|c: char| c.is_ascii_digit()) {
                                found.push(format!(
                                    "{}:{}: {}",
                                    path.display(),
                                    n + 1,
                                    line.trim()
                                ));
                            }
                        }
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "numbers outside the design kit:\n{}",
            found.join("\n")
        );
    }
}
