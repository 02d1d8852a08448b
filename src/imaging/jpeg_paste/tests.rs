use super::*;

/// A photo-like JPEG: gradients and fine detail, 4:2:0 (or greyscale), an odd size.
fn photo(w: u32, h: u32, grey: bool) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let ripple = ((x / 3 + y / 5) % 7 * 30) as u8;
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, ripple])
    });
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 85);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    if grey {
        let g = image::DynamicImage::ImageRgb8(img).to_luma8();
        enc.encode(
            g.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Luma,
        )
        .expect("encode");
    } else {
        enc.encode(
            img.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encode");
    }
    out
}

fn decoded(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory(bytes).expect("decodes").to_rgba8()
}

/// Every block of every component, as stored.
fn coefficients(bytes: &[u8]) -> Vec<Vec<Vec<[i16; 64]>>> {
    let mut r = Reader::new(bytes);
    let arrays = unsafe { j::jpeg_read_coefficients(&mut r.info) };
    (0..r.info.num_components as usize)
        .map(|ci| {
            let (_, _, w, h) = r.component(ci);
            (0..h)
                .map(|row| {
                    let p = r.block_row(arrays, ci, row, false);
                    (0..w as usize).map(|col| unsafe { *p.add(col) }).collect()
                })
                .collect()
        })
        .collect()
}

/// The base with a box painted over (what a composite is: the original outside the box).
fn edited(
    base: &image::RgbaImage,
    x: std::ops::Range<u32>,
    y: std::ops::Range<u32>,
) -> image::RgbaImage {
    let mut out = base.clone();
    for yy in y {
        for xx in x.clone() {
            out.put_pixel(xx, yy, image::Rgba([230, (xx * 3) as u8, 40, 255]));
        }
    }
    out
}

#[test]
fn blocks_outside_the_edit_are_the_originals_coefficients() {
    for grey in [false, true] {
        let original = photo(203, 141, grey);
        let base = decoded(&original);
        let composite = edited(&base, 40..75, 33..61);
        let pasted = paste(&original, &base, &composite).expect("pasted");
        let (mw, mh) = mcu_size(&original).expect("mcu");
        assert_eq!((mw, mh), if grey { (8, 8) } else { (16, 16) });
        // The box covers MCU columns 2..=4 and rows 2..=3 (16 px MCUs), or 5..=9 × 4..=7.
        let expect = if grey { 5 * 4 } else { 3 * 2 };
        assert_eq!(pasted.mcus_encoded, expect, "grey {grey}");
        assert_eq!(
            pasted.mcus,
            (203u32.div_ceil(mw) * 141u32.div_ceil(mh)) as usize
        );
        let (a, b) = (coefficients(&original), coefficients(&pasted.bytes));
        let mut differing = 0;
        for (ci, (ca, cb)) in a.iter().zip(&b).enumerate() {
            let (hs, vs) = if ci == 0 && !grey { (2, 2) } else { (1, 1) };
            for (row, (ra, rb)) in ca.iter().zip(cb).enumerate() {
                for (col, (ba, bb)) in ra.iter().zip(rb).enumerate() {
                    let (mc, mr) = (col as u32 / hs, row as u32 / vs);
                    let inside = if grey {
                        (5..=9).contains(&mc) && (4..=7).contains(&mr)
                    } else {
                        (2..=4).contains(&mc) && (2..=3).contains(&mr)
                    };
                    if inside {
                        differing += (ba != bb) as usize;
                    } else {
                        assert_eq!(ba, bb, "component {ci} block {col},{row} outside the edit");
                    }
                }
            }
        }
        assert!(differing > 0, "the edited blocks were encoded again");
        // Decoded, the file is the original outside the edited MCUs and one MCU around them
        // (chroma upsampling reaches one sample across a block edge), and the edit inside.
        let out = decoded(&pasted.bytes);
        let near = |x: u32, y: u32| {
            let (c, r) = (x / mw, y / mh);
            let (cs, rs) = if grey { (5..=9, 4..=7) } else { (2..=4, 2..=3) };
            c + 1 >= *cs.start() && c <= cs.end() + 1 && r + 1 >= *rs.start() && r <= rs.end() + 1
        };
        for (x, y, p) in out.enumerate_pixels() {
            if !near(x, y) {
                assert_eq!(p, base.get_pixel(x, y), "pixel {x},{y}");
            }
        }
        let inside: u64 = (45..70)
            .flat_map(|x| (38..56).map(move |y| (x, y)))
            .map(|(x, y)| {
                let (p, mut q) = (*out.get_pixel(x, y), *composite.get_pixel(x, y));
                if grey {
                    // A greyscale JPEG holds the edit's luma.
                    let l = 0.299 * q[0] as f32 + 0.587 * q[1] as f32 + 0.114 * q[2] as f32;
                    q = image::Rgba([l.round() as u8; 4]);
                }
                (0..3).map(|c| p[c].abs_diff(q[c]) as u64).sum::<u64>()
            })
            .sum::<u64>()
            / (25 * 18 * 3);
        assert!(
            inside < 12,
            "the box holds the edit (mean difference {inside})"
        );
        let (was, now) = (original.len() as f64, pasted.bytes.len() as f64);
        assert!(now < was * 1.2, "size {now} against the original's {was}");
    }
}

#[test]
fn nothing_changed_is_the_original_coefficients_everywhere() {
    let original = photo(96, 64, false);
    let base = decoded(&original);
    let pasted = paste(&original, &base, &base).expect("pasted");
    assert_eq!(pasted.mcus_encoded, 0);
    assert_eq!(coefficients(&original), coefficients(&pasted.bytes));
}

#[test]
fn what_libjpeg_refuses_is_refused_not_panicked() {
    let img = image::RgbaImage::new(16, 16);
    assert!(paste(b"not a jpeg at all", &img, &img).is_none());
    let mut cut = photo(64, 64, false);
    cut.truncate(cut.len() / 2);
    assert!(paste(&cut, &img, &img).is_none());
    // Another size than the file's: not this way.
    let original = photo(64, 48, false);
    assert!(paste(&original, &img, &img).is_none());
    assert!(encode_like(b"nope", &img).is_none());
    let whole = encode_like(&original, &decoded(&original)).expect("encoded");
    assert_eq!(decoded(&whole).dimensions(), (64, 48));
}
