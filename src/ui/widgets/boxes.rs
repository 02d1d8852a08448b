//! Box editing in image pixels, free of any screen transform: hit-testing, drawing, moving,
//! resizing, nudging, clamping. The canvas converts pointer positions to image pixels and calls
//! these; tests call them directly.

use crate::api::job::BBox;

/// Where on a box the pointer grabbed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grip {
    Move,
    N,
    S,
    E,
    W,
    NE,
    NW,
    SE,
    SW,
}

impl Grip {
    /// Every resize handle, for drawing.
    pub const HANDLES: [Grip; 8] = [
        Grip::NW,
        Grip::N,
        Grip::NE,
        Grip::E,
        Grip::SE,
        Grip::S,
        Grip::SW,
        Grip::W,
    ];

    /// The handle's position on a box, in image pixels.
    pub fn position(self, b: &BBox) -> (f32, f32) {
        let (x1, y1, x2, y2) = (b.x1 as f32, b.y1 as f32, b.x2 as f32, b.y2 as f32);
        let (cx, cy) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        match self {
            Grip::NW => (x1, y1),
            Grip::N => (cx, y1),
            Grip::NE => (x2, y1),
            Grip::E => (x2, cy),
            Grip::SE => (x2, y2),
            Grip::S => (cx, y2),
            Grip::SW => (x1, y2),
            Grip::W => (x1, cy),
            Grip::Move => (cx, cy),
        }
    }
}

/// The box and grip under a point (image pixels), topmost (last drawn) first. `tolerance` is
/// the handle radius in image pixels (the canvas converts its screen radius by the zoom).
pub fn hit(boxes: &[BBox], x: f32, y: f32, tolerance: f32) -> Option<(usize, Grip)> {
    for (i, b) in boxes.iter().enumerate().rev() {
        for g in Grip::HANDLES {
            let (hx, hy) = g.position(b);
            if (hx - x).abs() <= tolerance && (hy - y).abs() <= tolerance {
                return Some((i, g));
            }
        }
    }
    for (i, b) in boxes.iter().enumerate().rev() {
        if x >= b.x1 as f32 && x <= b.x2 as f32 && y >= b.y1 as f32 && y <= b.y2 as f32 {
            return Some((i, Grip::Move));
        }
    }
    None
}

/// A box from two corners in any order, rounded to whole pixels and clamped to the image.
pub fn from_corners(a: (f32, f32), b: (f32, f32), w: u32, h: u32) -> BBox {
    let cx = |v: f32| v.round().clamp(0.0, w as f32) as u32;
    let cy = |v: f32| v.round().clamp(0.0, h as f32) as u32;
    let (x1, x2) = (cx(a.0.min(b.0)), cx(a.0.max(b.0)));
    let (y1, y2) = (cy(a.1.min(b.1)), cy(a.1.max(b.1)));
    BBox { x1, y1, x2, y2 }
}

/// Whether a drawn box is big enough to keep (a click is not a box).
pub fn is_meaningful(b: &BBox) -> bool {
    b.x2 >= b.x1 + 2 && b.y2 >= b.y1 + 2
}

/// Applies a drag of (dx, dy) image pixels to `start` with `grip`, clamped to a w×h image.
/// Moving keeps the size; resizing past the opposite edge flips the box.
pub fn drag(start: BBox, grip: Grip, dx: f32, dy: f32, w: u32, h: u32) -> BBox {
    let (x1, y1, x2, y2) = (
        start.x1 as f32,
        start.y1 as f32,
        start.x2 as f32,
        start.y2 as f32,
    );
    if grip == Grip::Move {
        let bw = x2 - x1;
        let bh = y2 - y1;
        let nx = (x1 + dx).round().clamp(0.0, w as f32 - bw);
        let ny = (y1 + dy).round().clamp(0.0, h as f32 - bh);
        return BBox {
            x1: nx as u32,
            y1: ny as u32,
            x2: (nx + bw) as u32,
            y2: (ny + bh) as u32,
        };
    }
    let (mut a, mut b) = ((x1, y1), (x2, y2));
    match grip {
        Grip::N => a.1 += dy,
        Grip::S => b.1 += dy,
        Grip::W => a.0 += dx,
        Grip::E => b.0 += dx,
        Grip::NW => {
            a.0 += dx;
            a.1 += dy
        }
        Grip::NE => {
            b.0 += dx;
            a.1 += dy
        }
        Grip::SW => {
            a.0 += dx;
            b.1 += dy
        }
        Grip::SE => {
            b.0 += dx;
            b.1 += dy
        }
        Grip::Move => {}
    }
    from_corners(a, b, w, h)
}

