//! What a file says besides its pixels, and what of it leaves this machine.
//!
//! The service needs pixels and nothing else: a camera's EXIF (GPS position, serial numbers,
//! the owner's name), XMP and IPTC (creator, contact, location) stay here. An input sent as its
//! own bytes is sent without those segments, everything else byte for byte (its colour
//! profile, JFIF and Adobe markers, the compressed data): [`for_upload`]. The segments are
//! found and removed with `img-parts`; nothing here reads what they say.

use bytes::Bytes;
use image::ImageFormat;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::{CHUNK_EXIF, CHUNK_XMP, WebP};

/// PNG chunks that carry words about the picture or its maker: EXIF, and the text chunks (XMP
/// is an `iTXt` chunk; "Author", "Copyright" and the like are `tEXt`/`zTXt`/`iTXt`).
const PNG_PRIVATE: [[u8; 4]; 4] = [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt"];

/// JPEG segments that carry them: APP1 (EXIF, XMP) and APP13 (Photoshop's IPTC).
const JPEG_PRIVATE: [u8; 2] = [markers::APP1, markers::APP13];

/// The file without its EXIF, XMP, IPTC and text metadata, for the upload; `None` when it has
/// none (or is not a JPEG, PNG or WebP, or cannot be read as one: it is then re-encoded or
/// refused elsewhere, and a re-encoded file carries no metadata).
pub fn for_upload(bytes: &[u8], format: ImageFormat) -> Option<Vec<u8>> {
    let b = Bytes::copy_from_slice(bytes);
    let out = match format {
        ImageFormat::Jpeg => {
            let mut j = Jpeg::from_bytes(b).ok()?;
            let before = j.segments().len();
            j.segments_mut()
                .retain(|s| !JPEG_PRIVATE.contains(&s.marker()));
            if j.segments().len() == before {
                return None;
            }
            j.encoder().bytes()
        }
        ImageFormat::Png => {
            let mut p = Png::from_bytes(b).ok()?;
            let before = p.chunks().len();
            p.chunks_mut().retain(|c| !PNG_PRIVATE.contains(&c.kind()));
            if p.chunks().len() == before {
                return None;
            }
            p.encoder().bytes()
        }
        ImageFormat::WebP => {
            let mut w = WebP::from_bytes(b).ok()?;
            if !w.has_chunk(CHUNK_EXIF) && !w.has_chunk(CHUNK_XMP) {
                return None;
            }
            w.remove_chunks_by_id(CHUNK_EXIF);
            w.remove_chunks_by_id(CHUNK_XMP);
            w.encoder().bytes()
        }
        _ => return None,
    };
    Some(out.to_vec())
}

/// Whether the first bytes of a JPEG (up to its first scan) hold an EXIF, XMP or IPTC segment,
/// or a colour profile: such a file is not streamed as it is but prepared whole, through [`for_upload`]. Only the
/// segments' markers and lengths are read. `true` too when the head ends before the first scan
/// with such a segment not yet ruled out (the whole file decides).
pub fn jpeg_head_has_private(head: &[u8]) -> bool {
    let mut at = 2; // after SOI
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while head.get(at) == Some(&0xFF) && head.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (head.get(at), head.get(at + 1)) else {
            return true;
        };
        if marker == markers::SOS || marker == markers::EOI {
            return false;
        }
        if JPEG_PRIVATE.contains(&marker) {
            return true;
        }
        // A colour profile: the whole file decides whether it is sRGB (`imaging::colour`).
        if marker == markers::APP2 {
            return true;
        }
        let Some(len) = head.get(at + 2..at + 4) else {
            return true;
        };
        at += 2 + u16::from_be_bytes([len[0], len[1]]) as usize;
    }
}

/// The IPTC digital source type of a picture whose parts were made by a trained model and put
/// together with a camera's (or another source's) pixels.
pub const COMPOSITE_SOURCE_TYPE: &str =
    "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";
