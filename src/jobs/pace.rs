//! Pacing a batch at the account's limits, never over them: Model Studio allows the Wan image
//! models 5 task submissions per second and 5 tasks processing at once per account (spec,
//! rate limits). Each job of a batch takes a [`Slot`] before it starts and keeps it until its
//! task has ended: no more at once than the tasks allowed in flight. Each paid send (every
//! attempt) waits for [`Pacer::submission`]: no more in any second than the submission rate
//! (a sliding window, a little longer than a second, so that the service's own second never
//! sees one more). A `Throttling.RateQuota` answer pauses submissions (1 s, then doubling up
//! to 30 s) and lowers the tasks in flight by one; answers that go through raise it back, one
//! at a time.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// The documented limits for the Wan image models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub submissions_per_second: usize,
    pub in_flight: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            submissions_per_second: 5,
            in_flight: 5,
        }
    }
}

/// The submission window: a second, and a margin for the time a request takes to arrive (two
/// sent a second apart may reach the service closer together).
const WINDOW: Duration = Duration::from_millis(1100);
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Answers that must go through before one more task is allowed in flight again.
const RAISE_AFTER: usize = 3;

struct State {
    limits: Limits,
    /// When each submission of the last second was let through.
    recent: VecDeque<Instant>,
    running: usize,
    /// Tasks allowed in flight now (at most `limits.in_flight`, at least 1).
    allowed: usize,
    paused_until: Option<Instant>,
    backoff: Duration,
    good_answers: usize,
}

/// Shared by every job of a batch (cheap to clone).
#[derive(Clone)]
pub struct Pacer {
    state: Arc<Mutex<State>>,
    freed: Arc<Notify>,
}

/// A task's place in flight: held from before its create until its task has ended.
pub struct Slot {
    pacer: Pacer,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut s) = self.pacer.state.lock() {
            s.running = s.running.saturating_sub(1);
        }
        self.pacer.freed.notify_waiters();
    }
}

impl Pacer {
    pub fn new(limits: Limits) -> Pacer {
        let limits = Limits {
            submissions_per_second: limits.submissions_per_second.max(1),
            in_flight: limits.in_flight.max(1),
        };
        Pacer {
            state: Arc::new(Mutex::new(State {
                limits,
                recent: VecDeque::new(),
                running: 0,
                allowed: limits.in_flight,
                paused_until: None,
                backoff: FIRST_BACKOFF,
                good_answers: 0,
            })),
            freed: Arc::new(Notify::new()),
        }
    }

    /// Waits until a job may start: a task place is free. Held until its task has ended.
    pub async fn slot(&self) -> Slot {
        loop {
            // Registered before looking, so that a slot freed meanwhile still wakes it.
            let freed = self.freed.notified();
            {
                let mut s = self.state.lock().expect("pacer state");
                if s.running < s.allowed {
                    s.running += 1;
                    return Slot {
                        pacer: self.clone(),
                    };
                }
            }
            freed.await;
        }
    }

    /// Waits until one more paid send may go: the last window saw fewer than the rate, and no
    /// throttling pause is running.
    pub async fn submission(&self) {
        loop {
            let wait = {
                let mut s = self.state.lock().expect("pacer state");
                let now = Instant::now();
                while s.recent.front().is_some_and(|t| now - *t >= WINDOW) {
                    s.recent.pop_front();
                }
                if let Some(until) = s.paused_until.filter(|u| *u > now) {
                    until - now
                } else if s.recent.len() >= s.limits.submissions_per_second {
                    WINDOW - (now - s.recent[0])
                } else {
                    s.recent.push_back(now);
                    return;
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// The service answered `Throttling.RateQuota` (or HTTP 429): pause submissions and run one
    /// task fewer at once.
    pub fn throttled(&self) {
        let mut s = self.state.lock().expect("pacer state");
        let until = Instant::now() + s.backoff;
        s.paused_until = Some(s.paused_until.map_or(until, |u| u.max(until)));
        s.backoff = (s.backoff * 2).min(MAX_BACKOFF);
        s.allowed = s.allowed.saturating_sub(1).max(1);
        s.good_answers = 0;
    }

    /// A create went through: the pause resets, and after a few in a row one more task is
    /// allowed in flight again, up to the limit.
    pub fn accepted(&self) {
        let mut s = self.state.lock().expect("pacer state");
        s.backoff = FIRST_BACKOFF;
        s.good_answers += 1;
        if s.good_answers >= RAISE_AFTER && s.allowed < s.limits.in_flight {
            s.allowed += 1;
            s.good_answers = 0;
            drop(s);
            self.freed.notify_waiters();
        }
    }

    /// Tasks allowed in flight now, and running now.
    pub fn in_flight(&self) -> (usize, usize) {
        let s = self.state.lock().expect("pacer state");
        (s.allowed, s.running)
    }
}

impl crate::api::client::Submissions for Pacer {
    fn wait(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
        Box::pin(self.submission())
    }
    fn throttled(&self) {
        Pacer::throttled(self)
    }
    fn accepted(&self) {
        Pacer::accepted(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The most submissions any one-second window holds.
    fn busiest_second(times: &[Instant]) -> usize {
        times
            .iter()
            .map(|a| {
                times
                    .iter()
                    .filter(|b| **b >= *a && **b - *a < WINDOW)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[tokio::test(start_paused = true)]
    async fn submissions_never_exceed_the_rate_in_any_second() {
        let p = Pacer::new(Limits::default());
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..23 {
            p.submission().await;
            times.push(Instant::now());
        }
        assert_eq!(busiest_second(&times), 5);
        // 23 at 5 a window: the last goes after four windows, not before.
        assert_eq!(times[22] - start, WINDOW * 4);
    }

    #[tokio::test(start_paused = true)]
    async fn no_more_tasks_in_flight_than_allowed_and_a_freed_place_lets_the_next_go() {
        let p = Pacer::new(Limits {
            submissions_per_second: 100,
            in_flight: 5,
        });
        let mut held = Vec::new();
        for _ in 0..5 {
            held.push(p.slot().await);
        }
        assert_eq!(p.in_flight(), (5, 5));
        let p2 = p.clone();
        let sixth = tokio::spawn(async move { p2.slot().await });
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert!(!sixth.is_finished(), "a sixth task went while five ran");
        held.pop();
        let _s = tokio::time::timeout(Duration::from_millis(10), sixth)
            .await
            .expect("the freed place went to the waiting task")
            .unwrap();
        assert_eq!(p.in_flight(), (5, 5));
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_pauses_backs_off_and_lowers_then_restores_the_tasks_in_flight() {
        let p = Pacer::new(Limits::default());
        p.throttled();
        let t = Instant::now();
        p.submission().await;
        assert_eq!(Instant::now() - t, FIRST_BACKOFF);
        assert_eq!(p.in_flight().0, 4);
        // Twice in a row: the pause doubles.
        p.throttled();
        p.throttled();
        let t = Instant::now();
        p.submission().await;
        assert_eq!(Instant::now() - t, FIRST_BACKOFF * 4);
        assert_eq!(p.in_flight().0, 2);
        // Answers that go through bring the places back, a few answers each, up to the limit.
        for _ in 0..(RAISE_AFTER * 10) {
            p.accepted();
        }
        assert_eq!(p.in_flight().0, 5);
    }
}
