//! The API key in a real system keychain (Secret Service), through the command line that the
//! window shares, and the message when there is no keychain. Each run uses a keychain entry of
//! its own (WANEDIT_KEYCHAIN_SERVICE), so a user's real key is never touched.
//!
//! `.ci/run` runs this file once more inside `dbus-run-session` with an unlocked
//! gnome-keyring and WANEDIT_EXPECT_KEYCHAIN=1, where the round trip must succeed.

use crate::support;

use std::io::Write;
use std::process::{Command, Stdio};

use support::standin::{Config, StandIn};

fn wanedit(
    args: &[&str],
    service: &str,
    stdin: Option<&str>,
    no_bus: bool,
) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wanedit"));
    c.args(args)
        .env("WANEDIT_KEYCHAIN_SERVICE", service)
        .env(
            "WANEDIT_DATA_DIR",
            std::env::temp_dir().join(format!("wanedit-keychain-test-{}", std::process::id())),
        )
        .env_remove("DASHSCOPE_API_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if no_bus {
        c.env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/wanedit-test-bus",
        );
    }
    let mut child = c.spawn().unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let o = child.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn without_a_keychain_the_message_says_what_to_do_and_never_shows_the_key() {
    let service = format!("wanedit-test-nobus-{}", std::process::id());
    let (code, _, err) = wanedit(
        &["key", "set"],
        &service,
        Some("sk-never-shown-999\n"),
        true,
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no system keychain is available"), "{err}");
    assert!(err.contains("set DASHSCOPE_API_KEY"), "{err}");
    assert!(!err.contains("sk-never-shown-999"));
    let (code, out, _) = wanedit(&["key", "status"], &service, None, true);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("no key: no system keychain is available"),
        "{out}"
    );
}

#[test]
fn a_key_stored_in_the_keychain_is_used_by_edit_and_can_be_deleted() {
    let service = format!("wanedit-test-{}", std::process::id());
    let s = StandIn::start(Config::default());
    let (code, _, err) = wanedit(
        &["key", "set"],
        &service,
        Some(&format!("{}\n", s.key())),
        false,
    );
    let expected = std::env::var("WANEDIT_EXPECT_KEYCHAIN").is_ok();
    if code != 0 {
        // No Secret Service here: the same clear sentence as above, and CI must not be here.
        assert!(
            !expected,
            "a keychain was expected (WANEDIT_EXPECT_KEYCHAIN) but: {err}"
        );
        assert!(
            err.contains("no system keychain is available") || err.contains("refused access"),
            "{err}"
        );
        eprintln!("no Secret Service on this machine; checked the message instead");
        return;
    }
    assert!(err.contains("stored in the system keychain"), "{err}");
    let (code, out, _) = wanedit(&["key", "status"], &service, None, false);
    assert_eq!(
        (code, out.trim()),
        (0, "the key comes from the system keychain")
    );
    assert!(!out.contains(s.key()));

    // `edit` finds the stored key (DASHSCOPE_API_KEY is removed for the child).
    let dir = tempfile::tempdir().unwrap();
    let coffee = support::photo("coffee.png");
    let (code, out, err) = wanedit(
        &[
            "edit",
            "--model",
            "wan2.7-image",
            "--image",
            coffee.to_str().unwrap(),
            "--prompt",
            "a teapot instead",
            "--base-url",
            &s.base_url,
            "--out",
            dir.path().to_str().unwrap(),
        ],
        &service,
        None,
        false,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1);
    assert!(!err.contains(s.key()) && !out.contains(s.key()));
    let auth = s.requests_to("/generation")[0]
        .headers
        .get("authorization")
        .cloned();
    assert_eq!(auth, Some(format!("Bearer {}", s.key())));

    let (code, _, _) = wanedit(&["key", "delete"], &service, None, false);
    assert_eq!(code, 0);
    let (_, out, _) = wanedit(&["key", "status"], &service, None, false);
    assert!(out.starts_with("no key: set DASHSCOPE_API_KEY"), "{out}");
}
