//! The Compare tab's header: which picture is "before" (an input, another result, the shown
//! result's counterpart or a result from history), the shown result's buttons (save, copy, use
//! as input, open folder, raw or composite, the before/after sheet), and what they ask for.

use super::{CentralTab, WanEditApp};
use crate::ui::compare_pair::{Boxes, boxes_on_result};
use crate::ui::panels::history::HistoryPanel;
use crate::ui::pictures::Textures;
use crate::ui::results::{JobView, Slot};
use crate::ui::widgets::compare::CompareState;
use crate::ui::widgets::{compact_icon_button, icon};
use egui::RichText;
use std::path::PathBuf;

/// What the compare header asks for (handled once `j` is no longer borrowed).
pub(super) enum Asked {
    SaveAs(PathBuf),
    CopyImage(PathBuf),
    UseAsInput(PathBuf),
    OpenFolder(PathBuf),
    SwapRaw,
    Sheet,
}

/// The header row: the "before" picker and the shown result's buttons; returns what was asked.
pub(super) fn compare_header(
    ui: &mut egui::Ui,
    compare: &mut CompareState,
    (history, pictures): (&mut HistoryPanel, &mut Textures),
    j: &JobView,
    index: usize,
) -> Option<Asked> {
    let mut asked = None;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(crate::t!("compare-before"));
        let n = j.inputs.len();
        let shown = match (&compare.before_file, compare.before_result) {
            (Some((_, name)), _) => name.clone(),
            (None, Some(m)) if m != index => crate::t!("compare-result", number = m + 1),
            _ if n == 0 => crate::t!("compare-no-input"),
            _ => crate::t!("compare-image", number = compare.before.min(n - 1) + 1),
        };
        egui::ComboBox::from_id_salt("before")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                before_choices(ui, compare, (history, pictures), j, index)
            })
            .response
            .labelled_by(l.id);
        asked = result_buttons(ui, j, index);
    });
    asked
}

/// The "before" picker's list: the job's inputs, its other results, the shown result's
/// counterpart and results of other jobs in history.
fn before_choices(
    ui: &mut egui::Ui,
    compare: &mut CompareState,
    (history, pictures): (&mut HistoryPanel, &mut Textures),
    j: &JobView,
    index: usize,
) {
    let n = j.inputs.len();
    let results = j.images.len();
    let picked = compare.before_file.is_some();
    for k in 0..n {
        let on = !picked && compare.before_result.is_none() && compare.before == k;
        if ui
            .selectable_label(on, crate::t!("compare-image", number = k + 1))
            .clicked()
        {
            compare.before = k;
            compare.before_result = None;
            compare.before_file = None;
        }
    }
    // A/B between results of the job (each as it is shown: composite or raw).
    for m in (0..results).filter(|&m| m != index) {
        let on = !picked && compare.before_result == Some(m);
        if ui
            .selectable_label(on, crate::t!("compare-result", number = m + 1))
            .clicked()
        {
            compare.before_result = Some(m);
            compare.before_file = None;
        }
    }
    // The shown result's counterpart: its raw output beside its composite.
    if let Some(img) = j.images.get(index)
        && let Some(other) = &img.other
    {
        let name = if img.showing_raw {
            crate::t!("compare-result-composite", number = index + 1)
        } else {
            crate::t!("compare-result-raw", number = index + 1)
        };
        let on = compare
            .before_file
            .as_ref()
            .is_some_and(|(p, _)| p == other);
        if ui.selectable_label(on, &name).clicked() {
            compare.before_file = Some((other.clone(), name));
        }
    }
    // Results of other jobs in history (their own copies), newest first;
    // listed only while the picker is open.
    let store = history.history();
    let from_history: Vec<(String, PathBuf, String)> = history
        .entries
        .iter()
        .filter(|e| j.history_id.as_deref() != Some(e.id.as_str()))
        .flat_map(|e| {
            let words = first_words(&e.spec.prompt, 28);
            // When it was made tells five runs of one prompt apart.
            let made = crate::ui::panels::history::when(e);
            let id = e.id.clone();
            e.outputs.iter().enumerate().map(move |(k, o)| {
                (
                    id.clone(),
                    store.file_path(o.shown_file()),
                    crate::t!(
                        "compare-from-history",
                        words = words.clone(),
                        number = k + 1,
                        when = made.clone()
                    ),
                )
            })
        })
        .take(12)
        .collect();
    if !from_history.is_empty() {
        ui.separator();
    }
    for (id, path, name) in from_history {
        let on = compare
            .before_file
            .as_ref()
            .is_some_and(|(p, _)| *p == path);
        // A thumbnail beside it: runs of one prompt look different.
        let thumb = history.thumb_for(ui.ctx(), pictures, &id);
        let clicked = ui
            .horizontal(|ui| {
                match &thumb {
                    Some(t) => {
                        let s = t.size_vec2();
                        let k = (40.0 / s.x.max(s.y)).min(1.0);
                        ui.add(egui::Image::new((t.id(), s * k)));
                    }
                    None => {
                        ui.add_space(crate::ui::theme::space::APART);
                    }
                }
                ui.selectable_label(on, &name).clicked()
            })
            .inner;
        if clicked {
            compare.before_file = Some((path, name));
        }
    }
}

