//! What the prompt names: "image 2", "box 1" (and 画像2, ボックス1, 图2, 框1). The service reads
//! these against the order of the images and each image's boxes; a prompt that names an image
//! or a box the job does not have still runs (and bills), so the window warns before Run.

/// A number the prompt gives an image or a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    Image(usize),
    Box(usize),
}

/// Words that name an image or a box, lower-case. ASCII words must start a word.
const IMAGE_WORDS: [&str; 9] = [
    "image", "img", "picture", "photo", "pic", "画像", "图像", "图片", "图",
];
const BOX_WORDS: [&str; 4] = ["box", "ボックス", "枠", "框"];

/// Every image and box number the prompt names, in order.
pub fn references(prompt: &str) -> Vec<Reference> {
    let mut out: Vec<Reference> = spans(&prompt.to_lowercase())
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    out.dedup();
    out
}

/// Each image and box number named in `text` (lower-case), in order, with the byte range of the
/// number itself (what a renumbering replaces).
pub(crate) fn spans(text: &str) -> Vec<(Reference, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts_word = !prev.is_some_and(|p| p.is_alphanumeric() && p.is_ascii());
        prev = Some(c);
        let rest = &text[i..];
        let found = IMAGE_WORDS
            .iter()
            .map(|w| (w, true))
            .chain(BOX_WORDS.iter().map(|w| (w, false)))
            .filter(|(w, _)| rest.starts_with(**w) && (starts_word || !w.is_ascii()))
            // The longest word wins (图像 over 图).
            .max_by_key(|(w, _)| w.len());
        let Some((word, is_image)) = found else {
            continue;
        };
        let after = &rest[word.len()..];
        // "image 2", "image #2", "images 2": the plural and spaces between.
        let after = after.strip_prefix('s').unwrap_or(after);
        let after = after.trim_start_matches([' ', '#', '\u{3000}']);
        let digits: String = after.chars().take_while(|d| d.is_ascii_digit()).collect();
        if digits.is_empty() || digits.len() > 3 {
            continue;
        }
        // "image 2x" is a size, not a reference.
        if after[digits.len()..]
            .chars()
            .next()
            .is_some_and(|n| n.is_ascii_alphanumeric())
        {
            continue;
        }
        let n: usize = digits.parse().unwrap_or(0);
        let at = text.len() - after.len();
        out.push((
            if is_image {
                Reference::Image(n)
            } else {
                Reference::Box(n)
            },
            at..at + digits.len(),
        ));
    }
    out
}

/// The references the job cannot satisfy: images beyond `images`, boxes beyond the most any
/// image has (`boxes` per image, in order). Each named once.
pub fn dangling(prompt: &str, images: usize, boxes: &[usize]) -> Vec<Reference> {
    let most_boxes = boxes.iter().copied().max().unwrap_or(0);
    let mut out: Vec<Reference> = Vec::new();
    for r in references(prompt) {
        let missing = match r {
            Reference::Image(n) => n == 0 || n > images,
            Reference::Box(n) => n == 0 || n > most_boxes,
        };
        if missing && !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Reference::{Box as B, Image as I};
    use super::*;

    #[test]
    fn the_prompts_numbers_are_found_in_three_languages() {
        assert_eq!(
            references("Replace the raspberry in box 1 of Image 2 with the lemon from image #3"),
            [B(1), I(2), I(3)]
        );
        assert_eq!(
            references("把图1中框2里的杯子换成图像3的花"),
            [I(1), B(2), I(3)]
        );
        assert_eq!(references("画像2のボックス1を消す"), [I(2), B(1)]);
        // Not references: a word that merely contains one, a size, a bare number.
        assert!(references("the inbox 2 sandbox 3 image 2x 4 images").is_empty());
    }

    #[test]
    fn what_the_job_lacks_is_named() {
        let p = "replace the cup in box 2 with the lamp from image 5; keep image 1";
        assert_eq!(dangling(p, 2, &[1, 0]), [B(2), I(5)]);
        assert_eq!(dangling(p, 5, &[1, 2]), []);
        assert_eq!(dangling("box 1", 1, &[]), [B(1)]);
    }
}
