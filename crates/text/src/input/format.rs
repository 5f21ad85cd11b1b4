//! Which reader an input goes to: named by the user, else by the file's extension, else by its
//! first bytes.

use std::path::Path;

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// By the file's extension, else by its first bytes.
    #[default]
    Auto,
    /// Plain text or the seed's layout: one article.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// A saved article page.
    Html,
    /// RSS or Atom: one article per item.
    Feed,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Auto,
        Format::Text,
        Format::Jsonl,
        Format::Html,
        Format::Feed,
    ];

    /// The name users give it (`--format jsonl`, `?format=jsonl`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Feed => "feed",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown input format {s:?}; one of {}", names.join(", "))
            })
    }
}

/// The format of an input: its extension when that says, else its first bytes.
pub fn detect(path: &Path, head: &[u8]) -> Format {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("jsonl" | "ndjson") => return Format::Jsonl,
        Some("html" | "htm" | "xhtml") => return Format::Html,
        Some("rss" | "atom" | "rdf") => return Format::Feed,
        Some("txt" | "text") => return Format::Text,
        _ => {}
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Format::Text;
    };
    let head = &head[start..];
    if head.starts_with(b"{") {
        return Format::Jsonl;
    }
    if !head.starts_with(b"<") {
        return Format::Text;
    }
    let lower = String::from_utf8_lossy(&head[..head.len().min(4096)]).to_ascii_lowercase();
    let feed = ["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .any(|t| lower.contains(t));
    if feed && !lower.contains("<html") {
        Format::Feed
    } else {
        Format::Html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert_eq!("JSONL".parse::<Format>(), Ok(Format::Jsonl));
        assert!(
            "pdf"
                .parse::<Format>()
                .unwrap_err()
                .contains("one of auto, text")
        );
    }

    #[test]
    fn detects_by_extension_then_by_content() {
        let p = Path::new;
        assert_eq!(detect(p("a.ndjson"), b"x"), Format::Jsonl);
        assert_eq!(detect(p("a"), b"\xEF\xBB\xBF  {\"id\": 1}"), Format::Jsonl);
        assert_eq!(detect(p("a"), b"<?xml version='1.0'?><rss>"), Format::Feed);
        assert_eq!(detect(p("a"), b"<!doctype html><html>"), Format::Html);
        assert_eq!(detect(p("a"), b"Headline\n\nText."), Format::Text);
    }
}
