//! Every keyboard shortcut of the window, in one table: the code asks this table whether a
//! shortcut was pressed ([`pressed`]), and the shortcut sheet (F1 or ?) lists the same rows,
//! so the sheet cannot say one thing while the keys do another.

use egui::{Key, KeyboardShortcut, Modifiers};

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Run,
    UiZoomIn,
    UiZoomOut,
    UiZoomReset,
    Undo,
    Redo,
    ShowShortcuts,
    Fit,
    Zoom100,
    Zoom200,
    Zoom400,
    Zoom800,
    NewBox,
    NextBox,
    PreviousBox,
    MoveBox,
    MoveBoxFar,
    MoveFarEdge,
    MoveFarEdgeFar,
    MoveNearEdge,
    MoveNearEdgeFar,
    DeleteBox,
    Deselect,
    NextCrop,
    Flip,
    TakeCandidate,
    ToolBox,
    ToolBrush,
    ToolEraser,
    ToolLasso,
    BrushSmaller,
    BrushLarger,
    Pick,
    Reject,
    Unflag,
}

/// Which part of the window a row belongs to (the sheet's headings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Everywhere,
    Canvas,
    Boxes,
    Compare,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Everywhere,
        Section::Canvas,
        Section::Boxes,
        Section::Compare,
    ];

    /// The heading's key in the language files.
    pub fn key(self) -> &'static str {
        match self {
            Section::Everywhere => "shortcuts-everywhere",
            Section::Canvas => "shortcuts-canvas",
            Section::Boxes => "shortcuts-boxes",
            Section::Compare => "shortcuts-compare",
        }
    }
}

/// One row: an action, the chords that do it (any of them), what it does, and for the rows
/// that are a pointer gesture with a key held, that gesture's words instead of chords.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub action: Action,
    pub section: Section,
    pub chords: &'static [KeyboardShortcut],
    /// The sentence's key in the language files.
    pub what: &'static str,
}

const fn k(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};
const CMD_ALT: Modifiers = Modifiers {
    alt: true,
    ..Modifiers::COMMAND
};
const CMD_ALT_SHIFT: Modifiers = Modifiers {
    alt: true,
    shift: true,
    ..Modifiers::COMMAND
};

macro_rules! arrows {
    ($m:expr) => {
        &[
            k($m, Key::ArrowLeft),
            k($m, Key::ArrowRight),
            k($m, Key::ArrowUp),
            k($m, Key::ArrowDown),
        ]
    };
}

