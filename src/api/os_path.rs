//! A path as JSON: its text when it is UTF-8 (every path wanedit kept before), else
//! `{"bytes": […]}` (Unix file names may be any bytes), so that a file the OS named oddly is
//! still the file it is, never a lossy look-alike.

use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Kept {
    Text(String),
    Bytes { bytes: Vec<u8> },
}

pub fn serialize<S: Serializer>(p: &std::path::Path, s: S) -> Result<S::Ok, S::Error> {
    match p.to_str() {
        Some(t) => Kept::Text(t.to_string()).serialize(s),
        None => {
            #[cfg(unix)]
            let bytes = std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()).to_vec();
            #[cfg(not(unix))]
            let bytes = p.to_string_lossy().into_owned().into_bytes();
            Kept::Bytes { bytes }.serialize(s)
        }
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    Ok(match Kept::deserialize(d)? {
        Kept::Text(t) => PathBuf::from(t),
        #[cfg(unix)]
        Kept::Bytes { bytes } => {
            PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&bytes))
        }
        #[cfg(not(unix))]
        Kept::Bytes { bytes } => PathBuf::from(String::from_utf8_lossy(&bytes).into_owned()),
    })
}

/// The same for a list of paths (`#[serde(with = "crate::api::os_path::list")]`).
pub mod list {
    use std::path::PathBuf;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(transparent)]
    struct One(#[serde(with = "super")] PathBuf);

    pub fn serialize<S: Serializer>(v: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|p| One(p.clone())))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<PathBuf>, D::Error> {
        Ok(Vec::<One>::deserialize(d)?
            .into_iter()
            .map(|o| o.0)
            .collect())
    }
}

/// The same for a path that may be missing (`#[serde(with = "crate::api::os_path::maybe")]`).
pub mod maybe {
    use std::path::PathBuf;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(transparent)]
    struct One(#[serde(with = "super")] PathBuf);

    pub fn serialize<S: Serializer>(p: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
        p.as_ref().map(|p| One(p.clone())).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
        Ok(Option::<One>::deserialize(d)?.map(|o| o.0))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Kept {
        #[serde(with = "super")]
        one: PathBuf,
        #[serde(with = "super::list")]
        many: Vec<PathBuf>,
        #[serde(with = "super::maybe", default)]
        maybe: Option<PathBuf>,
    }

    #[test]
    fn utf8_paths_stay_strings_and_others_keep_their_bytes() {
        let plain = Kept {
            one: "/tmp/café.png".into(),
            many: vec!["a.png".into()],
            maybe: None,
        };
        let text = serde_json::to_string(&plain).unwrap();
        assert_eq!(
            text,
            r#"{"one":"/tmp/café.png","many":["a.png"],"maybe":null}"#
        );
        assert_eq!(serde_json::from_str::<Kept>(&text).unwrap(), plain);
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = PathBuf::from(std::ffi::OsStr::from_bytes(b"/tmp/caf\xe9.png"));
            let k = Kept {
                one: odd.clone(),
                many: vec![odd.clone(), "b.png".into()],
                maybe: Some(odd),
            };
            let text = serde_json::to_string(&k).unwrap();
            assert!(text.contains(r#"{"bytes":[47,"#), "{text}");
            assert_eq!(serde_json::from_str::<Kept>(&text).unwrap(), k);
        }
    }
}
