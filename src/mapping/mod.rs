//! The mapping between the text side's articles and statements and RDF: the only place that
//! knows the vocabulary. It writes (an article's quads, the registry, claim links, ingestion
//! metadata) and it says how to read back what it wrote ([`Pattern`]s the store looks up).
//!
//! Every triple lives in exactly one graph: one named graph per article (named by the
//! article's IRI), the registry graph (outlets and every agent articles name, described
//! once), the claims graph, the ingestion metadata graph and the ontology graph. (Oxigraph
//! 0.5 counts a triple once per graph in the union default graph, so copies across graphs
//! would show as duplicate rows.)

mod article;
pub mod claims;
mod iri;
pub mod meta;
mod out;
mod pattern;
pub mod registry;
pub mod summary;
pub mod vocab;

pub use article::{Mapped, Utterance, article_quads, statements_of};
pub use iri::{Ids, slug};
pub use pattern::Pattern;
