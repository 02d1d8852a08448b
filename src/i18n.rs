//! The window's words in English, Japanese and Simplified Chinese: Fluent, one file per
//! language (`assets/i18n/en.ftl`, `ja.ftl`, `zh-CN.ftl`), built into the binary. English is
//! the reference: a key missing elsewhere falls back to it (a test fails on any).
//!
//! The language is the system's (LANGUAGE / LC_ALL / LC_MESSAGES / LANG) unless Settings
//! picks one; [`t!`](crate::t) reads the current one. What the service says comes as it
//! came: only wanedit's own sentences are here.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;

pub use fluent_bundle::FluentValue;

/// A language of the window.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ja, Lang::ZhCn];

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's name in itself (what the picker shows, whatever the current language).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
            Lang::ZhCn => "简体中文",
        }
    }

    /// The language file.
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../assets/i18n/en.ftl"),
            Lang::Ja => include_str!("../assets/i18n/ja.ftl"),
            Lang::ZhCn => include_str!("../assets/i18n/zh-CN.ftl"),
        }
    }

    /// The language a locale name asks for (`ja_JP.UTF-8`, `zh-Hans-CN`, `en_GB`): Japanese
    /// for `ja…`, Simplified Chinese for `zh…`, English otherwise.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let l = locale.trim().to_ascii_lowercase();
        if l.is_empty() || l == "c" || l == "posix" {
            return None;
        }
        Some(if l.starts_with("ja") {
            Lang::Ja
        } else if l.starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        })
    }

    /// The system's language: the first of LANGUAGE's list, LC_ALL, LC_MESSAGES, LANG that
    /// names one (POSIX order), then the platform's own setting; English if none does.
    pub fn system() -> Lang {
        let from_env = |v: &str| std::env::var(v).ok();
        from_env("LANGUAGE")
            .and_then(|l| l.split(':').find_map(Lang::from_locale))
            .or_else(|| from_env("LC_ALL").and_then(|l| Lang::from_locale(&l)))
            .or_else(|| from_env("LC_MESSAGES").and_then(|l| Lang::from_locale(&l)))
            .or_else(|| from_env("LANG").and_then(|l| Lang::from_locale(&l)))
            .or_else(|| sys_locale::get_locale().and_then(|l| Lang::from_locale(&l)))
            .unwrap_or_default()
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The process's language (every thread's, unless it has its own).
static CURRENT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// This thread's own language, when set: tests run windows in several languages at once,
    /// one a thread.
    static THIS_THREAD: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Makes `lang` the language of the whole process (the window and its workers) from the next
/// frame on, and of this thread.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
    THIS_THREAD.with(|t| t.set(Some(lang)));
}

/// Makes `lang` this thread's language only (`None`: the process's again).
pub fn set_for_this_thread(lang: Option<Lang>) {
    THIS_THREAD.with(|t| t.set(lang));
}

/// Runs `f` (which makes sentences) in `lang` on this thread, then restores what it spoke:
/// for work on the runtime that says things in the language of the window that asked.
pub fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let before = THIS_THREAD.with(|t| t.replace(Some(lang)));
    let r = f();
    THIS_THREAD.with(|t| t.set(before));
    r
}

/// The language of this thread: its own, or the process's.
pub fn current() -> Lang {
    if let Some(l) = THIS_THREAD.with(|t| t.get()) {
        return l;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Ja,
        2 => Lang::ZhCn,
        _ => Lang::En,
    }
}

fn bundles() -> &'static [FluentBundle<FluentResource>; 3] {
    static B: OnceLock<[FluentBundle<FluentResource>; 3]> = OnceLock::new();
    B.get_or_init(|| Lang::ALL.map(bundle))
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().expect("the three tags are valid");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: egui would draw them (no font has them).
    b.set_use_isolating(false);
    let res = match FluentResource::try_new(lang.source().to_string()) {
        Ok(r) => r,
        // A test parses every file: a syntax error never ships. Whatever parsed is kept.
        Err((r, _)) => r,
    };
    let _ = b.add_resource(res);
    b
}

