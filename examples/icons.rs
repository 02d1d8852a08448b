//! Writes the app's icon at every size the desktop uses, from its one source image
//! (`assets/icon/wanedit.png`), into `assets/icon/hicolor/NxN/apps/wanedit.png`, which the
//! `.deb` installs. Run it after changing the source:
//!
//!     cargo run --example icons
//!
//! (`cargo test` fails while the written sizes are not what the source gives.)

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icon/hicolor");
    for size in wanedit::ui::icon::SIZES {
        let path = root.join(wanedit::ui::icon::hicolor_path(size));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        wanedit::ui::icon::at(size).save(&path).unwrap();
        println!("{}", path.display());
    }
}
