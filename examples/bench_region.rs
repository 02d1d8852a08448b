//! Benchmark of region-true results (not a test): a 24-megapixel target (6000×4000) and a 2K
//! result (2508×1672, shifted 5 px and scaled 1 %, brightness drifted, one box repainted),
//! lined up and composited in memory, each stage timed.
//!
//!     cargo run --release --example bench_region            # the whole measurement
//!     cargo run --release --example bench_region -- write   # writes the pair as PNGs to
//!                                                           # target/bench-data
//!     cargo run --release --example bench_region -- from    # reads them and does the job,
//!                                                           # as examples/region_reference.py does
//!
//! Prints the stages (working grids, registration, what changed, composite), their total, the
//! total as a job runs it (the measures and the composite side by side),
//! and the error of the recovered transform against the one used to make the result.

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

use std::path::PathBuf;
use std::time::Instant;

use image::{Rgba, RgbaImage};
use wanedit::api::job::BBox;
use wanedit::imaging::composite::{Blend, composite, what_changed};
use wanedit::imaging::register::{Mapping, WorkingPair, register};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (tw, th) = (6000u32, 4000u32);
    let (rw, rh) = (2508u32, 1672u32);
    let truth = Mapping {
        ax: rw as f64 / tw as f64 * 1.01,
        bx: 5.0,
        ay: rh as f64 / th as f64 * 1.01,
        by: -4.0,
    };
    let boxes = [BBox::new(1800, 900, 3600, 2700)];
    if std::env::args().nth(1).as_deref() == Some("from") {
        // The pair as written by `write`, read from disk and done as a job does it: what the
        // reference script does too, so the two processes can be timed side by side.
        let dir = root.join("target/bench-data");
        let target = image::open(dir.join("region-target.png"))
            .unwrap()
            .to_rgba8();
        let result = image::open(dir.join("region-result.png"))
            .unwrap()
            .to_rgba8();
        let plan = wanedit::jobs::region::RegionPlan {
            mask: wanedit::jobs::region::PlanMask::None,
            target: 0,
            boxes: boxes.to_vec(),
            blend: Blend::default(),
            format: Default::default(),
            strip_location: false,
            crop: None,
        };
        let t = Instant::now();
        let done = wanedit::jobs::region::composite_pixels(&plan, &target, &result);
        println!(
            "as a job {:.1} ms, error {:.3} px",
            t.elapsed().as_secs_f64() * 1000.0,
            done.registration.mapping.max_error(&truth, (rw, rh))
        );
        return;
    }
    let photo = image::open(root.join("tests/data/photos/motorcycle_left.png"))
        .unwrap()
        .to_rgba8();
    let target = image::imageops::resize(&photo, tw, th, image::imageops::FilterType::Triangle);
    let small = image::imageops::resize(&target, 1500, 1000, image::imageops::FilterType::Triangle);
    let result = RgbaImage::from_fn(rw, rh, |u, v| {
        let (x, y) = truth.to_target(u as f64 + 0.5, v as f64 + 0.5);
        if boxes
            .iter()
            .any(|b| x >= b.x1 as f64 && x < b.x2 as f64 && y >= b.y1 as f64 && y < b.y2 as f64)
        {
            return Rgba([240, 40, 40, 255]);
        }
        // Sampled from a 1500-px copy: enough detail for a 2508-px result, quick to make.
        let (sx, sy) = (
            (x / 4.0).clamp(0.0, 1499.0) as u32,
            (y / 4.0).clamp(0.0, 999.0) as u32,
        );
        let p = small.get_pixel(sx, sy).0;
        let d = |c: u8| (c as f32 * 0.93 + 10.0).min(255.0) as u8;
        Rgba([d(p[0]), d(p[1]), d(p[2]), 255])
    });
    if std::env::args().nth(1).as_deref() == Some("write") {
        let dir = root.join("target/bench-data");
        std::fs::create_dir_all(&dir).unwrap();
        target.save(dir.join("region-target.png")).unwrap();
        result.save(dir.join("region-result.png")).unwrap();
        println!("wrote {}", dir.display());
        return;
    }
    let blend = Blend::default();
    let t0 = Instant::now();
    let pair = WorkingPair::new(&target, &result);
    let t1 = Instant::now();
    let reg = register(&pair, &boxes, blend.reach());
    let t2 = Instant::now();
    let (report, _) = what_changed(&pair, &reg.mapping, &boxes, &blend);
    let t3 = Instant::now();
    let out = composite(&target, &result, &reg.mapping, &boxes, &blend);
    let t4 = Instant::now();
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
    println!("target {tw}×{th} (24 MP), result {rw}×{rh}");
    println!("working grids       {:7.1} ms", ms(t0, t1));
    println!("registration        {:7.1} ms", ms(t1, t2));
    println!("what changed        {:7.1} ms", ms(t2, t3));
    println!("composite           {:7.1} ms", ms(t3, t4));
    println!("total, one by one   {:7.1} ms", ms(t0, t4));
    // As a job does it: the measures and the composite side by side.
    let plan = wanedit::jobs::region::RegionPlan {
        mask: wanedit::jobs::region::PlanMask::None,
        target: 0,
        boxes: boxes.to_vec(),
        blend,
        format: Default::default(),
        strip_location: false,
        crop: None,
    };
    let t5 = Instant::now();
    let done = wanedit::jobs::region::composite_pixels(&plan, &target, &result);
    let t6 = Instant::now();
    assert!(done.image.is_some());
    println!("total, as a job     {:7.1} ms", ms(t5, t6));
    println!(
        "confidence {:.3}, error {:.3} target px, changed outside {:.2} %, {}×{}",
        reg.confidence,
        reg.mapping.max_error(&truth, (rw, rh)),
        report.changed_share * 100.0,
        out.width(),
        out.height()
    );
}
