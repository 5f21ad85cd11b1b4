//! Attributions around a cue verb: its subject (see `subject`), the adjuncts that belong to
//! the cue phrase ("said on Wednesday", "told CNN"), and the content its frame takes.

use super::sentence::{Raw, Sentence, Subject};
use crate::extract::lexicon::{self, Cue, Frame};
use crate::extract::span::TokenSpan;
use crate::extract::tokens::Kind;

impl Sentence<'_, '_> {
    /// A cue verb at `h`.
    pub(super) fn verb(&self, h: usize, cue: &'static Cue, before: &[Raw]) -> Option<Raw> {
        // Modifiers between subject and verb belong to the cue phrase ("has also said").
        let mut first = h;
        while first > self.start
            && lexicon::is_verb_modifier(self.low(first - 1))
            && !self.in_quote(first - 1)
        {
            first -= 1;
        }
        // "reasons to release the returns": an infinitive has no source of its own.
        if self.low(first) == "to" {
            return None;
        }
        let prev = (first > self.start).then(|| first - 1);
        if let Some(raw) = self
            .raised(h, cue, first, prev)
            .or_else(|| self.asked(h, cue, first, prev))
        {
            return Some(raw);
        }
        // "Trump's temperament is worrying, Cuban said": an adjective, not a verb.
        let bare = h + 1 >= self.end
            || self.t.kind(h + 1) == Kind::Punct
                && !self.is_open_quote(h + 1)
                && self.low(h + 1) != ":";
        if cue.gerund && bare && prev.is_some_and(|p| lexicon::is_be(self.low(p))) {
            return None;
        }
        // "is saying", "has been calling for": the progressive's auxiliaries join the cue.
        let progressive = |p: usize| {
            matches!(
                self.low(p),
                "is" | "are" | "was" | "were" | "been" | "be" | "am"
            ) && !self.in_quote(p)
        };
        if cue.gerund && prev.is_some_and(progressive) {
            first -= 1;
            while first > self.start
                && (lexicon::is_verb_modifier(self.low(first - 1)) || progressive(first - 1))
                && !self.in_quote(first - 1)
            {
                first -= 1;
            }
        }
        let prev = (first > self.start).then(|| first - 1);
        if let Some(p) = prev {
            let w = self.low(p);
            // "the report", "to say", "was told": a noun, an infinitive, a passive.
            // A possessive makes a noun too ("Trump's comments"); "he's said" is a verb.
            let contraction = matches!(
                w.replace('’', "'").as_str(),
                "he's" | "she's" | "it's" | "who's" | "that's" | "there's"
            );
            let possessive = (w.ends_with("'s") || w.ends_with("’s")) && !contraction;
            if lexicon::is_article(w) && !lexicon::is_object_pronoun(w)
                || possessive
                || w == "to"
                || w == "of"
                || (cue.participle && lexicon::is_be(w))
            {
                return None;
            }
        }
        if h + 1 < self.end {
            // "news reports say": the first word is a noun.
            if self.low(h).ends_with('s') && self.t.cue(h + 1).is_some_and(|c| !c.gerund) {
                return None;
            }
        }
        if cue.noun && !self.verb_not_noun(h, prev) {
            return None;
        }
        // "pointed out", "called for": the particle is part of the cue.
        let particle = h + 1 < self.end && cue.takes_particle(self.low(h + 1));
        if cue.particle_required && !particle {
            return None;
        }
        let cue_end = h + 1 + usize::from(particle);
        let mut raw = Raw {
            cue: Some(cue),
            cue_span: TokenSpan(first, cue_end),
            cue_head: h,
            source: None,
            mention: None,
            content: Vec::new(),
            ..Raw::default()
        };
        let mut inverted = false;
        match self.left_subject(first) {
            Subject::Phrase(span, mention) => {
                raw.source = Some(span);
                raw.mention = Some(mention);
            }
            Subject::Empty(stop) => {
                let stop_word = stop.map(|s| self.low(s).to_string());
                let shares = match stop_word.as_deref() {
                    Some(w) if lexicon::is_coordinator(w) => true,
                    Some(",") => cue.gerund,
                    _ => false,
                };
                if shares {
                    let from = before.last().filter(|b| b.source.is_some());
                    let (span, mention) = match from {
                        Some(b) => (b.source?, b.mention?),
                        None => self.sentence_subject()?,
                    };
                    raw.source = Some(span);
                    raw.mention = Some(mention);
                    raw.coordinated_at = stop;
                } else if let Some((span, mention)) = stop.and_then(|s| self.appositive(s)) {
                    raw.source = Some(span);
                    raw.mention = Some(mention);
                } else if !cue.gerund
                    && matches!(cue.frame, Frame::Say | Frame::Quote | Frame::Tell)
                {
                    let after_quote = stop.is_some_and(|s| {
                        self.is_closing_quote(s)
                            || self.t.is_punct(s, ",")
                                && s > self.start
                                && self.is_closing_quote(s - 1)
                    });
                    let (span, mention) = self.right_subject(cue_end, after_quote)?;
                    raw.source = Some(span);
                    raw.mention = Some(mention);
                    raw.cue_span.1 = raw.cue_span.1.max(cue_end);
                    inverted = true;
                } else {
                    return None;
                }
            }
        }
        if let (Some(TokenSpan(s, _)), Some(stop)) = (raw.source, raw.source.map(|span| span.0)) {
            // "and Trump considers": a clause of its own, coordinated with what came before.
            if s > self.start && lexicon::is_coordinator(self.low(stop - 1)) {
                raw.coordinated_at = raw.coordinated_at.or(Some(stop - 1));
            }
        }
        let after = if inverted {
            raw.source.map_or(cue_end, |s| s.1)
        } else {
            cue_end
        };
        self.content(&mut raw, cue, after, inverted)?;
        if raw.coordinated_at.is_none() {
            raw.coordinated_at = self.clause_after_comma(&raw);
        }
        Some(raw)
    }

