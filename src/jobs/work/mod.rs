//! The engine's rooms for everything the window waits for besides jobs: each takes its
//! commands from the door's actor ([`super::door`]) and answers through the post a command
//! carried. Work runs on the runtime (the blocking pool for files and decoding), never where
//! the window draws.

pub mod dialogs;
pub mod files;
pub mod inputs;
pub mod library;
pub mod pictures;
pub mod system;
pub mod tiles;

use super::door::Command;
use super::record::Recorder;

/// The rooms, owned by the door's actor.
pub(super) struct Rooms {
    runtime: tokio::runtime::Handle,
    recorder: Recorder,
    inputs: inputs::Room,
    tiles: tiles::Room,
    files: files::Room,
    library: library::Room,
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
        }
    }

    /// Does what `command` asks (every command but the jobs', which the jobs' room takes).
    pub(super) fn handle(&mut self, command: Command) {
        let rt = &self.runtime;
        match command {
            Command::Input(load) => self.inputs.load(rt, load),
            Command::Picture(c) => pictures::handle(rt, c),
            Command::Tiles(c) => self.tiles.handle(rt, c),
            Command::Library(c) => self.library.handle(rt, &self.recorder, c),
            Command::Files(c) => self.files.handle(rt, c),
            Command::System(c) => system::handle(rt, c),
            Command::Job(_) => {}
        }
    }
}
