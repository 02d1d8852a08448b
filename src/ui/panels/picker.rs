//! The window's own file picker, for when the system's file dialog cannot open (no file-chooser
//! portal, no zenity) or the user prefers it: a path or URL field whose folder is listed below
//! it, filtered by what is typed after the last `/` (click a suggestion to complete), folders to
//! walk into, images to tick and add. The folder is read on the runtime; this panel only draws.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::store::fs::ListedEntry;
use crate::ui::theme;
use crate::ui::widgets::{icon, icon_button};

/// File name endings the loader takes (others are listed as not addable).
const IMAGE_ENDINGS: &[&str] = &["jpg", "jpeg", "png", "bmp", "webp", "gif", "tif", "tiff"];

/// What the picker keeps between frames.
#[derive(Debug, Default)]
pub struct PickerState {
    pub open: bool,
    /// The folder listed.
    pub dir: PathBuf,
    /// What is typed: a path (absolute, or relative to `dir`) or a URL.
    pub field: String,
    /// The listing of `dir` (or why it could not be read); `None` while it is read.
    pub listing: Option<Result<Vec<ListedEntry>, String>>,
    /// Files ticked, in the order they were ticked (that is their image order).
    pub chosen: Vec<PathBuf>,
    /// Why the system dialog did not open, when that is why the picker is open.
    pub why: Option<String>,
    /// Saving rather than opening: what is asked (a file's name and format, or a folder).
    pub save: Option<SaveForm>,
}

/// The picker as a save dialog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SaveForm {
    /// The file's name, with its extension (what the format follows).
    pub name: String,
    /// Only a folder is asked (Save all): no name.
    pub folder_only: bool,
    /// PNG, JPEG and WebP can be chosen (a result); else the name's own format (a sheet).
    pub formats: bool,
    /// The JPEG quality asked (shown when JPEG is chosen); it becomes Settings' own.
    pub jpeg_quality: u8,
}

/// The formats a result can be saved in, by their extensions.
const SAVE_FORMATS: [(&str, &str); 3] = [("png", "PNG"), ("jpg", "JPEG"), ("webp", "WebP")];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerAction {
    /// Read this folder (and show it).
    List(PathBuf),
    Add(Vec<PathBuf>),
    AddUrl(String),
    /// Save here: the file (or, for a folder-only save, the folder).
    Save(PathBuf),
    Close,
}

fn is_image(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_ENDINGS.contains(&ext.to_ascii_lowercase().as_str()))
}

impl PickerState {
    /// Opens on `dir`, saying `why` when the system dialog failed.
    pub fn open_at(&mut self, dir: PathBuf, why: Option<String>) -> PickerAction {
        self.open = true;
        self.save = None;
        self.why = why;
        self.chosen.clear();
        self.field.clear();
        self.listing = None;
        self.dir = dir.clone();
        PickerAction::List(dir)
    }

    /// Opens on `dir` as a save dialog for `form`, saying `why`.
    pub fn open_to_save(
        &mut self,
        dir: PathBuf,
        form: SaveForm,
        why: Option<String>,
    ) -> PickerAction {
        let a = self.open_at(dir, why);
        self.save = Some(form);
        a
    }

