//! One owner per journaled task and per job's downloads (see [`crate::store::owner`]): the
//! claims the recorded path takes, and what a claim that found another owner says.

use super::record::Recorder;
use crate::api::error::ApiError;
use crate::i18n::Said;
use crate::store::owner;

impl Recorder {
    /// Takes the journaled task `task_id` for this process: polling it and downloading its
    /// results is this process's alone until the lock is dropped (`{data}/tasks/{id}.lock`).
    pub fn claim_task(&self, task_id: &str) -> std::io::Result<owner::Claim> {
        owner::claim(&self.journal.lock_path(task_id))
    }

    /// Takes the recorded job `history_id` for this process: its downloads (the first, or a
    /// fetch again) are this process's alone until the lock is dropped
    /// (`{data}/locks/job-{id}.lock`).
    pub fn claim_job(&self, history_id: &str) -> std::io::Result<owner::Claim> {
        let safe = crate::store::journal::file_safe(history_id);
        owner::claim(&self.data_dir.join("locks").join(format!("job-{safe}.lock")))
    }
}

/// What a claim that found another owner turns into: the sentence saying where it goes on.
pub(super) fn elsewhere(what: Said, pid: Option<u32>) -> ApiError {
    ApiError::Elsewhere {
        what,
        elsewhere: owner::elsewhere(pid),
    }
}

/// Holds `claim`'s lock, or says why not: another owner (`Err`), or a lock that could not be
/// taken at all (logged; the work goes on unguarded rather than leaving a paid task behind).
pub(super) fn hold(
    claim: std::io::Result<owner::Claim>,
    what: impl FnOnce() -> Said,
) -> Result<Option<owner::Owned>, ApiError> {
    match claim {
        Ok(owner::Claim::Owned(o)) => Ok(Some(o)),
        Ok(owner::Claim::Busy { pid }) => Err(elsewhere(what(), pid)),
        Err(e) => {
            tracing::warn!("could not take the lock ({e}); going on without it");
            Ok(None)
        }
    }
}
