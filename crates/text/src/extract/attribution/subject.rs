//! The source of an attribution: the noun phrase before the cue back to its clause start,
//! an appositive ("Flynn, a top Trump surrogate,"), an inverted subject ("said Peskov"), or the
//! subject a clause shares with the one before it.

use super::sentence::{Sentence, Subject};
use crate::extract::lexicon;
use crate::extract::span::TokenSpan;
use crate::extract::tokens::Kind;

impl Sentence<'_, '_> {
    /// The noun phrase that ends right before `first` and starts at its clause's start.
    pub(super) fn left_subject(&self, first: usize) -> Subject {
        let mut k = first;
        while k > self.start && !self.stops_subject(k - 1) {
            k -= 1;
        }
        // "Rep. Hank Johnson (D-Ga.) said": a parenthesis inside the subject.
        while k > self.start && self.t.is_punct(k - 1, ")") {
            let Some(open) = (self.start..k - 1)
                .rev()
                .take(12)
                .find(|&j| self.t.is_punct(j, "("))
            else {
                break;
            };
            k = open;
            while k > self.start && !self.stops_subject(k - 1) {
                k -= 1;
            }
        }
        // "Trump and Clinton said", "Experts on Korea and nonproliferation said": a coordinated
        // subject, when the first conjunct reads as a noun phrase.
        if k > self.start + 1 && k < first && matches!(self.low(k - 1), "and" | "or") {
            let mut j = k - 1;
            while j > self.start && !self.stops_subject(j - 1) {
                j -= 1;
            }
            let nominal = |x: usize| {
                let w = self.low(x);
                self.t.is_cap(x)
                    || lexicon::is_determiner(w)
                    || lexicon::is_preposition(w) && w != "to"
                    || lexicon::is_role_word(w)
                    || lexicon::is_group_noun(w)
            };
            if j < k - 1 && (j..k - 1).all(nominal) && self.names_someone(j, k - 1) {
                k = j;
            }
        }
        // "Trump, who has said ...": the relative pronoun is the source.
        if k == first && k > self.start && lexicon::is_relative(self.low(k - 1)) {
            return Subject::Phrase(TokenSpan(k - 1, k), TokenSpan(k - 1, k));
        }
        // A clause cannot hide inside a subject: keep what follows its last verb-like word
        // (a capitalised one that opens the subject, as in "Will Hurd", stays).
        let in_parens = |j: usize| {
            let open = (k..j)
                .rev()
                .find(|&x| self.t.is_punct(x, "(") || self.t.is_punct(x, ")"));
            open.is_some_and(|x| self.t.is_punct(x, "("))
        };
        let mut s = (k..first)
            .rev()
            .find(|&j| {
                lexicon::is_verbish(self.low(j)) && !(j == k && self.t.is_cap(j)) && !in_parens(j)
            })
            .map_or(k, |j| j + 1);
        // A fronted phrase without a comma: "On Monday Trump said", "In Alaska Trump said";
        // not a quantity ("About four in 10 said", "Over half said").
        let quantity = s + 1 < first
            && (self.t.kind(s + 1) == Kind::Number
                || lexicon::is_determiner(self.low(s + 1))
                || matches!(
                    self.low(s + 1),
                    "least" | "most" | "half" | "two-thirds" | "one-third" | "a"
                ));
        if s < first && lexicon::is_preposition(self.low(s)) && !quantity {
            match (s + 1..first).find(|&j| {
                self.t.is_cap(j) && !lexicon::is_time_word(self.low(j))
                    || lexicon::is_subject_pronoun(self.low(j))
            }) {
                Some(j) if j > s + 1 => s = j,
                _ => return Subject::Empty(Some(s)),
            }
        }
        if first - s > 12 {
            s = first - 6;
        }
        if s >= first {
            return Subject::Empty(k.checked_sub(1).filter(|&j| j >= self.start));
        }
        if !self.names_someone(s, first) {
            return Subject::Empty(None);
        }
        Subject::Phrase(TokenSpan(s, first), TokenSpan(s, first))
    }

