use super::*;

#[path = "../../../tests/it/support/exif.rs"]
mod exif;

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn read(tiff: &[u8]) -> Tiff {
    Tiff {
        b: tiff.to_vec(),
        le: true,
        used: 0,
    }
}

/// The value field of `tag` in the directory at `at`.
fn value(t: &Tiff, at: usize, tag: u16) -> Option<u32> {
    t.entries(at)?.into_iter().find(|e| e.1 == tag).map(|e| e.4)
}

#[test]
fn the_composites_exif_is_upright_its_size_and_without_the_old_thumbnail() {
    let thumb = b"\xFF\xD8 a stale thumbnail of the old picture \xFF\xD9";
    let tiff = exif::camera_exif(6, "Ada Lovelace", "(c) 2026 Ada", (6000, 4000), thumb);
    let out = exif_for_composite(&tiff, (4000, 6000), false).expect("readable");
    let t = read(&out);
    let ifd0 = t.u32(4).expect("ifd0") as usize;
    assert_eq!(value(&t, ifd0, ORIENTATION), Some(1));
    let exif_at = value(&t, ifd0, EXIF_IFD).expect("exif ifd") as usize;
    assert_eq!(value(&t, exif_at, PIXEL_X), Some(4000));
    assert_eq!(value(&t, exif_at, PIXEL_Y), Some(6000));
    // No IFD1, and the thumbnail's bytes are gone (cut off: it was last).
    let n = t.entries(ifd0).expect("ifd0").len();
    assert_eq!(t.u32(ifd0 + 2 + n * 12), Some(0));
    assert!(!find(&out, b"stale thumbnail"));
    assert!(out.len() < tiff.len());
    // Everything else as it was: artist, copyright, the GPS position (kept unless asked).
    assert!(find(&out, b"Ada Lovelace\0"));
    assert!(find(&out, b"(c) 2026 Ada\0"));
    assert!(find(&out, &exif::latitude_bytes()));
}

#[test]
fn gps_is_emptied_and_its_values_zeroed_when_asked() {
    let tiff = exif::camera_exif(1, "Ada", "Ada", (100, 80), b"thumb");
    let out = exif_for_composite(&tiff, (100, 80), true).expect("readable");
    assert!(
        !find(&out, &exif::latitude_bytes()),
        "no latitude left in the bytes"
    );
    let t = read(&out);
    let ifd0 = t.u32(4).expect("ifd0") as usize;
    let gps = value(&t, ifd0, GPS_IFD).expect("gps ifd") as usize;
    assert_eq!(t.u16(gps), Some(0), "an empty GPS directory");
    assert!(find(&out, b"Ada\0"));
}

#[test]
fn damaged_exif_goes_without_a_panic() {
    assert!(exif_for_composite(b"", (1, 1), true).is_none());
    assert!(exif_for_composite(b"II\x2a\x00\xff\xff\xff\x7f", (1, 1), true).is_none());
    let tiff = exif::camera_exif(1, "Ada", "Ada", (100, 80), b"thumb");
    for cut in [10, 40, 80, tiff.len() - 3] {
        let _ = exif_for_composite(&tiff[..cut], (1, 1), true);
    }
}

#[test]
fn xmp_orientation_is_set_upright() {
    let x = r#"<rdf:Description tiff:Orientation="6"/><tiff:Orientation>8</tiff:Orientation>"#;
    assert_eq!(
        upright_xmp(x),
        r#"<rdf:Description tiff:Orientation="1"/><tiff:Orientation>1</tiff:Orientation>"#
    );
}
