//! Saved recipes: one small JSON file each in `{data}/recipes/`, named after the user's words.
//! The window lists them; `wanedit batch --recipe FILE` takes any of them (or any other file).

use std::path::{Path, PathBuf};

use crate::api::recipe::Recipe;
use crate::i18n::Said;

#[derive(Debug, Clone)]
pub struct Recipes {
    dir: PathBuf,
}

/// A recipe on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedRecipe {
    pub name: String,
    pub path: PathBuf,
    pub recipe: Recipe,
}

/// A file name from the user's words: letters, digits, dashes; at most 60 characters.
fn file_stem(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let s: String = s.chars().take(60).collect();
    if s.is_empty() { "recipe".into() } else { s }
}

/// A name for a recipe nobody named yet: the start of its prompt.
pub fn suggested_name(r: &Recipe) -> String {
    let words: Vec<&str> = r.prompt.split_whitespace().take(6).collect();
    if words.is_empty() {
        r.model.clone()
    } else {
        words.join(" ")
    }
}

impl Recipes {
    pub fn in_data_dir(data: &Path) -> Recipes {
        Recipes {
            dir: data.join("recipes"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Saves under `name` (a number is added when the name is taken); returns where.
    pub fn save(&self, name: &str, r: &Recipe) -> Result<PathBuf, Said> {
        let stem = file_stem(name);
        let mut path = self.dir.join(format!("{stem}.json"));
        let mut k = 2;
        while path.exists() {
            path = self.dir.join(format!("{stem}-{k}.json"));
            k += 1;
        }
        super::fs::write_atomic(&path, r.to_json().as_bytes()).map_err(|e| {
            Said::Plain(format!(
                "could not save the recipe in {}: {e}",
                self.dir.display()
            ))
        })?;
        Ok(path)
    }

    /// Every recipe that can be read, by name. Files that are not recipes are left out.
    pub fn list(&self) -> Vec<SavedRecipe> {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut v: Vec<SavedRecipe> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter_map(|path| {
                let text = std::fs::read_to_string(&path).ok()?;
                let recipe = Recipe::from_json(&text).ok()?;
                let name = path.file_stem()?.to_string_lossy().replace('-', " ");
                Some(SavedRecipe { name, path, recipe })
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipes_are_saved_under_their_names_and_listed_back() {
        let dir = tempfile::tempdir().unwrap();
        let recipes = Recipes::in_data_dir(dir.path());
        let mut job = crate::api::job::JobSpec::new("wan2.7-image", "remove the watermark / logo");
        job.images = vec![crate::api::job::JobImage::new(
            crate::api::job::ImageSource::File("a.png".into()),
        )];
        let r = Recipe::from_job(&job, 0, (400, 300)).unwrap();
        assert_eq!(suggested_name(&r), "remove the watermark / logo");
        let a = recipes.save(&suggested_name(&r), &r).unwrap();
        let b = recipes.save(&suggested_name(&r), &r).unwrap();
        assert_ne!(a, b, "a taken name gets a number");
        assert_eq!(a.file_name().unwrap(), "remove-the-watermark-logo.json");
        std::fs::write(recipes.dir().join("junk.json"), "{}").unwrap();
        let listed = recipes.list();
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert_eq!(listed[0].name, "remove the watermark logo");
        assert_eq!(listed[0].recipe, r);
    }
}
