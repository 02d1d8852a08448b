//! The app's icon: one source image, `assets/icon/wanedit.png` (1024 px), from which every size
//! the desktop uses is made (`cargo run --example icons` writes them into
//! `assets/icon/hicolor/`, which the package installs; a test checks they are what this makes).
//! The window shows the same icon.

/// The source image, 1024×1024 RGBA.
pub const SOURCE: &[u8] = include_bytes!("../../assets/icon/wanedit.png");

/// The sizes a Linux desktop looks for (hicolor theme, `NxN/apps/wanedit.png`).
pub const SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

/// The icon at `size`×`size` pixels, resized from the source (Lanczos, in linear alpha:
/// premultiplied, so the transparent corners do not bleed dark fringes).
pub fn at(size: u32) -> image::RgbaImage {
    let src = image::load_from_memory_with_format(SOURCE, image::ImageFormat::Png)
        .expect("the icon source is a PNG built into the binary")
        .to_rgba8();
    if src.width() == size && src.height() == size {
        return src;
    }
    let mut premul = src;
    for p in premul.pixels_mut() {
        let a = p[3] as u32;
        for c in 0..3 {
            p[c] = ((p[c] as u32 * a + 127) / 255) as u8;
        }
    }
    let mut out =
        image::imageops::resize(&premul, size, size, image::imageops::FilterType::Lanczos3);
    for p in out.pixels_mut() {
        let a = p[3] as u32;
        for c in 0..3 {
            if let Some(v) = (p[c] as u32 * 255 + a / 2).checked_div(a) {
                p[c] = v.min(255) as u8;
            }
        }
    }
    out
}

/// The path of a size under `assets/icon/hicolor/`, as the package installs it.
pub fn hicolor_path(size: u32) -> String {
    format!("{size}x{size}/apps/wanedit.png")
}

/// The window's icon (256 px).
pub fn window_icon() -> egui::IconData {
    let img = at(256);
    egui::IconData {
        width: img.width(),
        height: img.height(),
        rgba: img.into_raw(),
    }
}