    /// Why the name typed cannot be saved in the listed folder, if it cannot (never written
    /// over: a name taken is refused).
    pub fn save_problem(&self) -> Option<String> {
        let form = self.save.as_ref()?;
        if form.folder_only {
            return None;
        }
        let name = form.name.trim();
        if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
            return Some(crate::t!("picker-save-name"));
        }
        let taken = self
            .listing
            .as_ref()
            .and_then(|l| l.as_ref().ok())
            .is_some_and(|l| l.iter().any(|e| e.name == name));
        taken.then(|| crate::t!("picker-save-taken", name = name))
    }

    /// A listing arrived for `dir`.
    pub fn listed(&mut self, dir: PathBuf, listing: Result<Vec<ListedEntry>, String>) {
        if listing.is_ok() || dir == self.dir {
            self.dir = dir;
            // The name offered to save under is one the folder does not have yet (never
            // written over): `coffee-edit-1-2.png` beside `coffee-edit-1.png`.
            if let (Some(form), Ok(entries)) = (self.save.as_mut(), &listing)
                && !form.folder_only
            {
                let taken = |n: &str| entries.iter().any(|e| e.name == n);
                if taken(&form.name) {
                    let (stem, ext) = match form.name.rsplit_once('.') {
                        Some((s, e)) => (s.to_string(), format!(".{e}")),
                        None => (form.name.clone(), String::new()),
                    };
                    if let Some(free) = (2..10_000)
                        .map(|n| format!("{stem}-{n}{ext}"))
                        .find(|n| !taken(n))
                    {
                        form.name = free;
                    }
                }
            }
            self.listing = Some(listing);
        } else if let Err(e) = listing {
            // The folder typed could not be read: keep showing the last one, and say why.
            self.why = Some(e);
        }
    }

    /// The typed path, taken relative to the listed folder unless absolute.
    fn typed_path(&self) -> PathBuf {
        let p = Path::new(self.field.trim());
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.dir.join(p)
        }
    }

    /// What is typed after the last `/`, when the part before it is the listed folder.
    fn fragment(&self) -> Option<String> {
        let t = self.field.trim();
        if t.is_empty() {
            return Some(String::new());
        }
        let typed = self.typed_path();
        let (parent, name) = if t.ends_with('/') {
            (typed.clone(), String::new())
        } else {
            (
                typed.parent()?.to_path_buf(),
                typed.file_name()?.to_string_lossy().into_owned(),
            )
        };
        (parent == self.dir).then_some(name)
    }

    /// Enter in the field: a URL is added, a folder (ending in `/`) is listed, anything else is
    /// added as a file (the loader says why when it is not one).
    fn enter(&mut self) -> Option<PickerAction> {
        let t = self.field.trim().to_string();
        if t.is_empty() {
            return None;
        }
        if t.starts_with("http://") || t.starts_with("https://") {
            self.field.clear();
            return Some(PickerAction::AddUrl(t));
        }
        let p = self.typed_path();
        if t.ends_with('/') {
            return Some(PickerAction::List(p));
        }
        let listed_dir = self
            .listing
            .as_ref()
            .and_then(|l| l.as_ref().ok())
            .and_then(|l| {
                l.iter()
                    .find(|e| e.path == p && e.is_dir)
                    .map(|e| e.path.clone())
            });
        match listed_dir {
            Some(d) => {
                self.field.clear();
                Some(PickerAction::List(d))
            }
            None => {
                self.field.clear();
                Some(PickerAction::Add(vec![p]))
            }
        }
    }
}

/// Draws the picker (a window over the app) when it is open.
pub fn show(ctx: &egui::Context, state: &mut PickerState) -> Option<PickerAction> {
    if !state.open {
        return None;
    }
    let mut action = None;
    let mut open = true;
    let title = match &state.save {
        Some(_) => crate::t!("picker-save-title"),
        None => crate::t!("picker-title"),
    };
    egui::Window::new(title)
        .id(egui::Id::unique("picker"))
        .open(&mut open)
        .collapsible(false)
        // A fixed size: a window that grows with its message would move under the pointer.
        .fixed_size([600.0, 480.0])
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| action = body(ui, state));
    // Escape closes it, as it does any dialog.
    if action.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        open = false;
    }
    if !open {
        action = Some(PickerAction::Close);
    }
    if action == Some(PickerAction::Close) {
        state.open = false;
    }
    action
}

fn body(ui: &mut egui::Ui, state: &mut PickerState) -> Option<PickerAction> {
    let mut action = None;
    if let Some(why) = &state.why {
        ui.label(RichText::new(why).color(theme::warn(ui)));
        ui.add_space(crate::ui::theme::space::TIGHT);
    }
    if state.save.is_some() {
        save_fields(ui, state);
    } else {
        open_field(ui, state, &mut action);
    }
    folder_row(ui, state, &mut action);
    ui.separator();
    listing(ui, state, &mut action);
    ui.separator();
    if state.save.is_some() {
        save_row(ui, state, &mut action);
    } else {
        add_row(ui, state, &mut action);
    }
    action
}

