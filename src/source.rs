//! Where `query`, `stats` and `trace` read: the local store, or a remote SPARQL endpoint the
//! graph was pushed to. Both answer the same questions (named queries with parameters, a
//! node's properties, an agent's label, an organisation's outlets), so what reads through
//! a [`Source`] gives the same rows from either.

use std::collections::HashMap;

use oxigraph::model::{NamedNode, NamedNodeRef, Term, Variable};

use crate::mapping::{Ids, Pattern, registry};
use crate::query::{self, Outcome, Parsed, QueryError};
use crate::remote::Endpoint;
use crate::store::Store;

/// Subjects described per request to a remote endpoint: one query instead of one per node,
/// short enough for any server's URL or form limits.
const SUBJECTS_PER_REQUEST: usize = 100;

#[derive(Clone, Copy)]
pub enum Source<'a> {
    Local(&'a Store),
    Remote(&'a Endpoint),
}

/// A [`Source`] a thread can own (the REPL's completion index is read in the background).
#[derive(Clone)]
pub enum Owned {
    Local(Store),
    Remote(Endpoint),
}

impl Owned {
    pub fn source(&self) -> Source<'_> {
        match self {
            Owned::Local(store) => Source::Local(store),
            Owned::Remote(endpoint) => Source::Remote(endpoint),
        }
    }
}

/// A query ready to run again with other parameters: parsed once for the local store (each
/// parse is planned anew), as text for a remote one.
#[derive(Clone)]
pub struct Prepared {
    text: String,
    parsed: Option<Parsed>,
}

/// What a source says of some nodes: per subject, values by property IRI.
pub type Described = HashMap<String, HashMap<String, Vec<Term>>>;

impl<'a> Source<'a> {
    pub fn owned(&self) -> Owned {
        match self {
            Source::Local(store) => Owned::Local((*store).clone()),
            Source::Remote(endpoint) => Owned::Remote((*endpoint).clone()),
        }
    }

    /// The IRIs of data: the local store's own, the default ones for a remote store (push
    /// sends the IRIs as they are).
    pub fn ids(&self) -> Ids {
        match self {
            Source::Local(store) => store.ids().clone(),
            Source::Remote(_) => Ids::default(),
        }
    }

    pub fn prepare(&self, sparql: &str) -> Result<Prepared, QueryError> {
        Ok(Prepared {
            text: sparql.to_string(),
            parsed: match self {
                Source::Local(_) => Some(query::parse(sparql, &[], None)?),
                Source::Remote(_) => None,
            },
        })
    }

    /// Runs `prepared` with its variables in `bindings` bound.
    pub fn run(
        &self,
        prepared: &Prepared,
        bindings: &[(Variable, Term)],
    ) -> Result<Outcome, QueryError> {
        match (self, &prepared.parsed) {
            (Source::Local(store), Some(parsed)) => query::run(store, parsed.clone(), bindings),
            (Source::Local(store), None) => {
                query::run(store, query::parse(&prepared.text, &[], None)?, bindings)
            }
            (Source::Remote(endpoint), _) => Ok(endpoint.query(&prepared.text, bindings)?),
        }
    }

    /// Runs a query once, `bindings` written into it as an inline `VALUES`: the planner then
    /// knows them bound and starts its joins from them. A prepared query's substituted
    /// variables are bound only after its plan is made, which for a query that is fast only
    /// from its bound end (an outlet's claims) is minutes instead of a fraction of a second.
    pub fn execute_bound(
        &self,
        sparql: &str,
        bindings: &[(Variable, Term)],
    ) -> Result<Outcome, QueryError> {
        match self {
            Source::Local(_) => self.execute(&crate::remote::self_contained(sparql, &[], bindings)),
            Source::Remote(endpoint) => Ok(endpoint.query(sparql, bindings)?),
        }
    }

