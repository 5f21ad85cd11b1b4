//! Finds attributions in one sentence: a cue, its source, and the content attributed.
//!
//! The rules read the sentence as a person skimming it would: a cue verb from the lexicon,
//! the noun phrase that ends right before it (back to the start of its clause), and what
//! follows it (a that-clause, a quotation, a bare clause, an infinitive), or, when nothing
//! follows, what came before the comma in front of the source ("..., Peskov said."). Nested
//! attributions fall out of the same rules applied to every cue; `structure` then decides which
//! statement contains which.

use super::lexicon::{self, Cue, Frame};
use super::quotes::Quotes;
use super::tokens::{Kind, Role, Tokens};

/// Token range `[start, end)`.
pub type Span = (usize, usize);

/// An attribution as found in the text, before speakers are resolved.
#[derive(Debug, Clone)]
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
    /// "Name: what they said", with the colon as cue.
    pub colon: bool,
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
        let mut found: Vec<Raw> = self.colon_speaker().into_iter().collect();
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

    /// A headline in title case: most words capitalised.
    fn is_title_case(&self) -> bool {
        let words: Vec<usize> = (self.start..self.end)
            .filter(|&k| self.t.kind(k) == Kind::Word && !self.in_quote(k))
            .collect();
        let caps = words.iter().filter(|&&k| self.t.is_cap(k)).count();
        words.len() >= 4 && caps * 10 >= words.len() * 7
    }

    /// "Trump: 'I'm the worst thing that ever happened to the establishment'", "Clinton camp:
    /// Trump's Islamophobia threatens national security": a name, a colon, what they said.
    /// The headline and transcript style.
    fn colon_speaker(&self) -> Option<Raw> {
        const LABELS: &[&str] = &[
            "note",
            "update",
            "updated",
            "watch",
            "read",
            "related",
            "video",
            "photo",
            "photos",
            "breaking",
            "exclusive",
            "live",
            "opinion",
            "analysis",
            "editorial",
            "correction",
            "source",
            "sources",
            "q",
            "a",
            "warning",
            "caption",
            "listen",
            "see",
            "also",
            "more",
        ];
        let colon =
            (self.start..self.end.min(self.start + 6)).find(|&k| self.t.is_punct(k, ":"))?;
        let name = (self.start, colon);
        let words_ok = (name.0..name.1).all(|k| {
            self.t.is_cap(k) || matches!(self.low(k), "camp" | "campaign" | "spokesman" | "aide")
        });
        if colon == self.start
            || !words_ok
            || (name.0..name.1).any(|k| LABELS.contains(&self.low(k)))
        {
            return None;
        }
        let start = colon + 1;
        let end = self.content_end(start);
        if end < start + 3 {
            return None;
        }
        Some(Raw {
            cue: None,
            cue_span: (colon, colon + 1),
            cue_head: colon,
            source: Some(name),
            mention: Some(name),
            content: vec![(start, end)],
            coordinated_at: None,
            adjuncts: Vec::new(),
            parent: None,
            colon: true,
        })
    }

    /// A cue verb at `h`.
    fn verb(&self, h: usize, cue: Cue, before: &[Raw]) -> Option<Raw> {
        // Modifiers between subject and verb belong to the cue phrase ("has also said").
        let mut first = h;
        while first > self.start
            && lexicon::is_verb_modifier(self.low(first - 1))
            && !self.in_quote(first - 1)
        {
            first -= 1;
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
            let next = self.low(h + 1);
            if self.low(h).ends_with('s') && lexicon::cue(next).is_some_and(|c| !c.gerund) {
                return None;
            }
        }
        if cue.noun && !self.verb_not_noun(h, prev) {
            return None;
        }
        if !cue.particles.is_empty()
            && !(h + 1 < self.end && cue.particles.contains(&self.low(h + 1)))
        {
            return None;
        }
        let mut raw = Raw {
            cue: Some(cue),
            cue_span: (first, h + 1),
            cue_head: h,
            source: None,
            mention: None,
            content: Vec::new(),
            coordinated_at: None,
            adjuncts: Vec::new(),
            parent: None,
            colon: false,
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
                } else if !cue.gerund {
                    let after_quote = stop.is_some_and(|s| {
                        self.is_closing_quote(s)
                            || self.t.is_punct(s, ",")
                                && s > self.start
                                && self.is_closing_quote(s - 1)
                    });
                    let (span, mention) = self.right_subject(h + 1, after_quote)?;
                    raw.source = Some(span);
                    raw.mention = Some(mention);
                    raw.cue_span.1 = raw.cue_span.1.max(h + 1);
                    inverted = true;
                } else {
                    return None;
                }
            }
        }
        if let (Some((s, _)), Some(stop)) = (raw.source, raw.source.map(|(s, _)| s)) {
            // "and Trump considers": a clause of its own, coordinated with what came before.
            if s > self.start && lexicon::is_coordinator(self.low(stop - 1)) {
                raw.coordinated_at = raw.coordinated_at.or(Some(stop - 1));
            }
        }
        let after = if inverted {
            raw.source.map_or(h + 1, |s| s.1)
        } else {
            h + 1
        };
        self.content(&mut raw, cue, after, inverted)?;
        Some(raw)
    }

    /// Fills in the content of `raw`, looking after the cue phrase (which ends at `after`)
    /// and, when nothing follows, before the source.
    fn content(&self, raw: &mut Raw, cue: Cue, after: usize, inverted: bool) -> Option<()> {
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
        let shared = raw
            .source
            .is_some_and(|(_, e)| e < raw.cue_span.0 && raw.coordinated_at.is_some_and(|c| c > e));
        let before = if shared {
            None
        } else {
            self.content_before(before_start)
        };
        let quoted_before = before.is_some_and(|(_, e)| self.is_closing_quote(e - 1));
        let at_end = p >= self.end || self.is_terminal(p);
        // "\"Q,\" Rubio said after a campaign stop": a quotation before the source, or any
        // content before it with only a circumstance after the cue ("..., she said over
        // breakfast"), is what was said.
        let circumstance = p < self.end
            && lexicon::is_preposition(self.low(p))
            && !matches!(self.low(p), "that" | "about" | "to");
        if at_end
            || inverted
            || quoted_before && !self.t.is_punct(p, ":")
            || before.is_some() && circumstance
        {
            let before = before?;
            raw.content.push(before);
            // "Q1," Peskov said, "Q2."
            if let Some(q) = self.quote_after_comma(p) {
                raw.content.push(q);
            }
            return Some(());
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
                let own_clause = lexicon::cue(next).is_some()
                    || next == "according"
                    || lexicon::is_coordinator(next);
                if !own_clause {
                    let end = self.content_end(p + 1);
                    if end > p + 1 {
                        raw.content.push((p + 1, end));
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
        if start >= self.end {
            return None;
        }
        if !self.accepts(cue.frame, start) {
            return None;
        }
        let end = self.content_end(start);
        if end <= start {
            return None;
        }
        raw.content.push((start, end));
        Some(())
    }

    /// The quotation after ", " at `p`: the second half of "\"Q1,\" he said, \"Q2.\"".
    fn quote_after_comma(&self, p: usize) -> Option<Span> {
        if p + 1 >= self.end || !self.t.is_punct(p, ",") {
            return None;
        }
        let q = self.q.opening_at(p + 1)?;
        Some((p + 1, (q.last + 1).min(self.end)))
    }

    /// For a form that is also a noun ("reports", "attacks"): a subject pronoun before it,
    /// or something after it that can start content, makes it a verb; "terror attacks in
    /// Paris" and "swing states." stay nouns.
    fn verb_not_noun(&self, h: usize, prev: Option<usize>) -> bool {
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
            || lexicon::cue(w).is_some()
            || self.t.kind(next) == Kind::Punct && w != ":";
        !stops
    }

    /// Whether the frame of the cue takes what starts at `i` as its content.
    fn accepts(&self, frame: Frame, i: usize) -> bool {
        let w = self.low(i);
        let quote = self.is_open_quote(i);
        match frame {
            Frame::Say | Frame::Object | Frame::Tell => !self.is_terminal(i),
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
    fn adjuncts(&self, mut p: usize, raw: &mut Raw) -> usize {
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
    fn occasion(&self, p: usize, raw: &mut Raw) -> Option<usize> {
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
            raw.adjuncts.push((s, k));
        }
        // Only a phrase that ends the clause, or precedes its content, is an adjunct.
        Some(k)
    }

    /// Skips the person told ("told Ukraine and European leaders that ..."), keeping outlets.
    fn tell_object(&self, p: usize, raw: &mut Raw) -> usize {
        let limit = (p + 12).min(self.end);
        for m in p..limit {
            let w = self.low(m);
            let marker = matches!(w, "that" | ":" | "to" | "if" | "whether" | "about")
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
                    raw.adjuncts.push((p, m));
                }
                return m;
            }
        }
        p
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
        // A quotation that ends here starts where its opening mark is.
        let start = match self.q.of(end.saturating_sub(1)) {
            Some(q) if q.open >= self.start && q.open < end && q.close.is_some() => {
                start.min(q.open).max(self.start)
            }
            _ => start,
        };
        // "When she appeared before supporters, she declined ...": an introductory phrase is
        // not what was said.
        let quoted = self.is_closing_quote(end - 1);
        let w = self.low(start);
        let intro = !quoted
            && (lexicon::is_preposition(w) && w != "to"
                || lexicon::is_clause_boundary(w) && w != "that")
            && self.t.quote(start).is_none();
        (end > start && end - start >= 2 && !intro).then_some((start, end))
    }

    /// The noun phrase that ends right before `first` and starts at its clause's start.
    fn left_subject(&self, first: usize) -> Subject {
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
        // "Trump, who has said ...": the relative pronoun is the source.
        if k == first && k > self.start && lexicon::is_relative(self.low(k - 1)) {
            return Subject::Phrase((k - 1, k), (k - 1, k));
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
        Subject::Phrase((s, first), (s, first))
    }

    /// Whether token `j` cannot be part of a subject that ends after it.
    fn stops_subject(&self, j: usize) -> bool {
        if self.in_quote(j) || self.t.quote(j).is_some() {
            return true;
        }
        match self.t.kind(j) {
            Kind::Punct => !matches!(self.t.text(j), "-" | "&" | "'" | "’" | "/" | "." | "%"),
            Kind::Word => {
                let w = self.low(j);
                lexicon::is_clause_boundary(w) && !(w == "that" && self.t.is_cap(j))
                    || lexicon::cue(w).is_some() && !self.t.is_cap(j)
            }
            Kind::Number => false,
            Kind::Quote(_) => true,
        }
    }

    /// Whether tokens `s..e` can name a speaker: a name, a pronoun, a determiner phrase, or a
    /// noun for people or groups ("officials", "the campaign"); not a stray verb ("would not
    /// discuss reports ...").
    fn names_someone(&self, s: usize, e: usize) -> bool {
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
    fn appositive(&self, comma: usize) -> Option<(Span, Span)> {
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
        let looks_appositive = lexicon::is_determiner(w)
            || lexicon::is_relative(w)
            || lexicon::is_role_word(w)
            || self.t.is_cap(first)
            || self.t.kind(first) == Kind::Number
            || matches!(w, "at" | "of" | "from" | "with" | "in" | "including")
            // ", noting the size of his following,", ", however,"
            || w.ends_with("ing")
            || matches!(w, "however" | "meanwhile" | "though" | "too" | "instead" | "therefore" | "also");
        if !looks_appositive || first >= comma {
            return None;
        }
        match self.left_subject(open) {
            Subject::Phrase((s, _), mention) => Some(((s, comma + 1), mention)),
            Subject::Empty(_) => None,
        }
    }

    /// `"...," said Peskov` / `said Jane Doe, a spokeswoman for X`: the subject after the cue.
    fn right_subject(&self, p: usize, after_quote: bool) -> Option<(Span, Span)> {
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
        let mention = (p, k);
        // The name must end the clause: "said Peskov." or "said Jane Doe, a ...", not "said
        // China and Russia have ...". After a quotation the subject may run on: "said a
        // Mexican official who was not authorized to speak publicly."
        let ends_clause = k >= self.end || self.t.kind(k) == Kind::Punct || self.in_quote(k);
        if !ends_clause {
            if !after_quote {
                return None;
            }
            let mut j = k;
            while j < self.end && j < k + 20 && self.t.kind(j) != Kind::Punct && !self.in_quote(j) {
                j += 1;
            }
            return Some(((p, j), mention));
        }
        // An appositive after the name: ", a spokeswoman for the campaign,".
        let mut end = k;
        if k + 1 < self.end && self.t.is_punct(k, ",") && lexicon::is_determiner(self.low(k + 1)) {
            let mut j = k + 1;
            while j < self.end && self.t.kind(j) != Kind::Punct && !self.in_quote(j) {
                j += 1;
            }
            end = j;
        }
        Some(((p, end), mention))
    }

    /// The subject at the start of the sentence, for a clause that shares it.
    fn sentence_subject(&self) -> Option<(Span, Span)> {
        let mut s = self.start;
        if lexicon::is_preposition(self.low(s)) || lexicon::is_clause_boundary(self.low(s)) {
            s = (s..self.end).find(|&j| self.t.is_punct(j, ","))? + 1;
        }
        let w = self.low(s);
        if lexicon::is_subject_pronoun(w) {
            return Some(((s, s + 1), (s, s + 1)));
        }
        let mut e = s;
        while e < self.end
            && (self.t.is_cap(e) || e == s && lexicon::is_determiner(self.low(e)))
            && !self.in_quote(e)
        {
            e += 1;
        }
        (e > s).then_some(((s, e), (s, e)))
    }

    /// "according to Bloomberg, ..." / "..., according to Bloomberg." at token `i`.
    fn according_to(&self, i: usize) -> Option<Raw> {
        // The source runs to the next punctuation: "according to early results of exit polls
        // conducted for the Associated Press and television networks, ...".
        let src_start = i + 2;
        let mut k = src_start;
        while k < self.end
            && k < src_start + 25
            && !self.in_quote(k)
            && self.t.kind(k) != Kind::Punct
        {
            k += 1;
        }
        if k == src_start {
            return None;
        }
        let mut raw = Raw {
            cue: None,
            cue_span: (i, i + 2),
            cue_head: i,
            source: Some((src_start, k)),
            mention: Some((src_start, k)),
            content: Vec::new(),
            coordinated_at: None,
            adjuncts: Vec::new(),
            parent: None,
            colon: false,
        };
        // Content before ("X, according to Y") and after ("According to Y, X"; "X, according
        // to Y, Z").
        let before_end = self.trim_end(self.start, i);
        let before_start = self.trim_start(self.start, before_end);
        let opener =
            before_end == before_start + 1 && lexicon::is_clause_boundary(self.low(before_start));
        if before_end > before_start && !opener {
            raw.content.push((before_start, before_end));
        }
        if k < self.end && self.t.is_punct(k, ",") {
            let start = k + 1;
            let end = self.content_end(start);
            if end > start {
                raw.content.push((start, end));
            }
        }
        (!raw.content.is_empty()).then_some(raw)
    }
}

impl Sentence<'_, '_> {
    /// "Trump's claim that there have been thousands of shootings", "her warning that ...":
    /// the possessor said what the that-clause says.
    fn possessed_claim(&self, i: usize) -> Option<Raw> {
        if i == self.start || i + 1 >= self.end || !matches!(self.low(i + 1), "that" | ":") {
            return None;
        }
        let p = i - 1;
        let w = self.low(p);
        let source = if lexicon::is_possessive_pronoun(w) {
            (p, p + 1)
        } else if w.ends_with("'s") || w.ends_with("’s") {
            // Back over the name: "Donald Trump's", "the campaign's".
            let mut s = p;
            while s > self.start
                && (self.t.is_cap(s - 1) || lexicon::is_article(self.low(s - 1)))
                && p - s < 4
            {
                s -= 1;
            }
            (s, p + 1)
        } else {
            return None;
        };
        let start = if self.low(i + 1) == ":" { i + 2 } else { i + 1 };
        let end = self.content_end(start);
        if end <= start + 1 {
            return None;
        }
        Some(Raw {
            cue: None,
            cue_span: (i, i + 1),
            cue_head: i,
            source: Some(source),
            mention: Some(source),
            content: vec![(start, end)],
            coordinated_at: None,
            adjuncts: Vec::new(),
            parent: None,
            colon: false,
        })
    }

    /// "In a Des Moines Register poll, Mr. Cruz had a 10-point lead", "Trump leads in the
    /// polls": a poll or survey speaks like a source quoted "according to".
    fn in_poll(&self, i: usize) -> Option<Raw> {
        let src_start = i + 1;
        let mut k = src_start;
        let mut head = None;
        while k < self.end
            && k < src_start + 12
            && !self.in_quote(k)
            && self.t.kind(k) != Kind::Punct
        {
            let w = self.low(k);
            if matches!(w, "poll" | "polls" | "survey" | "surveys" | "polling") {
                head = Some(k);
            } else if head.is_some() && lexicon::is_clause_boundary(w) {
                break;
            }
            k += 1;
        }
        let head = head?;
        // Fronted, the poll speaks for what follows the comma; else for what came before.
        let fronted =
            i == self.start || i == self.start + 1 && lexicon::is_coordinator(self.low(self.start));
        let content = if fronted {
            if !(k < self.end && self.t.is_punct(k, ",")) {
                return None;
            }
            (k + 1, self.content_end(k + 1))
        } else {
            let end = self.trim_end(self.start, i);
            (self.trim_start(self.start, end), end)
        };
        if content.1 <= content.0 + 1 {
            return None;
        }
        let source_end = if fronted { k } else { k.max(head + 1) };
        Some(Raw {
            cue: None,
            cue_span: (i, i + 1),
            cue_head: i,
            source: Some((src_start, source_end)),
            mention: Some((src_start, head + 1)),
            content: vec![content],
            coordinated_at: None,
            adjuncts: Vec::new(),
            parent: None,
            colon: false,
        })
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
