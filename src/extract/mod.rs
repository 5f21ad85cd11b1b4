//! Extraction: from an [`Article`] to its attributed statements. Pure text processing; it
//! knows nothing of RDF or the store.
//!
//! Stages: tokens -> quotations -> sentences -> attributions per sentence (cue, source,
//! content, nesting) -> floating quotes -> speakers resolved across the article -> outlets
//! that carried each statement -> dates said.

mod attribution;
mod dates;
mod entities;
pub mod json;
pub mod lexicon;
mod quotes;
mod sentences;
mod tokens;

use jiff::civil::Date;

use crate::article::{Article, Section};
use crate::outlets::Gazetteer;
pub use entities::{Speaker, SpeakerKind};
pub use lexicon::CueClass;

use attribution::Raw;
use tokens::Tokens;

/// How the content is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementKind {
    Direct,
    Indirect,
    Mixed,
    AccordingTo,
}

impl StatementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Direct => "direct",
            StatementKind::Indirect => "indirect",
            StatementKind::Mixed => "mixed",
            StatementKind::AccordingTo => "according_to",
        }
    }
}

/// A byte range into the article text.
pub type ByteSpan = (usize, usize);

/// One reported-speech act.
#[derive(Debug, Clone)]
pub struct Statement {
    /// "s1", "s2", ... in text order.
    pub id: String,
    pub kind: StatementKind,
    /// Content spans; more than one when the content is split ("...," he said, "...").
    pub content: Vec<ByteSpan>,
    pub cue: Option<ByteSpan>,
    pub cue_lemma: Option<&'static str>,
    pub cue_class: Option<CueClass>,
    pub source: Option<ByteSpan>,
    pub speaker: Option<Speaker>,
    /// Names of the outlets through which the article got the statement.
    pub reported_by: Vec<String>,
    pub date: Option<Date>,
    /// Index of the enclosing statement.
    pub parent: Option<usize>,
    pub section: Section,
    /// How sure the rules are, 0..1.
    pub confidence: f32,
}

impl Statement {
    /// The content text, parts joined by " … ".
    pub fn content_text(&self, text: &str) -> String {
        self.content
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect::<Vec<_>>()
            .join(" … ")
    }
}

struct Found {
    raw: Raw,
    sentence: usize,
    /// Parent as an index into the list of found statements.
    parent: Option<usize>,
}

/// Extracts every attributed statement in the article.
pub fn extract(article: &Article) -> Vec<Statement> {
    let t = Tokens::new(&article.text, &article.blocks);
    if t.is_empty() {
        return Vec::new();
    }
    let q = quotes::Quotes::find(&t);
    let sents = sentences::split(&t, &q);
    let gazetteer = Gazetteer::get();
    let is_outlet = |s: &str| gazetteer.lookup(s).is_some();
    let mut found: Vec<Found> = Vec::new();
    for (n, s) in sents.iter().enumerate() {
        let sentence = attribution::Sentence {
            t: &t,
            q: &q,
            start: s.start,
            end: s.end,
        };
        let base = found.len();
        for raw in sentence.attributions(&is_outlet) {
            let parent = raw.parent.map(|p| base + p);
            found.push(Found {
                raw,
                sentence: n,
                parent,
            });
        }
    }
    attach_floating_quotes(&t, &q, &sents, &mut found);
    let anchor = article.published.as_ref().map(|p| p.date);
    resolve(article, &t, &sents, found, anchor)
}

/// A sentence that is only a quotation, right after a quoted statement, continues it.
fn attach_floating_quotes(
    t: &Tokens,
    q: &quotes::Quotes,
    sents: &[sentences::Sentence],
    found: &mut [Found],
) {
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
        if whole && quoted_before && block <= prev_block + 1 {
            found[l]
                .raw
                .content
                .push((s.start, (quote.last + 1).min(s.end)));
        } else {
            last = None;
        }
    }
}

/// Whether a content span of `raw` starts with a quotation.
fn quotes_in(q: &quotes::Quotes, raw: &Raw) -> bool {
    raw.content.iter().any(|&(a, _)| q.opening_at(a).is_some())
}

