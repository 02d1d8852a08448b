//! The command line, on the same engine as the window.

pub mod batch;
mod compose;
mod connection;
pub use connection::ConnectionArgs;
mod history;
mod key;
mod money;
mod parse;
pub mod region_args;

use history::history;
pub use parse::{parse_box, parse_palette};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::api::client::{Client, Timing};
use crate::api::error::ApiError;
use crate::api::job::{CallMode, ImageSource, JobImage, JobSpec, SizeChoice};
use crate::api::region::{Region, normalize_base_url};
use crate::api::request;
use crate::api::wire::OutputItem;
use crate::jobs::record::{self, Recorder, Resumed};
use crate::jobs::{self, JobEvent, LocalImages, Stage};

#[derive(Debug, Parser)]
#[command(
    name = "wanedit",
    version,
    about = "Edit images with Alibaba Cloud Model Studio's Wan models.\n\nWith no command, opens the studio window (with IMAGES preloaded).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Images to open in the window, in order (image 1, image 2, …); a folder opens on the
    /// Batch tab with its images planned.
    pub images: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one edit (or text-to-image with no --image) and write the results into --out.
    Edit(Box<EditArgs>),
    /// Run one recipe over many images (files, or the images in folders), at the account's
    /// limits; every image is a job of its own in history. `batch.json` in --out says where
    /// each one is.
    Batch(Box<batch::BatchArgs>),
    /// Finish what a previous run left (after a crash, a kill, a lost connection, a full
    /// disk): poll every open async task, fetch results that were made but not saved, and exit.
    Resume(ResumeArgs),
    /// List the jobs in history, newest first (the same history the window shows); with
    /// --ledger, the images billed per day and month.
    History(HistoryArgs),
    /// Make a job's composite again with each box from the result you name (`--box 1=2 --box
    /// 2=1`, 0 = the original), optionally refined by a mask, from history's copies: nothing
    /// is sent, nothing billed. The choice is kept with the job (`history --json`).
    Compose(compose::ComposeArgs),
    /// The prices per image that estimates and the ledger use: list them, or set your own.
    Prices {
        #[command(subcommand)]
        action: money::PricesAction,
    },
    /// Store, check or forget the API key in the system keychain.
    Key {
        #[command(subcommand)]
        action: KeyAction,
    },
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// Use this base URL instead of the one each task was created on.
    #[arg(long)]
    pub base_url: Option<String>,
    /// How long to wait for each task (90s, 20m, 2h) before leaving it for a later resume.
    #[arg(long, default_value = "20m", value_parser = parse_wait)]
    pub wait: std::time::Duration,
}

/// "90s", "20m", "2h" or a number of minutes.
fn parse_wait(s: &str) -> Result<std::time::Duration, String> {
    let t = s.trim();
    let (num, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, "m"),
    };
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s}: say how long to wait as 90s, 20m or 2h"))?;
    let secs = match unit.trim() {
        "s" => n,
        "m" | "min" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("{s}: say how long to wait as 90s, 20m or 2h")),
    };
    if secs == 0 {
        return Err("--wait must be longer than 0".into());
    }
    Ok(std::time::Duration::from_secs(secs))
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Print the entries as JSON (an array, as stored).
    #[arg(long)]
    pub json: bool,
    /// Only jobs whose prompt, model, status, ids or file names contain every word.
    #[arg(long)]
    pub filter: Option<String>,
    /// The images billed, per day and per month (from the service's counts; failed tasks are
    /// not billed). With --json, every billed job.
    #[arg(long)]
    pub ledger: bool,
}

#[derive(Debug, Subcommand)]
pub enum KeyAction {
    /// Read the key from standard input (one line) and store it in the keychain.
    Set,
    /// Say where the key would come from (never prints the key).
    Status,
    /// Remove the stored key.
    Delete,
    /// Check the key where requests go, with one free request that creates nothing billable.
    /// Exit status: 0 valid, 1 refused, 2 no connection.
    Check(KeyCheckArgs),
}

#[derive(Debug, Args)]
pub struct KeyCheckArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// The model the check asks about (the service wants one; wan2.6-image is served in every
    /// documented region).
    #[arg(long, default_value = "wan2.6-image")]
    pub model: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UploadMode {
    /// Inline small files as data URIs, upload the rest to temporary storage.
    Auto,
    /// Always inline as data URIs.
    Inline,
    /// Always upload to temporary storage (oss://).
    Upload,
}

