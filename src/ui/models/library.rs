//! What is kept on disk and read back into the window: history, batches, the prices typed in.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use crate::ui::panels::batch::BatchPanel;
use crate::ui::panels::history::HistoryPanel;

pub struct Library {
    pub history: HistoryPanel,
    /// The Batch tab.
    pub batch: BatchPanel,
    /// The Settings → Prices fields (price per image, currency) as typed.
    pub price_field: (String, String),
    /// The batch folders noted at start were looked at.
    pub(crate) batches_looked: bool,
    /// When the batch folders were last read while the Batch tab was shown, and whether a
    /// read is under way: a batch started by another wanedit (or the command line) after
    /// this window opened appears, and one run elsewhere shows its progress.
    pub(crate) batches_read_at: Option<Instant>,
    pub(crate) batches_reading: bool,
    /// The batches this window runs (or waits to take over), by folder, as their news say.
    pub(crate) batches_here: HashSet<PathBuf>,
    /// Tasks left open by an earlier run are resumed once a key is known.
    pub(crate) resume_pending: bool,
}

impl Library {
    pub fn new(history: HistoryPanel, batch: BatchPanel) -> Self {
        Library {
            history,
            batch,
            price_field: Default::default(),
            batches_looked: false,
            batches_read_at: None,
            batches_reading: false,
            batches_here: HashSet::new(),
            resume_pending: true,
        }
    }

    /// Whether the batch folders are due a reading (`every` after the last, none under way).
    pub fn batches_due(&self, now: Instant, every: std::time::Duration) -> bool {
        !self.batches_reading
            && self
                .batches_read_at
                .is_none_or(|t| now.saturating_duration_since(t) >= every)
    }
}
