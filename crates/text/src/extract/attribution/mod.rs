//! Finds attributions in one sentence: a cue, its source, and the content attributed.
//!
//! The rules read the sentence as a person skimming it would: a cue verb from the lexicon,
//! the noun phrase that ends right before it (back to the start of its clause), and what
//! follows it (a that-clause, a quotation, a bare clause, an infinitive), or, when nothing
//! follows, what came before the comma in front of the source ("..., Peskov said."). Nested
//! attributions fall out of the same rules applied to every cue; `structure` then decides which
//! statement contains which.

mod features;
mod open_cue;
mod sentence;
mod special;
mod subject;
mod verb;

use super::span::TokenSpan;
use super::tokens::Kind;
pub use sentence::{Raw, Sentence};

impl Sentence<'_, '_> {
    /// Every attribution in the sentence, with its place in the nesting. `judge` says which
    /// attributions at words the lexicon lacks stand (see `open_cue`).
    pub fn attributions(
        &self,
        is_outlet: &dyn Fn(&str) -> bool,
        judge: &mut dyn Judge,
    ) -> Vec<Raw> {
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
                let claim = self
                    .t
                    .is_attribution_noun(i)
                    .then(|| self.possessed_claim(i))
                    .flatten();
                claim.or_else(|| {
                    let cue = self.t.cue(i).filter(|_| cue_case)?;
                    self.verb(i, cue, &found)
                })
            };
            if let Some(r) = raw {
                found.push(r);
            }
            i += 1;
        }
        let taken: Vec<TokenSpan> = found.iter().map(|r| r.cue_span).collect();
        let open: Vec<Raw> = self
            .open_cues(&taken, &found)
            .into_iter()
            .filter(|raw| judge.stands(self, raw))
            .collect();
        for raw in open {
            // In text order among the rest.
            let at = found
                .iter()
                .position(|r| r.cue_head > raw.cue_head)
                .unwrap_or(found.len());
            found.insert(at, raw);
        }
        structure(&mut found, self, is_outlet);
        found
    }
}

/// Who decides whether an attribution at a word the lexicon lacks stands: the learned cue
/// model when extracting, a recorder of examples when training it.
pub trait Judge {
    fn stands(&mut self, s: &Sentence<'_, '_>, raw: &Raw) -> bool;
}

/// Decides nesting within a sentence and cuts contents where another clause takes over:
/// - a statement inside another's content cannot reach past that content;
/// - a coordinated clause ("..., and Trump considers ...", "... and noted that ...") ends the
///   contents around it, except an outlet's report, which goes on to the end of its sentence;
/// - the parent is the innermost statement whose content still holds the cue.
fn structure(found: &mut [Raw], s: &Sentence<'_, '_>, is_outlet: &dyn Fn(&str) -> bool) {
    let n = found.len();
    let outlet_report: Vec<bool> = found
        .iter()
        .map(|r| {
            r.mention.is_some_and(|TokenSpan(a, b)| {
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
            .max_by_key(|&p| found[p].content_range().map_or(0, TokenSpan::len));
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
            .min_by_key(|&p| found[p].content_range().map_or(usize::MAX, TokenSpan::len));
        found[c].parent = parent;
        if let Some(p) = parent
            && let Some(&TokenSpan(ps, pe)) =
                found[p].content.iter().find(|span| span.contains(head))
        {
            for span in &mut found[c].content {
                span.0 = span.0.max(ps);
                span.1 = s.trim_end(span.0, span.1.min(pe));
            }
            found[c].content.retain(|span| span.1 > span.0);
        }
    }
}

/// Ends `raw`'s content before token `k`.
fn cut_before(raw: &mut Raw, k: usize, s: &Sentence<'_, '_>) {
    for span in &mut raw.content {
        if span.0 < k && k < span.1 {
            span.1 = s.trim_end(span.0, k);
        }
    }
    raw.content.retain(|span| span.1 > span.0 && span.0 < k);
}
