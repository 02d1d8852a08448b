//! A camera-like EXIF block (a little-endian TIFF structure), written byte by byte so tests
//! know exactly what is in it: orientation, artist, copyright, pixel dimensions, a GPS
//! position and a thumbnail in IFD1, laid out as cameras do (the thumbnail last).

/// The GPS latitude written (35° 39′ 29.1″), as its three RATIONALs' bytes.
pub fn latitude_bytes() -> Vec<u8> {
    [(35u32, 1u32), (39, 1), (291, 10)]
        .iter()
        .flat_map(|(n, d)| n.to_le_bytes().into_iter().chain(d.to_le_bytes()))
        .collect()
}

pub fn camera_exif(
    orientation: u16,
    artist: &str,
    copyright: &str,
    dims: (u32, u32),
    thumb: &[u8],
) -> Vec<u8> {
    let artist = format!("{artist}\0").into_bytes();
    let copyright = format!("{copyright}\0").into_bytes();
    let ifd = |n: usize| 2 + n * 12 + 4;
    // Offsets, in the order the parts are written.
    let ifd0 = 8;
    let artist_at = ifd0 + ifd(5);
    let copyright_at = artist_at + artist.len();
    let exif_at = copyright_at + copyright.len();
    let gps_at = exif_at + ifd(2);
    let lat_at = gps_at + ifd(2);
    let ifd1 = lat_at + 24;
    let thumb_at = ifd1 + ifd(2);
    let mut b = b"II\x2a\x00".to_vec();
    b.extend((ifd0 as u32).to_le_bytes());
    let entry = |b: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        b.extend(tag.to_le_bytes());
        b.extend(kind.to_le_bytes());
        b.extend(count.to_le_bytes());
        b.extend(value);
    };
    let long = |v: usize| (v as u32).to_le_bytes();
    let short = |v: u16| {
        let s = v.to_le_bytes();
        [s[0], s[1], 0, 0]
    };
    b.extend(5u16.to_le_bytes());
    entry(&mut b, 0x0112, 3, 1, short(orientation));
    entry(&mut b, 0x013B, 2, artist.len() as u32, long(artist_at));
    entry(
        &mut b,
        0x8298,
        2,
        copyright.len() as u32,
        long(copyright_at),
    );
    entry(&mut b, 0x8769, 4, 1, long(exif_at));
    entry(&mut b, 0x8825, 4, 1, long(gps_at));
    b.extend(long(ifd1));
    b.extend(&artist);
    b.extend(&copyright);
    assert_eq!(b.len(), exif_at);
    b.extend(2u16.to_le_bytes());
    entry(&mut b, 0xA002, 4, 1, long(dims.0 as usize));
    entry(&mut b, 0xA003, 4, 1, long(dims.1 as usize));
    b.extend([0; 4]);
    assert_eq!(b.len(), gps_at);
    b.extend(2u16.to_le_bytes());
    entry(&mut b, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut b, 0x0002, 5, 3, long(lat_at));
    b.extend([0; 4]);
    b.extend(latitude_bytes());
    assert_eq!(b.len(), ifd1);
    b.extend(2u16.to_le_bytes());
    entry(&mut b, 0x0201, 4, 1, long(thumb_at));
    entry(&mut b, 0x0202, 4, 1, long(thumb.len()));
    b.extend([0; 4]);
    b.extend(thumb);
    b
}
