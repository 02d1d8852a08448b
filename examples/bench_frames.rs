//! Benchmark (not a test): the window's CPU time per frame through a heavy session, and what
//! each frame read or wrote.
//!
//!     cargo run --release --example bench_frames
//!
//! The real window (`WanEditApp`, every panel, the canvas, the compare view) runs headless in
//! egui_kittest, paced at 60 Hz as a display paces it, without a GPU drawing it:
//! 1. nine 24 MP JPEGs dropped at once and loading (bench_imaging's files);
//! 2. a job on all nine running against the local stand-in (uploads, a 1 s pending and 2 s
//!    running task, the result downloaded);
//! 3. the compare view on the result, zoomed in a wheel notch a frame, panned, then 1:1;
//! 4. the History tab with 5,000 entries (bench_history's kind), listed, scrolled, filtered.
//!
//! Per frame: the UI thread's own CPU time (`CLOCK_THREAD_CPUTIME_ID`) and the read and write
//! calls it made (`/proc/thread-self/io`, which counts files and sockets alike). It prints p50, p99
//! and max per phase and over all, the frames that made read or write calls, and when the first
//! dropped image and all nine thumbnails were on screen. The goal is p99 ≤ 8 ms and no frame
//! with file I/O (a write can be the runtime's wake-up: one 8 bytes to an eventfd).

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

#[path = "support/camera.rs"]
pub mod camera;
#[path = "support/history_entry.rs"]
mod history_entry;
#[path = "../tests/it/support/standin.rs"]
pub mod standin;
#[path = "support/wheel.rs"]
mod wheel;
use wheel::wheel;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Event, PointerButton, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wanedit::ui::{CentralTab, WanEditApp};

const FRAME: Duration = Duration::from_micros(16_667);
const HISTORY_ENTRIES: usize = 5000;

/// Nine 6000×4000 JPEGs, as bench_imaging makes them (generated once into target/bench-data).
fn nine_24mp() -> Vec<PathBuf> {
    let dir = camera::data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let srcs = camera::photos();
    (0..9)
        .map(|i| {
            let p = dir.join(format!("a24mp-{i}.jpg"));
            if !p.exists() {
                let img = camera::camera_like(&srcs[i % srcs.len()], 6000, 4000, 6, i as u32);
                camera::write_jpeg(&img, 90, &p);
            }
            p
        })
        .collect()
}

/// 5,000 history entries, written once (atomically, as wanedit writes them) and copied into
/// each run's data folder.
fn history_into(data: &Path) {
    let cached = camera::data_dir().join(format!("frames-history-{HISTORY_ENTRIES}"));
    if !cached.join("done").exists() {
        let _ = std::fs::remove_dir_all(&cached);
        let h = wanedit::store::history::History::at(&cached);
        for i in 0..HISTORY_ENTRIES {
            h.write(&history_entry::entry(i)).expect("write an entry");
        }
        std::fs::write(cached.join("done"), b"").unwrap();
    }
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(&cached)
        .arg(data.join("history"))
        .status()
        .unwrap();
    assert!(status.success());
    let _ = std::fs::remove_file(data.join("history/done"));
}

fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// (read calls, write calls) this thread has made so far, files and sockets alike. Calls, not
/// bytes: the counters' own text changes length as they grow.
fn thread_io() -> (u64, u64) {
    let s = std::fs::read_to_string("/proc/thread-self/io").unwrap_or_default();
    let get = |k: &str| {
        s.lines()
            .find_map(|l| l.strip_prefix(k))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    };
    (get("syscr:"), get("syscw:"))
}

struct Meter {
    /// What reading the counters itself adds between two readings.
    io_floor: (u64, u64),
    /// Per phase: its name, each frame's CPU ms, frames that made read calls, frames that made
    /// write calls (waking a parked runtime worker is one 8-byte write to its eventfd).
    phases: Vec<(&'static str, Vec<f64>, usize, usize)>,
}

impl Meter {
    fn new() -> Meter {
        let mut floor = (u64::MAX, u64::MAX);
        for _ in 0..5 {
            let a = thread_io();
            let b = thread_io();
            floor = (floor.0.min(b.0 - a.0), floor.1.min(b.1 - a.1));
        }
        Meter {
            io_floor: floor,
            phases: Vec::new(),
        }
    }

