//! Walks the inputs (files, folders recursively, `-` for stdin) and turns each into articles,
//! reporting every input that cannot be read with its name and the reason.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::article::{Article, Overrides, feed, html, jsonl, text::read_text};

/// An input that could not be read or held no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The file (and line or item, when there is one).
    pub input: String,
    pub reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.input, self.reason)
    }
}

/// A note about an input that was read, but not as written (e.g. decoded as Windows-1252).
pub type Warning = Failure;

/// Decodes bytes as UTF-8 (a BOM is dropped), else as Windows-1252, which maps every byte to
/// a character: no text is lost, and the caller is told which choice was made.
pub fn decode(bytes: Vec<u8>) -> (String, bool) {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (
            e.into_bytes().iter().map(|&b| windows_1252(b)).collect(),
            true,
        ),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Whether the bytes look like a binary file rather than text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0)
}

/// Every file under `paths`, folders walked recursively in name order; `-` is stdin.
pub fn files(paths: &[String]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut out = Vec::new();
    let mut failures = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(PathBuf::from("-"));
            continue;
        }
        walk(Path::new(p), &mut out, &mut failures);
    }
    (out, failures)
}

fn walk(path: &Path, out: &mut Vec<PathBuf>, failures: &mut Vec<Failure>) {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(path) {
            Ok(entries) => {
                let mut children: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                children.sort();
                for c in children {
                    let hidden = c
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                    if !hidden {
                        walk(&c, out, failures);
                    }
                }
            }
            Err(e) => failures.push(Failure {
                input: path.display().to_string(),
                reason: format!("cannot list folder: {e}"),
            }),
        },
        Ok(_) => out.push(path.to_path_buf()),
        Err(e) => failures.push(Failure {
            input: path.display().to_string(),
            reason: format!("cannot read: {e}"),
        }),
    }
}

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
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

/// One article read from an input, with where it came from.
#[derive(Debug)]
pub struct Record {
    pub article: Article,
    /// The file, with the line or item number when the file holds several articles.
    pub location: String,
    /// Fields that could not be used as written (a malformed date, a recoded line).
    pub warnings: Vec<Warning>,
}

/// Longest JSON Lines record read; longer lines are reported and skipped without being held
/// in memory.
pub const MAX_RECORD_BYTES: usize = 32 << 20;

/// Reads one input (`-` is stdin), passing every record or failure to `each` as soon as it is
/// read, with the number of input bytes it accounts for. JSON Lines stream record by record;
/// other formats are one document. `each` returns `false` to stop reading.
pub fn read_input(
    path: &Path,
    format: Format,
    overrides: &Overrides,
    each: &mut dyn FnMut(Result<Record, Failure>, u64) -> bool,
) {
    let input = path.display().to_string();
    let fail = |reason: String| Failure {
        input: input.clone(),
        reason,
    };
    let source: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                each(Err(fail(format!("cannot read: {e}"))), 0);
                return;
            }
        }
    };
    let mut reader = BufReader::with_capacity(1 << 16, source);
    let head = match reader.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => {
            each(Err(fail(format!("cannot read: {e}"))), 0);
            return;
        }
    };
    if head.is_empty() {
        each(Err(fail("empty file: no article".into())), 0);
        return;
    }
    let format = match format {
        Format::Auto => detect(path, &head),
        f => f,
    };
    if format == Format::Jsonl {
        read_lines(&input, reader, overrides, each);
        return;
    }
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        each(Err(fail(format!("cannot read: {e}"))), 0);
        return;
    }
    let size = bytes.len() as u64;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        each(Err(fail("empty file: no article".into())), size);
        return;
    }
    if looks_binary(&bytes) {
        each(Err(fail("binary file, not text".into())), size);
        return;
    }
    let name = if path == Path::new("-") {
        "stdin".to_string()
    } else {
        path.file_name()
            .map_or_else(|| input.clone(), |n| n.to_string_lossy().into_owned())
    };
    if format == Format::Feed {
        read_feed_items(&input, &name, &bytes, overrides, each);
    } else {
        each(read_document(&input, &name, bytes, format, overrides), size);
    }
}

/// A feed's items, one record each, numbered from 1.
fn read_feed_items(
    input: &str,
    name: &str,
    bytes: &[u8],
    overrides: &Overrides,
    each: &mut dyn FnMut(Result<Record, Failure>, u64) -> bool,
) {
    let size = bytes.len() as u64;
    let fail = |input: String, reason: String| Failure { input, reason };
    let feed = match feed::read_feed(name, bytes) {
        Ok(feed) => feed,
        Err(e) => {
            each(Err(fail(input.to_string(), e.to_string())), size);
            return;
        }
    };
    let share = size / feed.items.len().max(1) as u64;
    for (i, item) in feed.items.into_iter().enumerate() {
        let location = format!("{input}#{}", i + 1);
        let record = match item {
            Ok((mut article, notes)) => {
                overrides.apply_to_one_of_many(&mut article);
                let warnings = notes_at(&location, notes);
                Ok(Record {
                    article,
                    location,
                    warnings,
                })
            }
            Err(reason) => Err(fail(location, reason.to_string())),
        };
        if !each(record, share) {
            return;
        }
    }
    if let Some(broken) = feed.broken {
        each(Err(fail(input.to_string(), broken)), 0);
    }
}

