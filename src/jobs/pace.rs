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
/// Task queries a batch makes in a second at most, all its tasks together: half the
/// account's 20 a second (spec §13), leaving the rest to other programs of the account.
const POLLS_PER_SECOND: f64 = 10.0;
/// The closest two polls of one task come.
const POLL_FLOOR: Duration = Duration::from_millis(500);
/// The longest wait between two polls of one task before its batch has learned how long
/// tasks take.
const POLL_CEILING: Duration = Duration::from_secs(4);
/// Before the batch knows how long its tasks take, a task is looked at closely this long
/// (the stand-in's and the quickest real tasks end within it), then less and less often.
const POLL_CLOSELY_FIRST: Duration = Duration::from_secs(10);

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
    /// How long this batch's tasks take (a moving average of those seen end).
    typical: Option<Duration>,
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
                typical: None,
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
    /// Answers that arrive while a pause runs belong to requests sent before it (sent at
    /// once, refused at once): they count as one.
    pub fn throttled(&self) {
        let mut s = self.state.lock().expect("pacer state");
        let now = Instant::now();
        if s.paused_until.is_some_and(|u| u > now) {
            return;
        }
        let until = now + s.backoff;
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

    /// The delay before poll `poll` of a task watched for `waited`. Polls are spread so that
    /// all the batch's tasks together make at most [`POLLS_PER_SECOND`]; once the batch knows
    /// how long its tasks take, a task is left alone until near that time, then looked at
    /// closely, so its end is seen soon after it comes (what keeps a batch at the limit).
    pub fn poll_delay(&self, _poll: u32, waited: Duration) -> Duration {
        let s = self.state.lock().expect("pacer state");
        let spread = Duration::from_secs_f64(s.running.max(1) as f64 / POLLS_PER_SECOND);
        let close = spread.max(POLL_FLOOR);
        match s.typical {
            Some(t) => {
                let near = t.mul_f64(0.8);
                if waited + close < near {
                    (near - waited).min(POLL_CEILING * 2).max(close)
                } else {
                    close
                }
            }
            None if waited < POLL_CLOSELY_FIRST => close,
            None => (waited / 5).clamp(close, POLL_CEILING.max(close)),
        }
    }

    /// A task of the batch was seen ended after `waited`.
    pub fn task_ended(&self, waited: Duration) {
        let mut s = self.state.lock().expect("pacer state");
        s.typical = Some(match s.typical {
            None => waited,
            Some(t) => t.mul_f64(0.7) + waited.mul_f64(0.3),
        });
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
    fn poll_delay(&self, poll: u32, waited: Duration) -> Option<Duration> {
        Some(Pacer::poll_delay(self, poll, waited))
    }
    fn task_ended(&self, waited: Duration) {
        Pacer::task_ended(self, waited)
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
        // Refused again after the pause: it doubles. Refusals that come together (requests
        // sent at once) count once.
        p.throttled();
        p.throttled();
        let t = Instant::now();
        p.submission().await;
        assert_eq!(Instant::now() - t, FIRST_BACKOFF * 2);
        assert_eq!(p.in_flight().0, 3);
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

    #[tokio::test(start_paused = true)]
    async fn polls_stay_inside_the_query_budget_and_close_in_once_task_times_are_known() {
        let p = Pacer::new(Limits {
            submissions_per_second: 100,
            in_flight: 40,
        });
        let mut held = Vec::new();
        for _ in 0..40 {
            held.push(p.slot().await);
        }
        // Forty tasks polled together make no more than the budget a second.
        let d = p.poll_delay(50, Duration::from_secs(100));
        assert!(40.0 / d.as_secs_f64() <= POLLS_PER_SECOND + 1e-9, "{d:?}");
        held.truncate(2);
        // Before any task ended: closely at first, then less often, never past the ceiling.
        assert_eq!(p.poll_delay(0, Duration::ZERO), POLL_FLOOR);
        assert_eq!(p.poll_delay(9, Duration::from_secs(5)), POLL_FLOOR);
        assert_eq!(
            p.poll_delay(20, Duration::from_secs(15)),
            Duration::from_secs(3)
        );
        assert_eq!(p.poll_delay(30, Duration::from_secs(60)), POLL_CEILING);
        // Tasks take 40 s: a new one is left alone until near that, then looked at closely.
        p.task_ended(Duration::from_secs(40));
        assert_eq!(p.poll_delay(0, Duration::ZERO), POLL_CEILING * 2);
        assert_eq!(
            p.poll_delay(3, Duration::from_secs(30)),
            Duration::from_secs(2)
        );
        assert_eq!(p.poll_delay(4, Duration::from_secs(33)), POLL_FLOOR);
    }
}
