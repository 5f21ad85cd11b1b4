//! From the attributions found sentence by sentence to statements, one stage a function:
//! speakers resolved across the article, statements by their parent's own speaker folded into
//! the parent, the outlets that carried each statement, its kind and cue, the day it was said.

use std::collections::HashMap;

use jiff::civil::Date;

use super::attribution::Raw;
use super::dates;
use super::entities::Resolver;
use super::entities::{Speaker, SpeakerKind};
use super::lexicon::{Cue, CueClass};
use super::sentences::Sentence;
use super::span::TokenSpan;
use super::statement::{Carrier, Statement, StatementKind};
use super::tokens::Tokens;
use crate::article::{Article, Section, SourceItem};

/// An attribution found in a sentence, before it is resolved.
pub(super) struct Found {
    pub raw: Raw,
    /// Index of its sentence.
    pub sentence: usize,
    /// Parent as an index into the list of found attributions.
    pub parent: Option<usize>,
}

/// The statements of `found`, in text order, numbered "s1", "s2", ...
pub(super) fn statements(
    article: &Article,
    t: &Tokens<'_>,
    sents: &[Sentence],
    found: &[Found],
) -> Vec<Statement> {
    let resolver = Resolver::new(t);
    let speakers = speakers(found, &resolver);
    let nesting = Nesting::without_self_reports(found, &speakers);
    let source_line = SourceLine::new(&article.sources, &speakers);
    let anchor = article.published.as_ref().map(|p| p.date);
    let section_of = |tok: usize| article.blocks[t.toks[tok].block as usize].section;
    // The attributions of each sentence, so that a date is checked against its own
    // sentence's alone (a paragraph of thousands of sentences stays linear).
    let mut in_sentence: HashMap<usize, Vec<usize>> = HashMap::new();
    for (j, f) in found.iter().enumerate() {
        in_sentence.entry(f.sentence).or_default().push(j);
    }
    let mut out: Vec<Statement> = Vec::new();
    for (i, f) in found.iter().enumerate() {
        if !nesting.keep[i] {
            continue;
        }
        let raw = &f.raw;
        let section = section_of(raw.cue_head);
        let mut reported_by = own_carriers(i, found, &nesting, &speakers, &resolver);
        let mut occasion = None;
        // The "Source:" line sources what has no carrier of its own, but for background.
        if reported_by.is_empty() && section != Section::Background {
            reported_by = source_line.carriers_for(speakers[i].as_ref());
            occasion = source_line.occasion_for(speakers[i].as_ref());
        }
        out.push(Statement {
            id: String::new(),
            kind: kind(t, raw),
            content: raw.content.iter().map(|&s| t.byte_span(s)).collect(),
            cue: Some(t.byte_span(raw.cue_span)),
            cue_lemma: cue_lemma(t, raw),
            cue_class: cue_class(t, raw),
            source: raw.source.map(|s| t.byte_span(s)),
            speaker: speakers[i].clone(),
            reported_by,
            occasion,
            date: statement_date(t, sents, found, &in_sentence[&f.sentence], i, anchor),
            parent: nesting.parent[i].map(|p| nesting.index[p]),
            section,
            confidence: confidence(raw, speakers[i].is_some()),
        });
    }
    inherit_dates(&mut out);
    for (n, s) in out.iter_mut().enumerate() {
        s.id = format!("s{}", n + 1);
    }
    out
}

/// Each attribution's speaker, pronouns resolved by the speakers named before them.
fn speakers(found: &[Found], resolver: &Resolver<'_, '_>) -> Vec<Option<Speaker>> {
    let mut speakers: Vec<Option<Speaker>> = Vec::with_capacity(found.len());
    let mut history: Vec<(usize, Speaker)> = Vec::new();
    for f in found {
        let sp = f
            .raw
            .mention
            .and_then(|TokenSpan(s, e)| resolver.resolve(s, e, &history));
        if let Some(sp) = &sp {
            history.push((f.raw.cue_head, sp.clone()));
        }
        speakers.push(sp);
    }
    speakers
}

/// Which attributions become statements, and their parents.
struct Nesting {
    keep: Vec<bool>,
    /// The parent of each attribution among those kept.
    parent: Vec<Option<usize>>,
    /// Each kept attribution's place among the statements (parents may come after children).
    index: Vec<usize>,
}

