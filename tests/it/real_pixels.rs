//! Real pixels at every zoom, in the real window: wanedit under Xvfb (glow) with a 6000×4000
//! image of random pixel colours, `1` pressed, then `4`: the screenshot of the canvas must be the
//! source pixels themselves (at 100 % one screen pixel each, at 400 % a 4×4 block each), not the
//! 2048-px preview stretched (whose blur would change nearly every colour).
//!
//! Needs Xvfb, xdotool and ImageMagick's `import` (Debian: xvfb xdotool imagemagick). `.ci/run`
//! installs them and sets WANEDIT_EXPECT_XVFB=1, under which their absence fails the test;
//! elsewhere the test says it could not run and passes.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::{Rgb, RgbImage};

use crate::support::{Killed, have, start_xvfb};

const W: u32 = 6000;
const H: u32 = 4000;

/// Black or white, at random per pixel: no neighbour predicts a pixel, so any resampling
/// (a stretched preview, a half-pixel shift) shows as grey. Two values keep the PNG small
/// enough to be sent as it is (these are the pixels the service gets), and survive the sRGB
/// round trip exactly.
fn colour(x: u32, y: u32) -> Rgb<u8> {
    let mut v = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    v ^= v >> 29;
    v = v.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    v ^= v >> 32;
    if v & 1 == 0 {
        Rgb([0, 0, 0])
    } else {
        Rgb([255, 255, 255])
    }
}

fn screenshot(display: &str, out: &Path) -> Option<RgbImage> {
    let ok = Command::new("import")
        .args(["-window", "root"])
        .arg(out)
        .env("DISPLAY", display)
        .status()
        .ok()?
        .success();
    if !ok {
        return None;
    }
    image::open(out).ok().map(|i| i.to_rgb8())
}

fn key(display: &str, window: &str, k: &str) {
    let _ = Command::new("xdotool")
        .args(["windowfocus", "--sync", window, "key", k])
        .env("DISPLAY", display)
        .status();
}

/// Where in the source the screen patch at (sx, sy), `size` screen pixels square, shows each
/// source pixel as a `scale`×`scale` block: the source position of its first block, found by
/// searching around `guess`. `None` when no position matches every pixel exactly.
fn find(
    shot: &RgbImage,
    (sx, sy): (u32, u32),
    size: u32,
    scale: u32,
    guess: (i64, i64),
    want_at: impl Fn(u32, u32) -> Rgb<u8>,
) -> Option<(i64, i64)> {
    let r = 700;
    // The block alignment on screen: where a new source pixel starts.
    for (ox, oy) in (0..scale).flat_map(|a| (0..scale).map(move |b| (a, b))) {
        for gy in (guess.1 - r).max(0)..(guess.1 + r).min(H as i64 - 64) {
            'candidate: for gx in (guess.0 - r).max(0)..(guess.0 + r).min(W as i64 - 64) {
                for py in 0..size / scale - 1 {
                    for px in 0..size / scale - 1 {
                        let want = want_at((gx + px as i64) as u32, (gy + py as i64) as u32);
                        for (dx, dy) in (0..scale).flat_map(|a| (0..scale).map(move |b| (a, b))) {
                            let got = shot
                                .get_pixel(sx + ox + px * scale + dx, sy + oy + py * scale + dy);
                            if *got != want {
                                continue 'candidate;
                            }
                        }
                    }
                }
                return Some((gx, gy));
            }
        }
    }
    None
}

/// The inverse of `colour`: what the stand-in's inverted answer holds.
fn inverse(x: u32, y: u32) -> Rgb<u8> {
    let Rgb([v, _, _]) = colour(x, y);
    Rgb([255 - v; 3])
}

/// Xvfb and wanedit running on it with the test image, and the window's id. `None` (after
/// saying why) when the tools are missing outside CI.
struct Session {
    /// The test image and the app's home (removed at the end).
    _dir: tempfile::TempDir,
    display: String,
    window: String,
    // Dropped in this order: the app, then the X server.
    _app: Killed,
    _xvfb: Killed,
}

