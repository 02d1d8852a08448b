//! `wanedit batch`: one recipe over many images, at the account's limits (the runner is
//! `jobs::batch`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{ConnectionArgs, UploadMode, keyed_client};
use crate::api::job::{CallMode, JobSpec, SizeChoice};
use crate::jobs::record::Recorder;

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Continue every unfinished batch (or only the one in --out): items whose task exists are
    /// polled, never sent again; items never sent are run. Takes the connection options the
    /// batch ran with.
    #[arg(long, conflicts_with_all = ["recipe", "model", "prompt"])]
    pub resume: bool,
    /// A recipe (JSON, as the window saves it); instead of --model, --prompt and the rest.
    #[arg(long)]
    pub recipe: Option<PathBuf>,
    /// How result files are named: {name}-edit (the default), or with {model}, {date},
    /// {prompt}; -1, -2… follow.
    #[arg(long, conflicts_with = "resume")]
    pub name: Option<String>,
    /// wan2.7-image-pro, wan2.7-image, wan2.6-image or wan2.5-i2i-preview.
    #[arg(long, required_unless_present_any = ["recipe", "resume"], conflicts_with = "recipe")]
    pub model: Option<String>,
    /// The instruction for every image.
    #[arg(long, required_unless_present_any = ["recipe", "resume"], conflicts_with = "recipe")]
    pub prompt: Option<String>,
    /// A box on every image as fractions of its width and height, 1:x1,y1,x2,y2
    /// (e.g. 1:0.1,0.2,0.5,0.6). Repeatable, two at most.
    #[arg(long = "box", conflicts_with = "recipe")]
    pub boxes: Vec<String>,
    /// 1K, 2K or W*H.
    #[arg(long, conflicts_with = "recipe")]
    pub size: Option<String>,
    /// Images per input (billed per image).
    #[arg(long, default_value_t = 1, conflicts_with = "recipe")]
    pub n: u32,
    /// Run as async tasks: the default for a batch, since a task survives a kill (its id is
    /// kept and polled again); accepted for symmetry with `edit`.
    #[arg(long = "async", conflicts_with_all = ["recipe", "sync"])]
    pub run_async: bool,
    /// Run as sync calls instead (wan2.7 and wan2.6): an item killed while its call is open
    /// is marked "may have run", since it cannot be looked up again.
    #[arg(long, conflicts_with = "recipe")]
    pub sync: bool,
    /// How local files are sent.
    #[arg(long, value_enum, default_value_t = UploadMode::Auto)]
    pub upload: UploadMode,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Folder for the results and batch.json (created if missing). With --resume: only the
    /// batch in this folder.
    #[arg(long, required_unless_present = "resume")]
    pub out: Option<PathBuf>,
    /// Submissions a second at most (the documented limit for these models: 5 per account).
    #[arg(long, default_value_t = 5)]
    pub per_second: usize,
    /// Tasks at once at most (documented: 5 per account).
    #[arg(long, default_value_t = 5)]
    pub at_once: usize,
    /// Stop starting items once this much would be billed (in the price's currency; needs a
    /// known price: see `wanedit prices`). The batch pauses, to be resumed with a higher cap.
    #[arg(long)]
    pub cap: Option<f64>,
    /// With --resume: send the failed items again too (each image they make is billed).
    #[arg(long, requires = "resume")]
    pub retry_failed: bool,
    /// Start without asking (the estimate is still printed). Needed when standard input is
    /// not a terminal.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Image files, or folders whose images are taken in name order.
    #[arg(required_unless_present = "resume")]
    pub inputs: Vec<PathBuf>,
}

