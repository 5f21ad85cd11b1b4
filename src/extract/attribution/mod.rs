//! Finds attributions in one sentence: a cue, its source, and the content attributed.
//!
//! The rules read the sentence as a person skimming it would: a cue verb from the lexicon,
//! the noun phrase that ends right before it (back to the start of its clause), and what
//! follows it (a that-clause, a quotation, a bare clause, an infinitive), or, when nothing
//! follows, what came before the comma in front of the source ("..., Peskov said."). Nested
//! attributions fall out of the same rules applied to every cue; `structure` then decides which
//! statement contains which.

mod special;
mod subject;
mod verb;

use super::lexicon::{self, Cue};
use super::quotes::Quotes;
use super::tokens::{Kind, Role, Tokens};

/// Token range `[start, end)`.
pub type Span = (usize, usize);

/// An attribution as found in the text, before speakers are resolved. Every rule sets the
/// cue; the default leaves the rest empty.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    /// `None` for "according to".
    pub cue: Option<Cue>,
    pub cue_span: Span,
    /// The verb itself (the token the cue was found at).
    pub cue_head: usize,
    /// The source as written, appositive included ("Flynn, a top Trump surrogate,").
    pub source: Option<Span>,
    /// The part of the source that names the speaker ("Flynn").
    pub mention: Option<Span>,
    pub content: Vec<Span>,
    /// The token ("and", ",") before a clause that shares or coordinates with an earlier one.
    pub coordinated_at: Option<usize>,
    /// Outlets named around the cue: "told CNN", "in an interview with Fox News".
    pub adjuncts: Vec<Span>,
    pub parent: Option<usize>,
    /// The cue is a mark: the colon of "Name: what they said", the dash of a signed quote.
    pub mark_cue: bool,
}

impl Raw {
    fn content_range(&self) -> Option<Span> {
        Some((self.content.first()?.0, self.content.last()?.1))
    }

    fn contains_token(&self, i: usize) -> bool {
        self.content.iter().any(|&(s, e)| s <= i && i < e)
    }
}

/// One sentence, with the document's tokens and quotations.
pub struct Sentence<'a, 't> {
    pub t: &'a Tokens<'t>,
    pub q: &'a Quotes,
    pub start: usize,
    pub end: usize,
}

enum Subject {
    /// A noun phrase: its whole span and the part that names the speaker.
    Phrase(Span, Span),
    /// Nothing before the cue; the token that stopped the search.
    Empty(Option<usize>),
}

impl<'a, 't> Sentence<'a, 't> {
    fn low(&self, i: usize) -> &str {
        self.t.lower(i)
    }

    fn in_quote(&self, i: usize) -> bool {
        self.q.of(i).is_some()
    }

    fn is_open_quote(&self, i: usize) -> bool {
        i < self.end && self.q.opening_at(i).is_some()
    }

    fn is_closing_quote(&self, i: usize) -> bool {
        self.t
            .quote(i)
            .is_some_and(|_| self.q.of(i).is_some_and(|q| q.close == Some(i)))
    }

    fn is_terminal(&self, i: usize) -> bool {
        self.t.kind(i) == Kind::Punct && matches!(self.t.text(i), "." | "!" | "?" | "..." | "…")
    }

    /// Every attribution in the sentence, with its place in the nesting.
    pub fn attributions(&self, is_outlet: &dyn Fn(&str) -> bool) -> Vec<Raw> {
        let mut found: Vec<Raw> = self
            .colon_speaker()
            .into_iter()
            .chain(self.signed_quotes())
            .collect();
        let title_case = self.is_title_case();
        let mut i = self.start;
        while i < self.end {
            if self.in_quote(i) || self.t.kind(i) != Kind::Word {
                i += 1;
                continue;
            }
            // A capitalised cue is a name ("the United States") unless it opens the sentence
            // or the sentence is a headline in title case ("Hollande Says Trump ...").
            let cue_case = !self.t.is_cap(i) || i == self.start || title_case;
            let w = self.low(i);
            let raw = if w == "according" && i + 1 < self.end && self.low(i + 1) == "to" {
                self.according_to(i)
            } else if w == "in" {
                self.in_poll(i)
            } else {
                let claim = lexicon::is_attribution_noun(w)
                    .then(|| self.possessed_claim(i))
                    .flatten();
                claim.or_else(|| {
                    let cue = lexicon::cue(w).filter(|_| cue_case)?;
                    self.verb(i, cue, &found)
                })
            };
            if let Some(r) = raw {
                found.push(r);
            }
            i += 1;
        }
        structure(&mut found, self, is_outlet);
        found
    }

