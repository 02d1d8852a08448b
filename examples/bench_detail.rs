//! Writes the 48-megapixel photo (8000×6000 JPEG: texture at several scales, 2-pixel stripes in
//! the box 3800,2800–4200,3100) that the detail-mode benchmark edits, into
//! `target/bench-data/detail-48mp.jpg`, and prints its path. The benchmark itself is two runs of
//! `wanedit edit` against the stand-in, `--detail on` and `--detail off` (see the README).

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

use std::path::PathBuf;

#[path = "../tests/it/support/stripes.rs"]
mod stripes;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("target/bench-data/detail-48mp.jpg");
    if !path.exists() {
        let img = stripes::photo(8000, 6000, (3800, 2800, 4200, 3100));
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
