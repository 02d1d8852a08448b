//! The History tab: every recorded job, newest first, with a thumbnail, its status, prompt,
//! request_id, usage and timings; a text filter and Picked only; reopen, re-run, fetch again,
//! fork, delete, export the picked results. As a list, or as the lineage of edits (tree.rs:
//! each job under the job whose picture it edited). Reading the folder and decoding
//! thumbnails happen on the runtime, never on this thread.

use crate::jobs::door::Door;
use crate::jobs::work::library::LibraryCommand;
use crate::jobs::work::pictures::PictureCommand;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use egui::{Color32, RichText, TextureHandle, TextureOptions};

use crate::ui::pictures::{PictureId, Textures};

use crate::jobs::post::Post;
use crate::store::history::{Flag, History, HistoryEntry, HistoryStatus};

#[path = "history_tree.rs"]
mod tree;

/// Thumbnails are at most this many pixels on their longer side.
const THUMB: u32 = 160;

/// What the runtime read for the tab, on its way to [`HistoryPanel::receive`].
pub enum News {
    Listed(Vec<HistoryEntry>),
    /// An entry's thumbnail and its results' real pixel sizes (read from their files).
    Thumb(String, Option<image::RgbaImage>, Vec<(u32, u32)>),
    Failed(crate::i18n::Said),
    /// A result's flag kept in its entry (the entry as written), or why not.
    Flagged(Result<Box<HistoryEntry>, crate::i18n::Said>),
}

/// How the tab shows the jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryView {
    /// Newest first, each job a row with its picture and buttons.
    List,
    /// The lineage of edits: each job under the job whose picture it edited, the selected
    /// one's row below the tree.
    Tree,
}

/// What the user asked the History tab for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryAction {
    None,
    Reopen(String),
    Rerun(String),
    FetchAgain(String),
    Delete(String),
    OpenFolder(PathBuf),
    /// Show its inputs and results in Results and Compare.
    Show(String),
    /// A new composition whose image 1 is this job's picture.
    Fork(String),
    /// Copies of the picked results of these jobs into a folder the designer chooses.
    ExportPicked(Vec<String>),
}

/// The tab's state: the entries as last read, the filter, thumbnails.
pub struct HistoryPanel {
    history: History,
    pub entries: Vec<HistoryEntry>,
    pub filter: String,
    /// Only the jobs with a picked result.
    pub picked_only: bool,
    /// A list, or the lineage of edits.
    pub view: HistoryView,
    /// The job chosen in the tree (its row is shown below it).
    pub tree_selected: Option<String>,
    /// Where each entry is in `entries`, by id.
    by_id: HashMap<String, usize>,
    /// A read of the folder is under way.
    pub loading: bool,
    /// The folder was read at least once.
    pub loaded: bool,
    /// Entries whose thumbnail arrived: `true` when it is in the window's textures, `false`
    /// when the entry has no picture to show.
    thumbs: HashMap<String, bool>,
    pending_thumbs: HashSet<String>,
    /// Entries whose thumbnail is to be let go of at the next frame (changed or deleted).
    forgotten: Vec<String>,
    /// Decoded thumbnails waiting to become textures.
    arrived: Vec<(String, Option<egui::ColorImage>)>,
    /// Each entry's results' pixel sizes as their files say (read with the thumbnail): the
    /// service's `usage` names the size tier (2048*2048), not what came back. The size of what
    /// the job shows (the composite where there is one), as the Results row says it.
    sizes: HashMap<String, Vec<(u32, u32)>>,
    /// Indices into `entries` the filter lets through, with the filter they were made for:
    /// matching thousands of entries every frame would make the tab stutter.
    filtered: Option<((String, bool), Vec<usize>)>,
    /// The tree of what the filter lets through (and their ancestors), made for that filter.
    lineage: Option<((String, bool), Vec<tree::Row>)>,
    /// The entry whose Delete button was pressed once (the second press deletes).
    confirm_delete: Option<String>,
    pub error: Option<String>,
    post: Post<News>,
    door: Door,
}

