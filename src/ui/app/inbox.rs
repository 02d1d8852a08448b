//! The window's one inbox: everything the engine reports arrives here, each answer through a
//! [`Post`](crate::jobs::post::Post) mapped into its own variant, and [`WanEditApp::pump`]
//! hands each message to the part it is for. [`eframe::App::logic`] calls it once a frame;
//! tests call the `wait_*` helpers, which pump until what they wait for has arrived.

use super::{KeychainNews, WanEditApp};
use crate::i18n::Said;
use crate::jobs::engine::{BatchNews, EngineEvent};
use crate::jobs::work::files::SaveJob;
use crate::jobs::work::inputs::Loaded;
use crate::ui::panels::history::News as HistoryNews;
use crate::ui::results::Decoded;
use std::path::PathBuf;

/// Everything the runtime reports to the window.
pub enum Inbound {
    /// Jobs, copy as curl, fetch again, what an earlier run left.
    Engine(EngineEvent),
    /// An input image read and prepared (or refused).
    Input(Loaded),
    /// A result (or a recorded input) decoded into a preview.
    Decoded(Decoded),
    /// The History tab's folder read, a thumbnail, a failed delete.
    History(HistoryNews),
    /// The keychain answered.
    Keychain(KeychainNews),
    /// The file dialog closed: files chosen, cancelled, or it could not open.
    Picked(crate::ui::dialogs::Picked),
    /// A folder read for the window's own picker.
    Listed(PathBuf, Result<Vec<crate::store::fs::ListedEntry>, Said>),
    /// The image on screen decoded in full, or one of its tiles cut.
    Tiles(crate::ui::tiles::TileNews),
    /// The same for the compare view's before (0) and after (1).
    CompareTiles(usize, crate::ui::tiles::TileNews),
    /// The sample photos written into the data folder.
    Samples(Result<Vec<PathBuf>, Said>),
    /// How work the user started (Save as, Save all, Open folder) ended: what was done, or
    /// what failed.
    Saved(Result<Said, Said>),
    /// The system's save dialog could not open (why): the window's own picker asks instead.
    SaveHere(SaveJob, Said),
    /// A result decoded at its full size for the clipboard (or why not).
    Copied(Result<image::RgbaImage, Said>),
    /// A contact-sheet thumbnail of the Batch tab.
    BatchThumb(PathBuf, Option<image::RgbaImage>),
    /// Files (or a folder's images) chosen for a batch, or why none could be taken.
    BatchFiles(Result<Vec<PathBuf>, Said>),
    /// The saved recipes as listed.
    Recipes(Vec<crate::store::recipes::SavedRecipe>),
    /// The user's prices as read.
    Prices(Vec<crate::store::prices::UserPrice>),
    /// What the ledger says was billed today and this month.
    /// What was billed today and this month (`None`: nothing).
    Billed(
        Option<crate::store::ledger::Total>,
        Option<crate::store::ledger::Total>,
    ),
    /// The batches this data folder knows of, as their manifests are on disk.
    Batches(Vec<(PathBuf, crate::jobs::batch::Manifest)>),
    /// A box's candidates cut, or a choice per box composited (or why not).
    Choice(super::box_choice::ChoiceNews),
    /// The process was asked to end (SIGTERM).
    Terminate,
}

impl WanEditApp {
    /// Hands everything that arrived to where it belongs; returns how many messages there were.
    pub fn pump(&mut self) -> usize {
        let arrived = self.inbox.drain();
        let n = arrived.len();
        for m in arrived {
            self.route(m);
        }
        n
    }

    pub(super) fn route(&mut self, m: Inbound) {
        match m {
            Inbound::Engine(e) => {
                if let EngineEvent::Batch(
                    BatchNews::Ended { out, .. }
                    | BatchNews::Refused { out, .. }
                    | BatchNews::StoppedWatching { out },
                ) = &e
                {
                    self.library.batches_here.remove(out);
                }
                self.on_engine(e);
            }
            Inbound::Choice(news) => self.receive_choice(news),
            Inbound::Terminate => self.close_asked = true,
            Inbound::Input(l) => self.compose.inputs.receive(l),
            Inbound::Decoded(d) => self.runs.results.receive(d, &mut self.runs.jobs),
            Inbound::History(HistoryNews::Flagged(r)) => self.flagged(r),
            Inbound::History(h) => {
                self.library.history.receive(h);
                self.choices_from_history();
            }
            Inbound::Keychain(k) => self.on_keychain(k),
            Inbound::Picked(p) => self.picked(p),
            Inbound::Listed(dir, listing) => {
                self.picker.listed(dir, listing.map_err(|e| e.words()))
            }
            Inbound::Samples(written) => self.samples_written(written.map_err(|e| e.words())),
            Inbound::Tiles(t) => self.tiles.receive(t),
            Inbound::CompareTiles(side, t) => {
                if let Some(layer) = self.compare_tiles.get_mut(side) {
                    layer.receive(t)
                }
            }
            Inbound::Saved(Ok(s)) => self.say(s.words()),
            Inbound::SaveHere(pending, why) => self.save_here(pending, why.words()),
            Inbound::Saved(Err(s)) => self.problem(s.words()),
            Inbound::Copied(Ok(img)) => {
                self.say(crate::said!(
                    "image-copied",
                    width = img.width(),
                    height = img.height()
                ));
                self.image_to_clipboard = Some(crate::ui::widgets::color_image(&img));
            }
            Inbound::Copied(Err(s)) => self.problem(s.words()),
            Inbound::BatchThumb(p, img) => self.library.batch.receive_thumb(p, img),
            Inbound::BatchFiles(r) => self.batch_files(r.map_err(|e| e.words())),
            Inbound::Recipes(r) => self.library.batch.recipes = r,
            Inbound::Prices(p) => self.library.batch.user_prices = p,
            Inbound::Billed(day, month) => self.library.batch.billed = Some((day, month)),
            Inbound::Batches(list) => {
                self.library.batches_reading = false;
                for (out, m) in list {
                    // One this window runs (or waits to take over) is shown as its news say;
                    // any other as its folder says now.
                    if !self.library.batches_here.contains(&out) {
                        self.library.batch.seen(out, m);
                    }
                }
            }
        }
    }

    /// What follows messages without being one: resuming once a key is known, re-running a
    /// reopened job once its images are loaded, checking a key that changed.
    pub(super) fn after_pump(&mut self) {
        self.look_at_batches_once();
        self.poll_resume();
        self.poll_rerun();
        if self.session.auto_key_check {
            self.check_key_when_changed();
        }
    }
}