/// The table. Order is the sheet's order.
pub const ROWS: &[Row] = &[
    Row {
        action: Action::Run,
        section: Section::Everywhere,
        chords: &[k(CMD, Key::Enter)],
        what: "shortcut-run",
    },
    // egui does these itself (its own constants, read here so the sheet says what it does).
    Row {
        action: Action::UiZoomIn,
        section: Section::Everywhere,
        chords: &[egui::gui_zoom::kb_shortcuts::ZOOM_IN],
        what: "shortcut-ui-zoom-in",
    },
    Row {
        action: Action::UiZoomOut,
        section: Section::Everywhere,
        chords: &[egui::gui_zoom::kb_shortcuts::ZOOM_OUT],
        what: "shortcut-ui-zoom-out",
    },
    Row {
        action: Action::UiZoomReset,
        section: Section::Everywhere,
        chords: &[egui::gui_zoom::kb_shortcuts::ZOOM_RESET],
        what: "shortcut-ui-zoom-reset",
    },
    Row {
        action: Action::Undo,
        section: Section::Everywhere,
        chords: &[k(CMD, Key::Z)],
        what: "shortcut-undo",
    },
    Row {
        action: Action::Redo,
        section: Section::Everywhere,
        chords: &[k(CMD_SHIFT, Key::Z), k(CMD, Key::Y)],
        what: "shortcut-redo",
    },
    Row {
        action: Action::ShowShortcuts,
        section: Section::Everywhere,
        chords: &[k(NONE, Key::F1), k(NONE, Key::Questionmark)],
        what: "shortcut-sheet",
    },
    Row {
        action: Action::Fit,
        section: Section::Canvas,
        chords: &[k(NONE, Key::F)],
        what: "shortcut-fit",
    },
    Row {
        action: Action::Zoom100,
        section: Section::Canvas,
        chords: &[k(NONE, Key::Num1)],
        what: "shortcut-zoom-100",
    },
    Row {
        action: Action::Zoom200,
        section: Section::Canvas,
        chords: &[k(NONE, Key::Num2)],
        what: "shortcut-zoom-200",
    },
    Row {
        action: Action::Zoom400,
        section: Section::Canvas,
        chords: &[k(NONE, Key::Num4)],
        what: "shortcut-zoom-400",
    },
    Row {
        action: Action::Zoom800,
        section: Section::Canvas,
        chords: &[k(NONE, Key::Num8)],
        what: "shortcut-zoom-800",
    },
    Row {
        action: Action::NewBox,
        section: Section::Boxes,
        chords: &[k(NONE, Key::N)],
        what: "shortcut-new-box",
    },
    Row {
        action: Action::NextBox,
        section: Section::Boxes,
        chords: &[k(NONE, Key::B)],
        what: "shortcut-next-box",
    },
    Row {
        action: Action::PreviousBox,
        section: Section::Boxes,
        chords: &[k(SHIFT, Key::B)],
        what: "shortcut-previous-box",
    },
    Row {
        action: Action::MoveBox,
        section: Section::Boxes,
        chords: arrows!(NONE),
        what: "shortcut-move-box",
    },
    Row {
        action: Action::MoveBoxFar,
        section: Section::Boxes,
        chords: arrows!(SHIFT),
        what: "shortcut-move-box-far",
    },
    Row {
        action: Action::MoveFarEdge,
        section: Section::Boxes,
        chords: arrows!(CMD),
        what: "shortcut-far-edge",
    },
    Row {
        action: Action::MoveFarEdgeFar,
        section: Section::Boxes,
        chords: arrows!(CMD_SHIFT),
        what: "shortcut-far-edge-far",
    },
    Row {
        action: Action::MoveNearEdge,
        section: Section::Boxes,
        chords: arrows!(CMD_ALT),
        what: "shortcut-near-edge",
    },
    Row {
        action: Action::MoveNearEdgeFar,
        section: Section::Boxes,
        chords: arrows!(CMD_ALT_SHIFT),
        what: "shortcut-near-edge-far",
    },
    Row {
        action: Action::DeleteBox,
        section: Section::Boxes,
        chords: &[k(NONE, Key::Delete), k(NONE, Key::Backspace)],
        what: "shortcut-delete-box",
    },
    Row {
        action: Action::Deselect,
        section: Section::Boxes,
        chords: &[k(NONE, Key::Escape)],
        what: "shortcut-deselect",
    },
    Row {
        action: Action::ToolBox,
        section: Section::Canvas,
        chords: &[k(NONE, Key::R)],
        what: "shortcut-tool-box",
    },
    Row {
        action: Action::ToolBrush,
        section: Section::Canvas,
        chords: &[k(NONE, Key::P)],
        what: "shortcut-tool-brush",
    },
    Row {
        action: Action::ToolEraser,
        section: Section::Canvas,
        chords: &[k(NONE, Key::E)],
        what: "shortcut-tool-eraser",
    },
    Row {
        action: Action::ToolLasso,
        section: Section::Canvas,
        chords: &[k(NONE, Key::L)],
        what: "shortcut-tool-lasso",
    },
    Row {
        action: Action::BrushSmaller,
        section: Section::Canvas,
        chords: &[k(NONE, Key::OpenBracket)],
        what: "shortcut-brush-smaller",
    },
    Row {
        action: Action::BrushLarger,
        section: Section::Canvas,
        chords: &[k(NONE, Key::CloseBracket)],
        what: "shortcut-brush-larger",
    },
    Row {
        action: Action::NextCrop,
        section: Section::Compare,
        chords: &[k(NONE, Key::Tab)],
        what: "shortcut-next-crop",
    },
    Row {
        action: Action::Flip,
        section: Section::Compare,
        chords: &[k(NONE, Key::Space)],
        what: "shortcut-flip",
    },
    // In the box view: the chord's position is the candidate (0 the original, 1… a result).
    Row {
        action: Action::TakeCandidate,
        section: Section::Compare,
        chords: &[
            k(NONE, Key::Num0),
            k(NONE, Key::Num1),
            k(NONE, Key::Num2),
            k(NONE, Key::Num3),
            k(NONE, Key::Num4),
            k(NONE, Key::Num5),
            k(NONE, Key::Num6),
            k(NONE, Key::Num7),
            k(NONE, Key::Num8),
            k(NONE, Key::Num9),
        ],
        what: "shortcut-take-candidate",
    },
    // As photo culling tools flag: on the result shown; pressed again, the flag goes.
    Row {
        action: Action::Pick,
        section: Section::Compare,
        chords: &[k(NONE, Key::P)],
        what: "shortcut-pick",
    },
    Row {
        action: Action::Reject,
        section: Section::Compare,
        chords: &[k(NONE, Key::X)],
        what: "shortcut-reject",
    },
    Row {
        action: Action::Unflag,
        section: Section::Compare,
        chords: &[k(NONE, Key::U)],
        what: "shortcut-unflag",
    },
];

