//! What a trace is: the target asked for, and the claims found with their carriers, in the
//! shape the JSON output gives them.

use serde::Serialize;

use crate::query::QueryError;
use crate::store::StoreError;

/// What to trace.
#[derive(Debug, Clone)]
pub enum Target {
    Speaker(String),
    Outlet(String),
    /// Words of the claim, or its IRI (full, `<...>` or `ctid:...`).
    Claim(String),
}

impl Target {
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Target::Speaker(_) => "speaker",
            Target::Outlet(_) => "outlet",
            Target::Claim(_) => "claim",
        }
    }

    pub(super) fn name(&self) -> &str {
        match self {
            Target::Speaker(n) | Target::Outlet(n) | Target::Claim(n) => n,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    #[error("no {what} named \"{name}\" in the store{}", did_you_mean(.suggestions))]
    NoMatch {
        what: &'static str,
        name: String,
        suggestions: Vec<String>,
    },
    #[error("no claim in the store matches \"{0}\" (by its words, or as its IRI)")]
    NoClaim(String),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// A trace: what was asked, the agents the name matched, and the claims.
#[derive(Debug, Serialize)]
pub struct Trace {
    /// "speaker", "outlet" or "claim".
    pub kind: &'static str,
    /// The name, text or IRI asked for.
    pub query: String,
    /// The speakers or outlets the name matched (empty for a claim).
    pub matched: Vec<Agent>,
    pub claims: Vec<ClaimTrace>,
    /// Which of the matching claims these are, when a window was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
}

/// Which claims to trace of all that match: `limit` of them from `offset` (in the order of
/// their IRIs), so that the publisher of a whole corpus is traced a page at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub offset: usize,
    pub limit: Option<usize>,
}

impl Window {
    pub fn is_all(&self) -> bool {
        self.offset == 0 && self.limit.is_none()
    }

    /// The part of `items` this window shows.
    pub fn of<T>(&self, items: &mut Vec<T>) {
        let start = self.offset.min(items.len());
        let end = self
            .limit
            .map_or(items.len(), |l| start.saturating_add(l).min(items.len()));
        items.truncate(end);
        items.drain(..start);
    }
}

/// A window's place among the matching claims.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub limit: Option<usize>,
    /// Claims that match, in all.
    pub total: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Agent {
    pub iri: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct ClaimTrace {
    pub iri: String,
    /// The content of the statement that founded the claim.
    pub text: String,
    pub speaker: Agent,
    /// The statements that carry it, earliest article first.
    pub carriers: Vec<Carrier>,
    /// With `--outlet`: whether that outlet carried it in the first article in the store
    /// to carry it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet_first: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Carrier {
    pub statement: String,
    pub content: String,
    pub cue: Option<String>,
    /// The day it was said, when the article says.
    pub said_on: Option<String>,
    pub article: ArticleRef,
    /// Who it came through, from the speaker outwards to the article: speakers of enclosing
    /// statements ("Axios reported that Trump told leaders that ...") and the outlets the
    /// article names as its source.
    pub via: Vec<Link>,
    /// In the earliest article in the store that carries the claim.
    pub first: bool,
    /// Its article gives only a day (no time with an offset) and shares it with another
    /// carrier's: which came first that day is not known.
    pub order_uncertain: bool,
}

#[derive(Debug, Serialize)]
pub struct ArticleRef {
    pub iri: String,
    pub headline: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<Agent>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    pub iri: String,
    pub name: String,
    /// "outlet" (named as the source of the report) or "speaker" (of an enclosing statement).
    pub role: &'static str,
    /// The enclosing statement's cue, for a speaker.
    pub cue: Option<String>,
    /// 1 for the first step out from the speaker, then 2, ...; outlets named together
    /// share a step.
    pub step: usize,
}
