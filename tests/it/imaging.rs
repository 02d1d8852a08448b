//! The image pipeline on real photos and on odd files made here: each is accepted as is,
//! repaired (and how), or refused with its sentence.

use crate::support;

use std::io::Cursor;

use image::{DynamicImage, ImageFormat};
use support::photo;
use wanedit::api::catalog::{InputFormat, ModelSpec};
use wanedit::api::error::ApiError;
use wanedit::api::job::{BBox, CallMode, ImageSource, JobImage, JobSpec};
use wanedit::imaging::prepare::{Refusal, Repair, prepare, prepare_all, rescale_box};
use wanedit::jobs::{self, JobEvent};

fn model(id: &str) -> &'static ModelSpec {
    ModelSpec::find(id).unwrap()
}

/// A photo-like test picture: smooth gradients with a red block in the top-left corner.
fn picture(w: u32, h: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        if x < w / 8 && y < h / 8 {
            image::Rgb([230, 20, 20])
        } else {
            image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
        }
    })
}

fn encode(img: DynamicImage, fmt: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, fmt).unwrap();
    out.into_inner()
}

fn jpeg_with(
    w: u16,
    h: u16,
    progressive: bool,
    color: jpeg_encoder::ColorType,
    data: &[u8],
    exif_orientation: Option<u16>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 90);
    enc.set_progressive(progressive);
    if let Some(o) = exif_orientation {
        let mut exif = b"Exif\0\0II\x2a\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
        exif.extend_from_slice(&o.to_le_bytes());
        exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        enc.add_app_segment(1, exif).unwrap();
    }
    enc.encode(data, w, h, color).unwrap();
    out
}

#[test]
fn real_photos_are_sent_as_their_original_bytes_unless_not_srgb() {
    for name in [
        "astronaut.png",
        "chelsea.png",
        "coffee.png",
        "motorcycle_left.png",
        "retina.jpg",
        "rocket.jpg",
    ] {
        let bytes = std::fs::read(photo(name)).unwrap();
        let p = prepare(&bytes, model("wan2.7-image"), true).unwrap();
        // astronaut.png has a text chunk ("File written by Adobe Photoshop"), chelsea.png an
        // XMP packet: those are left out of the upload, the rest of the file byte for byte.
        if ["astronaut.png", "chelsea.png"].contains(&name) {
            assert_eq!(p.repairs, [Repair::MetadataLeftOut], "{name}");
            let sent = p.bytes.as_ref().expect("the file without its metadata");
            assert!(sent.len() < bytes.len());
            assert_eq!(p.facts.file_bytes, sent.len() as u64);
            assert_eq!(
                image::load_from_memory(sent).unwrap().to_rgb8(),
                image::load_from_memory(&bytes).unwrap().to_rgb8(),
                "{name}: the same pixels"
            );
        } else if name == "rocket.jpg" {
            // In Adobe RGB (1998): the model reads sRGB, so it is converted (see the
            // fidelity tests), a fresh JPEG without a profile.
            assert!(
                matches!(&p.repairs[..], [Repair::ToSrgb { profile }] if profile.contains("Adobe RGB")),
                "{:?}",
                p.repairs
            );
            let sent = p.bytes.as_ref().expect("converted");
            assert_eq!(
                wanedit::imaging::colour::icc_in(sent, image::ImageFormat::Jpeg),
                None
            );
        } else {
            assert!(p.repairs.is_empty(), "{name}: {:?}", p.repairs);
            assert!(p.bytes.is_none(), "{name} was re-encoded needlessly");
            assert_eq!(p.facts.file_bytes, bytes.len() as u64);
        }
        let preview = p.preview.unwrap();
        let side = wanedit::imaging::prepare::PREVIEW_MAX_SIDE;
        assert_eq!(
            (preview.width, preview.height),
            wanedit::imaging::prepare::fit_within(p.facts.width, p.facts.height, side),
            "{name}: images up to {side} px keep their size, larger ones fit it"
        );
        assert_eq!(
            preview.rgba.len() as u32,
            preview.width * preview.height * 4
        );
    }
    let retina = prepare(
        &std::fs::read(photo("retina.jpg")).unwrap(),
        model("wan2.7-image"),
        false,
    )
    .unwrap();
    assert_eq!(
        (retina.facts.width, retina.facts.height, retina.facts.format),
        (1411, 1411, Some(InputFormat::Jpeg))
    );
}

