//! The studio window: inputs strip, box canvas, box readout. UI only: loading and decoding run
//! on the tokio runtime (see [`inputs`]), never on this thread.

pub mod boxes;
pub mod canvas;
pub mod fonts;
pub mod inputs;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::util::undoer::Undoer;
use egui::{Color32, RichText, TextureHandle, TextureOptions};

use crate::api::catalog::{MODELS, ModelSpec};
use crate::api::job::BBox;
use canvas::{BOX_COLOURS, CanvasImage, CanvasState};
use inputs::{Inputs, NewInput, SlotState};

type BoxState = Vec<(u64, Vec<BBox>)>;

/// The application state behind the window.
pub struct WanEditApp {
    runtime: tokio::runtime::Handle,
    /// Owns the runtime when the app made it (the window); tests pass a handle of their own.
    _own_runtime: Option<tokio::runtime::Runtime>,
    pub inputs: Inputs,
    /// Index of the image shown on the canvas.
    pub selected: usize,
    pub canvas: CanvasState,
    pub model: &'static ModelSpec,
    undo: Undoer<BoxState>,
    url_field: String,
    /// The latest message for the status line.
    pub message: Option<String>,
    textures: HashMap<u64, (u64, TextureHandle)>,
    dialog: Option<Receiver<Vec<PathBuf>>>,
    paste_dir: PathBuf,
}

impl WanEditApp {
    /// An app on the given runtime whose workers wake `ctx` when they finish.
    pub fn new(runtime: tokio::runtime::Handle, ctx: &egui::Context) -> Self {
        let c = ctx.clone();
        Self::with_repaint(runtime, Arc::new(move || c.request_repaint()))
    }

    /// An app on the given runtime; `repaint` is how workers wake the UI.
    pub fn with_repaint(
        runtime: tokio::runtime::Handle,
        repaint: Arc<dyn Fn() + Send + Sync>,
    ) -> Self {
        let mut undo = Undoer::default();
        undo.add_undo(&Vec::new());
        WanEditApp {
            inputs: Inputs::new(runtime.clone(), repaint),
            runtime,
            _own_runtime: None,
            selected: 0,
            canvas: CanvasState::default(),
            model: &MODELS[0],
            undo,
            url_field: String::new(),
            message: None,
            textures: HashMap::new(),
            dialog: None,
            paste_dir: std::env::temp_dir().join("wanedit-pasted"),
        }
    }

    /// Adds files, URLs or pasted images at the end of the strip.
    pub fn add(&mut self, new: Vec<NewInput>) {
        if let Some(msg) = self.inputs.add(new, self.model) {
            self.message = Some(msg);
        }
    }

    pub fn add_paths(&mut self, paths: Vec<PathBuf>) {
        self.add(paths.into_iter().map(NewInput::File).collect());
    }

    /// Chooses another model: inputs are prepared again against its limits.
    pub fn set_model(&mut self, model: &'static ModelSpec) {
        if model.id != self.model.id {
            self.model = model;
            self.inputs.reprepare(model);
        }
    }

    /// `bbox_list` of the current inputs, as the request will carry it.
    pub fn bbox_list(&self) -> Vec<Vec<[u32; 4]>> {
        self.inputs.bbox_list()
    }

    fn commit_boxes(&mut self) {
        self.undo.add_undo(&self.inputs.box_state());
    }

    pub fn undo(&mut self) {
        let current = self.inputs.box_state();
        if let Some(prev) = self.undo.undo(&current).cloned() {
            self.inputs.restore_boxes(&prev);
            self.canvas.selected = None;
        }
    }

    pub fn redo(&mut self) {
        let current = self.inputs.box_state();
        if let Some(next) = self.undo.redo(&current).cloned() {
            self.inputs.restore_boxes(&next);
            self.canvas.selected = None;
        }
    }