    /// Whether token `j` cannot be part of a subject that ends after it.
    pub(super) fn stops_subject(&self, j: usize) -> bool {
        if self.in_quote(j) || self.t.quote(j).is_some() {
            return true;
        }
        match self.t.kind(j) {
            Kind::Punct => !matches!(self.t.text(j), "-" | "&" | "'" | "’" | "/" | "." | "%"),
            Kind::Word => {
                let w = self.low(j);
                lexicon::is_clause_boundary(w) && !(w == "that" && self.t.is_cap(j))
                    || self.t.cue(j).is_some() && !self.t.is_cap(j)
            }
            Kind::Number => false,
            Kind::Quote(_) => true,
        }
    }

    /// Whether tokens `s..e` can name a speaker: a name, a pronoun, a determiner phrase, or a
    /// noun for people or groups ("officials", "the campaign"); not a stray verb ("would not
    /// discuss reports ...").
    pub(super) fn names_someone(&self, s: usize, e: usize) -> bool {
        let last = self.low(e - 1);
        (s..e).any(|k| {
            let w = self.low(k);
            self.t.is_cap(k)
                || lexicon::is_subject_pronoun(w)
                || lexicon::is_determiner(w)
                || self.t.kind(k) == Kind::Number
        }) || lexicon::is_group_noun(last)
            || lexicon::is_role_word(last)
            || lexicon::is_relative(last)
            || last.ends_with('s') && !last.ends_with("ss") && e - s <= 3
    }

    /// "Flynn, a top Trump surrogate, said": the appositive closes with the comma at `comma`.
    pub(super) fn appositive(&self, comma: usize) -> Option<(TokenSpan, TokenSpan)> {
        if !self.t.is_punct(comma, ",") {
            return None;
        }
        let open = (self.start..comma)
            .rev()
            .take(30)
            .find(|&j| self.t.is_punct(j, ","))?;
        let first = open + 1;
        let w = self.low(first);
        // ", a top Trump surrogate,", ", who ...,", ", 69,", ", at the Royal United Services
        // Institute,", ", chief of staff,".
        // "Vikram Amar, dean of the law school,": a name, then a description without a verb.
        let name_then_description = self.t.is_cap(open.saturating_sub(1))
            && (first..comma).all(|x| {
                let v = self.low(x);
                !lexicon::is_verbish(v)
                    && !lexicon::is_clause_boundary(v)
                    && self.t.cue(x).is_none()
                    && self.t.kind(x) == Kind::Word
            });
        let looks_appositive = name_then_description
            || lexicon::is_determiner(w)
            || lexicon::is_relative(w)
            || lexicon::is_role_word(w)
            || self.t.is_cap(first)
            || self.t.kind(first) == Kind::Number
            || matches!(w, "at" | "of" | "from" | "with" | "in" | "including")
            // ", noting the size of his following,", ", however,"
            || w.ends_with("ing")
            || matches!(w, "however" | "meanwhile" | "though" | "too" | "instead" | "therefore" | "also");
        // ", the losses would outstrip the gains," is a clause, not a description.
        let finite = (first..comma)
            .take_while(|&k| !lexicon::is_relative(self.low(k)))
            .any(|k| lexicon::is_modal(self.low(k)));
        if !looks_appositive || first >= comma || finite {
            return None;
        }
        match self.left_subject(open) {
            Subject::Phrase(TokenSpan(s, _), mention) => Some((TokenSpan(s, comma + 1), mention)),
            Subject::Empty(_) => None,
        }
    }

