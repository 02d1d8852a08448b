//! The ledger: every billed image, as the service counted it (`usage.image_count` of a job
//! that ended with results; failed tasks are not billed and never appear). One JSON line per
//! job in `{data}/ledger.jsonl`, appended, never rewritten: deleting a job from history does
//! not take its cost out of the ledger. A job is counted once however often its results are
//! fetched again (by its history id).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::prices::{Quote, day_of, money};
use crate::i18n::Said;

/// One billed job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    /// When its results came (ms since the epoch).
    pub at_ms: u64,
    pub history_id: String,
    #[serde(default)]
    pub task_id: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
    pub model: String,
    /// Region id, or `other` (see [`super::prices::region_key`]).
    pub region: String,
    /// Billed images (`usage.image_count`).
    pub images: u32,
    /// The price that applied when it was recorded, if one was known.
    #[serde(default)]
    pub per_image: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
}

/// Totals over a day or a month.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Total {
    pub jobs: usize,
    pub images: u64,
    /// Cost by currency, of the images whose price was known.
    pub cost: BTreeMap<String, f64>,
    /// Images billed with no known price.
    pub unpriced: u64,
}

impl Total {
    fn add(&mut self, l: &LedgerLine) {
        self.jobs += 1;
        self.images += l.images as u64;
        match (l.per_image, &l.currency) {
            (Some(p), Some(c)) => *self.cost.entry(c.clone()).or_default() += p * l.images as f64,
            _ => self.unpriced += l.images as u64,
        }
    }

    /// "12 images, 0.36 USD" (and how many had no price).
    /// The parts are joined by the language's own `list-separator` (", ", "、", "，"),
    /// itself kept as words between them.
    pub fn sentence(&self) -> Said {
        let mut parts = vec![crate::said!(
            "ledger-images-in-jobs",
            images = self.images,
            jobs = self.jobs
        )];
        parts.extend(self.cost.iter().map(|(c, a)| Said::Plain(money(*a, c))));
        if self.unpriced > 0 {
            parts.push(crate::said!("ledger-unpriced", images = self.unpriced));
        }
        let mut joined = Vec::with_capacity(parts.len() * 2);
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                joined.push(crate::said!("list-separator"));
            }
            joined.push(part);
        }
        Said::Joined {
            parts: joined,
            sep: String::new(),
        }
    }
}

/// Only one writer at a time within the process (batches record from many tasks at once).
static APPEND: Mutex<()> = Mutex::new(());

#[derive(Debug, Clone)]
pub struct Ledger {
    path: PathBuf,
}

impl Ledger {
    pub fn at(path: impl Into<PathBuf>) -> Ledger {
        Ledger { path: path.into() }
    }

    /// `{data}/ledger.jsonl`.
    pub fn in_data_dir(data: &Path) -> Ledger {
        Ledger::at(data.join("ledger.jsonl"))
    }

    /// Appends a billed job unless its history id is already counted. One `write` of one
    /// line (appends of a few hundred bytes are not interleaved with another process's).
    pub fn record(&self, line: &LedgerLine) -> Result<(), Said> {
        let _one = APPEND.lock().unwrap_or_else(|e| e.into_inner());
        if self.lines().iter().any(|l| l.history_id == line.history_id) {
            return Ok(());
        }
        let mut text = serde_json::to_string(line).map_err(|e| Said::Plain(e.to_string()))?;
        text.push('\n');
        let fail = |e: std::io::Error| {
            crate::said!(
                "ledger-not-written",
                file = self.path.display().to_string(),
                why = e.to_string()
            )
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(fail)?;
        f.write_all(text.as_bytes()).map_err(fail)?;
        f.sync_data().map_err(fail)
    }

    /// Every billed job, oldest first, each once (lines that cannot be read are skipped: a
    /// line cut short by a crash is the only kind expected).
    pub fn lines(&self) -> Vec<LedgerLine> {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return Vec::new();
        };
        let mut seen = std::collections::HashSet::new();
        let mut v: Vec<LedgerLine> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<LedgerLine>(l).ok())
            .filter(|l| seen.insert(l.history_id.clone()))
            .collect();
        v.sort_by_key(|l| l.at_ms);
        v
    }

    /// Totals per UTC day (`2026-12-03`), oldest first.
    pub fn by_day(&self) -> Vec<(String, Total)> {
        self.grouped(day_of)
    }

    /// Totals per UTC month (`2026-12`), oldest first.
    pub fn by_month(&self) -> Vec<(String, Total)> {
        self.grouped(|ms| day_of(ms)[..7].to_string())
    }

    fn grouped(&self, key: impl Fn(u64) -> String) -> Vec<(String, Total)> {
        let mut m: BTreeMap<String, Total> = BTreeMap::new();
        for l in self.lines() {
            m.entry(key(l.at_ms)).or_default().add(&l);
        }
        m.into_iter().collect()
    }

    /// Images billed since `since_ms`.
    pub fn images_since(&self, since_ms: u64) -> u64 {
        self.lines()
            .iter()
            .filter(|l| l.at_ms >= since_ms)
            .map(|l| l.images as u64)
            .sum()
    }
}

