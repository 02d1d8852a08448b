//! Fonts. The window's own words and symbols come only from fonts the binary carries, so they
//! render the same on a machine with no fonts installed: egui's Ubuntu Light and Hack (Latin),
//! two subsets of Noto Sans CJK (Japanese and Simplified Chinese glyph shapes, made from the
//! characters of the language files and the sources: `assets/fonts/`), and Material Symbols
//! (icons, step and target marks). The one for the window's language comes first, so a kanji
//! shared by both languages takes that language's shape.
//!
//! User text (prompts, file names, the service's messages) may hold any script: the window adds
//! the system's fonts behind the bundled ones, found on demand for a character none of them has
//! ([`system_fallback`]: fontconfig, CoreText or DirectWrite through `fontique`, the system's own
//! fallback rules, memory-mapped, enumerated off the UI thread). A character no font has is drawn
//! as a box ([`egui::MissingGlyphPolicy::Tofu`]), never a panic.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

use crate::i18n::Lang;

/// Noto Sans CJK JP, subset (SIL OFL 1.1; see `assets/fonts/README.md`).
const CJK_JP: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKjp-wanedit-subset.otf");
/// Noto Sans CJK SC, subset (SIL OFL 1.1).
const CJK_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-wanedit-subset.otf");

const JP: &str = "wanedit-noto-sans-cjk-jp";
const SC: &str = "wanedit-noto-sans-cjk-sc";

/// The bundled fonts, CJK shapes in the order `lang` wants them: after egui's Latin fonts,
/// before its last-resort icon fonts.
pub fn definitions(lang: Lang) -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts
        .font_data
        .insert(JP.into(), Arc::new(FontData::from_static(CJK_JP)));
    fonts
        .font_data
        .insert(SC.into(), Arc::new(FontData::from_static(CJK_SC)));
    let cjk = match lang {
        Lang::ZhCn => [SC, JP],
        _ => [JP, SC],
    };
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        // Right after the Latin fonts of the family (Ubuntu Light; Hack then Ubuntu Light).
        let at = list
            .iter()
            .rposition(|n| n == "Ubuntu-Light" || n == "Hack")
            .map_or(0, |i| i + 1);
        for (k, name) in cjk.iter().enumerate() {
            list.insert(at + k, (*name).to_owned());
        }
    }
    fonts
}

/// Installs the bundled fonts for `lang` and the icon font (again after a language change:
/// `set_fonts` replaces the definitions, `initialize` adds the icons to them).
pub fn install(ctx: &egui::Context, lang: Lang) {
    ctx.set_fonts(definitions(lang));
    egui_material_icons::initialize(ctx);
}

/// The system's fonts behind the bundled ones, for user text in any script; `locale` picks
/// between Han shapes (the window's language). Only the window adds this: the UI tests draw
/// with the bundled fonts alone, as a machine without fonts would.
pub fn system_fallback(lang: Lang) -> Arc<dyn egui::FontProvider> {
    let inner =
        egui_system_font_provider::SystemFontProvider::new().with_locale(Some(match lang {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::ZhCn => "zh-CN",
        }));
    Arc::new(Guarded {
        inner,
        broken: std::sync::atomic::AtomicBool::new(false),
    })
}

/// The system's fonts, where a failure can only mean fewer fonts: on a machine without any,
/// fontconfig's enumeration panics inside `fontique` (seen: `fontconfig.rs` unwrapping
/// `NoMatch`), and the provider's lookup then panics on the window's thread. Caught here: the
/// character is drawn as a box, and no system font is asked for again.
struct Guarded<P> {
    inner: P,
    broken: std::sync::atomic::AtomicBool,
}

