//! A before/after sheet for client review: the target and the result side by side at one
//! height, each box outlined and numbered on both, "BEFORE" and "AFTER" above them.
//! Pure pixels (a small built-in bitmap font for the labels): no window needed.

use image::{Rgba, RgbaImage};

/// Box 1 and box 2, the colours the window draws them in (amber, cyan).
pub const BOX_RGB: [[u8; 3]; 2] = [[255, 190, 40], [60, 200, 255]];
const PAPER: Rgba<u8> = Rgba([245, 245, 242, 255]);
const INK: Rgba<u8> = Rgba([30, 30, 30, 255]);

/// 5×7 glyphs, one row per byte (the low five bits, left to right).
fn glyph(c: char) -> [u8; 7] {
    match c {
        'A' => [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'B' => [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        _ => [0; 7],
    }
}

/// Writes `text` with its top-left at (x, y), each font pixel `scale` pixels.
pub fn draw_text(img: &mut RgbaImage, text: &str, x: u32, y: u32, scale: u32, colour: Rgba<u8>) {
    for (i, c) in text.chars().enumerate() {
        let g = glyph(c.to_ascii_uppercase());
        let gx = x + i as u32 * 6 * scale;
        for (row, bits) in g.iter().enumerate() {
            for col in 0..5 {
                if bits & (0x10 >> col) == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let (px, py) = (gx + col * scale + dx, y + row as u32 * scale + dy);
                        if px < img.width() && py < img.height() {
                            img.put_pixel(px, py, colour);
                        }
                    }
                }
            }
        }
    }
}

/// An outline `width` px wide just outside `[x1, y1, x2, y2]`, clipped to the image.
fn outline(img: &mut RgbaImage, r: [f32; 4], width: u32, colour: Rgba<u8>) {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let (x1, y1) = (r[0].floor() as i64, r[1].floor() as i64);
    let (x2, y2) = (r[2].ceil() as i64, r[3].ceil() as i64);
    let k = width as i64;
    for y in (y1 - k)..(y2 + k) {
        for x in (x1 - k)..(x2 + k) {
            let inside = x >= x1 && x < x2 && y >= y1 && y < y2;
            if !inside && x >= 0 && y >= 0 && x < w && y < h {
                img.put_pixel(x as u32, y as u32, colour);
            }
        }
    }
}

/// The sheet: `before` and `after` scaled to one height (at most `max_height`), with the boxes
/// (`[x1, y1, x2, y2]` in each image's own pixels) outlined and numbered on each.
pub fn before_after(
    before: &RgbaImage,
    before_boxes: &[[f32; 4]],
    after: &RgbaImage,
    after_boxes: &[[f32; 4]],
    max_height: u32,
) -> RgbaImage {
    let height = max_height.min(before.height().max(after.height())).max(64);
    let scaled = |img: &RgbaImage| {
        let w = ((img.width() as f64 * height as f64 / img.height() as f64).round() as u32).max(1);
        (
            super::resize::resize_rgba(img, w, height),
            w as f32 / img.width() as f32,
        )
    };
    let (b, kb) = scaled(before);
    let (a, ka) = scaled(after);
    let scale = (height / 300).clamp(2, 8);
    let gap = 12 * scale;
    let header = 7 * scale + 2 * gap;
    let mut sheet = RgbaImage::from_pixel(
        b.width() + a.width() + 3 * gap,
        height + header + gap,
        PAPER,
    );
    let places = [
        (gap, &b, before_boxes, kb, "BEFORE"),
        (2 * gap + b.width(), &a, after_boxes, ka, "AFTER"),
    ];
    for (x0, img, boxes, k, label) in places {
        image::imageops::overlay(&mut sheet, img, x0 as i64, header as i64);
        draw_text(&mut sheet, label, x0, gap, scale, INK);
        for (i, r) in boxes.iter().enumerate() {
            let c = BOX_RGB[i % 2];
            let colour = Rgba([c[0], c[1], c[2], 255]);
            let placed = [
                r[0] * k + x0 as f32,
                r[1] * k + header as f32,
                r[2] * k + x0 as f32,
                r[3] * k + header as f32,
            ];
            outline(&mut sheet, placed, scale.div_ceil(2), colour);
            // The number on a plate of the box's colour, at its top-left corner.
            let (tx, ty) = (
                placed[0].max(0.0) as u32,
                (placed[1].max(0.0) as u32).saturating_sub(9 * scale),
            );
            let ty = ty.max(header);
            for y in ty..(ty + 9 * scale).min(sheet.height()) {
                for x in tx..(tx + 7 * scale).min(sheet.width()) {
                    sheet.put_pixel(x, y, colour);
                }
            }
            draw_text(
                &mut sheet,
                &(i + 1).to_string(),
                tx + scale,
                ty + scale,
                scale,
                INK,
            );
        }
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_holds_both_sides_their_labels_and_boxes() {
        let before = RgbaImage::from_pixel(600, 400, Rgba([0, 0, 255, 255]));
        let after = RgbaImage::from_pixel(1200, 800, Rgba([0, 255, 0, 255]));
        let sheet = before_after(
            &before,
            &[[100.0, 100.0, 300.0, 300.0]],
            &after,
            &[[200.0, 200.0, 600.0, 600.0]],
            400,
        );
        let count = |c: [u8; 3]| sheet.pixels().filter(|p| p.0[..3] == c).count();
        // Both pictures at 400 px high: 600 + 600 wide, less the outlines drawn over them.
        assert!(count([0, 0, 255]) > 600 * 400 * 9 / 10);
        assert!(count([0, 255, 0]) > 600 * 400 * 9 / 10);
        // Box 1's colour on both sides, and ink for the labels.
        assert!(count(BOX_RGB[0]) > 2 * 4 * 200);
        assert!(count([30, 30, 30]) > 100);
        // The labels sit above the pictures, on paper.
        let ink_rows: Vec<u32> = sheet
            .enumerate_pixels()
            .filter(|(_, _, p)| p.0[..3] == [30, 30, 30])
            .map(|(_, y, _)| y)
            .collect();
        assert!(ink_rows.iter().any(|&y| y < 40));
    }
}
