//! The results list: every job of this session with its status, the service's sentence, code
//! and request_id when it failed, Resume / Fetch again where something can still be had, text
//! parts, and numbered result thumbnails (click to compare, right-click to use as an input).

use std::path::PathBuf;

use egui::RichText;

use crate::store::history::Flag;
use crate::ui::pictures::{PictureId, Textures};
use crate::ui::results::{self, JobStatus, JobView, ResultImage};
use crate::ui::{theme, widgets};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultsAction {
    Cancel(u64),
    /// Poll this task again (a job that lost sight of it).
    Resume(String),
    /// Download the results of this history entry again.
    FetchAgain(String),
    /// Compare this result with its inputs.
    Show {
        job: u64,
        index: usize,
    },
    UseAsInput(PathBuf),
    /// Save every result of a job into a folder the user picks.
    SaveAll {
        job: u64,
        files: Vec<PathBuf>,
    },
    /// Pick or reject result `index` of `job` (`None`: neither).
    Flag {
        job: u64,
        index: usize,
        flag: Option<Flag>,
    },
    /// Copies of the picked results into a folder the user picks.
    ExportPicked,
}

/// How the list is filtered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResultsFilter {
    /// Only the picked results (and the jobs that have one).
    pub picked_only: bool,
}

/// Shows the jobs (their thumbnails are made here from their previews, once). `in_history`
/// says whether a history entry still exists (Fetch again needs it).
pub fn show(
    ui: &mut egui::Ui,
    jobs: &mut [JobView],
    in_history: &dyn Fn(&str) -> bool,
    (open, filter): (&mut bool, &mut ResultsFilter),
    pictures: &mut Textures,
) -> Option<ResultsAction> {
    let ctx = ui.ctx().clone();
    let mut action = None;
    let any_picked = jobs
        .iter()
        .any(|j| j.images.iter().any(|i| i.flag == Some(Flag::Picked)));
    ui.horizontal(|ui| {
        widgets::panel_toggle(
            ui,
            open,
            widgets::PanelEdge::Bottom,
            &crate::t!("panel-results"),
        );
        ui.heading(crate::t!("results-heading"));
        if !jobs.is_empty() {
            ui.checkbox(&mut filter.picked_only, crate::t!("results-picked-only"));
            if widgets::icon_button(
                ui,
                widgets::icon::EXPORT,
                crate::t!("export-picked"),
                any_picked,
            )
            .on_hover_text(crate::t!("export-picked-hover"))
            .on_disabled_hover_text(crate::t!("export-picked-none"))
            .clicked()
            {
                action = Some(ResultsAction::ExportPicked);
            }
        }
    });
    if jobs.is_empty() {
        ui.label(RichText::new(crate::t!("results-empty")).weak());
        return None;
    }
    // Picked only hides finished jobs without a picked result; a job still running (or one
    // that made nothing) stays in sight, and what is hidden is counted.
    let hidden = |j: &JobView| {
        filter.picked_only
            && !j.is_active()
            && !j.images.is_empty()
            && !j.images.iter().any(|i| i.flag == Some(Flag::Picked))
    };
    let hidden_count = jobs.iter().filter(|j| hidden(j)).count();
    if hidden_count == jobs.len() {
        ui.label(RichText::new(crate::t!("results-none-picked")).weak());
        return action;
    }
    if hidden_count > 0 {
        ui.label(
            RichText::new(crate::t!("results-hidden-by-picked", count = hidden_count))
                .small()
                .weak(),
        );
    }
    // A job's row, its thumbnails and their numbers fit the panel's height (a short window's
    // panel is about 160 px): the thumbnails shrink to fit, down to half their size.
    let thumb_h = (ui.available_height() - 52.0).clamp(48.0, 96.0);
    // The panel keeps the size it was given (or dragged to), whatever its rows need.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for j in jobs.iter_mut() {
                if hidden(j) {
                    continue;
                }
                action = job_ui(ui, (&ctx, pictures), j, (in_history, *filter), thumb_h)
                    .or(action.take());
            }
        });
    action
}

/// One job: its row, what became of it, its texts and its numbered result thumbnails.
fn job_ui(
    ui: &mut egui::Ui,
    ctx: (&egui::Context, &mut Textures),
    j: &mut JobView,
    (in_history, filter): (&dyn Fn(&str) -> bool, ResultsFilter),
    thumb_h: f32,
) -> Option<ResultsAction> {
    let mut action = job_row(ui, j);
    if let Some(why) = j.cancel_refused.as_ref().filter(|_| j.is_active()) {
        ui.label(RichText::new(why).small().color(theme::warn(ui)));
    }
    if let JobStatus::Cancelled(sentence) = &j.status {
        ui.label(
            RichText::new(sentence.words())
                .small()
                .color(theme::muted(ui)),
        );
    }
    action = failure_ui(ui, j, in_history).or(action);
    for t in &j.texts {
        ui.label(RichText::new(t).italics());
    }
    if j.images.len() > 1
        && ui
            .small_button(crate::t!("results-save-all", id = j.id))
            .clicked()
    {
        action = Some(ResultsAction::SaveAll {
            job: j.id,
            files: j.images.iter().map(|i| i.path.clone()).collect(),
        });
    }
    let measured = j
        .images
        .iter()
        .filter(|i| i.region.as_ref().is_some_and(|r| r.change.is_some()))
        .count();
    if measured > 1 {
        ui.checkbox(
            &mut j.least_change_first,
            crate::t!("results-least-change", id = j.id),
        );
    }
    action = thumbnails_ui(ui, ctx, j, (thumb_h, filter)).or(action);
    ui.separator();
    action
}