impl Nesting {
    /// A nested statement by its parent's own speaker ("Trump said he wants ...") is part of
    /// the parent's content, not a link in a chain: it is dropped, its children kept. So is
    /// one left without content.
    fn without_self_reports(found: &[Found], speakers: &[Option<Speaker>]) -> Self {
        // An attribution whose content the nesting cut away entirely says nothing.
        let mut keep: Vec<bool> = found.iter().map(|f| !f.raw.content.is_empty()).collect();
        let mut parent: Vec<Option<usize>> = found.iter().map(|f| f.parent).collect();
        for i in 0..found.len() {
            if let Some(p) = parent[i]
                && let (Some(a), Some(b)) = (&speakers[i], &speakers[p])
                && a.name == b.name
            {
                keep[i] = false;
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
        let mut index = vec![usize::MAX; found.len()];
        for (n, i) in (0..found.len()).filter(|&i| keep[i]).enumerate() {
            index[i] = n;
        }
        Nesting {
            keep,
            parent,
            index,
        }
    }
}

/// The outlets through which the article got statement `i` by what the text says around
/// it: those named around its cue, around the cues it is nested in, and the outlets speaking
/// those. Never its own speaker.
fn own_carriers(
    i: usize,
    found: &[Found],
    nesting: &Nesting,
    speakers: &[Option<Speaker>],
    resolver: &Resolver<'_, '_>,
) -> Vec<Carrier> {
    let mut reported_by: Vec<Carrier> = Vec::new();
    let mut add = |c: Carrier| {
        if !reported_by.iter().any(|r| r.name == c.name) {
            reported_by.push(c);
        }
    };
    let adjuncts_of = |f: &Found, add: &mut dyn FnMut(Carrier)| {
        for &TokenSpan(s, e) in &f.raw.adjuncts {
            resolver
                .outlets_in(s, e)
                .into_iter()
                .for_each(|o| add(Carrier::named(o)));
        }
    };
    adjuncts_of(&found[i], &mut add);
    let mut up = nesting.parent[i];
    while let Some(p) = up {
        if let Some(sp) = speakers[p]
            .as_ref()
            .filter(|s| s.kind == SpeakerKind::Outlet)
        {
            add(Carrier::named(&sp.name));
        }
        adjuncts_of(&found[p], &mut add);
        up = nesting.parent[p];
    }
    let speaker = speakers[i].as_ref();
    reported_by.retain(|r| speaker.is_none_or(|sp| r.name != sp.name));
    reported_by
}

/// The article's "Source:" line as it applies to statements: an item that names a speaker
/// ("Sikorski in an interview with Rzeczpospolita") sources that speaker's statements, unless
/// no statement is theirs (then every statement, as an item without a speaker does).
struct SourceLine<'a> {
    items: &'a [SourceItem],
    /// Per item: whether some statement's speaker is the item's speaker.
    spoken: Vec<bool>,
}

impl<'a> SourceLine<'a> {
    fn new(items: &'a [SourceItem], speakers: &[Option<Speaker>]) -> Self {
        let spoken = items
            .iter()
            .map(|item| {
                speakers
                    .iter()
                    .flatten()
                    .any(|sp| item.speaker.as_deref().is_some_and(|n| same_speaker(n, sp)))
            })
            .collect();
        SourceLine { items, spoken }
    }

    /// The outlets of the items that apply to `speaker`'s statements, never the speaker.
    fn carriers_for(&self, speaker: Option<&Speaker>) -> Vec<Carrier> {
        self.items_for(speaker)
            .filter_map(SourceItem::carrier)
            .filter(|c| speaker.is_none_or(|sp| c.name != sp.name))
            .collect()
    }

    fn items_for(&self, speaker: Option<&Speaker>) -> impl Iterator<Item = &'a SourceItem> {
        self.items
            .iter()
            .zip(&self.spoken)
            .filter_map(move |(item, &spoken)| {
                let applies = match (&item.speaker, speaker) {
                    (None, _) => true,
                    (Some(_), _) if !spoken => true,
                    (Some(n), Some(sp)) => same_speaker(n, sp),
                    (Some(_), None) => false,
                };
                applies.then_some(item)
            })
    }

    /// The occasion the line gives for `speaker`'s statements.
    fn occasion_for(&self, speaker: Option<&Speaker>) -> Option<String> {
        let sp = speaker?;
        self.items
            .iter()
            .filter(|i| i.speaker.as_deref().is_some_and(|n| same_speaker(n, sp)))
            .find_map(|i| i.occasion.clone())
    }
}