#[test]
fn the_logo_has_an_opaque_alpha_channel_which_is_dropped_and_said() {
    // logo.png is RGBA with every pixel opaque: the channel still makes the service refuse it.
    let bytes = std::fs::read(photo("logo.png")).unwrap();
    let p = prepare(&bytes, model("wan2.7-image-pro"), false).unwrap();
    assert_eq!(p.repairs, vec![Repair::DroppedOpaqueAlpha]);
    assert!(!p.facts.has_alpha);
    let sent = image::load_from_memory(p.bytes.as_ref().unwrap()).unwrap();
    assert_eq!(sent.color(), image::ColorType::Rgb8);
    assert_eq!(
        sent.to_rgb8().as_raw(),
        image::load_from_memory(&bytes).unwrap().to_rgb8().as_raw(),
        "no visible change"
    );
}

#[test]
fn real_transparency_is_flattened_onto_white() {
    let rgba = image::RgbaImage::from_fn(400, 300, |x, _| {
        image::Rgba([200, 40, 40, (x * 255 / 399) as u8])
    });
    let bytes = encode(DynamicImage::ImageRgba8(rgba.clone()), ImageFormat::Png);
    let p = prepare(&bytes, model("wan2.7-image"), false).unwrap();
    assert_eq!(p.repairs, vec![Repair::FlattenedAlpha]);
    assert!(
        p.repairs[0]
            .to_string()
            .contains("transparency flattened onto white")
    );
    let sent = image::load_from_memory(p.bytes.as_ref().unwrap())
        .unwrap()
        .to_rgb8();
    assert_eq!(
        sent.get_pixel(0, 0).0,
        [255, 255, 255],
        "fully transparent becomes white"
    );
    assert_eq!(sent.get_pixel(399, 0).0, [200, 40, 40], "opaque stays");
    let half = sent.get_pixel(200, 0).0; // alpha 127
    assert!(
        (half[0] as i32 - 227).abs() <= 1 && (half[1] as i32 - 148).abs() <= 1,
        "{half:?}"
    );
}

#[test]
fn exif_orientation_turns_the_pixels_upright() {
    let img = picture(600, 400);
    let bytes = jpeg_with(
        600,
        400,
        false,
        jpeg_encoder::ColorType::Rgb,
        img.as_raw(),
        Some(6),
    );
    let p = prepare(&bytes, model("wan2.7-image"), true).unwrap();
    assert_eq!(p.repairs, vec![Repair::Oriented]);
    assert_eq!((p.facts.width, p.facts.height), (400, 600));
    assert_eq!(p.seen_size, (400, 600));
    let sent = image::load_from_memory(p.bytes.as_ref().unwrap())
        .unwrap()
        .to_rgb8();
    // Orientation 6 = rotate 90° clockwise: the red top-left block is now top-right.
    let tr = sent.get_pixel(390, 10).0;
    let tl = sent.get_pixel(10, 10).0;
    assert!(tr[0] > 180 && tr[1] < 80, "top-right {tr:?}");
    assert!(tl[0] < 100, "top-left {tl:?}");
    let preview = p.preview.unwrap();
    assert_eq!((preview.width, preview.height), (400, 600));
}

#[test]
fn jpeg_variants_progressive_grayscale_and_cmyk() {
    let rgb = picture(500, 400);
    let prog = jpeg_with(
        500,
        400,
        true,
        jpeg_encoder::ColorType::Rgb,
        rgb.as_raw(),
        None,
    );
    let p = prepare(&prog, model("wan2.7-image"), true).unwrap();
    assert!(p.repairs.is_empty() && p.bytes.is_none());
    assert_eq!(p.preview.unwrap().width, 500);

    let gray: Vec<u8> = rgb.pixels().map(|p| p.0[1]).collect();
    let g = jpeg_with(500, 400, false, jpeg_encoder::ColorType::Luma, &gray, None);
    let p = prepare(&g, model("wan2.7-image"), true).unwrap();
    assert!(p.repairs.is_empty() && p.bytes.is_none());

    let cmyk: Vec<u8> = rgb
        .pixels()
        .flat_map(|p| [255 - p.0[0], 255 - p.0[1], 255 - p.0[2], 0])
        .collect();
    let c = jpeg_with(500, 400, false, jpeg_encoder::ColorType::Cmyk, &cmyk, None);
    let p = prepare(&c, model("wan2.7-image"), false).unwrap();
    assert_eq!(p.repairs, vec![Repair::CmykToRgb]);
    let sent = image::load_from_memory(p.bytes.as_ref().unwrap()).unwrap();
    assert_eq!(sent.color(), image::ColorType::Rgb8);
}

