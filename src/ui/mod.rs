//! The window. The studio (inputs, canvas, prompt, results) is built on the engine in later
//! steps; until then the window says what works today: the `wanedit edit` command line.

use std::path::PathBuf;

/// The application state behind the window.
pub struct WanEditApp {
    preload: Vec<PathBuf>,
}

impl WanEditApp {
    pub fn new(preload: Vec<PathBuf>) -> Self {
        WanEditApp { preload }
    }
}

impl eframe::App for WanEditApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("wanedit");
            ui.label("The editing studio is not built yet. The engine works from the command line:");
            ui.code("wanedit edit --model wan2.7-image --image photo.png --box 1:10,10,200,200 --prompt \"…\" --out results/");
            if !self.preload.is_empty() {
                ui.separator();
                ui.label(format!("Images given on the command line ({}):", self.preload.len()));
                for p in &self.preload {
                    ui.label(p.display().to_string());
                }
            }
        });
    }
}

/// Opens the window and blocks until it is closed.
pub fn run(preload: Vec<PathBuf>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("wanedit")
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "wanedit",
        options,
        Box::new(move |_cc| Ok(Box::new(WanEditApp::new(preload)))),
    )
}
