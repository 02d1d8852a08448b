//! Runs jobs on the tokio runtime for the window: each job is frozen when it starts, reports
//! its progress as messages, can be cancelled, and waits its turn when several are queued.
//! Nothing here touches egui; the window polls [`JobQueue::poll`] each frame and the workers
//! call `repaint` when something arrived.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::{JobEvent, JobOutcome, LocalImages, run_job};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::job::JobSpec;

/// At most this many jobs talk to the service at once; the rest wait (the account limit is
/// 5 tasks processing at once, shared with anything else the user runs).
pub const MAX_RUNNING: usize = 2;

/// A message from a running job.
#[derive(Debug)]
pub enum JobMessage {
    Started(u64),
    Event(u64, JobEvent),
    Finished(u64, Result<JobOutcome, ApiError>),
}

struct Running {
    handle: tokio::task::JoinHandle<()>,
    task_id: Option<String>,
    client: Client,
    is_async: bool,
    /// The generation request has been sent (an answer may create paid work).
    sent: bool,
    /// Cancel was asked for while an async create was on its way: cancel the task as soon as
    /// its id arrives, so that it cannot run unseen.
    cancel_requested: bool,
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
}

impl JobQueue {
    pub fn new(runtime: tokio::runtime::Handle, repaint: Arc<dyn Fn() + Send + Sync>) -> Self {
        let (tx, rx) = channel();
        JobQueue {
            runtime,
            tx,
            rx,
            repaint,
            slots: Arc::new(tokio::sync::Semaphore::new(MAX_RUNNING)),
            running: HashMap::new(),
            next_id: 1,
        }
    }

    /// Queues a job (already frozen by the caller); returns its id.
    pub fn start(
        &mut self,
        client: Client,
        mut job: JobSpec,
        local: LocalImages,
        out_dir: PathBuf,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let tx = self.tx.clone();
        let repaint = self.repaint.clone();
        let slots = self.slots.clone();
        let c = client.clone();
        let is_async = job.mode == crate::api::job::CallMode::Async;
        let handle = self.runtime.spawn(async move {
            let _permit = slots.acquire_owned().await;
            let _ = tx.send(JobMessage::Started(id));
            repaint();
            let events_tx = tx.clone();
            let events_repaint = repaint.clone();
            let result = run_job(&c, &mut job, local, &out_dir, move |e| {
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
                handle,
                task_id: None,
                client,
                is_async,
                sent: false,
                cancel_requested: false,
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
    /// cancelled on the service (possible while PENDING); if its create request is still on
    /// its way, the cancel waits for the task id, so the task cannot run unseen. A sync call is
    /// abandoned, and the message says the service may still finish (and bill) it. The outcome
    /// arrives as a `Finished` message.
    pub fn cancel(&mut self, id: u64) {
        let Some(r) = self.running.get_mut(&id) else {
            return;
        };
        if r.is_async && r.sent && r.task_id.is_none() {
            r.cancel_requested = true;
            return;
        }
        let Some(r) = self.running.remove(&id) else {
            return;
        };
        r.handle.abort();
        let tx = self.tx.clone();
        let repaint = self.repaint.clone();
        self.runtime.spawn(async move {
            let result = match (&r.task_id, r.sent) {
                (Some(task_id), _) => match super::cancel_remote(&r.client, task_id).await {
                    Ok(()) => Err(ApiError::TaskCanceled {
                        task_id: task_id.clone(),
                        request_id: None,
                    }),
                    // Too late (RUNNING) or unreachable: it may finish and be billed; say so.
                    Err(e) => Err(ApiError::CancelRefused {
                        task_id: task_id.clone(),
                        detail: e.to_string(),
                        request_id: e.request_id().map(String::from),
                    }),
                },
                (None, true) => Err(ApiError::NoAnswer {
                    detail: "the sync call was cancelled while the service was working on it"
                        .into(),
                }),
                (None, false) => Err(ApiError::Canceled),
            };
            let _ = tx.send(JobMessage::Finished(id, result));
            repaint();
        });
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