impl UploadMode {
    pub fn local_images(self) -> LocalImages {
        match self {
            UploadMode::Auto => LocalImages::Auto,
            UploadMode::Inline => LocalImages::Inline,
            UploadMode::Upload => LocalImages::Upload,
        }
    }
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// wan2.7-image-pro, wan2.7-image, wan2.6-image or wan2.5-i2i-preview.
    #[arg(long)]
    pub model: String,
    /// An input image: a file path, file://, https:// URL or oss:// URL. Repeat in order.
    /// Taken as the OS gives it: a file name need not be valid UTF-8.
    #[arg(long = "image")]
    pub images: Vec<std::ffi::OsString>,
    /// How result files are named: {name}-edit (the default: coffee-edit-1.png), or with
    /// {model}, {date} (YYYYMMDD), {prompt} (its first words); -1, -2… follow.
    #[arg(long)]
    pub name: Option<String>,
    /// How long to wait for an async task (90s, 20m, 2h): past it the command ends, saying the
    /// task still runs; `wanedit resume` fetches it later (within 24 hours).
    #[arg(long, default_value = "20m", value_parser = parse_wait)]
    pub wait: std::time::Duration,
    /// An edit region N:x1,y1,x2,y2 on image N (1-based), in the image's pixels. Repeatable.
    #[arg(long = "box")]
    pub boxes: Vec<String>,
    /// The instruction, e.g. "replace the raspberry in box 1 with a lemon".
    #[arg(long)]
    pub prompt: String,
    /// What to avoid (wan2.6, wan2.5).
    #[arg(long)]
    pub negative: Option<String>,
    /// 1K, 2K, 4K (wan2.7-image-pro text-to-image) or W*H.
    #[arg(long)]
    pub size: Option<String>,
    /// Number of images (billed per image).
    #[arg(long, default_value_t = 1)]
    pub n: u32,
    #[arg(long)]
    pub seed: Option<u32>,
    /// Add the "AI Generated" mark.
    #[arg(long)]
    pub watermark: bool,
    /// Let the service rewrite the prompt (wan2.6 edit mode, wan2.5): true or false.
    #[arg(long)]
    pub prompt_extend: Option<bool>,
    /// wan2.7 image-set mode: up to --n images of one consistent style.
    #[arg(long)]
    pub sequential: bool,
    /// wan2.7 thinking mode (text-to-image only): true or false.
    #[arg(long)]
    pub thinking: Option<bool>,
    /// wan2.7 colour palette, e.g. "#C2D1E6:60,#F2E9DC:25,#3A4A5C:15" (shares in percent).
    #[arg(long)]
    pub palette: Option<String>,
    /// wan2.6 mixed text-and-image output.
    #[arg(long)]
    pub interleave: bool,
    /// wan2.6 interleave mode: at most this many images (1–5).
    #[arg(long)]
    pub max_images: Option<u32>,
    /// Run as an async task (create, poll, download). wan2.5 is always async.
    #[arg(long = "async")]
    pub run_async: bool,
    /// How local files are sent.
    #[arg(long, value_enum, default_value_t = UploadMode::Auto)]
    pub upload: UploadMode,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Folder for the results (created if missing).
    #[arg(long, required_unless_present = "print_request")]
    pub out: Option<PathBuf>,
    /// Print the request as a curl command (key redacted) and send nothing.
    #[arg(long)]
    pub print_request: bool,
    #[command(flatten)]
    pub region: region_args::RegionArgs,
}

pub fn run(cmd: Command) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wanedit: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    if matches!(cmd, Command::History(_) | Command::Prices { .. }) {
        quiet_on_closed_pipe();
    }
    match cmd {
        Command::Edit(args) => rt.block_on(edit(*args)),
        Command::Batch(args) => rt.block_on(batch::batch(*args)),
        Command::Key { action } => key::key(action, &rt),
        Command::Resume(args) => rt.block_on(resume(args)),
        Command::History(args) if args.ledger => money::ledger(args.json),
        Command::History(args) => history(args),
        Command::Compose(args) => rt.block_on(compose::compose(args)),
        Command::Prices { action } => money::prices_command(action),
    }
}

