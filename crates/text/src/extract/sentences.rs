//! Sentence units: spans of tokens within one paragraph, ending at terminal punctuation that
//! is followed by a new sentence. A quoted passage that closes in the same paragraph is never
//! split, so a quote of several sentences stays with the attribution around it.

use super::lexicon::Frame;
use super::quotes::Quotes;
use super::tokens::{Kind, Tokens, is_abbreviation, is_title_or_initial};

/// Tokens `start..end` of one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Words that start sentences; after an ambiguous abbreviation ("in the U.S. The ...") they
/// mark a sentence boundary.
const STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "and",
    "in",
    "a",
    "an",
    "this",
    "that",
    "there",
    "his",
    "her",
    "their",
    "its",
    "on",
    "at",
    "as",
    "if",
    "when",
    "while",
    "after",
    "still",
    "yet",
    "however",
    "meanwhile",
    "mr.",
    "mrs.",
    "ms.",
];

pub fn split(t: &Tokens<'_>, quotes: &Quotes) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let n = t.len();
    for i in 0..n {
        let last_of_block = i + 1 == n || t.toks[i + 1].block != t.toks[i].block;
        if last_of_block {
            out.push(Sentence { start, end: i + 1 });
            start = i + 1;
            continue;
        }
        if !ends_sentence(t, i) {
            continue;
        }
        // Closing marks and brackets after the period belong to this sentence.
        let mut end = i + 1;
        while end < n
            && t.toks[end].block == t.toks[i].block
            && (t
                .quote(end)
                .is_some_and(|_| quotes.of(end).is_some_and(|q| q.last == end))
                || t.is_punct(end, ")"))
        {
            end += 1;
        }
        if end < n
            && t.toks[end].block == t.toks[i].block
            && starts_sentence(t, end)
            && !attribution_follows(t, i, end)
        {
            // Keep a quotation that goes on after this point in one piece.
            if let Some(q) = quotes.of(i)
                && q.close.is_some()
                && q.last >= end
            {
                continue;
            }
            out.push(Sentence { start, end });
            start = end;
        }
    }
    out.retain(|s| s.end > s.start);
    out
}

/// `"... Really?" Bush said.`: a quotation ending in "?" or "!" (or "." in some styles) is
/// followed by its attribution, which belongs to the same sentence.
fn attribution_follows(t: &Tokens<'_>, i: usize, end: usize) -> bool {
    if t.quote(end - 1).is_none() || end == i + 1 {
        return false;
    }
    let block = t.toks[end].block;
    let mut k = end;
    while k < t.len() && k < end + 5 && t.toks[k].block == block {
        let w = t.lower(k);
        // A verb that reports speech: "\"...\" Clinton plans to ..." starts a new sentence.
        let says = t.cue(k).is_some_and(|c| {
            !c.gerund && matches!(c.frame, Frame::Say | Frame::Quote | Frame::Tell)
        });
        if says && !t.is_cap(k) {
            return true;
        }
        let name_like = t.is_cap(k) || matches!(w, "he" | "she" | "they" | "we" | "i");
        if !name_like {
            return false;
        }
        k += 1;
    }
    false
}

fn ends_sentence(t: &Tokens<'_>, i: usize) -> bool {
    match t.kind(i) {
        Kind::Punct => matches!(t.text(i), "." | "!" | "?" | "..." | "…" | "?!" | "!!"),
        Kind::Word if t.text(i).ends_with('.') => {
            // "U.S." may end a sentence; "Gen." and "J." never do.
            let w = t.text(i);
            is_abbreviation(w.trim_end_matches('.'))
                && !is_title_or_initial(w)
                && i + 1 < t.len()
                && STARTERS.contains(&t.lower(i + 1))
        }
        _ => false,
    }
}

fn starts_sentence(t: &Tokens<'_>, i: usize) -> bool {
    match t.kind(i) {
        Kind::Word => t.is_cap(i),
        Kind::Number | Kind::Quote(_) => true,
        Kind::Punct => matches!(t.text(i), "(" | "[" | "—" | "–" | "-" | "•"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(s: &str) -> Vec<&str> {
        let blocks = crate::article::text::body_blocks(s);
        let t = Tokens::new(s, &blocks);
        let q = Quotes::find(&t);
        split(&t, &q)
            .iter()
            .map(|x| &s[t.toks[x.start].start..t.toks[x.end - 1].end])
            .collect()
    }

    #[test]
    fn splits_at_terminal_punctuation_but_not_at_titles_or_inside_quotes() {
        assert_eq!(
            sentences("Head\n\"One. Two,\" Lt. Gen. Flynn said. He left the U.S. The end? Yes."),
            [
                "Head",
                "\"One. Two,\" Lt. Gen. Flynn said.",
                "He left the U.S.",
                "The end?",
                "Yes."
            ]
        );
    }

    #[test]
    fn an_attribution_after_a_quoted_question_stays_with_it() {
        assert_eq!(
            sentences("Head\n\"Is it over? Really?\" Bush said. \"Yes.\" Then he left."),
            [
                "Head",
                "\"Is it over? Really?\" Bush said.",
                "\"Yes.\"",
                "Then he left."
            ]
        );
    }

    #[test]
    fn a_closing_mark_after_the_period_stays_with_its_sentence() {
        assert_eq!(
            sentences("Head\nHe said: “It is over.” Then he left."),
            ["Head", "He said: “It is over.”", "Then he left."]
        );
    }
}
