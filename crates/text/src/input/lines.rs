//! JSON Lines, one record at a time: memory stays flat however long the file is, and a line
//! longer than [`MAX_RECORD_BYTES`] is skipped without being held.

use std::io::{BufRead, BufReader, Read};

use super::decode;
use super::record::{Failure, Record, notes_at};
use crate::article::{Overrides, jsonl};

/// Longest JSON Lines record read; longer lines are reported and skipped without being held
/// in memory.
pub const MAX_RECORD_BYTES: usize = 32 << 20;

/// Reads every record of `reader`, passing each (or its failure) to `each` with the bytes it
/// took; `each` returns `false` to stop.
pub(super) fn read_lines(
    input: &str,
    mut reader: BufReader<impl Read>,
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
        // JSON is UTF-8 (RFC 8259); a line that is not is read as best it can be, and said so.
        let decoded = decode::decode(std::mem::take(&mut buf), None);
        let outcome = match jsonl::read_record(&location, &decoded.text) {
            Ok((mut article, notes)) => {
                overrides.apply_to_one_of_many(&mut article);
                article.complete_publisher();
                let mut warnings = notes_at(&location, notes);
                warnings.extend(decoded.note().map(fail));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_measured_but_not_kept() {
        let mut input: &[u8] = b"short\nmuch longer line\nlast";
        let mut buf = Vec::new();
        let mut got = Vec::new();
        while let Some((n, whole)) = next_line(&mut input, &mut buf, 8).unwrap() {
            got.push((n, whole, String::from_utf8(buf.clone()).unwrap()));
            buf.clear();
        }
        assert_eq!(
            got,
            [
                (6, true, "short".to_string()),
                (17, false, String::new()),
                (4, true, "last".to_string())
            ]
        );
    }
}