/// A listing piped into `head` ends quietly when the reader stops, as Unix tools do, instead
/// of panicking on the broken pipe (and leaving a crash report the window would take for its
/// own). Only for commands that read: a job's process must live to record what it was billed.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any other thread prints.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Turns the arguments into a job, or says what is wrong with them.
pub fn job_from_args(a: &EditArgs) -> Result<JobSpec, String> {
    let mut job = JobSpec::new(&a.model, &a.prompt);
    job.images = a
        .images
        .iter()
        .map(|s| {
            JobImage::new(match s.to_str() {
                Some(text) => ImageSource::parse(text),
                // Not UTF-8: no link can be, so it is a file's path, byte for byte.
                None => ImageSource::File(PathBuf::from(s)),
            })
        })
        .collect();
    for b in &a.boxes {
        let (idx, bbox) = parse_box(b)?;
        let count = job.images.len();
        let img = job.images.get_mut(idx).ok_or_else(|| {
            format!(
                "--box {b} names image {}, but only {count} image(s) were given with --image",
                idx + 1
            )
        })?;
        img.boxes.push(bbox);
    }
    let p = &mut job.params;
    p.size = a
        .size
        .as_deref()
        .map(SizeChoice::parse)
        .transpose()
        .map_err(|e| e.words())?;
    p.n = Some(a.n);
    p.seed = a.seed;
    p.watermark = Some(a.watermark);
    p.negative_prompt = a.negative.clone();
    p.prompt_extend = a.prompt_extend;
    p.enable_sequential = a.sequential.then_some(true);
    p.thinking_mode = a.thinking;
    p.color_palette = a.palette.as_deref().map(parse_palette).transpose()?;
    p.enable_interleave = a.interleave.then_some(true);
    p.max_images = a.max_images;
    if let Some(t) = &a.name {
        crate::jobs::naming::check_template(t).map_err(|e| e.words())?;
        job.names = Some(t.clone());
    }
    a.region.apply(&mut job)?;
    let sync_available = job.spec().is_some_and(|s| s.sync_path.is_some());
    // Interleave output over sync needs streaming; as an async task it needs neither (§2.2).
    job.mode = if a.run_async || !sync_available || a.interleave {
        CallMode::Async
    } else {
        CallMode::Sync
    };
    Ok(job)
}

fn describe(stage: &Stage) -> String {
    match stage {
        Stage::Reading => "reading the images".into(),
        Stage::Validating => "checking the job".into(),
        Stage::Uploading { done, total } => {
            format!("uploading to temporary storage ({done}/{total})")
        }
        Stage::Sending => "sending the request".into(),
        Stage::Task { task_id, status } => format!("task {task_id}: {}", status.label()),
        Stage::Downloading { total } => format!("downloading {total} result(s)"),
        Stage::Received { .. } | Stage::Watching { .. } => {
            crate::jobs::progress_line(stage).words()
        }
        Stage::Compositing { total } => format!("compositing {total} result(s) into the target"),
    }
}

async fn edit(a: EditArgs) -> ExitCode {
    let mut job = match job_from_args(&a) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("wanedit: {e}");
            return ExitCode::from(2);
        }
    };
    let base = match a.connection.base_url() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("wanedit: {e}");
            return ExitCode::from(2);
        }
    };
    // Token Plan documents sync calls only: the job is one, for the dry run as for the run.
    let token_plan = a.connection.region.as_deref() == Some(crate::api::token_plan::REGION)
        || Region::of_base_url(&base).is_some_and(Region::is_token_plan);
    if token_plan && let Some(said) = crate::api::token_plan::as_sync(&mut job) {
        eprintln!("wanedit: {said}");
    }
    if job.mode == CallMode::Async && !a.run_async {
        eprintln!("wanedit: {} runs as an async task", job.model);
    }

    if a.print_request {
        return print_request(&mut job, &base).await;
    }

    let mut client = match keyed_client(&base) {
        Ok(c) => a.connection.placed(c),
        Err(code) => return code,
    };
    client.timing.task_deadline = a.wait;
    let out = a.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let local = a.upload.local_images();

    let rec = Recorder::open_default();
    // Ctrl-C cancels: before sending, nothing is billed; an async task is cancelled on the
    // service (possible while PENDING), and its end is recorded.
    let (cancel_tx, cancel_rx) = tokio::sync::watch::channel(false);
    let task: std::sync::Arc<std::sync::Mutex<Option<String>>> = Default::default();
    let task_seen = task.clone();
    let run =
        jobs::record::run_recorded(
            &client,
            &rec,
            job,
            local,
            &out,
            cancel_rx,
            move |ev| match ev {
                JobEvent::Stage(s) => eprintln!("wanedit: {}", describe(&s)),
                JobEvent::TaskCreated(h) => {
                    eprintln!(
                        "wanedit: task {} created (request_id {})",
                        h.task_id,
                        h.request_id.as_deref().unwrap_or("-")
                    );
                    if let Ok(mut t) = task_seen.lock() {
                        *t = Some(h.task_id);
                    }
                }
                JobEvent::Notice(n) => eprintln!("wanedit: {n}"),
                JobEvent::Recorded(id) => tracing::info!("history entry {id}"),
                JobEvent::Answered(_) | JobEvent::Checked { .. } => {}
            },
        );
    tokio::pin!(run);
    let result = tokio::select! {
        r = &mut run => r,
        _ = tokio::signal::ctrl_c() => {
            let id = task.lock().ok().and_then(|t| t.clone());
            match id {
                Some(id) => {
                    eprintln!("wanedit: interrupted; cancelling task {id}");
                    if let Err(e) = jobs::cancel_remote(&client, &id).await {
                        eprintln!("wanedit: the task could not be cancelled: {e}");
                        eprintln!("wanedit: it stays journaled: `wanedit resume` fetches its result");
                        return ExitCode::from(130);
                    }
                    // The poll sees CANCELED and the end is recorded; a task that runs on
                    // is given up on after a while (it stays journaled), or at a second Ctrl+C.
                    eprintln!("wanedit: waiting for the task to stop (Ctrl+C again to leave it to `wanedit resume`)");
                    tokio::select! {
                        _ = &mut run => {}
                        _ = tokio::signal::ctrl_c() => {
                            eprintln!("wanedit: left running; `wanedit resume` fetches its result");
                        }
                    }
                }
                None => {
                    let _ = cancel_tx.send(true);
                    tokio::select! {
                        _ = &mut run => {}
                        _ = tokio::signal::ctrl_c() => {}
                    }
                }
            }
            return ExitCode::from(130);
        }
    };
    match result {
        Ok(outcome) => print_outcome(&outcome),
        Err(e) => report(&e),
    }
}