    /// "..., Ham also noted that ...", "..., though she noted ...": a clause of its own after a
    /// comma, with its source before the cue and its content after, ends a content that runs
    /// into it (as a coordinated one does). Returns the comma.
    fn clause_after_comma(&self, raw: &Raw) -> Option<usize> {
        let TokenSpan(s, _) = raw.source?;
        let content_after = raw.content.first().is_some_and(|c| c.0 > raw.cue_head);
        if !content_after || s >= raw.cue_head || s <= self.start + 1 {
            return None;
        }
        if lexicon::is_relative(self.low(s)) {
            return None;
        }
        let comma = if matches!(self.low(s - 1), "though" | "although" | "while" | "whereas") {
            s - 2
        } else {
            s - 1
        };
        let plain_comma = comma > self.start
            && self.t.is_punct(comma, ",")
            && !self.in_quote(comma)
            && !self.is_closing_quote(comma - 1);
        plain_comma.then_some(comma)
    }

    /// "Clinton seemed to be feeling better", "The court is expected to rule": the subject
    /// and its to-clause are what is attributed, to no named source.
    fn raised(
        &self,
        h: usize,
        cue: &'static Cue,
        first: usize,
        prev: Option<usize>,
    ) -> Option<Raw> {
        let passive = cue.passive_raising
            && cue.participle
            && prev.is_some_and(|p| lexicon::is_be(self.low(p)));
        if !(cue.raising || passive) || h + 1 >= self.end || self.low(h + 1) != "to" {
            return None;
        }
        let cue_start = if passive { prev? } else { first };
        let Subject::Phrase(subject, _) = self.left_subject(cue_start) else {
            return None;
        };
        let end = self.content_end(h + 1);
        (end > h + 2).then(|| Raw {
            cue: Some(cue),
            cue_span: TokenSpan(cue_start, h + 1),
            cue_head: h,
            source: None,
            mention: None,
            content: vec![subject, TokenSpan(h + 1, end)],
            ..Raw::default()
        })
    }

