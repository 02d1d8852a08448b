//! The runs this window started or took back, their results, and what the compare view shows.

use crate::ui::results::{JobView, ResultLoader};
use crate::ui::widgets::compare::CompareState;

pub struct Runs {
    pub jobs: Vec<JobView>,
    pub(crate) results: ResultLoader,
    pub compare: CompareState,
    /// The Compare tab's box view: the box shown and its candidates.
    pub box_view: crate::ui::app::BoxView,
    /// (job id, image index) shown in the compare view.
    pub selected_result: Option<(u64, usize)>,
    /// Copy-as-curl is being built on the runtime (reading, preparing and encoding every input
    /// takes seconds for nine large files: the window keeps drawing meanwhile).
    pub(crate) curl_pending: bool,
    /// The request last copied as curl (what the clipboard got).
    pub last_curl: Option<String>,
    /// What the results list shows (Picked only).
    pub results_filter: crate::ui::panels::results::ResultsFilter,
}

impl Runs {
    pub fn new(results: ResultLoader) -> Self {
        Runs {
            jobs: Vec::new(),
            results,
            compare: CompareState::default(),
            box_view: Default::default(),
            selected_result: None,
            curl_pending: false,
            last_curl: None,
            results_filter: Default::default(),
        }
    }

    /// The run with this id, to change.
    pub fn job_mut(&mut self, id: u64) -> Option<&mut JobView> {
        self.jobs.iter_mut().find(|j| j.id == id)
    }
}
