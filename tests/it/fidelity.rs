//! Fidelity of the round trip, whole jobs against the realistic stand-in: what is sent is sRGB
//! with no metadata; the composite is the target's own file outside the edit (its colour
//! profile, EXIF, XMP and IPTC, its file type, its JPEG blocks, its 16 bits), labelled as
//! AI-modified.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::{ImageEXIF, ImageICC};
use wanedit::api::job::BBox;
use wanedit::imaging::colour;

use crate::support::exif::{camera_exif, latitude_bytes};
use crate::support::standin::{Config, StandIn};
use crate::support::{Edited, edit_image, photo};

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

const RIGHTS_XMP: &str = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
    <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
    xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" \
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\" \
    tiff:Orientation=\"1\"><dc:rights>Rights: Ada Lovelace Studio</dc:rights>\
    </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";

/// rocket.jpg (Adobe RGB 1998) as a camera writes it: EXIF with artist, copyright, a GPS
/// position and a thumbnail; XMP with rights; Photoshop IPTC.
fn camera_jpeg(dir: &Path) -> (PathBuf, Vec<u8>) {
    let original = std::fs::read(photo("rocket.jpg")).unwrap();
    let mut j = Jpeg::from_bytes(Bytes::from(original)).unwrap();
    j.set_exif(Some(Bytes::from(camera_exif(
        1,
        "Ada Lovelace",
        "(c) 2026 Ada Lovelace",
        (640, 427),
        b"\xFF\xD8old thumbnail\xFF\xD9",
    ))));
    wanedit::imaging::metadata::set_jpeg_xmp(&mut j, RIGHTS_XMP);
    let iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x50\x00\x07By-line";
    let at = j.segments().len().min(3);
    j.segments_mut().insert(
        at,
        img_parts::jpeg::JpegSegment::new_with_contents(0xED, Bytes::from_static(iptc)),
    );
    let bytes = j.encoder().bytes().to_vec();
    let path = dir.join("camera.jpg");
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

/// `wanedit edit` with one image and one box at 1K against the stand-in: what it wrote
/// (composite first, then the raw result) and said.
fn edit_one(s: &StandIn, image: &Path, b: BBox, extra: &[&str]) -> Edited {
    let bx = format!("1:{},{},{},{}", b.x1, b.y1, b.x2, b.y2);
    let mut args = vec!["--box", &bx, "--prompt", "make box 1 glow", "--size", "1K"];
    args.extend_from_slice(extra);
    let e = edit_image(s, image, &args);
    assert_eq!(e.files.len(), 2, "{:?}\n{}", e.files, e.stderr);
    e
}

/// The image the stand-in received last (inline, as a data URI).
fn received(s: &StandIn) -> Vec<u8> {
    use base64::Engine;
    let gens = s.requests_to("/generation");
    let body = gens.last().unwrap().json.as_ref().unwrap().to_string();
    let uri = body
        .split(";base64,")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("an inline image");
    base64::engine::general_purpose::STANDARD
        .decode(uri)
        .unwrap()
}

fn rgba(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory(bytes).unwrap().to_rgba8()
}

fn mean_difference(a: &image::RgbaImage, b: &image::RgbaImage) -> f64 {
    let sum: u64 = a
        .pixels()
        .zip(b.pixels())
        .map(|(p, q)| (0..3).map(|c| p[c].abs_diff(q[c]) as u64).sum::<u64>())
        .sum();
    sum as f64 / (a.width() * a.height() * 3) as f64
}

/// Whether a pixel is at least `reach` from the box on either axis' side.
fn far_from(x: u32, y: u32, b: BBox, reach: u32) -> bool {
    x + reach < b.x1 || x >= b.x2 + reach || y + reach < b.y1 || y >= b.y2 + reach
}

/// The camera JPEG edited in one box against the realistic stand-in with `extra` arguments:
/// the stand-in (it holds what it received), the original's bytes, the box, the outcome.
fn camera_edit(extra: &[&str]) -> (StandIn, Vec<u8>, BBox, Edited) {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let (path, original) = camera_jpeg(dir.path());
    let b = BBox::new(200, 120, 360, 260);
    let edited = edit_one(&s, &path, b, extra);
    (s, original, b, edited)
}

#[test]
fn an_adobe_rgb_camera_jpeg_is_sent_as_srgb_and_comes_back_a_lossless_jpeg_with_its_metadata() {
    let (s, original, b, edited) = camera_edit(&[]);
    let (files, stderr) = (&edited.files, &edited.stderr);

    // Sent: sRGB pixels, no profile, no EXIF, XMP or IPTC.
    let sent = received(&s);
    assert_eq!(colour::icc_in(&sent, image::ImageFormat::Jpeg), None);
    let text = String::from_utf8_lossy(&sent);
    for private in ["Ada Lovelace", "Exif", "Photoshop 3.0", "dc:rights"] {
        assert!(!text.contains(private), "{private} was sent");
    }
    assert!(!find(&sent, &latitude_bytes()));
    let adobe = colour::foreign_in(&original, image::ImageFormat::Jpeg).expect("Adobe RGB");
    assert!(adobe.name.contains("Adobe RGB"), "{}", adobe.name);
    let mut srgb = rgba(&original);
    colour::to_srgb(&mut srgb, &adobe).unwrap();
    let (as_srgb, as_is) = (
        mean_difference(&rgba(&sent), &srgb),
        mean_difference(&rgba(&sent), &rgba(&original)),
    );
    assert!(
        as_srgb < 3.5 && as_srgb * 2.0 < as_is,
        "the pixels sent are the photo in sRGB ({as_srgb:.2} from it, {as_is:.2} from its Adobe RGB numbers)"
    );
    assert!(stderr.contains("sRGB"), "the conversion is said: {stderr}");

    // The composite: a JPEG, the original's profile, EXIF, XMP and IPTC, labelled.
    let composite_path = &files[0];
    assert_eq!(composite_path.extension().unwrap(), "jpg", "{files:?}");
    assert!(files[1].to_string_lossy().contains(".raw."), "{files:?}");
    let written = std::fs::read(composite_path).unwrap();
    let j = Jpeg::from_bytes(Bytes::from(written.clone())).unwrap();
    assert_eq!(
        j.icc_profile().map(|p| p.to_vec()),
        colour::icc_in(&original, image::ImageFormat::Jpeg),
        "the Adobe RGB profile is carried"
    );
    let exif = j.exif().expect("EXIF carried").to_vec();
    assert!(find(&exif, b"Ada Lovelace\0") && find(&exif, b"(c) 2026 Ada Lovelace\0"));
    assert!(
        find(&exif, &latitude_bytes()),
        "the location is kept unless asked"
    );
    assert!(
        !find(&exif, b"old thumbnail"),
        "the stale thumbnail is dropped"
    );
    let text = String::from_utf8_lossy(&written);
    assert!(text.contains("Rights: Ada Lovelace Studio"), "XMP carried");
    assert!(text.contains(wanedit::imaging::metadata::COMPOSITE_SOURCE_TYPE));
    assert!(text.contains("Photoshop 3.0"), "IPTC carried");
    let label = wanedit::imaging::metadata::service_aigc(&written).expect("the AIGC label");
    assert_eq!(label["ContentPropagator"], "wanedit");

    // Decoded, it is the original outside the blocks the edit touched (box + feather 4, each
    // MCU it reaches, and the next one for chroma smoothing): the same numbers, so any colour-
    // managed conversion of it is the original's too.
    let (mw, mh) = wanedit::imaging::jpeg_paste::mcu_size(&original).unwrap();
    let reach = 4 + 2 * mw.max(mh);
    let (was, now) = (rgba(&original), rgba(&written));
    assert_eq!(was.dimensions(), now.dimensions());
    let mut outside = 0;
    for (x, y, p) in now.enumerate_pixels() {
        if far_from(x, y, b, reach) {
            assert_eq!(p, was.get_pixel(x, y), "at {x},{y}");
            outside += 1;
        }
    }
    assert!(outside > was.width() * was.height() / 2);
    // As a colour-managed viewer shows them (both converted to sRGB by their profile): equal.
    let seen = |f: &[u8]| colour::on_screen(f, image::load_from_memory(f).unwrap()).to_rgba8();
    let (was_seen, now_seen) = (seen(&original), seen(&written));
    assert_ne!(was_seen, was, "shown converted from Adobe RGB");
    for (x, y, p) in now_seen.enumerate_pixels() {
        if far_from(x, y, b, reach) {
            assert_eq!(p, was_seen.get_pixel(x, y), "seen at {x},{y}");
        }
    }
    // Inside, the stand-in's edit (it inverts the box) came through.
    let (p, q) = (now.get_pixel(280, 190), was.get_pixel(280, 190));
    assert!(
        (0..3).map(|c| p[c].abs_diff(q[c]) as u32).sum::<u32>() > 60,
        "{p:?} against {q:?}"
    );
    // About the original's size, not a PNG six times larger.
    assert!(
        (written.len() as f64) < original.len() as f64 * 1.3,
        "{} bytes from {}",
        written.len(),
        original.len()
    );
}

#[test]
fn the_location_is_left_out_when_asked_and_png_is_given_when_asked() {
    let (_s, original, b, edited) = camera_edit(&["--strip-location", "--format", "png"]);
    let files = &edited.files;
    assert_eq!(files[0].extension().unwrap(), "png", "{files:?}");
    let written = std::fs::read(&files[0]).unwrap();
    let p = Png::from_bytes(Bytes::from(written.clone())).unwrap();
    let exif = p.exif().expect("EXIF carried").to_vec();
    assert!(!find(&exif, &latitude_bytes()), "no GPS position left");
    assert!(find(&exif, b"Ada Lovelace\0"));
    assert_eq!(
        p.icc_profile().map(|p| p.to_vec()),
        colour::icc_in(&original, image::ImageFormat::Jpeg)
    );
    // A PNG is lossless: outside box + feather, the original's decoded numbers exactly.
    let (was, now) = (rgba(&original), rgba(&written));
    for (x, y, q) in now.enumerate_pixels() {
        if far_from(x, y, b, 5) {
            assert_eq!(q, was.get_pixel(x, y), "at {x},{y}");
        }
    }
}

/// coffee.png tagged as Display P3 (every recent phone's colour space), with EXIF.
fn p3_png(dir: &Path) -> (PathBuf, Vec<u8>, Vec<u8>) {
    let icc = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let mut p = Png::from_bytes(Bytes::from(std::fs::read(photo("coffee.png")).unwrap())).unwrap();
    p.set_icc_profile(Some(Bytes::from(icc.clone())));
    // A phone's EXIF (eXIf): artist, copyright, a GPS position.
    p.set_exif(Some(Bytes::from(camera_exif(
        1,
        "Grace Hopper",
        "(c) 2026 Grace Hopper",
        (600, 400),
        b"thumb",
    ))));
    let bytes = p.encoder().bytes().to_vec();
    let path = dir.join("phone.png");
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes, icc)
}