/// As [`drag`], keeping `start`'s aspect ratio (Shift held on a handle): a corner follows
/// the larger of the two moves, the other side follows; an edge handle grows the box about the
/// middle of the other side. Moving is moving.
pub fn drag_keeping_aspect(start: BBox, grip: Grip, dx: f32, dy: f32, w: u32, h: u32) -> BBox {
    let (bw, bh) = (
        (start.x2 - start.x1).max(1) as f32,
        (start.y2 - start.y1).max(1) as f32,
    );
    let ratio = bw / bh;
    let (x1, y1, x2, y2) = (
        start.x1 as f32,
        start.y1 as f32,
        start.x2 as f32,
        start.y2 as f32,
    );
    // The new width from the pointer's move, signed as the grip grows the box.
    let grow_w = match grip {
        Grip::E | Grip::NE | Grip::SE => dx,
        Grip::W | Grip::NW | Grip::SW => -dx,
        _ => 0.0,
    };
    let grow_h = match grip {
        Grip::S | Grip::SE | Grip::SW => dy,
        Grip::N | Grip::NE | Grip::NW => -dy,
        _ => 0.0,
    };
    let (nw, nh) = match grip {
        Grip::Move => return drag(start, grip, dx, dy, w, h),
        Grip::E | Grip::W => ((bw + grow_w).max(2.0), (bw + grow_w).max(2.0) / ratio),
        Grip::N | Grip::S => ((bh + grow_h).max(2.0) * ratio, (bh + grow_h).max(2.0)),
        _ if grow_w.abs() * bh >= grow_h.abs() * bw => {
            ((bw + grow_w).max(2.0), (bw + grow_w).max(2.0) / ratio)
        }
        _ => ((bh + grow_h).max(2.0) * ratio, (bh + grow_h).max(2.0)),
    };
    // The fixed point: the opposite corner, or the middle of the opposite side.
    let (cx, cy) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
    let (ax, ay) = match grip {
        Grip::SE => (x1, y1),
        Grip::NW => (x2, y2),
        Grip::NE => (x1, y2),
        Grip::SW => (x2, y1),
        Grip::E => (x1, cy - nh / 2.0),
        Grip::W => (x2 - nw, cy - nh / 2.0),
        Grip::S => (cx - nw / 2.0, y1),
        _ => (cx - nw / 2.0, y2 - nh),
    };
    let (left, top) = match grip {
        Grip::NW => (ax - nw, ay - nh),
        Grip::NE => (ax, ay - nh),
        Grip::SW => (ax - nw, ay),
        _ => (ax, ay),
    };
    // Kept whole inside the image: a box that would leave it stops growing there, ratio kept.
    let fit = [
        1.0f32,
        if left < 0.0 { (nw + left) / nw } else { 1.0 },
        if top < 0.0 { (nh + top) / nh } else { 1.0 },
        if left + nw > w as f32 {
            (w as f32 - left) / nw
        } else {
            1.0
        },
        if top + nh > h as f32 {
            (h as f32 - top) / nh
        } else {
            1.0
        },
    ]
    .into_iter()
    .fold(1.0f32, f32::min)
    .max(0.0);
    let (fw, fh) = (nw * fit, nh * fit);
    let (l, t) = match grip {
        Grip::NW => (ax - fw, ay - fh),
        Grip::NE => (ax, ay - fh),
        Grip::SW => (ax - fw, ay),
        Grip::E | Grip::W => (if grip == Grip::W { x2 - fw } else { x1 }, cy - fh / 2.0),
        Grip::N | Grip::S => (cx - fw / 2.0, if grip == Grip::N { y2 - fh } else { y1 }),
        _ => (ax, ay),
    };
    from_corners((l, t), (l + fw, t + fh), w, h)
}

