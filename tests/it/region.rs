//! Region-true results: registration recovers known shifts and scales under a brightness
//! drift, the composite is the original outside box + margin + feather (bit for bit, PNG and
//! JPEG inputs), an unrelated result is refused, and whole jobs against the stand-in's
//! realistic mode composite onto the target.

use std::io::Cursor;
use std::process::Command;

use image::{Rgba, RgbaImage};
use wanedit::api::job::BBox;
use wanedit::imaging::composite::{Blend, composite, what_changed};
use wanedit::imaging::prepare::decode_as_sent;
use wanedit::imaging::register::{Mapping, WorkingPair, register};

use crate::support::photo;
use crate::support::standin::{Config, StandIn, render_like_wan, wan_like_mapping, wan_like_size};

fn load(name: &str) -> RgbaImage {
    decode_as_sent(&std::fs::read(photo(name)).unwrap()).unwrap()
}

fn bilinear(img: &RgbaImage, fx: f64, fy: f64) -> [f64; 4] {
    let (w, h) = img.dimensions();
    let fx = fx.clamp(0.0, (w - 1) as f64);
    let fy = fy.clamp(0.0, (h - 1) as f64);
    let (x0, y0) = (fx.floor() as u32, fy.floor() as u32);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (tx, ty) = (fx - x0 as f64, fy - y0 as f64);
    let mut out = [0.0; 4];
    for (c, o) in out.iter_mut().enumerate() {
        let p = |x, y| img.get_pixel(x, y).0[c] as f64;
        *o = (p(x0, y0) * (1.0 - tx) + p(x1, y0) * tx) * (1.0 - ty)
            + (p(x0, y1) * (1.0 - tx) + p(x1, y1) * tx) * ty;
    }
    out
}

/// What a model might answer: `target` seen through `truth` at `size`, brightness drifted
/// (`gain`, `offset`), the boxes painted over.
fn fake_result(
    target: &RgbaImage,
    truth: &Mapping,
    size: (u32, u32),
    gain: f64,
    offset: f64,
    boxes: &[BBox],
) -> RgbaImage {
    RgbaImage::from_fn(size.0, size.1, |u, v| {
        let (x, y) = truth.to_target(u as f64 + 0.5, v as f64 + 0.5);
        let inside = boxes
            .iter()
            .any(|b| x >= b.x1 as f64 && x < b.x2 as f64 && y >= b.y1 as f64 && y < b.y2 as f64);
        if inside {
            return Rgba([250, (x as u32 % 40 * 6) as u8, 30, 255]);
        }
        let p = bilinear(target, x - 0.5, y - 0.5);
        let c = |v: f64| (v * gain + offset).round().clamp(0.0, 255.0) as u8;
        Rgba([c(p[0]), c(p[1]), c(p[2]), 255])
    })
}

/// The true map for a result of `size` shifted by `(dx, dy)` result pixels and scaled by `s`
/// around the stretched fit.
fn truth(target: (u32, u32), size: (u32, u32), s: f64, dx: f64, dy: f64) -> Mapping {
    let base = Mapping::stretched(target, size);
    Mapping {
        ax: base.ax * s,
        bx: dx,
        ay: base.ay * s,
        by: dy,
    }
}

#[test]
fn known_shifts_and_scales_are_recovered_within_half_a_pixel() {
    let target = load("coffee.png"); // 600×400
    let boxes = [BBox::new(180, 60, 420, 330)];
    // The 2K tier at this aspect, as the service answers it.
    let size = (2508, 1672);
    for (s, dx, dy, gain, offset) in [
        (1.0, 4.0 * 4.18, -3.0 * 4.18, 0.85, 20.0),
        (1.02, -4.0 * 4.18, 4.0 * 4.18, 1.1, -10.0),
        (0.98, 2.5 * 4.18, -1.5 * 4.18, 0.9, 0.0),
        (1.0, 0.0, 0.0, 1.0, 0.0),
    ] {
        let t = truth(target.dimensions(), size, s, dx, dy);
        let result = fake_result(&target, &t, size, gain, offset, &boxes);
        let pair = WorkingPair::new(&target, &result);
        let reg = register(&pair, &boxes, 4.0);
        assert!(reg.lines_up(), "{s} {dx} {dy}: {:?}", reg.refusal);
        let err = reg.mapping.max_error(&t, size);
        assert!(
            err < 0.5,
            "scale {s}, shift ({dx}, {dy}): off by {err:.3} px, {reg:?}"
        );
        assert!(reg.confidence > 0.9, "{}", reg.confidence);
    }
}

