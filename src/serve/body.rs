//! The body of every response: whole (its length known, sent with Content-Length) or
//! streamed from a query's thread in chunks. A streamed body that ends in an error makes
//! hyper close the connection without the last chunk, so the client sees a failed transfer,
//! never a clean end to a truncated answer.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use oxigraph::sparql::CancellationToken;
use tokio::sync::{OwnedSemaphorePermit, mpsc};
use tokio::time::{Instant, Sleep};

use super::log::RequestLog;

/// What a query's thread sends after the head: chunks, or the error that ends the transfer.
pub type Chunk = io::Result<Bytes>;

pub enum Body {
    Whole(Option<Bytes>),
    Streamed(Streamed),
}

impl Body {
    pub fn empty() -> Self {
        Body::Whole(None)
    }

    pub fn whole(bytes: impl Into<Bytes>) -> Self {
        Body::Whole(Some(bytes.into()))
    }
}

/// Chunks from the work's thread, until the end, the work's failure or the request's
/// deadline: the deadline holds even when the work is slow to see its cancellation.
pub struct Streamed {
    chunks: mpsc::Receiver<Chunk>,
    deadline: Option<(Pin<Box<Sleep>>, Duration)>,
    gone: Gone,
    /// The work's permit to run, given back when the answer ends.
    permit: Option<OwnedSemaphorePermit>,
}

impl Streamed {
    pub fn new(
        chunks: mpsc::Receiver<Chunk>,
        deadline: Option<(Instant, Duration)>,
        gone: Gone,
        permit: OwnedSemaphorePermit,
    ) -> Self {
        Streamed {
            chunks,
            deadline: deadline.map(|(at, limit)| (Box::pin(tokio::time::sleep_until(at)), limit)),
            gone,
            permit: Some(permit),
        }
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        if let Poll::Ready(chunk) = self.chunks.poll_recv(cx) {
            if chunk.is_none() {
                self.permit = None;
            }
            return Poll::Ready(chunk);
        }
        let Some((sleep, limit)) = &mut self.deadline else {
            return Poll::Pending;
        };
        if sleep.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        let message = past_the_timeout(*limit);
        self.gone.cancel();
        self.gone
            .log
            .line(200, None, Some(&format!("transfer aborted: {message}")));
        self.deadline = None;
        self.permit = None;
        self.chunks.close();
        Poll::Ready(Some(Err(io::Error::other(message))))
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            Body::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Streamed(streamed) => streamed
                .poll_chunk(cx)
                .map(|chunk| chunk.map(|c| c.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Body::Streamed(_) => SizeHint::default(),
        }
    }
}

/// What a request leaves when its client goes away: its work cancelled and its line logged
/// (unless it was logged already). Held by the request's future, which hyper drops when the
/// client disconnects, then by a streamed body.
pub struct Gone {
    log: RequestLog,
    token: Option<CancellationToken>,
    armed: bool,
}

impl Gone {
    pub fn new(log: RequestLog, token: Option<CancellationToken>) -> Self {
        Gone {
            log,
            token,
            armed: true,
        }
    }

    /// The request was answered: dropping this does nothing.
    pub fn disarm(mut self) {
        self.armed = false;
    }

    fn cancel(&self) {
        if let Some(token) = &self.token {
            token.cancel();
        }
    }
}

impl Drop for Gone {
    fn drop(&mut self) {
        if self.armed {
            self.cancel();
            self.log.line(499, None, Some("the client went away"));
        }
    }
}

/// What the server says of work stopped by its `--timeout`.
pub fn past_the_timeout(limit: Duration) -> String {
    format!(
        "the query was stopped after {} s, this server's limit (--timeout); narrow it, or add a LIMIT",
        limit.as_secs_f64()
    )
}

/// A response of `bytes`, whole.
pub fn whole(status: StatusCode, content_type: &str, bytes: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(Body::whole(bytes));
    *response.status_mut() = status;
    if let Ok(ct) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(CONTENT_TYPE, ct);
    }
    response
}
