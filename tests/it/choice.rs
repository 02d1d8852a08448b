//! Keep exactly what you want: a job's composite made again with each box from its chosen
//! result, and a mask file refining a box, against the realistic stand-in (whose results differ
//! per index inside the boxes). Nothing is sent again.

use std::path::{Path, PathBuf};
use std::process::Command;

use image::RgbaImage;
use wanedit::api::job::BBox;
use wanedit::imaging::prepare::decode_as_sent;

use crate::support::photo;
use crate::support::standin::{Config, StandIn};

const BOX1: BBox = BBox {
    x1: 40,
    y1: 40,
    x2: 200,
    y2: 200,
};
const BOX2: BBox = BBox {
    x1: 360,
    y1: 180,
    x2: 560,
    y2: 360,
};

fn wanedit(s: &StandIn, data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(args)
        .env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data)
        .env_remove("RUST_LOG")
        .output()
        .expect("run wanedit")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn load(path: &Path) -> RgbaImage {
    decode_as_sent(&std::fs::read(path).unwrap()).unwrap()
}

/// Whether (x, y) is inside `b` shrunk by `inset` on every side.
fn deep_inside(x: u32, y: u32, b: BBox, inset: u32) -> bool {
    x >= b.x1 + inset && x < b.x2 - inset && y >= b.y1 + inset && y < b.y2 - inset
}

/// Whether (x, y) is beyond `b` grown by `reach`.
fn beyond(x: u32, y: u32, b: BBox, reach: u32) -> bool {
    x + reach < b.x1 || x >= b.x2 + reach || y + reach < b.y1 || y >= b.y2 + reach
}