#[test]
fn png_variants_are_accepted_or_flattened() {
    let rgb = DynamicImage::ImageRgb8(picture(300, 300));
    for (name, img, repaired) in [
        // Sent as 8 bits (16 are unconfirmed): said.
        ("16-bit", DynamicImage::ImageRgb16(rgb.to_rgb16()), true),
        ("gray", DynamicImage::ImageLuma8(rgb.to_luma8()), false),
        (
            "gray+alpha",
            DynamicImage::ImageLumaA8(rgb.to_luma_alpha8()),
            true,
        ),
    ] {
        let bytes = encode(img, ImageFormat::Png);
        let p = prepare(&bytes, model("wan2.6-image"), false).unwrap();
        assert_eq!(!p.repairs.is_empty(), repaired, "{name}: {:?}", p.repairs);
        if name == "16-bit" {
            assert_eq!(p.repairs, [Repair::EightBits]);
            let sent = image::load_from_memory(p.bytes.as_ref().unwrap()).unwrap();
            assert_eq!(sent.color(), image::ColorType::Rgb8);
            assert_eq!(sent.to_rgb8(), rgb.to_rgb8());
        }
    }
    // An indexed (palette) PNG.
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 256, 256);
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_palette(
            (0..=255u8)
                .flat_map(|i| [i, 255 - i, 128])
                .collect::<Vec<u8>>(),
        );
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&(0..256 * 256).map(|i| (i % 256) as u8).collect::<Vec<u8>>())
            .unwrap();
    }
    let p = prepare(&out, model("wan2.7-image"), true).unwrap();
    assert!(p.repairs.is_empty() && p.bytes.is_none(), "{:?}", p.repairs);
    assert_eq!(p.facts.format, Some(InputFormat::Png));
}

#[test]
fn bmp_and_webp_pass_gif_and_tiff_are_converted() {
    let rgb = DynamicImage::ImageRgb8(picture(320, 260));
    for fmt in [ImageFormat::Bmp, ImageFormat::WebP] {
        let p = prepare(&encode(rgb.clone(), fmt), model("wan2.7-image"), false).unwrap();
        assert!(p.repairs.is_empty() && p.bytes.is_none(), "{fmt:?}");
    }
    for (fmt, name) in [(ImageFormat::Gif, "GIF"), (ImageFormat::Tiff, "TIFF")] {
        let p = prepare(&encode(rgb.clone(), fmt), model("wan2.7-image"), false).unwrap();
        // GIF decodes with an (opaque) alpha channel: it is dropped, and said.
        let want: Vec<Repair> = match fmt {
            ImageFormat::Gif => vec![
                Repair::DroppedOpaqueAlpha,
                Repair::Converted {
                    from: name.into(),
                    to: InputFormat::Png,
                },
            ],
            _ => vec![Repair::Converted {
                from: name.into(),
                to: InputFormat::Png,
            }],
        };
        assert_eq!(p.repairs, want);
        assert_eq!(p.facts.format, Some(InputFormat::Png));
        assert_eq!(
            image::guess_format(p.bytes.as_ref().unwrap()).unwrap(),
            ImageFormat::Png
        );
        assert!(
            p.repairs
                .last()
                .unwrap()
                .to_string()
                .contains(&format!("converted from {name} to PNG"))
        );
    }
}

#[test]
fn over_the_side_limit_is_scaled_down_and_boxes_follow() {
    let big = jpeg_with(
        6000,
        4000,
        false,
        jpeg_encoder::ColorType::Rgb,
        picture(6000, 4000).as_raw(),
        None,
    );
    let p = prepare(&big, model("wan2.5-i2i-preview"), false).unwrap();
    assert_eq!(
        p.repairs,
        vec![Repair::ScaledDown {
            from: (6000, 4000),
            to: (5000, 3333)
        }]
    );
    assert_eq!((p.facts.width, p.facts.height), (5000, 3333));
    assert_eq!(p.facts.format, Some(InputFormat::Jpeg));
    // The same file is fine as is for wan2.7 (8000 px).
    assert!(
        prepare(&big, model("wan2.7-image"), false)
            .unwrap()
            .bytes
            .is_none()
    );

    assert_eq!(
        rescale_box(BBox::new(600, 400, 3000, 2000), (6000, 4000), (5000, 3333)),
        BBox::new(500, 333, 2500, 1667)
    );
    assert_eq!(
        rescale_box(BBox::new(0, 0, 6000, 4000), (6000, 4000), (5000, 3333)),
        BBox::new(0, 0, 5000, 3333)
    );
}