    /// Where content that starts at `start` ends: the sentence end, or before
    /// ", according to ...". Final punctuation outside a quotation is left out.
    fn content_end(&self, start: usize) -> usize {
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

    fn trim_end(&self, start: usize, mut end: usize) -> usize {
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

    fn trim_start(&self, mut start: usize, end: usize) -> usize {
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
    fn content_before(&self, s: usize) -> Option<Span> {
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
        let start = self.trim_start(self.start, end);
        // A quotation that ends here starts where its opening mark is, or earlier when the
        // words before it belong to it ("But Mr. Kim's ''execution has been challenged,'' Mr.
        // Solomon said"); not when another attribution comes first ("..., she said, but ...
        // \"I think he will,\" Smith said").
        let start = match self.q.of(end.saturating_sub(1)) {
            Some(q) if q.open >= self.start && q.open < end && q.close.is_some() => {
                let attributed_before = (start..q.open)
                    .any(|k| !self.t.is_cap(k) && lexicon::cue(self.low(k)).is_some());
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
        (end > start && end - start >= 2 && !intro).then_some((start, end))
    }
}

/// Decides nesting within a sentence and cuts contents where another clause takes over:
/// - a statement inside another's content cannot reach past that content;
/// - a coordinated clause ("..., and Trump considers ...", "... and noted that ...") ends the
///   contents around it, except an outlet's report, which goes on to the end of its sentence;
/// - the parent is the innermost statement whose content still holds the cue.
fn structure(found: &mut [Raw], s: &Sentence, is_outlet: &dyn Fn(&str) -> bool) {
    let n = found.len();
    let outlet_report: Vec<bool> = found
        .iter()
        .map(|r| {
            r.mention.is_some_and(|(a, b)| {
                let text = &s.t.text[s.t.toks[a].start..s.t.toks[b - 1].end];
                is_outlet(text)
            })
        })
        .collect();
    for c in 0..n {
        let Some(k) = found[c].coordinated_at else {
            continue;
        };
        let head = found[c].cue_head;
        let containers: Vec<usize> = (0..n)
            .filter(|&p| p != c && found[p].contains_token(head))
            .collect();
        let outermost = containers
            .iter()
            .copied()
            .max_by_key(|&p| found[p].content_range().map_or(0, |r| r.1 - r.0));
        for p in containers {
            if Some(p) == outermost && outlet_report[p] {
                continue;
            }
            cut_before(&mut found[p], k, s);
        }
    }
    for c in 0..n {
        let head = found[c].cue_head;
        let parent = (0..n)
            .filter(|&p| p != c && found[p].contains_token(head))
            .min_by_key(|&p| found[p].content_range().map_or(usize::MAX, |r| r.1 - r.0));
        found[c].parent = parent;
        if let Some(p) = parent
            && let Some(&(ps, pe)) = found[p]
                .content
                .iter()
                .find(|&&(a, b)| a <= head && head < b)
        {
            for span in &mut found[c].content {
                span.0 = span.0.max(ps);
                span.1 = s.trim_end(span.0, span.1.min(pe));
            }
            found[c].content.retain(|&(a, b)| b > a);
        }
    }
}

/// Ends `raw`'s content before token `k`.
fn cut_before(raw: &mut Raw, k: usize, s: &Sentence) {
    for span in &mut raw.content {
        if span.0 < k && k < span.1 {
            span.1 = s.trim_end(span.0, k);
        }
    }
    raw.content.retain(|&(a, b)| b > a && a < k);
}
