//! What completion knows of the store, built once (and again after `.load` or an update): the
//! ontology's terms at once, what the data uses on another thread (see `Session::refresh_index`).

use oxigraph::model::{NamedOrBlankNode, Term};

use crate::source::Source;

/// What the helper shares with the session: the completion index (rebuilt after `.load`)
/// and the prefixes declared with `.prefix`.
#[derive(Default)]
pub struct Shared {
    pub index: CompletionIndex,
    pub prefixes: Vec<(String, String)>,
}

/// What completion knows of the store.
#[derive(Debug, Default, Clone)]
pub struct CompletionIndex {
    /// Every IRI the ontology describes, sorted.
    pub terms: Vec<String>,
    /// What the data uses: read by a scan, off the prompt's thread.
    pub data: InData,
}

/// What completion reads from the data: seconds on a large store (tens of thousands of names
/// to decode), so a session reads it on another thread and keeps the last one until then.
#[derive(Debug, Default, Clone)]
pub struct InData {
    /// IRIs used as predicates, sorted.
    pub predicates: Vec<String>,
    /// IRIs used as classes (objects of rdf:type), sorted.
    pub classes: Vec<String>,
    /// Names of speakers and outlets.
    pub labels: Labels,
}

impl CompletionIndex {
    /// The ontology's terms: a small graph.
    pub fn ontology(source: Source<'_>) -> Vec<String> {
        let graph = source.ids().ontology_graph();
        let mut terms = Vec::new();
        match source {
            Source::Local(store) => {
                for q in store.quads(Some(graph.as_ref())).flatten() {
                    if let NamedOrBlankNode::NamedNode(n) = q.subject {
                        terms.push(n.into_string());
                    }
                    terms.push(q.predicate.into_string());
                }
            }
            Source::Remote(_) => {
                let sparql = format!(
                    "SELECT ?term WHERE {{ GRAPH <{}> {{ {{ ?term ?p ?o }} UNION {{ ?s ?term ?o }} }} }}",
                    graph.as_str()
                );
                terms = iris_in_first_column(source, &sparql);
            }
        }
        terms.sort();
        terms.dedup();
        terms
    }
}

/// The IRIs in the first column of `sparql`'s answer (none if it fails: completion then
/// offers less, the REPL works on).
fn iris_in_first_column(source: Source<'_>, sparql: &str) -> Vec<String> {
    first_column(source, sparql)
        .into_iter()
        .filter_map(|t| match t {
            Term::NamedNode(n) => Some(n.into_string()),
            _ => None,
        })
        .collect()
}

fn first_column(source: Source<'_>, sparql: &str) -> Vec<Term> {
    source.first_column(sparql).unwrap_or_default()
}

impl InData {
    /// The predicates and classes in use and the registry's names (the registry describes
    /// every agent once).
    pub fn read(source: Source<'_>) -> Self {
        let iris = |sparql: &str| -> Vec<String> {
            let mut iris = iris_in_first_column(source, sparql);
            iris.sort();
            iris
        };
        let names = first_column(
            source,
            &format!(
                "SELECT DISTINCT ?name WHERE {{ GRAPH <{}> {{ ?agent <http://www.w3.org/2000/01/rdf-schema#label> ?name }} }}",
                source.ids().registry_graph().as_str()
            ),
        )
        .into_iter()
        .filter_map(|t| match t {
            Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        });
        InData {
            predicates: iris("SELECT DISTINCT ?p WHERE { ?s ?p ?o }"),
            classes: iris("SELECT DISTINCT ?c WHERE { ?s a ?c }"),
            labels: Labels::new(names),
        }
    }
}

/// Names sorted by their lower-case form, so the names that start with what was typed are
/// found by binary search (a large store names tens of thousands of agents).
#[derive(Debug, Default, Clone)]
pub struct Labels {
    folded: Vec<String>,
    names: Vec<String>,
}

impl Labels {
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        let mut pairs: Vec<(String, String)> =
            names.into_iter().map(|n| (n.to_lowercase(), n)).collect();
        pairs.sort();
        pairs.dedup();
        let (folded, names) = pairs.into_iter().unzip();
        Labels { folded, names }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.names.get(i).map(String::as_str)
    }

    /// The names starting with `typed`, ignoring case, at most `limit`.
    pub fn starting_with(&self, typed: &str, limit: usize) -> Vec<String> {
        let typed = typed.to_lowercase();
        let first = self.folded.partition_point(|f| f.as_str() < typed.as_str());
        self.folded[first..]
            .iter()
            .zip(&self.names[first..])
            .take_while(|(f, _)| f.starts_with(&typed))
            .take(limit)
            .map(|(_, n)| n.clone())
            .collect()
    }
}
