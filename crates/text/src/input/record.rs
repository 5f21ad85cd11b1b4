//! What reading an input gives: records, each an article with where it came from, and
//! failures naming the input and the reason.

use crate::article::Article;

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

/// A note about an input that was read, but not as written (e.g. decoded by a guess).
pub type Warning = Failure;

/// One article read from an input, with where it came from.
#[derive(Debug)]
pub struct Record {
    pub article: Article,
    /// The file, with the line or item number when the file holds several articles.
    pub location: String,
    /// Fields that could not be used as written (a malformed date, a recoded line).
    pub warnings: Vec<Warning>,
}

/// Each note as a warning at `location`.
pub(super) fn notes_at(location: &str, notes: Vec<String>) -> Vec<Warning> {
    notes
        .into_iter()
        .map(|reason| Failure {
            input: location.to_string(),
            reason,
        })
        .collect()
}
