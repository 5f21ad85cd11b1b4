//! Ingestion metadata, one entry per article in the ingest graph: where it was read from,
//! when, and by which version of the extractor.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};

use super::iri::Ids;
use super::out::Out;
use super::pattern::Pattern;
use super::vocab::ct;

/// Ingestion metadata for one article.
pub fn ingest_quads(ids: &Ids, article: &NamedNode, read_from: &str, at: &str) -> Vec<Quad> {
    let graph = GraphName::NamedNode(ids.ingest_graph());
    let mut out = Out::new(&graph, ids);
    out.add(
        article.clone(),
        ct::READ_FROM,
        Literal::new_simple_literal(read_from),
    );
    out.add(
        article.clone(),
        ct::INGESTED_AT,
        Literal::new_typed_literal(at, xsd::DATE_TIME),
    );
    out.add(
        article.clone(),
        ct::EXTRACTOR_VERSION,
        Literal::new_simple_literal(env!("CARGO_PKG_VERSION")),
    );
    out.quads
}

/// Everything the ingest graph records of `article`.
pub fn of(ids: &Ids, article: NamedNodeRef<'_>) -> Pattern {
    Pattern {
        subject: Some(article.into_owned()),
        predicate: None,
        object: None,
        graph: Some(ids.ingest_graph()),
    }
}

/// What an article's stored metadata says, read from its quads (see [`of`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The ingest run that stored it (its timestamp).
    pub ingested_at: Option<String>,
    /// The input it was read from, with line or item.
    pub read_from: Option<String>,
}

impl Recorded {
    pub fn from_quads(quads: &[Quad]) -> Self {
        let literal_of = |p: NamedNodeRef<'_>| {
            quads.iter().find_map(|q| match &q.object {
                Term::Literal(l) if q.predicate.as_ref() == p => Some(l.value().to_string()),
                _ => None,
            })
        };
        Recorded {
            ingested_at: literal_of(ct::INGESTED_AT),
            read_from: literal_of(ct::READ_FROM),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_reads_back_as_written() {
        let ids = Ids::default();
        let article = NamedNode::new_unchecked("https://w3id.org/claimtrace/id/article/1");
        let quads = ingest_quads(&ids, &article, "a.txt", "2026-12-01T10:00:00Z");
        assert_eq!(
            Recorded::from_quads(&quads),
            Recorded {
                ingested_at: Some("2026-12-01T10:00:00Z".into()),
                read_from: Some("a.txt".into()),
            }
        );
    }
}
