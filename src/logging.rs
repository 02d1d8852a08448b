//! Logs: `{data}/logs/wanedit.log` (info and up, or what `RUST_LOG` says), and warnings on
//! stderr. Every line goes through [`redact`] first: the API key in use, anything shaped like a
//! DashScope key (`sk-…`) and any `Bearer` token become `[redacted]`, so a key that slipped into
//! a message (a URL, an error from a library) still never reaches a file or the terminal. The
//! panic hook goes through the same filter.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// The log file is started afresh (the old one kept as `.1`) past this size.
const ROTATE_BYTES: u64 = 10 * 1024 * 1024;

/// Remembers a secret so that no log line can show it. [`crate::api::client::ApiKey`] calls
/// this for every key it holds.
pub fn register_secret(secret: &str) {
    if secret.len() < 4 {
        return; // too short to redact without mangling ordinary text
    }
    // Called whenever a key is made (each frame reads the environment): look before locking
    // for writing.
    if SECRETS.read().is_ok_and(|s| s.iter().any(|k| k == secret)) {
        return;
    }
    if let Ok(mut s) = SECRETS.write()
        && !s.iter().any(|k| k == secret)
    {
        s.push(secret.to_string());
    }
}

/// `text` with every registered secret, `sk-…` key and `Bearer` token replaced.
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    if let Ok(secrets) = SECRETS.read() {
        for s in secrets.iter() {
            if out.contains(s.as_str()) {
                out = Cow::Owned(out.replace(s.as_str(), "[redacted]"));
            }
        }
    }
    for prefix in ["sk-", "Bearer "] {
        if out.contains(prefix) {
            out = Cow::Owned(mask_after(&out, prefix));
        }
    }
    out
}

/// Replaces the token after each `prefix` (letters, digits, `-`, `_`, `.`; at least 8 of them)
/// with `[redacted]`. The prefix must start a word: `task-0004-…` holds `sk-` but is no key.
fn mask_after(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(prefix) {
        let (before, after) = rest.split_at(i + prefix.len());
        out.push_str(before);
        let starts_word = !out[..out.len() - prefix.len()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        let len = after
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .map(|(i, _)| i)
            .unwrap_or(after.len());
        if starts_word && len >= 8 {
            out.push_str("[redacted]");
            rest = &after[len..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Where a redacted line goes.
#[derive(Clone)]
enum Sink {
    File(Arc<Mutex<std::fs::File>>),
    Stderr,
}

/// Hands tracing one buffer per event; the buffer is redacted and written when dropped.
#[derive(Clone)]
struct Redacting(Sink);

struct Line {
    buf: Vec<u8>,
    sink: Sink,
}

impl Write for Line {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(&self.buf);
        let clean = redact(&text);
        match &self.sink {
            Sink::File(f) => {
                if let Ok(mut f) = f.lock() {
                    let _ = f.write_all(clean.as_bytes());
                }
            }
            Sink::Stderr => {
                let _ = std::io::stderr().write_all(clean.as_bytes());
            }
        }
    }
}

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = Line;
    fn make_writer(&'a self) -> Line {
        Line {
            buf: Vec::new(),
            sink: self.0.clone(),
        }
    }
}

/// The log file in `data_dir` (`logs/wanedit.log`).
pub fn log_path(data_dir: &Path) -> PathBuf {
    data_dir.join("logs").join("wanedit.log")
}

fn open_log(path: &Path) -> std::io::Result<std::fs::File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_BYTES) {
        let _ = std::fs::rename(path, path.with_extension("log.1"));
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
}

/// Sets up logging (file + stderr) and the redacting panic hook. Returns the log file, or
/// `None` (with a warning on stderr) when the data folder cannot be written: logging is not
/// worth refusing to start over.
pub fn init(data_dir: &Path) -> Option<PathBuf> {
    let path = log_path(data_dir);
    let file = match open_log(&path) {
        Ok(f) => Some(Arc::new(Mutex::new(f))),
        Err(e) => {
            eprintln!(
                "wanedit: no log file ({}: {e}); logging to the terminal only",
                path.display()
            );
            None
        }
    };
    let file_filter = || {
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,wanedit=info"))
    };
    let stderr_filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let file_layer = file.clone().map(|f| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(Redacting(Sink::File(f)))
            .with_filter(file_filter())
    });
    // Colours only for a terminal: a log piped to a file or a program gets no escape codes.
    let stderr_layer = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(Redacting(Sink::Stderr))
        .with_filter(stderr_filter);
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    install_panic_hook(file, Some(crash_reports_dir(data_dir)));
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "wanedit started");
    file_or_none(&path)
}