fn start(envs: &[(&str, &str)]) -> Option<Session> {
    let tools = ["Xvfb", "xdotool", "import"];
    if let Some(missing) = tools.iter().find(|t| !have(t)) {
        assert!(
            std::env::var_os("WANEDIT_EXPECT_XVFB").is_none(),
            "{missing} is missing (Debian: xvfb xdotool imagemagick)"
        );
        eprintln!("could not run: {missing} is missing (Debian: xvfb xdotool imagemagick)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    // Grey, one byte a pixel: the PNG stays small enough to be sent as it is.
    let img = image::GrayImage::from_fn(W, H, |x, y| image::Luma([colour(x, y).0[0]]));
    let src = dir.path().join("pixels.png");
    img.save(&src).unwrap();
    let bytes = std::fs::metadata(&src).unwrap().len();
    assert!(
        bytes < 20_000_000,
        "the test image must be sent as it is ({bytes} bytes)"
    );

    let (display, xvfb) = start_xvfb("1600x1000");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wanedit"));
    cmd.arg(&src)
        .env("DISPLAY", &display)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local"))
        .env("WANEDIT_DATA_DIR", home.join("data"))
        // A key, so the canvas shows (not the first-run steps); checked against nothing.
        .env("DASHSCOPE_API_KEY", "sk-0123456789abcdef0123456789abcdef")
        .env("DASHSCOPE_HTTP_BASE_URL", "http://127.0.0.1:9/api/v1")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let err_path = dir.path().join("wanedit.stderr");
    let start = |cmd: &mut Command| {
        let err = std::fs::File::create(&err_path).unwrap();
        Killed(cmd.stderr(err).spawn().expect("start wanedit"))
    };
    let mut app = start(&mut cmd);
    let mut tries = 1;
    let window = {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let o = Command::new("xdotool")
                .args(["search", "--name", "^wanedit$"])
                .env("DISPLAY", &display)
                .output()
                .unwrap();
            let id = String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_string);
            if let Some(id) = id {
                break id;
            }
            if let Ok(Some(status)) = app.0.try_wait() {
                // On a loaded machine a fresh Xvfb can refuse its first client: start again.
                let said =
                    std::fs::read_to_string(dir.path().join("wanedit.stderr")).unwrap_or_default();
                assert!(
                    tries < 3,
                    "wanedit exited before its window opened ({status}) on {display}: {said}"
                );
                tries += 1;
                std::thread::sleep(Duration::from_millis(500));
                app = start(&mut cmd);
                continue;
            }
            assert!(Instant::now() < deadline, "the window did not open");
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    Some(Session {
        _dir: dir,
        display,
        window,
        _app: app,
        _xvfb: xvfb,
    })
}

fn xdotool(display: &str, args: &[&str]) {
    let _ = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .status();
}

#[test]
fn at_100_and_400_percent_the_canvas_shows_the_source_pixels_themselves() {
    let Some(s) = start(&[]) else { return };
    let (display, window) = (s.display.as_str(), s.window.as_str());
    // Kept after the test, to look at when it fails.
    let shot_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-pixels-canvas.png");
    // The canvas's middle: the window is 1400×900 at the top left; with an image in the strip
    // the canvas spans about x 330…1190, y 250…680.
    let (sx, sy, size) = (640u32, 380u32, 96u32);
    for (k, scale) in [("1", 1u32), ("4", 4u32)] {
        let deadline = Instant::now() + Duration::from_secs(90);
        let found = loop {
            // Pressed again each time: the first presses may land before the image loaded.
            key(display, window, k);
            std::thread::sleep(Duration::from_millis(700));
            if let Some(shot) = screenshot(display, &shot_path) {
                // The image's centre sits at the canvas's centre (about 760, 465) after fit.
                let guess = (
                    W as i64 / 2 - (760 - sx as i64) / scale as i64,
                    H as i64 / 2 - (465 - sy as i64) / scale as i64,
                );
                if let Some(at) = find(&shot, (sx, sy), size, scale, guess, colour) {
                    break at;
                }
            }
            assert!(
                Instant::now() < deadline,
                "at {}%, the canvas never showed the source pixels exactly (last screenshot: {})",
                scale * 100,
                shot_path.display()
            );
        };
        eprintln!(
            "{}%: the patch shows source pixels from {found:?}",
            scale * 100
        );
    }
}

/// The compare view, side by side, with a result of the same size whose every pixel is known
/// (the stand-in answers with the input inverted): at 100 % and 400 % the before side shows
/// the input's own pixels and the after side the result's, each side at the same place.
#[test]
fn at_100_and_400_percent_both_sides_of_the_compare_show_their_own_pixels_in_step() {
    let standin = crate::support::standin::StandIn::start(crate::support::standin::Config {
        inverted: true,
        ..Default::default()
    });
    let Some(s) = start(&[
        ("DASHSCOPE_API_KEY", standin.key()),
        ("DASHSCOPE_HTTP_BASE_URL", standin.base_url.as_str()),
    ]) else {
        return;
    };
    let (display, window) = (s.display.as_str(), s.window.as_str());
    // Kept after the test, to look at when it fails.
    let shot_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-pixels-compare.png");
    // Type an instruction (the field sits at the left, under "Instruction") and run it with
    // Ctrl+Enter; the compare view opens on the result by itself. Tried again until the
    // stand-in has the job: the first try may land while the window is still starting.
    let deadline = Instant::now() + Duration::from_secs(120);
    while standin.accepted_generations() == 0 {
        assert!(
            Instant::now() < deadline,
            "the job never reached the stand-in"
        );
        xdotool(display, &["windowfocus", "--sync", window]);
        xdotool(display, &["mousemove", "159", "346", "click", "1"]);
        std::thread::sleep(Duration::from_millis(400));
        xdotool(display, &["key", "ctrl+a"]);
        xdotool(display, &["type", "--delay", "30", "invert it"]);
        std::thread::sleep(Duration::from_millis(300));
        xdotool(display, &["keydown", "ctrl"]);
        std::thread::sleep(Duration::from_millis(150));
        xdotool(display, &["key", "Return"]);
        std::thread::sleep(Duration::from_millis(150));
        xdotool(display, &["keyup", "ctrl"]);
        let wait = Instant::now() + Duration::from_secs(10);
        while standin.accepted_generations() == 0 && Instant::now() < wait {
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    // Off the text field, so that 1 and 4 reach the view.
    xdotool(display, &["windowfocus", "--sync", window, "key", "Escape"]);
    // The two panes of the compare view: about x 330…786 and 790…1246, y 346…676.
    let (left, right, size) = ((500u32, 470u32), (960u32, 470u32), 64u32);
    let centres = [(558i64, 511i64), (1018i64, 511i64)];
    let mut offsets = Vec::new();
    for (k, scale) in [("1", 1u32), ("4", 4u32)] {
        let deadline = Instant::now() + Duration::from_secs(120);
        let (a, b) = loop {
            key(display, window, k);
            std::thread::sleep(Duration::from_millis(700));
            if let Some(shot) = screenshot(display, &shot_path) {
                let guess = |(sx, sy): (u32, u32), (cx, cy): (i64, i64)| {
                    (
                        W as i64 / 2 - (cx - sx as i64) / scale as i64,
                        H as i64 / 2 - (cy - sy as i64) / scale as i64,
                    )
                };
                let a = find(&shot, left, size, scale, guess(left, centres[0]), colour);
                let b = a.and_then(|_| {
                    find(&shot, right, size, scale, guess(right, centres[1]), inverse)
                });
                if let (Some(a), Some(b)) = (a, b) {
                    break (a, b);
                }
            }
            assert!(
                Instant::now() < deadline,
                "at {}%, the compare view never showed both sides' pixels exactly (last screenshot: {})",
                scale * 100,
                shot_path.display()
            );
        };
        eprintln!("{}%: before shows {a:?}, after shows {b:?}", scale * 100);
        // In step: the after pane shows the same source pixel as the before pane at one fixed
        // screen offset (the pane width), whatever the zoom.
        assert_eq!(
            a.1, b.1,
            "the two sides are not level: before {a:?}, after {b:?}"
        );
        let offset = (right.0 as i64 - left.0 as i64) - (b.0 - a.0) * scale as i64;
        offsets.push(offset);
    }
    assert!(
        (offsets[0] - offsets[1]).abs() <= 4 && (400..=520).contains(&offsets[0]),
        "the after pane is not a fixed pane width from the before pane at every zoom: {offsets:?}"
    );
}