    /// "When asked whether he would quit, ...", "He was asked if the deal was dead": a question
    /// put by someone unnamed; the question is the content.
    fn asked(&self, h: usize, cue: &'static Cue, first: usize, prev: Option<usize>) -> Option<Raw> {
        let fronted = prev.is_none_or(|p| matches!(self.low(p), "when" | "after" | "if" | "once"));
        let passive = prev.is_some_and(|p| lexicon::is_be(self.low(p)));
        let question = h + 1 < self.end
            && matches!(
                self.low(h + 1),
                "if" | "whether" | "how" | "what" | "why" | "when" | "who"
            );
        if cue.frame != Frame::Tell || !cue.participle || !(fronted || passive) || !question {
            return None;
        }
        let start = h + 1;
        let end = if fronted {
            let comma = (start..self.end).find(|&k| self.t.is_punct(k, ",") && !self.in_quote(k));
            comma.unwrap_or(self.end)
        } else {
            self.end
        };
        let end = self.trim_end(start, end.min(self.content_end(start)));
        (end > start + 1).then(|| Raw {
            cue: Some(cue),
            cue_span: TokenSpan(first, h + 1),
            cue_head: h,
            source: None,
            mention: None,
            content: vec![TokenSpan(start, end)],
            ..Raw::default()
        })
    }

