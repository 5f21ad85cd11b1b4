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

pub use model::{Agent, ArticleRef, Carrier, ClaimTrace, Link, Target, Trace, TraceError};
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
    let mut reader = Reader::new(source)?;
    let mut matched = Vec::new();
    let mut claims = Vec::new();
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
            for agent in &matched {
                for claim in carried_claims(source, &agent.iri)? {
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
            for claim in find_claims(source, text)? {
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
fn carried_claims(source: Source<'_>, outlet: &str) -> Result<Vec<String>, QueryError> {
    let prepared =
        source.prepare(crate::queries::get("trace-outlet").expect("a built-in named query"))?;
    let bindings = [(
        Variable::new_unchecked("outlet"),
        NamedNode::new_unchecked(outlet).into(),
    )];
    let Outcome::Solutions { vars, rows } = source.run(&prepared, &bindings)? else {
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
