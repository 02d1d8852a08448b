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
    studio_in(s, photos, None)
}

/// [`studio`] in a language: the window's own thread and every thread of its runtime (where
/// the engine makes its sentences) speak `lang`, as a real window's process does. The process
/// language is left alone: other tests run beside this one.
pub fn studio_in(s: &StandIn, photos: &[&str], lang: Option<wanedit::i18n::Lang>) -> Studio {
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.worker_threads(2).enable_all();
    if let Some(lang) = lang {
        rt.on_thread_start(move || wanedit::i18n::set_for_this_thread(Some(lang)));
    }
    let rt = rt.build().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut app = WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), super::data_dir());
    app.session.settings.endpoint = Endpoint::Custom {
        base_url: s.base_url.clone(),
    };
    app.session.settings.out_dir = out.path().to_path_buf();
    app.session.timing = super::fast_timing();
    // These tests are about running jobs: the quiet key check (its spinner keeps frames coming)
    // has its own tests in ui_first_run.rs.
    app.session.auto_key_check = false;
    app.session.settings.language = lang;
    app.add_paths(photos.iter().map(|p| photo(p)).collect());
    assert!(app.wait_loaded(Duration::from_secs(30)));
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 1000.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app);
    h.run();
    Studio { _rt: rt, h, out }
}

/// The whole window without a service (nothing here runs a job): `photos` loaded, the first-run
/// steps skipped, each frame `step_dt` seconds after the last when given (the harness's default
/// is a quarter of a second; a display's is a sixtieth). The runtime must outlive the harness.
pub fn offline_studio(
    photos: &[&str],
    step_dt: Option<f32>,
) -> (tokio::runtime::Runtime, Harness<'static, WanEditApp>) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut app = WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), super::data_dir());
    app.welcome_skipped = true;
    app.add_paths(photos.iter().map(|p| photo(p)).collect());
    assert!(
        app.wait_loaded(Duration::from_secs(30)),
        "photos did not load"
    );
    let mut builder = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(wanedit::ui::install_look);
    if let Some(dt) = step_dt {
        builder = builder.with_step_dt(dt);
    }
    let mut harness = builder.build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app);
    harness.run();
    (rt, harness)
}
