//! Repairing a decoded file for [`super::prepare`]: its pixels made acceptable, then encoded
//! within the model's file-size limit.

use image::{DynamicImage, ImageFormat};

use super::{
    Prepared, Refusal, Repair, decode_full_holding_the_gate, encode, fit_within, flatten_on_white,
    format_name, jpeg_preview_scaled, preview_of,
};
use crate::api::catalog::{InputFormat, ModelSpec};
use crate::api::job::ImageFacts;
use crate::imaging::colour::Foreign;

/// What a file needs done to it, as its header said, and what it is repaired for.
pub(super) struct Repairing<'a> {
    pub spec: &'a ModelSpec,
    /// The sniffed source format.
    pub fmt: ImageFormat,
    /// The source format when the service takes it as it is.
    pub accepted: Option<InputFormat>,
    /// The original file's size.
    pub file_bytes: u64,
    /// Size in the frame the user sees (after orientation, before any scaling).
    pub seen: (u32, u32),
    pub rotated: bool,
    pub cmyk: bool,
    pub wide: bool,
    pub foreign: Option<Foreign>,
    /// An alpha channel the model refuses.
    pub alpha_problem: bool,
    pub over_side: bool,
    pub over_bytes: bool,
}

impl Repairing<'_> {
    /// Whether the file needs any repair at all.
    pub fn needed(&self) -> bool {
        self.accepted.is_none()
            || self.rotated
            || self.cmyk
            || self.alpha_problem
            || self.over_side
            || self.over_bytes
            || self.wide
            || self.foreign.is_some()
    }

    /// The upright pixels `img` repaired and encoded: what is sent, with its preview when
    /// `want_preview`.
    pub fn prepared(&self, img: DynamicImage, want_preview: bool) -> Result<Prepared, Refusal> {
        let (img, mut repairs) = self.fix_pixels(img)?;
        let (img, encoded, target) = self.encode_to_fit(img, &mut repairs)?;
        let facts = ImageFacts {
            width: img.width(),
            height: img.height(),
            format: Some(target),
            file_bytes: encoded.len() as u64,
            has_alpha: img.color().has_alpha() && target == InputFormat::Png,
        };
        // A JPEG's preview comes from the new file at a reduced DCT scale, once the full-size
        // pixels are gone: shrinking them instead would hold a large working copy beside them.
        let preview = match (want_preview, target) {
            (false, _) => None,
            (true, InputFormat::Jpeg) => {
                drop(img);
                jpeg_preview_scaled(&encoded, facts.width, facts.height).or_else(|| {
                    decode_full_holding_the_gate(&encoded)
                        .ok()
                        .map(|full| preview_of(&full))
                })
            }
            (true, _) => Some(preview_of(&img)),
        };
        Ok(Prepared {
            facts,
            seen_size: self.seen,
            repairs,
            bytes: Some(std::sync::Arc::new(encoded)),
            preview,
            source_format: format_name(self.fmt),
        })
    }

    /// The upright pixels `img` made acceptable, and the repairs that said so.
    fn fix_pixels(&self, mut img: DynamicImage) -> Result<(DynamicImage, Vec<Repair>), Refusal> {
        let (sw, sh) = self.seen;
        let mut repairs = Vec::new();
        if self.rotated {
            repairs.push(Repair::Oriented);
        }
        if self.cmyk {
            repairs.push(Repair::CmykToRgb);
        }
        if self.wide {
            repairs.push(Repair::EightBits);
        }
        if let Some(profile) = &self.foreign {
            let alpha = img.color().has_alpha();
            let mut rgba = img.to_rgba8();
            crate::imaging::colour::to_srgb(&mut rgba, profile).map_err(Refusal::Damaged)?;
            img = if alpha {
                DynamicImage::ImageRgba8(rgba)
            } else {
                DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).to_rgb8())
            };
            repairs.push(Repair::ToSrgb {
                profile: profile.name.clone(),
            });
        }
        if self.alpha_problem {
            // GIFs and many exports carry an alpha channel with every pixel opaque: dropping it
            // changes nothing visible, so only real transparency is reported as flattened.
            let transparent = img.to_rgba8().pixels().any(|p| p.0[3] < 255);
            img = DynamicImage::ImageRgb8(flatten_on_white(&img));
            repairs.push(if transparent {
                Repair::FlattenedAlpha
            } else {
                Repair::DroppedOpaqueAlpha
            });
        }
        if self.over_side {
            let (nw, nh) = fit_within(sw, sh, self.spec.max_side);
            img = img.resize_exact(nw, nh, image::imageops::FilterType::Lanczos3);
            repairs.push(Repair::ScaledDown {
                from: (sw, sh),
                to: (nw, nh),
            });
        }
        Ok((img, repairs))
    }

    /// The fixed pixels `img` encoded within the file-size limit (shrunk further if they must
    /// be), with `repairs` brought up to date: the pixels sent, their file and its format.
    fn encode_to_fit(
        &self,
        mut img: DynamicImage,
        repairs: &mut Vec<Repair>,
    ) -> Result<(DynamicImage, Vec<u8>, InputFormat), Refusal> {
        let (sw, sh) = self.seen;
        let spec = self.spec;
        // Photos stay JPEG; everything else becomes PNG (lossless) unless it must shrink.
        let mut target = match self.accepted {
            Some(InputFormat::Jpeg) => InputFormat::Jpeg,
            _ if self.fmt == ImageFormat::Jpeg => InputFormat::Jpeg,
            _ => InputFormat::Png,
        };
        if self.accepted.is_none() {
            repairs.push(Repair::Converted {
                from: format_name(self.fmt).to_string(),
                to: target,
            });
        }
        // Room for a file at the limit from the start: a growing buffer would hold its old and
        // new halves at once (tens of MB for a camera photo).
        let room = self.file_bytes.min(spec.max_file_bytes + (1 << 20)) as usize;
        let mut encoded = encode(&img, target, 92, room)?;
        let mut quality = 92u8;
        while encoded.len() as u64 > spec.max_file_bytes {
            // The rejected file goes before the next is made.
            drop(std::mem::take(&mut encoded));
            if target == InputFormat::Png {
                target = InputFormat::Jpeg;
            } else if quality > 70 {
                quality -= 8;
            } else {
                // Still too big at a modest quality: fewer pixels.
                let (nw, nh) = (img.width() * 4 / 5, img.height() * 4 / 5);
                if nw.min(nh) < spec.min_side {
                    break;
                }
                img = img.resize_exact(nw, nh, image::imageops::FilterType::Lanczos3);
                match repairs
                    .iter_mut()
                    .find(|r| matches!(r, Repair::ScaledDown { .. }))
                {
                    Some(Repair::ScaledDown { to, .. }) => *to = (nw, nh),
                    _ => repairs.push(Repair::ScaledDown {
                        from: (sw, sh),
                        to: (nw, nh),
                    }),
                }
            }
            encoded = encode(&img, target, quality, room)?;
        }
        // The room not used is given back (a large buffer shrinks in place).
        encoded.shrink_to_fit();
        if self.over_bytes {
            repairs.push(Repair::Reencoded {
                from_bytes: self.file_bytes,
                to_bytes: encoded.len() as u64,
            });
        }
        if let Some(Repair::Converted { to, .. }) = repairs
            .iter_mut()
            .find(|r| matches!(r, Repair::Converted { .. }))
        {
            *to = target;
        }
        Ok((img, encoded, target))
    }
}
