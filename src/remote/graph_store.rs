//! A remote graph store as `push` speaks to it: `PUT URL?graph=IRI` with the graph as
//! N-Triples, which replaces the graph (SPARQL 1.1 Graph Store Protocol).

use std::time::Duration;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use ureq::http::Method;

use super::http::{Auth, Client, Failure, Request};

/// How long one graph may take to be sent and taken.
const PER_GRAPH: Duration = Duration::from_secs(300);

pub struct GraphStore {
    client: Client,
    url: String,
}

impl GraphStore {
    pub fn new(url: &str, auth: Auth) -> Self {
        GraphStore {
            client: Client::new(auth, Some(PER_GRAPH)),
            url: url.to_string(),
        }
    }

    /// Replaces `graph` on the server by `ntriples`.
    pub fn put(&self, graph: &str, ntriples: &[u8]) -> Result<(), Failure> {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        let target = format!(
            "{}{separator}graph={}",
            self.url,
            utf8_percent_encode(graph, NON_ALPHANUMERIC)
        );
        self.client
            .send(&Request {
                method: Method::PUT,
                url: &target,
                headers: &[("Content-Type", "application/n-triples")],
                body: ntriples,
                timeout: None,
            })
            .map(|_| ())
    }
}
