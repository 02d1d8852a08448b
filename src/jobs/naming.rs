//! Result names a designer recognises: after the image edited (`coffee-edit-1.png`, its
//! service file `coffee-edit-1.raw.png`), or for text-to-image after the prompt's first words
//! (`an-astronaut-on-a-edit-1.png`). Each job continues the numbers already in the folder
//! (`coffee-edit-2.png` for the second edit of coffee), and a name taken meanwhile is still
//! never replaced (`store::fs::persist_new`).

use std::path::Path;

use crate::api::job::JobSpec;

/// The longest part of a name taken from a file or a prompt, in characters.
const MAX_CHARS: usize = 40;

/// The names a designer may ask for (Settings → Result names, `--name`): `{name}` (the image
/// edited, or the prompt's first words), `{model}`, `{date}` (YYYYMMDD, local), `{prompt}`
/// (its first four words). The default is `{name}-edit`.
pub const DEFAULT_TEMPLATE: &str = "{name}-edit";

/// Why a name template cannot be used, or `Ok`.
pub fn check_template(t: &str) -> Result<(), crate::i18n::Said> {
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(crate::said!("names-unclosed", template = t));
        };
        let token = &rest[open + 1..open + close];
        if !["name", "model", "date", "prompt"].contains(&token) {
            return Err(crate::said!("names-unknown", token = token));
        }
        rest = &rest[open + close + 1..];
    }
    if slug_keeping(&expand(t, "x", "m", "d", "p")).is_empty() {
        return Err(crate::said!("names-empty"));
    }
    Ok(())
}

fn expand(t: &str, name: &str, model: &str, date: &str, prompt: &str) -> String {
    t.replace("{name}", name)
        .replace("{model}", model)
        .replace("{date}", date)
        .replace("{prompt}", prompt)
}

/// The results' stem for `spec`: its template (`{name}-edit` unless it names another) with
/// `{name}` the image edited (its target, or its last image; the prompt's first words for
/// text-to-image): `coffee-edit`. `None` when nothing usable is left.
pub fn stem_for(spec: &JobSpec) -> Option<String> {
    let template = spec
        .names
        .as_deref()
        .filter(|t| check_template(t).is_ok())
        .unwrap_or(DEFAULT_TEMPLATE);
    let prompt_words = || {
        let words: Vec<&str> = spec.prompt.split_whitespace().take(4).collect();
        slug(&words.join(" "))
    };
    let name = name_of(spec);
    if template.contains("{name}") && name.is_empty() {
        return None;
    }
    let date = crate::store::history::local_datetime(crate::store::journal::now_secs() as i64)
        .map(|(y, m, d, ..)| format!("{y:04}{m:02}{d:02}"))
        .unwrap_or_default();
    let stem = slug_keeping(&expand(
        template,
        &name,
        &spec.model,
        &date,
        &prompt_words(),
    ));
    (!stem.is_empty()).then_some(stem)
}

/// What `{name}` stands for: the image edited, or the prompt's first words.
fn name_of(spec: &JobSpec) -> String {
    if spec.images.is_empty() {
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
    }
}

/// A whole name from a template: letters and digits of any script, `-`, `_` and `.` kept
/// (`wan2.7-image`), anything else one `-`, no leading or trailing `-` or `.`.
fn slug_keeping(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_matches(['-', '.'])
        .chars()
        .take(3 * MAX_CHARS)
        .collect()
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
#[expect(
    clippy::disallowed_methods,
    reason = "the engine reads the results folder"
)]
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
    fn a_template_names_the_results_and_a_bad_one_is_said() {
        let mut j = job(&["/p/Coffee Cup.JPG"], "make it night");
        j.names = Some("{name}_{model}".into());
        assert_eq!(stem_for(&j).as_deref(), Some("coffee-cup_wan2.7-image"));
        j.names = Some("shoot 12 – {prompt}".into());
        assert_eq!(stem_for(&j).as_deref(), Some("shoot-12-make-it-night"));
        j.names = Some("{date}-{name}".into());
        let stem = stem_for(&j).unwrap();
        assert!(
            stem.len() == 8 + "-coffee-cup".len() && stem.starts_with("20"),
            "{stem}"
        );
        // Nothing that could climb out of the folder or hide the file.
        j.names = Some("../../{name}".into());
        assert_eq!(stem_for(&j).as_deref(), Some("coffee-cup"));
        crate::i18n::set_for_this_thread(Some(crate::i18n::Lang::En));
        assert!(
            check_template("{name")
                .unwrap_err()
                .words()
                .contains("{name")
        );
        assert!(
            check_template("{title}")
                .unwrap_err()
                .words()
                .contains("title")
        );
        assert!(check_template("//").is_err());
        assert!(check_template(DEFAULT_TEMPLATE).is_ok());
        // A template it cannot use falls back to the default.
        j.names = Some("{title}".into());
        assert_eq!(stem_for(&j).as_deref(), Some("coffee-cup-edit"));
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
