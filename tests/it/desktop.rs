//! The installable app: the icon at every size made from its one source, the desktop entry
//! and the package's list of files agreeing with what the app is and reads.

use std::collections::BTreeMap;
use std::path::Path;

use wanedit::ui::icon;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_icon_size_is_the_source_resized_and_the_package_installs_it() {
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let source = image::load_from_memory(icon::SOURCE).unwrap();
    assert_eq!((source.width(), source.height()), (1024, 1024));
    for size in icon::SIZES {
        let rel = icon::hicolor_path(size);
        let path = root().join("assets/icon/hicolor").join(&rel);
        let file = image::open(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (cargo run --example icons)", path.display()))
            .to_rgba8();
        let made = icon::at(size);
        assert_eq!(file.dimensions(), (size, size), "{rel}");
        assert!(
            file == made,
            "{rel} is not the source resized: run cargo run --example icons"
        );
        // Not blank: the corners are transparent, the middle is drawn.
        assert!(file.get_pixel(0, 0)[3] < 16, "{rel}");
        assert_eq!(file.get_pixel(size / 2, size / 2)[3], 255, "{rel}");
        let installed = format!(
            "[\"assets/icon/hicolor/{rel}\", \"usr/share/icons/hicolor/{size}x{size}/apps/\""
        );
        assert!(
            cargo.contains(&installed),
            "the package does not install {rel}"
        );
    }
    let w = icon::window_icon();
    assert_eq!((w.width, w.height), (256, 256));
    assert_eq!(w.rgba, icon::at(256).into_raw());
}

/// The `[Desktop Entry]` group as key → value.
fn desktop_entry() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("assets/wanedit.desktop")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    lines
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("not key=value: {l}"));
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn the_desktop_entry_opens_files_of_every_type_the_app_reads() {
    let e = desktop_entry();
    assert_eq!(e["Type"], "Application");
    assert_eq!(
        e["Exec"], "wanedit %F",
        "files open in the window as inputs"
    );
    assert_eq!(e["Icon"], "wanedit");
    assert_eq!(e["StartupWMClass"], "wanedit");
    assert_eq!(e["Terminal"], "false");
    for lang in ["ja", "zh_CN"] {
        assert!(
            e.contains_key(&format!("Comment[{lang}]")),
            "Comment[{lang}]"
        );
        assert!(
            e.contains_key(&format!("GenericName[{lang}]")),
            "GenericName[{lang}]"
        );
    }
    let mimes: Vec<&str> = e["MimeType"].trim_end_matches(';').split(';').collect();
    // What the window takes as an input (a file of each kind, read by its content).
    for (mime, format) in [
        ("image/jpeg", image::ImageFormat::Jpeg),
        ("image/png", image::ImageFormat::Png),
        ("image/webp", image::ImageFormat::WebP),
        ("image/bmp", image::ImageFormat::Bmp),
        ("image/tiff", image::ImageFormat::Tiff),
        ("image/gif", image::ImageFormat::Gif),
    ] {
        assert!(mimes.contains(&mime), "{mime} is missing from MimeType");
        assert!(
            format.reading_enabled(),
            "{mime} is offered but the build cannot read it"
        );
    }
    assert_eq!(mimes.len(), 6, "a type the app does not read: {mimes:?}");
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(cargo.contains("[\"assets/wanedit.desktop\", \"usr/share/applications/\", \"644\"]"));
    assert!(cargo.contains("[\"target/release/wanedit\", \"usr/bin/\", \"755\"]"));
}

#[test]
fn version_says_the_package_version_without_opening_a_window() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .arg("--version")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env(
            "WANEDIT_DATA_DIR",
            std::env::temp_dir().join("wanedit-version-test"),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("wanedit {}", env!("CARGO_PKG_VERSION"))
    );
}
