//! What the window said, newest last: the status line shows the newest, the rest are a click
//! away (the status bar's "earlier" button), so a new problem no longer hides the one before.

use std::collections::VecDeque;

use crate::i18n::Said;
use crate::ui::widgets::icon::NOTIFICATIONS;

/// A sentence for the status line: news, or a problem (an action that failed or was refused),
/// which is drawn in the theme's error colour.
/// Kept as what it means ([`Said`]): put into words when drawn, so the status line and the
/// earlier messages read in the language of the moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: Said,
    pub problem: bool,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text.words())
    }
}

/// One thing said, with when (local clock, "14:05").
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub status: Status,
    pub at: String,
}

/// At most this many are kept (the oldest go first).
pub const KEPT: usize = 50;

/// The notifications of this window's run.
#[derive(Debug, Default)]
pub struct Notifications {
    list: VecDeque<Notification>,
}

impl Notifications {
    /// Keeps `status`, said at `at`; the same sentence said again in a row is kept once (with
    /// the newer time).
    pub fn push(&mut self, status: Status, at: String) {
        if self.list.back().is_some_and(|n| n.status == status) {
            self.list.pop_back();
        }
        self.list.push_back(Notification { status, at });
        while self.list.len() > KEPT {
            self.list.pop_front();
        }
    }

    /// Everything kept, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Notification> {
        self.list.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many of those kept are problems.
    pub fn problems(&self) -> usize {
        self.list.iter().filter(|n| n.status.problem).count()
    }

    pub fn clear(&mut self) {
        self.list.clear();
    }
}

/// The local time of day as "HH:MM" ("HH:MM UTC" when the time zone cannot be read).
pub fn clock_now() -> String {
    let secs = crate::store::history::now_ms() / 1000;
    match crate::store::history::local_datetime(secs as i64) {
        Some((_, _, _, h, m, _)) => format!("{h:02}:{m:02}"),
        None => format!("{:02}:{:02} UTC", (secs % 86_400) / 3600, (secs / 60) % 60),
    }
}

/// The status bar's "earlier" button and its list: every notification kept, newest first,
/// problems in the error colour; Clear empties it.
pub fn earlier_ui(ui: &mut egui::Ui, n: &mut Notifications) {
    if n.len() < 2 {
        return;
    }
    let label = crate::t!("notifications-earlier", count = n.len());
    let text = egui::RichText::new(format!("{} {}", NOTIFICATIONS.codepoint, n.len()));
    let text = match n.problems() {
        0 => text,
        _ => text.color(crate::ui::theme::error(ui)),
    };
    let r = ui.small_button(text).on_hover_text(&label);
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    let mut clear = false;
    egui::Popup::menu(&r).show(|ui| {
        ui.set_max_width(crate::ui::theme::size::NOTIFICATIONS.x);
        ui.label(egui::RichText::new(&label).strong());
        egui::ScrollArea::vertical()
            .max_height(crate::ui::theme::size::NOTIFICATIONS.y)
            .show(ui, |ui| {
                for item in n.newest_first() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(egui::RichText::new(&item.at).small().weak());
                        let text = egui::RichText::new(item.status.text.words());
                        ui.label(match item.status.problem {
                            true => text.color(crate::ui::theme::error(ui)),
                            false => text,
                        });
                    });
                }
            });
        clear = ui.button(crate::t!("notifications-clear")).clicked();
    });
    if clear {
        n.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::kittest::Queryable;

    fn news(t: &str) -> Status {
        Status {
            text: t.into(),
            problem: false,
        }
    }

    #[test]
    fn the_newest_comes_first_repeats_are_kept_once_and_the_oldest_go() {
        let mut n = Notifications::default();
        n.push(news("a"), "10:00".into());
        n.push(
            Status {
                text: "b".into(),
                problem: true,
            },
            "10:01".into(),
        );
        n.push(news("c"), "10:02".into());
        n.push(news("c"), "10:03".into());
        let texts: Vec<String> = n.newest_first().map(|x| x.status.text.words()).collect();
        assert_eq!(texts, ["c", "b", "a"]);
        assert_eq!(n.newest_first().next().unwrap().at, "10:03");
        assert_eq!(n.problems(), 1);
        for i in 0..KEPT + 5 {
            n.push(news(&i.to_string()), "11:00".into());
        }
        assert_eq!(n.len(), KEPT);
        assert_eq!(
            n.newest_first().last().unwrap().status.text,
            Said::from("5")
        );
    }

    #[test]
    fn the_earlier_list_shows_every_sentence_and_clears() {
        let mut n = Notifications::default();
        n.push(news("the first news"), "09:00".into());
        n.push(
            Status {
                text: "a problem to act on".into(),
                problem: true,
            },
            "09:01".into(),
        );
        let mut h = egui_kittest::Harness::new_ui_state(
            |ui, n: &mut Notifications| {
                crate::ui::install_look(ui.ctx());
                earlier_ui(ui, n)
            },
            n,
        );
        h.run();
        h.get_by_label("Earlier messages (2)").click();
        h.run();
        h.get_by_label("the first news");
        h.get_by_label("a problem to act on");
        h.get_by_label("Clear").click();
        h.run();
        assert!(h.state().is_empty());
    }
}