    fn open_dialog(&mut self) {
        let (tx, rx) = channel();
        self.dialog = Some(rx);
        self.runtime.spawn(async move {
            let files = rfd::AsyncFileDialog::new()
                .set_title("Add images")
                .add_filter(
                    "Images",
                    &["jpg", "jpeg", "png", "bmp", "webp", "gif", "tif", "tiff"],
                )
                .pick_files()
                .await
                .unwrap_or_default();
            let _ = tx.send(files.into_iter().map(|f| f.path().to_path_buf()).collect());
        });
    }

    fn texture_for(&mut self, ctx: &egui::Context, index: usize) -> Option<TextureHandle> {
        let slot = self.inputs.slots.get(index)?;
        let ready = slot.ready()?;
        if let Some((generation, tex)) = self.textures.get(&slot.id)
            && *generation == ready.generation
        {
            return Some(tex.clone());
        }
        let preview = ready.preview.as_ref()?;
        let image = egui::ColorImage::from_rgba_unmultiplied(
            [preview.width as usize, preview.height as usize],
            &preview.rgba,
        );
        let tex = ctx.load_texture(format!("input-{}", slot.id), image, TextureOptions::LINEAR);
        self.textures
            .insert(slot.id, (ready.generation, tex.clone()));
        Some(tex)
    }

