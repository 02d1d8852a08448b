//! Property tests: arbitrary and damaged bytes are prepared or refused, never a panic.

use super::*;
use proptest::prelude::*;

fn spec() -> &'static ModelSpec {
    ModelSpec::find("wan2.7-image").unwrap()
}

/// A small real image in `fmt`.
fn sample(fmt: ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(320, 240, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x ^ y) % 256) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, fmt)
        .unwrap();
    out.into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary bytes, alone or behind a real format's signature: prepared or refused,
    /// never a panic.
    #[test]
    fn any_bytes_are_prepared_or_refused(
        prefix in prop_oneof![
            Just(vec![]),
            Just(b"\x89PNG\r\n\x1a\n".to_vec()),
            Just(vec![0xFF, 0xD8, 0xFF, 0xE0]),
            Just(b"RIFF\0\0\0\0WEBPVP8 ".to_vec()),
            Just(b"BM".to_vec()),
            Just(b"GIF89a".to_vec()),
        ],
        body in prop::collection::vec(any::<u8>(), 0..4096),
        preview in any::<bool>(),
    ) {
        let mut bytes = prefix;
        bytes.extend(body);
        let _ = prepare(&bytes, spec(), preview);
    }

    /// A real image cut short or with bytes changed: never a panic, and a cut one is
    /// never passed on as it is.
    #[test]
    fn damaged_real_images_are_refused_or_repaired(
        fmt in prop_oneof![Just(ImageFormat::Png), Just(ImageFormat::Jpeg), Just(ImageFormat::WebP), Just(ImageFormat::Bmp)],
        cut in 0.0f64..1.0,
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        preview in any::<bool>(),
    ) {
        let whole = sample(fmt);
        let mut bytes = whole[..((whole.len() as f64 * cut) as usize).max(1)].to_vec();
        for (i, b) in flips {
            let at = i.index(bytes.len());
            bytes[at] = b;
        }
        if let Ok(p) = prepare(&bytes, spec(), preview)
            && p.bytes.is_none()
            && bytes.len() < whole.len()
        {
            // Sent as it is: it must at least be complete.
            prop_assert!(fmt != ImageFormat::Jpeg || jpeg_is_complete(&bytes));
            prop_assert!(fmt != ImageFormat::Png || png_is_complete(&bytes));
        }
    }
}

#[test]
fn cut_files_are_refused_and_whole_ones_pass() {
    for fmt in [
        ImageFormat::Png,
        ImageFormat::Jpeg,
        ImageFormat::WebP,
        ImageFormat::Bmp,
    ] {
        let whole = sample(fmt);
        for preview in [false, true] {
            assert!(prepare(&whole, spec(), preview).is_ok(), "{fmt:?}");
            let cut = &whole[..whole.len() * 3 / 4];
            assert!(
                matches!(prepare(cut, spec(), preview), Err(Refusal::Damaged(_))),
                "{fmt:?} cut, preview {preview}"
            );
        }
    }
    // Bytes after a JPEG's end are allowed (some cameras append data).
    let mut j = sample(ImageFormat::Jpeg);
    j.extend_from_slice(b"trailing maker data");
    assert!(jpeg_is_complete(&j));
}
