//! Decoding a whole file, for what is shown at full size and for the composite.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader};

use super::decoder_limits;
use crate::i18n::Said;
use crate::imaging::sniff;

/// The pixels that are sent, in full: `bytes` are the file as sent (the repaired copy when
/// there is one, else the original, which then needs no orientation or conversion).
pub fn decode_as_sent(bytes: &[u8]) -> Result<image::RgbaImage, Said> {
    decode_full(bytes).map(|i| i.to_rgba8())
}

/// As [`decode_as_sent`], kept in the fewest bytes that hold the pixels as shown
/// ([`crate::imaging::tiles::compact`]): for the canvas's real-pixel tiles.
pub fn decode_full(bytes: &[u8]) -> Result<DynamicImage, Said> {
    let _gate = crate::imaging::one_full_decode_at_a_time();
    decode_full_holding_the_gate(bytes)
}

/// The file's pixels as stored (16 bits stay 16 bits), turned upright: what a composite is
/// made on.
pub fn decode_upright(bytes: &[u8]) -> Result<DynamicImage, Said> {
    let _gate = crate::imaging::one_full_decode_at_a_time();
    decode_upright_holding_the_gate(bytes)
}

/// [`decode_full`] for a caller that holds the one-decode gate already.
pub(super) fn decode_full_holding_the_gate(bytes: &[u8]) -> Result<DynamicImage, Said> {
    decode_upright_holding_the_gate(bytes)
        .map(|img| crate::imaging::colour::on_screen(bytes, img))
        .map(crate::imaging::tiles::compact)
}

fn decode_upright_holding_the_gate(bytes: &[u8]) -> Result<DynamicImage, Said> {
    let fmt = sniff(bytes).ok_or_else(|| Said::from("not an image"))?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
    reader.limits(decoder_limits());
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| Said::Plain(e.to_string()))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| Said::Plain(e.to_string()))?;
    img.apply_orientation(orientation);
    Ok(img)
}