/// A ledger line for a job that ended with `images` billed.
pub fn line_for(
    entry: &super::history::HistoryEntry,
    images: u32,
    quote: Option<&Quote>,
) -> LedgerLine {
    LedgerLine {
        at_ms: super::history::now_ms(),
        history_id: entry.id.clone(),
        task_id: entry.task_id.clone(),
        request_id: entry.request_id.clone(),
        model: entry.spec.model.clone(),
        region: entry.region_key().into(),
        images,
        per_image: quote.map(|q| q.per_image),
        currency: quote.map(|q| q.currency.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, at_ms: u64, images: u32, price: Option<f64>) -> LedgerLine {
        LedgerLine {
            at_ms,
            history_id: id.into(),
            task_id: None,
            request_id: None,
            model: "wan2.7-image".into(),
            region: "ap-southeast-1".into(),
            images,
            per_image: price,
            currency: price.map(|_| "USD".into()),
        }
    }

    #[test]
    fn each_job_counts_once_and_totals_go_by_day_and_month() {
        let dir = tempfile::tempdir().unwrap();
        let l = Ledger::in_data_dir(dir.path());
        let day = 86_400_000;
        let dec3 = 1_764_720_000_000; // 2025-12-03 00:00 UTC
        l.record(&line("a", dec3, 2, Some(0.03))).unwrap();
        l.record(&line("a", dec3 + 5, 2, Some(0.03))).unwrap(); // fetched again: not twice
        l.record(&line("b", dec3 + 3_600_000, 1, None)).unwrap();
        l.record(&line("c", dec3 + 30 * day, 4, Some(0.03)))
            .unwrap();
        // A line cut short by a crash is skipped, the rest still read.
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join("ledger.jsonl"))
            .unwrap()
            .write_all(b"{\"at_ms\": 17")
            .unwrap();
        assert_eq!(l.lines().len(), 3);
        let days = l.by_day();
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].0, "2025-12-03");
        assert_eq!(days[0].1.images, 3);
        assert_eq!(days[0].1.unpriced, 1);
        assert!((days[0].1.cost["USD"] - 0.06).abs() < 1e-9);
        assert_eq!(days[1].0, "2026-01-02");
        let months = l.by_month();
        assert_eq!(
            months.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
            ["2025-12", "2026-01"]
        );
        assert!(
            days[0]
                .1
                .sentence()
                .words_in(crate::i18n::Lang::En)
                .contains("3 images in 2 jobs, 0.060 USD"),
            "{}",
            days[0].1.sentence()
        );
        // Each language joins the parts with its own separator.
        assert!(
            days[0]
                .1
                .sentence()
                .words_in(crate::i18n::Lang::Ja)
                .contains("、0.060 USD"),
            "{}",
            days[0].1.sentence().words_in(crate::i18n::Lang::Ja)
        );
        assert_eq!(l.images_since(dec3 + 1), 5);
    }
}