#[tokio::test]
async fn a_scaled_image_takes_its_boxes_along_in_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.jpg");
    std::fs::write(
        &path,
        jpeg_with(
            9000,
            3000,
            false,
            jpeg_encoder::ColorType::Rgb,
            picture(9000, 3000).as_raw(),
            None,
        ),
    )
    .unwrap();
    let mut job = JobSpec::new(
        "wan2.7-image",
        "replace the red block in box 1 with a window",
    );
    let mut img = JobImage::new(ImageSource::File(path));
    img.boxes.push(BBox::new(0, 0, 1125, 375));
    job.images.push(img);
    let mut notices = Vec::new();
    let bytes = jobs::read_local_facts(&mut job, &mut |e| {
        if let JobEvent::Notice(n) = e {
            notices.push(n.to_string())
        }
    })
    .await
    .unwrap();
    assert_eq!(job.images[0].boxes, vec![BBox::new(0, 0, 1000, 334)]);
    assert_eq!(
        notices,
        vec![
            "image 1 (wide.jpg): scaled down from 9000×3000 to 8000×2667 px to fit the model's limit; its boxes were scaled too"
        ]
    );
    let sent = bytes[0].as_ref().unwrap().bytes().await.unwrap();
    let sent = image::load_from_memory(&sent).unwrap();
    assert_eq!((sent.width(), sent.height()), (8000, 2667));
    let plan = jobs::plan_only(&mut job.clone()).await.unwrap();
    assert_eq!(
        plan.body.unwrap()["parameters"]["bbox_list"],
        serde_json::json!([[[0, 0, 1000, 334]]])
    );
}

#[test]
fn over_the_file_size_limit_is_re_encoded_to_fit() {
    // Noise compresses badly: a 2400×2000 noisy PNG is ~14 MB, over wan2.6's 10 MB.
    let noisy = image::RgbImage::from_fn(2400, 2000, |x, y| {
        let h = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)).wrapping_mul(2246822519);
        image::Rgb([(h >> 8) as u8, (h >> 16) as u8, (h >> 24) as u8])
    });
    let bytes = encode(DynamicImage::ImageRgb8(noisy), ImageFormat::Png);
    assert!(bytes.len() > 10 * 1024 * 1024, "{}", bytes.len());
    let p = prepare(&bytes, model("wan2.6-image"), false).unwrap();
    assert!(p.facts.file_bytes <= 10 * 1024 * 1024);
    assert_eq!(p.facts.format, Some(InputFormat::Jpeg));
    assert!(
        matches!(p.repairs.last(), Some(Repair::Reencoded { .. })),
        "{:?}",
        p.repairs
    );
    assert!(
        p.repairs
            .last()
            .unwrap()
            .to_string()
            .contains("to fit the model's file-size limit")
    );
    // wan2.7 takes 20 MB: no repair.
    assert!(
        prepare(&bytes, model("wan2.7-image"), false)
            .unwrap()
            .repairs
            .is_empty()
    );
}

fn noise(w: u32, h: u32, seed: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let h =
            (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503) ^ seed).wrapping_mul(2246822519);
        image::Rgb([(h >> 8) as u8, (h >> 16) as u8, (h >> 24) as u8])
    })
}

#[test]
fn a_job_reuses_the_repair_the_window_made_of_the_same_file() {
    // Over wan2.6's 10 MB: re-encoded, which for a 48 MP photo is a second or two and 300 MB.
    let bytes = encode(
        DynamicImage::ImageRgb8(noise(2400, 2000, 7)),
        ImageFormat::Png,
    );
    let spec = model("wan2.6-image");
    let window = prepare(&bytes, spec, true).unwrap();
    let made = window.bytes.clone().expect("re-encoded");
    let job = prepare(&bytes, spec, false).unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&made, job.bytes.as_ref().unwrap()),
        "the job re-encoded the file a second time"
    );
    assert_eq!(
        (job.facts, job.seen_size, &job.repairs),
        (window.facts, window.seen_size, &window.repairs)
    );
    // Another file (one pixel differs) is prepared on its own.
    let mut other = noise(2400, 2000, 7);
    other.put_pixel(0, 0, image::Rgb([1, 2, 3]));
    let other = prepare(
        &encode(DynamicImage::ImageRgb8(other), ImageFormat::Png),
        spec,
        false,
    )
    .unwrap();
    assert!(!std::sync::Arc::ptr_eq(
        &made,
        other.bytes.as_ref().unwrap()
    ));
    // The reuse holds nothing itself: once the window lets go, the bytes are freed.
    let weak = std::sync::Arc::downgrade(&made);
    drop((window, made, job));
    assert!(
        weak.upgrade().is_none(),
        "the repaired bytes outlived their holders"
    );
}

