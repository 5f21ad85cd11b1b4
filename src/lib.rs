//! claimtrace's RDF side and its command line: attributed statements, as the text side
//! (`claimtrace_text`) extracts them, mapped to RDF, linked into claims, stored in Oxigraph,
//! queried, traced and exported.
//!
//! Data flow: `claimtrace_text` (inputs -> articles -> statements) -> [`mapping`] (quads,
//! the only place that knows the vocabulary) -> [`claims`] (links to claims held across
//! articles) -> [`store`] (Oxigraph, sealed). [`ingest`] runs that flow in batches; [`query`],
//! [`trace`], [`export`] and [`validate`] read the store ([`trace`] and [`query`] a remote
//! store too, through [`source`]); [`push`] and [`remote`] hand the graph to other stores;
//! [`repl`] and [`cli`] are how people use it.

pub mod claims;
pub mod cli;
pub mod export;
pub mod extract_out;
pub mod ingest;
pub mod lock_holder;
pub mod mapping;
pub mod pages;
pub mod push;
pub mod queries;
pub mod query;
pub mod remote;
pub mod repl;
pub mod serve;
pub mod source;
pub mod store;
pub mod trace;
pub mod validate;