/// A job's first row: its number, model, Cancel while it runs, its status and task id.
fn job_row(ui: &mut egui::Ui, j: &JobView) -> Option<ResultsAction> {
    let mut action = None;
    // Cancel comes before the status, whose words change every second: it stays
    // where it is under the pointer, and on screen in a narrow panel (the row
    // wraps).
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(crate::t!("results-job", id = j.id)).strong());
        ui.label(RichText::new(j.spec.model.clone()).small());
        if j.is_active() {
            // Once the service refused (its task already running), Cancel cannot
            // work: it is disabled and says why.
            let can = j.cancel_refused.is_none();
            let b = widgets::icon_button(
                ui,
                widgets::icon::STOP,
                crate::t!("results-cancel-job", id = j.id),
                can,
            );
            let b = match &j.cancel_refused {
                Some(why) => b.on_disabled_hover_text(why),
                None => b,
            };
            if b.clicked() {
                action = Some(ResultsAction::Cancel(j.id));
            }
        }
        ui.label(results::status_line(ui, j));
        if let Some(t) = &j.task_id {
            ui.label(
                RichText::new(crate::t!("history-task", task = t))
                    .small()
                    .weak(),
            );
        }
    });
    action
}

/// A failed job's sentence, code and request_id, with Copy, Resume and Fetch again.
fn failure_ui(
    ui: &mut egui::Ui,
    j: &JobView,
    in_history: &dyn Fn(&str) -> bool,
) -> Option<ResultsAction> {
    let JobStatus::Failed {
        sentence,
        code,
        request_id,
    } = &j.status
    else {
        return None;
    };
    let mut action = None;
    let full = format!(
        "{sentence}{}{}",
        code.as_ref()
            .map(|c| format!("\n{}", crate::t!("results-error-code", code = c.as_str())))
            .unwrap_or_default(),
        request_id
            .as_ref()
            .map(|r| format!("\nrequest_id: {r}"))
            .unwrap_or_default()
    );
    // The sentence wraps on its own line; the buttons stay in view below it.
    ui.label(RichText::new(&full).color(theme::error(ui)));
    ui.horizontal(|ui| {
        if ui.small_button(crate::t!("results-copy-error")).clicked() {
            ui.ctx().copy_text(full.clone());
        }
        // Made and billed, not saved: fetch them (into the current output
        // folder) while the links live.
        if j.resumable
            && !j.is_active()
            && let Some(task) = &j.task_id
            && widgets::labelled(
                ui,
                crate::t!("results-resume"),
                crate::t!("results-resume-job", id = j.id),
                true,
            )
            .on_hover_text(crate::t!("results-resume-hover"))
            .clicked()
        {
            action = Some(ResultsAction::Resume(task.clone()));
        }
        if j.fetchable()
            && let Some(hid) = &j.history_id
            && in_history(hid)
            && widgets::labelled(
                ui,
                crate::t!("history-fetch"),
                crate::t!("results-fetch-job", id = j.id),
                true,
            )
            .on_hover_text(crate::t!("results-fetch-hover"))
            .clicked()
        {
            action = Some(ResultsAction::FetchAgain(hid.clone()));
        }
    });
    action
}

/// A job's result thumbnails in their listing order, in a wrapping row.
fn thumbnails_ui(
    ui: &mut egui::Ui,
    (ctx, pictures): (&egui::Context, &mut Textures),
    j: &mut JobView,
    (thumb_h, filter): (f32, ResultsFilter),
) -> Option<ResultsAction> {
    let mut action = None;
    let order = j.listing_order();
    ui.horizontal_wrapped(|ui| {
        for i in order {
            if filter.picked_only && j.images[i].flag != Some(Flag::Picked) {
                continue;
            }
            action = thumbnail_ui(ui, (ctx, &mut *pictures), j.id, i, &j.images[i], thumb_h)
                .or(action.take());
        }
    });
    action
}