/// coffee.png edited with two boxes and two results: the job's history id and its two
/// composites (result 1's, result 2's), in order.
fn two_results(s: &StandIn, data: &Path, out: &Path) -> (String, Vec<PathBuf>) {
    let coffee = photo("coffee.png");
    let (b1, b2) = (
        format!("1:{},{},{},{}", BOX1.x1, BOX1.y1, BOX1.x2, BOX1.y2),
        format!("1:{},{},{},{}", BOX2.x1, BOX2.y1, BOX2.x2, BOX2.y2),
    );
    let o = wanedit(
        s,
        data,
        &[
            "edit",
            "--model",
            "wan2.7-image",
            "--image",
            coffee.to_str().unwrap(),
            "--box",
            &b1,
            "--box",
            &b2,
            "--prompt",
            "turn box 1 and box 2 into something else",
            "--size",
            "1K",
            "--n",
            "2",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            &s.base_url,
        ],
    );
    assert!(
        o.status.success(),
        "{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let composites: Vec<PathBuf> = text(&o.stdout)
        .lines()
        .filter(|l| !l.contains(".raw."))
        .map(PathBuf::from)
        .collect();
    assert_eq!(composites.len(), 2, "{}", text(&o.stdout));
    let h = wanedit(s, data, &["history", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&h.stdout).unwrap();
    let id = json[0]["id"].as_str().unwrap().to_string();
    (id, composites)
}

#[test]
fn each_box_comes_from_the_result_named_and_the_rest_is_the_original_exactly() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let (data, out, kept) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (id, composites) = two_results(&s, data.path(), out.path());
    let (c1, c2) = (load(&composites[0]), load(&composites[1]));
    let original = load(&photo("coffee.png"));
    // The stand-in's results differ inside the boxes: otherwise nothing below could fail.
    assert_ne!(c1.get_pixel(120, 120), c2.get_pixel(120, 120));
    assert_ne!(c1.get_pixel(460, 270), c2.get_pixel(460, 270));
    let generations = s.requests_to("/generation").len();

    let o = wanedit(
        &s,
        data.path(),
        &[
            "compose",
            &id,
            "--box",
            "1=2",
            "--box",
            "2=1",
            "--out",
            kept.path().to_str().unwrap(),
        ],
    );
    assert!(
        o.status.success(),
        "{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert_eq!(
        s.requests_to("/generation").len(),
        generations,
        "nothing is sent"
    );
    let path = PathBuf::from(text(&o.stdout).trim());
    assert!(path.starts_with(kept.path()), "{path:?}");
    assert!(
        text(&o.stderr).contains("box 1 from result 2, box 2 from result 1"),
        "{}",
        text(&o.stderr)
    );
    let composed = load(&path);
    assert_eq!(composed.dimensions(), original.dimensions());
    let feather = 4;
    for (x, y, p) in composed.enumerate_pixels() {
        if deep_inside(x, y, BOX1, 0) {
            assert_eq!(p, c2.get_pixel(x, y), "box 1 is result 2's at {x},{y}");
        } else if deep_inside(x, y, BOX2, 0) {
            assert_eq!(p, c1.get_pixel(x, y), "box 2 is result 1's at {x},{y}");
        } else if beyond(x, y, BOX1, feather + 1) && beyond(x, y, BOX2, feather + 1) {
            assert_eq!(p, original.get_pixel(x, y), "the original at {x},{y}");
        }
    }

    // Kept with the job: `history --json` shows the choice, and the copy is in history.
    let h = wanedit(&s, data.path(), &["history", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&h.stdout).unwrap();
    let choice = &json[0]["choice"];
    assert_eq!(choice["boxes"], serde_json::json!([2, 1]), "{choice}");
    assert_eq!(choice["saved_as"], path.to_str().unwrap());
    let copy = data
        .path()
        .join("history/files")
        .join(choice["file"].as_str().unwrap());
    assert_eq!(std::fs::read(copy).unwrap(), std::fs::read(&path).unwrap());

    // Box 2 from the original: only box 1 changes.
    let o = wanedit(
        &s,
        data.path(),
        &[
            "compose",
            &id,
            "--box",
            "1=1",
            "--out",
            kept.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let one = load(Path::new(text(&o.stdout).trim()));
    assert_ne!(one, composed, "a new file, not the one before");
    assert_eq!(one.get_pixel(460, 270), original.get_pixel(460, 270));
    assert_eq!(one.get_pixel(120, 120), c1.get_pixel(120, 120));
}

#[test]
fn a_mask_over_half_a_box_takes_only_that_half() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let (data, out, kept) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (id, composites) = two_results(&s, data.path(), out.path());
    let c1 = load(&composites[0]);
    let original = load(&photo("coffee.png"));
    // White over the left half of box 1, in the target's pixels.
    let half_x = (BOX1.x1 + BOX1.x2) / 2;
    let mask = image::GrayImage::from_fn(original.width(), original.height(), |x, _| {
        image::Luma([if x < half_x { 255 } else { 0 }])
    });
    let mask_path = kept.path().join("mask.png");
    mask.save(&mask_path).unwrap();
    let before = std::fs::read(&mask_path).unwrap();
    let o = wanedit(
        &s,
        data.path(),
        &[
            "compose",
            &id,
            "--box",
            "1=1",
            "--mask",
            mask_path.to_str().unwrap(),
            "--out",
            kept.path().to_str().unwrap(),
        ],
    );
    assert!(
        o.status.success(),
        "{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    assert_eq!(
        std::fs::read(&mask_path).unwrap(),
        before,
        "the mask is only read"
    );
    let composed = load(Path::new(text(&o.stdout).trim()));
    let feather = 4;
    let (mut taken, mut kept_original) = (0, 0);
    for (x, y, p) in composed.enumerate_pixels() {
        if !deep_inside(x, y, BOX1, feather + 1) {
            if beyond(x, y, BOX1, feather + 1) {
                assert_eq!(p, original.get_pixel(x, y), "outside at {x},{y}");
            }
            continue;
        }
        if x + feather + 1 < half_x {
            assert_eq!(p, c1.get_pixel(x, y), "the painted half at {x},{y}");
            taken += 1;
        } else if x > half_x + feather + 1 {
            assert_eq!(p, original.get_pixel(x, y), "the other half at {x},{y}");
            kept_original += 1;
        }
    }
    assert!(
        taken > 5000 && kept_original > 5000,
        "{taken} {kept_original}"
    );
    // Box 2 was not named: the original, mask or not.
    assert_eq!(composed.get_pixel(460, 270), original.get_pixel(460, 270));

    // The choice says it was made with a mask (history's copy), and the next choice keeps it.
    let h = wanedit(&s, data.path(), &["history", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&h.stdout).unwrap();
    let copy = json[0]["choice"]["mask"]
        .as_str()
        .expect("the mask is kept");
    assert!(data.path().join("history/files").join(copy).exists());
    let o = wanedit(
        &s,
        data.path(),
        &[
            "compose",
            &id,
            "--box",
            "1=2",
            "--out",
            kept.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let again = load(Path::new(text(&o.stdout).trim()));
    let right = (half_x + feather + 10, (BOX1.y1 + BOX1.y2) / 2);
    assert_eq!(
        again.get_pixel(right.0, right.1),
        original.get_pixel(right.0, right.1)
    );
    assert_ne!(again.get_pixel(60, 120), original.get_pixel(60, 120));
}

#[test]
fn compose_says_what_is_wrong_with_a_choice() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let (data, out, kept) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (id, _) = two_results(&s, data.path(), out.path());
    let dir = kept.path().to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--box", "1=3"],
            "--box 1=3: there is no result 3: the job made 2",
        ),
        (&[], "say which box takes which result with --box K=R"),
        (&["--box", "3=1"], "2 box(es)"),
        (&["--box", "1-2"], "K=R"),
        (
            &["--box", "1=1", "--mask", "/no/such/mask.png"],
            "the mask /no/such/mask.png",
        ),
    ];
    for (extra, said) in cases {
        let mut args = vec!["compose", id.as_str()];
        args.extend_from_slice(extra);
        args.extend(["--out", dir]);
        let o = wanedit(&s, data.path(), &args);
        assert!(!o.status.success(), "{extra:?}");
        assert!(
            text(&o.stderr).contains(said),
            "{extra:?}: {}",
            text(&o.stderr)
        );
    }
    let o = wanedit(
        &s,
        data.path(),
        &["compose", "20200101-000000-000-0000", "--out", dir],
    );
    assert!(text(&o.stderr).contains("no job 20200101-000000-000-0000 in history"));
    assert_eq!(
        std::fs::read_dir(kept.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_with_a_painted_mask_composites_only_the_painted_part_of_its_box() {
    use wanedit::api::job::{JobImage, JobSpec, SizeChoice, Stroke, StrokeShape, Tier};
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let mut job = JobSpec::new("wan2.7-image", "turn box 1 into something else");
    job.params.size = Some(SizeChoice::Tier(Tier::K1));
    let mut img = JobImage::new(wanedit::api::job::ImageSource::File(photo("coffee.png")));
    img.boxes = vec![BOX1];
    // A lasso over the box's left half, and the eraser over a disc in the middle of it.
    let half_x = (BOX1.x1 + BOX1.x2) as f32 / 2.0;
    img.mask = vec![
        Stroke {
            erase: false,
            shape: StrokeShape::Lasso {
                points: vec![
                    [BOX1.x1 as f32, BOX1.y1 as f32],
                    [half_x, BOX1.y1 as f32],
                    [half_x, BOX1.y2 as f32],
                    [BOX1.x1 as f32, BOX1.y2 as f32],
                ],
            },
        },
        Stroke {
            erase: true,
            shape: StrokeShape::Brush {
                radius: 15.0,
                points: vec![[80.0, 120.0]],
            },
        },
    ];
    job.images.push(img);
    let dir = tempfile::tempdir().unwrap();
    let client = crate::support::client_for(&s);
    let outcome = wanedit::jobs::run_job(
        &client,
        &mut job,
        wanedit::jobs::LocalImages::Inline,
        dir.path(),
        |_| {},
    )
    .await
    .unwrap();
    let composite = outcome.regions[0].composite.clone().expect("composited");
    let composed = load(&composite);
    let original = load(&photo("coffee.png"));
    let feather = 4;
    let (mut taken, mut left) = (0, 0);
    for (x, y, p) in composed.enumerate_pixels() {
        let o = original.get_pixel(x, y);
        let in_disc = (x as f32 + 0.5 - 80.0).powi(2) + (y as f32 + 0.5 - 120.0).powi(2)
            < (15.0f32 - feather as f32 - 1.0).powi(2);
        if in_disc {
            assert_eq!(p, o, "erased at {x},{y}");
        } else if deep_inside(x, y, BOX1, feather + 1) && (x as f32) < half_x - 6.0 {
            let moved = (0..3).map(|c| p[c].abs_diff(o[c]) as u32).sum::<u32>();
            if moved > 60 {
                taken += 1;
            }
        } else if (x as f32) > half_x + feather as f32 + 1.0 || beyond(x, y, BOX1, feather + 1) {
            assert_eq!(p, o, "the original at {x},{y}");
            left += 1;
        }
    }
    assert!(taken > 3000, "the painted half took the result: {taken}");
    assert!(left > 100_000, "{left}");
}