/// Moves one edge of a box by whole pixels (Ctrl+arrows: the right or bottom edge;
/// Ctrl+Alt+arrows: the left or top one), kept inside the image and at least 2 px wide.
pub fn move_edge(b: BBox, near: bool, dx: i32, dy: i32, w: u32, h: u32) -> BBox {
    let (mut x1, mut y1, mut x2, mut y2) = (b.x1 as i64, b.y1 as i64, b.x2 as i64, b.y2 as i64);
    if near {
        x1 = (x1 + dx as i64).clamp(0, (x2 - 2).max(0));
        y1 = (y1 + dy as i64).clamp(0, (y2 - 2).max(0));
    } else {
        x2 = (x2 + dx as i64).clamp((x1 + 2).min(w as i64), w as i64);
        y2 = (y2 + dy as i64).clamp((y1 + 2).min(h as i64), h as i64);
    }
    BBox {
        x1: x1.max(0) as u32,
        y1: y1.max(0) as u32,
        x2: x2.max(0) as u32,
        y2: y2.max(0) as u32,
    }
}

/// A new box for the keyboard (N): a third of the visible part of the image each way, in
/// its middle. `visible` is that part in image pixels `(x, y, w, h)`.
pub fn new_in(visible: (f32, f32, f32, f32), w: u32, h: u32) -> BBox {
    let (vx, vy, vw, vh) = visible;
    let (x0, y0) = (vx.max(0.0), vy.max(0.0));
    let (x1, y1) = ((vx + vw).min(w as f32), (vy + vh).min(h as f32));
    let (cw, ch) = ((x1 - x0).max(6.0) / 3.0, (y1 - y0).max(6.0) / 3.0);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    from_corners(
        (cx - cw / 2.0, cy - ch / 2.0),
        (cx + cw / 2.0, cy + ch / 2.0),
        w,
        h,
    )
}

/// Moves a box by whole pixels (arrow keys), kept inside the image.
pub fn nudge(b: BBox, dx: i32, dy: i32, w: u32, h: u32) -> BBox {
    drag(b, Grip::Move, dx as f32, dy as f32, w, h)
}

