//! A remote SPARQL endpoint, as `query`, `stats` and `trace` read it with `--endpoint`:
//! queries sent with GET (a form POST when long; never a direct POST, on which Virtuoso
//! hangs), always with an Accept header (Virtuoso answers HTML without one), and the answer
//! read as an [`Outcome`], so it renders as a local one does.

use std::sync::Arc;
use std::time::Duration;

use oxigraph::model::{Term, Variable};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use ureq::http::Method;

use super::http::{Auth, Client, Failure, Hangup, Request};
use super::results;
use super::rewrite::{self, Form};
use crate::query::Outcome;

/// Longer queries go as a form POST: servers and proxies cap the length of a URL.
const LONGEST_GET: usize = 4000;

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("{url}: {failure}")]
    Failed { url: String, failure: Failure },
    #[error("{url}: {reason}")]
    Unreadable { url: String, reason: String },
    #[error(
        "{url} cut the result at {rows} rows (Virtuoso's ResultSetMaxRows, in the [SPARQL] section of virtuoso.ini): raise it, or add LIMIT and OFFSET"
    )]
    Truncated { url: String, rows: usize },
    #[error(
        "{url} gave a partial result ({message}): Virtuoso stops a query at its MaxQueryExecutionTime ([SPARQL] section of virtuoso.ini) and answers what it had; raise it, or narrow the query"
    )]
    Partial { url: String, message: String },
    #[error("updates are not sent to remote stores (push sends the graph); run it on the server")]
    Update,
}

/// Cheap to clone: clones share the client and the challenge it answers.
#[derive(Clone)]
pub struct Endpoint {
    client: Arc<Client>,
    url: String,
}

impl Endpoint {
    /// The endpoint at `url`; each request takes at most `timeout` (none: no limit).
    pub fn new(url: &str, auth: Auth, timeout: Option<Duration>) -> Self {
        Endpoint {
            client: Arc::new(Client::new(auth, timeout)),
            url: url.to_string(),
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A copy whose request [`Hangup::hang_up`] interrupts, closing its connection.
    pub fn detached(&self) -> (Endpoint, Hangup) {
        let (client, hangup) = self.client.detached();
        let copy = Endpoint {
            client: Arc::new(client),
            url: self.url.clone(),
        };
        (copy, hangup)
    }

    /// Runs a query with claimtrace's prefixes and `bindings` (a named query's parameters).
    pub fn query(
        &self,
        sparql: &str,
        bindings: &[(Variable, Term)],
    ) -> Result<Outcome, RemoteError> {
        self.query_with(sparql, &[], bindings, None)
    }

    /// [`Endpoint::query`] with `prefixes` declared too (the REPL's `.prefix`), and given up
    /// after `timeout` if that comes before the endpoint's own.
    pub fn query_with(
        &self,
        sparql: &str,
        prefixes: &[(String, String)],
        bindings: &[(Variable, Term)],
        timeout: Option<Duration>,
    ) -> Result<Outcome, RemoteError> {
        let accept = match rewrite::form(sparql) {
            Form::Results => {
                "application/sparql-results+json, application/sparql-results+xml;q=0.8"
            }
            Form::Graph => "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8",
            Form::Update => return Err(RemoteError::Update),
        };
        let text = rewrite::self_contained(sparql, prefixes, bindings);
        let encoded = utf8_percent_encode(&text, NON_ALPHANUMERIC).to_string();
        let form = format!("query={encoded}");
        let get = format!(
            "{}{}{form}",
            self.url,
            if self.url.contains('?') { '&' } else { '?' }
        );
        let request = if get.len() <= LONGEST_GET {
            Request {
                method: Method::GET,
                url: &get,
                headers: &[("Accept", accept)],
                body: &[],
                timeout,
            }
        } else {
            Request {
                method: Method::POST,
                url: &self.url,
                headers: &[
                    ("Accept", accept),
                    ("Content-Type", "application/x-www-form-urlencoded"),
                ],
                body: form.as_bytes(),
                timeout,
            }
        };
        let answer = self
            .client
            .send(&request)
            .map_err(|failure| RemoteError::Failed {
                url: self.url.clone(),
                failure,
            })?;
        let outcome = results::read(&answer.content_type, &answer.body).map_err(|reason| {
            RemoteError::Unreadable {
                url: self.url.clone(),
                reason,
            }
        })?;
        // Virtuoso answers what an "anytime" query found by its deadline, and says so only in
        // a header.
        if let Some(state) = answer.headers.get("x-sql-state")
            && state.as_bytes() == b"S1TAT"
        {
            let message = answer
                .headers
                .get("x-sql-message")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("timed out")
                .to_string();
            return Err(RemoteError::Partial {
                url: self.url.clone(),
                message,
            });
        }
        // Virtuoso says so in a header when it cut the result at its row cap.
        let cap = answer
            .headers
            .get("x-sparql-maxrows")
            .and_then(|v| v.to_str().ok()?.trim().parse::<usize>().ok());
        if let (Some(cap), Outcome::Solutions { rows, .. }) = (cap, &outcome)
            && rows.len() >= cap
        {
            return Err(RemoteError::Truncated {
                url: self.url.clone(),
                rows: rows.len(),
            });
        }
        Ok(outcome)
    }
}
