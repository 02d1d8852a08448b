//! `wanedit compose`: a job's composite made again with each box from the result named, from
//! history's copies; nothing sent, nothing billed.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::jobs::choice::{self, KeepRequest};
use crate::jobs::record::Recorder;
use crate::jobs::region::PlanMask;

#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// The job's history id (`wanedit history` lists them).
    pub job: String,
    /// Box K from result R, e.g. `--box 1=2 --box 2=1`; R = 0 is the original. Boxes not named
    /// keep the original.
    #[arg(long = "box", value_name = "K=R")]
    pub boxes: Vec<String>,
    /// A mask picture (white = take the result, black = keep the original; in the target's
    /// pixels, brought to them when it is another size), applied inside the boxes.
    #[arg(long)]
    pub mask: Option<PathBuf>,
    /// Folder the composite is written into (created if missing; no file there is replaced).
    #[arg(long)]
    pub out: PathBuf,
}

/// "K=R" pairs as a pick per box (`count` boxes), or what is wrong with them.
pub fn picks(pairs: &[String], count: usize) -> Result<Vec<usize>, String> {
    if pairs.is_empty() {
        return Err(format!(
            "say which box takes which result with --box K=R (the job's target has {count} box(es)), e.g. --box 1=2; R = 0 is the original"
        ));
    }
    let mut picks = vec![0; count];
    let mut named = vec![false; count];
    for pair in pairs {
        let said = || {
            format!(
                "--box {pair}: say which box from which result as K=R, e.g. --box 1=2 (R = 0: the original)"
            )
        };
        let (k, r) = pair.split_once('=').ok_or_else(said)?;
        let k: usize = k.trim().parse().map_err(|_| said())?;
        let r: usize = r.trim().parse().map_err(|_| said())?;
        if k == 0 || k > count {
            return Err(format!(
                "--box {pair}: the job's target has {count} box(es), numbered from 1"
            ));
        }
        if std::mem::replace(&mut named[k - 1], true) {
            return Err(format!("--box {pair}: box {k} is named twice"));
        }
        picks[k - 1] = r;
    }
    Ok(picks)
}

pub(super) async fn compose(args: ComposeArgs) -> ExitCode {
    let rec = Recorder::open_default();
    let history = rec.history.clone();
    let id = args.job.clone();
    let entry = tokio::task::spawn_blocking(move || history.get(&id))
        .await
        .ok()
        .flatten();
    let Some(entry) = entry else {
        eprintln!(
            "wanedit: {}",
            crate::said!("choice-no-job", id = args.job.clone())
        );
        return ExitCode::FAILURE;
    };
    let count = match choice::plan_for_choice(&entry) {
        Ok(plan) => plan.boxes.len(),
        Err(e) => {
            eprintln!("wanedit: {e}");
            return ExitCode::FAILURE;
        }
    };
    let boxes = match picks(&args.boxes, count) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("wanedit: {e}");
            return ExitCode::from(2);
        }
    };
    // A result the job does not have, said with the argument that named it.
    if let Some((k, &r)) = boxes
        .iter()
        .enumerate()
        .find(|(_, r)| **r > entry.outputs.len())
    {
        eprintln!(
            "wanedit: --box {}={r}: {}",
            k + 1,
            crate::said!(
                "choice-no-such-result",
                result = r,
                results = entry.outputs.len()
            )
        );
        return ExitCode::from(2);
    }
    let mask = match &args.mask {
        None => None,
        Some(path) => match read_mask(path).await {
            Ok(m) => Some(PlanMask::Picture(std::sync::Arc::new(m))),
            Err(e) => {
                eprintln!("wanedit: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let req = KeepRequest {
        id: args.job,
        boxes,
        mask,
        out_dir: Some(args.out),
        // Each run writes its own file: nothing the command line wrote before is removed.
        replace_previous: false,
    };
    match choice::keep(&rec, req).await {
        Ok(kept) => {
            let said: Vec<String> = kept
                .boxes
                .iter()
                .enumerate()
                .map(|(k, &r)| match r {
                    0 => crate::said!("choice-box-original", number = k + 1).to_string(),
                    r => crate::said!("choice-box-from", number = k + 1, result = r).to_string(),
                })
                .collect();
            eprintln!(
                "{}",
                crate::said!(
                    "choice-kept",
                    boxes = said.join(", "),
                    path = kept.path.display().to_string()
                )
            );
            println!("{}", kept.path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wanedit: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A mask file, read (bounded) and decoded.
async fn read_mask(path: &std::path::Path) -> Result<image::DynamicImage, String> {
    let p = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let bytes =
            crate::store::fs::read_bounded(&p, crate::store::fs::MAX_INPUT_BYTES, &|| false)
                .map_err(|e| format!("the mask {}: {}", p.display(), e.said()))?;
        image::load_from_memory(&bytes).map_err(|e| {
            format!(
                "the mask {} is not a picture wanedit can read ({e}): give a PNG or JPEG, white where the result is taken",
                p.display()
            )
        })
    })
    .await
    .map_err(|e| e.to_string())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_picks_are_read_as_k_equals_r() {
        assert_eq!(picks(&["1=2".into(), "2=1".into()], 2), Ok(vec![2, 1]));
        assert_eq!(picks(&["2=3".into()], 2), Ok(vec![0, 3]));
        assert!(picks(&[], 2).unwrap_err().contains("--box K=R"));
        assert!(picks(&["3=1".into()], 2).unwrap_err().contains("2 box(es)"));
        assert!(
            picks(&["1=1".into(), "1=2".into()], 2)
                .unwrap_err()
                .contains("twice")
        );
        assert!(picks(&["one=2".into()], 2).unwrap_err().contains("K=R"));
    }
}
