//! The data files the rules read, embedded at build time: tab-separated tables (`data/*.tsv`,
//! read with `csv` and serde) and word lists (`data/words/*.txt`, one word a line). A line
//! that does not fit is an error naming the file and the line, never a panic; the tests read
//! every embedded file, so a bad line fails the build's tests, not a user's run.

use rustc_hash::FxHashSet;

use serde::de::DeserializeOwned;

/// A data file line that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, line {line}: {reason}")]
pub struct DataError {
    pub file: &'static str,
    pub line: u64,
    pub reason: String,
}

/// The rows of a tab-separated table with their line numbers: no header, `#` comment lines,
/// no quoting (a `"` is text), at most `columns` columns, trailing empty ones optional. Lines are split here, where
/// the line number is known (csv's reader does not count comment lines); csv and serde turn
/// each record into a row.
pub(crate) fn tsv_rows<T: DeserializeOwned>(
    file: &'static str,
    columns: usize,
    text: &str,
) -> Result<Vec<(u64, T)>, DataError> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let line_no = n as u64 + 1;
        let record = csv::StringRecord::from(line.split('\t').collect::<Vec<&str>>());
        if record.len() > columns {
            return Err(DataError {
                file,
                line: line_no,
                reason: format!("{} columns; at most {columns}", record.len()),
            });
        }
        let row = record.deserialize(None).map_err(|e| DataError {
            file,
            line: line_no,
            reason: match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
                _ => e.to_string(),
            },
        })?;
        rows.push((line_no, row));
    }
    Ok(rows)
}

/// A word list: one word a line, `#` comment lines and blank lines skipped.
pub(crate) fn word_list(
    file: &'static str,
    text: &'static str,
) -> Result<FxHashSet<&'static str>, DataError> {
    let mut words = FxHashSet::default();
    for (n, line) in text.lines().enumerate() {
        let word = line.trim();
        if word.is_empty() || word.starts_with('#') {
            continue;
        }
        let fail = |reason: String| DataError {
            file,
            line: n as u64 + 1,
            reason,
        };
        if word.contains(char::is_whitespace) {
            return Err(fail(format!("{word:?} is more than one word")));
        }
        if word.chars().any(char::is_uppercase) {
            return Err(fail(format!("{word:?} is not lower case")));
        }
        if !words.insert(word) {
            return Err(fail(format!("{word:?} is listed twice")));
        }
    }
    Ok(words)
}

/// An embedded data file that failed to read: the tests read every one, so this names the
/// file and line of a build that skipped them.
pub(crate) fn embedded<T>(read: Result<T, DataError>) -> T {
    read.unwrap_or_else(|e| panic!("embedded data file: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Row {
        name: String,
        count: u32,
        #[serde(default)]
        note: Option<String>,
    }

    #[test]
    fn tables_skip_comments_and_name_the_bad_line() {
        let rows: Vec<(u64, Row)> = tsv_rows(
            "t.tsv",
            3,
            "# a comment\nalpha\t1\tsaid \"so\"\n\nbeta\t2\n",
        )
        .unwrap();
        assert_eq!(
            rows,
            [
                (
                    2,
                    Row {
                        name: "alpha".into(),
                        count: 1,
                        note: Some("said \"so\"".into())
                    }
                ),
                (
                    4,
                    Row {
                        name: "beta".into(),
                        count: 2,
                        note: None
                    }
                )
            ]
        );
        assert!(
            tsv_rows::<Row>("t.tsv", 3, "alpha\t1\tx\ty\n").is_err(),
            "a column too many"
        );
        let e = tsv_rows::<Row>("t.tsv", 3, "alpha\t1\nbeta\tmany\n").unwrap_err();
        assert_eq!((e.file, e.line), ("t.tsv", 2));
        assert!(e.to_string().starts_with("t.tsv, line 2: "), "{e}");
    }

    #[test]
    fn word_lists_refuse_phrases_capitals_and_repeats() {
        let words = word_list("w.txt", "# head\nsaid\n\nsays\n").unwrap();
        assert!(words.contains("said") && words.contains("says") && words.len() == 2);
        for (text, line) in [("a\nb c\n", 2), ("# x\nSaid\n", 2), ("a\nb\na\n", 3)] {
            let e = word_list("w.txt", text).unwrap_err();
            assert_eq!(e.line, line, "{e}");
        }
    }
}
