//! Result names a designer recognises: after the image edited (`coffee-edit-1.png`, its
//! service file `coffee-edit-1.raw.png`), or for text-to-image after the prompt's first words
//! (`an-astronaut-on-a-edit-1.png`). Each job continues the numbers already in the folder
//! (`coffee-edit-2.png` for the second edit of coffee), and a name taken meanwhile is still
//! never replaced (`store::fs::persist_new`).

use std::path::Path;

use crate::api::job::JobSpec;

/// The longest part of a name taken from a file or a prompt, in characters.
const MAX_CHARS: usize = 40;

/// `coffee-edit` for a job on coffee.png (its target, or its last image); the prompt's first
/// words and `-edit` for text-to-image. `None` when neither gives a usable word.
pub fn stem_for(spec: &JobSpec) -> Option<String> {
    let base = if spec.images.is_empty() {
        let words: Vec<&str> = spec.prompt.split_whitespace().take(4).collect();
        slug(&words.join(" "))
    } else {
        let i = spec
            .composite_target()
            .unwrap_or(spec.images.len() - 1)
            .min(spec.images.len() - 1);
        let name = spec.images[i].display_name();
        // A URL's last part, a file's name: without its extension.
        let last = name.rsplit('/').next().unwrap_or(&name);
        let stem = last.rsplit_once('.').map_or(last, |(s, _)| s);
        slug(stem)
    };
    (!base.is_empty()).then(|| format!("{base}-edit"))
}

/// Letters and digits of any script kept, everything else one `-`, at most [`MAX_CHARS`].
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= MAX_CHARS {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The first result number free in `dir` for `stem`: one past the highest `{stem}-N…` there.
#[allow(clippy::disallowed_methods)]
pub fn next_number(dir: &Path, stem: &str) -> u32 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 1;
    };
    let prefix = format!("{stem}-");
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&prefix)?;
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            // `coffee-edit-3.png`, `coffee-edit-3.raw.png`, `coffee-edit-3-2.png`: a number
            // followed by the extension or a suffix, not `coffee-edit-3d.png`.
            let after = rest[digits.len()..].chars().next();
            matches!(after, Some('.') | Some('-'))
                .then(|| digits.parse::<u32>().ok())
                .flatten()
        })
        .max()
        .map_or(1, |n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::{ImageSource, JobImage};

    fn job(images: &[&str], prompt: &str) -> JobSpec {
        let mut j = JobSpec::new("wan2.7-image", prompt);
        for i in images {
            j.images.push(JobImage::new(ImageSource::parse(i)));
        }
        j
    }

    #[test]
    fn named_after_the_image_edited_or_the_prompt() {
        assert_eq!(
            stem_for(&job(&["/p/Coffee Cup.JPG"], "x")).as_deref(),
            Some("coffee-cup-edit")
        );
        // The last image, as the service shapes its output after it.
        assert_eq!(
            stem_for(&job(&["/p/cat.png", "/p/room.png"], "x")).as_deref(),
            Some("room-edit")
        );
        // The designer's name wins over history's content-hash copy.
        let mut j = job(&["/data/files/c2dd0de7c538.jpg"], "x");
        j.images[0].name = Some("写真_コーヒー.jpg".into());
        assert_eq!(stem_for(&j).as_deref(), Some("写真-コーヒー-edit"));
        assert_eq!(
            stem_for(&job(&["https://example.com/img/astronaut.webp?x=1"], "x")).as_deref(),
            Some("astronaut-edit")
        );
        assert_eq!(
            stem_for(&job(&[], "An astronaut riding a horse, watercolour")).as_deref(),
            Some("an-astronaut-riding-a-edit")
        );
        assert_eq!(stem_for(&job(&[], "!!!")), None);
        let long = "a".repeat(100);
        assert_eq!(
            stem_for(&job(&[&format!("/p/{long}.png")], "x"))
                .unwrap()
                .len(),
            MAX_CHARS + "-edit".len()
        );
    }

    #[test]
    fn numbers_continue_from_what_the_folder_has() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(next_number(dir.path(), "coffee-edit"), 1);
        for f in [
            "coffee-edit-1.png",
            "coffee-edit-1.raw.png",
            "coffee-edit-2-2.png",
            "coffee-edit-9d.png",
            "coffee-edited-7.png",
            "tea-edit-5.png",
        ] {
            std::fs::write(dir.path().join(f), b"x").unwrap();
        }
        assert_eq!(next_number(dir.path(), "coffee-edit"), 3);
        assert_eq!(next_number(dir.path(), "tea-edit"), 6);
    }
}
