//! The job as the place requests go to takes it (see `api::token_plan`).

use super::{JobEvent, LocalImages};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::job::JobSpec;
use crate::api::validate::Problem;

/// The job as the place it goes takes it: on Token Plan (see `api::token_plan`) its key and
/// model checked, a sync call, local files inline. Refusals are sentences; nothing is sent.
pub(super) fn on_token_plan(
    client: &Client,
    job: &mut JobSpec,
    local: LocalImages,
    events: &mut impl FnMut(JobEvent),
) -> Result<LocalImages, ApiError> {
    use crate::api::token_plan;
    let mut problems: Vec<Problem> = client.pairing().err().map(Problem).into_iter().collect();
    if !client.token_plan() {
        return match problems.is_empty() {
            true => Ok(local),
            false => Err(ApiError::Invalid(problems)),
        };
    }
    problems.extend(token_plan::refusals(job).into_iter().map(Problem));
    if local == LocalImages::Upload {
        problems.push(Problem(crate::said!("token-plan-upload")));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    if let Some(said) = token_plan::as_sync(job) {
        events(JobEvent::Notice(said));
    }
    Ok(LocalImages::Inline)
}