impl<P: egui::FontProvider> egui::FontProvider for Guarded<P> {
    fn font_for(&self, request: &egui::FallbackRequest<'_>) -> Option<egui::FontInsert> {
        use std::sync::atomic::Ordering::Relaxed;
        if self.broken.load(Relaxed) {
            return None;
        }
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.inner.font_for(request)
        })) {
            Ok(found) => found,
            Err(_) => {
                self.broken.store(true, Relaxed);
                tracing::warn!(
                    "the system's fonts cannot be searched; text they would draw shows as boxes"
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters the window's own words use: every character of the language files and
    /// every non-ASCII character of the sources (what `assets/fonts/subset.sh` keeps).
    #[expect(clippy::disallowed_methods, reason = "the test reads the source tree")]
    fn window_characters() -> std::collections::BTreeSet<char> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs" || x == "ftl") {
                    out.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("src"), &mut files);
        walk(&root.join("assets/i18n"), &mut files);
        assert!(files.len() > 50, "found only {files:?}");
        let mut chars = std::collections::BTreeSet::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let ftl = f.extension().is_some_and(|x| x == "ftl");
            chars.extend(
                text.chars()
                    .filter(|c| !c.is_control() && (ftl || !c.is_ascii())),
            );
        }
        chars
    }

    fn context(lang: Lang) -> egui::Context {
        let ctx = egui::Context::default();
        install(&ctx, lang);
        // Fonts are built at the start of a pass.
        pass(&ctx, |_| {});
        ctx
    }

    /// One pass; its texture news dropped on purpose (nothing draws them here).
    fn pass(ctx: &egui::Context, f: impl FnMut(&mut egui::Ui)) {
        ctx.run_ui(Default::default(), f).textures_delta.clear();
    }

    /// A character of a language file (or of a sentence in the sources) that the bundled fonts
    /// lack fails here, naming it: rebuild the subsets with `assets/fonts/subset.sh`.
    #[test]
    fn every_character_of_the_window_is_bundled() {
        let chars = window_characters();
        assert!(chars.contains(&'合') && chars.contains(&'→'), "{chars:?}");
        for lang in [Lang::En, Lang::Ja, Lang::ZhCn] {
            let ctx = context(lang);
            for family in [FontFamily::Proportional, FontFamily::Monospace] {
                let missing: String = ctx.fonts_mut(|f| {
                    chars
                        .iter()
                        .filter(|c| !c.is_whitespace())
                        .filter(|&&c| !f.has_glyph(&egui::FontId::new(14.0, family.clone()), c))
                        .collect()
                });
                assert!(
                    missing.is_empty(),
                    "{family:?} ({lang:?}) has no glyph for {missing:?}: run assets/fonts/subset.sh"
                );
            }
        }
    }

    /// A system font search that panics (fontconfig with no fonts at all) is a box, not a
    /// crash, and is not tried again.
    #[test]
    fn a_failing_system_font_search_is_a_box_and_asked_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        struct Panics(Arc<AtomicUsize>);
        impl egui::FontProvider for Panics {
            fn font_for(&self, _: &egui::FallbackRequest<'_>) -> Option<egui::FontInsert> {
                self.0.fetch_add(1, Ordering::SeqCst);
                panic!("called `Result::unwrap()` on an `Err` value: NoMatch")
            }
        }
        let asked = Arc::new(AtomicUsize::new(0));
        let ctx = context(Lang::En);
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        ctx.add_font_provider(Arc::new(Guarded {
            inner: Panics(asked.clone()),
            broken: std::sync::atomic::AtomicBool::new(false),
        }));
        pass(&ctx, |ui| {
            ui.label("\u{10600} \u{10601} \u{0E01}");
        });
        pass(&ctx, |ui| {
            ui.label("\u{0E02}");
        });
        assert_eq!(asked.load(Ordering::SeqCst), 1);
    }

    /// The window's language decides which CJK shapes come first.
    #[test]
    fn the_language_orders_the_cjk_fonts() {
        let order = |lang| {
            let d = definitions(lang);
            let p = &d.families[&FontFamily::Proportional];
            (
                p.iter().position(|n| n == JP).unwrap(),
                p.iter().position(|n| n == SC).unwrap(),
                p.iter().position(|n| n == "Ubuntu-Light").unwrap(),
            )
        };
        let (jp, sc, latin) = order(Lang::Ja);
        assert!(latin < jp && jp < sc);
        let (jp, sc, latin) = order(Lang::ZhCn);
        assert!(latin < sc && sc < jp);
    }

    /// A glyph no font has is a box in the window, not a panic (the window's own policy, which
    /// is egui's default; UI tests set Panic to catch the window's own words).
    #[test]
    fn a_glyph_no_font_has_is_a_box() {
        let ctx = context(Lang::En);
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        // Linear A: in no bundled font.
        let text = "\u{10600}\u{10601} and Latin";
        assert!(!ctx.fonts_mut(|f| f.has_glyph(&egui::FontId::proportional(14.0), '\u{10600}')));
        pass(&ctx, |ui| {
            ui.label(text);
            ui.monospace(text);
        });
    }
}