/// `--print-request`: the job's calls as curl commands, sending nothing.
async fn print_request(job: &mut JobSpec, base: &str) -> ExitCode {
    match jobs::plan_calls(job).await {
        Ok(plans) => {
            // Detail mode's figures, as a run would say them before sending.
            if let Some(f) = jobs::detail::figures(job)
                && (f.on || job.region.detail != crate::api::job::DetailMode::Auto)
            {
                eprintln!("wanedit: {}", f.sentence());
            }
            let of = plans.len();
            for (k, plan) in plans.iter().enumerate() {
                if of > 1 {
                    println!("# call {} of {of}", k + 1);
                }
                println!("{}", request::to_curl(plan, base));
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(&e),
    }
}

/// Prints what a run made (files on standard output, the rest on standard error) and says
/// how it ended.
fn print_outcome(outcome: &jobs::JobOutcome) -> ExitCode {
    for item in &outcome.items {
        match item {
            OutputItem::Text { text } => println!("text: {text}"),
            OutputItem::Failed { code, message } => {
                eprintln!("wanedit: one image failed: {code}: {message}")
            }
            OutputItem::Image { .. } => {}
        }
    }
    for (k, f) in outcome.files.iter().enumerate() {
        match outcome.regions.iter().find(|r| &r.raw == f) {
            Some(r) => {
                if let Some(c) = &r.composite {
                    println!("{}", c.display());
                }
                println!("{}", f.display());
                eprintln!("wanedit: result {}: {}", k + 1, r.sentence());
            }
            None => println!("{}", f.display()),
        }
    }
    if let Some(u) = &outcome.usage {
        eprintln!(
            "wanedit: billed images: {}, size: {}",
            u.image_count
                .map(|c| c.to_string())
                .unwrap_or_else(|| "?".into()),
            u.size.as_deref().unwrap_or("?")
        );
    }
    eprintln!(
        "wanedit: request_id {}",
        outcome.request_id.as_deref().unwrap_or("-")
    );
    if outcome.download_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        for e in &outcome.download_errors {
            eprintln!("wanedit: {e}");
        }
        for item in &outcome.items {
            if let OutputItem::Image { url } = item {
                eprintln!("wanedit: result link (valid 24 h): {url}");
            }
        }
        ExitCode::from(3)
    }
}

async fn resume(args: ResumeArgs) -> ExitCode {
    let rec = Recorder::open_default();
    let open = rec.journal.open_entries();
    let incomplete = record::left_incomplete(&rec);
    if open.is_empty() && incomplete.is_empty() {
        eprintln!("wanedit: no unfinished task and no result left to fetch");
        return ExitCode::SUCCESS;
    }
    let Some(key) = crate::store::resolve_key().0 else {
        return report(&ApiError::NoKey);
    };
    let override_base = match args.base_url.as_deref().map(normalize_base_url).transpose() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("wanedit: {e}");
            return ExitCode::from(2);
        }
    };
    // The base URL each task or job was made on (ids are per region), unless overridden.
    let client_for = |made_on: &str| {
        let base = override_base.as_deref().unwrap_or(made_on);
        Client::new(
            base,
            key.clone(),
            Timing {
                task_deadline: args.wait,
                ..Timing::default()
            },
        )
    };
    let mut failures = 0;
    // Tasks and jobs another live wanedit owns: said, left to it, never fetched twice.
    let mut elsewhere = 0;
    for entry in open {
        let client = client_for(&entry.base_url);
        eprintln!("wanedit: resuming task {} ({})", entry.task_id, entry.model);
        let resumed = record::resume_task(&client, &rec, entry, |ev| match ev {
            JobEvent::Stage(s) => eprintln!("wanedit: {}", describe(&s)),
            JobEvent::Notice(n) => eprintln!("wanedit: {n}"),
            _ => {}
        })
        .await;
        match resumed {
            Resumed::Expired(sentence) => {
                eprintln!("wanedit: {sentence}");
                failures += 1;
            }
            Resumed::Finished(Ok(o)) => {
                for f in &o.files {
                    println!("{}", f.display());
                }
                for e in &o.download_errors {
                    eprintln!("wanedit: {e}");
                }
                if !o.download_errors.is_empty() {
                    failures += 1;
                }
            }
            Resumed::Finished(Err(e @ ApiError::Elsewhere { .. })) => {
                report(&e);
                elsewhere += 1;
            }
            Resumed::Finished(Err(e)) => {
                report(&e);
                failures += 1;
            }
            Resumed::Ended(j) => {
                eprintln!(
                    "wanedit: task {} was finished meanwhile by another wanedit",
                    j.task_id
                );
                for f in &j.files {
                    println!("{}", f.display());
                }
            }
        }
    }
    // Results that were made but not saved (a full disk, a dropped download): fetched again
    // into the folder they were meant for, while their links live.
    for entry in incomplete {
        let client = client_for(&entry.base_url);
        eprintln!(
            "wanedit: fetching the results of job {} again into {}",
            entry.id,
            entry.out_dir.display()
        );
        match record::fetch_again(&client, &rec, &entry.id, entry.out_dir.clone()).await {
            Ok(h) => {
                for o in &h.outputs {
                    println!("{}", o.saved_as.display());
                }
                if h.status != crate::store::history::HistoryStatus::Done {
                    eprintln!(
                        "wanedit: {}",
                        h.sentence.map(|s| s.words()).unwrap_or_default()
                    );
                    failures += 1;
                }
            }
            Err(e @ ApiError::Elsewhere { .. }) => {
                report(&e);
                elsewhere += 1;
            }
            Err(e) => {
                report(&e);
                failures += 1;
            }
        }
    }
    if failures > 0 {
        ExitCode::FAILURE
    } else if elsewhere > 0 {
        ExitCode::from(ELSEWHERE_EXIT)
    } else {
        ExitCode::SUCCESS
    }
}

