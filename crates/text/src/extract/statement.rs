//! What extraction gives: one [`Statement`] per reported-speech act.

use jiff::civil::Date;

use super::entities::Speaker;
use super::lexicon::CueClass;
use super::span::ByteSpan;
use crate::article::Section;

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

/// An outlet through which the article got a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carrier {
    /// The gazetteer's label for a known outlet, else the name as written.
    pub name: String,
    /// A name ("Rzeczpospolita") rather than a description ("Russian state-owned media").
    pub named: bool,
}

impl Carrier {
    pub fn named(name: &str) -> Self {
        Carrier {
            name: name.to_string(),
            named: true,
        }
    }
}

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
    /// The outlets through which the article got the statement.
    pub reported_by: Vec<Carrier>,
    /// Where or how it was said, when a "Source:" line tells ("in an interview").
    pub occasion: Option<String>,
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
            .map(|s| s.of(text))
            .collect::<Vec<_>>()
            .join(" … ")
    }
}
