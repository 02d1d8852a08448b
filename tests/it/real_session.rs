//! Nothing lost, in the real window: wanedit under Xvfb with two photos; a box added (N) and a
//! prompt typed; SIGKILL; started again with no files: the two photos, the box and the prompt
//! are back (the second process writes what it put back, and it is all there). Then SIGTERM
//! closes it as its close button would: kept as closed normally.
//!
//! Needs Xvfb and xdotool (Debian: xvfb xdotool). `.ci/run` installs them and sets
//! WANEDIT_EXPECT_XVFB=1, under which their absence fails the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wanedit::ui::KeptComposer;

use crate::support::{Killed, have, photo, start_xvfb};

fn xdotool(display: &str, args: &[&str]) {
    let _ = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .status();
}

fn kept(data: &Path) -> Option<KeptComposer> {
    let bytes = std::fs::read(data.join("session.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn wait_for(what: &str, secs: u64, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn window(display: &str, data: &Path, home: &Path, files: &[PathBuf]) -> Killed {
    Killed(
        Command::new(env!("CARGO_BIN_EXE_wanedit"))
            .args(files)
            .env("DISPLAY", display)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local"))
            .env("WANEDIT_DATA_DIR", data)
            .env("LANG", "en_US.UTF-8")
            .env_remove("DASHSCOPE_API_KEY")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start wanedit"),
    )
}

/// The window's X id, once it is mapped.
fn window_id(display: &str) -> String {
    let mut id = String::new();
    wait_for("the window", 60, || {
        let out = Command::new("xdotool")
            .args(["search", "--name", "wanedit"])
            .env("DISPLAY", display)
            .output()
            .unwrap();
        id = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        !id.is_empty()
    });
    id
}

#[test]
fn a_killed_window_comes_back_with_its_images_box_and_prompt() {
    if let Some(missing) = ["Xvfb", "xdotool"].iter().find(|t| !have(t)) {
        assert!(
            std::env::var_os("WANEDIT_EXPECT_XVFB").is_none(),
            "{missing} is missing (Debian: xvfb xdotool)"
        );
        eprintln!("could not run: {missing} is missing (Debian: xvfb xdotool)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (data, home) = (dir.path().join("data"), dir.path().join("home"));
    std::fs::create_dir_all(&home).unwrap();
    let (display, _xvfb) = start_xvfb("1400x900");

    // A day's work: two photos opened, a box added with N, a prompt typed.
    let mut first = window(
        &display,
        &data,
        &home,
        &[photo("coffee.png"), photo("chelsea.png")],
    );
    let id = window_id(&display);
    xdotool(&display, &["windowmove", &id, "0", "0"]);
    wait_for("the two photos kept", 60, || {
        kept(&data).is_some_and(|k| k.inputs.len() == 2)
    });
    std::thread::sleep(Duration::from_millis(500));
    xdotool(&display, &["windowfocus", "--sync", &id]);
    xdotool(&display, &["mousemove", "700", "560"]);
    xdotool(&display, &["key", "n"]);
    wait_for("the box kept", 30, || {
        kept(&data).is_some_and(|k| k.inputs.iter().map(|i| i.boxes.len()).sum::<usize>() == 1)
    });
    // The instruction field, in the prompt panel on the left.
    xdotool(&display, &["mousemove", "150", "345", "click", "1"]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&display, &["type", "--delay", "20", "a teapot in box 1"]);
    wait_for("the prompt kept", 30, || {
        kept(&data).is_some_and(|k| k.prompt.prompt == "a teapot in box 1")
    });
    let before = kept(&data).unwrap();
    assert!(!before.closed_normally);

    // SIGKILL: no chance to write anything more.
    first.0.kill().unwrap();
    first.0.wait().unwrap();
    drop(first);

    // Started again with no files: all of it is back.
    let mut second = window(&display, &data, &home, &[]);
    let id = window_id(&display);
    // The second window writes what it holds as soon as it has drawn (an empty strip would be
    // written over the kept one): give it time, then it must still be the day's work.
    std::thread::sleep(Duration::from_secs(4));
    let after = kept(&data).expect("nothing kept");
    let names: Vec<&str> = after.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["coffee.png", "chelsea.png"]);
    assert_eq!(
        after
            .inputs
            .iter()
            .map(|i| i.boxes.clone())
            .collect::<Vec<_>>(),
        before
            .inputs
            .iter()
            .map(|i| i.boxes.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(after.prompt.prompt, "a teapot in box 1");
    assert!(!after.closed_normally);

    // SIGTERM closes it as a close button would.
    let _ = Command::new("kill")
        .args(["-TERM", &second.0.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if second.0.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "SIGTERM did not close the window"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = id;
    let closed = kept(&data).unwrap();
    assert!(closed.closed_normally, "SIGTERM was kept as a crash");
    assert_eq!(closed.inputs.len(), 2);
}
