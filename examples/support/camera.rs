//! Test files for the benchmarks: the test photos scaled up to camera sizes with fine grain,
//! so that they compress like real camera files. Generated once into target/bench-data.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

/// The test photos, in a fixed order (bench files cycle through them).
pub fn photos() -> Vec<image::RgbImage> {
    [
        "astronaut.png",
        "coffee.png",
        "chelsea.png",
        "motorcycle_left.png",
        "rocket.jpg",
        "retina.jpg",
    ]
    .iter()
    .map(|n| {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/photos")
            .join(n);
        image::open(p).unwrap().to_rgb8()
    })
    .collect()
}

/// A photo scaled up to w×h with fine grain, so it compresses like a real camera file.
pub fn camera_like(
    src: &image::RgbImage,
    w: u32,
    h: u32,
    grain: u32,
    seed: u32,
) -> image::RgbImage {
    let mut out = image::imageops::resize(src, w, h, image::imageops::FilterType::Triangle);
    for (x, y, p) in out.enumerate_pixels_mut() {
        let n =
            (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503) ^ seed).wrapping_mul(2246822519);
        for c in 0..3 {
            let d = ((n >> (8 * c)) & 0xFF) % (2 * grain + 1);
            p.0[c] = (p.0[c] as i32 + d as i32 - grain as i32).clamp(0, 255) as u8;
        }
    }
    out
}

/// Writes `img` as a JPEG of `quality`; its size in bytes.
pub fn write_jpeg(img: &image::RgbImage, quality: u8, path: &Path) -> u64 {
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img.clone())
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
        .unwrap();
    std::fs::write(path, out.get_ref()).unwrap();
    out.get_ref().len() as u64
}

/// The nine 8000×6000 (48 MP) JPEGs of about 15–20 MB (`b48mp-K.jpg`).
pub fn nine_48mp() -> Vec<PathBuf> {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let srcs = photos();
    (0..9)
        .map(|i| {
            let p = dir.join(format!("b48mp-{i}.jpg"));
            if !p.exists() {
                let img = camera_like(&srcs[i % srcs.len()], 8000, 6000, 14, i as u32 + 100);
                // Aim for ~20 MB, under wan2.7's 20 MiB limit.
                let mut q = 95;
                while write_jpeg(&img, q, &p) > 20 * 1024 * 1024 && q > 60 {
                    q -= 3;
                }
            }
            p
        })
        .collect()
}