/// The text of `key` in `lang`, with `args`; English when `lang` lacks it, the key itself
/// when English does too (a test fails on both).
pub fn text_in(lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
    let all = bundles();
    for b in [&all[lang.index()], &all[Lang::En.index()]] {
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        return b.format_pattern(pattern, args, &mut errors).into_owned();
    }
    key.to_string()
}

/// The text of `key` in the window's language.
pub fn text(key: &str, args: Option<&FluentArgs>) -> String {
    text_in(current(), key, args)
}

/// Whether `lang`'s own file has `key` (tests, and the settings' preview).
pub fn has(lang: Lang, key: &str) -> bool {
    bundles()[lang.index()].has_message(key)
}

/// A Fluent argument from a Rust value (strings, numbers, paths shown as text).
pub fn arg<'a>(v: impl IntoArg<'a>) -> FluentValue<'a> {
    v.into_arg()
}

/// What [`arg`] takes.
pub trait IntoArg<'a> {
    fn into_arg(self) -> FluentValue<'a>;
}

impl<'a> IntoArg<'a> for &'a str {
    fn into_arg(self) -> FluentValue<'a> {
        FluentValue::from(self)
    }
}

impl<'a> IntoArg<'a> for String {
    fn into_arg(self) -> FluentValue<'a> {
        FluentValue::from(self)
    }
}

impl<'a> IntoArg<'a> for &'a String {
    fn into_arg(self) -> FluentValue<'a> {
        FluentValue::from(self.as_str())
    }
}

impl<'a> IntoArg<'a> for Said {
    fn into_arg(self) -> FluentValue<'a> {
        FluentValue::from(self.words())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl<'a> IntoArg<'a> for $t {
            fn into_arg(self) -> FluentValue<'a> {
                FluentValue::from(self)
            }
        }
    )*};
}
number_args!(u8, u16, u32, u64, usize, i32, i64, f32, f64);

/// `t!("key")` or `t!("key", name = value, …)`: the key's text in the window's language.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::text($key, None)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $(args.set(stringify!($name), $crate::i18n::arg($value));)+
        $crate::i18n::text($key, Some(&args))
    }};
}

pub use fluent_bundle::FluentArgs;

/// Words kept as what they mean rather than as text: a message of the bundles with its
/// arguments, put into words only when shown ([`Said::words`]), in the language of that moment.
/// What the engine says (notices, and what history keeps) is this, so a history entry made in
/// English reads in Japanese after a switch. Old entries' plain sentences read as they were.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Said {
    /// Text as it is: a server's message, a path, a sentence from before words were kept so.
    Plain(String),
    /// A message of the bundles and its arguments.
    Message {
        key: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        args: Vec<(String, SaidArg)>,
    },
    /// Several, one after another, joined by `sep`.
    Joined { parts: Vec<Said>, sep: String },
}

/// An argument of a [`Said`] message.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum SaidArg {
    Number(f64),
    Text(String),
    /// Words of their own, put into the same language.
    Said(Box<Said>),
}

impl Said {
    /// In the window's language of this moment.
    pub fn words(&self) -> String {
        self.words_in(current())
    }

    /// In `lang`.
    pub fn words_in(&self, lang: Lang) -> String {
        match self {
            Said::Plain(s) => s.clone(),
            Said::Joined { parts, sep } => parts
                .iter()
                .map(|p| p.words_in(lang))
                .collect::<Vec<_>>()
                .join(sep),
            Said::Message { key, args } if args.is_empty() => text_in(lang, key, None),
            Said::Message { key, args } => {
                let mut a = FluentArgs::new();
                for (name, v) in args {
                    match v {
                        SaidArg::Number(n) => a.set(name.as_str(), FluentValue::from(*n)),
                        SaidArg::Text(t) => a.set(name.as_str(), FluentValue::from(t.as_str())),
                        SaidArg::Said(s) => {
                            a.set(name.as_str(), FluentValue::from(s.words_in(lang)))
                        }
                    }
                }
                text_in(lang, key, Some(&a))
            }
        }
    }

