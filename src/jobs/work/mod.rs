//! The engine's rooms for everything the window waits for besides jobs: each takes its
//! commands from the door's actor ([`super::door`]) and answers through the post a command
//! carried. Work runs on the runtime (the blocking pool for files and decoding), never where
//! the window draws.

pub mod choice;
pub mod dialogs;
pub mod files;
pub mod inputs;
pub mod library;
pub mod pictures;
pub mod system;
pub mod tiles;

use super::record::Recorder;

/// The rooms, owned by the door's actor, which hands each its commands.
pub(super) struct Rooms {
    runtime: tokio::runtime::Handle,
    recorder: Recorder,
    inputs: inputs::Room,
    tiles: tiles::Room,
    files: files::Room,
    library: library::Room,
    choice: choice::Room,
}

impl Rooms {
    pub(super) fn new(runtime: tokio::runtime::Handle, recorder: Recorder) -> Self {
        Rooms {
            runtime,
            recorder,
            inputs: inputs::Room::new(),
            tiles: tiles::Room::new(),
            files: files::Room::new(),
            library: library::Room::default(),
            choice: choice::Room::default(),
        }
    }

    pub(super) fn input(&mut self, load: inputs::Load) {
        self.inputs.load(&self.runtime, load)
    }

    pub(super) fn picture(&mut self, c: pictures::PictureCommand) {
        pictures::handle(&self.runtime, c)
    }

    pub(super) fn tiles(&mut self, c: tiles::TileCommand) {
        self.tiles.handle(&self.runtime, c)
    }

    pub(super) fn library(&mut self, c: library::LibraryCommand) {
        self.library.handle(&self.runtime, &self.recorder, c)
    }

    pub(super) fn choice(&mut self, c: choice::ChoiceCommand) {
        self.choice.handle(&self.runtime, &self.recorder, c)
    }

    pub(super) fn files(&mut self, c: files::FilesCommand) {
        self.files.handle(&self.runtime, c)
    }

    pub(super) fn system(&mut self, c: system::SystemCommand) {
        system::handle(&self.runtime, c)
    }
}
