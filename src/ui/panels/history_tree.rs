//! History as the lineage of edits: each job under the job whose picture it edited (its
//! `parent`), drawn with egui_ltreeview; the chosen step's row (its picture, its words, its
//! buttons: Compare, Reopen, Fork from here…) below the tree.
//!
//! A root is a job without a parent, or whose parent is gone; roots newest first, as the list;
//! children under their parent oldest first (newest last), so a chain reads in the order it
//! was made. The filter and Picked only keep the jobs they let through and the steps that led
//! to them (shown weak): a chain is not cut in the middle.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use egui::{RichText, TextureHandle};
use egui_ltreeview::{Action, NodeBuilder, TreeView};

use super::{HistoryAction, HistoryEntry, HistoryPanel, Textures, status_text, when};
use crate::ui::pictures::PictureId;
use crate::ui::theme;

/// One node of the tree, in the order drawn (depth first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its entry in `entries`.
    pub index: usize,
    /// How many steps it is below its root.
    pub depth: usize,
    /// How many of its children are drawn.
    pub children: usize,
    /// The filter lets it through (else it is drawn for a descendant that is).
    pub matched: bool,
}

/// The tree of `entries` (newest first) as drawn: every entry `shown` lets through and its
/// ancestors. An entry in a loop of parents (a damaged history) is a root.
pub fn lineage(entries: &[HistoryEntry], shown: &dyn Fn(&HistoryEntry) -> bool) -> Vec<Row> {
    let at: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let parent = |i: usize| {
        entries[i]
            .parent
            .as_deref()
            .and_then(|p| at.get(p).copied())
            .filter(|&p| p != i)
    };
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut roots = Vec::new();
    // Oldest first: children newest last.
    for i in (0..entries.len()).rev() {
        match parent(i) {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    roots.reverse();
    let matched: Vec<bool> = entries.iter().map(shown).collect();
    // Kept: matched, or an ancestor of one that is (each walk stops at a kept one).
    let mut kept = matched.clone();
    for i in (0..entries.len()).filter(|&i| matched[i]) {
        let mut seen = HashSet::from([i]);
        let mut at = i;
        while let Some(p) = parent(at) {
            if kept[p] || !seen.insert(p) {
                break;
            }
            kept[p] = true;
            at = p;
        }
    }
    let mut rows = Vec::new();
    let mut drawn = vec![false; entries.len()];
    let walk = |root: usize, rows: &mut Vec<Row>, drawn: &mut Vec<bool>| {
        let mut stack = vec![(root, 0)];
        while let Some((i, depth)) = stack.pop() {
            if drawn[i] || !kept[i] {
                continue;
            }
            drawn[i] = true;
            let below: Vec<usize> = children[i]
                .iter()
                .copied()
                .filter(|&c| kept[c] && !drawn[c])
                .collect();
            rows.push(Row {
                index: i,
                depth,
                children: below.len(),
                matched: matched[i],
            });
            stack.extend(below.into_iter().rev().map(|c| (c, depth + 1)));
        }
    };
    for r in roots {
        walk(r, &mut rows, &mut drawn);
    }
    // What a loop of parents left out: each a root of its own.
    for i in 0..entries.len() {
        walk(i, &mut rows, &mut drawn);
    }
    rows
}

/// What a node shows, taken out of the panel before the tree borrows it.
struct Node {
    id: String,
    when: String,
    status: (String, egui::Color32),
    prompt: String,
    matched: bool,
    thumb: Option<TextureHandle>,
}

impl HistoryPanel {
    /// The tree's rows for the filter of the moment, made again only when it or the entries
    /// change.
    fn lineage_rows(&mut self) -> Vec<Row> {
        let key = (self.filter.clone(), self.picked_only);
        if self
            .lineage
            .as_ref()
            .is_none_or(|(made_for, _)| *made_for != key)
        {
            let rows = lineage(&self.entries, &|e| self.shown(e));
            self.lineage = Some((key, rows));
        }
        self.lineage
            .as_ref()
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    }

    /// The tree, the chosen step's row below it.
    pub(super) fn tree_ui(
        &mut self,
        ui: &mut egui::Ui,
        active: &std::collections::HashSet<String>,
        pictures: &mut Textures,
    ) -> HistoryAction {
        let rows = self.lineage_rows();
        let nodes: Vec<Node> = rows
            .iter()
            .map(|r| {
                let e = &self.entries[r.index];
                let prompt: String = e.spec.composed_prompt().chars().take(120).collect();
                Node {
                    id: e.id.clone(),
                    when: when(e),
                    status: status_text(ui, e, active.contains(&e.id)),
                    prompt,
                    matched: r.matched,
                    thumb: self
                        .thumbs
                        .get(&e.id)
                        .is_some_and(|made| *made)
                        .then(|| pictures.get(PictureId::history_thumb(&e.id)))
                        .flatten(),
                }
            })
            .collect();
        // The chosen step's row below the tree, the tab's whole width (its words and buttons
        // as in the list); the tree above it takes the rest.
        let mut action = egui::Panel::bottom("history-lineage-chosen")
            .resizable(true)
            .default_size(theme::size::LINEAGE_STEP)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.chosen_step_ui(ui, &rows, active, pictures))
                    .inner
            })
            .inner;
        let wanted = RefCell::new(Vec::new());
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let id = ui.make_persistent_id("history-lineage-tree");
                let (_, actions) = TreeView::new(id)
                    .override_indent(Some(theme::size::LINEAGE_INDENT))
                    .allow_multi_selection(false)
                    .allow_drag_and_drop(false)
                    .show(ui, |b| build(b, &rows, &nodes, &wanted));
                for a in actions {
                    match a {
                        Action::SetSelected(ids) => self.tree_selected = ids.into_iter().next(),
                        Action::Activate(a) => {
                            if let Some(id) = a.selected.into_iter().next() {
                                action = HistoryAction::Show(id);
                            }
                        }
                        _ => {}
                    }
                }
            });
        for id in wanted.into_inner() {
            if let Some(e) = self.get(&id).cloned() {
                self.request_thumb(&e);
            }
        }
        action
    }

    /// The chosen step's row (numbered as the tree draws it), or what to do to choose one.
    fn chosen_step_ui(
        &mut self,
        ui: &mut egui::Ui,
        rows: &[Row],
        active: &std::collections::HashSet<String>,
        pictures: &mut Textures,
    ) -> HistoryAction {
        let chosen = self.tree_selected.as_deref().and_then(|id| {
            rows.iter()
                .position(|r| self.entries[r.index].id == id)
                .map(|n| (n + 1, self.entries[rows[n].index].clone()))
        });
        let Some((n, e)) = chosen else {
            ui.label(RichText::new(crate::t!("history-tree-choose")).weak());
            return HistoryAction::None;
        };
        self.request_thumb(&e);
        let shown = match self.thumbs.get(&e.id) {
            Some(true) => pictures.get(PictureId::history_thumb(&e.id)).map(Some),
            Some(false) => Some(None),
            None => None,
        };
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.row(ui, (n, &e), active.contains(&e.id), shown)
            })
            .inner
    }
}

