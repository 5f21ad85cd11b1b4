//! The push records in the local ingest graph: per graph and graph store, the digest of what
//! was last sent and when (`ct:pushedGraph`, `ct:pushedTo`, `ct:pushedDigest`,
//! `ct:pushedAt`). They are local bookkeeping: they count in no digest and are never sent.

use std::collections::{HashMap, HashSet};

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::mapping::vocab::ct;
use crate::store::{Store, StoreError};

pub fn is_push_record(q: &Quad) -> bool {
    [
        ct::PUSHED_GRAPH,
        ct::PUSHED_TO,
        ct::PUSHED_DIGEST,
        ct::PUSHED_AT,
    ]
    .iter()
    .any(|p| q.predicate.as_ref() == *p)
}

/// The digest last pushed of each graph, to the graph store at `to`.
pub fn digests(store: &Store, to: &str) -> Result<HashMap<String, String>, StoreError> {
    let ingest = store.ids().ingest_graph();
    let mut by_record: HashMap<Term, (Option<String>, Option<String>, bool)> = HashMap::new();
    for q in store.quads(Some(ingest.as_ref())) {
        let q = q?;
        if !is_push_record(&q) {
            continue;
        }
        let entry = by_record.entry(q.subject.clone().into()).or_default();
        match &q.object {
            Term::NamedNode(n) if q.predicate.as_ref() == ct::PUSHED_GRAPH => {
                entry.0 = Some(n.as_str().to_string());
            }
            Term::Literal(l) if q.predicate.as_ref() == ct::PUSHED_DIGEST => {
                entry.1 = Some(l.value().to_string());
            }
            Term::NamedNode(n) if q.predicate.as_ref() == ct::PUSHED_TO => {
                entry.2 = n.as_str() == to;
            }
            _ => {}
        }
    }
    Ok(by_record
        .into_values()
        .filter_map(|(graph, digest, here)| Some((graph?, digest?)).filter(|_| here))
        .collect())
}

/// Writes the records of the graphs in `done` (sent to `to`), in one transaction, and
/// empties it.
pub fn write(
    store: &Store,
    to: &str,
    done: &mut Vec<(NamedNode, String)>,
) -> Result<(), StoreError> {
    if done.is_empty() {
        return Ok(());
    }
    let ids = store.ids();
    let ingest = ids.ingest_graph();
    let now = jiff::Timestamp::now();
    let at = now
        .round(jiff::Unit::Microsecond)
        .unwrap_or(now)
        .to_string();
    let to_node = NamedNode::new(to).ok();
    let mut subjects = Vec::new();
    let mut quads = Vec::new();
    for (graph, digest) in done.drain(..) {
        let record = ids.push_record(to, graph.as_str());
        let quad = |p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
            Quad::new(record.clone(), p, o, GraphName::NamedNode(ingest.clone()))
        };
        quads.push(quad(ct::PUSHED_GRAPH, graph.into()));
        if let Some(to) = &to_node {
            quads.push(quad(ct::PUSHED_TO, to.clone().into()));
        }
        quads.push(quad(
            ct::PUSHED_DIGEST,
            Literal::new_simple_literal(digest).into(),
        ));
        quads.push(quad(
            ct::PUSHED_AT,
            Literal::new_typed_literal(&at, xsd::DATE_TIME).into(),
        ));
        subjects.push(record);
    }
    store.replace_subjects(ingest.as_ref(), &subjects, &quads)
}

/// The articles the ingest graph records as last ingested before `since` (an instant). A
/// record that does not read as a time keeps its article in the push: never skip unknowingly.
pub fn ingested_before(
    store: &Store,
    since: jiff::Timestamp,
) -> Result<HashSet<String>, StoreError> {
    let ingest = store.ids().ingest_graph();
    let mut latest: HashMap<String, Option<jiff::Timestamp>> = HashMap::new();
    for q in store.quads(Some(ingest.as_ref())) {
        let q = q?;
        let (NamedOrBlankNode::NamedNode(article), Term::Literal(at)) = (&q.subject, &q.object)
        else {
            continue;
        };
        if q.predicate.as_ref() != ct::INGESTED_AT {
            continue;
        }
        let at = at.value().parse::<jiff::Timestamp>().ok();
        let entry = latest.entry(article.as_str().to_string()).or_insert(at);
        *entry = match (*entry, at) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
    Ok(latest
        .into_iter()
        .filter(|(_, at)| at.is_some_and(|at| at < since))
        .map(|(article, _)| article)
        .collect())
}