fn file_or_none(path: &Path) -> Option<PathBuf> {
    path.exists().then(|| path.to_path_buf())
}

/// Panics are written (redacted) to stderr and the log, never with the key. A panic on the
/// window's thread (`main`) ends the window: it also leaves a crash report in `reports` (the
/// data folder's `crash-reports/`), which the next start offers to open. Panics on the
/// runtime's threads end only their task and are reported where the task's news goes.
fn install_panic_hook(file: Option<Arc<Mutex<std::fs::File>>>, reports: Option<PathBuf>) {
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        // Only the window's (or a command's) own thread ends the program; a panic elsewhere
        // ends one task, which says so where its news goes.
        let thread = std::thread::current();
        let line = match thread.name() {
            Some("main") | None => format!("wanedit crashed{location}: {payload}\n"),
            Some(name) => format!("a background task ({name}) failed{location}: {payload}\n"),
        };
        let clean = redact(&line);
        let _ = std::io::stderr().write_all(clean.as_bytes());
        if let Some(f) = &file
            && let Ok(mut f) = f.lock()
        {
            let _ = f.write_all(clean.as_bytes());
        }
        if let Some(dir) = &reports
            && std::thread::current().name() == Some("main")
        {
            let backtrace = std::backtrace::Backtrace::force_capture();
            let report = format!(
                "wanedit {} crashed ({} {})\n{clean}\nbacktrace:\n{backtrace}\n",
                env!("CARGO_PKG_VERSION"),
                std::env::consts::OS,
                std::env::consts::ARCH,
            );
            let _ = write_crash_report(dir, &redact(&report));
        }
    }));
}

/// The crash reports' folder in the data folder.
pub fn crash_reports_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("crash-reports")
}

/// Writes a crash report (already redacted) under a new name; its path.
#[expect(
    clippy::disallowed_methods,
    reason = "a crash report is written where the panic happens"
)]
fn write_crash_report(dir: &Path, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let path = dir.join(format!("crash-{secs}-{}.txt", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(path)
}

/// The newest crash report not yet offered to the user, if any.
#[expect(
    clippy::disallowed_methods,
    reason = "read once, at the window's start"
)]
pub fn unseen_crash_report(data_dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(crash_reports_dir(data_dir))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("crash-") && n.ends_with(".txt"))
        })
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
}

/// A report's text (a sentence instead when it cannot be read).
#[expect(
    clippy::disallowed_methods,
    reason = "read once, at the window's start"
)]
pub fn read_crash_report(report: &Path) -> String {
    std::fs::read_to_string(report).unwrap_or_else(|e| format!("{}: {e}", report.display()))
}

