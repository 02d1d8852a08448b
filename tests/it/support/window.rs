//! The window's test set-up, shared by the window tests that run jobs.

use std::sync::Arc;
use std::time::Duration;

use egui::vec2;
use egui_kittest::Harness;
use wanedit::api::region::Endpoint;
use wanedit::ui::WanEditApp;

use super::photo;
use super::standin::StandIn;

/// The whole window against a stand-in, in a kittest harness, with photos loaded.
pub struct Studio {
    pub _rt: tokio::runtime::Runtime,
    pub h: Harness<'static, WanEditApp>,
    /// The output folder.
    pub out: tempfile::TempDir,
}

/// The studio pointed at `s` (fast timing, no quiet key check), `photos` loaded.
pub fn studio(s: &StandIn, photos: &[&str]) -> Studio {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut app = WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), super::data_dir());
    app.settings.endpoint = Endpoint::Custom {
        base_url: s.base_url.clone(),
    };
    app.settings.out_dir = out.path().to_path_buf();
    app.timing = super::fast_timing();
    // These tests are about running jobs: the quiet key check (its spinner keeps frames coming)
    // has its own tests in ui_first_run.rs.
    app.auto_key_check = false;
    app.add_paths(photos.iter().map(|p| photo(p)).collect());
    assert!(app.wait_loaded(Duration::from_secs(30)));
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 1000.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app);
    h.run();
    Studio { _rt: rt, h, out }
}
