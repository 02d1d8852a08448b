//! A mouse-wheel notch over the headless window, for the window benchmarks.

use egui::{Event, MouseWheelUnit, Pos2, TouchPhase, vec2};
use egui_kittest::Harness;
use wanedit::ui::WanEditApp;

/// The pointer moved to `at`, then one wheel notch of `dy` points there.
pub fn wheel(h: &mut Harness<'static, WanEditApp>, at: Pos2, dy: f32) {
    h.event(Event::PointerMoved(at));
    h.event(Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, dy),
        phase: TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Default::default(),
    });
}