    fn phase(&mut self, name: &'static str) {
        self.phases.push((name, Vec::new(), 0, 0));
    }

    /// One frame, paced at 60 Hz; its CPU time and whether it did I/O are kept.
    fn frame(&mut self, h: &mut Harness<'static, WanEditApp>) {
        let start = Instant::now();
        let io0 = thread_io();
        let cpu0 = thread_cpu();
        h.step();
        let cpu = thread_cpu() - cpu0;
        let io1 = thread_io();
        let (read, written) = (
            (io1.0 - io0.0).saturating_sub(self.io_floor.0),
            (io1.1 - io0.1).saturating_sub(self.io_floor.1),
        );
        let p = self.phases.last_mut().expect("a phase");
        p.1.push(cpu.as_secs_f64() * 1000.0);
        if std::env::var_os("BENCH_SLOW_FRAMES").is_some() && cpu > Duration::from_millis(20) {
            let st = h.state();
            eprintln!(
                "slow frame: {} #{} {:.1} ms (tab {:?}, job {:?})",
                p.0,
                p.1.len(),
                cpu.as_secs_f64() * 1000.0,
                st.tab,
                st.runs.jobs.first().map(|j| format!("{:?}", j.status))
            );
        }
        p.2 += (read > 0) as usize;
        p.3 += (written > 0) as usize;
        let took = start.elapsed();
        if took < FRAME {
            std::thread::sleep(FRAME - took);
        }
    }

    fn frames_until(
        &mut self,
        h: &mut Harness<'static, WanEditApp>,
        limit: Duration,
        done: impl Fn(&WanEditApp) -> bool,
    ) -> bool {
        let t = Instant::now();
        while !done(h.state()) {
            if t.elapsed() > limit {
                return false;
            }
            self.frame(h);
        }
        true
    }

