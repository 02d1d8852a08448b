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
    /// A recipe (JSON, as the window saves it); instead of --model, --prompt and the rest.
    #[arg(long)]
    pub recipe: Option<PathBuf>,
    /// wan2.7-image-pro, wan2.7-image, wan2.6-image or wan2.5-i2i-preview.
    #[arg(long, required_unless_present = "recipe", conflicts_with = "recipe")]
    pub model: Option<String>,
    /// The instruction for every image.
    #[arg(long, required_unless_present = "recipe", conflicts_with = "recipe")]
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
    /// Run as async tasks (wan2.5 always is).
    #[arg(long = "async", conflicts_with = "recipe")]
    pub run_async: bool,
    /// How local files are sent.
    #[arg(long, value_enum, default_value_t = UploadMode::Auto)]
    pub upload: UploadMode,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Folder for the results and batch.json (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Submissions a second at most (the documented limit for these models: 5 per account).
    #[arg(long, default_value_t = 5)]
    pub per_second: usize,
    /// Tasks at once at most (documented: 5 per account).
    #[arg(long, default_value_t = 5)]
    pub at_once: usize,
    /// Image files, or folders whose images are taken in name order.
    #[arg(required = true)]
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
    job.params.size = a.size.as_deref().map(SizeChoice::parse).transpose()?;
    job.params.n = Some(a.n);
    let sync_available = job.spec().is_some_and(|s| s.sync_path.is_some());
    job.mode = if a.run_async || !sync_available {
        CallMode::Async
    } else {
        CallMode::Sync
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
    })
}

pub async fn batch(a: BatchArgs) -> ExitCode {
    use crate::jobs::batch::{self, ItemStatus, Manifest};
    let fail = |e: String| {
        eprintln!("wanedit: {e}");
        ExitCode::from(2)
    };
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
        Err(e) => return fail(e),
    };
    let base = match a.connection.base_url() {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let client = match keyed_client(&base) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(&a.out) {
        return fail(format!("could not create {}: {e}", a.out.display()));
    }
    let local = a.upload.local_images();
    let total = inputs.len();
    eprintln!(
        "wanedit: {total} image(s), {} at once at most, {} submissions a second at most",
        a.at_once, a.per_second
    );
    let limits = crate::jobs::pace::Limits {
        submissions_per_second: a.per_second,
        in_flight: a.at_once,
    };
    let ended = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let m = batch::run_batch(
        client,
        Recorder::open_default(),
        Manifest::new(recipe, inputs),
        a.out.clone(),
        limits,
        local,
        move |_, item| {
            let k = ended.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            let name = item.input.display();
            match (&item.status, &item.sentence) {
                (ItemStatus::Done, _) => {
                    eprintln!("wanedit: [{k}/{total}] {name}: done");
                    for o in &item.outputs {
                        println!("{}", o.display());
                    }
                }
                (_, Some(s)) => eprintln!("wanedit: [{k}/{total}] {name}: failed: {s}"),
                _ => eprintln!("wanedit: [{k}/{total}] {name}: {:?}", item.status),
            }
        },
    )
    .await;
    let (done, failed) = (m.count(ItemStatus::Done), m.count(ItemStatus::Failed));
    let billed: u32 = m.items.iter().filter_map(|i| i.billed).sum();
    eprintln!(
        "wanedit: {done} done, {failed} failed, {billed} image(s) billed; {}",
        a.out.join(batch::MANIFEST).display()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
