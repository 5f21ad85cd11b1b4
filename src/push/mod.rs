//! `claimtrace push`: every named graph of the store (articles, registry, claims, ingest,
//! ontology) sent to a remote store, each graph replaced whole (a Graph Store Protocol PUT,
//! or dropped and bulk loaded), so pushing again replaces and never duplicates. What was
//! sent, with its content digest, is recorded in the local ingest graph, so a second push
//! sends only the graphs that changed and an interrupted push goes on where it stopped.

mod as_stored;
mod content;
mod records;
mod send;

pub use crate::remote::{Auth, Loading};
pub use as_stored::AsStored;
pub use send::{BATCH, Options, PARALLEL, PushError, Refusal, Refused, Summary, push, push_graphs};