/// Save: the file's name and its format (the extension follows the format chosen).
fn save_fields(ui: &mut egui::Ui, state: &mut PickerState) {
    let Some(form) = &mut state.save else { return };
    if form.folder_only {
        ui.label(crate::t!("picker-save-folder-hint"));
        return;
    }
    ui.horizontal(|ui| {
        let l = ui.label(crate::t!("picker-save-name-label"));
        ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(320.0))
            .labelled_by(l.id);
        if form.formats {
            let ext = form
                .name
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            let current = SAVE_FORMATS
                .iter()
                .find(|(e, _)| *e == ext || (ext == "jpeg" && *e == "jpg"))
                .map_or("PNG", |(_, n)| n);
            let l = ui.label(crate::t!("picker-save-format"));
            egui::ComboBox::from_id_salt("save-format")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for (e, n) in SAVE_FORMATS {
                        if ui.selectable_label(current == n, n).clicked() {
                            let stem = form
                                .name
                                .rsplit_once('.')
                                .map_or(form.name.as_str(), |(s, _)| s)
                                .to_string();
                            form.name = format!("{stem}.{e}");
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        }
    });
    // On a row of its own: the dialog keeps its width whatever the format.
    let jpeg = form.name.to_ascii_lowercase();
    if form.formats && (jpeg.ends_with(".jpg") || jpeg.ends_with(".jpeg")) {
        ui.horizontal(|ui| {
            let l = ui.label(crate::t!("settings-jpeg-quality"));
            ui.add(egui::Slider::new(&mut form.jpeg_quality, 50..=100))
                .labelled_by(l.id);
        });
    }
}

fn save_row(ui: &mut egui::Ui, state: &mut PickerState, action: &mut Option<PickerAction>) {
    let problem = state.save_problem();
    if let Some(p) = &problem {
        ui.label(RichText::new(p).small().color(theme::warn(ui)));
    }
    ui.horizontal(|ui| {
        let folder_only = state.save.as_ref().is_some_and(|f| f.folder_only);
        let text = if folder_only {
            crate::t!("picker-save-into")
        } else {
            crate::t!("picker-save-here")
        };
        if icon_button(ui, icon::SAVE, &text, problem.is_none()).clicked() {
            let target = match &state.save {
                Some(f) if !f.folder_only => state.dir.join(f.name.trim()),
                _ => state.dir.clone(),
            };
            *action = Some(PickerAction::Save(target));
        }
        if ui.button(crate::t!("batch-cancel")).clicked() {
            *action = Some(PickerAction::Close);
        }
    });
}

fn open_field(ui: &mut egui::Ui, state: &mut PickerState, action: &mut Option<PickerAction>) {
    ui.horizontal(|ui| {
        let l = ui.label(crate::t!("picker-path"));
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.field)
                    .hint_text(crate::t!("picker-path-hint"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            *action = state.enter();
            // Into a folder: keep typing there (what follows filters its listing).
            if matches!(action, Some(PickerAction::List(_))) {
                r.request_focus();
            }
        }
    });
}

fn folder_row(ui: &mut egui::Ui, state: &mut PickerState, action: &mut Option<PickerAction>) {
    ui.horizontal(|ui| {
        if icon_button(
            ui,
            icon::UP,
            crate::t!("picker-parent"),
            state.dir.parent().is_some(),
        )
        .clicked()
            && let Some(p) = state.dir.parent()
        {
            *action = Some(PickerAction::List(p.to_path_buf()));
        }
        ui.add(
            egui::Label::new(RichText::new(state.dir.display().to_string()).strong()).truncate(),
        );
    });
}

fn listing(ui: &mut egui::Ui, state: &mut PickerState, action: &mut Option<PickerAction>) {
    let saving = state.save.is_some();
    let fragment = if saving { None } else { state.fragment() };
    egui::ScrollArea::vertical()
        .max_height(crate::ui::theme::size::PICKER_LIST_HEIGHT)
        .auto_shrink([false, false])
        .show(ui, |ui| match &state.listing {
            None => {
                ui.spinner();
            }
            Some(Err(e)) => {
                ui.label(RichText::new(e).color(theme::error(ui)));
            }
            Some(Ok(entries)) => {
                let shown: Vec<&ListedEntry> = entries
                    .iter()
                    .filter(|e| {
                        fragment
                            .as_ref()
                            .is_none_or(|f| e.name.starts_with(f.as_str()))
                    })
                    .filter(|e| e.is_dir || is_image(&e.name))
                    .collect();
                if shown.is_empty() {
                    ui.label(RichText::new(crate::t!("picker-empty")).weak());
                }
                for e in shown {
                    if e.is_dir {
                        let r = ui.add(
                            egui::Button::new((icon::FOLDER.rich_text(), e.name.as_str()))
                                .frame(false),
                        );
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Button,
                                true,
                                crate::t!("picker-folder", name = e.name.as_str()),
                            )
                        });
                        if r.clicked() {
                            *action = Some(PickerAction::List(e.path.clone()));
                        }
                    } else if saving {
                        // What is there already (a name taken is refused).
                        ui.label(RichText::new(&e.name).weak());
                    } else {
                        let mut ticked = state.chosen.contains(&e.path);
                        let text = format!("{}  ({:.1} MB)", e.name, e.bytes as f64 / 1e6);
                        if ui.checkbox(&mut ticked, text).changed() {
                            if ticked {
                                state.chosen.push(e.path.clone());
                            } else {
                                state.chosen.retain(|p| p != &e.path);
                            }
                        }
                    }
                }
            }
        });
}

