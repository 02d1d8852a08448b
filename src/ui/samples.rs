//! "Try a sample": two photos bundled with the app (from scikit-image's sample data, public
//! domain / CC0), a box and a prompt, so that a first run is a real edit of known images.

use crate::api::job::BBox;

/// (file name, bytes) in image order.
pub const PHOTOS: [(&str, &[u8]); 2] = [
    (
        "sample-cat.jpg",
        include_bytes!("../../assets/samples/chelsea.jpg"),
    ),
    (
        "sample-espresso.jpg",
        include_bytes!("../../assets/samples/coffee.jpg"),
    ),
];

/// The box on image 2 (600×400): the cup.
pub const BOX: (usize, BBox) = (
    1,
    BBox {
        x1: 165,
        y1: 10,
        x2: 415,
        y2: 305,
    },
);

/// Image 2's pixel size (the frame the box is drawn in).
pub const FRAME: (u32, u32) = (600, 400);

pub const PROMPT: &str = "Replace the espresso cup in box 1 of image 2 with a small ceramic figurine of the cat in image 1, sitting on the saucer; keep everything else as it is";