/// The namespace of China's implicit AIGC label (GB 45438-2025, TC260).
pub const TC260_NS: &str = "http://www.tc260.org.cn/ns/AIGC/1.0/";

/// A composite PNG labelled as AI-modified, in an XMP packet (an `iTXt` chunk before its
/// image data): the IPTC digital source type `compositeWithTrainedAlgorithmicMedia`, and the
/// TC260 `AIGC` implicit label with wanedit as the propagator (`propagate_id`: the composite's
/// file name). A label the service's own file (`service_file`) carries is kept: its label,
/// producer and ids are those written. The PNG as it was when it cannot be read as one.
pub fn ai_labelled_png(png: Vec<u8>, service_file: &[u8], propagate_id: &str) -> Vec<u8> {
    // The bytes are shared, not copied, while they are read.
    let png = Bytes::from(png);
    let Ok(mut p) = Png::from_bytes(png.clone()) else {
        return png.to_vec();
    };
    set_png_xmp(&mut p, &label_xmp(service_file, propagate_id, None));
    p.encoder().bytes().to_vec()
}

/// The AI label (see [`ai_labelled_png`]) as an XMP packet: `target_xmp` (the packet of the
/// picture the composite was made on) with the label's description added, or a packet of its
/// own when there is none.
pub fn label_xmp(service_file: &[u8], propagate_id: &str, target_xmp: Option<&str>) -> String {
    let theirs = service_aigc(service_file).unwrap_or_default();
    let field = |k: &str, default: &str| {
        theirs
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or(default)
            .to_string()
    };
    let label = serde_json::json!({
        "Label": field("Label", "1"),
        "ContentProducer": field("ContentProducer", "Alibaba Cloud Model Studio"),
        "ProduceID": field("ProduceID", ""),
        "ReservedCode1": field("ReservedCode1", ""),
        "ContentPropagator": "wanedit",
        "PropagateID": propagate_id,
        "ReservedCode2": field("ReservedCode2", ""),
    });
    let description = format!(
        "<rdf:Description rdf:about=\"\" \
         xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:TC260=\"{TC260_NS}\">\
         <Iptc4xmpExt:DigitalSourceType>{COMPOSITE_SOURCE_TYPE}</Iptc4xmpExt:DigitalSourceType>\
         <xmp:CreatorTool>wanedit {}</xmp:CreatorTool>\
         <TC260:AIGC>{}</TC260:AIGC>\
         </rdf:Description>",
        env!("CARGO_PKG_VERSION"),
        xml_escape(&label.to_string()),
    );
    // The target's packet keeps all it says (creator, rights, keywords); the label is one more
    // description in its RDF, as XMP allows. Its own source type and tool, which the label
    // supersedes, are left out so each property is said once.
    if let Some(x) = target_xmp
        && let Some(end) = x.rfind("</rdf:RDF>")
    {
        let kept = without_properties(
            &x[..end],
            &["Iptc4xmpExt:DigitalSourceType", "xmp:CreatorTool"],
        );
        return format!("{kept}{description}{}", &x[end..]);
    }
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
         {description}</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    )
}

/// `xmp` without the simple properties `names`, written as elements or as attributes.
fn without_properties(xmp: &str, names: &[&str]) -> String {
    let mut s = xmp.to_string();
    for name in names {
        while let Some(i) = s.find(&format!("<{name}>")) {
            let close = format!("</{name}>");
            let Some(j) = s[i..].find(&close) else { break };
            s.replace_range(i..i + j + close.len(), "");
        }
        while let Some(i) = s.find(&format!(" {name}=\"")) {
            let from = i + name.len() + 3;
            let Some(j) = s[from..].find('"') else { break };
            s.replace_range(i..from + j + 1, "");
        }
    }
    s
}