fn add_row(ui: &mut egui::Ui, state: &mut PickerState, action: &mut Option<PickerAction>) {
    ui.horizontal(|ui| {
        let n = state.chosen.len();
        let text = match n {
            0 => crate::t!("picker-add-chosen"),
            n => crate::t!("picker-add", count = n),
        };
        if icon_button(ui, icon::ADD_IMAGES, &text, n > 0).clicked() {
            *action = Some(PickerAction::Add(std::mem::take(&mut state.chosen)));
        }
        if ui.button(crate::t!("batch-cancel")).clicked() {
            *action = Some(PickerAction::Close);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, is_dir: bool) -> ListedEntry {
        ListedEntry {
            name: name.into(),
            path: PathBuf::from("/photos").join(name),
            is_dir,
            bytes: 1000,
        }
    }

    #[test]
    fn the_field_completes_within_the_listed_folder_and_enter_does_what_was_typed() {
        let mut s = PickerState::default();
        let _ = s.open_at(PathBuf::from("/photos"), None);
        s.listed(
            PathBuf::from("/photos"),
            Ok(vec![entry("trips", true), entry("cat.jpg", false)]),
        );
        s.field = "ca".into();
        assert_eq!(s.fragment().as_deref(), Some("ca"));
        s.field = "/photos/tr".into();
        assert_eq!(s.fragment().as_deref(), Some("tr"));
        s.field = "/elsewhere/x".into();
        assert_eq!(s.fragment(), None);
        s.field = "trips".into();
        assert_eq!(
            s.enter(),
            Some(PickerAction::List(PathBuf::from("/photos/trips")))
        );
        s.field = "cat.jpg".into();
        assert_eq!(
            s.enter(),
            Some(PickerAction::Add(vec![PathBuf::from("/photos/cat.jpg")]))
        );
        s.field = "/tmp/".into();
        assert_eq!(s.enter(), Some(PickerAction::List(PathBuf::from("/tmp/"))));
        s.field = "https://example.com/a.png".into();
        assert_eq!(
            s.enter(),
            Some(PickerAction::AddUrl("https://example.com/a.png".into()))
        );
        // A folder that cannot be read keeps the last listing and says why.
        s.listed(PathBuf::from("/nope"), Err("no such folder".into()));
        assert_eq!(s.dir, PathBuf::from("/photos"));
        assert_eq!(s.why.as_deref(), Some("no such folder"));
    }
}