fn byte_span(t: &Tokens, (s, e): (usize, usize)) -> ByteSpan {
    (t.toks[s].start, t.toks[e - 1].end)
}

fn resolve(
    article: &Article,
    t: &Tokens,
    sents: &[sentences::Sentence],
    found: Vec<Found>,
    anchor: Option<Date>,
) -> Vec<Statement> {
    let resolver = entities::Resolver::new(t);
    let mut speakers: Vec<Option<Speaker>> = Vec::with_capacity(found.len());
    let mut history: Vec<(usize, Speaker)> = Vec::new();
    for f in &found {
        let sp = f
            .raw
            .mention
            .and_then(|(s, e)| resolver.resolve(s, e, &history));
        if let Some(sp) = &sp {
            history.push((f.raw.cue_head, sp.clone()));
        }
        speakers.push(sp);
    }
    // A nested statement by its parent's own speaker ("Trump said he wants ...") is part of
    // the parent's content, not a link in a chain: drop it, keeping its children.
    let mut keep = vec![true; found.len()];
    let mut parent: Vec<Option<usize>> = found.iter().map(|f| f.parent).collect();
    for i in 0..found.len() {
        if let Some(p) = parent[i] {
            let same = match (&speakers[i], &speakers[p]) {
                (Some(a), Some(b)) => a.name == b.name,
                _ => false,
            };
            if same {
                keep[i] = false;
            }
        }
    }
    for i in 0..found.len() {
        while let Some(p) = parent[i] {
            if keep[p] {
                break;
            }
            parent[i] = parent[p];
        }
    }
    let section_of = |tok: usize| article.blocks[t.toks[tok].block as usize].section;
    // Positions in the output, where parents may come after their children.
    let mut index = vec![usize::MAX; found.len()];
    for (n, i) in (0..found.len()).filter(|&i| keep[i]).enumerate() {
        index[i] = n;
    }
    let mut out: Vec<Statement> = Vec::new();
    for (i, f) in found.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        let raw = &f.raw;
        let content: Vec<ByteSpan> = raw.content.iter().map(|&s| byte_span(t, s)).collect();
        let section = section_of(raw.cue_head);
        let mut reported_by: Vec<String> = Vec::new();
        let add = |name: &str, reported_by: &mut Vec<String>| {
            if !reported_by.iter().any(|r| r == name) {
                reported_by.push(name.to_string());
            }
        };
        for span in &raw.adjuncts {
            for o in resolver.outlets_in(span.0, span.1) {
                add(o, &mut reported_by);
            }
        }
        let mut up = parent[i];
        while let Some(p) = up {
            if let Some(sp) = speakers[p]
                .as_ref()
                .filter(|s| s.kind == SpeakerKind::Outlet)
            {
                add(&sp.name, &mut reported_by);
            }
            for span in &found[p].raw.adjuncts {
                for o in resolver.outlets_in(span.0, span.1) {
                    add(o, &mut reported_by);
                }
            }
            up = parent[p];
        }
        if section != Section::Background {
            for s in &article.sources {
                add(s, &mut reported_by);
            }
        }
        if let Some(sp) = &speakers[i] {
            reported_by.retain(|r| *r != sp.name);
        }
        let kind = match raw.cue {
            None if matches!(t.lower(raw.cue_head), "according" | "in") => {
                StatementKind::AccordingTo
            }
            _ => kind_of(t, &raw.content),
        };
        out.push(Statement {
            id: String::new(),
            kind,
            content,
            cue: Some(byte_span(t, raw.cue_span)),
            cue_lemma: Some(match raw.cue {
                Some(c) => c.lemma,
                None if raw.mark_cue && t.text(raw.cue_head) == ":" => ":",
                None if raw.mark_cue => "—",
                None if t.lower(raw.cue_head) == "in" => "in",
                None if t.lower(raw.cue_head) == "according" => "according to",
                None => "claim",
            }),
            cue_class: Some(raw.cue.map_or(
                if raw.mark_cue {
                    CueClass::Assert
                } else {
                    CueClass::Report
                },
                |c| c.class,
            )),
            source: raw.source.map(|s| byte_span(t, s)),
            speaker: speakers[i].clone(),
            reported_by,
            date: statement_date(t, sents, &found, i, anchor),
            parent: parent[i].map(|p| index[p]),
            section,
            confidence: if speakers[i].is_some() { 0.8 } else { 0.5 },
        });
    }
    inherit_dates(&mut out);
    for (n, s) in out.iter_mut().enumerate() {
        s.id = format!("s{}", n + 1);
    }
    out
}