#[test]
fn a_display_p3_png_is_sent_converted_and_its_composite_keeps_p3_and_the_originals_numbers() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let (path, original, icc) = p3_png(dir.path());
    let b = BBox::new(180, 60, 420, 330);
    let edited = edit_one(&s, &path, b, &[]);
    let files = &edited.files;
    let sent = received(&s);
    assert_eq!(colour::icc_in(&sent, image::ImageFormat::Png), None);
    let p3 = colour::foreign(&icc).expect("P3 is not sRGB");
    let mut srgb = rgba(&original);
    colour::to_srgb(&mut srgb, &p3).unwrap();
    assert_eq!(
        rgba(&sent),
        srgb,
        "a PNG is sent losslessly: exactly the sRGB conversion"
    );

    assert_eq!(files[0].extension().unwrap(), "png");
    let written = std::fs::read(&files[0]).unwrap();
    let p = Png::from_bytes(Bytes::from(written.clone())).unwrap();
    assert_eq!(p.icc_profile().map(|p| p.to_vec()), Some(icc));
    // Sent without its EXIF; the composite keeps artist and copyright, and is labelled.
    assert!(!find(&sent, b"Grace Hopper") && !find(&sent, &latitude_bytes()));
    let exif = p.exif().expect("EXIF carried").to_vec();
    assert!(find(&exif, b"Grace Hopper\0") && find(&exif, b"(c) 2026 Grace Hopper\0"));
    let label = wanedit::imaging::metadata::service_aigc(&written).expect("the AIGC label");
    assert_eq!(label["ContentPropagator"], "wanedit");
    let (was, now) = (rgba(&original), rgba(&written));
    let mut inside_close = 0u32;
    for (x, y, q) in now.enumerate_pixels() {
        if far_from(x, y, b, 5) {
            assert_eq!(q, was.get_pixel(x, y), "at {x},{y}");
        }
    }
    // Inside, the result was brought back into P3: the stand-in inverts the box it received
    // (in sRGB), so in sRGB the composite's box is about 255 minus what was sent.
    let mut shown = now.clone();
    colour::to_srgb(&mut shown, &p3).unwrap();
    for y in (b.y1 + 20..b.y2 - 20).step_by(7) {
        for x in (b.x1 + 20..b.x2 - 20).step_by(7) {
            let (c, s) = (shown.get_pixel(x, y), srgb.get_pixel(x, y));
            let off: i32 = (0..3)
                .map(|k| (c[k] as i32 - (255 - s[k] as i32)).abs())
                .sum();
            inside_close += (off < 45) as u32;
        }
    }
    let total = ((b.y2 - b.y1 - 40).div_ceil(7) * (b.x2 - b.x1 - 40).div_ceil(7)) as f64;
    assert!(
        inside_close as f64 > total * 0.8,
        "{inside_close} of {total} box samples look as the result does"
    );
}

