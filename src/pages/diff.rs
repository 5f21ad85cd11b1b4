//! How a carrier's words differ from the earliest carrier's, word by word.

use serde::Serialize;
use similar::{Algorithm, ChangeTag, utils::diff_words};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Same,
    /// Words this carrier has and the earliest has not.
    Added,
    /// Words of the earliest this carrier has not.
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub text: String,
    pub op: Op,
}

/// The changes from `earliest` to `later`; none when the words are the same.
pub fn words(earliest: &str, later: &str) -> Vec<Change> {
    if earliest == later {
        return Vec::new();
    }
    diff_words(Algorithm::Patience, earliest, later)
        .into_iter()
        .map(|(tag, text)| Change {
            text: text.to_string(),
            op: match tag {
                ChangeTag::Equal => Op::Same,
                ChangeTag::Insert => Op::Added,
                ChangeTag::Delete => Op::Removed,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_removed_and_added() {
        let changes = words(
            "talks should be held in secret",
            "talks must be held in secret",
        );
        let kept: String = changes
            .iter()
            .filter(|c| c.op != Op::Removed)
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(kept, "talks must be held in secret");
        assert!(
            changes
                .iter()
                .any(|c| c.op == Op::Removed && c.text == "should")
        );
        assert!(
            changes
                .iter()
                .any(|c| c.op == Op::Added && c.text == "must")
        );
        assert!(words("same words", "same words").is_empty());
    }
}