    /// Fills in the content of `raw`, looking after the cue phrase (which ends at `after`)
    /// and, when nothing follows, before the source.
    pub(super) fn content(
        &self,
        raw: &mut Raw,
        cue: &'static Cue,
        after: usize,
        inverted: bool,
    ) -> Option<()> {
        let mut p = self.adjuncts(after, raw);
        if cue.frame == Frame::Tell && p < self.end && !self.is_terminal(p) {
            p = self.tell_object(p, raw);
            p = self.adjuncts(p, raw);
        }
        if !inverted {
            raw.cue_span.1 = raw.cue_span.1.max(p.min(self.end));
        }
        let source_start = raw.source.map(|s| s.0).unwrap_or(raw.cue_span.0);
        let before_start = if inverted {
            raw.cue_span.0
        } else {
            source_start
        };
        // A clause that shares its subject ("..., adding that ...") says what follows it.
        let shared = raw.source.is_some_and(|TokenSpan(_, e)| {
            e < raw.cue_span.0 && raw.coordinated_at.is_some_and(|c| c > e)
        });
        let before = if shared {
            None
        } else {
            self.content_before(before_start)
        };
        let quoted_before = before.is_some_and(|TokenSpan(_, e)| self.is_closing_quote(e - 1));
        let at_end = p >= self.end || self.is_terminal(p);
        // "\"Q,\" Rubio said after a campaign stop": a quotation before the source, or any
        // content before it with only a circumstance after the cue ("..., she said over
        // breakfast"), is what was said.
        let circumstance = p < self.end
            && lexicon::is_preposition(self.low(p))
            && !matches!(self.low(p), "that" | "about" | "to");
        // "Eric Garner said before he died": a time clause is no content of its own.
        let time_clause = self.opens_time_clause(p);
        // "Said Ellis: \"...\"": an inverted source with the content after it.
        let said_x_colon = inverted && before.is_none() && self.t.is_punct(p, ":");
        if at_end
            || inverted && !said_x_colon
            || quoted_before && !self.t.is_punct(p, ":")
            || before.is_some() && (circumstance || time_clause)
        {
            let before = before?;
            raw.content.push(before);
            // "Q1," Peskov said, "Q2."
            if let Some(q) = self.quote_after_comma(p) {
                raw.content.push(q);
            }
            return Some(());
        }
        // "said after the convention he would ...": the time belongs to the cue.
        let when = p < self.end
            && matches!(
                self.low(p),
                "after" | "before" | "during" | "at" | "in" | "on" | "following"
            );
        if when {
            let clause = (p + 2..self.end.min(p + 8)).find(|&k| {
                let w = self.low(k);
                w == "that" || lexicon::is_subject_pronoun(w)
            });
            if let Some(k) = clause {
                raw.adjuncts.push(TokenSpan(p, k));
                p = k;
            }
        }
        if self.t.is_punct(p, ",") {
            // "Asked about X, he said, \"Q\"": the quotation.
            if let Some(q) = self.quote_after_comma(p) {
                raw.content.push(q);
                return Some(());
            }
            if let Some(b) = before {
                raw.content.push(b);
                // "The good news, Woolson said, is that ...": the attribution sits inside.
                let next = self.low(p + 1);
                let own_clause = self.t.cue(p + 1).is_some()
                    || next == "according"
                    || lexicon::is_coordinator(next);
                if !own_clause {
                    let end = self.content_end(p + 1);
                    if end > p + 1 {
                        raw.content.push(TokenSpan(p + 1, end));
                    }
                }
                return Some(());
            }
            p += 1;
        }
        let start = match self.low(p) {
            ":" => p + 1,
            _ => p,
        };
        // "He said:" closing its paragraph, the quotation in the next: that is what was said.
        if start == self.end && self.t.is_punct(p, ":") {
            let q = self.q.opening_at(start)?;
            q.close?;
            raw.content.push(TokenSpan(start, q.last + 1));
            return Some(());
        }
        if start >= self.end || self.opens_time_clause(start) {
            return None;
        }
        // A study or a court "found" what any clause says: "one study found Trump would ...".
        // The finder heads the source: "A 2014 study by Justin Levitt found ...".
        let by_finder = raw.source.is_some_and(|TokenSpan(a, e)| {
            (a..e)
                .take_while(|&k| k == a || !lexicon::is_preposition(self.low(k)))
                .any(|k| lexicon::is_finding_noun(self.low(k)))
        });
        let frame = match cue.frame {
            Frame::Finding if by_finder => Frame::Say,
            f => f,
        };
        // "The poll released Friday shows ...", "the footage released by his family": a
        // participle describing its noun, not a verb with a subject.
        let w = self.low(start);
        let describes = cue.participle
            && (w == "by"
                || lexicon::is_modal(w)
                || self.t.cue(start).is_some_and(|c| !c.gerund && !c.noun));
        if describes || !self.accepts(frame, start) {
            return None;
        }
        // `Putin said "hello" on Monday.`: a quotation with only a time or an occasion after
        // it is what was said; the rest belongs to the cue.
        if let Some(q) = self.q.opening_at(start)
            && q.close.is_some()
        {
            let close = (q.last + 1).min(self.end);
            let mut probe = raw.clone();
            let after = self.adjuncts(close, &mut probe);
            if after > close && (after >= self.end || self.is_terminal(after)) {
                *raw = probe;
                raw.content.push(TokenSpan(start, close));
                return Some(());
            }
        }
        let end = self.content_end(start);
        let end = if frame == Frame::Object {
            self.object_end(start, end)
        } else {
            end
        };
        if end <= start {
            return None;
        }
        raw.content.push(TokenSpan(start, end));
        Some(())
    }

    /// Where the object of a cue like "attacked" or "praised" ends: before a comma, a dash
    /// or a clause of circumstance ("attacked Machado, who ...", "the video Friday afternoon,
    /// and ...", "a veto because ..."); not inside a quotation. A which-clause still describes
    /// the object released or cited ("an outline of the terms, which Putin presented to Trump
    /// during ..."), so nothing in it ends the object.
    fn object_end(&self, start: usize, end: usize) -> usize {
        let which = (start + 1..end)
            .find(|&k| {
                !self.in_quote(k)
                    && self.t.is_punct(k, ",")
                    && k + 1 < end
                    && self.low(k + 1) == "which"
            })
            .unwrap_or(end);
        let stop = (start + 1..which).find(|&k| !self.in_quote(k) && self.ends_object(k, end));
        match stop {
            Some(k) => self.trim_end(start, k),
            None => end,
        }
    }

