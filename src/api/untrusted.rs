//! Text that came from the network (the service's `message`, `code`, ids, links, error bodies)
//! or that may hold a secret is cleaned here, once, before anything prints, shows or stores
//! it: the key and key-shaped tokens are redacted, control characters (terminal escape
//! sequences, bidi overrides) removed, and the length capped.

/// Request and task ids: real ones are UUID-sized.
pub const ID_CHARS: usize = 128;
/// Error codes (`InvalidParameter`, `DataInspectionFailed`…).
pub const CODE_CHARS: usize = 80;
/// Error messages and snippets of bodies.
pub const MESSAGE_CHARS: usize = 1000;
/// Result links (signed OSS URLs are a few hundred characters).
pub const URL_CHARS: usize = 4096;
/// A text part of a mixed text-and-image answer.
pub const TEXT_CHARS: usize = 20_000;

/// `text` with secrets redacted, control characters removed (a newline or tab becomes a
/// space) and at most `max_chars` characters (a longer text ends in `…`).
pub fn clean(text: &str, max_chars: usize) -> String {
    // Cap first (on a generous multiple) so that a 200 MB field costs little to clean.
    let head: String = text
        .chars()
        .take(max_chars.saturating_mul(2) + 64)
        .collect();
    let redacted = crate::logging::redact(&head);
    let mut out = String::with_capacity(redacted.len().min(max_chars * 4));
    let mut count = 0;
    let mut cut = text.chars().count() > max_chars.saturating_mul(2) + 64;
    for c in redacted.chars() {
        let c = match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_unsafe(c) => continue,
            c => c,
        };
        if count == max_chars {
            cut = true;
            break;
        }
        out.push(c);
        count += 1;
    }
    if cut {
        out.push('…');
    }
    out
}

/// Like [`clean`], for optional fields.
pub fn clean_opt(text: Option<String>, max_chars: usize) -> Option<String> {
    text.map(|t| clean(&t, max_chars))
}

/// Control characters (C0, DEL, C1: ESC starts terminal sequences, C1's CSI too) and the
/// bidirectional overrides that make a text read differently from what it is.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Whether `text` is free of what [`clean`] removes (for tests and assertions).
pub fn is_clean(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c != '\n' && c != '\t' && c != '\r' && is_unsafe(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_keys_are_removed_and_length_capped() {
        crate::logging::register_secret("sk-test-untrusted-0123456789");
        let t = clean(
            "bad key sk-test-untrusted-0123456789\x1b[2J\x1b]0;owned\x07 \u{202E}gnp.exe\nnext",
            1000,
        );
        assert!(!t.contains("sk-test-untrusted"));
        assert!(!t.contains('\x1b') && !t.contains('\x07') && !t.contains('\u{202E}'));
        assert!(t.contains("[redacted]") && t.contains("next"), "{t}");
        let long = "x".repeat(10_000_000);
        let c = clean(&long, 128);
        assert_eq!(c.chars().count(), 129);
        assert!(c.ends_with('…'));
        assert_eq!(clean("short", 128), "short");
    }
}
