//! The choice's room: each box of a job from the result the designer chose, made again from
//! history's copies (see [`crate::jobs::choice`]); and the candidates a box view shows. Nothing
//! is sent. Choices for one job are made one at a time, the newest only: a designer clicking
//! through candidates gets the last click's composite, not every one in turn.

use std::collections::HashMap;
use std::sync::Arc;

use crate::i18n::Said;
use crate::jobs::choice::{self, Candidates, KeepRequest, Kept};
use crate::jobs::post::Post;
use crate::jobs::record::Recorder;

pub enum ChoiceCommand {
    /// Box `box_index` of job `id` as the original and each result make it.
    Candidates {
        id: String,
        box_index: usize,
        reply: Post<Result<Candidates, Said>>,
    },
    /// Makes (and keeps) a choice; a newer one for the same job makes this one moot.
    Keep {
        request: KeepRequest,
        reply: Post<Result<Kept, Said>>,
    },
}

/// Per job: the newest choice's number, and the turn choices take one by one.
type Turns = Arc<(std::sync::atomic::AtomicU64, tokio::sync::Mutex<()>)>;

#[derive(Default)]
pub(super) struct Room {
    turns: HashMap<String, Turns>,
}

impl Room {
    pub(super) fn handle(
        &mut self,
        runtime: &tokio::runtime::Handle,
        rec: &Recorder,
        command: ChoiceCommand,
    ) {
        use std::sync::atomic::Ordering;
        let rec = rec.clone();
        match command {
            ChoiceCommand::Candidates {
                id,
                box_index,
                reply,
            } => {
                runtime.spawn(async move {
                    reply.send(choice::candidates(&rec, &id, box_index).await);
                });
            }
            ChoiceCommand::Keep { request, reply } => {
                let turns = self.turns.entry(request.id.clone()).or_default().clone();
                let this = turns.0.fetch_add(1, Ordering::SeqCst) + 1;
                runtime.spawn(async move {
                    let _turn = turns.1.lock().await;
                    if turns.0.load(Ordering::SeqCst) != this {
                        return; // a newer choice for this job follows
                    }
                    reply.send(choice::keep(&rec, request).await);
                });
            }
        }
    }
}