    /// Whether token `k` (before `end`) ends an object phrase.
    fn ends_object(&self, k: usize, end: usize) -> bool {
        let w = self.low(k);
        // "condemned the launch as Pyongyang fired ...": "as" opening a clause.
        let as_clause = w == "as"
            && k + 1 < end
            && (lexicon::is_subject_pronoun(self.low(k + 1)) || self.t.is_cap(k + 1));
        as_clause
            || matches!(w, "," | ";" | "—" | "–" | "--" | "(")
            || self.t.kind(k) == Kind::Punct && w == "-"
            || matches!(
                w,
                "because"
                    | "while"
                    | "when"
                    | "after"
                    | "before"
                    | "during"
                    | "since"
                    | "although"
                    | "though"
                    | "whereas"
                    | "until"
            )
    }

    /// The quotation after ", " at `p`: the second half of "\"Q1,\" he said, \"Q2.\"", also
    /// past a participial clause ("..., referring to the excuse, \"Q2.\"") or a coordinator
    /// ("..., but \"Q2.\"", which it keeps).
    pub(super) fn quote_after_comma(&self, p: usize) -> Option<TokenSpan> {
        if p + 1 >= self.end || !self.t.is_punct(p, ",") {
            return None;
        }
        let w = self.low(p + 1);
        let (start, open) = if matches!(w, "but" | "and") {
            (p + 1, p + 2)
        } else if w.ends_with("ing") && !self.in_quote(p + 1) && self.t.cue(p + 1).is_none() {
            let comma = (p + 2..self.end.min(p + 20))
                .take_while(|&k| !self.in_quote(k) && !self.is_terminal(k))
                .find(|&k| self.t.is_punct(k, ","))?;
            (comma + 1, comma + 1)
        } else {
            (p + 1, p + 1)
        };
        let q = self.q.opening_at(open)?;
        Some(TokenSpan(start, (q.last + 1).min(self.end)))
    }

    /// For a form that is also a noun ("reports", "attacks"): a subject pronoun before it,
    /// or something after it that can start content, makes it a verb; "terror attacks in
    /// Paris" and "swing states." stay nouns.
    pub(super) fn verb_not_noun(&self, h: usize, prev: Option<usize>) -> bool {
        if prev.is_some_and(|p| {
            let w = self.low(p);
            lexicon::is_subject_pronoun(w) || lexicon::is_relative(w)
        }) {
            return true;
        }
        let Some(next) = (h + 1 < self.end).then_some(h + 1) else {
            return false;
        };
        let w = self.low(next);
        let stops = lexicon::is_preposition(w) && w != "to"
            || lexicon::is_coordinator(w)
            || self.t.cue(next).is_some()
            || self.t.kind(next) == Kind::Punct && w != ":";
        !stops
    }

    fn opens_time_clause(&self, p: usize) -> bool {
        p < self.end
            && (matches!(
                self.low(p),
                "when" | "while" | "before" | "after" | "until" | "once"
            )
                // "said Friday as he entered the talks"; not "said as much".
                || self.low(p) == "as"
                    && p + 1 < self.end
                    && lexicon::is_subject_pronoun(self.low(p + 1)))
    }

    /// Whether the frame of the cue takes what starts at `i` as its content.
    pub(super) fn accepts(&self, frame: Frame, i: usize) -> bool {
        let w = self.low(i);
        let quote = self.is_open_quote(i);
        match frame {
            Frame::Say | Frame::Tell => !self.is_terminal(i),
            // "referred to her tape", "responded to requests": not the object said.
            Frame::Object => !self.is_terminal(i) && w != "to",
            Frame::Volition => w == "to" || w == "that" || quote,
            Frame::Quote => quote,
            Frame::Finding => {
                matches!(w, "that" | "if" | "whether" | "how" | "what" | "why")
                    || quote
                    || lexicon::is_subject_pronoun(w)
            }
            Frame::Belief => {
                matches!(w, "that" | "if" | "whether" | "how" | "what" | "why")
                    || quote
                    || lexicon::is_subject_pronoun(w)
                    || lexicon::is_determiner(w)
                    || self.t.is_cap(i)
            }
        }
    }