#[test]
fn a_large_target_is_registered_in_its_own_pixels() {
    // 2400×1600 (four times the photo): the working grid is smaller than the target, and the
    // error is measured in the target's pixels.
    let small = load("motorcycle_left.png");
    let target = image::imageops::resize(&small, 2223, 1500, image::imageops::FilterType::Triangle);
    let boxes = [
        BBox::new(300, 200, 900, 800),
        BBox::new(1500, 900, 2000, 1400),
    ];
    let size = wan_like_size(2223, 1500, 2048 * 2048);
    let t = truth(target.dimensions(), size, 1.015, -6.0, 5.0);
    let result = fake_result(&target, &t, size, 1.05, 8.0, &boxes);
    let reg = register(&WorkingPair::new(&target, &result), &boxes, 4.0);
    assert!(reg.lines_up(), "{reg:?}");
    let err = reg.mapping.max_error(&t, size);
    assert!(err < 0.5, "off by {err:.3} target px: {reg:?}");
}

/// Whether pixel (x, y) lies beyond box `b` grown by `margin` plus `feather` (where the
/// composite must be the original): its centre at least `feather` from the grown box, or,
/// with no feather, outside it.
fn beyond(x: u32, y: u32, b: BBox, margin: u32, feather: u32) -> bool {
    let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
    let m = margin as f64;
    let dx = (b.x1 as f64 - m - px).max(px - b.x2 as f64 - m).max(0.0);
    let dy = (b.y1 as f64 - m - py).max(py - b.y2 as f64 - m).max(0.0);
    let d = (dx * dx + dy * dy).sqrt();
    if feather == 0 {
        d > 0.0
    } else {
        d >= feather as f64
    }
}

fn encoded(img: &RgbaImage, fmt: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let rgb = image::DynamicImage::ImageRgba8(img.clone()).to_rgb8();
    image::DynamicImage::ImageRgb8(rgb)
        .write_to(&mut out, fmt)
        .unwrap();
    out.into_inner()
}

#[test]
fn the_composite_is_the_original_outside_box_margin_and_feather_png_and_jpeg() {
    let photo = load("chelsea.png"); // 451×300
    for fmt in [image::ImageFormat::Png, image::ImageFormat::Jpeg] {
        // The target as sent, decoded as the pipeline decodes it.
        let target = decode_as_sent(&encoded(&photo, fmt)).unwrap();
        let boxes = [BBox::new(120, 40, 260, 200)];
        let size = wan_like_size(451, 300, 1024 * 1024);
        let t = truth(target.dimensions(), size, 1.01, 5.0, -4.0);
        let result = fake_result(&target, &t, size, 0.92, 9.0, &boxes);
        let pair = WorkingPair::new(&target, &result);
        for blend in [
            Blend::default(),
            Blend {
                feather: 0,
                margin: 0,
                match_colour: false,
            },
            Blend {
                feather: 10,
                margin: 6,
                match_colour: true,
            },
        ] {
            let reg = register(&pair, &boxes, blend.reach());
            assert!(reg.lines_up(), "{fmt:?}: {reg:?}");
            let out = composite(&target, &result, &reg.mapping, &boxes, &blend);
            assert_eq!(out.dimensions(), target.dimensions());
            let b = boxes[0];
            let (mut outside_max, mut inside_changed) = (0u8, 0usize);
            for (x, y, p) in out.enumerate_pixels() {
                let o = target.get_pixel(x, y).0;
                let diff = (0..4).map(|c| o[c].abs_diff(p.0[c])).max().unwrap();
                if beyond(x, y, b, blend.margin, blend.feather) {
                    outside_max = outside_max.max(diff);
                } else if x > b.x1 && x < b.x2 && y > b.y1 && y < b.y2 && diff > 40 {
                    inside_changed += 1;
                }
            }
            assert_eq!(
                outside_max, 0,
                "{fmt:?} {blend:?}: the original changed outside"
            );
            let area = ((b.x2 - b.x1) * (b.y2 - b.y1)) as usize;
            assert!(
                inside_changed > area / 2,
                "{fmt:?} {blend:?}: only {inside_changed} of {area} box pixels took the result"
            );
            // Outside the boxes only the drift changed: below the threshold everywhere.
            let (report, map) = what_changed(&pair, &reg.mapping, &boxes, &blend);
            assert!(report.changed_share < 0.02, "{report:?}");
            assert_eq!(map.dimensions(), pair.target.dimensions());
        }
    }
}

