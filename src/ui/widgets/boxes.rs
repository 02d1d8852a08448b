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