impl HistoryPanel {
    pub fn new(history: History, door: Door, post: Post<News>) -> Self {
        HistoryPanel {
            history,
            entries: Vec::new(),
            filter: String::new(),
            picked_only: false,
            view: HistoryView::List,
            tree_selected: None,
            by_id: HashMap::new(),
            lineage: None,
            loading: false,
            loaded: false,
            thumbs: HashMap::new(),
            pending_thumbs: HashSet::new(),
            forgotten: Vec::new(),
            arrived: Vec::new(),
            sizes: HashMap::new(),
            filtered: None,
            confirm_delete: None,
            error: None,
            post,
            door,
        }
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Reads the folder again (on the runtime).
    pub fn refresh(&mut self) {
        self.loading = true;
        self.door.send(LibraryCommand::ListHistory {
            listed: self.post.map(News::Listed),
        });
    }

    /// Deletes an entry (and the files only it used), then reads the folder again.
    pub fn delete(&mut self, id: &str) {
        self.loading = true;
        self.thumbs.remove(id);
        self.forgotten.push(id.to_string());
        self.door.send(LibraryCommand::DeleteHistory {
            id: id.to_string(),
            failed: self.post.map(News::Failed),
            listed: self.post.map(News::Listed),
        });
    }

    /// Takes what the runtime read (from the window's inbox).
    pub fn receive(&mut self, news: News) {
        match news {
            News::Listed(entries) => {
                // A changed entry (e.g. its outputs arrived) gets its thumbnail again. By id
                // through a map: a search per entry was quadratic (a 100 ms frame at 5,000).
                let before: HashMap<&str, &HistoryEntry> =
                    self.entries.iter().map(|o| (o.id.as_str(), o)).collect();
                let changed: Vec<String> = entries
                    .iter()
                    .filter(|e| {
                        before
                            .get(e.id.as_str())
                            .is_some_and(|b| b.outputs != e.outputs)
                    })
                    .map(|e| e.id.clone())
                    .collect();
                for id in changed {
                    self.thumbs.remove(&id);
                    self.forgotten.push(id);
                }
                self.entries = entries;
                self.entries_changed();
                self.loading = false;
                self.loaded = true;
            }
            // A texture is made where the tab is drawn (it needs the context).
            News::Thumb(id, img, sizes) => {
                self.sizes.insert(id.clone(), sizes);
                self.arrived
                    .push((id, img.as_ref().map(crate::ui::widgets::color_image)));
            }
            News::Failed(e) | News::Flagged(Err(e)) => self.error = Some(e.words()),
            News::Flagged(Ok(e)) => self.replace(*e),
        }
    }

    /// An entry as the engine wrote it again (a flag changed), in place of the one read.
    pub fn replace(&mut self, e: HistoryEntry) {
        if let Some(&i) = self.by_id.get(&e.id) {
            self.entries[i] = e;
            self.entries_changed();
        }
    }

    /// What was made of the entries is made again.
    fn entries_changed(&mut self) {
        self.by_id = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        self.filtered = None;
        self.lineage = None;
    }

    /// Whether `e` passes the filter (its words, and Picked only).
    fn shown(&self, e: &HistoryEntry) -> bool {
        e.matches(&self.filter) && (!self.picked_only || has_picked(e))
    }

    /// The entries the filter lets through, newest first.
    pub fn visible(&self) -> Vec<&HistoryEntry> {
        self.entries.iter().filter(|e| self.shown(e)).collect()
    }

    /// What [`Self::visible`] gives, as indices, recomputed only when the filter or the
    /// entries change.
    fn visible_indices(&mut self) -> &[usize] {
        let key = (self.filter.clone(), self.picked_only);
        if self
            .filtered
            .as_ref()
            .is_none_or(|(made_for, _)| *made_for != key)
        {
            let idx = (0..self.entries.len())
                .filter(|&i| self.shown(&self.entries[i]))
                .collect();
            self.filtered = Some((key, idx));
        }
        self.filtered.as_ref().map_or(&[], |(_, idx)| idx)
    }

    pub fn get(&self, id: &str) -> Option<&HistoryEntry> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
    }

