//! Fonts: egui's defaults have no Chinese or Japanese glyphs. A CJK-capable system font, when one
//! is installed, is added as a fallback so prompts and file names in those scripts render. The
//! icon font (Material Symbols) is always added.

/// Well-known places of CJK fonts on Linux, macOS and Windows, best first.
const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\YuGothM.ttc",
];

/// The first CJK font found, as (path, bytes). Read once at start-up, before the first frame.
#[allow(clippy::disallowed_methods)]
pub fn find_cjk_font() -> Option<(&'static str, Vec<u8>)> {
    CANDIDATES
        .iter()
        .find_map(|p| std::fs::read(p).ok().map(|b| (*p, b)))
}

/// Adds the icon font, and a CJK fallback font when one is installed (returns its path).
pub fn install(ctx: &egui::Context) -> Option<&'static str> {
    let cjk = install_cjk(ctx);
    // After set_fonts (which replaces the definitions): add_font keeps what is there.
    egui_material_icons::initialize(ctx);
    cjk
}

fn install_cjk(ctx: &egui::Context) -> Option<&'static str> {
    let (path, bytes) = find_cjk_font()?;
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "cjk".into(),
        std::sync::Arc::new(egui::FontData::from_owned(bytes)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("cjk".into());
    }
    ctx.set_fonts(fonts);
    Some(path)
}