/// `1:x1,y1,x2,y2` in fractions → a relative box (batch items have one image: always 1).
pub fn parse_rel_box(s: &str) -> Result<crate::api::recipe::RelBox, String> {
    let usage = || {
        format!(
            "--box \"{s}\" should look like 1:0.1,0.2,0.5,0.6 (image 1, then x1,y1,x2,y2 as fractions of its width and height)"
        )
    };
    let (n, coords) = s.split_once(':').ok_or_else(usage)?;
    if n.trim() != "1" {
        return Err(format!(
            "--box \"{s}\": a batch runs over one image at a time, so its boxes are on image 1"
        ));
    }
    let v: Vec<f64> = coords
        .split(',')
        .map(|c| c.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| usage())?;
    match v[..] {
        [x1, y1, x2, y2]
            if [x1, y1, x2, y2].iter().all(|f| (0.0..=1.0).contains(f)) && x1 < x2 && y1 < y2 =>
        {
            Ok(crate::api::recipe::RelBox { x1, y1, x2, y2 })
        }
        [_, _, _, _] => Err(format!(
            "--box \"{s}\": fractions go from 0 to 1, with x1 < x2 and y1 < y2"
        )),
        _ => Err(usage()),
    }
}

fn recipe_from_args(a: &BatchArgs) -> Result<crate::api::recipe::Recipe, String> {
    let mut r = recipe_itself(a)?;
    if let Some(t) = &a.name {
        crate::jobs::naming::check_template(t).map_err(|e| e.words())?;
        r.names = Some(t.clone());
    }
    Ok(r)
}

fn recipe_itself(a: &BatchArgs) -> Result<crate::api::recipe::Recipe, String> {
    use crate::api::recipe::{RECIPE_VERSION, Recipe};
    if let Some(path) = &a.recipe {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("could not read the recipe {}: {e}", path.display()))?;
        return Recipe::from_json(&text).map_err(|e| format!("{}: {e}", path.display()));
    }
    let (model, prompt) = (
        a.model.clone().unwrap_or_default(),
        a.prompt.clone().unwrap_or_default(),
    );
    let mut job = JobSpec::new(&model, &prompt);
    job.params.size = a
        .size
        .as_deref()
        .map(SizeChoice::parse)
        .transpose()
        .map_err(|e| e.words())?;
    job.params.n = Some(a.n);
    let sync_available = job.spec().is_some_and(|s| s.sync_path.is_some());
    job.mode = if a.sync && sync_available {
        CallMode::Sync
    } else {
        CallMode::Async
    };
    let boxes = a
        .boxes
        .iter()
        .map(|b| parse_rel_box(b))
        .collect::<Result<Vec<_>, _>>()?;
    if boxes.len() > 2 {
        return Err(format!(
            "{} boxes given; an image takes two at most",
            boxes.len()
        ));
    }
    Ok(Recipe {
        version: RECIPE_VERSION,
        model,
        prompt,
        params: job.params,
        mode: job.mode,
        region: Default::default(),
        boxes,
        names: None,
    })
}

fn fail(e: String) -> ExitCode {
    eprintln!("wanedit: {e}");
    ExitCode::from(2)
}

/// Asks on the terminal; refuses (with what to do) when standard input is not one.
fn confirmed(question: &str) -> Result<bool, String> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(
            "standard input is not a terminal, so wanedit cannot ask: add --yes to start the batch"
                .into(),
        );
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "Yes"))
}