/// Direct when the content is quotations only; mixed when it quotes two words or more.
fn kind_of(t: &Tokens, content: &[(usize, usize)]) -> StatementKind {
    let is_quote =
        |&(s, e): &(usize, usize)| t.quote(s).is_some() && t.quote(e - 1).is_some() && e - s > 2;
    if !content.is_empty() && content.iter().all(is_quote) {
        return StatementKind::Direct;
    }
    let quoted_words = content.iter().any(|&(s, e)| {
        let mut inside = 0;
        let mut best = 0;
        let mut open = false;
        for k in s..e {
            if t.quote(k).is_some() {
                open = !open;
                best = best.max(inside);
                inside = 0;
            } else if open && t.is_word(k) {
                inside += 1;
            }
        }
        best >= 2
    });
    if quoted_words {
        StatementKind::Mixed
    } else {
        StatementKind::Indirect
    }
}

/// The day named next to the cue, outside this statement's content and outside statements
/// that do not contain it ("said on Wednesday 27 August", "On 17 August, Reuters released").
fn statement_date(
    t: &Tokens,
    sents: &[sentences::Sentence],
    found: &[Found],
    i: usize,
    anchor: Option<Date>,
) -> Option<Date> {
    let f = &found[i];
    let s = sents[f.sentence];
    let mut ancestors = Vec::new();
    let mut up = f.parent;
    while let Some(p) = up {
        ancestors.push(p);
        up = found[p].parent;
    }
    let inside = |k: usize, r: &Raw| r.content.iter().any(|&(a, b)| a <= k && k < b);
    dates::find(t, s.start, s.end, anchor)
        .into_iter()
        .filter(|m| !inside(m.start, &f.raw))
        .filter(|m| {
            found.iter().enumerate().all(|(j, o)| {
                j == i
                    || o.sentence != f.sentence
                    || ancestors.contains(&j)
                    || !inside(m.start, &o.raw)
            })
        })
        .min_by_key(|m| m.start.abs_diff(f.raw.cue_head))
        .map(|m| m.date)
}