    /// `"...," said Peskov` / `said Jane Doe, a spokeswoman for X`: the subject after the cue.
    pub(super) fn right_subject(
        &self,
        p: usize,
        after_quote: bool,
    ) -> Option<(TokenSpan, TokenSpan)> {
        let mut k = p;
        while k < self.end && !self.in_quote(k) && self.t.kind(k) != Kind::Punct {
            let w = self.low(k);
            if k > p
                && (lexicon::is_clause_boundary(w)
                    || lexicon::is_preposition(w) && !matches!(w, "of" | "for"))
            {
                break;
            }
            // "said Peskov", "said the spokesman", "said pollster Frank Luntz", "said he".
            let opens_subject = self.t.is_cap(k)
                || lexicon::is_determiner(w)
                || lexicon::is_role_word(w)
                || matches!(w, "he" | "she" | "they");
            if k == p && !opens_subject {
                return None;
            }
            k += 1;
        }
        if k == p {
            return None;
        }
        let mention = TokenSpan(p, k);
        // The name must end the clause: "said Peskov." or "said Jane Doe, a ...", not "said
        // China and Russia have ...". After a quotation the subject may run on: "said a
        // Mexican official who was not authorized to speak publicly."
        let ends_clause = k >= self.end || self.t.kind(k) == Kind::Punct || self.in_quote(k);
        if !ends_clause {
            if !after_quote {
                return self.subject_with_phrase(p, k);
            }
            let mut j = k;
            while j < self.end && j < k + 20 && self.t.kind(j) != Kind::Punct && !self.in_quote(j) {
                j += 1;
            }
            return Some((TokenSpan(p, j), mention));
        }
        // An appositive after the name: ", a spokeswoman for the campaign,"; or the name
        // after a role: "said the company's chief executive, John J. Ferriola."
        let mut end = k;
        let mut mention = mention;
        if k + 1 < self.end && self.t.is_punct(k, ",") {
            let mut j = k + 1;
            while j < self.end && self.t.kind(j) != Kind::Punct && !self.in_quote(j) {
                j += 1;
            }
            let closes = j >= self.end || self.is_terminal(j);
            if lexicon::is_determiner(self.low(k + 1)) {
                end = j;
            } else if closes && j - k <= 6 && (k + 1..j).all(|x| self.t.is_cap(x)) {
                end = j;
                mention = TokenSpan(k + 1, j);
            }
        }
        Some((TokenSpan(p, end), mention))
    }

    /// "..., said one GOP source in the room.": a prepositional phrase that ends the clause
    /// closes the inverted subject `[p, k)`; "said Peskov on Monday." keeps it out.
    fn subject_with_phrase(&self, p: usize, k: usize) -> Option<(TokenSpan, TokenSpan)> {
        if !lexicon::is_preposition(self.low(k)) {
            return None;
        }
        let mut j = k + 1;
        let mut timed = false;
        while j < self.end && j < k + 8 && self.t.kind(j) != Kind::Punct && !self.in_quote(j) {
            let w = self.low(j);
            if lexicon::is_verbish(w) || lexicon::is_clause_boundary(w) {
                return None;
            }
            timed |= lexicon::is_time_word(w) || lexicon::is_occasion_noun(w);
            j += 1;
        }
        if j < self.end && self.t.kind(j) != Kind::Punct {
            return None;
        }
        Some((TokenSpan(p, if timed { k } else { j }), TokenSpan(p, k)))
    }

    /// The subject at the start of the sentence, for a clause that shares it.
    pub(super) fn sentence_subject(&self) -> Option<(TokenSpan, TokenSpan)> {
        let mut s = self.start;
        if lexicon::is_preposition(self.low(s)) || lexicon::is_clause_boundary(self.low(s)) {
            s = (s..self.end).find(|&j| self.t.is_punct(j, ","))? + 1;
        }
        let w = self.low(s);
        if lexicon::is_subject_pronoun(w) {
            return Some((TokenSpan(s, s + 1), TokenSpan(s, s + 1)));
        }
        let mut e = s;
        while e < self.end
            && (self.t.is_cap(e) || e == s && lexicon::is_determiner(self.low(e)))
            && !self.in_quote(e)
        {
            e += 1;
        }
        (e > s).then_some((TokenSpan(s, e), TokenSpan(s, e)))
    }
}