/// The exit status when what was asked is owned by another live wanedit (and goes on there):
/// nothing was done here, nothing failed.
pub(super) const ELSEWHERE_EXIT: u8 = 4;

/// A client for `base` with the key in use: DASHSCOPE_API_KEY wins; otherwise the key stored
/// with `wanedit key set`. Without one, the sentence is printed and the exit status returned.
pub(super) fn keyed_client(base: &str) -> Result<Client, ExitCode> {
    let key = match crate::store::resolve_key() {
        (Some(k), _) => k,
        (None, crate::store::KeySource::KeychainError(e)) => {
            eprintln!("wanedit: {e}");
            return Err(report(&ApiError::NoKey));
        }
        (None, _) => return Err(report(&ApiError::NoKey)),
    };
    Ok(Client::new(base, key, Timing::default()))
}

fn report(e: &ApiError) -> ExitCode {
    for line in e.to_string().lines() {
        eprintln!("wanedit: {line}");
    }
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_on_a_missing_image_is_explained() {
        let cli = Cli::try_parse_from([
            "wanedit",
            "edit",
            "--model",
            "wan2.7-image",
            "--image",
            "a.png",
            "--box",
            "2:1,1,5,5",
            "--prompt",
            "x",
            "--out",
            "o",
        ])
        .unwrap();
        let Some(Command::Edit(a)) = cli.command else {
            panic!("not edit")
        };
        let e = job_from_args(&a).unwrap_err();
        assert!(e.contains("names image 2, but only 1 image(s)"), "{e}");
    }
}