#[test]
fn what_changed_sees_a_change_outside_the_boxes() {
    let target = load("coffee.png");
    let boxes = [BBox::new(180, 60, 420, 330)];
    let size = (1254, 836);
    let t = truth(target.dimensions(), size, 1.0, 3.0, 2.0);
    let mut result = fake_result(&target, &t, size, 1.0, 0.0, &boxes);
    // The model also repainted the top-left corner, outside the box: 60×40 target px = 1 %.
    for v in 0..(40.0 * t.ay) as u32 {
        for u in 0..(60.0 * t.ax) as u32 {
            result.put_pixel(u + 3, v + 2, Rgba([0, 255, 0, 255]));
        }
    }
    let pair = WorkingPair::new(&target, &result);
    let reg = register(&pair, &boxes, 4.0);
    assert!(reg.lines_up(), "{reg:?}");
    let (report, _) = what_changed(&pair, &reg.mapping, &boxes, &Blend::default());
    eprintln!("{report:?}");
    assert!((0.007..0.02).contains(&report.changed_share), "{report:?}");
    assert!(report.max_difference > 200, "{report:?}");
}

#[test]
fn an_unrelated_result_or_another_shape_is_not_composited() {
    let target = load("coffee.png");
    let boxes = [BBox::new(180, 60, 420, 330)];
    let other = load("chelsea.png");
    let unrelated =
        image::imageops::resize(&other, 1254, 836, image::imageops::FilterType::Triangle);
    let reg = register(&WorkingPair::new(&target, &unrelated), &boxes, 4.0);
    assert!(!reg.lines_up(), "{reg:?}");
    assert!(
        reg.refusal
            .as_ref()
            .unwrap()
            .words()
            .contains("does not line up"),
        "{reg:?}"
    );
    // Shaped after another input (square): the sentence says to put the target last.
    let square =
        image::imageops::resize(&target, 1024, 1024, image::imageops::FilterType::Triangle);
    let reg = register(&WorkingPair::new(&target, &square), &boxes, 4.0);
    assert!(
        reg.refusal
            .as_ref()
            .unwrap()
            .words()
            .contains("put the target image last"),
        "{reg:?}"
    );
}

#[test]
fn the_standins_realistic_answer_is_what_its_mapping_says() {
    // The stand-in's realistic mode is test data for everything below: check it once.
    let bytes = std::fs::read(photo("coffee.png")).unwrap();
    let png = render_like_wan(&bytes, &[[180, 60, 420, 330]], 1024 * 1024, 1).unwrap();
    let result = decode_as_sent(&png).unwrap();
    let (ow, oh) = wan_like_size(600, 400, 1024 * 1024);
    assert_eq!(result.dimensions(), (ow, oh));
    let [ax, bx, ay, by] = wan_like_mapping(600, 400, ow, oh, 1);
    let truth = Mapping { ax, bx, ay, by };
    let target = load("coffee.png");
    let reg = register(
        &WorkingPair::new(&target, &result),
        &[BBox::new(180, 60, 420, 330)],
        4.0,
    );
    assert!(reg.mapping.max_error(&truth, (ow, oh)) < 0.5, "{reg:?}");
}

fn wanedit(s: &StandIn, data: &std::path::Path, args: &[&str]) -> std::process::Output {
    let base: &[&str] = if args[0] == "edit" {
        &["--base-url", &s.base_url]
    } else {
        &[]
    };
    Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(args)
        .args(base)
        .env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data)
        .env_remove("RUST_LOG")
        .output()
        .expect("run wanedit")
}

