//! Remote stores over the standard protocols: a graph store to push to
//! ([`GraphStore`], SPARQL 1.1 Graph Store Protocol) and a SPARQL endpoint to query
//! ([`Endpoint`], SPARQL 1.1 Protocol), with the credentials each server asks for.

mod endpoint;
mod graph_store;
mod http;
mod results;
mod rewrite;

pub use endpoint::{Endpoint, RemoteError};
pub use graph_store::{GraphStore, Loading};
pub use http::{Auth, Failure, Hangup, Scheme};
pub use rewrite::self_contained;
