//! Ingestion metadata, one entry per article in the ingest graph: where it was read from,
//! when, by which version of the extractor, and the digest of what was read (so an article
//! read again as it was is not extracted again).

use std::fmt::Write as _;

use claimtrace_text::article::Article;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};

use super::iri::Ids;
use super::out::Out;
use super::pattern::Pattern;
use super::vocab::ct;

/// Ingestion metadata for one article; `digest` is its [`input_digest`].
pub fn ingest_quads(
    ids: &Ids,
    article: &NamedNode,
    read_from: &str,
    at: &str,
    digest: &str,
) -> Vec<Quad> {
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
    out.add(
        article.clone(),
        ct::INPUT_DIGEST,
        Literal::new_simple_literal(digest),
    );
    out.quads
}

/// A digest of everything an article's graph is made from: the article as read (text and
/// metadata) and the rules that read it (`CLAIMTRACE_RULES`, from build.rs). Equal digests
/// make equal graphs, so a stored article with this digest need not be extracted again.
pub fn input_digest(article: &Article) -> String {
    struct Hashing(Sha256);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut h = Hashing(Sha256::new());
    h.0.update(env!("CLAIMTRACE_RULES"));
    h.0.update([0]);
    // Named field by field: a field added to Article fails to compile here until hashed.
    let Article {
        name,
        text,
        headline,
        published,
        author,
        publisher,
        url,
        id,
        summary_only,
        sources,
        credits,
        blocks,
    } = article;
    h.0.update(text.as_bytes());
    let _ = write!(
        h,
        "{name:?}{headline:?}{published:?}{author:?}{publisher:?}{url:?}{id:?}{summary_only:?}{sources:?}{credits:?}{blocks:?}"
    );
    h.0.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The input digest recorded for `article`, or for every article.
pub fn digest_of(ids: &Ids, article: Option<NamedNodeRef<'_>>) -> Pattern {
    Pattern {
        subject: article.map(NamedNodeRef::into_owned),
        predicate: Some(ct::INPUT_DIGEST),
        object: None,
        graph: Some(ids.ingest_graph()),
    }
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
        let quads = ingest_quads(&ids, &article, "a.txt", "2026-12-01T10:00:00Z", "00ff");
        assert_eq!(
            Recorded::from_quads(&quads),
            Recorded {
                ingested_at: Some("2026-12-01T10:00:00Z".into()),
                read_from: Some("a.txt".into()),
            }
        );
    }
}
