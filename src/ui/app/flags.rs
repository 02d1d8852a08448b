//! Flags on results, as photo culling tools have them: P picks the result Compare shows, X
//! rejects it, each pressed again (or U) clears it; a badge and a pair of buttons above the
//! compare view, the same in a result's menu. The engine keeps each flag in the job's history
//! entry (a read, a change and a write on its blocking pool); what it wrote comes back and is
//! shown everywhere the job is. Export picked: copies of the picked results, written by the
//! engine into a folder the designer chooses.

use super::{CentralTab, Inbound, WanEditApp};
use crate::i18n::Said;
use crate::jobs::work::library::LibraryCommand;
use crate::store::history::{Flag, HistoryEntry};
use crate::ui::panels::history::News as HistoryNews;
use crate::ui::widgets;

/// `now` turned to `flag`, or back to none when it is `flag` already (a key pressed again).
fn toggled(now: Option<Flag>, flag: Flag) -> Option<Flag> {
    (now != Some(flag)).then_some(flag)
}

impl WanEditApp {
    /// P, X and U on Compare flag the result it shows; never while a text field has the
    /// keyboard (a P typed into the prompt is a letter).
    pub(super) fn flag_keys(&mut self, ctx: &egui::Context) {
        // Not in the box view: it shows candidates per box, not the result the flag would go
        // to.
        if self.tab != CentralTab::Compare
            || ctx.text_edit_focused()
            || self.runs.compare.mode == crate::ui::widgets::compare::CompareMode::Boxes
        {
            return;
        }
        let Some((job, index)) = self.runs.selected_result else {
            return;
        };
        let Some(now) = self.result_flag(job, index) else {
            return;
        };
        use crate::ui::shortcuts::{Action, pressed};
        let (pick, reject, clear) = ctx.input(|i| {
            (
                pressed(i, Action::Pick).is_some(),
                pressed(i, Action::Reject).is_some(),
                pressed(i, Action::Unflag).is_some(),
            )
        });
        let flag = match (pick, reject, clear) {
            (true, _, _) => toggled(now, Flag::Picked),
            (_, true, _) => toggled(now, Flag::Rejected),
            (_, _, true) => None,
            _ => return,
        };
        self.flag_result(job, index, flag);
    }

    /// The flag of result `index` of the run `job` (`None` when there is no such result).
    fn result_flag(&self, job: u64, index: usize) -> Option<Option<Flag>> {
        self.runs
            .jobs
            .iter()
            .find(|j| j.id == job)
            .and_then(|j| j.images.get(index))
            .map(|i| i.flag)
    }

    /// Asks the engine to keep `flag` on result `index` of the run `job`, in its history entry.
    pub(super) fn flag_result(&mut self, job: u64, index: usize, flag: Option<Flag>) {
        let Some(j) = self.runs.jobs.iter().find(|j| j.id == job) else {
            return;
        };
        let Some(id) = j.history_id.clone() else {
            return self.problem(crate::said!("flag-not-recorded"));
        };
        self.door.send(LibraryCommand::Flag {
            id,
            index,
            flag,
            reply: self.post.map(|r: Result<HistoryEntry, Said>| {
                Inbound::History(HistoryNews::Flagged(r.map(Box::new)))
            }),
        });
    }

    /// What the engine wrote: the flags shown wherever the job is (its runs, History).
    pub(super) fn flagged(&mut self, written: Result<Box<HistoryEntry>, Said>) {
        match written {
            Ok(e) => {
                for j in self
                    .runs
                    .jobs
                    .iter_mut()
                    .filter(|j| j.history_id.as_deref() == Some(e.id.as_str()))
                {
                    j.flags_from(&e);
                }
                self.library.history.replace(*e);
            }
            Err(why) => self.problem(why),
        }
    }

    /// Above the compare view: the result's flag as a badge, and Pick and Reject (each a
    /// toggle; its accessible label names the result).
    pub(super) fn flag_bar(&mut self, ui: &mut egui::Ui, job: u64, index: usize) {
        let Some(now) = self.result_flag(job, index) else {
            return;
        };
        let mut asked = None;
        ui.horizontal(|ui| {
            let number = index + 1;
            for (flag, icon, words, label, key) in [
                (
                    Flag::Picked,
                    widgets::icon::PICK,
                    crate::t!("flag-pick"),
                    crate::t!("flag-pick-result", number = number, id = job),
                    crate::ui::shortcuts::Action::Pick,
                ),
                (
                    Flag::Rejected,
                    widgets::icon::REJECT,
                    crate::t!("flag-reject"),
                    crate::t!("flag-reject-result", number = number, id = job),
                    crate::ui::shortcuts::Action::Reject,
                ),
            ] {
                let on = now == Some(flag);
                let r = ui.add(egui::Button::selectable(
                    on,
                    (icon.rich_text(), egui::RichText::new(words)),
                ));
                r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, on, &label));
                let keys = crate::ui::shortcuts::keys_text(ui.ctx(), key);
                if r.on_hover_text(format!("{label} ({keys})")).clicked() {
                    asked = Some(toggled(now, flag));
                }
            }
            crate::ui::panels::results::flag_badge(ui, now);
        });
        if let Some(flag) = asked {
            self.flag_result(job, index, flag);
        }
    }

    /// Exports the picked results of the recorded jobs `ids` into a folder the designer
    /// chooses (the engine asks the system's dialog, reads history's copies and writes new
    /// files there; it says how many when done).
    pub(super) fn export_picked(&mut self, ids: Vec<String>) {
        if ids.is_empty() {
            return self.problem(crate::said!("export-picked-none"));
        }
        self.say(crate::said!("exporting-picked"));
        // Through the save path: when the system's folder dialog cannot open, the window's own
        // picker asks for the folder.
        self.ask_and_save(crate::jobs::work::files::SaveJob::Picked {
            history: self.library.history.history().clone(),
            ids,
        });
    }

    /// Export picked from the results list: the picked results of its jobs.
    pub(super) fn export_picked_results(&mut self) {
        let ids = self
            .runs
            .jobs
            .iter()
            .filter(|j| j.images.iter().any(|i| i.flag == Some(Flag::Picked)))
            .filter_map(|j| j.history_id.clone())
            .fold(Vec::new(), |mut ids, id| {
                if !ids.contains(&id) {
                    ids.push(id);
                }
                ids
            });
        self.export_picked(ids);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_pressed_again_clears_its_flag() {
        assert_eq!(toggled(None, Flag::Picked), Some(Flag::Picked));
        assert_eq!(toggled(Some(Flag::Picked), Flag::Picked), None);
        assert_eq!(
            toggled(Some(Flag::Rejected), Flag::Picked),
            Some(Flag::Picked)
        );
        assert_eq!(toggled(Some(Flag::Rejected), Flag::Rejected), None);
    }
}
