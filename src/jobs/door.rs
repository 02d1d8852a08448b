//! The one door into the engine. The window (and any other front) holds a [`Door`] and sends
//! [`Command`]s through it; nothing else of the engine is in its hands. Behind the door, an
//! actor on the tokio runtime owns the books: the jobs and batches running (the jobs' room,
//! [`super::engine`]) and the rooms of everything else the window waits for ([`super::work`]:
//! inputs read and prepared, previews and tiles decoded, history and batches read, files saved,
//! the keychain, the system's dialogs). What it learns goes out through posts into the window's
//! one inbox ([`super::post`]), each answer through the post its command carried.
//!
//! Events go out unbounded but bounded in practice: each answers a command, a job's stages
//! come seconds apart, and tile news (the one stream that could flood) is coalesced in the
//! tiles' room: a tile is cut and sent only while its image is still the one wanted.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::engine::{Engine, EngineEvent, JobCommand};
use super::post::Post;
use super::record::Recorder;
use super::work::{self, Rooms};

/// Everything the engine can be asked.
pub enum Command {
    /// Jobs and batches: run, cancel, resume, fetch again, curl, key check, what was left.
    Job(JobCommand),
    /// An input read and prepared.
    Input(work::inputs::Load),
    /// A preview, a difference map, a thumbnail or a full decode.
    Picture(work::pictures::PictureCommand),
    /// A view's real pixels.
    Tiles(work::tiles::TileCommand),
    /// History, batches, recipes, prices, the ledger.
    Library(work::library::LibraryCommand),
    /// Each box from its chosen result, and a box's candidates.
    Choice(work::choice::ChoiceCommand),
    /// Saves, folders, the system's dialogs, the samples, the kept composer.
    Files(work::files::FilesCommand),
    /// The keychain and the process's own signals.
    System(work::system::SystemCommand),
}

impl From<JobCommand> for Command {
    fn from(c: JobCommand) -> Self {
        Command::Job(c)
    }
}

impl From<work::pictures::PictureCommand> for Command {
    fn from(c: work::pictures::PictureCommand) -> Self {
        Command::Picture(c)
    }
}

impl From<work::tiles::TileCommand> for Command {
    fn from(c: work::tiles::TileCommand) -> Self {
        Command::Tiles(c)
    }
}

impl From<work::library::LibraryCommand> for Command {
    fn from(c: work::library::LibraryCommand) -> Self {
        Command::Library(c)
    }
}

impl From<work::choice::ChoiceCommand> for Command {
    fn from(c: work::choice::ChoiceCommand) -> Self {
        Command::Choice(c)
    }
}

impl From<work::files::FilesCommand> for Command {
    fn from(c: work::files::FilesCommand) -> Self {
        Command::Files(c)
    }
}

impl From<work::system::SystemCommand> for Command {
    fn from(c: work::system::SystemCommand) -> Self {
        Command::System(c)
    }
}

impl From<work::inputs::Load> for Command {
    fn from(c: work::inputs::Load) -> Self {
        Command::Input(c)
    }
}

/// The engine's door: cheap to clone, never blocks. The actor ends when the last door is gone.
#[derive(Clone)]
pub struct Door {
    tx: tokio::sync::mpsc::UnboundedSender<Command>,
    ids: Arc<AtomicU64>,
    /// The runtime, when the door made it (the window's): it lives as long as a door does.
    _runtime: Option<Arc<tokio::runtime::Runtime>>,
}

impl Door {
    /// Opens the engine on `runtime`: jobs recorded by `recorder` (history, task journal), job
    /// and batch events sent to `events`.
    pub fn open(
        runtime: &tokio::runtime::Handle,
        recorder: Recorder,
        events: Post<EngineEvent>,
    ) -> Door {
        let (tx, mut commands) = tokio::sync::mpsc::unbounded_channel::<Command>();
        // The jobs' own news come back here first, for the books.
        let (news_tx, mut news) = tokio::sync::mpsc::unbounded_channel::<EngineEvent>();
        let own = Post::new(move |e| {
            let _ = news_tx.send(e);
        });
        let mut jobs = Engine::new(runtime.clone(), recorder.clone(), own);
        let mut rooms = Rooms::new(runtime.clone(), recorder);
        runtime.spawn(async move {
            loop {
                tokio::select! {
                    // News first: a cancel waiting for its task id goes as soon as it is known.
                    biased;
                    Some(e) = news.recv() => {
                        jobs.keep_books(&e);
                        events.send(e);
                    }
                    c = commands.recv() => match c {
                        Some(Command::Job(c)) => jobs.handle(c),
                        Some(Command::Input(c)) => rooms.input(c),
                        Some(Command::Picture(c)) => rooms.picture(c),
                        Some(Command::Tiles(c)) => rooms.tiles(c),
                        Some(Command::Library(c)) => rooms.library(c),
                        Some(Command::Choice(c)) => rooms.choice(c),
                        Some(Command::Files(c)) => rooms.files(c),
                        Some(Command::System(c)) => rooms.system(c),
                        None => break,
                    },
                }
            }
        });
        Door {
            tx,
            ids: Arc::new(AtomicU64::new(1)),
            _runtime: None,
        }
    }

    /// As [`Door::open`], on a runtime of its own (the window's), kept while a door is.
    pub fn open_own(recorder: Recorder, events: Post<EngineEvent>) -> std::io::Result<Door> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        let mut door = Door::open(runtime.handle(), recorder, events);
        door._runtime = Some(Arc::new(runtime));
        Ok(door)
    }

    /// Sends `command` in. A closed engine (the process ending) is not an error.
    pub fn send(&self, command: impl Into<Command>) {
        let _ = self.tx.send(command.into());
    }

    /// A new id for a job (or a job view that runs nothing), unique for this door.
    pub fn new_id(&self) -> u64 {
        self.ids.fetch_add(1, Ordering::Relaxed)
    }
}
