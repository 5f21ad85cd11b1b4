//! What the cue model (`extract::cue_model`) weighs about an attribution the rules built at a
//! word the lexicon lacks: the word and its neighbours, the frame, what the source and the
//! content look like.

use super::sentence::{Raw, Sentence};
use crate::extract::lexicon::{self, Frame};
use crate::extract::span::TokenSpan;
use crate::extract::tokens::Kind;

impl Sentence<'_, '_> {
    /// What the cue model weighs, each feature a string "name=value" passed to `feature` in
    /// pieces (so scoring builds no string).
    pub fn features(&self, raw: &Raw, feature: &mut dyn FnMut(&[&str])) {
        let h = raw.cue_head;
        // The value in one piece, or two for a pair ("w+next=said that").
        let mut emit = |name: &str, value: &[&str]| {
            let mut pieces = [name, "=", "", "", ""];
            for (slot, v) in pieces[2..].iter_mut().zip(value) {
                *slot = v;
            }
            feature(&pieces[..2 + value.len().min(3)]);
        };
        let word = |i: Option<usize>| i.map_or("<none>", |i| self.low(i));
        // Beyond the cue and its neighbours, open-class words only memorise the training
        // articles ("asylum", "unions"): there a word counts by its class.
        let class = |i: Option<usize>| i.map_or("<none>", |i| self.word_class(i));
        let w = self.low(h);
        let prev = (raw.cue_span.0 > self.start).then(|| raw.cue_span.0 - 1);
        let next = (raw.cue_span.1 < self.end).then_some(raw.cue_span.1);
        emit("bias", &[""]);
        emit("w", &[w]);
        emit("suffix3", &[suffix(w, 3)]);
        emit("suffix2", &[suffix(w, 2)]);
        emit("prev", &[word(prev)]);
        let prev2 = prev
            .and_then(|p| p.checked_sub(1))
            .filter(|&p| p >= self.start);
        emit("prev2", &[class(prev2)]);
        emit("next", &[word(next)]);
        emit(
            "next2",
            &[class(next.map(|n| n + 1).filter(|&n| n < self.end))],
        );
        emit("w+next", &[w, " ", word(next)]);
        emit("prev+w", &[word(prev), " ", w]);
        let frame = frame_name(raw.cue.map(|c| c.frame));
        emit("frame", &[frame]);
        emit("suffix3+frame", &[suffix(w, 3), " ", frame]);
        let after_be = prev.is_some_and(|p| lexicon::is_be(self.low(p)));
        emit("after_be", &[yes_no(after_be)]);
        // The lexicon's lemma when the lexicon has the word but its rules found nothing there.
        let lemma = self.t.cue(h).map_or("<none>", |c| c.lemma.as_str());
        emit("lemma", &[lemma]);
        emit("cue_words", &[bucket(raw.cue_span.len())]);
        match raw.mention {
            Some(TokenSpan(a, b)) => {
                let head = self.low(b - 1);
                let kind = if lexicon::is_subject_pronoun(head) {
                    "pronoun"
                } else if self.t.is_cap(b - 1) {
                    "name"
                } else {
                    "noun"
                };
                emit("source", &[kind]);
                emit("source_head", &[class(Some(b - 1))]);
                let person_like = lexicon::is_role_word(head)
                    || lexicon::is_group_noun(head)
                    || lexicon::is_honorific(self.low(a));
                emit("source_person_word", &[yes_no(person_like)]);
                emit("source+w", &[kind, " ", w]);
                emit("source_words", &[bucket(b - a)]);
                emit("source_before", &[yes_no(a < h)]);
            }
            None => emit("source", &["none"]),
        }
        if let Some(&TokenSpan(a, b)) = raw.content.first() {
            emit("content_first", &[class(Some(a))]);
            emit("content_quoted", &[yes_no(self.t.quote(a).is_some())]);
            let words: usize = raw.content.iter().map(|s| s.len()).sum();
            emit("content_words", &[bucket(words)]);
            emit("content_after", &[yes_no(a > h)]);
            emit("content_ends_sentence", &[yes_no(b >= self.end)]);
        }
        emit("sentence_start", &[yes_no(h == self.start)]);
    }
}

/// The last `n` characters of `w`.
fn suffix(w: &str, n: usize) -> &str {
    w.char_indices()
        .rev()
        .nth(n - 1)
        .map_or(w, |(i, _)| &w[i..])
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn frame_name(frame: Option<Frame>) -> &'static str {
    match frame {
        Some(Frame::Say) => "say",
        Some(Frame::Volition) => "volition",
        Some(Frame::Object) => "object",
        _ => "other",
    }
}

impl Sentence<'_, '_> {
    /// A closed-class word as itself, any other token as its kind: "<name>", "<word>",
    /// "<number>", "<punct>", "<quote>".
    fn word_class(&self, i: usize) -> &str {
        let w = self.low(i);
        let closed = lexicon::is_determiner(w)
            || lexicon::is_preposition(w)
            || lexicon::is_subject_pronoun(w)
            || lexicon::is_object_pronoun(w)
            || lexicon::is_possessive_pronoun(w)
            || lexicon::is_coordinator(w)
            || lexicon::is_clause_boundary(w)
            || lexicon::is_relative(w)
            || lexicon::is_verbish(w);
        if closed {
            return w;
        }
        match self.t.kind(i) {
            _ if self.t.quote(i).is_some() => "<quote>",
            Kind::Word if self.t.is_cap(i) => "<name>",
            Kind::Word if lexicon::is_role_word(w) => "<role>",
            Kind::Word => "<word>",
            Kind::Number => "<number>",
            _ => "<punct>",
        }
    }
}

/// A length as one of a few ranges, so the model sees "short" rather than every count.
fn bucket(n: usize) -> &'static str {
    match n {
        0..=1 => "1",
        2..=3 => "2-3",
        4..=7 => "4-7",
        8..=15 => "8-15",
        _ => "16+",
    }
}
