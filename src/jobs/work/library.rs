//! The library's room: history read and deleted, results flagged, the batch folders and their manifests (and a
//! review written into an ended batch's), recipes, the user's prices and what the ledger says
//! was billed. Everything on the blocking pool; answers through each command's posts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::api::recipe::Recipe;
use crate::i18n::Said;
use crate::jobs::batch::{self, Manifest};
use crate::jobs::post::Post;
use crate::jobs::record::Recorder;
use crate::store::history::{Flag, HistoryEntry};
use crate::store::ledger::Total;
use crate::store::prices::{self, UserPrice};
use crate::store::recipes::{Recipes, SavedRecipe};

/// A sentence saying what was done, or what failed and what to do (the window puts it into
/// words).
pub type Told = Post<Result<Said, Said>>;

pub enum LibraryCommand {
    /// History's entries, newest first.
    ListHistory {
        listed: Post<Vec<HistoryEntry>>,
    },
    /// Deletes an entry (and the files only it used), then lists history again.
    DeleteHistory {
        id: String,
        failed: Post<Said>,
        listed: Post<Vec<HistoryEntry>>,
    },
    /// Flags result `index` (0-based) of the job `id` picked or rejected (`None`: neither),
    /// in its entry; answers the entry as written, or why it could not be.
    Flag {
        id: String,
        index: usize,
        flag: Option<Flag>,
        reply: Post<Result<HistoryEntry, Said>>,
    },
    /// The batches this data folder knows of, as their manifests are on disk.
    ListBatches {
        listed: Post<Vec<(PathBuf, Manifest)>>,
    },
    /// Files (and folders' images) for a batch, or why none could be taken.
    ExpandInputs {
        paths: Vec<PathBuf>,
        reply: Post<Result<Vec<PathBuf>, Said>>,
    },
    /// Writes the review of an ended batch into its manifest, unless a newer review of that
    /// folder follows or another wanedit runs it (then `failed` says so).
    SaveReview {
        out: PathBuf,
        manifest: Box<Manifest>,
        failed: Post<Said>,
    },
    ListRecipes {
        listed: Post<Vec<SavedRecipe>>,
    },
    /// Saves a recipe under `name`, then lists them again.
    SaveRecipe {
        recipe: Box<Recipe>,
        name: String,
        said: Told,
        listed: Post<Vec<SavedRecipe>>,
    },
    ListPrices {
        listed: Post<Vec<UserPrice>>,
    },
    /// Sets (or with `None`, removes) the user's price for `model` in `region`, then lists.
    WritePrice {
        price: Option<UserPrice>,
        model: String,
        region: String,
        said: Told,
        listed: Post<Vec<UserPrice>>,
    },
    /// What was billed today and this month (`None`: nothing).
    Billed {
        reply: Post<(Option<Total>, Option<Total>)>,
    },
}

#[derive(Default)]
pub(super) struct Room {
    /// Reviews asked for, numbered per batch folder: a write older than the newest is skipped
    /// (two clicks in a row must not land on disk in the wrong order).
    reviews: HashMap<PathBuf, Arc<Mutex<u64>>>,
    /// Flags are written one at a time (each a read, a change and a write of its entry): two
    /// quick presses must not each write over the other's.
    flags: Arc<Mutex<()>>,
}

impl Room {
    pub(super) fn handle(
        &mut self,
        runtime: &tokio::runtime::Handle,
        rec: &Recorder,
        command: LibraryCommand,
    ) {
        let rec = rec.clone();
        match command {
            LibraryCommand::ListHistory { listed } => {
                runtime.spawn_blocking(move || listed.send(rec.history.list()));
            }
            LibraryCommand::DeleteHistory { id, failed, listed } => {
                runtime.spawn_blocking(move || {
                    if let Err(e) = rec.history.delete(&id) {
                        failed.send(e.said());
                    }
                    listed.send(rec.history.list());
                });
            }
            LibraryCommand::Flag {
                id,
                index,
                flag,
                reply,
            } => {
                let one_at_a_time = self.flags.clone();
                runtime.spawn_blocking(move || {
                    let _turn = one_at_a_time.lock().unwrap_or_else(|e| e.into_inner());
                    reply.send(rec.history.set_flag(&id, index, flag));
                });
            }
            LibraryCommand::ListBatches { listed } => {
                runtime.spawn_blocking(move || {
                    listed.send(
                        batch::Batches::of(&rec)
                            .folders()
                            .into_iter()
                            .filter_map(|p| Manifest::load(&p).ok().map(|m| (p, m)))
                            .collect(),
                    )
                });
            }
            LibraryCommand::ExpandInputs { paths, reply } => {
                runtime.spawn_blocking(move || reply.send(batch::expand_inputs(&paths)));
            }
            LibraryCommand::SaveReview {
                out,
                manifest,
                failed,
            } => {
                let saves = self.reviews.entry(out.clone()).or_default().clone();
                let this = {
                    let mut n = saves.lock().unwrap_or_else(|e| e.into_inner());
                    *n += 1;
                    *n
                };
                runtime.spawn_blocking(move || {
                    let newest = saves.lock().unwrap_or_else(|e| e.into_inner());
                    if *newest != this {
                        return; // a newer review is on its way
                    }
                    // Written only while no other wanedit runs it (it would write over the
                    // review).
                    let r = batch::claim_batch(&out)
                        .map_err(|why| crate::said!("batch-review-elsewhere", why = why))
                        .and_then(|_owner| manifest.save(&out));
                    if let Err(e) = r {
                        failed.send(e);
                    }
                });
            }
            LibraryCommand::ListRecipes { listed } => {
                runtime.spawn_blocking(move || {
                    listed.send(Recipes::in_data_dir(&rec.data_dir).list())
                });
            }
            LibraryCommand::SaveRecipe {
                recipe,
                name,
                said,
                listed,
            } => {
                runtime.spawn_blocking(move || {
                    let recipes = Recipes::in_data_dir(&rec.data_dir);
                    let r = recipes
                        .save(&name, &recipe)
                        .map(|p| Said::Plain(format!("recipe saved as {}", p.display())));
                    listed.send(recipes.list());
                    said.send(r);
                });
            }
            LibraryCommand::ListPrices { listed } => {
                runtime.spawn_blocking(move || listed.send(rec.prices.load()));
            }
            LibraryCommand::WritePrice {
                price,
                model,
                region,
                said,
                listed,
            } => {
                runtime.spawn_blocking(move || {
                    let r = match price {
                        Some(p) => rec.prices.set(p),
                        None => rec.prices.unset(&model, &region),
                    };
                    said.send(r.map(|()| crate::said!("price-saved")));
                    listed.send(rec.prices.load());
                });
            }
            LibraryCommand::Billed { reply } => {
                runtime.spawn_blocking(move || {
                    let today = prices::day_of(crate::store::history::now_ms());
                    let day = rec
                        .ledger
                        .by_day()
                        .into_iter()
                        .find(|(d, _)| *d == today)
                        .map(|(_, t)| t);
                    let month = rec
                        .ledger
                        .by_month()
                        .into_iter()
                        .find(|(m, _)| today.starts_with(m.as_str()))
                        .map(|(_, t)| t);
                    reply.send((day, month));
                });
            }
        }
    }
}
