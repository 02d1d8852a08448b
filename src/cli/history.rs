//! `wanedit history`: the jobs history holds, as lines or as JSON.

use std::process::ExitCode;

use super::HistoryArgs;
use crate::jobs::record::Recorder;

pub(super) fn history(args: HistoryArgs) -> ExitCode {
    let rec = Recorder::open_default();
    let filter = args.filter.unwrap_or_default();
    let entries: Vec<_> = rec
        .history
        .list()
        .into_iter()
        .filter(|e| e.matches(&filter))
        .collect();
    if args.json {
        return match serde_json::to_string_pretty(&entries) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wanedit: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if entries.is_empty() {
        eprintln!("wanedit: no jobs in {}", rec.history.root().display());
    }
    for e in &entries {
        let prompt: String = e.spec.composed_prompt().chars().take(60).collect();
        let prompt = match &e.spec.part {
            Some(p) => format!(
                "[call {} of {}, box {}] {prompt}",
                p.index + 1,
                p.of,
                p.number
            ),
            None => prompt,
        };
        println!(
            "{}  {:<22} {:<19} {} result(s)  {}",
            e.id,
            e.status.label(),
            e.spec.model,
            e.outputs.len(),
            prompt
        );
        if let Some(s) = &e.sentence {
            println!("    {s}");
        }
    }
    ExitCode::SUCCESS
}
