//! The remote graph store, as `push` speaks to it: `PUT URL?graph=IRI` with the graph as
//! N-Triples, the credentials the server asks for, and its refusals kept with their status
//! and message.

use std::time::Duration;

use base64::Engine;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// How long one graph may take to be sent and taken.
const PER_GRAPH: Duration = Duration::from_secs(300);

/// The credentials sent with each request.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    Basic {
        user: String,
        password: String,
    },
    /// `claimtrace serve --allow-update`'s token.
    Bearer(String),
}

pub enum Failure {
    /// The server answered, and not with success.
    Refused { status: u16, message: String },
    /// No answer: the server is down, the address wrong, the connection broken.
    Unreachable(String),
}

pub struct GraphStore {
    agent: ureq::Agent,
    url: String,
    authorization: Option<String>,
}

impl GraphStore {
    pub fn new(url: &str, auth: &Auth) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(PER_GRAPH))
            .build()
            .into();
        let authorization = match auth {
            Auth::None => None,
            Auth::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )),
            Auth::Bearer(token) => Some(format!("Bearer {token}")),
        };
        GraphStore {
            agent,
            url: url.to_string(),
            authorization,
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
        let mut request = self
            .agent
            .put(&target)
            .header("Content-Type", "application/n-triples");
        if let Some(authorization) = &self.authorization {
            request = request.header("Authorization", authorization);
        }
        let mut response = request
            .send(ntriples)
            .map_err(|e| Failure::Unreachable(e.to_string()))?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let said = response.body_mut().read_to_string().unwrap_or_default();
        let message: String = said
            .trim()
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(300)
            .collect();
        Err(Failure::Refused { status, message })
    }
}