/// "Sikorski" on a Source line is the article's "Radosław Sikorski": the same last word.
fn same_speaker(named: &str, sp: &Speaker) -> bool {
    let last = |s: &str| s.split_whitespace().last().map(str::to_lowercase);
    named.eq_ignore_ascii_case(&sp.name) || last(named).is_some() && last(named) == last(&sp.name)
}

/// "according to" (and "in a poll") without a cue verb; else by how much is quoted.
fn kind(t: &Tokens<'_>, raw: &Raw) -> StatementKind {
    match raw.cue {
        None if matches!(t.lower(raw.cue_head), "according" | "in") => StatementKind::AccordingTo,
        _ => quoting(t, &raw.content),
    }
}

/// Direct when the content is quotations only; mixed when it quotes two words or more.
fn quoting(t: &Tokens<'_>, content: &[TokenSpan]) -> StatementKind {
    let is_quote = |&TokenSpan(s, e): &TokenSpan| {
        t.quote(s).is_some() && t.quote(e - 1).is_some() && e - s > 2
    };
    if !content.is_empty() && content.iter().all(is_quote) {
        return StatementKind::Direct;
    }
    let quoted_words = content.iter().any(|&TokenSpan(s, e)| {
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

/// How far a statement is to be trusted: less without a speaker, less when the learned cue
/// model rather than the lexicon found its cue.
fn confidence(raw: &Raw, has_speaker: bool) -> f32 {
    let learned = raw.cue.is_some_and(|c| c.learned);
    match (has_speaker, learned) {
        (true, false) => 0.8,
        (true, true) => 0.6,
        (false, false) => 0.5,
        (false, true) => 0.4,
    }
}

/// The lexicon's cue at the cue's head, when the learned model found it there.
fn lexicon_cue(t: &Tokens<'_>, raw: &Raw) -> Option<&'static Cue> {
    match raw.cue {
        Some(c) if c.learned => t.cue(raw.cue_head),
        c => c,
    }
}

/// The cue's lemma; a mark, "in", "according to" or "claim" when there is no cue verb; none
/// for a word the lexicon lacks.
fn cue_lemma(t: &Tokens<'_>, raw: &Raw) -> Option<&'static str> {
    Some(match raw.cue {
        Some(c) if c.learned => return lexicon_cue(t, raw).map(|c| c.lemma.as_str()),
        Some(c) => c.lemma.as_str(),
        None if raw.mark_cue && t.text(raw.cue_head) == ":" => ":",
        None if raw.mark_cue => "—",
        None if t.lower(raw.cue_head) == "in" => "in",
        None if t.lower(raw.cue_head) == "according" => "according to",
        None => "claim",
    })
}

/// The cue verb's class; a mark asserts, "according to" and the like report; none for a word
/// the lexicon lacks.
fn cue_class(t: &Tokens<'_>, raw: &Raw) -> Option<CueClass> {
    match raw.cue {
        Some(c) if c.learned => lexicon_cue(t, raw).map(|c| c.class),
        Some(c) => Some(c.class),
        None if raw.mark_cue => Some(CueClass::Assert),
        None => Some(CueClass::Report),
    }
}

/// The day named next to the cue, outside this statement's content and outside statements
/// that do not contain it ("said on Wednesday 27 August", "On 17 August, Reuters released").
/// `same_sentence`: the attributions of statement `i`'s sentence.
fn statement_date(
    t: &Tokens<'_>,
    sents: &[Sentence],
    found: &[Found],
    same_sentence: &[usize],
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
    let inside = |k: usize, r: &Raw| r.content.iter().any(|span| span.contains(k));
    dates::find(t, s.start, s.end, anchor)
        .into_iter()
        .filter(|m| !inside(m.start, &f.raw))
        .filter(|m| {
            same_sentence
                .iter()
                .all(|&j| j == i || ancestors.contains(&j) || !inside(m.start, &found[j].raw))
        })
        .min_by_key(|m| m.start.abs_diff(f.raw.cue_head))
        .map(|m| m.date)
}

/// A speaker's later statements in the same part of the article, without a date of their own,
/// were made on the day given for that speaker before (the report of one event). One pass,
/// the last day of each speaker in each part kept.
fn inherit_dates(out: &mut [Statement]) {
    let mut last_day: HashMap<(Section, String), Date> = HashMap::new();
    for s in out.iter_mut().filter(|s| s.parent.is_none()) {
        let Some(name) = s.speaker.as_ref().map(|sp| sp.name.clone()) else {
            continue;
        };
        match s.date {
            Some(d) => {
                last_day.insert((s.section, name), d);
            }
            None => s.date = last_day.get(&(s.section, name)).copied(),
        }
    }
}
