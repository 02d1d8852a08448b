//! Input images: what a file really is (from its bytes, never its name), its size and alpha.
//!
//! Reading a header is cheap: no pixels are decoded here. Decoding, orientation, repair and
//! previews live beside this as the pipeline grows.

use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};

pub mod carry;
pub mod colour;
pub mod composite;
pub mod jpeg_paste;
pub mod mask;
pub mod metadata;
pub mod prepare;
pub mod register;
pub mod resize;
pub mod sheet;
pub mod tiles;
mod turbo;

use crate::api::catalog::InputFormat;
use crate::api::job::ImageFacts;
use crate::i18n::Said;

/// Why a file cannot be used as an input at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProbeError {
    #[error("{}", self.said())]
    NotAnImage,
    #[error("{}", self.said())]
    Svg,
    #[error("{}", self.said())]
    Damaged(String),
}

impl ProbeError {
    /// The sentence, kept as words (put into a language when shown).
    pub fn said(&self) -> Said {
        match self {
            ProbeError::NotAnImage => crate::said!("refusal-not-an-image"),
            ProbeError::Svg => crate::said!("refusal-svg"),
            ProbeError::Damaged(why) => crate::said!("probe-header-damaged", why = why.as_str()),
        }
    }
}

/// The format the bytes are in, if `image` recognises them.
/// Decoding a picture at full size, and what is done with those pixels before they are
/// dropped, happens one at a time in the whole process: a 48 MP photo holds about 300 MB
/// while it is decoded and re-encoded, and inputs loading, a job preparing its inputs and the
/// canvas's real pixels would otherwise each hold one at the same moment. Held on worker
/// threads only; nothing holding it takes it again.
pub(crate) fn one_full_decode_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static GATE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    GATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The SHA-256 of some bytes (an input checked again before it is sent, a repair reused).
pub fn sha256_of(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).into()
}

pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    image::guess_format(bytes).ok()
}

/// The service's name for a sniffed format, `None` if the service does not take it.
pub fn input_format(fmt: ImageFormat) -> Option<InputFormat> {
    match fmt {
        ImageFormat::Jpeg => Some(InputFormat::Jpeg),
        ImageFormat::Png => Some(InputFormat::Png),
        ImageFormat::Bmp => Some(InputFormat::Bmp),
        ImageFormat::WebP => Some(InputFormat::Webp),
        _ => None,
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.contains("<svg") || (text.trim_start().starts_with("<?xml") && text.contains("svg"))
}

/// Reads the header: format (from the bytes), width, height, whether there is an alpha channel.
pub fn probe(bytes: &[u8]) -> Result<ImageFacts, ProbeError> {
    let Some(fmt) = sniff(bytes) else {
        return Err(if looks_like_svg(bytes) {
            ProbeError::Svg
        } else {
            ProbeError::NotAnImage
        });
    };
    let reader = ImageReader::with_format(Cursor::new(bytes), fmt);
    let decoder = reader
        .into_decoder()
        .map_err(|e| ProbeError::Damaged(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    let has_alpha = decoder.color_type().has_alpha();
    Ok(ImageFacts {
        width,
        height,
        format: input_format(fmt),
        file_bytes: bytes.len() as u64,
        has_alpha,
    })
}

/// `data:{mime};base64,{data}` with the MIME type from the bytes.
pub fn data_uri(bytes: &[u8], format: InputFormat) -> String {
    use base64::Engine;
    let mut s = format!("data:{};base64,", format.mime());
    base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut s);
    s
}

/// The largest file wanedit reads as an input (the models take at most 20 MB; larger files are
/// re-encoded, and nothing a camera makes comes near this). Imaging reads no files itself: the
/// store reads them within this bound (`store::fs`), imaging gets bytes.
pub const MAX_INPUT_BYTES: u64 = 200_000_000;

/// A result or stored file's bytes decoded to its screen preview, with its full size. Blocking.
pub fn preview_of_file(bytes: &[u8]) -> Result<(prepare::Preview, (u32, u32)), Said> {
    on_screen(bytes).map(|img| (prepare::preview_of(&img), (img.width(), img.height())))
}

/// A small RGBA thumbnail (longest side `max`) of an image file's bytes, for lists. Blocking.
pub fn thumbnail_of(bytes: &[u8], max: u32) -> Option<image::RgbaImage> {
    on_screen(bytes)
        .ok()
        .map(|img| img.thumbnail(max, max).to_rgba8())
}

/// An image file's pixels as the screen shows them (in sRGB: see [`colour::on_screen`]).
fn on_screen(bytes: &[u8]) -> Result<image::DynamicImage, Said> {
    let img = image::load_from_memory(bytes).map_err(|e| Said::Plain(e.to_string()))?;
    Ok(colour::on_screen(bytes, img))
}

/// The bytes of a `data:[mime];base64,…` URI given as an input. Its size is bounded like a
/// file's ([`MAX_INPUT_BYTES`]); what the bytes are is sniffed later, as for any file (the
/// declared type is not trusted).
pub fn decode_data_uri(uri: &str) -> Result<Vec<u8>, Said> {
    use base64::Engine;
    let Some((head, data)) = uri.split_once(',') else {
        return Err(Said::from(
            "the data URI has no ',' before its data; it should look like data:image/png;base64,…",
        ));
    };
    if !head.to_ascii_lowercase().ends_with(";base64") {
        return Err(Said::from(
            "the data URI is not base64-encoded (…;base64,…); only base64 image data can be used",
        ));
    }
    if data.len() as u64 / 4 * 3 > MAX_INPUT_BYTES {
        return Err(Said::Plain(format!(
            "the data URI holds more than {} MB; use a file instead",
            MAX_INPUT_BYTES / 1_000_000
        )));
    }
    let clean: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(clean.as_bytes())
        .map_err(|e| Said::Plain(format!("the data URI's base64 is damaged ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(img: image::DynamicImage, fmt: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, fmt).unwrap();
        out.into_inner()
    }

    #[test]
    fn format_comes_from_bytes_and_alpha_is_seen() {
        let rgba = image::DynamicImage::new_rgba8(300, 200);
        let png = encode(rgba.clone(), ImageFormat::Png);
        let f = probe(&png).unwrap();
        assert_eq!(
            (f.width, f.height, f.format, f.has_alpha),
            (300, 200, Some(InputFormat::Png), true)
        );
        let jpg = encode(image::DynamicImage::new_rgb8(320, 240), ImageFormat::Jpeg);
        let f = probe(&jpg).unwrap();
        assert_eq!((f.format, f.has_alpha), (Some(InputFormat::Jpeg), false));
        let gif = encode(rgba, ImageFormat::Gif);
        assert_eq!(probe(&gif).unwrap().format, None);
        assert!(data_uri(&jpg, InputFormat::Jpeg).starts_with("data:image/jpeg;base64,/9j/"));
    }

    #[test]
    fn non_images_and_svg_are_named() {
        assert_eq!(
            probe(b"hello world, not an image"),
            Err(ProbeError::NotAnImage)
        );
        assert_eq!(
            probe(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Err(ProbeError::Svg)
        );
        // A PNG signature followed by garbage: recognised, but the header is damaged.
        let mut bad = b"\x89PNG\r\n\x1a\n".to_vec();
        bad.extend_from_slice(&[0u8; 20]);
        assert!(matches!(probe(&bad), Err(ProbeError::Damaged(_))));
    }
}
