//! Benchmark (not a test): wanedit and the official Python SDK doing the same job against the
//! same loopback server, `../shared/tools/sdk-reference/capture_server.py`: nine 8000×6000 JPEGs
//! of 15–20 MB, a sync wan2.7-image call, the images uploaded to temporary storage (then, the
//! same nine inlined as data URIs), the result downloaded. Runs alternate, wanedit then the SDK,
//! three rounds each; it prints the medians of wall time and peak RSS (the child's own, from
//! `wait4`) and their ratios.
//!
//!     cargo build --release && cargo run --release --example bench_requests
//!
//! Needs Python with the SDK (`WANEDIT_SDK_PYTHON`, default /tmp/wanedit-sdk-venv/bin/python,
//! which .ci/run installs) and the `shared/` folder beside the clone. `WANEDIT_BIN` picks the
//! wanedit binary (default target/release/wanedit).

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

#[path = "support/camera.rs"]
mod camera;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;

/// Wall seconds and peak RSS (MB) of one run; panics with its output when it fails.
#[expect(
    clippy::zombie_processes,
    reason = "reaped by wait4 below, which also gives its rusage"
)]
fn measure(mut cmd: Command, log: &Path) -> (f64, f64) {
    let t = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .expect("start the command");
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall = t.elapsed().as_secs_f64();
    assert_eq!(r, pid, "wait4");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    assert!(
        ok,
        "{cmd:?} failed:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
    (wall, ru.ru_maxrss as f64 / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let server = root.join("../shared/tools/sdk-reference/capture_server.py");
    assert!(server.exists(), "{} is missing", server.display());
    let python = std::env::var("WANEDIT_SDK_PYTHON")
        .unwrap_or_else(|_| "/tmp/wanedit-sdk-venv/bin/python".into());
    let wanedit = std::env::var("WANEDIT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target/release/wanedit"));
    assert!(
        wanedit.exists(),
        "build wanedit first: cargo build --release"
    );
    let work = tempfile::tempdir().unwrap();
    // Nine files the model takes as they are (wan2.7's "20 MB", read as 20,000,000 bytes): a
    // larger one is re-encoded, which measures the encoder, not the request. Files over it are
    // replaced by copies of the others under names of their own.
    let limit = wanedit::api::catalog::ModelSpec::find("wan2.7-image")
        .unwrap()
        .max_file_bytes;
    let fit: Vec<PathBuf> = camera::nine_48mp()
        .into_iter()
        .filter(|f| std::fs::metadata(f).unwrap().len() <= limit)
        .collect();
    assert!(!fit.is_empty(), "no bench file is under the model's limit");
    let files: Vec<PathBuf> = (0..9)
        .map(|i| {
            let to = work.path().join(format!("input-{i}.jpg"));
            std::fs::copy(&fit[i % fit.len()], &to).unwrap();
            to
        })
        .collect();
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    println!(
        "nine 8000×6000 JPEGs, {:.0} MB in all ({:.1}–{:.1} MB each)",
        total as f64 / 1e6,
        files
            .iter()
            .map(|f| std::fs::metadata(f).unwrap().len() as f64 / 1e6)
            .fold(f64::MAX, f64::min),
        files
            .iter()
            .map(|f| std::fs::metadata(f).unwrap().len() as f64 / 1e6)
            .fold(0.0, f64::max)
    );
    // The third way is the first's with history holding the nine already (a designer's next
    // job on the same inputs): one untimed job fills it first.
    for (k, (label, how, again)) in [
        ("upload", "upload", false),
        ("inline", "inline", false),
        ("upload, history holds the inputs", "upload", true),
    ]
    .into_iter()
    .enumerate()
    {
        // A server of its own for each way: it keeps every body it receives.
        let port = 18_600 + (std::process::id() % 1000) as u16 * 3 % 1000 + k as u16;
        let mut srv = Command::new(&python)
            .arg(&server)
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the capture server");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the capture server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let base = format!("http://127.0.0.1:{port}/api/v1");
        let (mut ours, mut sdk) = (Vec::new(), Vec::new());
        for round in (0..ROUNDS).map(Some).chain(again.then_some(None)).rev() {
            let out = work.path().join(format!("{k}-{round:?}"));
            std::fs::create_dir_all(&out).unwrap();
            let data = match again {
                true => format!("data-{k}"),
                false => format!("data-{k}-{round:?}"),
            };
            let mut a = Command::new(&wanedit);
            a.args([
                "edit",
                "--model",
                "wan2.7-image",
                "--size",
                "2K",
                "--n",
                "1",
            ])
            .args(["--prompt", "Put the nine products on one white shelf"])
            .args(["--upload", how, "--base-url", &base])
            .arg("--out")
            .arg(&out)
            .env("DASHSCOPE_API_KEY", "sk-reference")
            .env("WANEDIT_DATA_DIR", work.path().join(data))
            .env_remove("RUST_LOG");
            for f in &files {
                a.arg("--image").arg(f);
            }
            let run = measure(a, &work.path().join("wanedit.log"));
            if round.is_none() {
                continue; // the untimed job that fills history
            }
            ours.push(run);
            let mut b = Command::new(&python);
            b.arg(root.join("examples/sdk_client.py"))
                .arg(&base)
                .arg(how)
                .arg(&out)
                .args(&files);
            sdk.push(measure(b, &work.path().join("sdk.log")));
        }
        let _ = srv.kill();
        let _ = srv.wait();
        let (w_a, m_a) = (
            median(ours.iter().map(|r| r.0).collect()),
            median(ours.iter().map(|r| r.1).collect()),
        );
        let (w_b, m_b) = (
            median(sdk.iter().map(|r| r.0).collect()),
            median(sdk.iter().map(|r| r.1).collect()),
        );
        let note = std::fs::read_to_string(work.path().join("wanedit.log")).unwrap_or_default();
        let reencoded = note.contains("re-encoded");
        println!(
            "{label}: wanedit {w_a:.2} s, {m_a:.0} MB | SDK {w_b:.2} s, {m_b:.0} MB | wall {:.2}×, memory {:.2}×{}",
            w_a / w_b,
            m_a / m_b,
            if reencoded {
                " (wanedit re-encoded some inputs: over the model's size limit)"
            } else {
                ""
            }
        );
        println!(
            "        runs (s, MB): wanedit {:?}; SDK {:?}",
            ours.iter()
                .map(|(w, m)| (format!("{w:.2}"), format!("{m:.0}")))
                .collect::<Vec<_>>(),
            sdk.iter()
                .map(|(w, m)| (format!("{w:.2}"), format!("{m:.0}")))
                .collect::<Vec<_>>()
        );
    }
}
