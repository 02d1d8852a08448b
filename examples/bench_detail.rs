//! Writes the 48-megapixel photo (8000×6000 JPEG: texture at several scales, 2-pixel stripes in
//! the box 3800,2800–4200,3100) that the detail-mode benchmark edits, into
//! `target/bench-data/detail-48mp.jpg`, and prints its path. The benchmark itself is two runs of
//! `wanedit edit` against the stand-in, `--detail on` and `--detail off` (see the README).

#![allow(clippy::disallowed_methods)] // clippy.toml's rules are for the window (src/ui)

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("target/bench-data/detail-48mp.jpg");
    if !path.exists() {
        let (bx1, by1, bx2, by2) = (3800, 2800, 4200, 3100);
        let img = image::RgbImage::from_fn(8000, 6000, |x, y| {
            if x >= bx1 && x < bx2 && y >= by1 && y < by2 {
                let v = if (x / 2) % 2 == 0 { 30 } else { 220 };
                return image::Rgb([v; 3]);
            }
            let a = ((x / 97 + y / 61) % 2) * 60;
            let b = ((x / 31) ^ (y / 29)) % 3 * 30;
            let c = ((x * 3 + y * 5) / 7) % 5 * 8;
            let v = (40 + a + b + c) as u8;
            image::Rgb([v, v.saturating_add(20), 200 - v / 2])
        });
        let mut out = Vec::new();
        let mut enc = jpeg_encoder::Encoder::new(&mut out, 80);
        enc.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        enc.encode(img.as_raw(), 8000, 6000, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &out).unwrap();
    }
    println!("{}", path.display());
}
