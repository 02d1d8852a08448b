//! The Batch tab's batches: which one is shown, its progress with an ETA, what can be done
//! with it (pause, resume, export, retry, open its folder) and why items failed.

use std::path::Path;

use egui::RichText;

use super::sheet::status_words;
use super::{BatchAction, BatchPanel, duration};
use crate::jobs::batch::{ItemStatus, Manifest};
use crate::ui::theme;
use crate::ui::widgets::{icon, icon_button, labelled};

impl BatchPanel {
    /// The batches to pick the one shown from, when there are several.
    pub(super) fn batch_choice_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label(crate::t!("batch-batches"));
            for (out, m) in &self.batches {
                let name = out
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| out.display().to_string());
                let done = m.count(ItemStatus::Done);
                let selected = self.shown.as_deref() == Some(out.as_path());
                if ui
                    .selectable_label(selected, format!("{name} ({done}/{})", m.items.len()))
                    .clicked()
                {
                    self.shown = Some(out.clone());
                }
            }
        });
    }

    /// The batch's heading, its progress bar with an ETA, the images billed and why it stopped
    /// (or who runs it); returns how many items failed and how many may have run.
    pub(super) fn progress_ui(
        &self,
        ui: &mut egui::Ui,
        out: &Path,
        m: &Manifest,
        running: bool,
    ) -> (usize, usize) {
        let total = m.items.len();
        let ended = m.items.iter().filter(|i| i.status.ended()).count();
        let (done, failed, unsure) = (
            m.count(ItemStatus::Done),
            m.count(ItemStatus::Failed),
            m.count(ItemStatus::MayHaveRun),
        );
        let under_way = m.count(ItemStatus::Running);
        ui.heading(crate::t!("batch-in", folder = out.display().to_string()));
        let eta = self.started.get(out).and_then(|(t, at)| {
            let since = ended.saturating_sub(*at);
            (running && since > 0 && ended < total).then(|| {
                let per = t.elapsed().as_secs_f64() / since as f64;
                (per * (total - ended) as f64).round() as u64
            })
        });
        let mut line = crate::t!(
            "batch-progress",
            ended = ended,
            total = total,
            done = done,
            running = under_way,
            failed = failed
        );
        if unsure > 0 {
            line.push_str(&crate::t!("batch-progress-unsure", count = unsure));
        }
        if let Some(s) = eta {
            line.push_str(&crate::t!("batch-progress-left", time = duration(s)));
        }
        ui.add(
            egui::ProgressBar::new(if total == 0 {
                0.0
            } else {
                ended as f32 / total as f32
            })
            .text(line.clone()),
        )
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, &line));
        ui.label(crate::t!("batch-images-billed", count = m.billed()));
        if let Some(s) = self.elsewhere.get(out) {
            ui.label(RichText::new(s).color(theme::warn(ui)));
        }
        if let Some(s) = &m.stopped {
            ui.label(RichText::new(s.words()).color(theme::warn(ui)));
        }
        (failed, unsure)
    }

    /// Pause (or stop watching), Resume, Export, Retry and Open folder for the batch shown.
    pub(super) fn batch_buttons_ui(
        &self,
        ui: &mut egui::Ui,
        out: &Path,
        m: &Manifest,
        running: bool,
        (failed, unsure): (usize, usize),
        action: &mut Option<BatchAction>,
    ) {
        ui.horizontal_wrapped(|ui| {
            if running && self.elsewhere.contains_key(out) {
                // Another wanedit runs it: this window can only stop following it.
                if icon_button(ui, icon::PAUSE, crate::t!("batch-stop-watching"), true)
                    .on_hover_text(crate::t!("batch-stop-watching-hover"))
                    .clicked()
                {
                    *action = Some(BatchAction::Pause(out.to_path_buf()));
                }
            } else if running {
                if icon_button(ui, icon::PAUSE, crate::t!("batch-pause"), true)
                    .on_hover_text(crate::t!("batch-pause-hover"))
                    .clicked()
                {
                    *action = Some(BatchAction::Pause(out.to_path_buf()));
                }
            } else if m.unfinished()
                && icon_button(ui, icon::RUN, crate::t!("batch-resume"), true)
                    .on_hover_text(crate::t!("batch-resume-hover"))
                    .clicked()
            {
                *action = Some(BatchAction::Resume(out.to_path_buf()));
            }
            let accepted = m.items.iter().filter(|i| i.accepted == Some(true)).count();
            if icon_button(
                ui,
                icon::DOWNLOAD,
                crate::t!("batch-export", count = accepted),
                accepted > 0,
            )
            .on_hover_text(crate::t!("batch-export-hover"))
            .clicked()
            {
                *action = Some(BatchAction::ExportAccepted(out.to_path_buf()));
            }
            if failed > 0
                && icon_button(
                    ui,
                    icon::RETRY,
                    crate::t!("batch-retry", count = failed),
                    !running,
                )
                .on_hover_text(crate::t!("batch-retry-hover"))
                .clicked()
            {
                *action = Some(BatchAction::Retry {
                    out: out.to_path_buf(),
                    unsure: false,
                });
            }
            if unsure > 0
                && icon_button(
                    ui,
                    icon::RETRY,
                    crate::t!("batch-send-unsure", count = unsure),
                    !running,
                )
                .on_hover_text(crate::t!("batch-send-unsure-hover"))
                .clicked()
            {
                *action = Some(BatchAction::Retry {
                    out: out.to_path_buf(),
                    unsure: true,
                });
            }
            if labelled(
                ui,
                crate::t!("history-open-folder"),
                crate::t!("batch-open-folder"),
                true,
            )
            .clicked()
            {
                *action = Some(BatchAction::OpenFolder(out.to_path_buf()));
            }
        });
    }
}

/// Why items failed or may have run, one line each.
pub(super) fn why_ui(ui: &mut egui::Ui, m: &Manifest, failed: usize, unsure: usize) {
    egui::CollapsingHeader::new(crate::t!("batch-why", count = failed + unsure))
        .id_salt("batch-why")
        .default_open(true)
        .show(ui, |ui| {
            for (k, it) in m.items.iter().enumerate() {
                if !matches!(it.status, ItemStatus::Failed | ItemStatus::MayHaveRun) {
                    continue;
                }
                let name = it
                    .input
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                ui.label(format!(
                    "{}. {name} ({}): {}",
                    k + 1,
                    status_words(it.status),
                    it.sentence
                        .as_ref()
                        .map(|s| s.words())
                        .unwrap_or_else(|| crate::t!("batch-no-reason"))
                ));
            }
        });
}
