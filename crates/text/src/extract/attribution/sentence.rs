//! One sentence as the rules see it (its tokens and quotations, and the helpers every rule
//! uses: where content ends, what trims off it, what content comes before a source), and
//! [`Raw`], an attribution as the rules find it.

use crate::extract::lexicon::{self, Cue};
use crate::extract::quotes::Quotes;
use crate::extract::span::TokenSpan;
use crate::extract::tokens::{Kind, Role, Tokens};

/// An attribution as found in the text, before speakers are resolved. Every rule sets the
/// cue; the default leaves the rest empty.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    /// `None` for "according to".
    pub cue: Option<&'static Cue>,
    pub cue_span: TokenSpan,
    /// The verb itself (the token the cue was found at).
    pub cue_head: usize,
    /// The source as written, appositive included ("Flynn, a top Trump surrogate,").
    pub source: Option<TokenSpan>,
    /// The part of the source that names the speaker ("Flynn").
    pub mention: Option<TokenSpan>,
    pub content: Vec<TokenSpan>,
    /// The token ("and", ",") before a clause that shares or coordinates with an earlier one.
    pub coordinated_at: Option<usize>,
    /// Outlets named around the cue: "told CNN", "in an interview with Fox News".
    pub adjuncts: Vec<TokenSpan>,
    pub parent: Option<usize>,
    /// The cue is a mark: the colon of "Name: what they said", the dash of a signed quote.
    pub mark_cue: bool,
}

impl Raw {
    pub(super) fn content_range(&self) -> Option<TokenSpan> {
        Some(TokenSpan(self.content.first()?.0, self.content.last()?.1))
    }

    pub(crate) fn contains_token(&self, i: usize) -> bool {
        self.content.iter().any(|span| span.contains(i))
    }
}

/// One sentence, with the document's tokens and quotations.
pub struct Sentence<'a, 't> {
    pub t: &'a Tokens<'t>,
    pub q: &'a Quotes,
    pub start: usize,
    pub end: usize,
}

pub(super) enum Subject {
    /// A noun phrase: its whole span and the part that names the speaker.
    Phrase(TokenSpan, TokenSpan),
    /// Nothing before the cue; the token that stopped the search.
    Empty(Option<usize>),
}

impl<'a, 't> Sentence<'a, 't> {
    /// Token `i` lower-cased; past the last token, nothing (the rules look a token or two
    /// ahead, and a text may end anywhere: "..., the minister said,").
    pub(super) fn low(&self, i: usize) -> &str {
        if i < self.t.len() {
            self.t.lower(i)
        } else {
            ""
        }
    }

    pub(super) fn in_quote(&self, i: usize) -> bool {
        self.q.of(i).is_some()
    }

    pub(super) fn is_open_quote(&self, i: usize) -> bool {
        i < self.end && self.q.opening_at(i).is_some()
    }

    pub(super) fn is_closing_quote(&self, i: usize) -> bool {
        self.t
            .quote(i)
            .is_some_and(|_| self.q.of(i).is_some_and(|q| q.close == Some(i)))
    }

    pub(super) fn is_terminal(&self, i: usize) -> bool {
        self.t.kind(i) == Kind::Punct && matches!(self.t.text(i), "." | "!" | "?" | "..." | "…")
    }

    /// Where content that starts at `start` ends: the sentence end, or before
    /// ", according to ...". Final punctuation outside a quotation is left out.
    pub(super) fn content_end(&self, start: usize) -> usize {
        let mut end = self.end;
        for k in start..self.end {
            if self.in_quote(k) {
                continue;
            }
            let according = self.t.is_punct(k, ",")
                && k + 2 < self.end
                && self.low(k + 1) == "according"
                && self.low(k + 2) == "to";
            // A semicolon joins another statement: "...; 29 percent said ...".
            if according || self.t.is_punct(k, ";") {
                end = k;
                break;
            }
        }
        self.trim_end(start, end)
    }

    pub(super) fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start {
            let k = end - 1;
            let dangling = self.t.kind(k) == Kind::Punct
                && matches!(
                    self.t.text(k),
                    "." | "," | ";" | ":" | "—" | "–" | "-" | "!" | "?"
                )
                || self.t.quote(k).is_some_and(|m| m.role == Role::Open)
                    && self.q.opening_at(k).is_none_or(|q| q.last == k);
            if !dangling || self.in_quote(k) && self.t.quote(k).is_none() {
                break;
            }
            end -= 1;
        }
        end
    }

    pub(super) fn trim_start(&self, mut start: usize, end: usize) -> usize {
        while start < end
            && self.t.kind(start) == Kind::Punct
            && matches!(self.t.text(start), "," | ";" | ":" | "—" | "–" | "-" | ")")
        {
            start += 1;
        }
        start
    }

    /// Content before a source that starts at `s`: "CONTENT, Peskov said" or
    /// "\"QUOTE,\" Peskov said". `None` when the source opens the sentence.
    pub(super) fn content_before(&self, s: usize) -> Option<TokenSpan> {
        if s <= self.start {
            return None;
        }
        let k = s - 1;
        let end = if self.is_closing_quote(k) {
            s
        } else if self.t.is_punct(k, ",") || self.t.is_punct(k, "—") || self.t.is_punct(k, "–")
        {
            if k > self.start && self.is_closing_quote(k - 1) {
                k
            } else {
                self.trim_end(self.start, k)
            }
        } else {
            return None;
        };
        // Nothing left once trimmed (", she said" at the sentence's start: a fuzz find).
        if end <= self.start {
            return None;
        }
        let start = self.trim_start(self.start, end);
        // A quotation that ends here starts where its opening mark is, or earlier when the
        // words before it belong to it ("But Mr. Kim's ''execution has been challenged,'' Mr.
        // Solomon said"); not when another attribution comes first ("..., she said, but ...
        // \"I think he will,\" Smith said").
        let start = match self.q.of(end.saturating_sub(1)) {
            Some(q) if q.open >= self.start && q.open < end && q.close.is_some() => {
                let attributed_before =
                    (start..q.open).any(|k| !self.t.is_cap(k) && self.t.cue(k).is_some());
                if attributed_before {
                    q.open
                } else {
                    start.min(q.open)
                }
            }
            _ => start,
        };
        // "When she appeared before supporters, she declined ...": an introductory phrase is
        // not what was said.
        let quoted = self.is_closing_quote(end - 1);
        let w = self.low(start);
        // A quoted title does not make it speech: "In an interview on \"Face the Nation,\"".
        // "But the plan is bad, X said" keeps its conjunction; only a subordinate clause or a
        // prepositional phrase introduces.
        let intro = (lexicon::is_preposition(w) && w != "to"
            || !quoted
                && lexicon::is_clause_boundary(w)
                && !matches!(w, "that" | "and" | "but" | "or" | "however" | "yet" | "so"))
            && self.t.quote(start).is_none()
            // "In nearby Decatur, the plant is hanging on, said ..." goes on past it.
            && !(start..end).any(|k| self.t.is_punct(k, ","));
        (end > start && end - start >= 2 && !intro).then_some(TokenSpan(start, end))
    }
}
