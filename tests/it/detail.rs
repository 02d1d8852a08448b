//! Detail mode against the realistic stand-in (which renders what it receives, a crop being a
//! smaller image): a 6000×4000 photo with a fine stripe pattern in its box. Sent whole, the
//! model gets 0.42 output pixels per photo pixel and the stripes dissolve; sent as a crop, they
//! come back sharp at full resolution. Outside the box the composite is the photo either way.

use std::path::{Path, PathBuf};

use wanedit::api::job::BBox;

use crate::support::standin::{Config, StandIn};

const BOX: BBox = BBox {
    x1: 2900,
    y1: 1900,
    x2: 3300,
    y2: 2200,
};

/// Where the stripes are: see `support::stripes`.
fn stripes(x: u32, y: u32) -> Option<u8> {
    crate::support::stripes::stripe(x, y, (BOX.x1, BOX.y1, BOX.x2, BOX.y2))
}

fn big_photo(dir: &Path) -> (PathBuf, Vec<u8>) {
    let img = crate::support::stripes::photo(6000, 4000, (BOX.x1, BOX.y1, BOX.x2, BOX.y2));
    let mut out = Vec::new();
    // Under the model's 20 MB: sent as it is when whole.
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 88);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_4_4);
    enc.encode(img.as_raw(), 6000, 4000, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let path = dir.join("big.jpg");
    std::fs::write(&path, &out).unwrap();
    (path, out)
}

/// `wanedit edit … --detail MODE`: the composite's bytes and what it said.
fn edit(s: &StandIn, image: &Path, mode: &str) -> (Vec<u8>, String) {
    let bx = format!("1:{},{},{},{}", BOX.x1, BOX.y1, BOX.x2, BOX.y2);
    let e = crate::support::edit_image(
        s,
        image,
        &[
            "--box",
            &bx,
            "--prompt",
            "invert box 1",
            "--size",
            "2K",
            "--detail",
            mode,
        ],
    );
    let composite = &e.files[0];
    assert!(
        !composite.to_string_lossy().contains(".raw."),
        "{:?}\n{}",
        e.files,
        e.stderr
    );
    (std::fs::read(composite).unwrap(), e.stderr)
}

/// The share of the box (4 px in from its edge, past the feather) whose stripes are right: the
/// stand-in inverts what it receives in the box, so dark becomes light and light dark.
fn right_share(composite: &image::RgbImage) -> f64 {
    let (mut right, mut all) = (0u32, 0u32);
    for y in BOX.y1 + 4..BOX.y2 - 4 {
        for x in BOX.x1 + 4..BOX.x2 - 4 {
            let want = 255 - stripes(x, y).unwrap() as i32;
            let p = composite.get_pixel(x, y);
            let got = (p[0] as i32 + p[1] as i32 + p[2] as i32) / 3;
            right += ((got - want).abs() < 50) as u32;
            all += 1;
        }
    }
    right as f64 / all as f64
}

#[test]
fn a_box_in_a_24_mp_photo_is_edited_sharp_with_detail_and_soft_without() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let (path, original) = big_photo(dir.path());
    assert!(original.len() < 20_000_000, "{} bytes", original.len());
    let was = image::load_from_memory(&original).unwrap().to_rgb8();
    let (mw, mh) = wanedit::imaging::jpeg_paste::mcu_size(&original).unwrap();
    let reach = 4 + 2 * mw.max(mh);
    let outside_kept = |now: &image::RgbImage| {
        for (x, y, p) in now.enumerate_pixels() {
            let near = x + reach >= BOX.x1
                && x < BOX.x2 + reach
                && y + reach >= BOX.y1
                && y < BOX.y2 + reach;
            if !near {
                assert_eq!(p, was.get_pixel(x, y), "at {x},{y}");
            }
        }
    };

    // A dry run says it too, and its request carries the crop, not the 24 MP photo.
    let dry = std::process::Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(["edit", "--model", "wan2.7-image", "--image"])
        .arg(&path)
        .args([
            "--box",
            "1:2900,1900,3300,2200",
            "--prompt",
            "x",
            "--size",
            "2K",
        ])
        .args(["--print-request", "--base-url", &s.base_url])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&dry.stderr);
    assert!(
        said.contains("Detail: image 1, box 1: 0.42 → 2.00"),
        "{said}"
    );
    assert!(
        dry.stdout.len() < original.len() / 4,
        "{} bytes",
        dry.stdout.len()
    );

    // With detail: said before sending, one call, a crop sent, the stripes sharp.
    let (bytes, said) = edit(&s, &path, "on");
    assert!(
        said.contains("Detail: image 1, box 1: 0.42 → 2.00"),
        "{said}"
    );
    assert!(said.contains("crop"), "{said}");
    // The result says it was made in detail (the results list and History show the same).
    assert!(said.contains("; detail: sent as a "), "{said}");
    let gens = s.requests_to("/generation");
    assert_eq!(gens.len(), 1, "one call");
    let body = gens[0].json.as_ref().unwrap().to_string();
    let bbox = body.split("\"bbox_list\":").nth(1).unwrap_or_default();
    assert!(
        !bbox.starts_with("[[[2900"),
        "the box moved into the crop: {bbox:.60}"
    );
    let now = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(now.dimensions(), (6000, 4000));
    outside_kept(&now);
    let sharp = right_share(&now);
    assert!(
        sharp > 0.8,
        "with detail {:.0} % of the box is right",
        sharp * 100.0
    );

    // Whole frame: the same box at 0.42 output pixels per photo pixel.
    let (bytes, said) = edit(&s, &path, "off");
    assert!(
        said.contains("Detail off: image 1, box 1: 0.42 (2.00 with detail)"),
        "{said}"
    );
    let now = image::load_from_memory(&bytes).unwrap().to_rgb8();
    outside_kept(&now);
    let soft = right_share(&now);
    // (Aliasing leaves some pixels right by chance: a third, measured.)
    assert!(
        soft < 0.5 && sharp > soft + 0.4,
        "without detail {:.0} % of the box is right, with it {:.0} %",
        soft * 100.0,
        sharp * 100.0
    );
}
