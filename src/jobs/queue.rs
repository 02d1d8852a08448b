//! Runs jobs on the tokio runtime for the window: each job is frozen when it starts, reports
//! its progress as messages, can be cancelled, and waits its turn when several are queued.
//! Nothing here touches egui; the window polls [`JobQueue::poll`] each frame and the workers
//! call `repaint` when something arrived.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::record::{Recorder, Resumed, resume_task, run_recorded};
use super::{JobEvent, JobOutcome, LocalImages};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::job::JobSpec;
use crate::store::journal::JournalEntry;

/// At most this many jobs talk to the service at once; the rest wait (the account limit is
/// 5 tasks processing at once, shared with anything else the user runs).
pub const MAX_RUNNING: usize = 2;

/// A message from a running job.
#[derive(Debug)]
pub enum JobMessage {
    Started(u64),
    Event(u64, JobEvent),
    Finished(u64, Result<JobOutcome, ApiError>),
    /// The service refused to cancel the task (it was RUNNING): the job goes on.
    CancelRefused(u64),
}

struct Running {
    task_id: Option<String>,
    client: Client,
    is_async: bool,
    /// The generation request has been sent (an answer may create paid work).
    sent: bool,
    /// Cancel was asked for: for an async task whose create is on its way, the task is
    /// cancelled as soon as its id arrives, so that it cannot run unseen.
    cancel_requested: bool,
    /// Stops the job where no task exists to cancel (queued, reading, a sync call).
    stop: tokio::sync::watch::Sender<bool>,
}

/// The jobs of one window.
pub struct JobQueue {
    runtime: tokio::runtime::Handle,
    tx: Sender<JobMessage>,
    rx: Receiver<JobMessage>,
    repaint: Arc<dyn Fn() + Send + Sync>,
    slots: Arc<tokio::sync::Semaphore>,
    running: HashMap<u64, Running>,
    next_id: u64,
    recorder: Recorder,
}

impl JobQueue {
    /// Jobs recorded (history, task journal) by `recorder`.
    pub fn new(
        runtime: tokio::runtime::Handle,
        repaint: Arc<dyn Fn() + Send + Sync>,
        recorder: Recorder,
    ) -> Self {
        let (tx, rx) = channel();
        JobQueue {
            runtime,
            tx,
            rx,
            repaint,
            slots: Arc::new(tokio::sync::Semaphore::new(MAX_RUNNING)),
            running: HashMap::new(),
            next_id: 1,
            recorder,
        }
    }

    /// An id for a job view that runs nothing here (a job shown again from history).
    pub fn view_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// Queues a job (already frozen by the caller); returns its id.
    pub fn start(
        &mut self,
        client: Client,
        job: JobSpec,
        local: LocalImages,
        out_dir: PathBuf,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let tx = self.tx.clone();
        let repaint = self.repaint.clone();
        let slots = self.slots.clone();
        let c = client.clone();
        let rec = self.recorder.clone();
        let is_async = job.mode == crate::api::job::CallMode::Async;
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let cancel = stopped.clone();
        self.runtime.spawn(async move {
            // Waiting for a slot ends early when the job is cancelled in the queue.
            let permit = tokio::select! {
                p = slots.acquire_owned() => p.ok(),
                _ = stopped.wait_for(|c| *c) => None,
            };
            let Some(_permit) = permit else {
                let _ = tx.send(JobMessage::Finished(id, Err(ApiError::Canceled)));
                repaint();
                return;
            };
            let _ = tx.send(JobMessage::Started(id));
            repaint();
            let events_tx = tx.clone();
            let events_repaint = repaint.clone();
            let result = run_recorded(&c, &rec, job, local, &out_dir, cancel, move |e| {
                let _ = events_tx.send(JobMessage::Event(id, e));
                events_repaint();
            })
            .await;
            let _ = tx.send(JobMessage::Finished(id, result));
            repaint();
        });
        self.running.insert(
            id,
            Running {
                task_id: None,
                client,
                is_async,
                sent: false,
                cancel_requested: false,
                stop,
            },
        );
        id
    }

