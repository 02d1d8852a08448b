//! Runs the local DashScope stand-in by hand, to try `wanedit` without the real service:
//!
//!     cargo run --example standin -- --port 8089
//!     DASHSCOPE_API_KEY=sk-standin-test-key wanedit edit ... --base-url http://127.0.0.1:8089/api/v1
//!
//! It is the same strict stand-in the tests use (tests/it/support/standin.rs). Its results are
//! small generated pictures, not edits: it checks requests, it does not make images. With
//! `--echo` it returns tinted copies of image 1 instead (for demos and screenshots); with
//! `--realistic` it answers as Wan does: the last image re-rendered at the size's pixel count,
//! a few pixels off, its boxes changed and its colours drifted (to try compositing).

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

#[path = "../tests/it/support/standin.rs"]
pub mod standin;

use std::time::Duration;

fn main() {
    let mut cfg = standin::Config {
        pending: Duration::from_secs(2),
        running: Duration::from_secs(3),
        ..standin::Config::default()
    };
    let mut port = 8089u16;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--port" => port = value().parse().expect("--port takes a number"),
            "--key" => cfg.key = value(),
            "--pending-ms" => cfg.pending = Duration::from_millis(value().parse().expect("ms")),
            "--running-ms" => cfg.running = Duration::from_millis(value().parse().expect("ms")),
            "--echo" => cfg.echo_inputs = true,
            "--realistic" => cfg.realistic = true,
            "--invert" => cfg.inverted = true,
            // The account's documented limits (5 submissions a second, 5 tasks at once).
            "--limits" => cfg.limits = Some(standin::Limits::DOCUMENTED),
            // Token Plan's host: the sync path and the two wan2.7 models only (give --key sk-sp-…).
            "--token-plan" => cfg.token_plan = true,
            other => {
                eprintln!(
                    "unknown argument {other}; use --port N --key K --pending-ms N --running-ms N --echo --realistic --invert --limits --token-plan"
                );
                std::process::exit(2);
            }
        }
    }
    let s = standin::StandIn::start_on(cfg, port);
    println!("DashScope stand-in listening: base URL {}", s.base_url);
    println!("its API key: {}", s.key());
    println!("Ctrl+C to stop.");
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