    /// The first result as the job shows it (its composite when it composited), else the
    /// first input.
    pub fn thumb_source(&self, e: &HistoryEntry) -> Option<PathBuf> {
        e.outputs
            .first()
            .map(|o| self.history.file_path(o.shown_file()))
            .or_else(|| {
                e.inputs
                    .iter()
                    .find_map(|i| i.file.as_ref())
                    .map(|f| self.history.file_path(f))
            })
    }

    fn request_thumb(&mut self, e: &HistoryEntry) {
        if self.thumbs.contains_key(&e.id) || self.pending_thumbs.contains(&e.id) {
            return;
        }
        let Some(path) = self.thumb_source(e) else {
            self.thumbs.insert(e.id.clone(), false);
            return;
        };
        self.pending_thumbs.insert(e.id.clone());
        let id = e.id.clone();
        // Headers only: the real size of each result, distinct sizes once.
        let sizes_of: Vec<PathBuf> = e
            .outputs
            .iter()
            .map(|o| self.history.file_path(o.shown_file()))
            .collect();
        self.door.send(PictureCommand::Thumbnail {
            path,
            side: THUMB,
            sizes_of,
            reply: self
                .post
                .map(move |(img, sizes)| News::Thumb(id.clone(), img, sizes)),
        });
    }

    /// Thumbnails made on the runtime become textures (they need the context), in the window's
    /// one cache.
    fn take_arrived(&mut self, ctx: &egui::Context, pictures: &mut Textures) {
        for id in std::mem::take(&mut self.forgotten) {
            pictures.forget(PictureId::history_thumb(&id));
        }
        for (id, img) in std::mem::take(&mut self.arrived) {
            self.pending_thumbs.remove(&id);
            let made = img.is_some();
            if let Some(i) = img {
                pictures.put(
                    ctx,
                    PictureId::history_thumb(&id),
                    i,
                    TextureOptions::LINEAR,
                );
            }
            self.thumbs.insert(id, made);
        }
    }

    /// The entry `id`'s thumbnail, asked for when there is none yet (elsewhere than the tab:
    /// Compare's Before list).
    pub fn thumb_for(
        &mut self,
        ctx: &egui::Context,
        pictures: &mut Textures,
        id: &str,
    ) -> Option<TextureHandle> {
        self.take_arrived(ctx, pictures);
        if let Some(made) = self.thumbs.get(id) {
            return made
                .then(|| pictures.get(PictureId::history_thumb(id)))
                .flatten();
        }
        if let Some(e) = self.entries.iter().find(|e| e.id == id).cloned() {
            self.request_thumb(&e);
        }
        None
    }

