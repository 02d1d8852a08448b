//! Pictures for the window: a file's preview, a result's difference to its target, a thumbnail
//! (with the results' real pixel sizes), a result decoded at full size (the clipboard). Pixels
//! leave here as plain RGBA; the window makes its textures.

use std::path::PathBuf;
use std::sync::Arc;

use crate::i18n::Said;
use crate::imaging::prepare::Preview;
use crate::imaging::register::Mapping;
use crate::jobs::post::Post;

/// A preview and the full pixel size it stands for.
pub type Sized = (Arc<Preview>, (u32, u32));

/// A file's preview and its full size, or why not.
pub type Opened = Result<(Preview, (u32, u32)), Said>;

/// A thumbnail (none when the file does not decode) and pixel sizes read from headers.
pub type Thumbnail = (Option<image::RgbaImage>, Vec<(u32, u32)>);

pub enum PictureCommand {
    /// A file's preview and its full size, or why not.
    Preview { path: PathBuf, reply: Post<Opened> },
    /// A result's difference to the target, from the two previews (`mapping`: target pixels
    /// → the result's): a grey map of the largest channel's.
    Difference {
        target: Sized,
        result: Sized,
        mapping: Mapping,
        reply: Post<Preview>,
    },
    /// A thumbnail of `path` at most `side` pixels, and the distinct pixel sizes of `sizes_of`
    /// (headers only).
    Thumbnail {
        path: PathBuf,
        side: u32,
        sizes_of: Vec<PathBuf>,
        reply: Post<Thumbnail>,
    },
    /// A result decoded at its full size in sRGB (as the screen shows it), or why not.
    Full {
        path: PathBuf,
        reply: Post<Result<image::RgbaImage, Said>>,
    },
}

pub(super) fn handle(runtime: &tokio::runtime::Handle, command: PictureCommand) {
    match command {
        PictureCommand::Preview { path, reply } => {
            runtime.spawn_blocking(move || reply.send(crate::store::fs::open_preview(&path)));
        }
        PictureCommand::Difference {
            target: (target, target_full),
            result: (result, result_full),
            mapping,
            reply,
        } => {
            runtime.spawn_blocking(move || {
                reply.send(crate::imaging::composite::preview_difference(
                    &target,
                    target_full,
                    &result,
                    result_full,
                    &mapping,
                ))
            });
        }
        PictureCommand::Thumbnail {
            path,
            side,
            sizes_of,
            reply,
        } => {
            runtime.spawn_blocking(move || {
                let mut sizes: Vec<(u32, u32)> = Vec::new();
                for s in sizes_of
                    .iter()
                    .filter_map(|p| image::image_dimensions(p).ok())
                {
                    if !sizes.contains(&s) {
                        sizes.push(s);
                    }
                }
                reply.send((crate::store::fs::thumbnail(&path, side), sizes));
            });
        }
        PictureCommand::Full { path, reply } => {
            runtime.spawn_blocking(move || reply.send(full_image(&path)));
        }
    }
}

fn full_image(path: &std::path::Path) -> Result<image::RgbaImage, Said> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::store::fs::read_bounded(path, crate::store::fs::MAX_INPUT_BYTES, &|| false)
        .map_err(|e| e.said())
        // As the screen shows it (in sRGB), not the file's own numbers.
        .and_then(|b| crate::imaging::prepare::decode_full(&b).map(|i| i.to_rgba8()))
        .map_err(|e| Said::Joined {
            parts: vec![
                Said::Plain(format!("could not copy {name} (")),
                e,
                Said::from("); use Save as… instead"),
            ],
            sep: String::new(),
        })
}