#[tokio::test]
async fn a_large_input_is_read_again_when_sent_and_refused_if_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.png");
    let bytes = encode(
        DynamicImage::ImageRgb8(noise(1100, 900, 3)),
        ImageFormat::Png,
    );
    assert!(bytes.len() > 2 << 20, "{}", bytes.len());
    std::fs::write(&path, &bytes).unwrap();
    let mut job = JobSpec::new("wan2.7-image", "make it brighter");
    job.images
        .push(JobImage::new(ImageSource::File(path.clone())));
    let local = jobs::read_local_facts(&mut job, &mut |_| {}).await.unwrap();
    let local = local[0].clone().unwrap();
    // Not held between the check and the sending: read again then, and exactly what was checked.
    assert!(matches!(local, jobs::LocalBytes::File { .. }), "{local:?}");
    assert_eq!(*local.bytes().await.unwrap(), bytes);
    // Edited in another program meanwhile (the same length, one byte differs).
    let mut edited = bytes.clone();
    let mid = edited.len() / 2;
    edited[mid] ^= 0x55;
    std::fs::write(&path, &edited).unwrap();
    let e = local.bytes().await.unwrap_err().to_string();
    assert!(
        e.contains("changed on disk after wanedit checked it; run the job again"),
        "{e}"
    );
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