/// `wanedit edit --model wan2.7-image … --out OUT` against the stand-in: its output and what it
/// printed. `images` are test photos, in order.
fn edit(
    s: &StandIn,
    data: &std::path::Path,
    out: &std::path::Path,
    images: &[&str],
    rest: &[&str],
) -> (std::process::Output, String, String) {
    let paths: Vec<String> = images
        .iter()
        .map(|n| photo(n).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["edit", "--model", "wan2.7-image"];
    for p in &paths {
        args.extend(["--image", p.as_str()]);
    }
    args.extend_from_slice(rest);
    args.extend(["--out", out.to_str().unwrap()]);
    let o = wanedit(s, data, &args);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    (o, stdout, stderr)
}

#[test]
fn edit_composites_onto_the_marked_target_and_keeps_the_raw_result() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let (out, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Boxes on both images; image 2 (last, so the output is shaped after it) is the target.
    let (o, stdout, stderr) = edit(
        &s,
        data.path(),
        out.path(),
        &["chelsea.png", "coffee.png"],
        &[
            "--box",
            "1:10,10,100,100",
            "--box",
            "2:180,60,420,330",
            "--target",
            "2",
            "--prompt",
            "put the cat of image 1 into box 1 of image 2",
            "--size",
            "1K",
            "--margin",
            "2",
        ],
    );
    assert!(o.status.success(), "{stdout}\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].ends_with("-1.png") && !lines[0].contains(".raw"),
        "{stdout}"
    );
    assert!(lines[1].ends_with("-1.raw.png"), "{stdout}");
    assert!(
        stderr.contains("result 1: composited into image 2")
            && stderr.contains("the service's own file changed ")
            && stderr.contains("% of the pixels visibly (by more than 24 of 255;")
            && stderr.contains("which the composite leaves out"),
        "{stderr}"
    );
    // Labelled as AI-modified: the IPTC digital source type and the TC260 implicit label,
    // wanedit as its propagator.
    let written = std::fs::read(lines[0]).unwrap();
    let text = String::from_utf8_lossy(&written);
    assert!(text.contains(wanedit::imaging::metadata::COMPOSITE_SOURCE_TYPE));
    let label = wanedit::imaging::metadata::service_aigc(&written).expect("an AIGC label");
    assert_eq!(label["ContentPropagator"], "wanedit");
    assert_eq!(label["Label"], "1");
    // The composite is image 2 outside box + margin + feather, exactly.
    let composite = decode_as_sent(&written).unwrap();
    let original = load("coffee.png");
    assert_eq!(composite.dimensions(), original.dimensions());
    for (x, y, p) in composite.enumerate_pixels() {
        if beyond(x, y, BBox::new(180, 60, 420, 330), 2, 4) {
            assert_eq!(p.0, original.get_pixel(x, y).0, "at {x},{y}");
        }
    }
    // Inside, the stand-in's change (inverted colours) came through.
    let (a, b) = (
        composite.get_pixel(300, 200).0,
        original.get_pixel(300, 200).0,
    );
    assert!(a[0].abs_diff(255 - b[0]) < 40, "{a:?} vs {b:?}");
    // History keeps both.
    let h = wanedit(&s, data.path(), &["history", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&h.stdout).unwrap();
    let output = &json[0]["outputs"][0];
    assert!(output["file"].as_str().is_some(), "{output}");
    assert!(output["composite"]["file"].as_str().is_some(), "{output}");
    assert_eq!(output["composite"]["target"], 1);
    assert!(
        output["composite"]["change"]["changed_share"]
            .as_f64()
            .unwrap()
            < 0.02
    );
}

#[test]
fn a_target_that_is_not_last_is_said_and_its_results_kept_raw() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let (out, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (o, stdout, stderr) = edit(
        &s,
        data.path(),
        out.path(),
        &["coffee.png", "chelsea.png"],
        &[
            "--box",
            "1:180,60,420,330",
            "--prompt",
            "replace the cup in box 1 of image 1 with the cat of image 2",
            "--size",
            "1K",
        ],
    );
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("move image 1 last"), "{stderr}");
    assert!(stderr.contains("result 1: not composited"), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].ends_with("-1.raw.png"), "{stdout}");
}

#[test]
fn composite_on_without_boxes_is_refused_before_sending() {
    let s = StandIn::start(Config::default());
    let (out, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (o, _, stderr) = edit(
        &s,
        data.path(),
        out.path(),
        &["coffee.png"],
        &["--prompt", "make it warmer", "--composite", "on"],
    );
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no image has boxes"), "{stderr}");
    assert!(s.requests_to("/image-generation/generation").is_empty());
    assert!(
        s.requests_to("/multimodal-generation/generation")
            .is_empty()
    );
}
