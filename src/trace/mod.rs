//! Trace: for a speaker, an outlet or a claim, every claim concerned with the statements that
//! carry it: the article, its publisher and date, the outlets and speakers in between, and
//! which article carried it first. The store is read through the named queries of queries/
//! (`trace-statements`, `trace-outlet`; `trace-claims` gives the same claims
//! and carriers as one table to adapt); names are resolved in `names`, the graph read in
//! `read`, and `render` writes a trace as a tree, JSON or Graphviz.

mod names;
mod read;
mod render;

pub use render::{Format, render};

use std::collections::HashSet;

use oxigraph::model::{NamedNode, Term, Variable};
use serde::Serialize;

use crate::graph::vocab::ct;
use crate::query::{self, Outcome, QueryError};
use crate::store::Store;
use read::Reader;

/// What to trace.
#[derive(Debug, Clone)]
pub enum Target {
    Speaker(String),
    Outlet(String),
    /// Words of the claim, or its IRI (full, `<...>` or `ctid:...`).
    Claim(String),
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Target::Speaker(_) => "speaker",
            Target::Outlet(_) => "outlet",
            Target::Claim(_) => "claim",
        }
    }

    fn name(&self) -> &str {
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

/// Traces `target` in `store`.
pub fn trace(store: &Store, target: &Target) -> Result<Trace, TraceError> {
    let mut reader = Reader::new(store)?;
    let mut matched = Vec::new();
    let mut claims = Vec::new();
    match target {
        Target::Speaker(name) => {
            matched = names::resolve(store, name, "speaker")?;
            for agent in &matched {
                claims.extend(reader.claims(ct::SPEAKER, &agent.iri)?);
            }
        }
        Target::Outlet(name) => {
            matched = names::resolve(store, name, "outlet")?;
            let outlets: HashSet<&str> = matched.iter().map(|a| a.iri.as_str()).collect();
            let mut seen = HashSet::new();
            for agent in &matched {
                for claim in carried_claims(store, &agent.iri)? {
                    if !seen.insert(claim.clone()) {
                        continue;
                    }
                    for mut c in reader.claims(ct::CLAIM_P, &claim)? {
                        let first = c
                            .carriers
                            .iter()
                            .any(|k| k.first && carried_by(k, &outlets));
                        c.outlet_first = Some(first);
                        claims.push(c);
                    }
                }
            }
        }
        Target::Claim(text) => {
            for claim in names::find_claims(store, text)? {
                claims.extend(reader.claims(ct::CLAIM_P, &claim)?);
            }
            if claims.is_empty() {
                return Err(TraceError::NoClaim(text.clone()));
            }
        }
    }
    Ok(Trace {
        kind: target.kind(),
        query: target.name().to_string(),
        matched,
        claims,
    })
}

fn carried_by(carrier: &Carrier, outlets: &HashSet<&str>) -> bool {
    carrier.via.iter().any(|l| outlets.contains(l.iri.as_str()))
        || carrier
            .article
            .publisher
            .as_ref()
            .is_some_and(|p| outlets.contains(p.iri.as_str()))
}

/// The claims an outlet carried (`trace-outlet`).
fn carried_claims(store: &Store, outlet: &str) -> Result<Vec<String>, QueryError> {
    let parsed = query::parse(
        crate::queries::get("trace-outlet").expect("a built-in named query"),
        &[],
        None,
    )?;
    let bindings = [(
        Variable::new_unchecked("outlet"),
        NamedNode::new_unchecked(outlet).into(),
    )];
    let Outcome::Solutions { vars, rows } = query::run(store, parsed, &bindings)? else {
        return Ok(Vec::new());
    };
    let at = vars.iter().position(|v| v.as_str() == "claim");
    Ok(rows
        .into_iter()
        .filter_map(|r| match r.into_iter().nth(at?)? {
            Some(Term::NamedNode(n)) => Some(n.into_string()),
            _ => None,
        })
        .collect())
}
