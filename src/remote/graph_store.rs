//! A remote graph store as `push` speaks to it. Every server takes `PUT URL?graph=IRI` with
//! the graph as N-Triples, which replaces the graph in one transaction (SPARQL 1.1 Graph
//! Store Protocol). Oxigraph's server also takes many graphs at once as N-Quads into its
//! bulk loader (`POST /store?no_transaction`), once they are dropped through its update
//! endpoint: the way to its own loader's speed, without a transaction.

use std::time::Duration;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use ureq::http::Method;

use super::http::{Auth, Client, Failure, Request};

/// How long one request (a graph, or a batch of them) may take to be sent and taken.
const PER_REQUEST: Duration = Duration::from_secs(300);

/// How graphs reach the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// One PUT per graph: each graph replaced in a transaction of its own.
    Put,
    /// Batches of graphs dropped, then loaded as N-Quads by the server's bulk loader.
    Bulk,
}

pub struct GraphStore {
    client: Client,
    url: String,
    /// Where graphs are dropped before a bulk load: Oxigraph's `/update` beside `/store`.
    update: Option<String>,
}

impl GraphStore {
    pub fn new(url: &str, auth: Auth) -> Self {
        GraphStore {
            client: Client::new(auth, Some(PER_REQUEST)),
            url: url.to_string(),
            update: update_beside(url),
        }
    }

    /// Whether [`GraphStore::load`] can be used: the URL is where Oxigraph keeps its store.
    pub fn can_load_in_bulk(&self) -> bool {
        self.update.is_some()
    }

    /// How this server takes graphs best: in bulk when it is Oxigraph's (it names itself in
    /// its `Server` header) at its usual URL.
    pub fn best_loading(&self) -> Result<Loading, Failure> {
        let server = self.client.server_name(&self.url)?;
        let oxigraph = server.is_some_and(|s| s.starts_with("Oxigraph/"));
        Ok(if oxigraph && self.can_load_in_bulk() {
            Loading::Bulk
        } else {
            Loading::Put
        })
    }

    /// Replaces `graph` on the server by `ntriples`.
    pub fn put(&self, graph: &str, ntriples: &[u8]) -> Result<(), Failure> {
        let target = with_parameter(&self.url, &format!("graph={}", encode(graph)));
        retrying(|| {
            self.client
                .send(&Request {
                    method: Method::PUT,
                    url: &target,
                    headers: &[("Content-Type", "application/n-triples")],
                    body: ntriples,
                    timeout: None,
                })
                .map(|_| ())
        })
    }

    /// Replaces `graphs` on the server by what `nquads` holds of them: one update drops
    /// them, then the bulk loader reads the quads. Not atomic: a reader may see the graphs
    /// missing or half loaded until it returns.
    pub fn load(&self, graphs: &[&str], nquads: &[u8]) -> Result<(), Failure> {
        let update = self.update.as_deref().ok_or_else(|| {
            Failure::Unreachable(format!("{} has no update endpoint beside it", self.url))
        })?;
        let drops: String = graphs
            .iter()
            .map(|g| format!("DROP SILENT GRAPH <{g}> ;\n"))
            .collect();
        let loader = with_parameter(&self.url, "no_transaction");
        retrying(|| {
            self.client.send(&Request {
                method: Method::POST,
                url: update,
                headers: &[("Content-Type", "application/sparql-update")],
                body: drops.as_bytes(),
                timeout: None,
            })?;
            self.client
                .send(&Request {
                    method: Method::POST,
                    url: &loader,
                    headers: &[("Content-Type", "application/n-quads")],
                    body: nquads,
                    timeout: None,
                })
                .map(|_| ())
        })
    }
}

/// Oxigraph's update endpoint: `/update` beside `/store`.
fn update_beside(graph_store: &str) -> Option<String> {
    let (path, query) = graph_store.split_once('?').unwrap_or((graph_store, ""));
    let base = path.strip_suffix("/store")?;
    Some(format!("{base}/update")).filter(|_| query.is_empty())
}

/// Tries again after a passing failure, waiting longer each time: replacing a graph twice
/// has the effect of once. Passing: a gateway or an overloaded server (502, 503, 504), or a
/// transaction the server deadlocked (Virtuoso answers 500 "SR172: Transaction deadlocked"
/// when PUTs run at once).
fn retrying(send: impl Fn() -> Result<(), Failure>) -> Result<(), Failure> {
    let mut pause = FIRST_PAUSE;
    for _ in 0..RETRIES {
        match send() {
            Err(Failure::Refused { status, message })
                if matches!(status, 502..=504)
                    || (status == 500 && message.to_lowercase().contains("deadlock")) =>
            {
                std::thread::sleep(pause);
                pause *= 4;
            }
            done => return done,
        }
    }
    send()
}

const RETRIES: usize = 3;
const FIRST_PAUSE: Duration = Duration::from_millis(200);

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

fn with_parameter(url: &str, parameter: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{parameter}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oxigraphs_update_endpoint_is_beside_its_store() {
        assert_eq!(
            update_beside("http://127.0.0.1:7878/store").as_deref(),
            Some("http://127.0.0.1:7878/update")
        );
        assert_eq!(
            update_beside("http://h/db/store").as_deref(),
            Some("http://h/db/update")
        );
        assert_eq!(update_beside("http://h:8890/sparql-graph-crud-auth"), None);
        assert_eq!(update_beside("http://h/store?x=1"), None);
    }
}
