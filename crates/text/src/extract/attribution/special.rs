//! Attributions without a cue verb: "according to X", polls ("in a CNN poll"), possessed
//! claims ("Trump's claim that ..."), "Name: what they said" headlines, and quotations signed
//! with a dash ("“...” ― Sonya Herridge").

use super::sentence::{Raw, Sentence};
use crate::extract::lexicon;
use crate::extract::span::TokenSpan;
use crate::extract::tokens::{Kind, Role};

impl Sentence<'_, '_> {
    /// A headline in title case: most words capitalised.
    pub(super) fn is_title_case(&self) -> bool {
        let words: Vec<usize> = (self.start..self.end)
            .filter(|&k| self.t.kind(k) == Kind::Word && !self.in_quote(k))
            .collect();
        let caps = words.iter().filter(|&&k| self.t.is_cap(k)).count();
        words.len() >= 4 && caps * 10 >= words.len() * 7
    }

    /// "Trump: 'I'm the worst thing that ever happened to the establishment'", "Clinton camp:
    /// Trump's Islamophobia threatens national security": a name, a colon, what they said.
    /// The headline and transcript style.
    pub(super) fn colon_speaker(&self) -> Option<Raw> {
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
            "clarification",
            "editor's",
            "editor’s",
        ];
        // A transcript turn may sit inside a quotation: "\"WALLACE: Let's start ...".
        let first = self.start
            + usize::from(
                self.t
                    .quote(self.start)
                    .is_some_and(|m| m.role != Role::Close),
            );
        // Up to three words: "Veto Power Impedes Peace Efforts:" heads a section.
        let colon = (first..self.end.min(first + 4)).find(|&k| self.t.is_punct(k, ":"))?;
        let name = TokenSpan(first, colon);
        // A name, not an imperative ("Remember: ...") or a label.
        let words_ok = (name.0..name.1).all(|k| {
            self.t.is_cap(k) && self.t.cue(k).is_none()
                || matches!(self.low(k), "camp" | "campaign" | "spokesman" | "aide")
        });
        if colon == first || !words_ok || (name.0..name.1).any(|k| LABELS.contains(&self.low(k))) {
            return None;
        }
        let start = colon + 1;
        // A turn that opens its line runs to the line's end, over several sentences.
        let end = if self.t.starts_line(self.start) {
            let line_end = (start..self.t.len())
                .find(|&k| self.t.starts_line(k))
                .unwrap_or(self.t.len());
            self.trim_end(start, line_end)
        } else {
            self.content_end(start)
        };
        if end < start + 3 {
            return None;
        }
        Some(Raw {
            cue: None,
            cue_span: TokenSpan(colon, colon + 1),
            cue_head: colon,
            source: Some(name),
            mention: Some(name),
            content: vec![TokenSpan(start, end)],
            mark_cue: true,
            ..Raw::default()
        })
    }

    /// A line that is a quotation signed with a dash and a name: "“He represents our greatest
    /// shame.” ― Sonya Herridge", the vox-pop and epigraph style. The dash is the cue.
    pub(super) fn signed_quotes(&self) -> Vec<Raw> {
        (self.start.max(1)..self.end)
            .filter(|&k| {
                self.t.kind(k) == Kind::Punct
                    && matches!(self.t.text(k), "―" | "—" | "–" | "--")
                    && self.is_closing_quote(k - 1)
            })
            .filter_map(|dash| self.signed_quote(dash))
            .collect()
    }

    fn signed_quote(&self, dash: usize) -> Option<Raw> {
        let quote = *self.q.of(dash - 1)?;
        let line_end = (dash + 1..self.t.len())
            .find(|&k| self.t.starts_line(k))
            .unwrap_or(self.t.len());
        let name_start = dash + 1;
        let mut name_end = name_start;
        while name_end < line_end && name_end < name_start + 5 && self.t.is_cap(name_end) {
            name_end += 1;
        }
        // After the name: the line's end, a full stop, or ", her title".
        let rest_ok = name_end == line_end
            || self.t.is_punct(name_end, ",")
            || self.t.is_punct(name_end, ".") && name_end + 1 == line_end;
        if !self.t.starts_line(quote.open) || name_end == name_start || !rest_ok {
            return None;
        }
        let source_end = self.trim_end(name_start, line_end);
        Some(Raw {
            cue: None,
            cue_span: TokenSpan(dash, dash + 1),
            cue_head: dash,
            source: Some(TokenSpan(name_start, source_end)),
            mention: Some(TokenSpan(name_start, name_end)),
            content: vec![TokenSpan(quote.open, quote.last + 1)],
            mark_cue: true,
            ..Raw::default()
        })
    }

    /// "according to Bloomberg, ..." / "..., according to Bloomberg." at token `i`.
    pub(super) fn according_to(&self, i: usize) -> Option<Raw> {
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
            cue_span: TokenSpan(i, i + 2),
            cue_head: i,
            source: Some(TokenSpan(src_start, k)),
            mention: Some(TokenSpan(src_start, k)),
            content: Vec::new(),
            ..Raw::default()
        };
        // Content before ("X, according to Y") and after ("According to Y, X"; "X, according
        // to Y, Z").
        let before_end = self.trim_end(self.start, i);
        let before_start = self.trim_start(self.start, before_end);
        let opener =
            before_end == before_start + 1 && lexicon::is_clause_boundary(self.low(before_start));
        if before_end > before_start && !opener {
            raw.content.push(TokenSpan(before_start, before_end));
        }
        if k < self.end && self.t.is_punct(k, ",") {
            let start = k + 1;
            let end = self.content_end(start);
            if end > start {
                raw.content.push(TokenSpan(start, end));
            }
        }
        (!raw.content.is_empty()).then_some(raw)
    }

    /// "Trump's claim that there have been thousands of shootings", "her warning that ...":
    /// the possessor said what the that-clause says.
    pub(super) fn possessed_claim(&self, i: usize) -> Option<Raw> {
        if i == self.start || i + 1 >= self.end || !matches!(self.low(i + 1), "that" | ":") {
            return None;
        }
        let p = i - 1;
        let w = self.low(p);
        let source = if lexicon::is_possessive_pronoun(w) {
            TokenSpan(p, p + 1)
        } else if w.ends_with("'s") || w.ends_with("’s") {
            // Back over the name: "Donald Trump's", "the campaign's".
            let mut s = p;
            while s > self.start
                && (self.t.is_cap(s - 1) || lexicon::is_article(self.low(s - 1)))
                && p - s < 4
            {
                s -= 1;
            }
            TokenSpan(s, p + 1)
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
            cue_span: TokenSpan(i, i + 1),
            cue_head: i,
            source: Some(source),
            mention: Some(source),
            content: vec![TokenSpan(start, end)],
            ..Raw::default()
        })
    }

    /// "In a Des Moines Register poll, Mr. Cruz had a 10-point lead", "Trump leads in the
    /// polls": a poll or survey speaks like a source quoted "according to".
    pub(super) fn in_poll(&self, i: usize) -> Option<Raw> {
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
            TokenSpan(k + 1, self.content_end(k + 1))
        } else {
            let end = self.trim_end(self.start, i);
            let span = TokenSpan(self.trim_start(self.start, end), end);
            // "Trump leads in the polls" reports a standing; "Media shares blame in Iowa poll
            // overhype" does not.
            let standing = (span.0..span.1).any(|k| {
                self.t.kind(k) == Kind::Number
                    || matches!(
                        self.low(k),
                        "lead"
                            | "leads"
                            | "leading"
                            | "led"
                            | "ahead"
                            | "behind"
                            | "trail"
                            | "trails"
                            | "trailing"
                            | "percent"
                            | "points"
                            | "tied"
                            | "first"
                            | "second"
                            | "third"
                            | "fourth"
                            | "support"
                            | "favored"
                            | "edge"
                    )
            });
            if !standing {
                return None;
            }
            span
        };
        if content.1 <= content.0 + 1 {
            return None;
        }
        let source_end = if fronted { k } else { k.max(head + 1) };
        Some(Raw {
            cue: None,
            cue_span: TokenSpan(i, i + 1),
            cue_head: i,
            source: Some(TokenSpan(src_start, source_end)),
            mention: Some(TokenSpan(src_start, head + 1)),
            content: vec![content],
            ..Raw::default()
        })
    }
}