    /// The same words with every text in them (plain text and text arguments) passed through
    /// `f` (e.g. cleaned of control characters before it is stored).
    pub fn map_text(&self, f: &dyn Fn(&str) -> String) -> Said {
        match self {
            Said::Plain(s) => Said::Plain(f(s)),
            Said::Joined { parts, sep } => Said::Joined {
                parts: parts.iter().map(|p| p.map_text(f)).collect(),
                sep: sep.clone(),
            },
            Said::Message { key, args } => Said::Message {
                key: key.clone(),
                args: args
                    .iter()
                    .map(|(n, v)| {
                        let v = match v {
                            SaidArg::Number(x) => SaidArg::Number(*x),
                            SaidArg::Text(t) => SaidArg::Text(f(t)),
                            SaidArg::Said(s) => SaidArg::Said(Box::new(s.map_text(f))),
                        };
                        (n.clone(), v)
                    })
                    .collect(),
            },
        }
    }

    /// `self`, then `next`, joined by `sep`.
    pub fn then(self, sep: &str, next: Said) -> Said {
        Said::Joined {
            parts: vec![self, next],
            sep: sep.to_string(),
        }
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words())
    }
}

impl From<String> for Said {
    fn from(s: String) -> Self {
        Said::Plain(s)
    }
}

impl From<&str> for Said {
    fn from(s: &str) -> Self {
        Said::Plain(s.to_string())
    }
}

impl From<&str> for SaidArg {
    fn from(s: &str) -> Self {
        SaidArg::Text(s.to_string())
    }
}

impl From<String> for SaidArg {
    fn from(s: String) -> Self {
        SaidArg::Text(s)
    }
}

impl From<&String> for SaidArg {
    fn from(s: &String) -> Self {
        SaidArg::Text(s.clone())
    }
}

impl From<Said> for SaidArg {
    fn from(s: Said) -> Self {
        SaidArg::Said(Box::new(s))
    }
}

macro_rules! number_said_args {
    ($($t:ty),*) => {$(
        impl From<$t> for SaidArg {
            fn from(n: $t) -> Self {
                SaidArg::Number(n as f64)
            }
        }
    )*};
}
number_said_args!(u8, u16, u32, u64, usize, i32, i64, f32, f64);

