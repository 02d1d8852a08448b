//! How patiently the client polls, retries and waits.

use std::time::Duration;

/// How patiently to poll and retry. Defaults are gentler than the SDK's (1 s → 5 s) and within
/// the docs' advice (poll every 5–10 s) once a task runs for a while.
#[derive(Debug, Clone)]
pub struct Timing {
    /// First poll delay; doubles every second poll up to `poll_max`.
    pub poll_first: Duration,
    pub poll_max: Duration,
    /// Consecutive failed polls (network, 5xx, 429, unreadable answers) before giving up; the
    /// task keeps running (and stays journaled). Giving up needs both this many and
    /// `poll_errors_for` without a readable answer.
    pub poll_error_limit: u32,
    pub poll_errors_for: Duration,
    /// First retry delay for a 429 on create, a refused connection, or a failed download.
    pub retry_first: Duration,
    pub retry_max: Duration,
    /// Retries of a create after 429 / a refused connection.
    pub create_retries: u32,
    pub download_retries: u32,
    /// Read timeout for one answer (the SDK's 300 s: a sync call is held open while it runs).
    pub read_timeout: Duration,
    pub connect_timeout: Duration,
    /// Whole-request bound for calls that create no paid work (polls, cancels, policies): a
    /// server that accepts and sends nothing is given up on and, where safe, tried again.
    pub free_timeout: Duration,
    /// A download that receives nothing for this long is abandoned (and retried).
    pub stall_timeout: Duration,
    /// A download that trickles is abandoned too (and retried): each attempt may take
    /// `download_grace` plus its size (announced, or received so far) at this many bytes a
    /// second. A 30 MB result is given 16 minutes; ten bytes a second end after a minute.
    pub slowest_download: u64,
    pub download_grace: Duration,
    /// How long one task is polled before wanedit stops watching it (it stays journaled).
    pub task_deadline: Duration,
    /// How long a task may go on after its cancel was accepted before wanedit stops watching.
    pub after_cancel: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            poll_first: Duration::from_secs(2),
            poll_max: Duration::from_secs(10),
            poll_error_limit: 8,
            poll_errors_for: Duration::from_secs(10 * 60),
            retry_first: Duration::from_secs(2),
            retry_max: Duration::from_secs(30),
            create_retries: 4,
            download_retries: 3,
            read_timeout: Duration::from_secs(300),
            connect_timeout: Duration::from_secs(15),
            free_timeout: Duration::from_secs(30),
            stall_timeout: Duration::from_secs(30),
            slowest_download: 32 * 1024,
            download_grace: Duration::from_secs(60),
            task_deadline: Duration::from_secs(3 * 3600),
            after_cancel: Duration::from_secs(120),
        }
    }
}

impl Timing {
    /// The delay before poll number `i` (0-based): 2, 2, 4, 4, 8, 8, 10… with the defaults.
    pub fn poll_delay(&self, i: u32) -> Duration {
        let d = self.poll_first.saturating_mul(1u32 << (i / 2).min(16));
        d.min(self.poll_max)
    }
    /// The delay before retry number `i` (0-based): doubling from `retry_first`.
    pub fn retry_delay(&self, i: u32) -> Duration {
        self.retry_first
            .saturating_mul(1u32 << i.min(16))
            .min(self.retry_max)
    }
}
