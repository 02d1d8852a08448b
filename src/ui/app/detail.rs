//! Detail mode's figures under Run: what a run would send, said before it is sent.

use egui::RichText;

use super::WanEditApp;

impl WanEditApp {
    pub(super) fn detail_figures_ui(&mut self, ui: &mut egui::Ui) {
        // Said when it changes what is sent (or the designer chose): `auto` finding nothing
        // to gain is not news at the foot of every job with a box.
        let job = self.draft();
        if let Some(f) = crate::jobs::detail::figures(&job)
            && (f.on || job.region.detail != crate::api::job::DetailMode::Auto)
        {
            ui.label(RichText::new(f.sentence().words()).small())
                .on_hover_text(crate::t!("prompt-detail-hover"));
        }
    }
}

/// `bbox_list` as the request will carry it (moved into detail mode's crop when it sends one;
/// one per call when it splits the job), for the boxes panel.
pub(super) fn bbox_said(job: &crate::api::job::JobSpec) -> String {
    let lists = crate::jobs::detail::bbox_lists(job);
    let json = |l: &Option<Vec<Vec<[u32; 4]>>>| match l {
        Some(l) => serde_json::to_string(l).unwrap_or_default(),
        None => "—".into(),
    };
    match lists.as_slice() {
        [one] => json(one),
        many => many
            .iter()
            .enumerate()
            .map(|(k, l)| format!("{}: {}", crate::t!("readout-call", number = k + 1), json(l)))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}