/// Puts `xmp` in `p` as its one XMP packet: an `iTXt` chunk (keyword, not compressed, no
/// language, no translated keyword) before its image data, in place of any it had.
pub fn set_png_xmp(p: &mut Png, xmp: &str) {
    const KEY: &[u8] = b"XML:com.adobe.xmp\0";
    let mut chunk = KEY.to_vec();
    chunk.extend_from_slice(b"\0\0\0\0");
    chunk.extend_from_slice(xmp.as_bytes());
    p.chunks_mut()
        .retain(|c| !(c.kind() == *b"iTXt" && c.contents().starts_with(KEY)));
    let at = p
        .chunks()
        .iter()
        .position(|c| c.kind() == *b"IDAT")
        .unwrap_or(1);
    p.chunks_mut().insert(
        at,
        img_parts::png::PngChunk::new(*b"iTXt", Bytes::from(chunk)),
    );
}

/// Puts `xmp` in `j` as its one XMP packet (an APP1 segment after JFIF's APP0 and the EXIF,
/// where cameras place it), in place of any it had. A packet too long for one segment is left out.
pub fn set_jpeg_xmp(j: &mut Jpeg, xmp: &str) {
    const KEY: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    j.segments_mut()
        .retain(|s| !(s.marker() == markers::APP1 && s.contents().starts_with(KEY)));
    if KEY.len() + xmp.len() > u16::MAX as usize - 2 {
        return;
    }
    let mut data = KEY.to_vec();
    data.extend_from_slice(xmp.as_bytes());
    let at = j
        .segments()
        .iter()
        .position(|s| {
            s.marker() != markers::APP0
                && !(s.marker() == markers::APP1 && s.contents().starts_with(b"Exif\0\0"))
        })
        .unwrap_or(j.segments().len());
    j.segments_mut().insert(
        at,
        img_parts::jpeg::JpegSegment::new_with_contents(markers::APP1, Bytes::from(data)),
    );
}

/// `out` (a PNG or JPEG just encoded from `from`) with `from`'s XMP packet: a result saved in
/// another format keeps its AI label. WebP and files without XMP are returned as they are.
pub fn with_xmp_of(out: Vec<u8>, format: ImageFormat, from: &[u8]) -> Vec<u8> {
    let Some(xmp) = xmp_of(from) else {
        return out;
    };
    let b = Bytes::from(out.clone());
    match format {
        ImageFormat::Png => match Png::from_bytes(b) {
            Ok(mut p) => {
                set_png_xmp(&mut p, &xmp);
                p.encoder().bytes().to_vec()
            }
            Err(_) => out,
        },
        ImageFormat::Jpeg => match Jpeg::from_bytes(b) {
            Ok(mut j) => {
                set_jpeg_xmp(&mut j, &xmp);
                j.encoder().bytes().to_vec()
            }
            Err(_) => out,
        },
        _ => out,
    }
}

/// The TC260 `AIGC` label's fields in a file's XMP (PNG `iTXt` or JPEG APP1), if it has one.
pub fn service_aigc(file: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    let xmp = xmp_of(file)?;
    // As an element (<TC260:AIGC>…</TC260:AIGC>) or an attribute (TC260:AIGC="…"), under
    // whatever prefix the file gave the namespace.
    let prefix = {
        let at = xmp.find(TC260_NS)?;
        let before = &xmp[..at];
        let start = before.rfind("xmlns:")? + "xmlns:".len();
        before[start..].split('=').next()?.trim().to_string()
    };
    let name = format!("{prefix}:AIGC");
    let raw = if let Some(i) = xmp.find(&format!("<{name}>")) {
        let from = i + name.len() + 2;
        let to = xmp[from..].find(&format!("</{name}>"))? + from;
        &xmp[from..to]
    } else {
        let i = xmp.find(&format!("{name}=\""))? + name.len() + 2;
        let to = xmp[i..].find('"')? + i;
        &xmp[i..to]
    };
    serde_json::from_str(&xml_unescape(raw)).ok()
}