    /// The named query `name` as this source answers it: from the summary graph kept at
    /// ingest when the source has one, else by a scan (a store written otherwise, or a
    /// server pushed to without it).
    pub fn named_query(&self, name: &str) -> Result<Option<&'static str>, QueryError> {
        let Some(sparql) = crate::queries::get(name) else {
            return Ok(None);
        };
        Ok(Some(match crate::queries::scan(name) {
            Some(scan) if !self.has_summary()? => scan,
            _ => sparql,
        }))
    }

    fn has_summary(&self) -> Result<bool, QueryError> {
        let summary = self.ids().summary_graph();
        // A summary waiting for an ingest's counts is behind what the store holds.
        let ask = format!(
            "ASK {{ GRAPH <{summary}> {{ <{summary}> <{total}> ?n
                    FILTER NOT EXISTS {{ <{summary}> <{pending}> ?run }} }} }}",
            summary = summary.as_str(),
            total = crate::mapping::vocab::ct::RANKED_OUTLETS.as_str(),
            pending = crate::mapping::vocab::ct::COUNTS_PENDING.as_str()
        );
        Ok(matches!(self.execute(&ask)?, Outcome::Boolean(true)))
    }

    /// Runs a query once.
    pub fn execute(&self, sparql: &str) -> Result<Outcome, QueryError> {
        self.run(&self.prepare(sparql)?, &[])
    }

    /// The values of `properties` on each of `subjects` (in any graph).
    pub fn describe(
        &self,
        subjects: &[&str],
        properties: &[NamedNodeRef<'_>],
    ) -> Result<Described, QueryError> {
        let mut out = Described::new();
        match self {
            Source::Local(store) => {
                for s in subjects {
                    let node = out.entry((*s).to_string()).or_default();
                    for p in properties {
                        let values = store.values(NamedNode::new_unchecked(*s).as_ref(), *p)?;
                        node.entry(p.as_str().to_string())
                            .or_default()
                            .extend(values);
                    }
                }
            }
            Source::Remote(endpoint) => {
                let filter: Vec<String> = properties.iter().map(ToString::to_string).collect();
                for chunk in subjects.chunks(SUBJECTS_PER_REQUEST) {
                    for s in chunk {
                        out.entry((*s).to_string()).or_default();
                    }
                    let values: Vec<String> = chunk.iter().map(|s| format!("<{s}>")).collect();
                    let sparql = format!(
                        "SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {} }} ?s ?p ?o FILTER(?p IN ({})) }}",
                        values.join(" "),
                        filter.join(", ")
                    );
                    for row in rows(endpoint.query(&sparql, &[])?) {
                        if let [Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)] =
                            row.as_slice()
                        {
                            out.entry(s.as_str().to_string())
                                .or_default()
                                .entry(p.as_str().to_string())
                                .or_default()
                                .push(o.clone());
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The first column of `sparql`'s solutions, unbound values left out.
    pub fn first_column(&self, sparql: &str) -> Result<Vec<Term>, QueryError> {
        Ok(rows(self.execute(sparql)?)
            .into_iter()
            .filter_map(|row| row.into_iter().next().flatten())
            .collect())
    }

    /// The agent's name in the registry.
    pub fn label(&self, agent: NamedNodeRef<'_>) -> Result<Option<String>, QueryError> {
        match self {
            Source::Local(store) => Ok(store.label(agent)?),
            Source::Remote(_) => {
                let pattern = registry::label_of(&self.ids(), agent);
                Ok(self
                    .first_column(&open_slot_query(&pattern))?
                    .into_iter()
                    .find_map(|t| match t {
                        Term::Literal(l) => Some(l.value().to_string()),
                        _ => None,
                    }))
            }
        }
    }

    /// The outlets whose parent organisation is `organisation`, by IRI (every store lists
    /// them in its own order).
    pub fn parts_of(&self, organisation: NamedNodeRef<'_>) -> Result<Vec<NamedNode>, QueryError> {
        let mut parts = self.unordered_parts_of(organisation)?;
        parts.sort();
        Ok(parts)
    }

    fn unordered_parts_of(
        &self,
        organisation: NamedNodeRef<'_>,
    ) -> Result<Vec<NamedNode>, QueryError> {
        match self {
            Source::Local(store) => Ok(store.parts_of(organisation)?),
            Source::Remote(_) => {
                let pattern = registry::parts_of(&self.ids(), organisation);
                Ok(self
                    .first_column(&open_slot_query(&pattern))?
                    .into_iter()
                    .filter_map(|t| match t {
                        Term::NamedNode(n) => Some(n),
                        _ => None,
                    })
                    .collect())
            }
        }
    }
}

fn rows(outcome: Outcome) -> Vec<Vec<Option<Term>>> {
    match outcome {
        Outcome::Solutions { rows, .. } => rows,
        _ => Vec::new(),
    }
}

/// `?x` for what the pattern leaves open, the term where it gives one.
fn slot(term: Option<String>) -> String {
    term.unwrap_or_else(|| "?x".to_string())
}

/// The pattern as a query of its one open position, `?x`.
fn open_slot_query(pattern: &Pattern) -> String {
    let triple = format!(
        "{} {} {}",
        slot(pattern.subject.as_ref().map(ToString::to_string)),
        slot(pattern.predicate.map(|p| p.to_string())),
        slot(pattern.object.as_ref().map(ToString::to_string)),
    );
    match &pattern.graph {
        Some(g) => format!("SELECT ?x WHERE {{ GRAPH {g} {{ {triple} }} }}"),
        None => format!("SELECT ?x WHERE {{ {triple} }}"),
    }
}