pub async fn batch(a: BatchArgs) -> ExitCode {
    use crate::jobs::batch::{self, Manifest};
    let base = match a.connection.base_url() {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let rec = Recorder::open_default();
    let limits = crate::jobs::pace::Limits {
        submissions_per_second: a.per_second,
        in_flight: a.at_once,
    };
    if a.resume {
        return resume(&a, &base, &rec, limits).await;
    }
    let out = a.out.clone().expect("clap requires --out without --resume");
    let recipe = match recipe_from_args(&a) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if crate::api::catalog::ModelSpec::find(&recipe.model).is_none() {
        return fail(format!(
            "{} is not a model wanedit knows (wan2.7-image-pro, wan2.7-image, wan2.6-image, wan2.5-i2i-preview)",
            recipe.model
        ));
    }
    let inputs = match batch::expand_inputs(&a.inputs) {
        Ok(i) => i,
        Err(e) => return fail(e.words()),
    };
    // The folder is this process's from here (another wanedit may be starting a batch in it).
    let owner = match batch::claim_batch(&out) {
        Ok(o) => o,
        Err(sentence) => {
            eprintln!("wanedit: {}: {sentence}", out.display());
            return ExitCode::from(super::ELSEWHERE_EXIT);
        }
    };
    if let Ok(m) = Manifest::load(&out)
        && m.unfinished()
    {
        return fail(format!(
            "{} holds a batch that has not finished; resume it with wanedit batch --resume --out {}, or choose another --out",
            out.display(),
            out.display()
        ));
    }
    let client = match keyed_client(&base) {
        Ok(c) => a.connection.placed(c),
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        return fail(format!("could not create {}: {e}", out.display()));
    }
    let n = recipe.params.n.unwrap_or(1);
    let estimate = crate::store::prices::Estimate::in_region(
        &recipe.model,
        client.region_key(),
        inputs.len(),
        n,
        &rec.prices.load(),
    );
    if a.cap.is_some() && estimate.quote.is_none() {
        return fail(format!(
            "a spend cap needs a price, and {}",
            estimate.sentence()
        ));
    }
    eprintln!(
        "wanedit: {} image(s) × {n}: {}",
        inputs.len(),
        estimate.sentence()
    );
    eprintln!(
        "wanedit: {} at once at most, {} submissions a second at most",
        a.at_once, a.per_second
    );
    if !a.yes {
        match confirmed("Start the batch?") {
            Ok(true) => {}
            Ok(false) => {
                eprintln!("wanedit: not started; nothing was sent");
                return ExitCode::from(1);
            }
            Err(e) => return fail(e),
        }
    }
    let mut m = Manifest::new(recipe, inputs, client.base_url());
    m.cap = a.cap;
    run_and_report(&owner, &client, &rec, m, out, limits, a.upload).await
}

/// `wanedit batch --resume`: continues every unfinished batch (or only the one in --out).
async fn resume(
    a: &BatchArgs,
    base: &str,
    rec: &Recorder,
    limits: crate::jobs::pace::Limits,
) -> ExitCode {
    use crate::jobs::batch::{self, Manifest};
    let batches: Vec<(PathBuf, Manifest)> = match &a.out {
        Some(out) => match Manifest::load(out) {
            Ok(m) => vec![(out.clone(), m)],
            Err(e) => return fail(e.words()),
        },
        None => batch::Batches::of(rec).unfinished(),
    };
    let batches: Vec<_> = batches
        .into_iter()
        .filter(|(_, m)| m.unfinished() || a.retry_failed)
        .collect();
    if batches.is_empty() {
        eprintln!("wanedit: no unfinished batch to resume");
        return ExitCode::SUCCESS;
    }
    let client = match keyed_client(base) {
        Ok(c) => a.connection.placed(c),
        Err(code) => return code,
    };
    let mut worst = ExitCode::SUCCESS;
    let mut elsewhere = false;
    for (out, _) in batches {
        // One owner: a batch another live wanedit runs is left to it, never run twice.
        let owner = match batch::claim_batch(&out) {
            Ok(o) => o,
            Err(sentence) => {
                eprintln!("wanedit: {}: {sentence}", out.display());
                elsewhere = true;
                continue;
            }
        };
        // Read again now that it is ours: the list was read before, and another process
        // may have moved it on since.
        let mut m = match Manifest::load(&out) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("wanedit: {e}");
                worst = ExitCode::from(1);
                continue;
            }
        };
        if a.retry_failed {
            let k = m.retry(false);
            if k > 0 {
                eprintln!(
                    "wanedit: {}: sending {k} failed item(s) again (each image they make is billed)",
                    out.display()
                );
            }
        }
        if !m.unfinished() {
            eprintln!("wanedit: the batch in {} has finished", out.display());
            continue;
        }
        if !m.base_url.is_empty() && m.base_url != base {
            eprintln!(
                "wanedit: the batch in {} ran on {}; resume it with --base-url {} (tasks live in their region)",
                out.display(),
                m.base_url,
                m.base_url
            );
            worst = ExitCode::from(2);
            continue;
        }
        if let Some(cap) = a.cap {
            m.cap = Some(cap);
        }
        eprintln!(
            "wanedit: resuming {}: {} done, {} to finish",
            out.display(),
            m.count(batch::ItemStatus::Done),
            m.items.iter().filter(|i| !i.status.ended()).count()
        );
        let code = run_and_report(&owner, &client, rec, m, out, limits, a.upload).await;
        if code != ExitCode::SUCCESS {
            worst = code;
        }
    }
    if elsewhere && worst == ExitCode::SUCCESS {
        return ExitCode::from(super::ELSEWHERE_EXIT);
    }
    worst
}

