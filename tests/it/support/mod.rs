//! Shared helpers for the integration tests: the DashScope stand-in and test photos.

pub mod exif;
pub mod hostile;
pub mod standin;
pub mod stripes;
pub mod window;

use std::path::PathBuf;
use std::time::Duration;

use wanedit::api::client::{ApiKey, Client, Timing};

/// A real photograph from tests/data/photos (copied from the scikit-image sample data).
pub fn photo(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/photos")
        .join(name)
}

/// Poll and retry quickly: the stand-in's clock runs in milliseconds.
pub fn fast_timing() -> Timing {
    Timing {
        poll_first: Duration::from_millis(10),
        poll_max: Duration::from_millis(40),
        poll_error_limit: 4,
        poll_errors_for: Duration::ZERO,
        slowest_download: 1024,
        download_grace: Duration::from_secs(30),
        retry_first: Duration::from_millis(10),
        retry_max: Duration::from_millis(40),
        create_retries: 3,
        download_retries: 3,
        read_timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        free_timeout: Duration::from_secs(5),
        stall_timeout: Duration::from_secs(5),
        task_deadline: Duration::from_secs(60),
        after_cancel: Duration::from_secs(5),
    }
}

pub fn client_for(s: &standin::StandIn) -> Client {
    Client::new(&s.base_url, ApiKey::new(s.key()).unwrap(), fast_timing())
}

/// A fresh data folder (history, task journal) for one app or queue under test, kept in the
/// target folder's tmp so a failed test leaves it to look at.
pub fn data_dir() -> PathBuf {
    tempfile::Builder::new()
        .prefix("data-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .keep()
}

/// `n` different 400×300 photos in `dir/shots` (for batches).
pub fn shots(dir: &std::path::Path, n: u32) -> PathBuf {
    let inputs = dir.join("shots");
    std::fs::create_dir_all(&inputs).unwrap();
    for i in 0..n {
        let img = image::RgbImage::from_fn(400, 300, |x, y| {
            image::Rgb([(x / 2) as u8, (y / 2) as u8, (i * 5) as u8])
        });
        img.save(inputs.join(format!("shot-{i:02}.png"))).unwrap();
    }
    inputs
}

/// The creates the stand-in accepted, asserting that each carried a request body no other
/// accepted create had (no image created, and billed, twice).
pub fn created_once_each(s: &standin::StandIn) -> Vec<standin::CreateLog> {
    let creates: Vec<_> = s
        .creates()
        .into_iter()
        .filter(|c| c.accepted.is_some())
        .collect();
    let bodies: std::collections::HashSet<_> = creates.iter().map(|c| c.body).collect();
    assert_eq!(bodies.len(), creates.len(), "an image was created twice");
    creates
}

/// Every file below `dir`, in any depth.
pub fn files_below(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_below(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Whether a command is on the PATH (the real-window tests' Xvfb, xdotool, import).
pub fn have(tool: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A child process ended when dropped: SIGTERM first (so that Xvfb removes its lock file, and
/// wanedit closes as a window does), SIGKILL if it lingers.
pub struct Killed(pub std::process::Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .arg(self.0.id().to_string())
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An Xvfb server of `size` (`1600x1000`) on a display number no server holds, once it
/// accepts windows: its display (`:NNN`) and the server.
pub fn start_xvfb(size: &str) -> (String, Killed) {
    use std::path::Path;
    // A display no X server holds: a server that was killed (SIGKILL leaves no time to clean
    // up) leaves its lock file behind, and a new server on that number refuses to start.
    // Several tests start one at once in this process: each takes numbers of its own.
    static TAKEN: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let mine = TAKEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst) * 100;
    let display = (0..100)
        .map(|k| 60 + (std::process::id() + mine + k) % 400)
        .find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .map(|n| format!(":{n}"))
        .expect("a free X display number");
    let xvfb = Killed(
        std::process::Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                &format!("{size}x24"),
                "-nolisten",
                "tcp",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start Xvfb"),
    );
    // Ready when its socket exists (a loaded machine can take seconds; a window started
    // before that finds no display and exits).
    let socket = format!("/tmp/.X11-unix/X{}", &display[1..]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !Path::new(&socket).exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "Xvfb did not start on {display}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    (display, xvfb)
}

/// A two-thread runtime for a window or a job of a test's own.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// What `wanedit edit` wrote and said: see [`edit_image`]. Its folders last as long as it does.
pub struct Edited {
    /// The files it printed, in order (a composite before its raw result).
    pub files: Vec<PathBuf>,
    pub stderr: String,
    _out: tempfile::TempDir,
    _data: tempfile::TempDir,
}

/// `wanedit edit --model wan2.7-image --image IMAGE ARGS… --out OUT` against the stand-in, the
/// key from the environment, in a data folder of its own. It must succeed.
pub fn edit_image(s: &standin::StandIn, image: &std::path::Path, args: &[&str]) -> Edited {
    let (out, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_wanedit"))
        .args(["edit", "--model", "wan2.7-image", "--image"])
        .arg(image)
        .args(args)
        .arg("--out")
        .arg(out.path())
        .args(["--base-url", &s.base_url])
        .env("DASHSCOPE_API_KEY", s.key())
        .env("WANEDIT_DATA_DIR", data.path())
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(o.status.success(), "{stdout}\n{stderr}");
    Edited {
        files: stdout.lines().map(PathBuf::from).collect(),
        stderr,
        _out: out,
        _data: data,
    }
}
