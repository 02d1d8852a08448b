//! A large photo-like test picture for detail mode: texture at several scales (something to
//! line a result up with) and, in one box, vertical stripes 2 pixels wide (dark, light, dark…)
//! that only an edit at the photo's own resolution keeps. Shared by the detail test and its
//! benchmark (`examples/bench_detail.rs`).

/// The stripe's value at `x`, `y` inside the box `(x1, y1, x2, y2)`, `None` outside it.
pub fn stripe(x: u32, y: u32, b: (u32, u32, u32, u32)) -> Option<u8> {
    let inside = x >= b.0 && x < b.2 && y >= b.1 && y < b.3;
    inside.then_some(if (x / 2).is_multiple_of(2) { 30 } else { 220 })
}

pub fn photo(width: u32, height: u32, b: (u32, u32, u32, u32)) -> image::RgbImage {
    photo_with(width, height, &[b])
}

/// [`photo`] with stripes in each of `boxes`.
pub fn photo_with(width: u32, height: u32, boxes: &[(u32, u32, u32, u32)]) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        if let Some(v) = boxes.iter().find_map(|b| stripe(x, y, *b)) {
            return image::Rgb([v; 3]);
        }
        let a = ((x / 97 + y / 61) % 2) * 60;
        let c = ((x / 31) ^ (y / 29)) % 3 * 30;
        let d = ((x * 3 + y * 5) / 7) % 5 * 8;
        let v = (40 + a + c + d) as u8;
        image::Rgb([v, v.saturating_add(20), 200 - v / 2])
    })
}
