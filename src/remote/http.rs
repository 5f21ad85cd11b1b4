//! One HTTP client for every remote store: the credentials each server asks for (Basic,
//! Digest or a bearer token), the answer read whole, and failures told apart as refused (the
//! server answered, not with success) or unreachable (no answer).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use ureq::http::{self, HeaderValue};

/// The credentials sent with each request.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    Password {
        user: String,
        password: String,
        scheme: Scheme,
    },
    /// `claimtrace serve --allow-update`'s token.
    Bearer(String),
}

/// How a user name and password are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// With every request, from the first.
    Basic,
    /// HTTP Digest (RFC 7616), as Virtuoso asks for on its authenticated endpoints: the
    /// password never crosses the wire.
    Digest,
    /// As the server's first challenge asks (Basic or Digest), nothing sent before it.
    Challenged,
}

/// The challenge a server sent, answered on every request after it.
enum Challenge {
    Basic,
    Digest(digest_auth::WwwAuthenticateHeader),
}

#[derive(Debug, Clone)]
pub enum Failure {
    /// The server answered, and not with success.
    Refused { status: u16, message: String },
    /// No answer: the server is down, the address wrong, the connection broken.
    Unreachable(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused { status, message } if message.is_empty() => {
                write!(f, "refused with {status}")
            }
            Failure::Refused { status, message } => write!(f, "refused with {status}: {message}"),
            Failure::Unreachable(reason) => write!(f, "no answer: {reason}"),
        }
    }
}

/// A successful answer.
pub struct Answer {
    pub content_type: String,
    pub body: Vec<u8>,
    /// The response's headers, for what a server says beside the body (Virtuoso's row cap).
    pub headers: http::HeaderMap,
}

/// A request, built again for a retry (a Digest challenge needs the request sent twice).
pub struct Request<'a> {
    pub method: http::Method,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
    /// A shorter limit than the client's for this request (the REPL's `.timeout`).
    pub timeout: Option<Duration>,
}

pub struct Client {
    agent: ureq::Agent,
    auth: Auth,
    timeout: Option<Duration>,
    /// The last challenge, answered again (a Digest nonce counted up) until the server
    /// sends a new one: one round trip per request instead of two. Shared with the
    /// client's [`Client::detached`] copies.
    challenge: Arc<Mutex<Option<Challenge>>>,
}

/// Closes the connections of a [`Client::detached`] copy, interrupting its request.
pub struct Hangup(ureq::Agent);

impl Hangup {
    pub fn hang_up(self) {
        self.0.shutdown();
    }
}

fn agent(timeout: Option<Duration>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(timeout)
        .build()
        .into()
}

impl Client {
    /// A client whose requests each take at most `timeout` (none: no limit).
    pub fn new(auth: Auth, timeout: Option<Duration>) -> Self {
        Client {
            agent: agent(timeout),
            auth,
            timeout,
            challenge: Arc::new(Mutex::new(None)),
        }
    }

    /// A copy with connections of its own, and what closes them from another thread (the
    /// REPL's Ctrl-C): a request then ends at once, and the server sees the client go.
    pub fn detached(&self) -> (Client, Hangup) {
        let copy = Client {
            agent: agent(self.timeout),
            auth: self.auth.clone(),
            timeout: self.timeout,
            challenge: Arc::clone(&self.challenge),
        };
        let hangup = Hangup(copy.agent.clone());
        (copy, hangup)
    }

    /// Sends `request`, answering a challenge once; the body of a 2xx answer, else the
    /// status and the first line the server said.
    pub fn send(&self, request: &Request<'_>) -> Result<Answer, Failure> {
        // A server that refuses a request may answer before it has read the body, and close
        // the connection (Virtuoso does): the body's write then breaks, and the answer is
        // lost. So a body is only sent once the server's challenge is known, and when it
        // breaks, the same request without one says whether it was refused.
        if !request.body.is_empty() && self.awaits_challenge() {
            self.learn_challenge(&head_of(request))?;
        }
        let mut response = self.attempt(request)?;
        if response.status() == 401
            && let Some(challenge) = self.answerable(response.headers())
        {
            self.keep(challenge);
            response = self.attempt(request)?;
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()
            .map_err(|e| Failure::Unreachable(format!("the answer broke off: {e}")))?;
        if (200..300).contains(&status) {
            return Ok(Answer {
                content_type,
                body,
                headers,
            });
        }
        Err(Failure::Refused {
            status,
            message: reason(&String::from_utf8_lossy(&body)),
        })
    }

    /// What the server at `url` calls itself (its `Server` header), asked with a HEAD; a
    /// challenge it sends is kept for the requests after.
    pub fn server_name(&self, url: &str) -> Result<Option<String>, Failure> {
        let probe = Request {
            method: http::Method::HEAD,
            url,
            headers: &[],
            body: &[],
            timeout: None,
        };
        let response = self.run(&probe, self.authorization(&probe))?;
        if response.status() == 401
            && let Some(challenge) = self.answerable(response.headers())
        {
            self.keep(challenge);
        }
        Ok(response
            .headers()
            .get("server")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string))
    }

    fn run(
        &self,
        request: &Request<'_>,
        authorization: Option<String>,
    ) -> Result<http::Response<ureq::Body>, Failure> {
        let mut builder = http::Request::builder()
            .method(request.method.clone())
            .uri(request.url);
        for (name, value) in request.headers {
            builder = builder.header(*name, *value);
        }
        if let Some(a) = authorization.and_then(|a| HeaderValue::from_str(&a).ok()) {
            builder = builder.header("Authorization", a);
        }
        let mut built = builder
            .body(request.body)
            .map_err(|e| Failure::Unreachable(format!("{}: {e}", request.url)))?;
        if let Some(limit) = request.timeout {
            // ureq closes the connection when the limit passes: the request is given up.
            built = self
                .agent
                .configure_request(built)
                .timeout_global(Some(limit))
                .build();
        }
        self.agent
            .run(built)
            .map_err(|e| Failure::Unreachable(e.to_string()))
    }

