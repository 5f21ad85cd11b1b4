//! Writes the store (or one graph) as RDF in the standard formats.

mod jsonld;

use std::io::Write;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, Quad, Triple};

use crate::mapping::vocab::PREFIXES;
use crate::store::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
}

impl ExportFormat {
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::Ntriples => RdfFormat::NTriples,
            ExportFormat::Nquads => RdfFormat::NQuads,
            ExportFormat::Trig => RdfFormat::TriG,
            ExportFormat::Rdfxml => RdfFormat::RdfXml,
            ExportFormat::Jsonld => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("no graph <{0}> in the store (see the .graphs of the REPL or `claimtrace stats`)")]
    NoSuchGraph(String),
    #[error("{iri} is not an IRI: {source}")]
    BadIri {
        iri: String,
        #[source]
        source: oxigraph::model::IriParseError,
    },
    #[error("--canonical writes N-Quads only (RDF Dataset Canonicalization, RDFC-1.0)")]
    CanonicalNeedsNquads,
    #[error("canonicalisation failed: {0}")]
    Canonical(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    if !matches!(format, RdfFormat::NTriples | RdfFormat::NQuads) {
        for (p, iri) in PREFIXES {
            s = s.with_prefix(*p, *iri).expect("known prefixes are valid");
        }
    }
    s
}

/// Writes the export; returns how many triples or quads were written. Dataset formats carry
/// every graph (or the one asked for); triple formats carry the union of all graphs, without
/// duplicates (or the one graph asked for).
pub fn export(
    store: &Store,
    format: ExportFormat,
    graph: Option<&str>,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let rdf = format.rdf_format();
    let graph = match graph {
        Some(g) => {
            let node = NamedNode::new(g).map_err(|source| ExportError::BadIri {
                iri: g.to_string(),
                source,
            })?;
            if !store.has_graph(node.as_ref())? {
                return Err(ExportError::NoSuchGraph(g.to_string()));
            }
            Some(node)
        }
        None => None,
    };
    // The whole store without the summary graph (this store's own counts, made again by
    // whichever store ingests into the data); asked for by name, it is exported.
    let summary = store.ids().summary_graph();
    let quads = store
        .quads(graph.as_ref().map(NamedNode::as_ref))
        .filter(move |q| {
            graph.is_some() || !matches!(q, Ok(q) if q.graph_name == summary.as_ref().into())
        });
    // Sorted, so the same store always exports the same text.
    let sorted = |quads: Vec<Quad>| {
        let mut all = quads;
        all.sort_by_cached_key(|q| {
            (
                q.graph_name.to_string(),
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        });
        all
    };
    if format == ExportFormat::Jsonld {
        let all = sorted(quads.collect::<Result<_, _>>()?);
        jsonld::write(&all, out)?;
        return Ok(all.len());
    }
    let mut w = serializer(rdf).for_writer(out);
    let mut n = 0;
    if rdf.supports_datasets() {
        let all = sorted(quads.collect::<Result<_, _>>()?);
        for q in &all {
            w.serialize_quad(q)?;
            n += 1;
        }
    } else {
        let mut all: Vec<Triple> = quads
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()?;
        all.sort_by_cached_key(|t| {
            (
                t.subject.to_string(),
                t.predicate.to_string(),
                t.object.to_string(),
            )
        });
        all.dedup();
        for t in &all {
            w.serialize_triple(t)?;
            n += 1;
        }
    }
    w.finish()?;
    Ok(n)
}

/// Writes the export in canonical N-Quads (W3C RDFC-1.0, computed by sophia, a second RDF
/// stack): the same graph always gives the same bytes, blank nodes included, so an export can
/// be hashed, signed or diffed.
pub fn export_canonical(
    store: &Store,
    graph: Option<&str>,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    use sophia::api::source::QuadSource;
    let mut nquads = Vec::new();
    let n = export(store, ExportFormat::Nquads, graph, &mut nquads)?;
    let text = String::from_utf8(nquads).map_err(|e| ExportError::Canonical(Box::new(e)))?;
    let dataset: sophia::inmem::dataset::FastDataset = sophia::turtle::parser::nq::parse_str(&text)
        .collect_quads()
        .map_err(|e| ExportError::Canonical(Box::new(e)))?;
    sophia::c14n::rdfc10::normalize(&dataset, out)
        .map_err(|e| ExportError::Canonical(Box::new(e)))?;
    Ok(n)
}