async fn run_and_report(
    owner: &crate::jobs::batch::BatchOwner,
    client: &crate::api::client::Client,
    rec: &Recorder,
    m: crate::jobs::batch::Manifest,
    out: PathBuf,
    limits: crate::jobs::pace::Limits,
    upload: UploadMode,
) -> ExitCode {
    use crate::jobs::batch::{self, ItemStatus};
    let total = m.items.len();
    let already = m.items.iter().filter(|i| i.status.ended()).count();
    let ended = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(already));
    let (run, pause) = batch::BatchRun::new(limits, upload.local_images());
    // Ctrl+C pauses: no further item starts, those under way finish; a second one quits
    // (what is under way is kept by the manifest and the journal).
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!(
                "wanedit: pausing: the items under way finish, no more start (Ctrl+C again to quit now; wanedit batch --resume continues)"
            );
            let _ = pause.send(true);
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        }
    });
    let m = batch::run_batch(
        owner,
        client.clone(),
        rec.clone(),
        m,
        out.clone(),
        run,
        move |_, item| {
            if !item.status.ended() {
                return;
            }
            let k = ended.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            let name = item.input.display();
            match (&item.status, &item.sentence) {
                (ItemStatus::Done, _) => {
                    eprintln!("wanedit: [{k}/{total}] {name}: done");
                    for o in &item.outputs {
                        println!("{}", o.display());
                    }
                }
                (s, Some(why)) => eprintln!("wanedit: [{k}/{total}] {name}: {}: {why}", s.label()),
                (s, None) => eprintln!("wanedit: [{k}/{total}] {name}: {}", s.label()),
            }
        },
    )
    .await;
    let (done, failed, unsure) = (
        m.count(ItemStatus::Done),
        m.count(ItemStatus::Failed),
        m.count(ItemStatus::MayHaveRun),
    );
    let left = m.items.iter().filter(|i| !i.status.ended()).count();
    let mut summary = format!(
        "{done} done, {failed} failed, {} image(s) billed",
        m.billed()
    );
    if unsure > 0 {
        summary.push_str(&format!(", {unsure} may have run"));
    }
    if left > 0 {
        summary.push_str(&format!(", {left} not finished"));
    }
    if let Some(q) = rec.prices.quote(&m.recipe.model, &m.base_url) {
        summary.push_str(&format!(" ({})", q.cost(m.billed())));
    }
    eprintln!(
        "wanedit: {summary}; {}",
        out.join(batch::MANIFEST).display()
    );
    if let Some(s) = &m.stopped {
        eprintln!("wanedit: {s}");
    }
    if left > 0 {
        eprintln!(
            "wanedit: wanedit batch --resume --out {} continues it",
            out.display()
        );
    }
    if failed == 0 && unsure == 0 && left == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
