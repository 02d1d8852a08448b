//! Watching a task: polled until it ends, every poll said, transient failures ridden out for a
//! bounded time and number of tries, the task never resubmitted.

use std::time::{Duration, Instant};

use super::{Client, Generation};
use crate::api::error::ApiError;
use crate::api::wire::TaskStatus;
use crate::i18n::Said;

/// What one poll of [`Client::wait_task`] saw: said after every poll, so a wait always says
/// where the task is and how long it has not moved.
#[derive(Debug, Clone)]
pub struct Watch {
    /// The task's status as last read.
    pub status: TaskStatus,
    /// It changed with this poll.
    pub changed: bool,
    /// Since the status last changed (or the wait began).
    pub unchanged_for: Duration,
    /// The service's answers could not be read for this long, and why (the wait tries on).
    pub unreadable: Option<(Duration, Said)>,
}

impl Client {
    /// Polls until the task ends. `on_poll` hears of every poll (see [`Watch`]). Transient failures
    /// (network, 5xx, 429) are retried with backoff; the task is never resubmitted.
    pub async fn wait_task(
        &self,
        task_id: &str,
        mut on_poll: impl FnMut(&Watch),
    ) -> Result<Generation, ApiError> {
        let mut poll = 0u32;
        let mut errors = 0u32;
        let mut last = None;
        let started = Instant::now();
        // When the status last changed, and when the service last gave a readable answer.
        let mut moved = Instant::now();
        let mut readable = Instant::now();
        let mut last_request_id = None;
        loop {
            let delay = self
                .submissions
                .as_ref()
                .and_then(|s| s.poll_delay(poll, started.elapsed()))
                .unwrap_or_else(|| self.timing.poll_delay(poll));
            tokio::time::sleep(delay).await;
            poll += 1;
            let cancelled_at = self
                .cancelled
                .lock()
                .ok()
                .and_then(|c| c.get(task_id).copied());
            let over = match cancelled_at {
                Some(t) if t.elapsed() > self.timing.after_cancel => Some(crate::said!(
                    "still-running-after-cancel",
                    seconds = t.elapsed().as_secs()
                )),
                _ if started.elapsed() > self.timing.task_deadline => {
                    let secs = started.elapsed().as_secs();
                    Some(if secs < 120 {
                        crate::said!("still-running-after-wait-secs", seconds = secs)
                    } else {
                        crate::said!("still-running-after-wait", minutes = secs / 60)
                    })
                }
                _ => None,
            };
            if let Some(detail) = over {
                return Err(ApiError::StillRunning {
                    task_id: task_id.into(),
                    detail,
                    request_id: last_request_id,
                });
            }
            let snap = match self.query_task(task_id).await {
                Ok(s) => {
                    errors = 0;
                    readable = Instant::now();
                    s
                }
                Err(e) => {
                    let transient = matches!(
                        &e,
                        ApiError::Unreachable { .. } | ApiError::Malformed { .. }
                    ) || matches!(&e, ApiError::Service { status, .. } if *status == 429 || *status >= 500);
                    errors += 1;
                    let unreadable = readable.elapsed();
                    // Tried a number of times and for a while (a network drop, a broken
                    // answer): then the wait ends with a sentence, the task still journaled.
                    let within = errors <= self.timing.poll_error_limit
                        || unreadable < self.timing.poll_errors_for;
                    if transient && within {
                        tracing::warn!(task_id, errors, "status query failed; polling on: {e}");
                        on_poll(&Watch {
                            status: last.unwrap_or(TaskStatus::Pending),
                            changed: false,
                            unchanged_for: moved.elapsed(),
                            unreadable: Some((unreadable, e.said())),
                        });
                        tokio::time::sleep(self.timing.retry_delay(errors - 1)).await;
                        continue;
                    }
                    if transient && self.timing.poll_errors_for > Duration::ZERO {
                        return Err(ApiError::StillRunning {
                            task_id: task_id.into(),
                            detail: crate::said!(
                                "status-unreadable",
                                minutes = unreadable.as_secs().div_ceil(60),
                                why = e.said()
                            ),
                            request_id: last_request_id,
                        });
                    }
                    return Err(e);
                }
            };
            last_request_id = snap.request_id.clone().or(last_request_id);
            let changed = last != Some(snap.status);
            if changed {
                moved = Instant::now();
                last = Some(snap.status);
            }
            on_poll(&Watch {
                status: snap.status,
                changed,
                unchanged_for: moved.elapsed(),
                unreadable: None,
            });
            match snap.status {
                TaskStatus::Succeeded => {
                    if let Some(s) = &self.submissions {
                        s.task_ended(started.elapsed());
                    }
                    return Ok(snap.generation.unwrap_or_default());
                }
                TaskStatus::Failed => {
                    let (code, message) = snap.failure.unwrap_or_default();
                    return Err(ApiError::TaskFailed {
                        task_id: task_id.into(),
                        code,
                        message,
                        request_id: snap.request_id,
                    });
                }
                TaskStatus::Canceled => {
                    return Err(ApiError::TaskCanceled {
                        task_id: task_id.into(),
                        request_id: snap.request_id,
                    });
                }
                TaskStatus::Unknown => {
                    return Err(ApiError::TaskUnknown {
                        task_id: task_id.into(),
                        request_id: snap.request_id,
                    });
                }
                _ => {}
            }
        }
    }
}
