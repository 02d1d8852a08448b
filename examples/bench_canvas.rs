//! Benchmark of real pixels at every zoom (not a test): frame times while zooming and panning
//! over a 48 MP image, the time until its tiles are complete after each move stops, and the
//! peak memory with nine 48 MP inputs loaded, each looked at 1:1, while a job runs.
//!
//!     cargo run --release --example bench_canvas
//!
//! The window runs in a headless harness (egui_kittest): every frame is the window's own frame
//! (input, layout, the canvas, the tile bookkeeping, textures handed to egui), paced at 60 Hz
//! as a display would, without a GPU drawing it. The reference, in the same run, is the same
//! script over a 1024×576 image, whose 1024-px preview is its own pixels: no tiles at
//! any zoom. Each run is a child process of its own (A B A B), so that its peak RSS (VmHWM) is
//! its own. The 48 MP files are those of bench_imaging (generated once into target/bench-data).

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

#[path = "support/camera.rs"]
mod camera;
#[path = "../tests/it/support/standin.rs"]
pub mod standin;
#[path = "support/wheel.rs"]
mod wheel;
use wheel::wheel;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Event, PointerButton, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wanedit::ui::WanEditApp;

const FRAME: Duration = Duration::from_micros(16_667);

/// Nine 8000×6000 JPEGs (bench_imaging's) and the 1024×576 reference.
fn ensure_files() -> (Vec<PathBuf>, PathBuf) {
    let big = camera::nine_48mp();
    let r = camera::data_dir().join("ref-1024.jpg");
    if !r.exists() {
        let img = camera::camera_like(&camera::photos()[0], 1024, 576, 14, 7);
        camera::write_jpeg(&img, 92, &r);
    }
    (big, r)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn runtime() -> tokio::runtime::Runtime {
    // As the window makes it: one worker a core.
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn harness(app: WanEditApp) -> Harness<'static, WanEditApp> {
    Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app)
}

/// One frame, paced as a 60 Hz display paces it; returns the frame's own time.
fn frame(h: &mut Harness<'static, WanEditApp>) -> Duration {
    let t = Instant::now();
    h.step();
    let took = t.elapsed();
    if took < FRAME {
        std::thread::sleep(FRAME - took);
    }
    took
}