/// Held while dragging a box's handle: the box keeps its aspect ratio.
pub const KEEP_ASPECT: Modifiers = Modifiers::SHIFT;
/// Held while dragging on the canvas: the view pans (so does the middle button).
pub const PAN_KEY: Key = Key::Space;

/// What is held during a pointer gesture.
#[derive(Debug, Clone, Copy)]
pub enum Held {
    Nothing,
    Modifiers(Modifiers),
    Key(Key),
}

/// A pointer gesture: not a chord, but the sheet lists it with the rest.
#[derive(Debug, Clone, Copy)]
pub struct Gesture {
    pub held: Held,
    /// The gesture's words' key ("drag on the image").
    pub words: &'static str,
    /// The sentence's key.
    pub what: &'static str,
}

pub const GESTURES: &[Gesture] = &[
    Gesture {
        held: Held::Nothing,
        words: "gesture-drag-image",
        what: "gesture-draw-box",
    },
    Gesture {
        held: Held::Nothing,
        words: "gesture-drag-image",
        what: "gesture-paint-mask",
    },
    Gesture {
        held: Held::Modifiers(KEEP_ASPECT),
        words: "gesture-drag-handle",
        what: "gesture-keep-aspect",
    },
    Gesture {
        held: Held::Nothing,
        words: "gesture-wheel",
        what: "gesture-zoom",
    },
    Gesture {
        held: Held::Key(PAN_KEY),
        words: "gesture-drag-image",
        what: "gesture-pan",
    },
];

impl Gesture {
    /// The gesture as the sheet writes it ("Shift + drag a handle").
    pub fn keys_text(&self, ctx: &egui::Context) -> String {
        let words = crate::i18n::text(self.words, None);
        match self.held {
            Held::Nothing => words,
            Held::Modifiers(m) => format!(
                "{} + {words}",
                ctx.format_modifiers(m).trim_end_matches('+')
            ),
            Held::Key(k) => format!("{} + {words}", k.name()),
        }
    }
}

/// The row of `action`.
pub fn row(action: Action) -> &'static Row {
    ROWS.iter()
        .find(|r| r.action == action)
        .expect("every action has a row")
}