    /// Draws the tab. `active` holds the history ids of jobs running in this window.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        active: &HashSet<String>,
        pictures: &mut Textures,
    ) -> HistoryAction {
        self.take_arrived(&ui.ctx().clone(), pictures);
        let mut action = HistoryAction::None;
        // Wrapping, the field no wider than the tab, the folder's path cut with its whole on
        // hover: a wide first row would widen every row below it past the tab's edge.
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(crate::t!("history-filter"));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text(crate::t!("history-filter-hint"))
                    .desired_width(360.0_f32.min(ui.available_width() * 0.6)),
            )
            .labelled_by(l.id);
            ui.checkbox(&mut self.picked_only, crate::t!("history-picked-only"));
            use crate::ui::widgets::{icon, icon_tab};
            icon_tab(
                ui,
                &mut self.view,
                HistoryView::List,
                icon::LIST,
                crate::t!("history-as-list"),
            )
            .on_hover_text(crate::t!("history-as-list-hover"));
            icon_tab(
                ui,
                &mut self.view,
                HistoryView::Tree,
                icon::TREE,
                crate::t!("history-as-tree"),
            )
            .on_hover_text(crate::t!("history-as-tree-hover"));
            if ui.button(crate::t!("history-reload")).clicked() {
                self.refresh();
            }
            // The picked results of the jobs the filter shows.
            let picked: Vec<String> = self
                .visible_indices()
                .to_vec()
                .into_iter()
                .map(|i| &self.entries[i])
                .filter(|e| has_picked(e))
                .map(|e| e.id.clone())
                .collect();
            if crate::ui::widgets::icon_button(
                ui,
                icon::EXPORT,
                crate::t!("export-picked"),
                !picked.is_empty(),
            )
            .on_hover_text(crate::t!("export-picked-hover"))
            .on_disabled_hover_text(crate::t!("export-picked-none"))
            .clicked()
            {
                action = HistoryAction::ExportPicked(picked);
            }
            if self.loading {
                ui.spinner();
            }
            let kept = crate::t!(
                "history-kept-in",
                folder = self.history.root().display().to_string()
            );
            ui.add(egui::Label::new(RichText::new(&kept).small().weak()).truncate())
                .on_hover_text(kept);
        });
        if let Some(e) = self.error.clone() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(&e).color(crate::ui::theme::error(ui)));
                if ui.small_button(crate::t!("history-dismiss")).clicked() {
                    self.error = None;
                }
            });
        }
        ui.separator();
        let visible = self.visible_indices().to_vec();
        if self.view == HistoryView::Tree && !visible.is_empty() {
            let a = self.tree_ui(ui, active, pictures);
            return if a == HistoryAction::None { action } else { a };
        }
        if visible.is_empty() {
            ui.label(
                RichText::new(if self.entries.is_empty() {
                    crate::t!("history-empty")
                } else {
                    crate::t!("history-no-match")
                })
                .weak(),
            );
            return action;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, 104.0, visible.len(), |ui, range| {
                for row in range {
                    // Only the rows on screen are copied out.
                    let e = self.entries[visible[row]].clone();
                    self.request_thumb(&e);
                    // Its picture: `Some(None)` when it has none to show, `None` while asked.
                    let shown = match self.thumbs.get(&e.id) {
                        Some(true) => pictures.get(PictureId::history_thumb(&e.id)).map(Some),
                        Some(false) => Some(None),
                        None => None,
                    };
                    let a = self.row(ui, (row + 1, &e), active.contains(&e.id), shown);
                    if a != HistoryAction::None {
                        action = a;
                    }
                }
            });
        action
    }

    fn row(
        &mut self,
        ui: &mut egui::Ui,
        (n, e): (usize, &HistoryEntry),
        active: bool,
        shown: Option<Option<TextureHandle>>,
    ) -> HistoryAction {
        let mut action = HistoryAction::None;
        ui.horizontal(|ui| {
            ui.set_min_height(crate::ui::theme::size::HISTORY_THUMB.y);
            paint_thumb(ui, shown);
            ui.vertical(|ui| {
                // Within the tab's width: the words wrap and the buttons go on a second row
                // rather than under the panel beside (1024 px with the boxes panel open).
                ui.set_max_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(when(e)).strong());
                    ui.label(RichText::new(&e.spec.model).small());
                    let (text, colour) = status_text(ui, e, active);
                    ui.label(RichText::new(text).color(colour));
                });
                let prompt: String = e.spec.composed_prompt().chars().take(160).collect();
                ui.label(if prompt.is_empty() {
                    RichText::new(crate::t!("history-no-prompt")).weak()
                } else {
                    RichText::new(prompt)
                });
                let sizes = self.sizes.get(&e.id).map(Vec::as_slice).unwrap_or_default();
                let parent = e.parent.as_deref().and_then(|p| self.get(p)).map(when);
                ui.label(RichText::new(details(e, sizes, parent)).small().weak());
                if let Some(s) = &e.sentence {
                    ui.label(
                        RichText::new(s.words())
                            .small()
                            .color(crate::ui::theme::error(ui)),
                    );
                }
                ui.horizontal_wrapped(|ui| {
                    let busy = active || e.status == HistoryStatus::Running;
                    if !e.outputs.is_empty()
                        && crate::ui::widgets::labelled(
                            ui,
                            crate::t!("history-compare"),
                            crate::t!("history-compare-item", number = n),
                            true,
                        )
                        .on_hover_text(crate::t!("history-compare-hover"))
                        .clicked()
                    {
                        action = HistoryAction::Show(e.id.clone());
                    }
                    if crate::ui::widgets::labelled(
                        ui,
                        crate::t!("history-reopen"),
                        crate::t!("history-reopen-item", number = n),
                        true,
                    )
                    .on_hover_text(crate::t!("history-reopen-hover"))
                    .clicked()
                    {
                        action = HistoryAction::Reopen(e.id.clone());
                    }
                    if crate::ui::widgets::labelled(
                        ui,
                        crate::t!("history-rerun"),
                        crate::t!("history-rerun-item", number = n),
                        true,
                    )
                    .on_hover_text(crate::t!("history-rerun-hover"))
                    .clicked()
                    {
                        action = HistoryAction::Rerun(e.id.clone());
                    }
                    if !e.outputs.is_empty()
                        && crate::ui::widgets::labelled(
                            ui,
                            crate::t!("history-fork"),
                            crate::t!("history-fork-item", number = n),
                            true,
                        )
                        .on_hover_text(crate::t!("history-fork-hover"))
                        .clicked()
                    {
                        action = HistoryAction::Fork(e.id.clone());
                    }
                    let can_fetch = !busy
                        && matches!(e.status, HistoryStatus::Incomplete)
                        && !e.result_urls().is_empty();
                    if can_fetch
                        && crate::ui::widgets::labelled(
                            ui,
                            crate::t!("history-fetch"),
                            crate::t!("history-fetch-item", number = n),
                            true,
                        )
                        .on_hover_text(crate::t!("history-fetch-hover"))
                        .clicked()
                    {
                        action = HistoryAction::FetchAgain(e.id.clone());
                    }
                    if !e.outputs.is_empty()
                        && crate::ui::widgets::labelled(
                            ui,
                            crate::t!("history-open-folder"),
                            crate::t!("history-open-folder-item", number = n),
                            true,
                        )
                        .clicked()
                    {
                        action = HistoryAction::OpenFolder(e.out_dir.clone());
                    }
                    let confirming = self.confirm_delete.as_deref() == Some(e.id.as_str());
                    let (text, label) = if confirming {
                        (
                            crate::t!("history-really-delete"),
                            crate::t!("history-really-delete-item", number = n),
                        )
                    } else {
                        (
                            crate::t!("history-delete"),
                            crate::t!("history-delete-item", number = n),
                        )
                    };
                    if crate::ui::widgets::labelled(ui, text, label, !busy)
                        .on_hover_text(crate::t!("history-delete-hover"))
                        .clicked()
                    {
                        if confirming {
                            self.confirm_delete = None;
                            action = HistoryAction::Delete(e.id.clone());
                        } else {
                            self.confirm_delete = Some(e.id.clone());
                        }
                    }
                });
            });
        });
        ui.separator();
        action
    }
}