/// A file holding one article: a page or text.
fn read_document(
    input: &str,
    name: &str,
    bytes: Vec<u8>,
    format: Format,
    overrides: &Overrides,
) -> Result<Record, Failure> {
    let (text, recoded) = decode(bytes);
    let mut warnings = Vec::new();
    if recoded {
        warnings.push(Failure {
            input: input.to_string(),
            reason: "not valid UTF-8; read as Windows-1252".into(),
        });
    }
    let (mut article, notes) = match format {
        Format::Html => html::read_page(name, &text).map_err(|e| Failure {
            input: input.to_string(),
            reason: e.to_string(),
        })?,
        _ => (read_text(name, text), Vec::new()),
    };
    overrides.apply(&mut article);
    if format == Format::Text {
        article.place_in_newsroom_zone();
    }
    warnings.extend(notes_at(input, notes));
    Ok(Record {
        article,
        location: input.to_string(),
        warnings,
    })
}

fn notes_at(location: &str, notes: Vec<String>) -> Vec<Warning> {
    notes
        .into_iter()
        .map(|reason| Failure {
            input: location.to_string(),
            reason,
        })
        .collect()
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

/// JSON Lines, one record at a time: memory stays flat however long the file is.
fn read_lines(
    input: &str,
    mut reader: BufReader<Box<dyn Read>>,
    overrides: &Overrides,
    each: &mut dyn FnMut(Result<Record, Failure>, u64) -> bool,
) {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        line_no += 1;
        let location = format!("{input}:{line_no}");
        let fail = |reason: String| Failure {
            input: location.clone(),
            reason,
        };
        buf.clear();
        let (consumed, whole) = match next_line(&mut reader, &mut buf, MAX_RECORD_BYTES) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(e) => {
                each(Err(fail(format!("cannot read: {e}"))), 0);
                return;
            }
        };
        if !whole {
            let reason = format!(
                "record of {consumed} bytes is longer than {} MiB; skipped",
                MAX_RECORD_BYTES >> 20
            );
            if !each(Err(fail(reason)), consumed as u64) {
                return;
            }
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let (line, recoded) = decode(std::mem::take(&mut buf));
        let outcome = match jsonl::read_record(&location, &line) {
            Ok((mut article, notes)) => {
                overrides.apply_to_one_of_many(&mut article);
                let mut warnings = notes_at(&location, notes);
                if recoded {
                    warnings.push(fail("not valid UTF-8; read as Windows-1252".into()));
                }
                Ok(Record {
                    article,
                    location: location.clone(),
                    warnings,
                })
            }
            Err(e) => Err(fail(e.to_string())),
        };
        if !each(outcome, consumed as u64) {
            return;
        }
    }
}

/// Reads up to the next newline into `buf`, keeping at most `max` bytes: returns the bytes
/// consumed and whether the line fit, or `None` at the end of the input.
fn next_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<(usize, bool)>> {
    let mut consumed = 0;
    let mut whole = true;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok((consumed > 0).then_some((consumed, whole)));
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if whole && buf.len() + chunk.len() <= max {
            buf.extend_from_slice(chunk);
        } else {
            whole = false;
            buf.clear();
        }
        let used = done.unwrap_or(available.len());
        consumed += used;
        reader.consume(used);
        if done.is_some() {
            return Ok(Some((consumed, whole)));
        }
    }
}

/// Reads the single article of a file (or stdin for `-`), for `extract`: the first record of
/// a multi-article input is not enough, so such inputs are refused with their record count.
pub fn read_article(
    path: &Path,
    format: Format,
    overrides: &Overrides,
) -> Result<(Article, Vec<Warning>), Failure> {
    // Only the first record is kept; the others are counted for the message.
    let mut first = None;
    let mut count = 0;
    let mut first_failure = None;
    read_input(path, format, overrides, &mut |r, _| {
        match r {
            Ok(rec) => {
                count += 1;
                first.get_or_insert(rec);
            }
            Err(f) => {
                first_failure.get_or_insert(f);
            }
        }
        true
    });
    match (first, count, first_failure) {
        (None, _, Some(f)) => Err(f),
        (None, _, None) => Err(Failure {
            input: path.display().to_string(),
            reason: "no article".into(),
        }),
        (Some(r), 1, _) => Ok((r.article, r.warnings)),
        (Some(_), n, _) => Err(Failure {
            input: path.display().to_string(),
            reason: format!("holds {n} articles; `extract` reads one (use `ingest`)"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_falls_back_to_windows_1252() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFcaf\xC3\xA9".to_vec()),
            ("café".to_string(), false)
        );
        assert_eq!(
            decode(b"caf\xE9 \x93q\x94".to_vec()),
            ("café “q”".to_string(), true)
        );
    }
}