/// `said!("key")` or `said!("key", name = value, …)`: the message as a [`Said`], put into words
/// when shown.
#[macro_export]
macro_rules! said {
    ($key:literal) => {
        $crate::i18n::Said::Message { key: $key.to_string(), args: Vec::new() }
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Said::Message {
            key: $key.to_string(),
            args: vec![$((stringify!($name).to_string(), $crate::i18n::SaidArg::from($value))),+],
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn said_words_follow_the_language_of_the_moment_and_survive_storage() {
        let s = crate::said!("job-done", secs = 3.0, count = 2usize)
            .then(". ", Said::Plain("a server's own words".into()));
        let kept = serde_json::to_string(&s).unwrap();
        let back: Said = serde_json::from_str(&kept).unwrap();
        assert_eq!(back, s);
        let en = back.words_in(Lang::En);
        let ja = back.words_in(Lang::Ja);
        assert_eq!(
            en,
            format!(
                "{}. a server's own words",
                text_in(
                    Lang::En,
                    "job-done",
                    Some(&{
                        let mut a = FluentArgs::new();
                        a.set("secs", FluentValue::from(3.0));
                        a.set("count", FluentValue::from(2.0));
                        a
                    })
                )
            )
        );
        assert_ne!(en, ja, "the same words in another language");
        assert!(ja.ends_with("a server's own words"));
        // A sentence kept as text before words were kept as kinds reads as it was.
        let old: Said = serde_json::from_str("\"could not read it\"").unwrap();
        assert_eq!(old.words_in(Lang::Ja), "could not read it");
        // Words inside words take the same language.
        let nested = crate::said!("err-not-recorded", sentence = crate::said!("err-no-key"));
        assert!(
            nested
                .words_in(Lang::Ja)
                .contains(&text_in(Lang::Ja, "err-no-key", None))
        );
    }

    #[test]
    fn locales_pick_the_language() {
        assert_eq!(Lang::from_locale("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_locale("zh-Hans-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("de_DE"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), None);
        assert_eq!(Lang::from_locale(""), None);
    }

    #[test]
    fn arguments_are_put_in_without_isolation_marks() {
        let mut a = FluentArgs::new();
        a.set("number", arg(2usize));
        let s = text_in(Lang::En, "box-name-short", Some(&a));
        assert_eq!(s, "Box 2");
        assert!(!s.contains('\u{2068}'));
        assert_eq!(text_in(Lang::Ja, "box-name-short", Some(&a)), "ボックス 2");
        assert_eq!(text_in(Lang::Ja, "no-such-key", None), "no-such-key");
    }
}

#[cfg(test)]
#[expect(clippy::disallowed_methods, reason = "the test reads the source tree")]
mod files {
    //! The language files against each other and against the code.
    use super::Lang;
    use fluent_syntax::ast;
    use std::collections::{BTreeMap, BTreeSet};

    /// Every message of a file: its id and the variables it uses.
    fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let res = fluent_syntax::parser::parse(lang.source())
            .unwrap_or_else(|(_, errors)| panic!("{}.ftl does not parse: {errors:?}", lang.tag()));
        let mut out = BTreeMap::new();
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    variables(p, &mut vars);
                }
                assert!(
                    out.insert(m.id.name.to_string(), vars).is_none(),
                    "{}.ftl has {} twice",
                    lang.tag(),
                    m.id.name
                );
            }
        }
        out
    }

    fn variables(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expression_vars(expression, vars);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline_vars(i, vars),
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for v in variants {
                    variables(&v.value, vars);
                }
            }
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, vars);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_language_has_every_key_with_the_same_arguments() {
        let en = messages(Lang::En);
        assert!(en.len() > 30, "{} messages", en.len());
        for lang in [Lang::Ja, Lang::ZhCn] {
            let other = messages(lang);
            let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{}.ftl lacks {missing:?}", lang.tag());
            let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                extra.is_empty(),
                "{}.ftl has keys en.ftl lacks: {extra:?}",
                lang.tag()
            );
            for (k, vars) in &en {
                assert_eq!(
                    &other[k],
                    vars,
                    "{}.ftl's {k} does not use the same arguments as en.ftl's",
                    lang.tag()
                );
            }
        }
    }

    /// Every key the code asks for: `t!("…")`, `said!("…")`, `i18n::text("…")` and the shortcut table's.
    fn keys_in_code() -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                if p.extension().is_none_or(|x| x != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap();
                let openers = [
                    "t!(\"",
                    "t!(\n",
                    "said!(\"",
                    "said!(\n",
                    "i18n::text(\"",
                    "text_in(Lang::En, \"",
                ];
                for opener in openers {
                    for (at, _) in text.match_indices(opener) {
                        // `t!(` itself, not `format!(` or `print!(`.
                        let before = text[..at].chars().next_back();
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let rest = text[at + opener.len()..].trim_start_matches([' ', '\n', '"']);
                        let key: String = rest
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                            .collect();
                        if !key.is_empty() && key != "key" {
                            keys.insert(key);
                        }
                    }
                }
            }
        }
        use crate::ui::shortcuts::{GESTURES, ROWS, Section};
        keys.extend(ROWS.iter().map(|r| r.what.to_string()));
        keys.extend(
            GESTURES
                .iter()
                .flat_map(|g| [g.words.to_string(), g.what.to_string()]),
        );
        keys.extend(Section::ALL.iter().map(|s| s.key().to_string()));
        for (name, text) in crate::ui::panels::prompt::PRESETS {
            keys.extend([name.to_string(), text.to_string()]);
        }
        keys
    }

    #[test]
    fn every_key_the_code_asks_for_is_in_the_files() {
        let en = messages(Lang::En);
        let keys = keys_in_code();
        // Words now (`t!`) and words kept (`said!`) are both read.
        assert!(
            keys.contains("box-name")
                && keys.contains("shortcut-run")
                && keys.contains("repair-oriented")
                && keys.contains("refusal-svg"),
            "{keys:?}"
        );
        let missing: Vec<_> = keys
            .iter()
            .filter(|k| !en.contains_key(*k) && k.as_str() != "no-such-key")
            .collect();
        assert!(missing.is_empty(), "en.ftl lacks {missing:?}");
    }
}