/// A file's XMP packet as text.
pub fn xmp_of(file: &[u8]) -> Option<String> {
    const PNG_KEY: &[u8] = b"XML:com.adobe.xmp\0";
    const JPEG_KEY: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    let b = Bytes::copy_from_slice(file);
    if let Ok(p) = Png::from_bytes(b.clone()) {
        let c = p
            .chunks_by_type(*b"iTXt")
            .find(|c| c.contents().starts_with(PNG_KEY))?;
        // After the keyword: compression flag and method, language tag, translated keyword.
        let rest = &c.contents()[PNG_KEY.len() + 2..];
        let rest = &rest[rest.iter().position(|&x| x == 0)? + 1..];
        let text = &rest[rest.iter().position(|&x| x == 0)? + 1..];
        return String::from_utf8(text.to_vec()).ok();
    }
    let j = Jpeg::from_bytes(b).ok()?;
    let s = j
        .segments_by_marker(markers::APP1)
        .find(|s| s.contents().starts_with(JPEG_KEY))?;
    String::from_utf8(s.contents()[JPEG_KEY.len()..].to_vec()).ok()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[expect(clippy::disallowed_methods, reason = "the test reads the test photos")]
    fn photo(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/photos")
                .join(name),
        )
        .unwrap()
    }

    /// A JPEG with an APP1 EXIF segment (a GPS IFD pointer and an owner's name inside) and an
    /// APP13 segment inserted after its first segment.
    pub(crate) fn with_private_segments(jpeg: &[u8]) -> Vec<u8> {
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
        exif.extend_from_slice(b"GPS 35.6581N 139.7414E owner Hanako Yamada serial 0123456789");
        let iptc =
            b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x10\x1c\x02\x50\0\x0cHanako Yamad".to_vec();
        let seg = |marker: u8, data: &[u8]| {
            let mut s = vec![0xFF, marker];
            s.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
            s.extend_from_slice(data);
            s
        };
        let mut out = jpeg[..2].to_vec();
        out.extend(seg(markers::APP1, &exif));
        out.extend(seg(markers::APP13, &iptc));
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn a_jpegs_exif_and_iptc_are_left_out_and_the_rest_kept_byte_for_byte() {
        // A colour profile is looked at whole (is it sRGB?): rocket.jpg has one, retina.jpg not.
        assert!(!jpeg_head_has_private(&photo("retina.jpg")));
        let original = photo("rocket.jpg");
        assert!(jpeg_head_has_private(&original));
        assert_eq!(for_upload(&original, ImageFormat::Jpeg), None);
        let private = with_private_segments(&original);
        assert!(jpeg_head_has_private(&private));
        let sent = for_upload(&private, ImageFormat::Jpeg).unwrap();
        assert_eq!(sent, original);
        let text = String::from_utf8_lossy(&sent);
        assert!(!text.contains("Hanako") && !text.contains("GPS"));
        // Its colour profile (APP2) stays here: Adobe RGB (1998) (`prepare` converts it).
        assert!(text.contains("Adobe RGB (1998)"));
    }

    #[test]
    fn a_pngs_text_and_exif_are_left_out_its_profile_kept() {
        let original = photo("astronaut.png");
        let sent = for_upload(&original, ImageFormat::Png).unwrap();
        let p = Png::from_bytes(Bytes::from(sent.clone())).unwrap();
        assert!(p.chunks().iter().all(|c| !PNG_PRIVATE.contains(&c.kind())));
        assert!(p.chunk_by_type(*b"iCCP").is_some());
        let (a, b) = (
            image::load_from_memory(&original).unwrap().to_rgb8(),
            image::load_from_memory(&sent).unwrap().to_rgb8(),
        );
        assert_eq!(a, b, "the pixels are the same");
        assert_eq!(for_upload(&photo("coffee.png"), ImageFormat::Png), None);
    }

    fn small_png() -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(16, 8, |x, y| image::Rgb([x as u8 * 9, y as u8 * 20, 7]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_composite_is_labelled_as_ai_modified_its_pixels_unchanged() {
        let png = small_png();
        let labelled = ai_labelled_png(png.clone(), &photo("coffee.png"), "coffee-edit-1");
        assert_eq!(
            image::load_from_memory(&labelled).unwrap().to_rgb8(),
            image::load_from_memory(&png).unwrap().to_rgb8()
        );
        let xmp = xmp_of(&labelled).unwrap();
        assert!(xmp.contains(COMPOSITE_SOURCE_TYPE), "{xmp}");
        let aigc = service_aigc(&labelled).unwrap();
        assert_eq!(aigc["Label"], "1");
        assert_eq!(aigc["ContentPropagator"], "wanedit");
        assert_eq!(aigc["PropagateID"], "coffee-edit-1");
        assert_eq!(aigc["ContentProducer"], "Alibaba Cloud Model Studio");
        // Labelled again (a composite of a composite): one XMP packet, not two.
        let twice = ai_labelled_png(labelled.clone(), &labelled, "coffee-edit-2");
        let p = Png::from_bytes(Bytes::from(twice.clone())).unwrap();
        assert_eq!(p.chunks_by_type(*b"iTXt").count(), 1);
        assert_eq!(
            service_aigc(&twice).unwrap()["PropagateID"],
            "coffee-edit-2"
        );
    }

    #[test]
    fn a_labelled_composite_saved_as_jpeg_keeps_its_label() {
        let labelled = ai_labelled_png(small_png(), &[], "coffee-edit-1");
        let mut jpeg = Vec::new();
        image::load_from_memory(&labelled)
            .unwrap()
            .write_to(&mut std::io::Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        assert!(service_aigc(&jpeg).is_none());
        let kept = with_xmp_of(jpeg, ImageFormat::Jpeg, &labelled);
        assert_eq!(service_aigc(&kept).unwrap()["PropagateID"], "coffee-edit-1");
        assert_eq!(image::load_from_memory(&kept).unwrap().width(), 16);
        // And into a PNG.
        let png = with_xmp_of(small_png(), ImageFormat::Png, &labelled);
        assert_eq!(service_aigc(&png).unwrap()["ContentPropagator"], "wanedit");
    }

    #[test]
    fn the_services_own_label_is_kept() {
        // The service's file with its label as an attribute, under a prefix of its own.
        let theirs = r#"{"Label":"1","ContentProducer":"001191330108MA27YXXX","ProduceID":"task-42","ReservedCode1":"r1","ContentPropagator":"","PropagateID":"","ReservedCode2":""}"#;
        let xmp = format!(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:aigc=\"{TC260_NS}\" aigc:AIGC=\"{}\"/></rdf:RDF></x:xmpmeta>",
            xml_escape(theirs)
        );
        let mut p = Png::from_bytes(Bytes::from(small_png())).unwrap();
        let mut chunk = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
        chunk.extend_from_slice(xmp.as_bytes());
        p.chunks_mut().insert(
            1,
            img_parts::png::PngChunk::new(*b"iTXt", Bytes::from(chunk)),
        );
        let service = p.encoder().bytes().to_vec();
        assert_eq!(service_aigc(&service).unwrap()["ProduceID"], "task-42");
        let ours = service_aigc(&ai_labelled_png(small_png(), &service, "x")).unwrap();
        assert_eq!(ours["ContentProducer"], "001191330108MA27YXXX");
        assert_eq!(ours["ProduceID"], "task-42");
        assert_eq!(ours["ReservedCode1"], "r1");
        assert_eq!(ours["ContentPropagator"], "wanedit");
        assert_eq!(ours["PropagateID"], "x");
    }

    #[test]
    fn a_head_that_ends_before_its_scan_is_not_ruled_out() {
        let private = with_private_segments(&photo("rocket.jpg"));
        assert!(jpeg_head_has_private(&private[..10]));
        assert!(!jpeg_head_has_private(&photo("retina.jpg")));
    }
}