/// Clamps typed coordinates: inside the image, second corner after the first.
pub fn clamp(b: BBox, w: u32, h: u32) -> BBox {
    from_corners((b.x1 as f32, b.y1 as f32), (b.x2 as f32, b.y2 as f32), w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_on_a_handle_keeps_the_aspect_ratio() {
        let b = BBox::new(100, 100, 300, 200); // 2:1
        // A corner: the larger move wins, the ratio stays, the opposite corner stays.
        let r = drag_keeping_aspect(b, Grip::SE, 100.0, 10.0, 1000, 1000);
        assert_eq!(r, BBox::new(100, 100, 400, 250));
        let r = drag_keeping_aspect(b, Grip::NW, -10.0, -50.0, 1000, 1000);
        assert_eq!(r, BBox::new(0, 50, 300, 200));
        // An edge: the other side grows about its middle.
        let r = drag_keeping_aspect(b, Grip::E, 200.0, 0.0, 1000, 1000);
        assert_eq!(r, BBox::new(100, 50, 500, 250));
        // At the image's edge it stops growing, ratio kept.
        let r = drag_keeping_aspect(b, Grip::SE, 5000.0, 0.0, 600, 400);
        assert_eq!(r, BBox::new(100, 100, 600, 350));
        assert_eq!(
            drag_keeping_aspect(b, Grip::Move, 5.0, 5.0, 600, 400),
            BBox::new(105, 105, 305, 205)
        );
    }

    #[test]
    fn edges_move_one_at_a_time_and_never_cross() {
        let b = BBox::new(100, 100, 300, 200);
        assert_eq!(
            move_edge(b, false, 1, 0, 600, 400),
            BBox::new(100, 100, 301, 200)
        );
        assert_eq!(
            move_edge(b, false, 0, -10, 600, 400),
            BBox::new(100, 100, 300, 190)
        );
        assert_eq!(
            move_edge(b, true, -10, 0, 600, 400),
            BBox::new(90, 100, 300, 200)
        );
        assert_eq!(
            move_edge(b, true, 0, 1000, 600, 400),
            BBox::new(100, 198, 300, 200)
        );
        assert_eq!(
            move_edge(b, false, 1000, 0, 600, 400),
            BBox::new(100, 100, 600, 200)
        );
        assert_eq!(
            move_edge(b, true, -1000, -1000, 600, 400),
            BBox::new(0, 0, 300, 200)
        );
    }

    #[test]
    fn a_keyboard_box_is_a_third_of_the_view_in_its_middle() {
        assert_eq!(
            new_in((0.0, 0.0, 600.0, 300.0), 600, 300),
            BBox::new(200, 100, 400, 200)
        );
        // A view larger than the image: the image's middle.
        assert_eq!(
            new_in((-100.0, -100.0, 800.0, 500.0), 600, 300),
            BBox::new(200, 100, 400, 200)
        );
    }

    #[test]
    fn corners_in_any_order_make_a_clamped_box() {
        assert_eq!(
            from_corners((300.4, 50.0), (10.6, 400.0), 600, 400),
            BBox::new(11, 50, 300, 400)
        );
        assert_eq!(
            from_corners((-20.0, -5.0), (700.0, 500.0), 600, 400),
            BBox::new(0, 0, 600, 400)
        );
        assert!(!is_meaningful(&from_corners(
            (5.0, 5.0),
            (6.0, 6.0),
            600,
            400
        )));
    }

    #[test]
    fn handles_win_over_the_inside_and_the_top_box_wins() {
        let boxes = [BBox::new(10, 10, 110, 110), BBox::new(100, 100, 200, 200)];
        assert_eq!(hit(&boxes, 110.0, 110.0, 4.0), Some((0, Grip::SE)));
        assert_eq!(hit(&boxes, 105.0, 105.0, 2.0), Some((1, Grip::Move)));
        assert_eq!(hit(&boxes, 60.0, 10.0, 3.0), Some((0, Grip::N)));
        assert_eq!(hit(&boxes, 300.0, 300.0, 3.0), None);
    }

    #[test]
    fn moving_keeps_size_and_stays_inside() {
        let b = BBox::new(10, 10, 110, 60);
        assert_eq!(
            drag(b, Grip::Move, 25.0, 5.0, 600, 400),
            BBox::new(35, 15, 135, 65)
        );
        assert_eq!(
            drag(b, Grip::Move, 1000.0, -50.0, 600, 400),
            BBox::new(500, 0, 600, 50)
        );
        assert_eq!(nudge(b, -20, 1, 600, 400), BBox::new(0, 11, 100, 61));
    }

    #[test]
    fn resizing_moves_one_edge_or_corner_and_flips_past_the_other() {
        let b = BBox::new(100, 100, 200, 200);
        assert_eq!(
            drag(b, Grip::E, 30.0, 99.0, 600, 400),
            BBox::new(100, 100, 230, 200)
        );
        assert_eq!(
            drag(b, Grip::NW, -50.0, -20.0, 600, 400),
            BBox::new(50, 80, 200, 200)
        );
        assert_eq!(
            drag(b, Grip::W, 150.0, 0.0, 600, 400),
            BBox::new(200, 100, 250, 200)
        );
        assert_eq!(
            drag(b, Grip::SE, 1000.0, 1000.0, 600, 400),
            BBox::new(100, 100, 600, 400)
        );
        assert_eq!(
            clamp(BBox::new(500, 10, 700, 5), 600, 400),
            BBox::new(500, 5, 600, 10)
        );
    }
}
