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
    right_share_in(composite, BOX)
}

fn right_share_in(composite: &image::RgbImage, b: BBox) -> f64 {
    let (mut right, mut all) = (0u32, 0u32);
    for y in b.y1 + 4..b.y2 - 4 {
        for x in b.x1 + 4..b.x2 - 4 {
            let want = 255
                - crate::support::stripes::stripe(x, y, (b.x1, b.y1, b.x2, b.y2)).unwrap() as i32;
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

/// Two boxes in opposite corners of a 24 MP photo: one crop around both is the whole frame, so
/// each is sent in its own crop, one call each (each billed), said before anything is sent.
/// Both come back sharp in one composite; outside them it is the photo.
#[test]
fn two_boxes_far_apart_are_sent_as_two_crops_in_two_calls_and_both_come_back_sharp() {
    const FAR: [BBox; 2] = [
        BBox {
            x1: 600,
            y1: 500,
            x2: 1000,
            y2: 800,
        },
        BBox {
            x1: 5000,
            y1: 3200,
            x2: 5400,
            y2: 3500,
        },
    ];
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let rects: Vec<_> = FAR.iter().map(|b| (b.x1, b.y1, b.x2, b.y2)).collect();
    let img = crate::support::stripes::photo_with(6000, 4000, &rects);
    let mut original = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut original, 88);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_4_4);
    enc.encode(img.as_raw(), 6000, 4000, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let path = dir.path().join("corners.jpg");
    std::fs::write(&path, &original).unwrap();
    let boxes = FAR.map(|b| format!("1:{},{},{},{}", b.x1, b.y1, b.x2, b.y2));
    let args = |mode: &'static str| {
        vec![
            "--box".to_string(),
            boxes[0].clone(),
            "--box".into(),
            boxes[1].clone(),
            "--prompt".into(),
            "invert box 1, then box 2".into(),
            "--size".into(),
            "2K".into(),
            "--detail".into(),
            mode.into(),
        ]
    };

    // The dry run says the calls and prints each one's request: its own crop, its box first.
    let dry = std::process::Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(["edit", "--model", "wan2.7-image", "--image"])
        .arg(&path)
        .args(args("auto"))
        .args(["--print-request", "--base-url", &s.base_url])
        .output()
        .unwrap();
    let (said, printed) = (
        String::from_utf8_lossy(&dry.stderr),
        String::from_utf8_lossy(&dry.stdout),
    );
    assert!(dry.status.success(), "{said}");
    assert!(
        said.contains("box 1: 0.42 → ") && said.contains("box 2: 0.42 → "),
        "{said}"
    );
    assert!(said.contains("2 calls, each billed"), "{said}");
    assert!(
        printed.contains("# call 1 of 2") && printed.contains("# call 2 of 2"),
        "{printed:.300}"
    );
    assert!(
        printed.len() < original.len() / 2,
        "{} bytes",
        printed.len()
    );
    assert!(
        s.requests_to("/generation").is_empty(),
        "a dry run sends nothing"
    );

    // The run: two calls, each a crop with one box, the second's prompt numbering its box 1.
    let args = args("auto");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let e = crate::support::edit_image(&s, &path, &args);
    assert!(e.stderr.contains("2 calls, each billed"), "{}", e.stderr);
    assert!(
        e.stderr.contains("Call 1 of 2: box 1 of image 1")
            && e.stderr.contains("Call 2 of 2: box 2 of image 1"),
        "{}",
        e.stderr
    );
    let gens = s.requests_to("/generation");
    assert_eq!(gens.len(), 2, "one call per box");
    let texts: Vec<String> = gens
        .iter()
        .map(|g| g.json.as_ref().unwrap().to_string())
        .collect();
    assert!(
        texts[0].contains("invert box 1, then box 2"),
        "{:.400}",
        texts[0]
    );
    assert!(
        texts[1].contains("invert box 2, then box 1"),
        "{:.400}",
        texts[1]
    );
    for (g, t) in gens.iter().zip(&texts) {
        // One box, in the crop's pixels.
        let bbox = &g.json.as_ref().unwrap()["parameters"]["bbox_list"];
        let list = bbox.as_array().unwrap();
        assert_eq!(list.len(), 1, "{bbox}");
        assert_eq!(list[0].as_array().unwrap().len(), 1, "{bbox}");
        assert!(t.len() < original.len(), "a crop is sent, not the photo");
    }
    let first = &gens[0].json.as_ref().unwrap()["parameters"]["bbox_list"][0][0];
    assert!(
        first[0].as_u64().unwrap() < 600,
        "moved into the crop: {first}"
    );

    // One composite holds both boxes, sharp; outside them it is the photo.
    // The calls' bills add up; the composite holding every box has the job's own name.
    assert!(e.stderr.contains("billed images: 2"), "{}", e.stderr);
    let composite = &e.files[0];
    assert_eq!(
        composite.file_name().unwrap().to_string_lossy(),
        "corners-edit-1.jpg"
    );
    let mut names: Vec<String> = std::fs::read_dir(composite.parent().unwrap())
        .unwrap()
        .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The first call's composite (box 1 only) went to History, not left beside the one with
    // both boxes, where it could be taken by mistake.
    assert_eq!(
        names,
        [
            "corners-edit-1.jpg",
            "corners-edit-1.raw.png",
            "corners-edit-box1-1.raw.png"
        ]
    );
    assert!(e.stderr.contains("is kept in History"), "{}", e.stderr);
    let now = image::load_from_memory(&std::fs::read(composite).unwrap())
        .unwrap()
        .to_rgb8();
    assert_eq!(now.dimensions(), (6000, 4000));
    for b in FAR {
        let share = right_share_in(&now, b);
        assert!(share > 0.8, "{b:?}: {:.0} % right", share * 100.0);
    }
    let was = image::load_from_memory(&original).unwrap().to_rgb8();
    let reach = 4 + 2 * 8;
    for (x, y, p) in now.enumerate_pixels() {
        let near = FAR.iter().any(|b| {
            x + reach >= b.x1 && x < b.x2 + reach && y + reach >= b.y1 && y < b.y2 + reach
        });
        if !near {
            assert_eq!(p, was.get_pixel(x, y), "at {x},{y}");
        }
    }
}
