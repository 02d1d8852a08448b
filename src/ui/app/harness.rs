//! The test harness: what unit tests, integration tests and the benchmarks use to wait for the
//! engine and to look inside (built with `cfg(test)` or the `harness` feature, which the tests
//! turn on; the window never waits, so none of it is in the program).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::WanEditApp;
use crate::jobs::work::dialogs::Dialogs;
use crate::jobs::work::files::FilesCommand;

impl WanEditApp {
    /// Pumps until `done` holds or `timeout` passes.
    pub fn pump_until(&mut self, timeout: Duration, done: impl Fn(&Self) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            self.pump();
            self.after_pump();
            if done(self) {
                return true;
            }
            match self.inbox.next_before(deadline) {
                Some(m) => self.route(m),
                None if Instant::now() >= deadline => return done(self),
                None => {}
            }
        }
    }

    /// Waits until every image has loaded; `false` on timeout.
    pub fn wait_loaded(&mut self, timeout: Duration) -> bool {
        self.pump_until(timeout, |a| !a.compose.inputs.is_loading())
    }

    /// Waits until no job is running; `false` on timeout.
    pub fn wait_jobs(&mut self, timeout: Duration) -> bool {
        self.pump_until(timeout, |a| !a.runs.jobs.iter().any(|j| j.is_active()))
    }

    /// Waits for the History tab's folder read; `false` on timeout.
    pub fn wait_history(&mut self, timeout: Duration) -> bool {
        self.pump_until(timeout, |a| !a.library.history.loading)
    }

    /// Waits until the keychain has answered what was asked of it.
    pub fn wait_keychain(&mut self, timeout: Duration) -> bool {
        self.pump_until(timeout, |a| !a.session.keychain_state.ends_with('…'))
    }

    /// Waits for a key check to answer.
    pub fn wait_key_check(&mut self, timeout: Duration) -> bool {
        self.pump_until(timeout, |a| {
            !a.session.key_check.checking && a.session.key_check.last.is_some()
        })
    }

    /// The status line's text, in the language of the moment.
    pub fn status_text(&self) -> Option<String> {
        self.message.as_ref().map(|m| m.text.words())
    }

    /// Replaces the file dialogs the engine asks.
    pub fn set_dialogs(&mut self, dialogs: Arc<dyn Dialogs>) {
        self.door.send(FilesCommand::UseDialogs(dialogs));
    }

    /// Commits the boxes as an edit (what the canvas does when a drag ends), for tests that set
    /// boxes directly.
    pub fn commit_boxes_for_tests(&mut self) {
        self.commit_boxes();
    }
}
