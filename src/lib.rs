//! claimtrace: attributed statements in news articles, as an RDF graph you can query.
//!
//! Data flow: [`input`] and [`article`] readers -> [`extract`] (statements) -> [`graph`]
//! (quads) -> [`store`]. Each stage is a pure function of its input except the store.

pub mod article;
pub mod claims;
pub mod export;
pub mod extract;
pub mod graph;
pub mod ingest;
pub mod input;
pub mod outlets;
pub mod queries;
pub mod query;
pub mod repl;
pub mod store;
pub mod trace;
