//! Quotations that float: a sentence that is only a quotation, right after a quoted
//! statement, goes on with that statement ("\"We will win,\" she said. \"And soon.\"").

use super::attribution::Raw;
use super::quotes::Quotes;
use super::resolve::Found;
use super::sentences::Sentence;
use super::span::TokenSpan;
use super::tokens::Tokens;

/// Adds each floating quotation to the statement it continues.
pub(super) fn attach(t: &Tokens<'_>, q: &Quotes, sents: &[Sentence], found: &mut [Found]) {
    let mut last: Option<usize> = None;
    let mut next = 0;
    for (n, s) in sents.iter().enumerate() {
        let mut any = false;
        // The sentence's last top-level statement, or its last quoted one: "\"Q,\" she
        // said, emphasizing why ..." goes on with her quotation, not with the emphasis.
        let mut quoted = None;
        while next < found.len() && found[next].sentence == n {
            if found[next].parent.is_none() {
                last = Some(next);
                if quotes_in(q, &found[next].raw) {
                    quoted = Some(next);
                }
            }
            any = true;
            next += 1;
        }
        last = quoted.or(last);
        if any {
            continue;
        }
        let Some(quote) = q.opening_at(s.start) else {
            last = None;
            continue;
        };
        let Some(l) = last else { continue };
        let prev = &found[l].raw;
        let prev_block = t.toks[prev.cue_head].block;
        let block = t.toks[s.start].block;
        let quoted_before = quotes_in(q, prev);
        // Quotations run from its mark to the sentence end (one mark of punctuation allowed).
        let whole = quote.last + 2 >= s.end;
        let held = prev.contains_token(s.start);
        if whole && quoted_before && block <= prev_block + 1 && !held {
            found[l]
                .raw
                .content
                .push(TokenSpan(s.start, (quote.last + 1).min(s.end)));
        } else {
            last = None;
        }
    }
}

/// Whether a content span of `raw` starts with a quotation.
fn quotes_in(q: &Quotes, raw: &Raw) -> bool {
    raw.content
        .iter()
        .any(|span| q.opening_at(span.0).is_some())
}