/// A speaker's later statements in the same part of the article, without a date of their own,
/// were made on the day given for that speaker before (the report of one event).
fn inherit_dates(out: &mut [Statement]) {
    for i in 0..out.len() {
        if out[i].date.is_some() || out[i].parent.is_some() {
            continue;
        }
        let Some(name) = out[i].speaker.as_ref().map(|s| s.name.clone()) else {
            continue;
        };
        let earlier = out[..i].iter().rev().find(|o| {
            o.section == out[i].section
                && o.parent.is_none()
                && o.speaker.as_ref().is_some_and(|s| s.name == name)
                && o.date.is_some()
        });
        if let Some(d) = earlier.and_then(|o| o.date) {
            out[i].date = Some(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::text::read_text;

    /// (source, cue, content) of every statement in `body` (a headline is added).
    fn found(body: &str) -> Vec<(String, String, String)> {
        let article = read_text("t.txt", format!("Headline\n\n{body}\n"));
        let text = article.text.clone();
        extract(&article)
            .iter()
            .map(|s| {
                let span =
                    |o: Option<ByteSpan>| o.map_or(String::new(), |(a, b)| text[a..b].to_string());
                (span(s.source), span(s.cue), s.content_text(&text))
            })
            .collect()
    }

    fn has(body: &str, source: &str, cue: &str, content: &str) {
        let got = found(body);
        assert!(
            got.iter()
                .any(|(s, c, t)| s == source && c == cue && t == content),
            "no ({source} | {cue} | {content}) in {got:#?}"
        );
    }

    #[test]
    fn sources_are_whole_noun_phrases_with_titles_and_appositives() {
        has(
            "Retired Lt. Gen. Michael Flynn said the deal was a disaster.",
            "Retired Lt. Gen. Michael Flynn",
            "said",
            "the deal was a disaster",
        );
        has(
            "Flynn, a top Trump surrogate, said the deal was a disaster.",
            "Flynn, a top Trump surrogate,",
            "said",
            "the deal was a disaster",
        );
        has(
            "The rules will change, a spokesperson for HMRC said.",
            "a spokesperson for HMRC",
            "said",
            "The rules will change",
        );
    }

    #[test]
    fn cue_phrases_keep_adverbs_and_times() {
        has(
            "Trump also said he would win.",
            "Trump",
            "also said",
            "he would win",
        );
        has(
            "The plan is dead, Peskov said Thursday morning.",
            "Peskov",
            "said Thursday morning",
            "The plan is dead",
        );
        has(
            "Clinton told CNN on Monday that she would run.",
            "Clinton",
            "told CNN on Monday",
            "that she would run",
        );
    }

    #[test]
    fn contents_follow_the_cue_frame() {
        has(
            "Putin wants to end the war.",
            "Putin",
            "wants",
            "to end the war",
        );
        has(
            "\u{201c}We will win,\u{201d} she said, \u{201c}and soon.\u{201d}",
            "she",
            "said",
            "\u{201c}We will win,\u{201d} … \u{201c}and soon.\u{201d}",
        );
        has(
            "The economy, according to Reuters, is slowing.",
            "Reuters",
            "according to",
            "The economy … is slowing",
        );
    }

    #[test]
    fn particles_join_the_cue_and_wrong_shaped_marks_are_read_by_place() {
        has(
            "Obama called for reducing the tax rate.",
            "Obama",
            "called for",
            "reducing the tax rate",
        );
        has(
            "\u{201d}He represents our greatest shame.\u{201d} \u{2015} Sonya Herridge\n\u{201c}He scares me.\u{201d}\u{2015} Carla Sanchez.",
            "Carla Sanchez",
            "\u{2015}",
            "\u{201c}He scares me.\u{201d}",
        );
        has(
            "\u{201d}He represents our greatest shame.\u{201d} \u{2015} Sonya Herridge",
            "Sonya Herridge",
            "\u{2015}",
            "\u{201d}He represents our greatest shame.\u{201d}",
        );
    }

    #[test]
    fn unnamed_sources_stay_empty() {
        has(
            "Clinton appeared to be feeling better.",
            "",
            "appeared",
            "Clinton … to be feeling better",
        );
        has(
            "The court is expected to rule next week.",
            "",
            "is expected",
            "The court … to rule next week",
        );
        has(
            "When asked whether he would quit, Trump laughed.",
            "",
            "asked",
            "whether he would quit",
        );
        has(
            "A reporter asked how he was feeling.",
            "A reporter",
            "asked",
            "how he was feeling",
        );
    }

    #[test]
    fn pronouns_resolve_to_the_nearest_compatible_speaker() {
        let article = read_text(
            "t.txt",
            "Headline\n\nJane Smith, the mayor, said taxes would rise. She added that schools would close.\n".into(),
        );
        let st = extract(&article);
        let names: Vec<&str> = st
            .iter()
            .filter_map(|s| s.speaker.as_ref())
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["Jane Smith", "Jane Smith"]);
    }

    #[test]
    fn outlets_that_carried_a_statement_are_recorded() {
        let article = read_text(
            "t.txt",
            "Headline\n\nTrump said in an interview with Fox News that the vote was rigged.\n\n\
             According to The New York Times, Clinton said she would not run.\n"
                .into(),
        );
        let st = extract(&article);
        let carried: Vec<Vec<String>> = st.iter().map(|s| s.reported_by.clone()).collect();
        assert_eq!(carried[0], ["Fox News"]);
        assert_eq!(st[1].speaker.as_ref().unwrap().kind, SpeakerKind::Outlet);
        assert_eq!(carried[2], ["The New York Times"]);
        assert_eq!(st[2].parent, Some(1));
    }

    #[test]
    fn odd_quote_counts_never_panic() {
        for body in [
            "\"",
            "\u{201c}\u{201c}\u{201d}",
            "' ' '",
            "He said \"",
            "\u{ab} x \u{bb} \u{bb}",
        ] {
            let _ = found(body);
        }
    }
}
