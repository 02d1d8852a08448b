//! Running jobs from the window: the job as composed, run, cancel, copy as curl, the queue's
//! messages, the theme and zoom applied each frame.

use super::{CentralTab, WanEditApp};
use crate::api::client::Client;
use crate::api::job::JobSpec;
use crate::api::validate::validate;
use crate::jobs::LocalImages;
use crate::jobs::engine::{EngineEvent, JobCommand, LeftOver};
use crate::ui::inputs::SlotState;
use crate::ui::results::{JobStatus, JobView};
use crate::ui::theme;
use std::sync::Arc;

impl WanEditApp {
    /// What the prompt names that the job does not have ("box 2" with one box on each image,
    /// "image 5" with two images), said before Run: it would run, and bill, anyway.
    pub fn prompt_warning(&self) -> Option<String> {
        use crate::api::references::{Reference, dangling};
        let boxes: Vec<usize> = self
            .compose
            .inputs
            .slots
            .iter()
            .map(|s| s.boxes.len())
            .collect();
        let images = self.compose.inputs.slots.len();
        let missing = dangling(&self.compose.prompt.prompt, images, &boxes);
        let words: Vec<String> = missing
            .iter()
            .map(|r| match *r {
                Reference::Image(n) => {
                    crate::t!("prompt-names-missing-image", number = n, images = images)
                }
                Reference::Box(n) => match boxes.iter().copied().max().unwrap_or(0) {
                    0 => crate::t!("prompt-names-box-none", number = n),
                    most => crate::t!("prompt-names-missing-box", number = n, most = most),
                },
            })
            .collect();
        let mut words = words;
        words.extend(self.token_plan_warning());
        (!words.is_empty()).then(|| words.join(" "))
    }

    /// What Token Plan would refuse, said before Run: a plan key with another region or another
    /// key with the plan (never the key itself), a model the plan does not serve.
    fn token_plan_warning(&self) -> Vec<String> {
        use crate::api::region::Region;
        use crate::api::token_plan;
        let Some(region) = self
            .session
            .settings
            .endpoint
            .base_url()
            .ok()
            .and_then(|b| Region::of_base_url(&b))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some((key, _)) = self.effective_key()
            && let Err(why) = token_plan::pairing(key.expose(), region.is_token_plan())
        {
            out.push(why);
        }
        if region.is_token_plan() {
            out.extend(token_plan::refusals(&self.draft()));
        }
        // Said one after another above Run: each a sentence of its own.
        out.into_iter().map(|s| ended(&s.words())).collect()
    }

    /// What Run would bill: n images (up to n for an image set) at the price for the model where
    /// requests go (the user's own price first, then the catalog's), or that none is known.
    pub fn run_cost(&self) -> Option<crate::store::prices::Estimate> {
        let base_url = self.session.settings.endpoint.base_url().ok()?;
        let job = self.draft();
        let n = job.params.n.unwrap_or(1);
        // Detail mode may send one call per box, each billed.
        let calls = crate::jobs::detail::figures(&job)
            .filter(|f| f.on)
            .map_or(1, |f| f.calls());
        Some(crate::store::prices::Estimate::with(
            self.compose.model.id,
            &base_url,
            calls,
            n,
            &self.library.batch.user_prices,
        ))
    }

    /// The job the current state describes, built now (what actions send).
    pub fn current_job(&self) -> JobSpec {
        self.compose.job(&self.session.settings.result_names)
    }

    /// The job the current state describes, shared: derived again only after an edit (what
    /// the panels read while drawing).
    pub fn draft(&self) -> Arc<JobSpec> {
        self.compose.draft(&self.session.settings.result_names)
    }

    /// Moves the target image last (the service shapes its output after the last image),
    /// with its boxes, renumbering the prompt's "image N".
    pub fn move_target_last(&mut self) {
        let job = self.current_job();
        let Some(t) = job.composite_target() else {
            return;
        };
        let last = self.compose.inputs.slots.len().saturating_sub(1);
        let mut moved = job.clone();
        moved.move_target_last();
        self.compose.prompt.prompt = moved.prompt;
        if let Some(id) = self.compose.inputs.slots.get(t).map(|s| s.id) {
            self.compose.inputs.target = Some(id);
        }
        self.reorder(t, last);
    }