/// Adds the rows to the tree: a job with children drawn is a folder of them.
fn build(
    b: &mut egui_ltreeview::TreeViewBuilder<'_, String>,
    rows: &[Row],
    nodes: &[Node],
    wanted: &RefCell<Vec<String>>,
) {
    let mut open: Vec<usize> = Vec::new();
    for (r, n) in rows.iter().zip(nodes) {
        while open.last().is_some_and(|&d| d >= r.depth) {
            open.pop();
            b.close_dir();
        }
        let node = if r.children > 0 {
            NodeBuilder::dir(n.id.clone()).activatable(true)
        } else {
            NodeBuilder::leaf(n.id.clone())
        };
        b.node(
            node.height(theme::size::LINEAGE_NODE)
                .label_ui(|ui| node_label(ui, n, wanted)),
        );
        if r.children > 0 {
            open.push(r.depth);
        }
    }
    for _ in open {
        b.close_dir();
    }
}

/// A node: its picture, when, its status and its prompt (weak when only an ancestor of what
/// the filter lets through).
fn node_label(ui: &mut egui::Ui, n: &Node, wanted: &RefCell<Vec<String>>) {
    if ui.is_rect_visible(ui.max_rect()) && n.thumb.is_none() {
        wanted.borrow_mut().push(n.id.clone());
    }
    if !n.matched {
        ui.multiply_opacity(theme::REJECTED_OPACITY);
    }
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(theme::size::LINEAGE_THUMB, egui::Sense::hover());
        match &n.thumb {
            Some(t) => {
                let size = t.size_vec2();
                let s = (rect.width() / size.x).min(rect.height() / size.y);
                ui.painter().image(
                    t.id(),
                    egui::Rect::from_center_size(rect.center(), size * s),
                    egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                    theme::NO_TINT,
                );
            }
            None => {
                ui.painter()
                    .rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
            }
        }
        // One line, centred on the picture: when, its status, its prompt (cut to the width).
        ui.label(RichText::new(&n.when).small().strong());
        ui.label(RichText::new(&n.status.0).small().color(n.status.1));
        let prompt = if n.prompt.is_empty() {
            RichText::new(crate::t!("history-no-prompt")).weak()
        } else {
            RichText::new(&n.prompt)
        };
        ui.add(egui::Label::new(prompt).truncate().selectable(false));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::JobSpec;
    use crate::store::history::{HistoryStatus, Timings};

    fn entry(id: &str, parent: Option<&str>) -> HistoryEntry {
        HistoryEntry {
            id: id.into(),
            created_ms: 0,
            spec: JobSpec::new("wan2.7-image", &format!("step {id}")),
            inputs: Vec::new(),
            base_url: String::new(),
            region: None,
            out_dir: "/out".into(),
            status: HistoryStatus::Done,
            sentence: None,
            code: None,
            request_id: None,
            task_id: None,
            usage: None,
            timings: Timings::default(),
            items: Vec::new(),
            outputs: Vec::new(),
            notices: Vec::new(),
            parent: parent.map(String::from),
            choice: None,
        }
    }

    fn drawn(entries: &[HistoryEntry], rows: &[Row]) -> Vec<(String, usize)> {
        rows.iter()
            .map(|r| (entries[r.index].id.clone(), r.depth))
            .collect()
    }

    /// Roots newest first; children under their parent, oldest first; a parent that is gone
    /// or a loop of parents makes a root.
    #[test]
    fn each_job_is_under_the_job_it_came_from() {
        // Newest first, as history lists them.
        let entries = vec![
            entry("f", Some("e")),
            entry("e", Some("f")),
            entry("d", Some("gone")),
            entry("c", Some("a")),
            entry("b", Some("a")),
            entry("x", Some("b")),
            entry("a", None),
        ];
        let rows = lineage(&entries, &|_| true);
        let d = |s: &str, n| (s.to_string(), n);
        assert_eq!(
            drawn(&entries, &rows),
            vec![
                d("d", 0),
                d("a", 0),
                d("b", 1),
                d("x", 2),
                d("c", 1),
                d("f", 0),
                d("e", 1)
            ]
        );
        assert_eq!(rows[1].children, 2);
        // Filtered: what matches, and the steps that led to it (not matched).
        let rows = lineage(&entries, &|e| e.id == "x");
        assert_eq!(
            drawn(&entries, &rows),
            vec![d("a", 0), d("b", 1), d("x", 2)]
        );
        assert_eq!(
            rows.iter().map(|r| r.matched).collect::<Vec<_>>(),
            [false, false, true]
        );
    }
}
