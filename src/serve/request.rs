//! A request as the handlers read it: method, path, parameters, headers and the whole body,
//! read with a size limit and a deadline so a huge or slow upload cannot hold the server.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming as HyperBody;
use hyper::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST, HeaderMap};
use hyper::{Method, StatusCode};

use super::params::Params;
use super::problem::Problem;

/// How long a client may take to send its body.
const BODY_DEADLINE: Duration = Duration::from_secs(30);

pub struct Incoming {
    pub method: Method,
    pub path: String,
    /// The parameters of the query string.
    pub params: Params,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub peer: SocketAddr,
}

impl Incoming {
    /// Reads `request` whole; a body over `limit` bytes is refused with 413.
    pub async fn read(
        request: hyper::Request<HyperBody>,
        peer: SocketAddr,
        limit: usize,
    ) -> Result<Self, Problem> {
        let (parts, body) = request.into_parts();
        let params = Params::parse(parts.uri.query().unwrap_or(""))
            .map_err(|e| Problem::bad_request(format!("the query string: {e}")))?;
        let collected = tokio::time::timeout(BODY_DEADLINE, Limited::new(body, limit).collect())
            .await
            .map_err(|_| {
                Problem::new(
                    StatusCode::REQUEST_TIMEOUT,
                    format!(
                        "the request body did not arrive within {} s",
                        BODY_DEADLINE.as_secs()
                    ),
                )
            })?
            .map_err(|e| {
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    Problem::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!(
                            "the request body is larger than this resource takes ({} MiB)",
                            limit >> 20
                        ),
                    )
                } else {
                    Problem::bad_request(format!("the request body could not be read: {e}"))
                }
            })?;
        Ok(Incoming {
            method: parts.method,
            path: parts.uri.path().to_string(),
            params,
            headers: parts.headers,
            body: collected.to_bytes(),
            peer,
        })
    }

    pub fn header(&self, name: impl hyper::header::AsHeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn content_type(&self) -> Option<&str> {
        self.header(CONTENT_TYPE)
    }

    pub fn accept(&self) -> Option<&str> {
        self.header(ACCEPT)
    }

    pub fn authorization(&self) -> Option<&str> {
        self.header(AUTHORIZATION)
    }

    /// The URL of `path` on this server, as the client named it (its Host header).
    pub fn url_of(&self, path: &str) -> String {
        let host = self
            .header(HOST)
            .filter(|h| {
                h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
            })
            .map_or_else(|| self.peer.to_string(), str::to_string);
        format!("http://{host}{path}")
    }

    /// The body as UTF-8, refusing a declared charset other than UTF-8.
    pub fn text_body(&self) -> Result<String, Problem> {
        if let Some(charset) = self.content_type().and_then(super::negotiate::charset)
            && charset != "utf-8"
            && charset != "utf8"
        {
            return Err(Problem::unsupported_media_type(format!(
                "the body is declared {charset}; this server reads UTF-8 only"
            )));
        }
        String::from_utf8(self.body.to_vec())
            .map_err(|e| Problem::bad_request(format!("the body is not UTF-8: {e}")))
    }
}