/// Frames until every tile the view needs is in; the time that took (wall), `None` if not
/// within 10 s.
fn until_complete(h: &mut Harness<'static, WanEditApp>, times: &mut Vec<Duration>) -> Option<f64> {
    let t = Instant::now();
    // The frame that asks for the tiles of the view where the move stopped.
    times.push(frame(h));
    while !h.state().real_pixels_complete() {
        if t.elapsed() > Duration::from_secs(10) {
            return None;
        }
        times.push(frame(h));
    }
    Some(t.elapsed().as_secs_f64() * 1000.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The zoom and pan script over one image; prints a RESULT line.
fn frames(file: &Path) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let mut app = WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), dir.path().into());
    app.welcome_skipped = true;
    app.session.auto_key_check = false;
    app.session.use_keychain = false;
    app.add_paths(vec![file.to_path_buf()]);
    assert!(app.wait_loaded(Duration::from_secs(60)));
    let mut h = harness(app);
    for _ in 0..10 {
        frame(&mut h);
    }
    let c = h.get_by_label("Canvas for image 1").rect().center();
    let mut moving = Vec::new();
    let mut waiting = Vec::new();
    let mut settle = Vec::new();
    // 0. The first 1:1: pressed at once (the image's pixels are still being decoded), and
    // again on a fresh image shown a second earlier (decoded while it was shown at fit).
    h.event(Event::PointerMoved(c));
    h.key_press(egui::Key::Num1);
    let cold = until_complete(&mut h, &mut waiting);
    h.key_press(egui::Key::F);
    frame(&mut h);
    h.state_mut().add_paths(vec![file.to_path_buf()]);
    while h.state().compose.inputs.is_loading() {
        frame(&mut h);
    }
    h.state_mut().compose.selected = 1;
    for _ in 0..60 {
        frame(&mut h);
    }
    h.key_press(egui::Key::Num1);
    let warm = until_complete(&mut h, &mut waiting);
    h.key_press(egui::Key::F);
    frame(&mut h);
    // 1. Zoom in from fit to about 400 % around the middle, a wheel notch a frame.
    for _ in 0..60 {
        wheel(&mut h, c, 12.0);
        moving.push(frame(&mut h));
    }
    for _ in 0..20 {
        moving.push(frame(&mut h)); // smoothing of the last notches
    }
    settle.push(until_complete(&mut h, &mut waiting));
    // 2. Pan with the middle button, 120 frames.
    h.event(Event::PointerMoved(c));
    h.event(Event::PointerButton {
        pos: c,
        button: PointerButton::Middle,
        pressed: true,
        modifiers: Default::default(),
    });
    moving.push(frame(&mut h));
    let mut p = c;
    for k in 0..120 {
        let d = if k < 60 {
            vec2(-9.0, -5.0)
        } else {
            vec2(6.0, -4.0)
        };
        p += d;
        h.event(Event::PointerMoved(p));
        moving.push(frame(&mut h));
    }
    h.event(Event::PointerButton {
        pos: p,
        button: PointerButton::Middle,
        pressed: false,
        modifiers: Default::default(),
    });
    settle.push(until_complete(&mut h, &mut waiting));
    // 3. The shortcuts: 1:1, then 800 %, then 100 % again.
    for k in [egui::Key::Num1, egui::Key::Num8, egui::Key::Num1] {
        h.event(Event::PointerMoved(c));
        h.key_press(k);
        settle.push(until_complete(&mut h, &mut waiting));
    }
    // 4. Zoom out to well below fit and back in, a notch a frame.
    for k in 0..120 {
        wheel(&mut h, c, if k < 60 { -14.0 } else { 10.0 });
        moving.push(frame(&mut h));
    }
    settle.push(until_complete(&mut h, &mut waiting));

    let mut all: Vec<f64> = moving
        .iter()
        .chain(waiting.iter())
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    all.sort_by(f64::total_cmp);
    let settle: Vec<String> = settle
        .iter()
        .map(|s| s.map_or("never".into(), |ms| format!("{ms:.0}")))
        .collect();
    println!(
        "RESULT frames={} p50={:.2} p99={:.2} max={:.2} first_1to1_ms={} after_1s_ms={} settle_ms={} peak_mb={:.0}",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(0.0),
        cold.map_or("never".into(), |ms| format!("{ms:.0}")),
        warm.map_or("never".into(), |ms| format!("{ms:.0}")),
        settle.join(","),
        peak_rss_mb()
    );
}