/// An entry's picture in its row: the thumbnail, "no image", or an empty frame while asked.
fn paint_thumb(ui: &mut egui::Ui, shown: Option<Option<TextureHandle>>) {
    let (rect, _) =
        ui.allocate_exact_size(crate::ui::theme::size::HISTORY_THUMB, egui::Sense::hover());
    match shown {
        Some(Some(t)) => {
            let size = t.size_vec2();
            let s = (rect.width() / size.x).min(rect.height() / size.y);
            let r = egui::Rect::from_center_size(rect.center(), size * s);
            ui.painter().image(
                t.id(),
                r,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                crate::ui::theme::NO_TINT,
            );
        }
        Some(None) => {
            ui.painter()
                .rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                crate::t!("history-no-image"),
                egui::FontId::proportional(11.0),
                ui.visuals().weak_text_color(),
            );
        }
        None => {
            ui.painter()
                .rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        }
    }
}

/// When the job was made, in the machine's local time: `2026-11-25 12:15:00` (the id's UTC
/// time, marked as such, where the local time cannot be known).
pub(crate) fn when(e: &HistoryEntry) -> String {
    if e.created_ms > 0
        && let Some((y, mo, d, h, mi, s)) =
            crate::store::history::local_datetime((e.created_ms / 1000) as i64)
    {
        return format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
    }
    let id = &e.id;
    if id.len() >= 15 && id.is_char_boundary(15) {
        format!(
            "{}-{}-{} {}:{}:{} UTC",
            &id[0..4],
            &id[4..6],
            &id[6..8],
            &id[9..11],
            &id[11..13],
            &id[13..15]
        )
    } else {
        id.clone()
    }
}