    /// Time words and occasions after a cue ("said on Wednesday 27 August", "said in a
    /// statement", "told CNN on Monday"): part of the cue phrase, not of the content.
    pub(super) fn adjuncts(&self, mut p: usize, raw: &mut Raw) -> usize {
        loop {
            if p >= self.end || self.in_quote(p) {
                return p;
            }
            let w = self.low(p);
            if lexicon::is_time_word(w) && !matches!(w, "this" | "may" | "march") {
                p += 1;
                continue;
            }
            if self.t.kind(p) == Kind::Number
                && (p > self.start && lexicon::is_time_word(self.low(p - 1))
                    || p + 1 < self.end && lexicon::is_time_word(self.low(p + 1)))
            {
                p += 1;
                continue;
            }
            if matches!(
                w,
                "on" | "in" | "at" | "during" | "to" | "via" | "with" | "last"
            ) && let Some(q) = self.occasion(p, raw)
            {
                p = q;
                continue;
            }
            return p;
        }
    }

    /// "on Monday", "in a statement", "in an interview with Fox News", "to reporters",
    /// "on Twitter", "at a rally in Ohio": returns the token after the phrase.
    pub(super) fn occasion(&self, p: usize, raw: &mut Raw) -> Option<usize> {
        let mut k = p + 1;
        let limit = (p + 6).min(self.end);
        let mut saw_head = false;
        let mut name_start = None;
        while k < limit && !self.in_quote(k) {
            let w = self.low(k);
            if lexicon::is_determiner(w) && !saw_head {
                k += 1;
                continue;
            }
            if lexicon::is_time_word(w)
                || lexicon::is_occasion_noun(w)
                || self.t.kind(k) == Kind::Number
            {
                saw_head = true;
                k += 1;
                continue;
            }
            if self.t.is_cap(k) && !lexicon::is_subject_pronoun(w) {
                name_start.get_or_insert(k);
                saw_head = true;
                k += 1;
                continue;
            }
            if saw_head && matches!(w, "with" | "of" | "on" | "in" | "at") && k + 1 < limit {
                // "in an interview with Fox News": an outlet as the occasion's host.
                if let Some(q) = self.occasion(k, raw) {
                    k = q;
                }
            }
            break;
        }
        if !saw_head {
            return None;
        }
        if let Some(s) = name_start {
            raw.adjuncts.push(TokenSpan(s, k));
        }
        // Only a phrase that ends the clause, or precedes its content, is an adjunct.
        Some(k)
    }

    /// Skips the person told ("told Ukraine and European leaders that ..."), keeping outlets.
    pub(super) fn tell_object(&self, p: usize, raw: &mut Raw) -> usize {
        let limit = (p + 12).min(self.end);
        for m in p..limit {
            let w = self.low(m);
            // "asked how ...", "told reporters why ..."; "told the man who ..." is an object.
            let question = matches!(w, "if" | "whether" | "how" | "why")
                || m == p && matches!(w, "what" | "when" | "where" | "who" | "which");
            let marker = matches!(w, "that" | ":" | "to" | "about")
                || question
                || self.is_open_quote(m)
                || m > p && lexicon::is_subject_pronoun(w) && w != "you"
                // "told Labour members the Tories offered ...": a new noun phrase.
                || m > p
                    && lexicon::is_determiner(w)
                    && !lexicon::is_preposition(self.low(m - 1))
                    && !lexicon::is_coordinator(self.low(m - 1))
                || self.is_terminal(m)
                || (w == "," && m > p);
            if marker {
                if m > p {
                    raw.adjuncts.push(TokenSpan(p, m));
                }
                return m;
            }
        }
        p
    }
}
