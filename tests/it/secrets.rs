//! The API key never reaches a file or a log: whole jobs run through the command line with a
//! known key (sync, async, uploads, a refusal, a wrong key, the curl export, resume), with every
//! log turned up to `trace`; then every file in the data and output folders and everything the
//! processes printed is searched for the key.

use crate::support;

use std::path::Path;
use std::process::{Command, Output};

use support::photo;
use support::standin::{Config, Fault, StandIn, Target};

const KEY: &str = "sk-wanedit-scan-7f3a9c21e4b05d68";
/// A wrong key a user might paste: refused by the service, and just as secret.
const WRONG_KEY: &str = "sk-wanedit-wrong-0c55aa11e29b7d40";

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

struct Runner<'a> {
    s: &'a StandIn,
    data: &'a Path,
    printed: Vec<(String, Vec<u8>)>,
}

impl Runner<'_> {
    fn run<S: AsRef<std::ffi::OsStr>>(&mut self, key: &str, args: &[S]) -> Output {
        let o = Command::new(env!("CARGO_BIN_EXE_wanedit"))
            .env("DASHSCOPE_API_KEY", key)
            .env("WANEDIT_DATA_DIR", self.data)
            .env("RUST_LOG", "trace")
            .args(args)
            .output()
            .unwrap();
        let what = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        self.printed
            .push((format!("stdout of {what}"), o.stdout.clone()));
        self.printed
            .push((format!("stderr of {what}"), o.stderr.clone()));
        let _ = self.s;
        o
    }
}

#[test]
fn a_known_key_is_in_no_file_and_no_log_after_whole_jobs() {
    let s = StandIn::start(Config {
        key: KEY.into(),
        ..Config::default()
    });
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let (coffee, rocket) = (photo("coffee.png"), photo("rocket.jpg"));
    let (coffee, rocket) = (coffee.to_str().unwrap(), rocket.to_str().unwrap());
    let out_s = out.path().to_str().unwrap();
    let mut r = Runner {
        s: &s,
        data: data.path(),
        printed: Vec::new(),
    };
    let base = ["--base-url", s.base_url.as_str(), "--out", out_s];
    let edit = |extra: &[&str]| -> Vec<String> {
        ["edit", "--model", "wan2.7-image"]
            .iter()
            .chain(extra)
            .chain(base.iter())
            .map(|x| x.to_string())
            .collect()
    };

    // A sync edit with a box; an async set of two; uploads through temporary storage.
    let sync = edit(&[
        "--image",
        coffee,
        "--box",
        "1:100,40,420,380",
        "--prompt",
        "a teapot in box 1",
    ]);
    let o = r.run(KEY, &sync);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let asynchronous = edit(&[
        "--async",
        "--n",
        "2",
        "--image",
        coffee,
        "--image",
        rocket,
        "--prompt",
        "the cup from image 1 on the rocket in image 2",
    ]);
    let o = r.run(KEY, &asynchronous);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let upload = edit(&[
        "--upload",
        "upload",
        "--image",
        coffee,
        "--prompt",
        "make it night",
    ]);
    let o = r.run(KEY, &upload);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!s.uploaded_keys().is_empty(), "the upload flow ran");
    // A refusal, and a wrong key (the service's own refusal).
    s.push_fault(
        Target::Create,
        Fault::Http {
            status: 400,
            code: "InvalidParameter",
            message: "The size is invalid.",
        },
    );
    let o = r.run(KEY, &sync);
    assert!(!o.status.success());
    let o = r.run(WRONG_KEY, &sync);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("InvalidApiKey"));
    // The curl export, and resume.
    let mut curl = edit(&["--image", coffee, "--prompt", "x"]);
    curl.push("--print-request".into());
    let o = r.run(KEY, &curl);
    assert!(o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("Authorization: Bearer $DASHSCOPE_API_KEY")
    );
    let o = r.run(KEY, &["resume"]);
    assert!(o.status.success());

    // The requests really carried the key (so it was in the processes' hands all along).
    assert!(
        s.requests()
            .iter()
            .any(|q| q.headers.get("authorization").map(String::as_str)
                == Some(&format!("Bearer {KEY}") as &str))
    );

    // The logs were written, at trace level, and say what happened.
    let log = std::fs::read_to_string(data.path().join("logs").join("wanedit.log")).unwrap();
    assert!(log.contains("wanedit started"), "{log}");
    assert!(log.contains("history entry"), "{log}");
    assert!(log.lines().count() > 20, "trace logging was on");

    let mut files = Vec::new();
    files.extend(support::files_below(data.path()));
    files.extend(support::files_below(out.path()));
    assert!(files.len() > 10, "{files:?}");
    let mut hits = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        for k in [KEY, WRONG_KEY] {
            if contains(&bytes, k) {
                hits.push(f.display().to_string());
            }
        }
    }
    for (what, bytes) in &r.printed {
        for k in [KEY, WRONG_KEY] {
            if contains(bytes, k) {
                hits.push(what.clone());
            }
        }
    }
    assert!(hits.is_empty(), "the key was found in: {hits:?}");
}