/// The shown result's buttons (and its path, when there is room); returns what was asked.
fn result_buttons(ui: &mut egui::Ui, j: &JobView, index: usize) -> Option<Asked> {
    let mut asked = None;
    let path = j.images.get(index).map(|i| i.path.clone());
    // The name in the output folder, for a result shown from History (whose file is
    // history's copy, named by its content).
    let known_as = j
        .images
        .get(index)
        .filter(|i| !i.showing_raw)
        .and_then(|i| i.saved_as.clone());
    if let Some(path) = path {
        // A narrow view: the buttons as icons (their words on hover), the path only on
        // Open folder's hover, so the picture keeps the room.
        let compact = ui.available_width() < 700.0;
        let button = |ui: &mut egui::Ui, icon, text: String, hover: Option<String>| {
            let r = compact_icon_button(ui, compact, icon, &text, true);
            let r = match hover {
                Some(h) => r.on_hover_text(h),
                None if compact => r.on_hover_text(text),
                None => r,
            };
            r.clicked()
        };
        if button(ui, icon::SAVE, crate::t!("compare-save-as"), None) {
            asked = Some(Asked::SaveAs(path.clone()));
        }
        if button(
            ui,
            icon::COPY,
            crate::t!("compare-copy-image"),
            Some(crate::t!("compare-copy-image-hover")),
        ) {
            asked = Some(Asked::CopyImage(path.clone()));
        }
        if button(
            ui,
            icon::USE_AS_INPUT,
            crate::t!("compare-use-as-input"),
            None,
        ) {
            asked = Some(Asked::UseAsInput(path.clone()));
        }
        let full = known_as.as_ref().unwrap_or(&path).display().to_string();
        let folder_hover = compact.then(|| format!("{}\n{full}", crate::t!("history-open-folder")));
        if button(
            ui,
            icon::FOLDER,
            crate::t!("history-open-folder"),
            folder_hover,
        ) {
            asked = Some(Asked::OpenFolder(j.out_dir.clone()));
        }
        // A composited result: the raw one is a click away (and back).
        if let Some(img) = j.images.get(index)
            && img.other.is_some()
        {
            let (text, hover) = if img.showing_raw {
                (
                    crate::t!("compare-show-composite"),
                    crate::t!("compare-show-composite-hover"),
                )
            } else {
                (
                    crate::t!("compare-show-raw"),
                    crate::t!("compare-show-raw-hover"),
                )
            };
            if button(ui, icon::RAW, text, Some(hover)) {
                asked = Some(Asked::SwapRaw);
            }
        }
        if button(
            ui,
            icon::SHEET,
            crate::t!("compare-export-sheet"),
            Some(crate::t!("compare-export-sheet-hover")),
        ) {
            asked = Some(Asked::Sheet);
        }
        if !compact {
            // Truncated: a long path must not widen the view past the window.
            ui.add(egui::Label::new(RichText::new(&full).small().weak()).truncate())
                .on_hover_text(full);
        }
    }
    asked
}

impl WanEditApp {
    /// Does what the compare header asked for; true when it left the Compare tab (the rest of
    /// the view is then not drawn this frame).
    pub(super) fn answer_compare_header(
        &mut self,
        asked: Asked,
        job_id: u64,
        index: usize,
    ) -> bool {
        match asked {
            Asked::SaveAs(path) => {
                self.save_as(path);
            }
            Asked::UseAsInput(path) => {
                self.message = None;
                self.tab = CentralTab::Canvas;
                self.add_paths(vec![path]);
                return true;
            }
            Asked::OpenFolder(dir) => self.open_folder(dir),
            Asked::CopyImage(path) => {
                self.say(crate::said!("copying-full-image"));
                self.copy_full_image(path)
            }
            Asked::Sheet => {
                let sides = self
                    .runs
                    .jobs
                    .iter()
                    .find(|j| j.id == job_id)
                    .and_then(|j| {
                        let img = j.images.get(index)?;
                        let before_idx = self
                            .runs
                            .compare
                            .before
                            .min(j.spec.images.len().checked_sub(1)?);
                        let input = &j.spec.images[before_idx];
                        let before = match &input.source {
                            crate::api::job::ImageSource::File(p) => p.clone(),
                            _ => return None,
                        };
                        let sent = input.facts.map(|f| (f.width, f.height))?;
                        Some(crate::jobs::export::SheetSides {
                            before,
                            sent,
                            before_boxes: Boxes::of(&input.boxes).into_rects(),
                            after: img.path.clone(),
                            after_boxes: boxes_on_result(&j.spec, img).into_rects(),
                        })
                    });
                match sides {
                    Some(sides) => self.save_sheet_dialog(sides),
                    None => self.problem(crate::said!("sheet-needs-local-before")),
                }
            }
            Asked::SwapRaw => {
                if let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == job_id)
                    && let Some(img) = j.images.get_mut(index)
                {
                    img.swap_raw();
                    self.runs
                        .results
                        .load(job_id, Slot::Result(index), img.path.clone());
                    // The other file has other pixels (the raw result its own size): a box
                    // crop is aimed at its box again there, not left where the last one was.
                    if self.runs.compare.crop.is_some() {
                        self.runs.compare.aim_crop = true;
                    }
                }
            }
        }
        false
    }
}

/// The start of `text` in at most about `max` characters, cut between words with "…" (a name
/// cut mid-word read as a typo).
fn first_words(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    // Back to the last space, unless that leaves too little (one long word: cut it).
    let kept = match cut.rfind(char::is_whitespace) {
        Some(at) if at >= max / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", kept.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_prompt_is_cut_between_words() {
        let f = super::first_words;
        assert_eq!(
            f("replace the cat in box 1 with a fox", 28),
            "replace the cat in box 1…"
        );
        assert_eq!(f("a teapot", 28), "a teapot");
        assert_eq!(f("supercalifragilisticexpialidocious", 10), "supercalif…");
        assert_eq!(f("合成先との差分位置合わせ済み", 8), "合成先との差分位…");
    }
}
