//! Inputs to articles: walks the paths given (files, folders recursively, `-` for stdin),
//! picks a reader for each, decodes its bytes and reports every input that cannot be read
//! with its name and the reason.

pub mod decode;
mod format;
mod lines;
mod record;
mod walk;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::article::{Article, Overrides, feed, html, text::read_text};
pub use format::{Format, detect};
pub use lines::MAX_RECORD_BYTES;
use record::notes_at;
pub use record::{Failure, Record, Warning};
pub use walk::files;

/// Whether the bytes look like a binary file rather than text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0)
}

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
    let source: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                let reason = format!("cannot read: {e}");
                each(Err(Failure { input, reason }), 0);
                return;
            }
        }
    };
    let name = if path == Path::new("-") {
        "stdin".to_string()
    } else {
        path.file_name()
            .map_or_else(|| input.clone(), |n| n.to_string_lossy().into_owned())
    };
    read_from(&input, &name, source, format, overrides, each);
}

/// Reads one input from `source` (a file, stdin, an HTTP request's body) as [`read_input`]
/// does: `input` names it in reports, `name` is its document's name, whose extension guides
/// the choice of reader when `format` is `Auto`.
pub fn read_from(
    input: &str,
    name: &str,
    source: impl Read,
    format: Format,
    overrides: &Overrides,
    each: &mut dyn FnMut(Result<Record, Failure>, u64) -> bool,
) {
    let input = input.to_string();
    let fail = |reason: String| Failure {
        input: input.clone(),
        reason,
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
        Format::Auto => detect(Path::new(name), &head),
        f => f,
    };
    if format == Format::Jsonl {
        lines::read_lines(&input, reader, overrides, each);
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
    if format == Format::Feed {
        read_feed_items(&input, name, &bytes, overrides, each);
    } else {
        each(read_document(&input, name, bytes, format, overrides), size);
    }
}

/// A feed's items, one record each, numbered from 1. feed-rs decodes the feed itself, by the
/// encoding its XML declaration names.
fn read_feed_items(
    input: &str,
    name: &str,
    bytes: &[u8],
    overrides: &Overrides,
    each: &mut dyn FnMut(Result<Record, Failure>, u64) -> bool,
) {
    let size = bytes.len() as u64;
    let fail = |input: String, reason: String| Failure { input, reason };
    // A feed that declares no encoding and is not UTF-8 (a Latin-1 file without an XML
    // declaration) is decoded here, as an unlabelled page would be; feed-rs would refuse it.
    let guessed = (decode::declared_charset(bytes).is_none()
        && std::str::from_utf8(bytes).is_err())
    .then(|| decode::decode(bytes.to_vec(), None));
    let (bytes, decoding_note) = match &guessed {
        Some(d) => (d.text.as_bytes(), d.note()),
        None => (bytes, None),
    };
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
                article.complete_publisher();
                let mut warnings = notes_at(&location, notes);
                warnings.extend(notes_at(&location, decoding_note.iter().cloned().collect()));
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

/// A file holding one article: a page (decoded by the charset it declares) or text.
fn read_document(
    input: &str,
    name: &str,
    bytes: Vec<u8>,
    format: Format,
    overrides: &Overrides,
) -> Result<Record, Failure> {
    let declared = match format {
        Format::Html => decode::declared_charset(&bytes),
        _ => None,
    };
    let decoded = decode::decode(bytes, declared);
    let mut warnings = notes_at(input, decoded.note().into_iter().collect());
    let (mut article, notes) = match format {
        Format::Html => html::read_page(name, &decoded.text).map_err(|e| Failure {
            input: input.to_string(),
            reason: e.to_string(),
        })?,
        _ => (read_text(name, decoded.text), Vec::new()),
    };
    overrides.apply(&mut article);
    article.complete_publisher();
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