    /// `Ok` when the job may start; otherwise the first reason it cannot.
    pub fn can_run(&self) -> Result<(), String> {
        if self
            .compose
            .inputs
            .slots
            .iter()
            .any(|s| matches!(s.state, SlotState::Loading))
        {
            return Err(crate::t!("run-wait-loading"));
        }
        if let Some((i, s)) = self
            .compose
            .inputs
            .slots
            .iter()
            .enumerate()
            .find(|(_, s)| matches!(s.state, SlotState::Refused(_)))
        {
            let why = match &s.state {
                SlotState::Refused(w) => w.clone(),
                _ => String::new(),
            };
            return Err(crate::t!("run-image-refused", number = i + 1, why = why));
        }
        let problems = validate(&self.draft());
        if let Some(p) = problems.first() {
            return Err(p.0.words());
        }
        self.session.base_url()?;
        if self.effective_key().is_none() {
            return Err(crate::t!("run-no-key"));
        }
        // A key and a place that do not pair, a model Token Plan does not serve: nothing to
        // send (each said above Run).
        if let Some(why) = self.token_plan_warning().into_iter().next() {
            return Err(why);
        }
        Ok(())
    }

    /// Starts the current job (frozen now) on the runtime; returns its id.
    pub fn run(&mut self) -> Result<u64, String> {
        self.can_run()?;
        let base = self.session.base_url()?;
        let (key, _) = self
            .effective_key()
            .ok_or_else(|| crate::t!("run-no-key"))?;
        let client = Client::new(&base, key, self.session.timing.clone());
        let job = self.current_job();
        let out_dir = self.session.settings.out_dir.clone();
        let id = self.door.new_id();
        self.door.send(JobCommand::Start {
            id,
            client,
            job: Box::new(job.clone()),
            local: LocalImages::Auto,
            out_dir: out_dir.clone(),
        });
        let inputs = self
            .compose
            .inputs
            .slots
            .iter()
            .map(|s| s.ready().and_then(|r| r.preview.clone()))
            .collect::<Vec<_>>();
        self.runs.jobs.insert(
            0,
            JobView {
                inputs,
                ..JobView::new(id, job, out_dir)
            },
        );
        Ok(id)
    }

    pub fn cancel(&mut self, id: u64) {
        self.door.send(JobCommand::Cancel(id));
        // Said on the row at once: the service's answer (and the job's end) can take a poll.
        if let Some(j) = self.runs.job_mut(id) {
            j.cancel_asked = true;
        }
    }

    /// Starts building the current request as a curl command (key as `$DASHSCOPE_API_KEY`) on
    /// the runtime, exactly as it would be sent; the result is copied to the clipboard when it
    /// arrives. A second request while one is building is ignored.
    pub fn start_curl(&mut self) {
        if self.runs.curl_pending {
            return;
        }
        let base = match self.session.settings.endpoint.base_url() {
            Ok(b) => b,
            Err(e) => {
                self.problem(e.words());
                return;
            }
        };
        self.door.send(JobCommand::PlanCurl {
            job: Box::new(self.current_job()),
            base,
        });
        self.runs.curl_pending = true;
        self.say(crate::said!("run-building-curl"));
    }

    /// Whether a copy-as-curl is being built.
    pub fn curl_building(&self) -> bool {
        self.runs.curl_pending
    }

    /// Theme and zoom: the choice from settings is applied when it changes; Ctrl+plus/minus
    /// (egui's own shortcuts) change the zoom, which settings then remember.
    /// Sets the window's language (Settings' or the system's) before anything is put into
    /// words this frame.
    /// After a language change: what was said in the old one is said again in the new one
    /// (the key check's sentence is asked for again, quietly and for free; the keychain's
    /// state is put into the new words; the status line and the earlier messages are kept as
    /// what they mean and read in the new words, but for text that came as text).
    fn say_again_in_the_new_language(&mut self) {
        if self.session.key_check.last.is_some() && self.effective_key().is_some() {
            self.check_key(true);
        }
        if let Some(news) = self.session.keychain_last.clone() {
            self.session.keychain_state = super::keys::keychain_words(&news);
        }
        if self
            .message
            .as_ref()
            .is_some_and(|m| !m.problem && matches!(m.text, crate::i18n::Said::Plain(_)))
        {
            self.message = None;
        }
    }

