//! JSON-LD a person can read: one `@context` with the prefixes claimtrace uses, compact IRIs
//! (`ct:speaker`, `ctid:person/dmitry-peskov`), `@type` for rdf:type, plain strings, numbers
//! and booleans where JSON has them, single values without arrays, each named graph as a node
//! with its `@graph`. Hand-written because oxjsonld (Oxigraph's serializer) writes expanded
//! JSON-LD only, and the `json-ld` crate's compaction is an async processor with a large
//! dependency tree for what a fixed set of prefixes does losslessly. The tests read the output
//! back with rdflib and check it is the same dataset.

use std::collections::BTreeMap;
use std::io::Write;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedOrBlankNode, Quad, Term};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::mapping::vocab::PREFIXES;

/// The document, its keys in reading order (a `serde_json::Map` would sort them).
#[derive(Serialize)]
struct Document {
    #[serde(rename = "@context")]
    context: Map<String, Value>,
    #[serde(rename = "@graph")]
    graph: Vec<Entry>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Entry {
    /// A named graph: its name, then its nodes.
    Graph {
        #[serde(rename = "@id")]
        id: String,
        #[serde(rename = "@graph")]
        graph: Vec<Value>,
    },
    /// A node of the default graph.
    Node(Value),
}

/// Writes `quads` (sorted) as one compact JSON-LD document.
pub fn write(quads: &[Quad], out: &mut dyn Write) -> std::io::Result<()> {
    let context: Map<String, Value> = PREFIXES
        .iter()
        .map(|(p, iri)| (p.to_string(), Value::String(iri.to_string())))
        .collect();
    // graph -> subject -> properties, in the order of the sorted quads.
    let mut graphs: BTreeMap<String, BTreeMap<String, Map<String, Value>>> = BTreeMap::new();
    for q in quads {
        let graph = match &q.graph_name {
            GraphName::DefaultGraph => String::new(),
            GraphName::NamedNode(n) => compact(n.as_str()),
            GraphName::BlankNode(b) => format!("_:{}", b.as_str()),
        };
        let node = graphs
            .entry(graph)
            .or_default()
            .entry(subject(&q.subject))
            .or_default();
        let (key, value) = if q.predicate == rdf::TYPE
            && let Term::NamedNode(class) = &q.object
        {
            ("@type".to_string(), Value::String(compact(class.as_str())))
        } else {
            (compact(q.predicate.as_str()), object(&q.object))
        };
        add(node, key, value);
    }
    let nodes = |subjects: BTreeMap<String, Map<String, Value>>| -> Vec<Value> {
        subjects
            .into_iter()
            .map(|(id, mut props)| {
                props.insert("@id".into(), Value::String(id));
                Value::Object(props)
            })
            .collect()
    };
    let mut top: Vec<Entry> = Vec::new();
    for (graph, subjects) in graphs {
        if graph.is_empty() {
            top.extend(nodes(subjects).into_iter().map(Entry::Node));
        } else {
            top.push(Entry::Graph {
                id: graph,
                graph: nodes(subjects),
            });
        }
    }
    let doc = Document {
        context,
        graph: top,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A second value for a key makes it an array.
fn add(node: &mut Map<String, Value>, key: String, value: Value) {
    match node.get_mut(&key) {
        None => {
            node.insert(key, value);
        }
        Some(Value::Array(values)) => values.push(value),
        Some(first) => {
            let first = first.take();
            node.insert(key, Value::Array(vec![first, value]));
        }
    }
}

fn subject(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => compact(n.as_str()),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn object(o: &Term) -> Value {
    match o {
        Term::NamedNode(n) => json!({"@id": compact(n.as_str())}),
        Term::BlankNode(b) => json!({"@id": format!("_:{}", b.as_str())}),
        Term::Literal(l) => literal(l),
    }
}

/// A literal as JSON: a string for xsd:string, a number for an xsd:integer written the way
/// JSON-LD writes it back, a boolean for xsd:boolean, else a value object.
fn literal(l: &Literal) -> Value {
    if let Some(lang) = l.language() {
        return json!({"@value": l.value(), "@language": lang});
    }
    let datatype = l.datatype();
    if datatype == xsd::STRING {
        return Value::String(l.value().to_string());
    }
    if datatype == xsd::INTEGER
        && let Ok(n) = l.value().parse::<i64>()
        && n.to_string() == l.value()
    {
        return Value::from(n);
    }
    if datatype == xsd::BOOLEAN && matches!(l.value(), "true" | "false") {
        return Value::Bool(l.value() == "true");
    }
    json!({"@value": l.value(), "@type": compact(datatype.as_str())})
}

/// `prefix:rest` for an IRI under a known namespace; else the IRI. A rest that starts with
/// "//" would read back as an absolute IRI, so such an IRI stays whole.
fn compact(iri: &str) -> String {
    PREFIXES
        .iter()
        .filter_map(|(p, ns)| {
            let rest = iri.strip_prefix(ns)?;
            (!rest.is_empty() && !rest.starts_with("//")).then(|| (ns.len(), format!("{p}:{rest}")))
        })
        .max_by_key(|(len, _)| *len)
        .map_or_else(|| iri.to_string(), |(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_compact_under_the_longest_namespace_and_literals_keep_their_type() {
        assert_eq!(
            compact("https://w3id.org/claimtrace/ontology#speaker"),
            "ct:speaker"
        );
        assert_eq!(compact("http://example.com/x"), "http://example.com/x");
        assert_eq!(literal(&Literal::from(1013)), json!(1013));
        assert_eq!(
            literal(&Literal::new_typed_literal("0.8", xsd::DECIMAL)),
            json!({"@value": "0.8", "@type": "xsd:decimal"})
        );
        assert_eq!(
            literal(&Literal::new_typed_literal("007", xsd::INTEGER)),
            json!({"@value": "007", "@type": "xsd:integer"})
        );
    }
}