#[test]
fn decompression_bombs_are_refused_from_the_header() {
    // A PNG that claims 60000×60000 px (10.8 GB as RGB) with no pixel data.
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&60000u32.to_be_bytes());
    ihdr.extend_from_slice(&60000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // A token IDAT (zlib of one zero byte): a decoder reads the header up to here.
    let idat = [
        b'I', b'D', b'A', b'T', 0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
    ];
    png.extend_from_slice(&9u32.to_be_bytes());
    png.extend_from_slice(&idat);
    png.extend_from_slice(&crc32(&idat).to_be_bytes());
    png.extend_from_slice(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
    let e = prepare(&png, model("wan2.7-image"), true).unwrap_err();
    assert!(
        matches!(
            e,
            Refusal::TooLarge {
                w: 60000,
                h: 60000,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("claims to be 60000×60000 px"));

    // A JPEG whose frame header claims 60000×60000.
    let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8];
    jpg.extend_from_slice(&60000u16.to_be_bytes());
    jpg.extend_from_slice(&60000u16.to_be_bytes());
    jpg.extend_from_slice(&[3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 0xFF, 0xD9]);
    let e = prepare(&jpg, model("wan2.7-image"), true).unwrap_err();
    assert!(
        matches!(e, Refusal::TooLarge { .. } | Refusal::Damaged(_)),
        "{e:?}"
    );
}

#[test]
fn not_images_svg_and_truncated_files_are_refused() {
    assert_eq!(
        prepare(b"%PDF-1.7 not an image", model("wan2.7-image"), true).unwrap_err(),
        Refusal::NotAnImage
    );
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
    let e = prepare(svg, model("wan2.7-image"), true).unwrap_err();
    assert_eq!(e, Refusal::Svg);
    assert_eq!(
        e.to_string(),
        "it is an SVG drawing; export it as PNG or JPEG first"
    );
    let coffee = std::fs::read(photo("coffee.png")).unwrap();
    let cut = &coffee[..coffee.len() / 2];
    let e = prepare(cut, model("wan2.7-image"), true).unwrap_err();
    assert!(matches!(e, Refusal::Damaged(_)), "{e:?}");
    assert!(e.to_string().starts_with("it is damaged or cut short"));
}

#[tokio::test]
async fn refusals_and_small_images_reach_the_user_as_sentences_naming_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("drawing.png");
    std::fs::write(&svg, br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#).unwrap();
    let mut job = JobSpec::new("wan2.7-image", "x");
    job.images = vec![
        JobImage::new(ImageSource::File(photo("coffee.png"))),
        JobImage::new(ImageSource::File(svg)),
    ];
    let e = jobs::plan_only(&mut job).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "image 2 (drawing.png) cannot be used: it is an SVG drawing; export it as PNG or JPEG first"
    );

    // chelsea.png is 451×300: too small for wan2.5, which validation says in its words.
    let mut job = JobSpec::new("wan2.5-i2i-preview", "x");
    job.mode = CallMode::Async;
    job.images = vec![JobImage::new(ImageSource::File(photo("chelsea.png")))];
    let e = jobs::plan_only(&mut job).await.unwrap_err();
    assert!(matches!(e, ApiError::Invalid(_)));
    assert_eq!(
        e.to_string(),
        "image 1 is 451×300 px; wan2.5-i2i-preview needs at least 384 px per side"
    );
}

#[tokio::test]
async fn a_png_named_jpg_is_sent_as_png() {
    let dir = tempfile::tempdir().unwrap();
    let lying = dir.path().join("photo.jpg");
    std::fs::copy(photo("coffee.png"), &lying).unwrap();
    let mut job = JobSpec::new("wan2.7-image", "x");
    job.images = vec![JobImage::new(ImageSource::File(lying))];
    let plan = jobs::plan_only(&mut job).await.unwrap();
    let v = plan.body.unwrap();
    let img = v["input"]["messages"][0]["content"][1]["image"]
        .as_str()
        .unwrap();
    assert!(img.starts_with("data:image/png;base64,"), "{}", &img[..40]);
}

#[test]
fn several_images_prepare_in_parallel_in_order() {
    let files: Vec<Vec<u8>> = ["rocket.jpg", "coffee.png", "logo.png", "retina.jpg"]
        .iter()
        .map(|n| std::fs::read(photo(n)).unwrap())
        .collect();
    let refs: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
    let out = prepare_all(&refs, model("wan2.7-image"), true);
    let sizes: Vec<(u32, u32)> = out
        .iter()
        .map(|r| {
            let p = r.as_ref().unwrap();
            (p.facts.width, p.facts.height)
        })
        .collect();
    assert_eq!(
        sizes,
        vec![(640, 427), (600, 400), (500, 500), (1411, 1411)]
    );
    assert_eq!(
        out[2].as_ref().unwrap().repairs,
        vec![Repair::DroppedOpaqueAlpha]
    );
}

#[test]
fn a_large_jpeg_preview_is_screen_sized_and_shows_the_picture() {
    // 4000×3000: decoded at a reduced DCT scale for its preview, never at full size.
    let big = jpeg_with(
        4000,
        3000,
        false,
        jpeg_encoder::ColorType::Rgb,
        picture(4000, 3000).as_raw(),
        None,
    );
    let p = prepare(&big, model("wan2.7-image"), true).unwrap();
    assert!(p.bytes.is_none() && p.repairs.is_empty());
    let pv = p.preview.unwrap();
    // 1/4 scale (1000×750) is within a tenth of the 1024-px preview: kept as it is.
    assert_eq!((pv.width, pv.height), (1000, 750));
    let px = |x: u32, y: u32| {
        let i = ((y * pv.width + x) * 4) as usize;
        [pv.rgba[i], pv.rgba[i + 1], pv.rgba[i + 2]]
    };
    let red = px(50, 50);
    assert!(
        red[0] > 200 && red[1] < 60,
        "the red top-left block: {red:?}"
    );
    let gradient = px(pv.width - 1, pv.height - 1);
    assert!(
        gradient[0] > 230 && gradient[1] > 230,
        "bottom-right of the gradient: {gradient:?}"
    );
}

/// A large file is streamed to its upload from disk, in pieces: the service receives exactly
/// the bytes checked; a file changed since its check never completes its upload, and the job's
/// sentence says what happened.
#[tokio::test]
async fn a_large_input_is_streamed_to_its_upload_and_a_changed_one_never_completes() {
    use support::standin::{Config, StandIn};
    let s = StandIn::start(Config::default());
    let client = support::client_for(&s);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.png");
    let bytes = encode(
        DynamicImage::ImageRgb8(noise(1100, 900, 5)),
        ImageFormat::Png,
    );
    assert!(bytes.len() > 2 << 20, "{}", bytes.len());
    std::fs::write(&path, &bytes).unwrap();
    let mut job = JobSpec::new("wan2.7-image", "make it brighter");
    job.images
        .push(JobImage::new(ImageSource::File(path.clone())));
    let local = jobs::read_local_facts(&mut job, &mut |_| {}).await.unwrap();
    let local = local[0].clone().unwrap();
    assert!(matches!(local, jobs::LocalBytes::File { .. }), "{local:?}");
    let policy = client.upload_policy("wan2.7-image").await.unwrap();

    let (body, check) = local.upload_body();
    assert!(
        matches!(body, wanedit::api::client::UploadBody::Stream { .. }),
        "a large file sent as it is is streamed, not held"
    );
    let oss = client
        .upload(&policy, "big.png", body, "image/png")
        .await
        .unwrap();
    assert!(check.failure().is_none());
    let key = oss.trim_start_matches("oss://");
    let got = s.uploaded(key).expect("the upload completed");
    assert_eq!(got.len(), bytes.len());
    assert!(got == bytes, "the bytes uploaded are the file's");

    // Edited in another program after the check (same length, one byte differs near the end).
    let mut edited = bytes.clone();
    let k = edited.len() - 10;
    edited[k] ^= 0x55;
    std::fs::write(&path, &edited).unwrap();
    let (body, check) = local.upload_body();
    let r = client.upload(&policy, "big-2.png", body, "image/png").await;
    assert!(r.is_err(), "{r:?}");
    let why = check.failure().expect("the stream says why").to_string();
    assert!(
        why.contains("changed on disk after wanedit checked it; run the job again"),
        "{why}"
    );
    assert!(
        !s.uploaded_keys().iter().any(|k| k.ends_with("big-2.png")),
        "a changed file never completes its upload"
    );

    // Gone: the same, with its own words.
    std::fs::remove_file(&path).unwrap();
    let (body, check) = local.upload_body();
    assert!(
        client
            .upload(&policy, "big-3.png", body, "image/png")
            .await
            .is_err()
    );
    let why = check.failure().unwrap().to_string();
    assert!(why.contains("could not be read again to send it"), "{why}");
}

/// A camera-sized JPEG sent as it is is checked as it is read (never held whole): the job
/// takes the same facts and hashes a whole read would, the upload is the file byte for byte,
/// and the same file cut short is refused with its sentence, not sent.
#[tokio::test]
async fn a_large_jpeg_is_checked_as_it_is_read_and_sent_byte_for_byte_or_refused_cut_short() {
    use support::standin::{Config, StandIn};
    let s = StandIn::start(Config::default());
    let client = support::client_for(&s);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("camera.jpg");
    let bytes = encode(
        DynamicImage::ImageRgb8(noise(2200, 1400, 9)),
        ImageFormat::Jpeg,
    );
    assert!(bytes.len() > 3 << 20, "{}", bytes.len());
    std::fs::write(&path, &bytes).unwrap();
    let mut job = JobSpec::new("wan2.7-image", "make it brighter");
    job.images
        .push(JobImage::new(ImageSource::File(path.clone())));
    let mut checked = Vec::new();
    let local = jobs::read_local_facts(&mut job, &mut |e| {
        if let JobEvent::Checked { hashes, len, .. } = e {
            checked.push((len, hashes));
        }
    })
    .await
    .unwrap();
    let whole = wanedit::store::fs::FileHash::of(&bytes);
    assert_eq!(checked, vec![(bytes.len() as u64, Some(whole))]);
    let facts = job.images[0].facts.expect("facts");
    assert_eq!((facts.width, facts.height), (2200, 1400));
    assert_eq!(facts.format, Some(InputFormat::Jpeg));
    assert_eq!(facts.file_bytes, bytes.len() as u64);
    let local = local[0].clone().unwrap();
    assert!(
        matches!(local, jobs::LocalBytes::File { len, digest, .. } if len == bytes.len() && digest == whole.digest),
        "{local:?}"
    );
    let policy = client.upload_policy("wan2.7-image").await.unwrap();
    let (body, check) = local.upload_body();
    let oss = client
        .upload(&policy, "camera.jpg", body, "image/jpeg")
        .await
        .unwrap();
    assert!(check.failure().is_none());
    let got = s.uploaded(oss.trim_start_matches("oss://")).unwrap();
    assert!(got == bytes, "the bytes uploaded are the file's");

    // Cut short (still far over the size held in memory): refused, naming the image.
    std::fs::write(&path, &bytes[..bytes.len() * 4 / 5]).unwrap();
    let mut job = JobSpec::new("wan2.7-image", "make it brighter");
    job.images.push(JobImage::new(ImageSource::File(path)));
    let why = jobs::read_local_facts(&mut job, &mut |_| {})
        .await
        .expect_err("a file cut short is refused")
        .to_string();
    assert!(
        why.contains("image 1") && why.contains("cut short"),
        "{why}"
    );
}

/// Inline images are encoded as the body goes out, never held as data URIs: the service
/// receives byte for byte the body that holding them would have sent, with its length up
/// front. A file changed or gone since its check breaks the body off: nothing is created,
/// nothing is sent again, and the job's sentence says what happened to the file.
#[tokio::test]
async fn inline_images_are_streamed_into_the_body_byte_for_byte() {
    use support::standin::{Config, StandIn, body_digest};
    let s = StandIn::start(Config::default());
    let client = support::client_for(&s);
    let dir = tempfile::tempdir().unwrap();
    // Over 2 MiB: read again from disk as it is sent. The small one is held.
    let big = dir.path().join("big.png");
    let bytes = encode(
        DynamicImage::ImageRgb8(noise(1100, 900, 5)),
        ImageFormat::Png,
    );
    assert!(bytes.len() > 2 << 20, "{}", bytes.len());
    std::fs::write(&big, &bytes).unwrap();
    let small = dir.path().join("small.jpg");
    let small_bytes = encode(
        DynamicImage::ImageRgb8(noise(601, 500, 9)),
        ImageFormat::Jpeg,
    );
    std::fs::write(&small, &small_bytes).unwrap();
    let job_of = || {
        let mut job = JobSpec::new("wan2.7-image", "put image 1 into image 2, \"as it is\"");
        job.images = vec![
            JobImage::new(ImageSource::File(small.clone())),
            JobImage::new(ImageSource::File(big.clone())),
        ];
        job
    };
    let held = jobs::plan_only(&mut job_of()).await.unwrap();
    let want = serde_json::to_vec(held.body.as_ref().unwrap()).unwrap();
    assert!(
        want.len() > bytes.len() * 4 / 3,
        "both inline: {}",
        want.len()
    );

    let out = tempfile::tempdir().unwrap();
    let outcome = jobs::run_job(
        &client,
        &mut job_of(),
        jobs::LocalImages::Inline,
        out.path(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(outcome.files.len(), 1);
    let creates = s.creates();
    assert_eq!(creates.len(), 1);
    assert_eq!(
        creates[0].body,
        body_digest(&want),
        "the streamed body is the held one, byte for byte"
    );
    let sent = s.requests_to("/generation").pop().expect("the generation");
    assert_eq!(sent.body_len, want.len());
    assert_eq!(
        sent.headers.get("content-length"),
        Some(&want.len().to_string()),
        "its length goes first"
    );
    assert!(
        !sent.headers.contains_key("transfer-encoding"),
        "not chunked"
    );
    assert_eq!(s.broken_bodies(), 0);

    // Edited in another program after the check (same length, one byte near the end).
    let mut job = job_of();
    let local = jobs::read_local_facts(&mut job, &mut |_| {}).await.unwrap();
    assert!(
        matches!(local[1], Some(jobs::LocalBytes::File { .. })),
        "{:?}",
        local[1]
    );
    let mut edited = bytes.clone();
    let k = edited.len() - 10;
    edited[k] ^= 0x55;
    std::fs::write(&big, &edited).unwrap();
    let r = jobs::run_prepared(
        &client,
        &mut job.clone(),
        local.clone(),
        jobs::LocalImages::Inline,
        out.path(),
        |_| {},
    )
    .await;
    let why = r.expect_err("a changed file fails the job").to_string();
    assert!(
        why.contains("changed on disk after wanedit checked it; run the job again"),
        "{why}"
    );
    assert_eq!(s.creates().len(), 1, "nothing more was created");
    // The server sees the body break a moment after the client has given up on it.
    let broken = |s: &StandIn, at_least: u32| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while s.broken_bodies() < at_least && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        s.broken_bodies()
    };
    assert_eq!(
        broken(&s, 1),
        1,
        "the body broke off before its end, once: not sent again"
    );

    // Gone: the same, with its own words.
    std::fs::remove_file(&big).unwrap();
    let r = jobs::run_prepared(
        &client,
        &mut job.clone(),
        local,
        jobs::LocalImages::Inline,
        out.path(),
        |_| {},
    )
    .await;
    let why = r.expect_err("a vanished file fails the job").to_string();
    assert!(why.contains("could not be read again to send it"), "{why}");
    assert_eq!(s.creates().len(), 1, "nothing more was created");
    let n = broken(&s, 1);
    assert!(n <= 2, "not sent again: {n}");
}