/// Which of `action`'s chords was pressed this frame (its index in the row), if any. The
/// modifiers must be exactly the chord's (Shift+arrow is not an arrow), but for a key typed
/// with Shift on some layouts (`?`), where Shift is not asked about.
pub fn pressed(i: &egui::InputState, action: Action) -> Option<usize> {
    row(action).chords.iter().position(|c| {
        let mods = match c.logical_key {
            Key::Questionmark | Key::Plus | Key::Colon => {
                i.modifiers.matches_logically(c.modifiers)
            }
            _ => i.modifiers.matches_exact(c.modifiers),
        };
        i.key_pressed(c.logical_key) && mods
    })
}

/// Whether a chord is also a character typed into a text field (`?`, `N`): no Ctrl, Cmd or
/// Alt, and not a function key or Escape.
pub fn is_typed(c: &KeyboardShortcut) -> bool {
    let m = c.modifiers;
    let function = matches!(
        c.logical_key,
        Key::F1
            | Key::F2
            | Key::F3
            | Key::F4
            | Key::F5
            | Key::F6
            | Key::F7
            | Key::F8
            | Key::F9
            | Key::F10
            | Key::F11
            | Key::F12
            | Key::Escape
    );
    !(m.command || m.ctrl || m.alt || m.mac_cmd || function)
}

/// `action`'s chords as the platform writes them ("Ctrl+Z", "⌘Z"; arrows as arrows, in
/// every language).
pub fn keys_text(ctx: &egui::Context, action: Action) -> String {
    let chords = row(action).chords;
    // The four arrows with the same modifiers: written once, "Ctrl+←→↑↓".
    let arrows = [
        Key::ArrowLeft,
        Key::ArrowRight,
        Key::ArrowUp,
        Key::ArrowDown,
    ];
    if chords.len() == 4
        && chords.iter().zip(arrows).all(|(c, k)| c.logical_key == k)
        && chords.iter().all(|c| c.modifiers == chords[0].modifiers)
    {
        return match ctx.format_modifiers(chords[0].modifiers) {
            m if m.is_empty() => "←→↑↓".to_string(),
            m => format!("{m}+←→↑↓"),
        };
    }
    chords
        .iter()
        .map(|c| chord_text(ctx, c))
        .collect::<Vec<_>>()
        .join("  ")
}

/// One chord as the platform writes it.
pub fn chord_text(ctx: &egui::Context, c: &KeyboardShortcut) -> String {
    let key = match c.logical_key {
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        Key::ArrowUp => "↑",
        Key::ArrowDown => "↓",
        // Symbols where egui has them ("?", "+"), names otherwise ("Delete", "F1").
        k => k.symbol_or_name(),
    };
    match ctx.format_modifiers(c.modifiers) {
        m if m.is_empty() => key.to_string(),
        m => format!("{m}+{key}"),
    }
}

/// The step of a box nudge, in image pixels, and the direction of an arrow chord's index
/// (left, right, up, down).
pub fn arrow(index: usize, far: bool) -> (i32, i32) {
    let step = if far { 10 } else { 1 };
    match index {
        0 => (-step, 0),
        1 => (step, 0),
        2 => (0, -step),
        _ => (0, step),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_chord_does_two_things_in_one_part_of_the_window() {
        let mut seen: Vec<(Section, KeyboardShortcut, Action)> = Vec::new();
        for r in ROWS {
            for c in r.chords {
                let clash = seen.iter().find(|(s, k, _)| {
                    (*s == r.section
                        || *s == Section::Everywhere
                        || r.section == Section::Everywhere)
                        && k == c
                });
                assert!(clash.is_none(), "{c:?} is {:?} and {:?}", clash, r.action);
                seen.push((r.section, *c, r.action));
            }
        }
        let sheet = row(Action::ShowShortcuts).chords;
        assert_eq!(
            sheet.iter().map(is_typed).collect::<Vec<_>>(),
            vec![false, true]
        );
        assert!(!is_typed(&row(Action::Undo).chords[0]));
        for a in [Action::Run, Action::MoveNearEdgeFar, Action::Flip] {
            assert_eq!(row(a).action, a);
        }
    }
}