/// Result `i` of job `job`: its thumbnail (click to compare, right-click to use as an input).
fn thumbnail_ui(
    ui: &mut egui::Ui,
    (ctx, pictures): (&egui::Context, &mut Textures),
    job: u64,
    i: usize,
    img: &ResultImage,
    thumb_h: f32,
) -> Option<ResultsAction> {
    let mut action = None;
    // The texture the compare view shows too (one cache, by picture).
    let id = PictureId::Result {
        job,
        index: i,
        raw: img.showing_raw,
    };
    let texture = img
        .preview
        .as_ref()
        .map(|p| pictures.of(ctx, id, p, crate::ui::tiles::PIXELS));
    let label = crate::t!("results-result-of-job", number = i + 1, id = job);
    // Numbered in the order the service returned them (an image set's 1…n); a rejected one
    // dimmed, still there to change one's mind.
    let r = ui
        .vertical(|ui| {
            if img.flag == Some(Flag::Rejected) {
                ui.multiply_opacity(theme::REJECTED_OPACITY);
            }
            numbered_thumbnail(ui, (img, texture.as_ref()), i, thumb_h)
        })
        .inner;
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
    let r = r.on_hover_text(img.path.display().to_string());
    if r.clicked() {
        action = Some(ResultsAction::Show { job, index: i });
    }
    r.context_menu(|ui| {
        if widgets::icon_button(
            ui,
            widgets::icon::USE_AS_INPUT,
            crate::t!("compare-use-as-input"),
            true,
        )
        .clicked()
        {
            action = Some(ResultsAction::UseAsInput(img.path.clone()));
            ui.close();
        }
        ui.separator();
        for (flag, icon, words) in flag_choices(img.flag) {
            if widgets::icon_button(ui, icon, words, true).clicked() {
                action = Some(ResultsAction::Flag {
                    job,
                    index: i,
                    flag,
                });
                ui.close();
            }
        }
    });
    action
}

/// What a result's flag can become from `now`, each with its icon and words: Pick and Reject,
/// or, for the one it has, clearing it.
pub fn flag_choices(
    now: Option<Flag>,
) -> [(Option<Flag>, egui_material_icons::MaterialIcon, String); 2] {
    let pick = match now {
        Some(Flag::Picked) => (None, widgets::icon::PICK, crate::t!("flag-unpick")),
        _ => (
            Some(Flag::Picked),
            widgets::icon::PICK,
            crate::t!("flag-pick"),
        ),
    };
    let reject = match now {
        Some(Flag::Rejected) => (None, widgets::icon::REJECT, crate::t!("flag-unreject")),
        _ => (
            Some(Flag::Rejected),
            widgets::icon::REJECT,
            crate::t!("flag-reject"),
        ),
    };
    [pick, reject]
}

/// A result's flag as a badge: its words, in the flag's colour.
pub fn flag_badge(ui: &mut egui::Ui, flag: Option<Flag>) {
    let Some((icon, words, colour)) = flag_look(ui, flag) else {
        return;
    };
    ui.label(icon.rich_text().small().color(colour));
    ui.label(RichText::new(words).small().strong().color(colour));
}

/// A flag's icon, words and colour (`None`: no flag).
fn flag_look(
    ui: &egui::Ui,
    flag: Option<Flag>,
) -> Option<(egui_material_icons::MaterialIcon, String, egui::Color32)> {
    Some(match flag? {
        Flag::Picked => (widgets::icon::PICK, crate::t!("flag-picked"), theme::ok(ui)),
        Flag::Rejected => (
            widgets::icon::REJECT,
            crate::t!("flag-rejected"),
            theme::muted(ui),
        ),
    })
}

/// A result's flag under its thumbnail: its icon only (its words on hover and for screen
/// readers), so that a flag set or cleared does not widen the row and move the thumbnails
/// beside it.
fn flag_icon(ui: &mut egui::Ui, flag: Option<Flag>) {
    let Some((icon, words, colour)) = flag_look(ui, flag) else {
        return;
    };
    let r = ui.label(icon.rich_text().small().color(colour));
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &words));
    r.on_hover_text(words);
}

/// A thumbnail (a spinner until its texture is made) over its number, what changed outside the
/// boxes and a detail badge; returns the thumbnail's response.
fn numbered_thumbnail(
    ui: &mut egui::Ui,
    (img, texture): (&ResultImage, Option<&egui::TextureHandle>),
    i: usize,
    thumb_h: f32,
) -> egui::Response {
    let r = match texture {
        Some(t) => {
            let size = t.size_vec2();
            let s = (thumb_h / size.y).min(thumb_h * 5.0 / 3.0 / size.x);
            ui.add(egui::Image::new((t.id(), size * s)).sense(egui::Sense::click()))
        }
        None => ui.add(egui::Spinner::new()),
    };
    let change = img
        .region
        .as_ref()
        .and_then(|r| r.change)
        .map(|c| {
            crate::t!(
                "results-outside",
                share = format!("{:.1}", c.changed_share * 100.0)
            )
        })
        .unwrap_or_default();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{}{change}", i + 1)).small());
        flag_icon(ui, img.flag);
        // Made from detail mode's crop: a badge, its size on hover.
        if let Some((width, height)) = img.region.as_ref().and_then(|r| r.detail) {
            ui.label(
                RichText::new(crate::t!("results-detail"))
                    .small()
                    .strong()
                    .color(ui.visuals().selection.stroke.color),
            )
            .on_hover_text(crate::t!(
                "composited-detail",
                width = width,
                height = height
            ));
        }
    });
    r
}

#[cfg(test)]
#[path = "results_tests.rs"]
mod tests;