    fn handle_global_input(&mut self, ctx: &egui::Context) {
        // Files dropped on the window, images pasted from the clipboard.
        let (dropped, pasted, undo, redo) = ctx.input(|i| {
            let dropped: Vec<PathBuf> = i
                .raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect();
            let pasted: Vec<Arc<egui::ColorImage>> = i
                .events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::PasteImage(img) => Some(img.clone()),
                    _ => None,
                })
                .collect();
            let cmd = i.modifiers.command;
            let undo = cmd && !i.modifiers.shift && i.key_pressed(egui::Key::Z);
            let redo = cmd
                && ((i.modifiers.shift && i.key_pressed(egui::Key::Z))
                    || i.key_pressed(egui::Key::Y));
            (dropped, pasted, undo, redo)
        });
        if !dropped.is_empty() {
            self.add_paths(dropped);
        }
        if !pasted.is_empty() {
            let dir = self.paste_dir.clone();
            self.add(
                pasted
                    .into_iter()
                    .map(|image| NewInput::Pasted {
                        image,
                        dir: dir.clone(),
                    })
                    .collect(),
            );
        }
        if !ctx.text_edit_focused() {
            if undo {
                self.undo();
            } else if redo {
                self.redo();
            }
        }
        if let Some(rx) = &self.dialog
            && let Ok(paths) = rx.try_recv()
        {
            self.dialog = None;
            self.add_paths(paths);
        }
    }

    fn toolbar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading("wanedit");
            ui.separator();
            let model_label = ui.label("Model");
            let mut chosen = self.model.id;
            egui::ComboBox::from_id_salt("model")
                .selected_text(self.model.id)
                .show_ui(ui, |ui| {
                    for m in MODELS {
                        ui.selectable_value(&mut chosen, m.id, m.id)
                            .on_hover_text(m.blurb);
                    }
                })
                .response
                .labelled_by(model_label.id);
            if let Some(m) = ModelSpec::find(chosen) {
                self.set_model(m);
            }
            ui.separator();
            if ui
                .button("Add images…")
                .on_hover_text("Or drop files on the window, or paste an image (Ctrl+V)")
                .clicked()
            {
                self.open_dialog();
            }
            let url_label = ui.label("Image URL");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.url_field)
                        .hint_text("https://…")
                        .desired_width(220.0),
                )
                .labelled_by(url_label.id);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add URL").clicked() || enter) && !self.url_field.trim().is_empty() {
                let url = self.url_field.trim().to_string();
                if url.starts_with("http://") || url.starts_with("https://") {
                    self.add(vec![NewInput::Url(url)]);
                    self.url_field.clear();
                } else {
                    self.message = Some(format!(
                        "\"{url}\" is not a web address; it must start with https://"
                    ));
                }
            }
            ui.separator();
            let current = self.inputs.box_state();
            if ui
                .add_enabled(self.undo.has_undo(&current), egui::Button::new("Undo"))
                .on_hover_text("Undo the last box edit (Ctrl+Z)")
                .clicked()
            {
                self.undo();
            }
            if ui
                .add_enabled(self.undo.has_redo(&current), egui::Button::new("Redo"))
                .on_hover_text("Redo (Ctrl+Shift+Z)")
                .clicked()
            {
                self.redo();
            }
        });
    }

    fn strip(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut remove = None;
        let mut reorder = None;
        let mut select = None;
        egui::ScrollArea::horizontal().show(ui, |ui| {
            ui.horizontal(|ui| {
                for i in 0..self.inputs.slots.len() {
                    let tex = self.texture_for(&ctx, i);
                    let slot = &self.inputs.slots[i];
                    let selected = i == self.selected;
                    let stroke = if selected {
                        egui::Stroke::new(2.0, ui.visuals().selection.stroke.color)
                    } else {
                        egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
                    };
                    let frame = egui::Frame::group(ui.style()).stroke(stroke).show(ui, |ui| {
                        ui.set_width(150.0);
                        ui.vertical(|ui| {
                        // The picture and its name are the drag handle; the buttons stay
                        // outside it so that a click on them is never taken for a drag.
                        let drag = ui.dnd_drag_source(egui::Id::unique(("input-card", slot.id)), i, |ui| {
                            slot_card(ui, i, slot, tex.as_ref());
                        });
                        if drag.response.clicked() {
                            select = Some(i);
                        }
                        ui.horizontal(|ui| {
                            let show_label = format!("Show image {}", i + 1);
                            let show = ui.small_button("Show").on_hover_text(format!("{show_label} on the canvas"));
                            show.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &show_label));
                            if show.clicked() {
                                select = Some(i);
                            }
                            let remove_label = format!("Remove image {}", i + 1);
                            let rm = ui.small_button("Remove").on_hover_text(&remove_label);
                            rm.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &remove_label));
                            if rm.clicked() {
                                remove = Some(i);
                            }
                        });
                        });
                    });
                    if let Some(from) = frame.response.dnd_release_payload::<usize>() {
                        reorder = Some((*from, i));
                    }
                }
                if self.inputs.slots.is_empty() {
                    ui.label(RichText::new("No images yet: drop files here, paste an image (Ctrl+V), type a URL, or use Add images…").weak());
                }
            });
        });
        if let Some(i) = select {
            self.selected = i;
        }
        if let Some((from, to)) = reorder {
            self.reorder(from, to);
        }
        if let Some(i) = remove {
            self.remove(i);
        }
    }

    /// Moves image `from` to position `to`; its number changes with it.
    pub fn reorder(&mut self, from: usize, to: usize) {
        let sel_id = self.inputs.slots.get(self.selected).map(|s| s.id);
        self.inputs.reorder(from, to);
        if let Some(id) = sel_id {
            self.selected = self
                .inputs
                .slots
                .iter()
                .position(|s| s.id == id)
                .unwrap_or(0);
        }
    }

    pub fn remove(&mut self, index: usize) {
        self.inputs.remove(index);
        if self.selected >= self.inputs.slots.len() {
            self.selected = self.inputs.slots.len().saturating_sub(1);
        }
        self.commit_boxes();
    }

    fn readout(&mut self, ui: &mut egui::Ui) {
        ui.heading("Boxes");
        let reason = self.model.boxes_unsupported_reason();
        if let Some(r) = &reason {
            ui.label(RichText::new(r).color(Color32::from_rgb(240, 190, 60)));
        }
        let Some(slot) = self.inputs.slots.get_mut(self.selected) else {
            ui.label("Add an image to draw boxes on it.");
            return;
        };
        let number = self.selected + 1;
        let Some((w, h)) = slot.ready().map(|r| (r.facts.width, r.facts.height)) else {
            ui.label(format!("Image {number} is not ready."));
            return;
        };
        ui.label(format!("Image {number}: {w}×{h} px as sent"));
        if let Some(r) = slot.ready() {
            for rep in &r.repairs {
                ui.label(RichText::new(format!("• {rep}")).small());
            }
        }
        ui.add_space(6.0);
        if slot.boxes.is_empty() {
            ui.label(RichText::new("Drag on the image to draw a box (at most 2).").weak());
        }
        let mut changed = false;
        let mut delete = None;
        for (bi, b) in slot.boxes.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("Box {}", bi + 1))
                        .color(BOX_COLOURS[bi % 2])
                        .strong(),
                );
                if ui
                    .small_button("Delete")
                    .on_hover_text(format!("Delete box {} of image {number}", bi + 1))
                    .clicked()
                {
                    delete = Some(bi);
                }
            });
            egui::Grid::new(("box-fields", bi))
                .num_columns(4)
                .show(ui, |ui| {
                    for (name, v, max) in [
                        ("x1", &mut b.x1, w),
                        ("y1", &mut b.y1, h),
                        ("x2", &mut b.x2, w),
                        ("y2", &mut b.y2, h),
                    ] {
                        let l = ui.label(name);
                        let r = ui
                            .add(egui::DragValue::new(v).range(0..=max).speed(1.0))
                            .labelled_by(l.id)
                            .on_hover_text(format!(
                                "Box {} {name} of image {number}, in image pixels",
                                bi + 1
                            ));
                        changed |= r.drag_stopped() || r.lost_focus();
                        if name == "y1" {
                            ui.end_row();
                        }
                    }
                    ui.end_row();
                });
            let clamped = boxes::clamp(*b, w, h);
            if clamped != *b && changed {
                *b = clamped;
            }
            ui.label(
                RichText::new(format!(
                    "{} × {} px",
                    b.x2.saturating_sub(b.x1),
                    b.y2.saturating_sub(b.y1)
                ))
                .small()
                .weak(),
            );
            ui.add_space(4.0);
        }
        if let Some(d) = delete {
            slot.boxes.remove(d);
            self.canvas.selected = None;
            changed = true;
        }
        if changed {
            self.commit_boxes();
        }
        ui.separator();
        ui.label(RichText::new("bbox_list as sent").small().strong());
        let list = serde_json::to_string(&self.bbox_list()).unwrap_or_default();
        ui.label(RichText::new(list).monospace().small());
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let Some(slot) = self.inputs.slots.get(self.selected) else {
            ui.centered_and_justified(|ui| {
                ui.label(RichText::new("Drop up to 9 images here, paste one (Ctrl+V), or use Add images…\nImage 1, image 2 … follow the order of the strip above: that is how the prompt refers to them.").size(16.0).weak());
            });
            return;
        };
        let (id, state) = (slot.id, slot.state.clone());
        match state {
            SlotState::Loading => {
                ui.centered_and_justified(|ui| ui.spinner());
            }
            SlotState::Refused(why) => {
                ui.centered_and_justified(|ui| {
                    ui.label(
                        RichText::new(format!("Image {} cannot be used: {why}", self.selected + 1))
                            .color(Color32::from_rgb(255, 120, 120)),
                    );
                });
            }
            SlotState::Ready(ready) => {
                let tex = self.texture_for(&ctx, self.selected);
                let reason = self.model.boxes_unsupported_reason();
                let image = CanvasImage {
                    id,
                    number: self.selected + 1,
                    width: ready.facts.width,
                    height: ready.facts.height,
                    texture: tex.as_ref(),
                    boxes_disabled: reason.as_deref(),
                };
                // Shortcuts: F fits, 1 shows 1:1 (when no text field has the keyboard).
                if !ctx.text_edit_focused() {
                    let (fit, one) = ctx
                        .input(|i| (i.key_pressed(egui::Key::F), i.key_pressed(egui::Key::Num1)));
                    if fit {
                        self.canvas.view.fitted = true;
                    }
                    if one {
                        let ppp = ctx.pixels_per_point();
                        self.canvas.view.zoom = 1.0 / ppp;
                        self.canvas.view.fitted = false;
                    }
                }
                let mut boxes = self.inputs.slots[self.selected].boxes.clone();
                let out = canvas::show(ui, &mut self.canvas, &image, &mut boxes);
                self.inputs.slots[self.selected].boxes = boxes;
                if out.committed {
                    self.commit_boxes();
                }
                if let Some(msg) = out.refused {
                    self.message = Some(msg);
                }
            }
        }
    }
}