#[test]
fn a_16_bit_png_keeps_its_16_bits_outside_the_box() {
    let s = StandIn::start(Config {
        realistic: true,
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let coffee = image::open(photo("coffee.png")).unwrap().to_rgb8();
    // Low bytes an 8-bit copy cannot hold.
    let wide = image::ImageBuffer::<image::Rgb<u16>, Vec<u16>>::from_fn(600, 400, |x, y| {
        let p = coffee.get_pixel(x, y);
        image::Rgb(p.0.map(|v| v as u16 * 256 + ((x * 7 + y * 3) % 256) as u16))
    });
    let path = dir.path().join("scan16.png");
    image::DynamicImage::ImageRgb16(wide.clone())
        .save(&path)
        .unwrap();
    let b = BBox::new(180, 60, 420, 330);
    let edited = edit_one(&s, &path, b, &[]);
    let files = &edited.files;
    let now = image::open(&files[0]).unwrap();
    assert_eq!(now.color(), image::ColorType::Rgb16, "{files:?}");
    let now = now.to_rgb16();
    for (x, y, q) in now.enumerate_pixels() {
        if far_from(x, y, b, 5) {
            assert_eq!(q, wide.get_pixel(x, y), "at {x},{y}");
        }
    }
    let changed = now
        .enumerate_pixels()
        .filter(|(x, y, q)| *q != wide.get_pixel(*x, *y))
        .count();
    assert!(changed > 20_000, "the box was edited ({changed} pixels)");
}
