//! The `wanedit edit` command line against the stand-in, run as a user would.

use crate::support;

use std::process::Command;

use support::standin::{Config, StandIn};
use support::{photo, shots};

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
            "--yes",
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
    let creates = accepted_once_each_within_the_rate(&s);
    assert_eq!(creates.len(), 12, "{creates:?}");
    let ids: std::collections::HashSet<_> = creates.iter().map(|c| c.accepted.clone()).collect();
    assert_eq!(ids.len(), 12);
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

/// `wanedit` with a data folder of the test's own (ledger, batches, prices apart from the other
/// tests running at once).
fn wanedit_cmd(s: &StandIn, data: &std::path::Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wanedit"));
    c.args(args);
    // Only the commands that reach the service take a base URL.
    if args.first() == Some(&"batch") {
        c.args(["--base-url", &s.base_url]);
    }
    c.env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data)
        .env_remove("RUST_LOG");
    c
}

fn manifest(out: &std::path::Path) -> Option<serde_json::Value> {
    serde_json::from_slice(&std::fs::read(out.join("batch.json")).ok()?).ok()
}

fn with_status(m: &serde_json::Value, status: &str) -> usize {
    m["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == status)
        .count()
}

/// Accepted creates: each with a request body no other accepted create had (no item was
/// created twice), at most five in any one-second window.
fn accepted_once_each_within_the_rate(s: &StandIn) -> Vec<support::standin::CreateLog> {
    let creates = support::created_once_each(s);
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
    creates
}

/// Fifty images at the documented limits (5 submissions a second, 5 tasks at once) with
/// 5-second tasks: the limit-bound best is ten rounds of five, 50 s from the first create to
/// the last task's end. The batch is within 90 % of that throughput (55.6 s), all fifty done,
/// none created twice, never over either limit. What is timed is the batch's own schedule: from
/// its first create to when its last task ends on the service (its create plus the task's 5 s),
/// not the downloads and the process's exit after it, which a loaded machine stretches.
#[test]
fn a_batch_of_fifty_runs_within_ninety_percent_of_the_limit_bound_throughput() {
    use support::standin::Limits;
    let task = std::time::Duration::from_secs(5);
    let s = StandIn::start(Config {
        pending: std::time::Duration::from_secs(1),
        running: task - std::time::Duration::from_secs(1),
        limits: Some(Limits::DOCUMENTED),
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let inputs = shots(dir.path(), 50);
    let out = dir.path().join("out");
    let o = wanedit_cmd(
        &s,
        &dir.path().join("data"),
        &[
            "batch",
            "--model",
            "wan2.7-image",
            "--prompt",
            "put the product on a white background",
            "--yes",
            "--out",
            out.to_str().unwrap(),
            inputs.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("50 done, 0 failed, 50 image(s) billed"),
        "{err}"
    );
    let creates = accepted_once_each_within_the_rate(&s);
    assert_eq!(creates.len(), 50);
    let first = creates.iter().map(|c| c.at).min().unwrap();
    let last_task_ends = creates.iter().map(|c| c.at).max().unwrap() + task;
    let took = last_task_ends.duration_since(first);
    let best = task * 10;
    let share = best.as_secs_f64() / took.as_secs_f64();
    eprintln!(
        "50 items in {took:?} from the first create; limit-bound best {best:?}: {:.0} %",
        share * 100.0
    );
    assert!(
        share >= 0.9,
        "{took:?} for a best of {best:?}: {:.0} %",
        share * 100.0
    );
}

/// SIGKILL in the middle of a 30-image batch, then `wanedit batch --resume`: all thirty done,
/// no item created twice (the stand-in's log), and the ledger equal to what the stand-in
/// billed. The kill is made at a moment when no item is between "sent" and "answered" (the
/// process is frozen, its manifest read, and killed only then): that case is the "may have
/// run" test's below.
#[test]
fn a_killed_batch_resumes_and_sends_no_item_twice() {
    use support::standin::Limits;
    let s = StandIn::start(Config {
        pending: std::time::Duration::from_millis(200),
        running: std::time::Duration::from_millis(600),
        limits: Some(Limits::DOCUMENTED),
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = shots(dir.path(), 30);
    let out = dir.path().join("out");
    let log = std::fs::File::create(dir.path().join("first.log")).unwrap();
    let mut child = wanedit_cmd(
        &s,
        &data,
        &[
            "batch",
            "--model",
            "wan2.7-image",
            "--prompt",
            "remove the watermark",
            "--yes",
            "--out",
            out.to_str().unwrap(),
            inputs.to_str().unwrap(),
        ],
    )
    .stdout(std::process::Stdio::null())
    .stderr(log)
    .spawn()
    .unwrap();
    let pid = child.id() as i32;
    let spawned = std::time::Instant::now();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let killed_with = loop {
        assert!(
            std::time::Instant::now() < deadline,
            "no moment to kill it came"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        if manifest(&out).is_none_or(|m| with_status(&m, "done") < 8) {
            continue;
        }
        unsafe { libc::kill(pid, libc::SIGSTOP) };
        std::thread::sleep(std::time::Duration::from_millis(20));
        let m = manifest(&out).unwrap();
        let unsure = m["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["status"] == "running" && i["sent"] == true && i["task_id"].is_null());
        if unsure {
            unsafe { libc::kill(pid, libc::SIGCONT) };
            continue;
        }
        unsafe { libc::kill(pid, libc::SIGKILL) };
        break m;
    };
    child.wait().unwrap();
    eprintln!("killed after {:?}", spawned.elapsed());
    let done_at_kill = with_status(&killed_with, "done");
    eprintln!(
        "killed with {done_at_kill} done, {} running, {} waiting",
        with_status(&killed_with, "running"),
        with_status(&killed_with, "waiting")
    );
    assert!(done_at_kill < 30, "the batch had ended before the kill");
    assert!(
        with_status(&killed_with, "running") + with_status(&killed_with, "waiting") > 0,
        "{killed_with}"
    );

    let resumed_at = std::time::Instant::now();
    let o = wanedit_cmd(&s, &data, &["batch", "--resume"])
        .output()
        .unwrap();
    let err = text(&o.stderr);
    eprintln!("resume took {:?}", resumed_at.elapsed());
    assert!(o.status.success(), "{err}");
    assert!(err.contains("resuming"), "{err}");
    let m = manifest(&out).unwrap();
    assert_eq!(with_status(&m, "done"), 30, "{m}");
    for item in m["items"].as_array().unwrap() {
        for f in item["outputs"].as_array().unwrap() {
            assert!(std::path::Path::new(f.as_str().unwrap()).exists(), "{item}");
        }
    }
    let creates = accepted_once_each_within_the_rate(&s);
    assert_eq!(creates.len(), 30, "{creates:?}");

    // The ledger counts what the service billed, each job once.
    let o = wanedit_cmd(&s, &data, &["history", "--ledger", "--json"])
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let images: u64 = lines.iter().map(|l| l["images"].as_u64().unwrap()).sum();
    assert_eq!(images, s.billed_images());
    assert_eq!(images, 30);
    // Nothing left to resume.
    let o = wanedit_cmd(&s, &data, &["batch", "--resume"])
        .output()
        .unwrap();
    assert!(
        text(&o.stderr).contains("no unfinished batch"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(accepted_once_each_within_the_rate(&s).len(), 30);
}

/// An item whose request was sent and whose answer was lost is marked "may have run" and is
/// not sent again by a resume; one that was never sent is run.
#[test]
fn a_resume_never_resends_an_item_that_may_have_run() {
    let s = StandIn::start(Config::default());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = shots(dir.path(), 2);
    let out = dir.path().join("out");
    let args = [
        "batch",
        "--model",
        "wan2.7-image",
        "--prompt",
        "make it brighter",
        "--yes",
        "--out",
        out.to_str().unwrap(),
        inputs.to_str().unwrap(),
    ];
    let o = wanedit_cmd(&s, &data, &args).output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(s.creates().len(), 2);
    // As a kill would leave it: item 1 sent with no answer, item 2 started but not sent.
    let mut m = manifest(&out).unwrap();
    for (i, sent) in [(0, true), (1, false)] {
        let it = &mut m["items"][i];
        it["status"] = "running".into();
        it["sent"] = sent.into();
        it["task_id"] = serde_json::Value::Null;
        it["history_id"] = serde_json::Value::Null;
        it["outputs"] = serde_json::json!([]);
        it["billed"] = serde_json::Value::Null;
    }
    std::fs::write(out.join("batch.json"), serde_json::to_vec(&m).unwrap()).unwrap();
    let o = wanedit_cmd(
        &s,
        &data,
        &["batch", "--resume", "--out", out.to_str().unwrap()],
    )
    .output()
    .unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("may have run"), "{err}");
    let m = manifest(&out).unwrap();
    assert_eq!(m["items"][0]["status"], "may_have_run", "{m}");
    // Kept as words (put into the language of whoever reads it).
    let sentence: wanedit::i18n::Said =
        serde_json::from_value(m["items"][0]["sentence"].clone()).unwrap();
    assert!(
        sentence
            .words_in(wanedit::i18n::Lang::En)
            .contains("a retry bills again"),
        "{m}"
    );
    assert_eq!(m["items"][1]["status"], "done", "{m}");
    assert_eq!(s.creates().len(), 3, "only the item never sent went again");
}

/// Before a batch starts: its estimate from the price table, and a question (refused with
/// what to do when nobody can answer it). With a spend cap it pauses before going over, and a
/// resume with a higher cap finishes it; the ledger says what was billed per day.
#[test]
fn a_batch_shows_its_cost_asks_first_and_pauses_at_the_spend_cap() {
    let s = StandIn::start(Config::default());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = shots(dir.path(), 6);
    let out = dir.path().join("out");
    let o = wanedit_cmd(
        &s,
        &data,
        &["prices", "set", "wan2.7-image", "other", "0.5", "usd"],
    )
    .output()
    .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let run = |extra: &[&str]| {
        let mut args = vec![
            "batch",
            "--model",
            "wan2.7-image",
            "--prompt",
            "remove the background",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        args.push(inputs.to_str().unwrap());
        wanedit_cmd(&s, &data, &args).output().unwrap()
    };
    let o = run(&[]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("6 images at 0.50 USD each ≈ 3.00 USD"),
        "{err}"
    );
    assert!(err.contains("entered by you"), "{err}");
    assert!(err.contains("add --yes"), "{err}");
    assert!(s.creates().is_empty(), "nothing is sent before the answer");

    let o = run(&["--yes", "--cap", "1.6"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("paused at the spend cap of 1.60 USD"), "{err}");
    let m = manifest(&out).unwrap();
    assert_eq!(with_status(&m, "done"), 3, "{m}");
    assert_eq!(with_status(&m, "waiting"), 3, "{m}");
    assert_eq!(s.creates().len(), 3);
    // A new batch into the same folder is refused while this one is unfinished.
    let o = run(&["--yes"]);
    assert!(
        text(&o.stderr).contains("has not finished; resume it"),
        "{}",
        text(&o.stderr)
    );

    let o = wanedit_cmd(
        &s,
        &data,
        &[
            "batch",
            "--resume",
            "--cap",
            "10",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(with_status(&manifest(&out).unwrap(), "done"), 6);
    assert_eq!(s.creates().len(), 6);
    let o = wanedit_cmd(&s, &data, &["history", "--ledger"])
        .output()
        .unwrap();
    let ledger = text(&o.stdout);
    assert!(ledger.contains("6 images in 6 jobs, 3.00 USD"), "{ledger}");
    assert!(ledger.contains("Billed per month (UTC):"), "{ledger}");
}

/// A quota refusal is the account's, not the item's: the batch stops starting items, says why,
/// and `--resume --retry-failed` finishes it once the quota is back (the failed item sent again,
/// saying it bills again).
#[test]
fn a_quota_refusal_stops_the_batch_with_its_sentence() {
    use support::standin::{Fault, Target};
    let s = StandIn::start(Config::default());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = shots(dir.path(), 5);
    let out = dir.path().join("out");
    s.push_fault(
        Target::Create,
        Fault::Http {
            status: 429,
            code: "Throttling.AllocationQuota",
            message: "Free allocated quota exceeded.",
        },
    );
    let o = wanedit_cmd(
        &s,
        &data,
        &[
            "batch",
            "--model",
            "wan2.7-image",
            "--prompt",
            "sharpen",
            "--yes",
            "--at-once",
            "1",
            "--out",
            out.to_str().unwrap(),
            inputs.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("stopped: "), "{err}");
    assert!(err.contains("quota"), "{err}");
    let m = manifest(&out).unwrap();
    assert_eq!(with_status(&m, "failed"), 1, "{m}");
    assert_eq!(with_status(&m, "waiting"), 4, "{m}");
    // The refused create is a fault (not logged as received); nothing else was sent.
    assert!(s.creates().is_empty(), "{:?}", s.creates());

    let o = wanedit_cmd(
        &s,
        &data,
        &[
            "batch",
            "--resume",
            "--retry-failed",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("sending 1 failed item(s) again (each image they make is billed)"),
        "{err}"
    );
    assert_eq!(with_status(&manifest(&out).unwrap(), "done"), 5);
}

/// `--name` names the results (the template's words filled in, numbers after); a template
/// wanedit cannot use is refused before anything is sent, with what to write instead.
#[test]
fn name_templates_name_the_results_and_a_bad_one_is_refused_first() {
    let s = StandIn::start(Config::default());
    let out = tempfile::tempdir().unwrap();
    let coffee = photo("coffee.png");
    let args = |name: &'static str| {
        vec![
            "edit".to_string(),
            "--model".into(),
            "wan2.7-image".into(),
            "--image".into(),
            coffee.to_str().unwrap().into(),
            "--prompt".into(),
            "make it night".into(),
            "--out".into(),
            out.path().to_str().unwrap().into(),
            "--name".into(),
            name.into(),
        ]
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        wanedit(&s, &a)
    };
    let o = run(args("{name}_{model}"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = run(args("{name}_{model}"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut names: Vec<String> = support::files_below(out.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["coffee_wan2.7-image-1.png", "coffee_wan2.7-image-2.png"]
    );
    let sent = s.creates().len();
    let o = run(args("{title}-edit"));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("{title}"), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("{name}"), "{}", text(&o.stderr));
    assert_eq!(s.creates().len(), sent, "nothing sent");
}

/// A camera JPEG's EXIF (GPS, serial number, owner) and IPTC never leave the machine, inline or
/// uploaded: what the service receives is the file without those segments, the rest (its
/// colour profile, its compressed data) byte for byte.
#[test]
fn what_is_sent_carries_no_exif_or_iptc() {
    use base64::Engine;
    let s = StandIn::start(Config::default());
    // No colour profile (an Adobe RGB photo is sent converted: see the fidelity tests).
    let original = std::fs::read(photo("retina.jpg")).unwrap();
    let seg = |marker: u8, data: &[u8]| {
        let mut v = vec![0xFF, marker];
        v.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(data);
        v
    };
    let mut private = original[..2].to_vec();
    private.extend(seg(
        0xE1,
        b"Exif\0\0MM\0\x2a\0\0\0\x08GPS 35.6581N 139.7414E owner Hanako Yamada serial 0123456789",
    ));
    private.extend(seg(
        0xED,
        b"Photoshop 3.0\08BIM\x04\x04 By-line Hanako Yamada",
    ));
    private.extend_from_slice(&original[2..]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("camera.jpg");
    std::fs::write(&file, &private).unwrap();
    for mode in ["inline", "upload"] {
        let out = tempfile::tempdir().unwrap();
        let o = wanedit(
            &s,
            &[
                "edit",
                "--model",
                "wan2.7-image",
                "--image",
                file.to_str().unwrap(),
                "--prompt",
                "make the sky pink",
                "--upload",
                mode,
                "--out",
                out.path().to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{mode}: {}", text(&o.stderr));
    }
    // Inline: the data URI's bytes.
    let gens = s.requests_to("/generation");
    let body = gens[0].json.as_ref().unwrap().to_string();
    let uri = body
        .split("data:image/jpeg;base64,")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("an inline JPEG");
    let sent = base64::engine::general_purpose::STANDARD
        .decode(uri)
        .unwrap();
    assert!(
        sent == original,
        "inline: {} bytes sent, the file without its EXIF and IPTC is {}",
        sent.len(),
        original.len()
    );
    // Uploaded: the object's bytes.
    let keys = s.uploaded_keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(s.uploaded(&keys[0]).unwrap() == original, "uploaded");
    // The file on disk is untouched.
    assert!(std::fs::read(&file).unwrap() == private);
}

#[test]
fn a_listing_piped_into_a_reader_that_stops_ends_quietly_with_no_crash_report() {
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(["history", "--json"])
        .env("WANEDIT_DATA_DIR", data.path())
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before wanedit writes (as `| head` does after its lines).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(
        !data.path().join("crash-reports").exists(),
        "a closed pipe is not a crash"
    );
}