impl eframe::App for WanEditApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }
}

impl WanEditApp {
    /// One frame of the whole window (also what the UI tests drive).
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.inputs.poll();
        self.handle_global_input(&ctx);
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
        egui::Panel::top("inputs").show(ui, |ui| self.strip(ui));
        egui::Panel::bottom("status").show(ui, |ui| {
            let text = self.message.clone().unwrap_or_else(|| {
                format!(
                    "{} image(s) · {} · drag to draw a box, wheel to zoom, middle-drag or Space+drag to pan, F to fit, 1 for 1:1, Delete removes the selected box",
                    self.inputs.slots.len(),
                    self.model.id
                )
            });
            ui.label(text);
        });
        egui::Panel::right("readout")
            .default_size(260.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.readout(ui));
            });
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
    }
}

/// The picture, number, name and status of one input, drawn inside its card.
fn slot_card(ui: &mut egui::Ui, i: usize, slot: &inputs::InputSlot, tex: Option<&TextureHandle>) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{}", i + 1)).strong().size(18.0));
            ui.label(RichText::new(&slot.name).small())
                .on_hover_text(slot.source.display_name());
        });
        let (r, _) = ui.allocate_exact_size(egui::vec2(140.0, 90.0), egui::Sense::hover());
        match (&slot.state, tex) {
            (SlotState::Ready(ready), Some(t)) => {
                let fit = canvas::View::fit(r, ready.facts.width, ready.facts.height);
                let to = |x: f32, y: f32| fit.to_screen(r, egui::pos2(x, y));
                let img_rect = egui::Rect::from_min_max(
                    to(0.0, 0.0),
                    to(ready.facts.width as f32, ready.facts.height as f32),
                );
                let uv = egui::Rect::from_min_max(egui::Pos2::ZERO, egui::pos2(1.0, 1.0));
                ui.painter().image(t.id(), img_rect, uv, Color32::WHITE);
                for (bi, b) in slot.boxes.iter().enumerate() {
                    let br = egui::Rect::from_min_max(
                        to(b.x1 as f32, b.y1 as f32),
                        to(b.x2 as f32, b.y2 as f32),
                    );
                    ui.painter().rect_stroke(
                        br,
                        0.0,
                        egui::Stroke::new(1.5, BOX_COLOURS[bi % 2]),
                        egui::StrokeKind::Outside,
                    );
                }
            }
            (SlotState::Loading, _) => {
                ui.put(r, egui::Spinner::new());
            }
            _ => {
                ui.painter()
                    .rect_filled(r, 4.0, Color32::from_rgb(70, 30, 30));
            }
        }
        match &slot.state {
            SlotState::Ready(ready) => {
                ui.label(
                    RichText::new(format!(
                        "{}×{} · {}",
                        ready.facts.width, ready.facts.height, ready.source_format
                    ))
                    .small(),
                );
                if !ready.repairs.is_empty() {
                    ui.label(
                        RichText::new("repaired")
                            .small()
                            .color(Color32::from_rgb(240, 190, 60)),
                    )
                    .on_hover_text(ready.repairs.join("\n"));
                }
            }
            SlotState::Loading => {
                ui.label(RichText::new("loading…").small());
            }
            SlotState::Refused(why) => {
                ui.label(
                    RichText::new("refused")
                        .small()
                        .color(Color32::from_rgb(255, 110, 110)),
                )
                .on_hover_text(why);
            }
        }
    });
}

/// Opens the window with `preload` images and blocks until it is closed.
pub fn run(preload: Vec<PathBuf>) -> Result<(), eframe::Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| eframe::Error::AppCreation(Box::new(e)))?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("wanedit")
            .with_inner_size([1400.0, 900.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "wanedit",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let mut app = WanEditApp::new(runtime.handle().clone(), &cc.egui_ctx);
            app._own_runtime = Some(runtime);
            app.add_paths(preload);
            Ok(Box::new(app))
        }),
    )
}
