//! `claimtrace push`: every named graph of the store (articles, registry, claims, ingest,
//! ontology) sent to a remote store with the SPARQL 1.1 Graph Store Protocol, one PUT per
//! graph, so pushing again replaces and never duplicates. What was sent, with its content
//! digest, is recorded in the local ingest graph, so a second push sends only the graphs that
//! changed and an interrupted push goes on where it stopped. The records themselves are
//! local bookkeeping: they count in no digest and are never sent.

mod as_stored;
mod send;

pub use crate::remote::Auth;
pub use as_stored::AsStored;
pub use send::{BATCH, Options, PARALLEL, PushError, Refused, Summary, push, push_graphs};