    pub(super) fn apply_language(&mut self, ctx: &egui::Context) {
        // The window's own app follows the system's language and sets the process's (its
        // workers' sentences too); one made for a test is English unless told otherwise, and
        // sets only its thread's, so that tests in several languages run at once.
        let lang = self
            .session
            .settings
            .language
            .unwrap_or_else(|| match self.is_the_window {
                true => crate::i18n::Lang::system(),
                false => crate::i18n::Lang::En,
            });
        if self.session.applied_language != Some(lang) {
            match self.is_the_window {
                true => crate::i18n::set(lang),
                false => crate::i18n::set_for_this_thread(Some(lang)),
            }
            let changed = self.session.applied_language.is_some();
            self.session.applied_language = Some(lang);
            // The CJK shapes of the window's language first.
            crate::ui::fonts::install(ctx, lang);
            if changed {
                self.say_again_in_the_new_language();
            }
        }
    }

    pub(super) fn apply_look(&mut self, ctx: &egui::Context) {
        if self.session.applied_theme != Some(self.session.settings.theme) {
            theme::apply(ctx, self.session.settings.theme);
            self.session.applied_theme = Some(self.session.settings.theme);
        }
        let zoom = ctx.zoom_factor();
        let clamped = zoom.clamp(*theme::ZOOM_RANGE.start(), *theme::ZOOM_RANGE.end());
        if clamped != zoom {
            ctx.set_zoom_factor(clamped);
        }
        self.session.settings.ui_zoom = clamped;
    }

    /// What the engine reported (after it kept its own books).
    pub(super) fn on_engine(&mut self, e: EngineEvent) {
        match e {
            EngineEvent::Started(id) => {
                if let Some(j) = self.runs.job_mut(id) {
                    j.status = JobStatus::Working(crate::t!("job-starting"));
                }
            }
            EngineEvent::Event(id, e) => {
                if let Some(j) = self.runs.job_mut(id) {
                    j.event(e);
                }
            }
            EngineEvent::CancelRefused(id) => {
                // Said on the job's row (with the service's words, the job's last notice), and
                // its Cancel disabled; the status bar says it too.
                if let Some(j) = self.runs.job_mut(id) {
                    // The service's words when they came (they say it all), else ours: once.
                    let said = j.notices.last().map(|n| n.words());
                    j.cancel_refused =
                        Some(said.unwrap_or_else(|| crate::t!("cancel-refused-running", job = id)));
                }
                self.say(crate::said!("cancel-refused-running", job = id));
            }
            EngineEvent::Finished(id, r) => {
                self.library.history.refresh();
                // What was billed today and this month, with this job in it.
                self.reload_billed();
                if let Some(j) = self.runs.jobs.iter_mut().find(|j| j.id == id) {
                    j.finish(r);
                    self.runs.results.load_results(j);
                    if !j.images.is_empty() {
                        self.runs.selected_result = Some((id, 0));
                        self.tab = CentralTab::Compare;
                        self.runs.compare.view.fitted = true;
                    }
                }
            }
            EngineEvent::Curl(r) => {
                self.runs.curl_pending = false;
                match r {
                    Ok(c) => {
                        self.to_clipboard = Some(c.clone());
                        self.runs.last_curl = Some(c);
                        self.say(crate::said!("curl-copied"));
                    }
                    Err(e) => self.problem(e.words()),
                }
            }
            EngineEvent::Fetched(sentence, entry) => self.fetched(sentence, entry),
            EngineEvent::LeftOver(LeftOver {
                open,
                incomplete,
                at_start,
            }) => self.start_resumed(open, incomplete, at_start),
            EngineEvent::KeyChecked { check, quiet } => self.on_key_checked(check, quiet),
            EngineEvent::Batch(news) => self.on_batch_news(news),
        }
    }
}

/// A sentence with its full stop (the language's own), for sentences said one after another.
fn ended(s: &str) -> String {
    let s = s.trim_end();
    if s.ends_with(['.', '。', '!', '?', '！', '？']) {
        return s.to_string();
    }
    match crate::i18n::current() {
        crate::i18n::Lang::En => format!("{s}."),
        _ => format!("{s}。"),
    }
}