    fn report(&self) {
        let line = |name: &str, v: &[f64], reads: usize, writes: usize| {
            let mut s = v.to_vec();
            s.sort_by(f64::total_cmp);
            println!(
                "  {name:22} frames {:5}  p50 {:5.2} ms  p99 {:5.2} ms  max {:6.2} ms  frames that read {reads}, wrote {writes}",
                s.len(),
                percentile(&s, 0.5),
                percentile(&s, 0.99),
                s.last().copied().unwrap_or(0.0)
            );
        };
        let mut all = Vec::new();
        let (mut reads, mut writes) = (0, 0);
        for (name, v, r, w) in &self.phases {
            line(name, v, *r, *w);
            all.extend_from_slice(v);
            reads += r;
            writes += w;
        }
        line("all", &all, reads, writes);
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    wanedit::memory::tune_allocator();
    let files = nine_24mp();
    let dir = tempfile::tempdir().unwrap();
    history_into(dir.path());
    let s = standin::StandIn::start(standin::Config {
        pending: Duration::from_secs(1),
        running: Duration::from_secs(2),
        ..Default::default()
    });
    // As the window makes it: one worker a core.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut app = WanEditApp::with_repaint(rt.handle().clone(), Arc::new(|| {}), dir.path().into());
    app.welcome_skipped = true;
    app.session.auto_key_check = false;
    app.session.use_keychain = false;
    app.session.settings.endpoint = wanedit::api::region::Endpoint::Custom {
        base_url: s.base_url.clone(),
    };
    app.session.settings.out_dir = dir.path().join("out");
    app.set_api_key(wanedit::api::client::ApiKey::new(s.key()));
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(wanedit::ui::install_look)
        .build_ui_state(|ui, app: &mut WanEditApp| app.frame(ui), app);
    let mut m = Meter::new();
    m.phase("idle");
    for _ in 0..30 {
        m.frame(&mut h);
    }

    // 1. Nine dropped at once.
    m.phase("nine 24 MP loading");
    let t = Instant::now();
    h.state_mut().add_paths(files.clone());
    let mut first_ms = None;
    let mut thumbs_ms = None;
    let mut all_ms = None;
    let deadline = Instant::now() + Duration::from_secs(60);
    while all_ms.is_none() && Instant::now() < deadline {
        m.frame(&mut h);
        let slots = &h.state().compose.inputs.slots;
        let ready = slots.iter().filter(|s| s.ready().is_some()).count();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if first_ms.is_none() && slots.first().is_some_and(|s| s.ready().is_some()) {
            first_ms = Some(ms);
        }
        if thumbs_ms.is_none() && ready == files.len() {
            thumbs_ms = Some(ms);
        }
        if !h.state().compose.inputs.is_loading() {
            all_ms = Some(ms);
        }
    }
    for _ in 0..30 {
        m.frame(&mut h);
    }

    // 2. A job on all nine.
    m.phase("job running");
    h.state_mut().compose.prompt.prompt = "Put the nine pictures together as one poster".into();
    m.frame(&mut h);
    // Run as its button does (with nine images in the strip the button can sit below the
    // harness's 900 px, where a synthetic click lands outside the window).
    h.state_mut().run().expect("the job starts");
    m.frame(&mut h);
    let ran = m.frames_until(&mut h, Duration::from_secs(120), |a| {
        a.runs.jobs.first().is_some_and(|j| !j.is_active())
    });
    assert!(
        ran,
        "the job did not end: {:?}; the status line: {:?}; can run: {:?}",
        h.state().runs.jobs.first().map(|j| (&j.status, &j.stage)),
        h.state().status_text(),
        h.state().can_run()
    );
    let status = format!("{:?}", h.state().runs.jobs[0].status);
    for _ in 0..30 {
        m.frame(&mut h);
    }

    // 3. The compare view, zoomed in and panned.
    m.phase("compare zoomed in");
    if h.state().tab != CentralTab::Compare {
        h.state_mut().tab = CentralTab::Compare;
        m.frame(&mut h);
    }
    let c = h.get_by_label("Compare view").rect().center();
    for _ in 0..60 {
        wheel(&mut h, c, 12.0);
        m.frame(&mut h);
    }
    h.event(Event::PointerButton {
        pos: c,
        button: PointerButton::Middle,
        pressed: true,
        modifiers: Default::default(),
    });
    let mut p = c;
    for k in 0..90 {
        p += if k < 45 {
            vec2(-8.0, -4.0)
        } else {
            vec2(6.0, 5.0)
        };
        h.event(Event::PointerMoved(p));
        m.frame(&mut h);
    }
    h.event(Event::PointerButton {
        pos: p,
        button: PointerButton::Middle,
        pressed: false,
        modifiers: Default::default(),
    });
    h.event(Event::PointerMoved(c));
    h.key_press(egui::Key::Num1);
    for _ in 0..60 {
        m.frame(&mut h);
    }

    // 4. The History tab with 5,000 entries.
    m.phase("history, 5000 entries");
    h.state_mut().tab = CentralTab::History;
    m.frame(&mut h);
    let listed = m.frames_until(&mut h, Duration::from_secs(60), |a| {
        a.library.history.loaded && !a.library.history.loading
    });
    let entries = h.state().library.history.entries.len();
    let list = Pos2::new(700.0, 500.0);
    for k in 0..180 {
        wheel(&mut h, list, if k < 120 { -40.0 } else { 60.0 });
        m.frame(&mut h);
    }
    h.state_mut().library.history.filter = "graffiti failed".into();
    for _ in 0..60 {
        m.frame(&mut h);
    }

    println!(
        "window frames, CPU time of the UI thread per frame (60 Hz pacing, {} cores):",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    m.report();
    let ms = |v: Option<f64>| v.map_or("never".into(), |v| format!("{v:.0} ms"));
    println!(
        "  dropped nine 24 MP: image 1 on screen after {}, all nine thumbnails {}, loading done {}",
        ms(first_ms),
        ms(thumbs_ms),
        ms(all_ms)
    );
    println!(
        "  job: {}; history listed: {listed} ({entries} entries)",
        status.chars().take(40).collect::<String>()
    );
}