    /// Sends `request` with its credentials; a broken request with a body is asked about.
    fn attempt(&self, request: &Request<'_>) -> Result<http::Response<ureq::Body>, Failure> {
        match self.run(request, self.authorization(request)) {
            Err(broken) if !request.body.is_empty() => {
                Err(self.refusal_behind(request).unwrap_or(broken))
            }
            sent => sent,
        }
    }

    /// Whether the credentials wait on the server's challenge, which has not come yet.
    fn awaits_challenge(&self) -> bool {
        matches!(&self.auth, Auth::Password { scheme, .. } if *scheme != Scheme::Basic)
            && self
                .challenge
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_none()
    }

    fn keep(&self, challenge: Challenge) {
        *self.challenge.lock().unwrap_or_else(|e| e.into_inner()) = Some(challenge);
    }

    /// Sends `probe` (no body) and keeps the challenge its 401 carries.
    fn learn_challenge(&self, probe: &Request<'_>) -> Result<(), Failure> {
        let response = self.run(probe, None)?;
        if response.status() == 401
            && let Some(challenge) = self.answerable(response.headers())
        {
            self.keep(challenge);
        }
        Ok(())
    }

    /// Why the server broke off `request`, asked without the body: a 401 or 403 it gives
    /// the request's credentials.
    fn refusal_behind(&self, request: &Request<'_>) -> Option<Failure> {
        let probe = head_of(request);
        let response = self.run(&probe, self.authorization(&probe)).ok()?;
        let status = response.status().as_u16();
        matches!(status, 401 | 403).then(|| Failure::Refused {
            status,
            message: "the server broke off the request and refuses these credentials".into(),
        })
    }

    /// The challenge of a 401 that the credentials can answer.
    fn answerable(&self, headers: &http::HeaderMap) -> Option<Challenge> {
        let Auth::Password { scheme, .. } = &self.auth else {
            return None;
        };
        let offered = headers
            .get_all("www-authenticate")
            .iter()
            .filter_map(|v| v.to_str().ok());
        let mut basic = false;
        for offer in offered {
            let name = offer.split_whitespace().next().unwrap_or("");
            if name.eq_ignore_ascii_case("digest")
                && *scheme != Scheme::Basic
                && let Ok(prompt) = digest_auth::parse(offer)
            {
                return Some(Challenge::Digest(prompt));
            }
            basic |= name.eq_ignore_ascii_case("basic");
        }
        (basic && *scheme == Scheme::Challenged).then_some(Challenge::Basic)
    }

    /// The Authorization header for `request`: a bearer token or Basic as given, else as
    /// the server's last challenge asked.
    fn authorization(&self, request: &Request<'_>) -> Option<String> {
        let (user, password, scheme) = match &self.auth {
            Auth::None => return None,
            Auth::Bearer(token) => return Some(format!("Bearer {token}")),
            Auth::Password {
                user,
                password,
                scheme,
            } => (user, password, scheme),
        };
        let basic = || {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )
        };
        if *scheme == Scheme::Basic {
            return Some(basic());
        }
        let mut challenge = self.challenge.lock().unwrap_or_else(|e| e.into_inner());
        match challenge.as_mut()? {
            Challenge::Basic => Some(basic()),
            Challenge::Digest(prompt) => {
                let context = digest_auth::AuthContext::new_with_method(
                    user.as_str(),
                    password.as_str(),
                    path_and_query(request.url),
                    Some(request.body),
                    digest_auth::HttpMethod::from(request.method.as_str()),
                );
                prompt.respond(&context).ok().map(|h| h.to_string())
            }
        }
    }
}

/// `request` as a HEAD without a body: what the server says of it, cheaply.
fn head_of<'a>(request: &Request<'a>) -> Request<'a> {
    Request {
        method: http::Method::HEAD,
        url: request.url,
        headers: &[],
        body: &[],
        timeout: request.timeout,
    }
}

/// The request target Digest signs: the URL without scheme and authority.
fn path_and_query(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// What a refusal said, in one line of at most 300 characters. A plain-text answer is told
/// by its first line (Virtuoso follows it with the query); an HTML page (Virtuoso's and
/// others' error pages) by its text lines joined, tags dropped, since the reason is seldom
/// in the title ("SPARQL Graph Protocol request failed; Error 40001; SR172: Transaction
/// deadlocked").
fn reason(said: &str) -> String {
    let html = said.trim_start().starts_with('<');
    let mut text = String::new();
    let mut in_tag = false;
    for c in said.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push('\n');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let mut lines: Vec<&str> = Vec::new();
    for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !lines.contains(&line) {
            lines.push(line);
        }
        if !html {
            break;
        }
    }
    lines.join("; ").chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_signs_the_path_and_query_only() {
        assert_eq!(
            path_and_query("http://127.0.0.1:8890/sparql-graph-crud-auth?graph=x"),
            "/sparql-graph-crud-auth?graph=x"
        );
        assert_eq!(path_and_query("http://host"), "/");
    }

    #[test]
    fn a_refusal_is_told_by_its_first_line_or_its_page_s_text() {
        assert_eq!(
            reason(
                "<html><head><title>Failed</title></head><body>\n<h1>Error 413</h1>\nToo big</body></html>"
            ),
            "Failed; Error 413; Too big"
        );
        assert_eq!(
            reason("\n\n  plain reason  \nSPARQL query:\nSELECT"),
            "plain reason"
        );
    }
}