fn status_text(ui: &egui::Ui, e: &HistoryEntry, active: bool) -> (String, Color32) {
    let green = crate::ui::theme::ok(ui);
    let amber = crate::ui::theme::warn(ui);
    let red = crate::ui::theme::error(ui);
    let grey = crate::ui::theme::muted(ui);
    match e.status {
        HistoryStatus::Running if active => (crate::t!("history-status-running"), amber),
        // Not running here: wanedit stopped while it ran (a sync call cannot be fetched later).
        HistoryStatus::Running => (crate::t!("history-status-interrupted"), red),
        HistoryStatus::Waiting if active => (crate::t!("history-status-resuming"), amber),
        HistoryStatus::Waiting => (crate::t!("history-status-waiting"), amber),
        HistoryStatus::Done => (crate::t!("history-status-done"), green),
        HistoryStatus::Incomplete => (crate::t!("history-status-incomplete"), amber),
        HistoryStatus::Failed => (crate::t!("history-status-failed"), red),
        HistoryStatus::Canceled => (crate::t!("history-status-cancelled"), grey),
        HistoryStatus::Expired => (crate::t!("history-status-expired"), grey),
    }
}

/// `3 images in · 1 result · 2508×1672 · 14.2 s · request_id …`: the results' real sizes
/// (`sizes`, once read from their files), not the size tier the service's usage names.
fn details(e: &HistoryEntry, sizes: &[(u32, u32)], parent: Option<String>) -> String {
    let mut parts = Vec::new();
    // The step it came from: the job whose picture it edited.
    if let Some(when) = parent {
        parts.push(crate::t!("history-after", when = when));
    }
    let n_in = e.inputs.len();
    parts.push(match n_in {
        0 => crate::t!("history-text-to-image"),
        n => crate::t!("history-images-in", count = n),
    });
    let whole = e.spec.whole();
    let boxes: usize = whole.images.iter().map(|i| i.boxes.len()).sum();
    if boxes > 0 {
        parts.push(crate::t!("history-boxes", count = boxes));
    }
    // One call of a job detail mode split: which, and its box.
    if let Some(p) = &e.spec.part {
        parts.push(crate::t!(
            "history-call",
            index = p.index + 1,
            of = p.of,
            number = p.number
        ));
    }
    if !e.outputs.is_empty() {
        parts.push(crate::t!("history-results", count = e.outputs.len()));
    }
    let flagged = |f| e.outputs.iter().filter(|o| o.flag == Some(f)).count();
    match (flagged(Flag::Picked), flagged(Flag::Rejected)) {
        (0, 0) => {}
        (picked, rejected) => parts.push(crate::t!(
            "history-flags",
            picked = picked,
            rejected = rejected
        )),
    }
    if let Some(c) = e.usage.as_ref().and_then(|u| u.image_count) {
        parts.push(crate::t!("history-billed", count = c));
    }
    for (w, h) in sizes {
        parts.push(format!("{w}×{h}"));
    }
    if let Some(ms) = e.timings.finished_ms {
        parts.push(format!("{:.1} s", ms as f64 / 1000.0));
    }
    if let Some(r) = &e.request_id {
        parts.push(format!("request_id {r}"));
    }
    if let Some(t) = &e.task_id {
        parts.push(crate::t!("history-task", task = t));
    }
    parts.join(" · ")
}

/// Whether one of `e`'s results is picked.
pub fn has_picked(e: &HistoryEntry) -> bool {
    e.outputs.iter().any(|o| o.flag == Some(Flag::Picked))
}

// ---- the app's side: resume at start, reopen, re-run, fetch again, delete ----------------------

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
