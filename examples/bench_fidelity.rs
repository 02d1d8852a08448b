//! Benchmark of the composite's file (not a test): a 24-megapixel camera-style JPEG (6000×4000,
//! 4:2:0, quality 90) with one 1200×900 box edited, written three ways:
//!
//!     cargo run --release --example bench_fidelity -- paste     # the original's blocks copied,
//!                                                               # the edited MCUs encoded again
//!     cargo run --release --example bench_fidelity -- reencode  # the whole composite encoded
//!                                                               # again, with the same tables
//!     cargo run --release --example bench_fidelity -- png       # as a PNG (what wanedit wrote
//!                                                               # before)
//!
//! Each mode reads the photo, decodes it, makes the composite (the box repainted) and writes it
//! once; it prints the write's time, the file's size and how far the decoded file is from the
//! original outside the box. The photo is made once into `target/bench-data`.

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

fn photo(root: &std::path::Path) -> Vec<u8> {
    let path = root.join("target/bench-data/fidelity-24mp.jpg");
    if let Ok(b) = std::fs::read(&path) {
        return b;
    }
    // A real photograph enlarged, with sensor-like grain so the blocks carry detail.
    let src = image::open(root.join("tests/data/photos/motorcycle_left.png"))
        .unwrap()
        .resize_exact(6000, 4000, image::imageops::FilterType::Triangle)
        .to_rgb8();
    let mut seed = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(6000, 4000, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed % 9) as i32 - 4;
        let p = src.get_pixel(x, y);
        image::Rgb(p.0.map(|v| (v as i32 + grain).clamp(0, 255) as u8))
    });
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 90);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    enc.encode(img.as_raw(), 6000, 4000, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &out).unwrap();
    out
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mode = std::env::args().nth(1).unwrap_or_else(|| "paste".into());
    let original = photo(&root);
    let base = image::load_from_memory(&original).unwrap().to_rgba8();
    let (bx, by, bw, bh) = (2400u32, 1500u32, 1200u32, 900u32);
    let mut composite = base.clone();
    for y in by..by + bh {
        for x in bx..bx + bw {
            let p = composite.get_pixel_mut(x, y);
            p.0 = [255 - p[0], 255 - p[1], 255 - p[2], 255];
        }
    }
    let t = Instant::now();
    let (bytes, note) = match mode.as_str() {
        "paste" => {
            let p = wanedit::imaging::jpeg_paste::paste(&original, &base, &composite).unwrap();
            let note = format!("{} of {} MCUs encoded again", p.mcus_encoded, p.mcus);
            (p.bytes, note)
        }
        "reencode" => (
            wanedit::imaging::jpeg_paste::encode_like(&original, &composite).unwrap(),
            "every MCU encoded again".into(),
        ),
        "png" => (
            wanedit::jobs::region::encode_png(&composite).unwrap(),
            "PNG, fast compression".into(),
        ),
        other => panic!("paste, reencode or png, not {other}"),
    };
    let took = t.elapsed();
    // How far the decoded file is from the original outside the box (one MCU of room).
    let back = image::load_from_memory(&bytes).unwrap().to_rgba8();
    let (mut worst, mut sum, mut n) = (0u8, 0u64, 0u64);
    for (x, y, p) in back.enumerate_pixels() {
        let near = x + 32 > bx && x < bx + bw + 32 && y + 32 > by && y < by + bh + 32;
        if !near {
            let q = base.get_pixel(x, y);
            for c in 0..3 {
                let d = p[c].abs_diff(q[c]);
                worst = worst.max(d);
                sum += d as u64;
                n += 1;
            }
        }
    }
    println!(
        "{mode}: wrote {:.1} MB in {:.0} ms ({note}); the original is {:.1} MB; outside the box \
         decoded: max difference {worst}, mean {:.3}",
        bytes.len() as f64 / 1e6,
        took.as_secs_f64() * 1000.0,
        original.len() as f64 / 1e6,
        sum as f64 / n as f64
    );
}
