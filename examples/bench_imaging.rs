//! Benchmark of the image pipeline (not a test): wall time and peak memory.
//!
//!     cargo run --release --example bench_imaging
//!
//! (a) nine 24-megapixel JPEGs (6000×4000) from file to previews ready, beside libjpeg-turbo's
//!     `djpeg` decoding the same nine files one after another (Debian: libjpeg-turbo-progs).
//! (b) nine ~20 MB 8000×6000 JPEGs loaded (previews made) and their request built and encoded
//!     as it goes on the wire (inline data URIs: the largest request wanedit can make).
//!
//! Each measurement runs in a child process of its own, so that its peak RSS (VmHWM) is its own.
//! Test files are generated once into target/bench-data from the real test photos.

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
use camera::{camera_like, data_dir, photos, write_jpeg};

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use wanedit::api::catalog::ModelSpec;
use wanedit::api::job::{ImageSource, JobImage, JobSpec};

const NINE: usize = 9;

fn ensure_files() -> (Vec<PathBuf>, Vec<PathBuf>) {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let srcs = photos();
    let mut a = Vec::new();
    for i in 0..NINE {
        let pa = dir.join(format!("a24mp-{i}.jpg"));
        if !pa.exists() {
            let img = camera_like(&srcs[i % srcs.len()], 6000, 4000, 6, i as u32);
            write_jpeg(&img, 90, &pa);
        }
        a.push(pa);
    }
    (a, camera::nine_48mp())
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn phase_a(files: &[PathBuf]) {
    let t = Instant::now();
    let bytes: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    let spec = ModelSpec::find("wan2.7-image").unwrap();
    let out = wanedit::imaging::prepare::prepare_all(&refs, spec, true);
    let previews: usize = out
        .iter()
        .map(|r| r.as_ref().unwrap().preview.as_ref().unwrap().rgba.len())
        .sum();
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.iter().all(|r| r.as_ref().unwrap().bytes.is_none()),
        "valid files are not re-encoded"
    );
    println!(
        "RESULT {secs:.3} {:.0} previews={:.0}MB",
        peak_rss_mb(),
        previews as f64 / 1e6
    );
}

fn phase_b(files: &[PathBuf]) {
    let t = Instant::now();
    // Loaded as the window loads them: every input prepared with its preview.
    let bytes: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    let spec = ModelSpec::find("wan2.7-image").unwrap();
    let prepared = wanedit::imaging::prepare::prepare_all(&refs, spec, true);
    drop(bytes);
    let t_loaded = t.elapsed().as_secs_f64();
    // Then the request: read, inline as data URIs, build, serialize as the client sends it.
    let mut job = JobSpec::new("wan2.7-image", "blend all nine into one collage");
    job.images = files
        .iter()
        .map(|f| JobImage::new(ImageSource::File(f.clone())))
        .collect();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let plan = rt.block_on(wanedit::jobs::plan_only(&mut job)).unwrap();
    let body = serde_json::to_vec(plan.body.as_ref().unwrap()).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "RESULT {secs:.3} {:.0} loaded_in={t_loaded:.2}s body={:.0}MB inputs={:.0}MB previews_kept={}",
        peak_rss_mb(),
        body.len() as f64 / 1e6,
        files
            .iter()
            .map(|f| std::fs::metadata(f).unwrap().len())
            .sum::<u64>() as f64
            / 1e6,
        prepared.len()
    );
}

fn run_child(phase: &str) -> (f64, f64, String) {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg(phase)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{phase}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("RESULT"))
        .unwrap()
        .to_string();
    let mut parts = line.split_whitespace().skip(1);
    let secs: f64 = parts.next().unwrap().parse().unwrap();
    let rss: f64 = parts.next().unwrap().parse().unwrap();
    (secs, rss, parts.collect::<Vec<_>>().join(" "))
}

fn djpeg(files: &[PathBuf]) -> Option<(f64, Option<f64>)> {
    let which = Command::new("djpeg").arg("-version").output().ok()?;
    let _ = which;
    let t = Instant::now();
    let mut max_kb: Option<f64> = None;
    for f in files {
        // /usr/bin/time reports the child's peak RSS when it is installed.
        let timed = Command::new("/usr/bin/time")
            .args(["-f", "%M", "djpeg", "-outfile", "/dev/null"])
            .arg(f)
            .output();
        match timed {
            Ok(o) if o.status.success() => {
                let kb = String::from_utf8_lossy(&o.stderr)
                    .trim()
                    .lines()
                    .last()
                    .and_then(|l| l.parse::<f64>().ok());
                max_kb = match (max_kb, kb) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
            }
            _ => {
                let o = Command::new("djpeg")
                    .args(["-outfile", "/dev/null"])
                    .arg(f)
                    .status()
                    .ok()?;
                if !o.success() {
                    return None;
                }
            }
        }
    }
    Some((t.elapsed().as_secs_f64(), max_kb.map(|k| k / 1024.0)))
}

/// `djpeg -scale 1/2` over the files, as many at once as there are cores (the limit a
/// preview pipeline on this machine can aim at: libjpeg-turbo's SIMD decoder doing half the
/// IDCT work of a full decode, every core busy).
fn djpeg_scaled_parallel(files: &[PathBuf], cores: usize) -> Option<f64> {
    Command::new("djpeg").arg("-version").output().ok()?;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicBool::new(false);
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..cores {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(f) = files.get(i) else { break };
                    let ok = Command::new("djpeg")
                        .args(["-scale", "1/2", "-outfile", "/dev/null"])
                        .arg(f)
                        .status()
                        .is_ok_and(|s| s.success());
                    if !ok {
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let secs = t.elapsed().as_secs_f64();
    (!failed.into_inner()).then_some(secs)
}

fn main() {
    let (a, b) = ensure_files();
    match std::env::args().nth(1).as_deref() {
        Some("a") => return phase_a(&a),
        Some("b") => return phase_b(&b),
        _ => {}
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("wanedit image pipeline benchmark ({cores} cores)");
    let size_a: u64 = a.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    println!(
        "(a) nine 6000×4000 JPEGs ({:.0} MB) → previews ready",
        size_a as f64 / 1e6
    );
    let mut best = (f64::MAX, 0.0, String::new());
    for _ in 0..3 {
        let r = run_child("a");
        if r.0 < best.0 {
            best = r;
        }
    }
    println!(
        "    wanedit: {:.2} s, peak RSS {:.0} MB ({}), best of 3",
        best.0, best.1, best.2
    );
    match djpeg(&a) {
        Some((secs, rss)) => println!(
            "    djpeg one after another: {secs:.2} s{}",
            rss.map(|r| format!(", peak RSS {r:.0} MB"))
                .unwrap_or_default()
        ),
        None => println!("    djpeg: not installed (apt-get install libjpeg-turbo-progs time)"),
    }
    let scaled = (0..3)
        .filter_map(|_| djpeg_scaled_parallel(&a, cores))
        .min_by(f64::total_cmp);
    if let Some(secs) = scaled {
        println!(
            "    djpeg -scale 1/2, {cores} at once: {secs:.2} s, best of 3 (wanedit / this: {:.2}×)",
            best.0 / secs
        );
    }
    let size_b: u64 = b.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    println!(
        "(b) nine 8000×6000 JPEGs ({:.0} MB) loaded, request built and encoded inline",
        size_b as f64 / 1e6
    );
    let r = run_child("b");
    println!(
        "    wanedit: {:.2} s, peak RSS {:.0} MB ({})",
        r.0, r.1, r.2
    );
}
