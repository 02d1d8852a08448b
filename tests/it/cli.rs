//! The `wanedit edit` command line against the stand-in, run as a user would.

use crate::support;

use std::process::Command;

use support::photo;
use support::standin::{Config, StandIn};

fn wanedit(s: &StandIn, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(args)
        .args(["--base-url", &s.base_url])
        .env("DASHSCOPE_API_KEY", s.key())
        // The task journal goes to a folder of the test's own, never the user's.
        .env(
            "WANEDIT_DATA_DIR",
            std::env::temp_dir().join(format!("wanedit-cli-test-{}", std::process::id())),
        )
        .env_remove("RUST_LOG")
        .output()
        .expect("run wanedit")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn edit_writes_the_results_into_out_sync_and_async() {
    let s = StandIn::start(Config::default());
    let coffee = photo("coffee.png");
    let rocket = photo("rocket.jpg");
    for extra in [&[][..], &["--async"][..]] {
        let out = tempfile::tempdir().unwrap();
        let mut args = vec![
            "edit",
            "--model",
            "wan2.7-image",
            "--image",
            coffee.to_str().unwrap(),
            "--image",
            rocket.to_str().unwrap(),
            "--box",
            "1:10,10,200,200",
            "--box",
            "2:5,6,300,400",
            "--prompt",
            "replace the cup in box 1 with a teapot",
            "--size",
            "2K",
            "--n",
            "2",
            "--out",
            out.path().to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = wanedit(&s, &args);
        let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
        assert!(o.status.success(), "{extra:?}\n{stdout}\n{stderr}");
        let files: Vec<&str> = stdout.lines().collect();
        assert_eq!(files.len(), 2, "{stdout}");
        for f in &files {
            assert!(f.starts_with(out.path().to_str().unwrap()), "{f}");
            let img = image::open(f).unwrap();
            assert_eq!(img.width(), 64);
        }
        assert!(stderr.contains("billed images: 2"), "{stderr}");
        assert!(stderr.contains("request_id req-"), "{stderr}");
        assert!(!stderr.contains(s.key()) && !stdout.contains(s.key()));
        if extra.is_empty() {
            assert!(!stderr.contains("task "), "{stderr}");
        } else {
            assert!(stderr.contains("SUCCEEDED"), "{stderr}");
        }
    }
    let gens = s.requests_to("/generation");
    assert_eq!(gens.len(), 2);
    for g in gens {
        assert_eq!(
            g.json.as_ref().unwrap()["parameters"]["bbox_list"],
            serde_json::json!([[[10, 10, 200, 200]], [[5, 6, 300, 400]]])
        );
    }
}

#[test]
fn print_request_prints_curl_without_the_key_and_sends_nothing() {
    let s = StandIn::start(Config::default());
    let coffee = photo("coffee.png");
    let o = wanedit(
        &s,
        &[
            "edit",
            "--model",
            "wan2.5-i2i-preview",
            "--image",
            coffee.to_str().unwrap(),
            "--prompt",
            "it's autumn",
            "--negative",
            "blurry",
            "--size",
            "1280*1280",
            "--print-request",
        ],
    );
    let stdout = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        stdout.starts_with(&format!(
            "curl -X POST '{}/services/aigc/image2image/image-synthesis'",
            s.base_url
        )),
        "{stdout}"
    );
    assert!(stdout.contains("-H \"Authorization: Bearer $DASHSCOPE_API_KEY\""));
    assert!(stdout.contains("-H 'X-DashScope-Async: enable'"));
    assert!(stdout.contains(r"it'\''s autumn"));
    assert!(stdout.contains("\"negative_prompt\": \"blurry\""));
    assert!(stdout.contains("data:image/png;base64,iVBOR"));
    assert!(!stdout.contains(s.key()));
    assert!(s.requests().is_empty(), "--print-request sent something");
}

#[test]
fn bad_jobs_and_missing_keys_get_sentences_and_exit_codes() {
    let s = StandIn::start(Config::default());
    let logo = photo("logo.png");
    let out = tempfile::tempdir().unwrap();
    let o = wanedit(
        &s,
        &[
            "edit",
            "--model",
            "wan2.6-image",
            "--image",
            logo.to_str().unwrap(),
            "--box",
            "1:0,0,10,10",
            "--prompt",
            "x",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("wanedit: image 1 (logo.png): its unused alpha channel removed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("wanedit: wan2.6-image does not take edit regions"),
        "{stderr}"
    );

    let o = Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args([
            "edit",
            "--model",
            "wan2.7-image",
            "--prompt",
            "a cat",
            "--out",
            out.path().to_str().unwrap(),
            "--base-url",
            &s.base_url,
        ])
        .env_remove("DASHSCOPE_API_KEY")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("no API key: set DASHSCOPE_API_KEY"),
        "{}",
        text(&o.stderr)
    );

    let o = wanedit(
        &s,
        &[
            "edit",
            "--model",
            "wan2.7-image",
            "--prompt",
            "a cat",
            "--box",
            "1:1,2,3",
            "--out",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("should look like 1:10,20,300,400"));

    let o = wanedit(
        &s,
        &[
            "edit",
            "--model",
            "wan2.7-image",
            "--image",
            "/nonexistent/photo.png",
            "--prompt",
            "x",
            "--out",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("could not read /nonexistent/photo.png"),
        "{}",
        text(&o.stderr)
    );
    assert!(s.requests().is_empty());
}

/// `wanedit key check`: 0 valid, 1 refused (with what to do), 2 no connection; one free policy
/// request, no task, and the key never printed.
#[test]
fn key_check_says_valid_refused_or_no_connection_in_its_exit_status() {
    let s = StandIn::start(Config::default());
    let run = |base: &str, key: &str| {
        Command::new(env!("CARGO_BIN_EXE_wanedit"))
            .args(["key", "check", "--base-url", base])
            .env("DASHSCOPE_API_KEY", key)
            .env(
                "WANEDIT_DATA_DIR",
                std::env::temp_dir().join(format!("wanedit-cli-test-{}", std::process::id())),
            )
            .env_remove("RUST_LOG")
            .output()
            .expect("run wanedit")
    };
    let o = run(&s.base_url, s.key());
    let said = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(said.contains("the key is valid for"), "{said}");
    assert!(!said.contains(s.key()));

    let wrong = "sk-0123456789abcdef0123456789abcdef";
    let o = run(&s.base_url, wrong);
    let said = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(said.contains("keys are per region"), "{said}");
    assert!(!said.contains(wrong));

    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/api/v1", l.local_addr().unwrap())
    };
    let o = run(&dead, s.key());
    let said = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(2), "{said}");
    assert!(said.contains("no connection to"), "{said}");

    assert!(s.task_ids().is_empty());
    assert!(
        s.requests()
            .iter()
            .all(|r| r.method == "GET" && r.path.ends_with("/uploads")),
        "only policy requests"
    );
}

/// `wanedit batch` over a folder of twelve images with the account's limits on at the
/// stand-in: every image done once, never more than five submissions in a second or five
/// tasks at once, the boxes given as fractions placed on each image, and a manifest that says
/// where every item ended.
#[test]
fn batch_runs_a_folder_at_the_accounts_limits_and_writes_its_manifest() {
    use support::standin::Limits;
    let s = StandIn::start(Config {
        pending: std::time::Duration::from_millis(300),
        running: std::time::Duration::from_millis(300),
        limits: Some(Limits::DOCUMENTED),
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("shots");
    std::fs::create_dir(&inputs).unwrap();
    for i in 0..12u32 {
        let img = image::RgbImage::from_fn(400, 300, |x, y| {
            image::Rgb([(x / 2) as u8, (y / 2) as u8, (i * 20) as u8])
        });
        img.save(inputs.join(format!("shot-{i:02}.png"))).unwrap();
    }
    std::fs::write(inputs.join("notes.txt"), "not an image").unwrap();
    let out = dir.path().join("out");
    let o = wanedit(
        &s,
        &[
            "batch",
            "--model",
            "wan2.7-image",
            "--prompt",
            "remove the watermark in box 1",
            "--async",
            "--box",
            "1:0.1,0.1,0.5,0.5",
            "--out",
            out.to_str().unwrap(),
            inputs.to_str().unwrap(),
        ],
    );
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("12 done, 0 failed, 12 image(s) billed"),
        "{err}"
    );

    // The manifest: every item done, with its task and its result on disk.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("batch.json")).unwrap()).unwrap();
    let items = m["items"].as_array().unwrap();
    assert_eq!(items.len(), 12, "the text file is not an item");
    for item in items {
        assert_eq!(item["status"], "done", "{item}");
        assert!(item["task_id"].as_str().is_some(), "{item}");
        let outputs = item["outputs"].as_array().unwrap();
        assert_eq!(outputs.len(), 1, "{item}");
        assert!(std::path::Path::new(outputs[0].as_str().unwrap()).exists());
    }
    // Stdout lists the results, one a line.
    assert_eq!(text(&o.stdout).lines().count(), 12);

    // The stand-in saw each image created once, at most five a second and five at work at
    // once. The pacing keeps to the rate with a margin for the time a request takes to
    // arrive; on a loaded machine one may still arrive late enough to be throttled (and is
    // sent again), never more than that.
    let all = s.creates();
    let throttled = all.iter().filter(|c| c.accepted.is_none()).count();
    assert!(throttled <= 1, "{throttled} throttled: {all:?}");
    let creates: Vec<_> = all.into_iter().filter(|c| c.accepted.is_some()).collect();
    assert_eq!(creates.len(), 12, "{creates:?}");
    let ids: std::collections::HashSet<_> = creates.iter().map(|c| c.accepted.clone()).collect();
    assert_eq!(ids.len(), 12);
    for a in &creates {
        let within = creates
            .iter()
            .filter(|b| {
                b.at >= a.at && b.at.duration_since(a.at) < std::time::Duration::from_secs(1)
            })
            .count();
        assert!(within <= 5, "{within} creates in one second");
    }
    assert!(s.most_running_at_once() <= 5);
    // The box, as fractions of 400×300.
    let req = &s.requests_to("/image-generation/generation")[0];
    assert_eq!(
        req.json.as_ref().unwrap()["parameters"]["bbox_list"],
        serde_json::json!([[[40, 30, 200, 150]]])
    );
}

#[test]
fn batch_refuses_what_it_cannot_run_with_a_sentence() {
    let s = StandIn::start(Config::default());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = wanedit(
        &s,
        &[
            "batch",
            "--model",
            "wan2.7-image",
            "--prompt",
            "x",
            "--box",
            "1:0.5,0.1,0.2,0.9",
            "--out",
            out.to_str().unwrap(),
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("fractions go from 0 to 1, with x1 < x2 and y1 < y2"),
        "{}",
        text(&o.stderr)
    );
    let o = wanedit(
        &s,
        &[
            "batch",
            "--model",
            "wan2.7-image",
            "--prompt",
            "x",
            "--out",
            out.to_str().unwrap(),
            dir.path().join("missing").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("is neither a file nor a folder; check the path"),
        "{}",
        text(&o.stderr)
    );
    assert!(s.creates().is_empty());
}
