//! The studio window: the app (state, the engine's door, one inbox), panels, widgets, theme. UI
//! only: loading, decoding and every file or network call are commands to the engine
//! ([`crate::jobs::door`]), which works on its own runtime, never on this thread.

pub mod app;
pub use crate::jobs::work::dialogs;
pub mod compare_pair;
pub mod fonts;
pub mod icon;
pub mod inputs;
pub mod models;
pub mod notifications;
pub mod panels;
pub mod pictures;
pub mod results;
pub mod samples;
pub mod shortcuts;
pub mod theme;
pub mod tiles;
pub mod widgets;

use std::path::PathBuf;

pub use crate::jobs::export::{save_all, save_converted};
pub use crate::store::settings::Settings;
pub use app::{
    CentralTab, KeptComposer, KeptInput, KeychainNews, Persisted, STORAGE_KEY, StartNotice, Status,
    WanEditApp,
};

/// The bundled fonts (Latin, CJK, icons) and the theme: what the window and every UI test set up
/// first. The fonts follow the window's language from the first frame on.
pub fn install_look(ctx: &egui::Context) {
    fonts::install(ctx, crate::i18n::current());
    theme::install(ctx);
}

/// The window's options; what it remembers between runs (settings, the prompt, egui's own
/// state) is kept in `data`, wanedit's data folder, beside history: eframe's default is a
/// folder named after the app id that `WANEDIT_DATA_DIR` does not move, so a second profile
/// (or a test, or a benchmark) read and wrote the first one's settings and prompt.
fn native_options(data: &std::path::Path) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("wanedit")
            // The desktop entry's StartupWMClass: the window is grouped under its icon.
            .with_app_id("wanedit")
            .with_icon(icon::window_icon())
            .with_inner_size([1400.0, 900.0])
            .with_drag_and_drop(true),
        persistence_path: Some(data.join("app.ron")),
        // The system's fonts are added by the window itself, behind the bundled ones and in
        // the window's language (fonts::system_fallback).
        system_font_fallback: false,
        ..Default::default()
    }
}

/// Opens the window with `preload` images and blocks until it is closed.
pub fn run(preload: Vec<PathBuf>) -> Result<(), eframe::Error> {
    let options = native_options(&crate::store::journal::data_dir());
    eframe::run_native(
        "wanedit",
        options,
        Box::new(move |cc| {
            install_look(&cc.egui_ctx);
            let mut app = WanEditApp::new(&cc.egui_ctx)?;
            if let Some(p) = cc
                .storage
                .and_then(|s| eframe::get_value::<Persisted>(s, STORAGE_KEY))
            {
                app.restore(p);
            }
            cc.egui_ctx.set_zoom_factor(app.session.settings.ui_zoom);
            // User text in a script no bundled font has: the system's fonts (Han in the
            // shapes of the window's language), else a box.
            let lang = app
                .session
                .settings
                .language
                .unwrap_or_else(crate::i18n::Lang::system);
            cc.egui_ctx.add_font_provider(fonts::system_fallback(lang));
            cc.egui_ctx
                .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
            app.load_key_from_keychain();
            // Folders given open on the Batch tab, their images planned; files go to the strip.
            // What the last run left is put back unless files were given to open (those are
            // shown instead); from here on the composer is kept on every change.
            app.keep_composer(preload.is_empty());
            let (folders, files): (Vec<PathBuf>, Vec<PathBuf>) =
                preload.into_iter().partition(|p| p.is_dir());
            app.add_paths(files);
            if !folders.is_empty() {
                app.add_batch_files(folders);
                app.tab = CentralTab::Batch;
            }
            Ok(Box::new(app))
        }),
    )
}

#[cfg(test)]
mod tests {
    /// What the window remembers goes to wanedit's data folder (`WANEDIT_DATA_DIR` when set),
    /// not to a folder of eframe's choosing.
    #[test]
    fn the_window_remembers_its_state_in_the_data_folder() {
        let data = std::path::Path::new("/some/profile/wanedit");
        let o = super::native_options(data);
        assert_eq!(o.persistence_path, Some(data.join("app.ron")));
    }
}
