//! Benchmark of history (not a test): how long reading and filtering a large history takes,
//! as the History tab does on the runtime after every job, and its peak memory.
//!
//!     cargo run --release --example bench_history -- [ENTRIES]
//!
//! Writes ENTRIES (default 5000) realistic entries (two input images with boxes, a set of four
//! results, usage, timings, a long prompt) atomically into a fresh folder under
//! target/bench-data, then times `History::list()` (every file read and parsed, sorted newest
//! first), a filter over it and a job's parent (the lineage index, and a scan without it).
//! Peak RSS is this process's VmHWM.

#![expect(
    clippy::disallowed_methods,
    reason = "clippy.toml's rules are for the window (src/ui)"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test or benchmark that cannot go on stops loudly"
)]

use std::path::PathBuf;
use std::time::Instant;

#[path = "support/history_entry.rs"]
mod history_entry;
use history_entry::entry;

use wanedit::store::history::History;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!("history-{n}"));
    let _ = std::fs::remove_dir_all(&root);
    let history = History::at(&root);
    let t = Instant::now();
    for i in 0..n {
        history.write(&entry(i)).expect("write");
    }
    let write_s = t.elapsed().as_secs_f64();
    let bytes: u64 = std::fs::read_dir(root.join("jobs"))
        .unwrap()
        .flatten()
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum();

    let t = Instant::now();
    let list = history.list();
    let list_s = t.elapsed().as_secs_f64();
    assert_eq!(list.len(), n);
    let t = Instant::now();
    let hits = list.iter().filter(|e| e.matches("graffiti failed")).count();
    let filter_ms = t.elapsed().as_secs_f64() * 1000.0;

    println!(
        "{n} entries, {:.1} MB of JSON: written (atomically, fsync each) in {write_s:.2} s",
        bytes as f64 / 1e6
    );
    println!("History::list(): {list_s:.3} s");
    println!("filter \"graffiti failed\": {hits} hits in {filter_ms:.1} ms");
    // The lineage: a job's parent found through the index kept beside the entries (built
    // once from the entries when missing), against reading all of history for it.
    let _ = std::fs::remove_dir_all(root.join("made"));
    let mut job = entry(n);
    job.inputs[0].file = Some(list[n / 2].outputs[1].file.clone());
    let t = Instant::now();
    let parent = history.parent_of(&job);
    let build_s = t.elapsed().as_secs_f64();
    assert_eq!(parent.as_deref(), Some(list[n / 2].id.as_str()));
    let t = Instant::now();
    for _ in 0..100 {
        assert!(history.parent_of(&job).is_some());
    }
    let lookup_ms = t.elapsed().as_secs_f64() * 10.0;
    let t = Instant::now();
    let wanted = job.inputs[0].file.clone().unwrap();
    let scanned = history
        .list()
        .into_iter()
        .find(|e| e.made_files().contains(&wanted.as_str()))
        .map(|e| e.id);
    let scan_s = t.elapsed().as_secs_f64();
    assert_eq!(scanned, parent);
    println!(
        "a job's parent: {lookup_ms:.2} ms through the index (built once in {build_s:.2} s); \
         {scan_s:.3} s reading all of history"
    );
    println!("peak RSS {:.0} MB", peak_rss_mb());
    let _ = std::fs::remove_dir_all(&root);
}