    /// Finishes a journaled task (left open by an earlier run): polls it, downloads its
    /// results and records them. Returns the job id its messages carry.
    pub fn resume(&mut self, client: Client, entry: JournalEntry) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let tx = self.tx.clone();
        let repaint = self.repaint.clone();
        let c = client.clone();
        let rec = self.recorder.clone();
        let task_id = entry.task_id.clone();
        let (stop, _) = tokio::sync::watch::channel(false);
        self.runtime.spawn(async move {
            let _ = tx.send(JobMessage::Started(id));
            repaint();
            let events_tx = tx.clone();
            let events_repaint = repaint.clone();
            let resumed = resume_task(&c, &rec, entry, move |e| {
                let _ = events_tx.send(JobMessage::Event(id, e));
                events_repaint();
            })
            .await;
            let result = match resumed {
                Resumed::Finished(r) => r,
                Resumed::Expired(sentence) => Err(ApiError::TaskExpired { sentence }),
            };
            let _ = tx.send(JobMessage::Finished(id, result));
            repaint();
        });
        self.running.insert(
            id,
            Running {
                task_id: Some(task_id),
                client,
                is_async: true,
                sent: true,
                cancel_requested: false,
                stop,
            },
        );
        id
    }

    /// Everything that arrived since the last call.
    pub fn poll(&mut self) -> Vec<JobMessage> {
        let mut out = Vec::new();
        let mut cancel_now = Vec::new();
        while let Ok(m) = self.rx.try_recv() {
            match &m {
                JobMessage::Event(id, JobEvent::Stage(super::Stage::Sending)) => {
                    if let Some(r) = self.running.get_mut(id) {
                        r.sent = true;
                    }
                }
                JobMessage::Event(id, JobEvent::TaskCreated(h)) => {
                    if let Some(r) = self.running.get_mut(id) {
                        r.task_id = Some(h.task_id.clone());
                        if r.cancel_requested {
                            cancel_now.push(*id);
                        }
                    }
                }
                JobMessage::Finished(id, _) => {
                    self.running.remove(id);
                }
                JobMessage::CancelRefused(id) => {
                    if let Some(r) = self.running.get_mut(id) {
                        r.cancel_requested = false;
                    }
                }
                _ => {}
            }
            out.push(m);
        }
        for id in cancel_now {
            self.cancel(id);
        }
        out
    }

    /// Stops a job. Before anything paid was sent, the work is simply dropped. An async task is
    /// cancelled on the service (possible while PENDING) and its poll then ends it; if its
    /// create request is still on its way, the cancel waits for the task id, so the task cannot
    /// run unseen; if the service refuses (the task already RUNNING), the job keeps waiting for
    /// its result, which is billed anyway. A sync call is abandoned, and the message says the
    /// service may still finish (and bill) it. The outcome arrives as a `Finished` message.
    pub fn cancel(&mut self, id: u64) {
        let Some(r) = self.running.get_mut(&id) else {
            return;
        };
        match (&r.task_id, r.is_async && r.sent) {
            (Some(task_id), _) => {
                r.cancel_requested = true;
                let client = r.client.clone();
                let task_id = task_id.clone();
                let tx = self.tx.clone();
                let repaint = self.repaint.clone();
                self.runtime.spawn(async move {
                    if let Err(e) = super::cancel_remote(&client, &task_id).await {
                        let refused = ApiError::CancelRefused {
                            task_id: task_id.clone(),
                            detail: e.to_string(),
                            request_id: e.request_id().map(String::from),
                        };
                        let _ = tx.send(JobMessage::Event(
                            id,
                            JobEvent::Notice(format!(
                                "{refused}; wanedit keeps waiting for its result"
                            )),
                        ));
                        let _ = tx.send(JobMessage::CancelRefused(id));
                        repaint();
                    }
                });
            }
            // The create is on its way: cancel when the task id arrives.
            (None, true) => r.cancel_requested = true,
            (None, false) => {
                r.cancel_requested = true;
                let _ = r.stop.send(true);
            }
        }
    }

    /// Whether a cancel is waiting for the task id.
    pub fn cancelling(&self, id: u64) -> bool {
        self.running.get(&id).is_some_and(|r| r.cancel_requested)
    }

    pub fn is_running(&self, id: u64) -> bool {
        self.running.contains_key(&id)
    }

    pub fn task_id(&self, id: u64) -> Option<&str> {
        self.running.get(&id).and_then(|r| r.task_id.as_deref())
    }
}
