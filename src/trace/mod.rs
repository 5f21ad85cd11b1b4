//! Trace: for a speaker, an outlet or a claim, every claim concerned with the statements that
//! carry it: the article, its publisher and date, the outlets and speakers in between, and
//! which article carried it first. The store is read through the named queries of queries/
//! (`trace-statements`, `trace-outlet`; `trace-claims` gives the same claims
//! and carriers as one table to adapt); names are resolved in `names`, the graph read in
//! `read`, and `render` writes a trace as a tree, JSON or Graphviz.

mod model;
mod names;
mod read;
mod render;

pub use model::{
    Agent, ArticleRef, Carrier, ClaimTrace, Link, Page, Target, Trace, TraceError, Window,
};
pub use names::{find_claims, resolve};
pub use render::{Format, render};

use std::collections::HashSet;

use oxigraph::model::{NamedNode, Term, Variable};

use crate::mapping::vocab::ct;
use crate::query::{Outcome, QueryError};
use crate::source::Source;
use read::Reader;

/// Traces `target` in the local store or a remote one.
pub fn trace(source: Source<'_>, target: &Target) -> Result<Trace, TraceError> {
    trace_window(source, target, Window::default())
}

/// Traces the claims of `target` that `window` shows. An outlet's claims are listed first
/// and only those in the window read (the publisher of a corpus carries tens of thousands).
pub fn trace_window(
    source: Source<'_>,
    target: &Target,
    window: Window,
) -> Result<Trace, TraceError> {
    let mut reader = Reader::new(source)?;
    let mut matched = Vec::new();
    let mut claims = Vec::new();
    let mut total = None;
    match target {
        Target::Speaker(name) => {
            matched = resolve(source, name, "speaker")?;
            for agent in &matched {
                claims.extend(reader.claims(ct::SPEAKER, &agent.iri)?);
            }
        }
        Target::Outlet(name) => {
            matched = resolve(source, name, "outlet")?;
            let outlets: HashSet<&str> = matched.iter().map(|a| a.iri.as_str()).collect();
            let mut seen = HashSet::new();
            let mut carried = Vec::new();
            for agent in &matched {
                for claim in carried_claims(source, &agent.iri)? {
                    if seen.insert(claim.clone()) {
                        carried.push(claim);
                    }
                }
            }
            total = Some(carried.len());
            window.of(&mut carried);
            for claim in carried {
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
        Target::Claim(text) => {
            for claim in find_claims(source, text)? {
                claims.extend(reader.claims(ct::CLAIM_P, &claim)?);
            }
            if claims.is_empty() {
                return Err(TraceError::NoClaim(text.clone()));
            }
        }
    }
    let total = match total {
        Some(total) => total,
        None => {
            let total = claims.len();
            window.of(&mut claims);
            total
        }
    };
    Ok(Trace {
        kind: target.kind(),
        query: target.name().to_string(),
        matched,
        claims,
        page: (!window.is_all()).then_some(Page {
            offset: window.offset,
            limit: window.limit,
            total,
        }),
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
fn carried_claims(source: Source<'_>, outlet: &str) -> Result<Vec<String>, QueryError> {
    let sparql = crate::queries::get("trace-outlet").expect("a built-in named query");
    // Without its ORDER BY: Oxigraph compares IRIs by their strings, each read from the
    // store for every comparison (5 s of 5.5 for the 74,000 claims Reuters published); the
    // claims are sorted here instead, in the same order.
    let sparql = sparql
        .trim_end()
        .rsplit_once("\nORDER BY")
        .map_or(sparql, |(unordered, _)| unordered);
    let prepared = source.prepare(sparql)?;
    let bindings = [(
        Variable::new_unchecked("outlet"),
        NamedNode::new_unchecked(outlet).into(),
    )];
    let Outcome::Solutions { vars, rows } = source.run(&prepared, &bindings)? else {
        return Ok(Vec::new());
    };
    let at = vars.iter().position(|v| v.as_str() == "claim");
    let mut claims: Vec<String> = rows
        .into_iter()
        .filter_map(|r| match r.into_iter().nth(at?)? {
            Some(Term::NamedNode(n)) => Some(n.into_string()),
            _ => None,
        })
        .collect();
    claims.sort_unstable();
    Ok(claims)
}
