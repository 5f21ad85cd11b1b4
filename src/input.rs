//! Walks the inputs (files, folders recursively, `-` for stdin) and turns each into articles,
//! reporting every input that cannot be read with its name and the reason.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::article::{Article, Overrides, text::read_text};

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

/// Reads one file (or stdin for `-`) into an article.
pub fn read_article(
    path: &Path,
    overrides: &Overrides,
) -> Result<(Article, Vec<Warning>), Failure> {
    let input = path.display().to_string();
    let fail = |reason: String| Failure {
        input: input.clone(),
        reason,
    };
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| fail(format!("cannot read stdin: {e}")))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))?
    };
    if looks_binary(&bytes) {
        return Err(fail("binary file, not text".into()));
    }
    let (text, recoded) = decode(bytes);
    if text.trim().is_empty() {
        return Err(fail("empty file: no article".into()));
    }
    let mut warnings = Vec::new();
    if recoded {
        warnings.push(fail("not valid UTF-8; read as Windows-1252".into()));
    }
    let name = if path == Path::new("-") {
        "stdin".to_string()
    } else {
        path.file_name()
            .map_or_else(|| input.clone(), |n| n.to_string_lossy().into_owned())
    };
    let mut article = read_text(&name, text);
    overrides.apply(&mut article);
    Ok((article, warnings))
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