/// Nine 48 MP inputs loaded; a job runs (BENCH_NO_JOB: none; BENCH_NO_LOOK: no 1:1 views) (the stand-in holds it for 16 s and more, its inputs
/// uploaded as a 48 MP set must be) while each input in turn is looked at 1:1 until its tiles
/// are complete; then the result. Prints a RESULT line with the peak RSS.
fn memory(files: &[PathBuf]) {
    let rt = runtime();
    // The stand-in in a process of its own: what it keeps of the uploads is not the window's.
    let mut server = Command::new(std::env::current_exe().unwrap())
        .arg("standin")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    let (base_url, key) = match first.split_whitespace().collect::<Vec<_>>()[..] {
        ["SERVING", url, key] => (url.to_string(), key.to_string()),
        _ => panic!("the stand-in did not start: {first}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let mut app = WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), dir.path().into());
    app.welcome_skipped = true;
    app.session.auto_key_check = false;
    app.session.use_keychain = false;
    app.session.settings.endpoint = wanedit::api::region::Endpoint::Custom { base_url };
    app.session.settings.out_dir = dir.path().join("out");
    app.set_api_key(wanedit::api::client::ApiKey::new(&key));
    let t = Instant::now();
    app.add_paths(files.to_vec());
    assert!(app.wait_loaded(Duration::from_secs(120)));
    let loaded = t.elapsed().as_secs_f64();
    let after_load = peak_rss_mb();
    app.compose.prompt.prompt = "Put the nine pictures together as one poster".into();
    let mut h = harness(app);
    for _ in 0..5 {
        frame(&mut h);
    }
    let no_job = std::env::var_os("BENCH_NO_JOB").is_some();
    if !no_job {
        h.get_by_label("Run").click();
        frame(&mut h);
        assert_eq!(h.state().runs.jobs.len(), 1, "the job did not start");
    }
    let mut looked = 0;
    let look = std::env::var_os("BENCH_NO_LOOK").is_none();
    for i in (0..files.len()).filter(|_| look) {
        h.state_mut().compose.selected = i;
        frame(&mut h);
        h.key_press(egui::Key::Num1);
        let mut sink = Vec::new();
        if until_complete(&mut h, &mut sink).is_some() {
            looked += 1;
        }
    }
    let running_while_looking = h.state().runs.jobs.first().is_some_and(|j| j.is_active());
    let deadline = Instant::now() + Duration::from_secs(120);
    while h.state().runs.jobs.first().is_some_and(|j| j.is_active()) && Instant::now() < deadline {
        frame(&mut h);
    }
    // Before the result is shown: what the job itself added to the loaded inputs.
    let at_job_end = peak_rss_mb();
    let status = h
        .state()
        .runs
        .jobs
        .first()
        .map_or("none".into(), |j| format!("{:?}", j.status));
    // The compare view on the result, at 1:1.
    for _ in 0..30 {
        frame(&mut h);
    }
    println!(
        "RESULT loaded_s={loaded:.2} peak_after_load_mb={after_load:.0} \
         peak_at_job_end_mb={at_job_end:.0} peak_mb={:.0} looked_1to1={looked}/{} \
         job_running_meanwhile={running_while_looking} job={}",
        peak_rss_mb(),
        files.len(),
        status.chars().take(40).collect::<String>()
    );
    let _ = server.kill();
    let _ = server.wait();
}

/// The stand-in, for [`memory`]: holds each job 8 s pending and 8 s running; prints its base
/// URL and key, then serves until its standard input closes.
fn serve() {
    let s = standin::StandIn::start(standin::Config {
        pending: Duration::from_secs(8),
        running: Duration::from_secs(8),
        ..Default::default()
    });
    println!("SERVING {} {}", s.base_url, s.key());
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
}

fn child(args: &[&str]) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let line = text
        .lines()
        .find(|l| l.starts_with("RESULT"))
        .map(str::to_string);
    line.unwrap_or_else(|| {
        panic!(
            "{args:?} failed: {}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn main() {
    // As the program itself starts (src/main.rs); BENCH_MALLOC_AS_IS: without it, for the ratio.
    if std::env::var_os("BENCH_MALLOC_AS_IS").is_none() {
        wanedit::memory::tune_allocator();
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match a.as_slice() {
        ["frames", f] => frames(Path::new(f)),
        ["standin"] => serve(),
        // One file prepared as the window loads it: its peak memory on its own.
        ["prepare", f] => {
            let b = std::fs::read(f).unwrap();
            let spec = wanedit::api::catalog::ModelSpec::find("wan2.7-image-pro").unwrap();
            let before = peak_rss_mb();
            let p = wanedit::imaging::prepare::prepare(&b, spec, true).unwrap();
            println!(
                "RESULT peak_before_mb={before:.0} peak_mb={:.0} repairs={:?}",
                peak_rss_mb(),
                p.repairs
            );
        }
        ["memory", fs @ ..] => memory(&fs.iter().map(PathBuf::from).collect::<Vec<_>>()),
        [] => {
            let (big, reference) = ensure_files();
            let (b, r) = (big[0].to_str().unwrap(), reference.to_str().unwrap());
            println!("zoom and pan, 60 Hz pacing, frame times in ms (A B A B):");
            for (name, f) in [("48 MP", b), ("1024 ref", r), ("48 MP", b), ("1024 ref", r)] {
                println!("  {name:9} {}", child(&["frames", f]));
            }
            println!("nine 48 MP inputs, each at 1:1 while a job runs:");
            let mut m = vec!["memory"];
            m.extend(big.iter().map(|p| p.to_str().unwrap()));
            println!("  {}", child(&m));
        }
        _ => {
            eprintln!("usage: bench_canvas [frames FILE | memory FILE… | prepare FILE]");
            std::process::exit(2);
        }
    }
}