/// Marks a report as offered (renamed `seen-crash-…`): it is not offered again.
#[expect(
    clippy::disallowed_methods,
    reason = "called on the engine's blocking pool"
)]
pub fn mark_crash_report_seen(report: &Path) {
    if let Some(name) = report.file_name().and_then(|n| n.to_str()) {
        let _ = std::fs::rename(report, report.with_file_name(format!("seen-{name}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The panic hook is the process's: the tests that set one take turns.
    static HOOK: Mutex<()> = Mutex::new(());

    #[test]
    fn keys_and_tokens_are_masked_and_ordinary_text_is_not() {
        register_secret("my-very-own-secret-1234");
        assert_eq!(
            redact("key=my-very-own-secret-1234 end"),
            "key=[redacted] end"
        );
        assert_eq!(
            redact("Authorization: Bearer abcdefgh12345678, next"),
            "Authorization: Bearer [redacted], next"
        );
        assert_eq!(
            redact("url?k=sk-0123456789abcdef&x=1"),
            "url?k=sk-[redacted]&x=1"
        );
        // Short words after the prefixes are ordinary text.
        assert_eq!(
            redact("task-sk-ab, Bearer of news"),
            "task-sk-ab, Bearer of news"
        );
        // Ids that merely contain the prefix are not keys.
        assert_eq!(
            redact("task-0004-4d82-bcb6-000000007bbc, disk-0123456789"),
            "task-0004-4d82-bcb6-000000007bbc, disk-0123456789"
        );
        assert_eq!(redact("(sk-0123456789abcdef)"), "(sk-[redacted])");
        assert!(matches!(redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_line_is_written_redacted() {
        let dir = tempfile::tempdir().unwrap();
        let path = log_path(dir.path());
        let f = Arc::new(Mutex::new(open_log(&path).unwrap()));
        register_secret("zz-line-secret-5678");
        let w = Redacting(Sink::File(f));
        {
            let mut line = w.make_writer();
            line.write_all(b"calling with zz-line-").unwrap();
            line.write_all(b"secret-5678 now\n").unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "calling with [redacted] now\n");
    }

    /// A panic on the window's thread leaves a report, without the key; the next start finds it
    /// once, then no more once it was offered. A panic elsewhere (a runtime task) leaves none.
    #[test]
    fn a_crash_of_the_window_thread_leaves_a_redacted_report_offered_once() {
        let dir = tempfile::tempdir().unwrap();
        register_secret("zz-crash-secret-3456");
        let _one_hook_at_a_time = HOOK.lock().unwrap_or_else(|e| e.into_inner());
        let previous = std::panic::take_hook();
        install_panic_hook(None, Some(crash_reports_dir(dir.path())));
        let worker = std::thread::Builder::new()
            .name("tokio-runtime-worker".into())
            .spawn(|| panic!("a task failed"))
            .unwrap()
            .join();
        assert!(worker.is_err());
        assert_eq!(unseen_crash_report(dir.path()), None);
        let window = std::thread::Builder::new()
            .name("main".into())
            .spawn(|| panic!("index out of bounds with zz-crash-secret-3456"))
            .unwrap()
            .join();
        std::panic::set_hook(previous);
        assert!(window.is_err());
        let report = unseen_crash_report(dir.path()).expect("no report");
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(
            text.contains("index out of bounds with [redacted]"),
            "{text}"
        );
        assert!(text.contains("backtrace:"), "{text}");
        assert!(!text.contains("zz-crash-secret-3456"));
        mark_crash_report_seen(&report);
        assert_eq!(unseen_crash_report(dir.path()), None);
    }

    #[test]
    fn a_panic_that_quotes_a_key_is_written_redacted() {
        let dir = tempfile::tempdir().unwrap();
        let path = log_path(dir.path());
        let f = Arc::new(Mutex::new(open_log(&path).unwrap()));
        register_secret("zz-panic-secret-9012");
        let _one_hook_at_a_time = HOOK.lock().unwrap_or_else(|e| e.into_inner());
        let previous = std::panic::take_hook();
        install_panic_hook(Some(f), None);
        let r = std::thread::Builder::new()
            .name("main".into())
            .spawn(|| panic!("the call failed with key zz-panic-secret-9012"))
            .unwrap()
            .join();
        let task = std::thread::Builder::new()
            .name("tokio-runtime-worker".into())
            .spawn(|| panic!("a decode failed"))
            .unwrap()
            .join();
        std::panic::set_hook(previous);
        assert!(r.is_err() && task.is_err());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("wanedit crashed at src/logging.rs:")
                && text.contains("the call failed with key [redacted]\n"),
            "{text}"
        );
        // A task's panic is not the program's end, and does not say so.
        assert!(
            text.contains("a background task (tokio-runtime-worker) failed at src/logging.rs:")
                && text.ends_with("a decode failed\n"),
            "{text}"
        );
    }
}
