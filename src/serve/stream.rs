//! Work that writes an answer (a query's results, a graph) runs on a blocking thread, and its
//! answer is held back until it is done or has grown past [`HOLD`] bytes. Held back, a
//! failure (a timeout, a row limit, a storage error) still gets its own status; past that,
//! the answer streams in chunks and a failure ends the transfer as failed (the connection is
//! closed without the last chunk). A client that goes away cancels the work.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use oxigraph::sparql::CancellationToken;
use tokio::sync::{mpsc, oneshot};

use super::body::{self, Body, Chunk, Gone, Streamed};
use super::log::RequestLog;
use super::problem::Problem;
use super::state::State;

/// Bytes an answer may reach before it starts streaming.
pub const HOLD: usize = 4 << 20;
/// Bytes per streamed chunk.
const CHUNK: usize = 64 << 10;
/// Chunks in flight between the work's thread and the connection.
const IN_FLIGHT: usize = 8;

/// Why work stopped without its answer.
#[derive(Debug)]
pub enum Failure {
    /// The client's fault or the server's, with the status that says which.
    Problem(Problem),
    /// Cancelled: by the timeout, the client going away, or the server shutting down.
    Cancelled,
    /// Writing the answer failed (the client has gone).
    Write(io::Error),
}

impl From<Problem> for Failure {
    fn from(p: Problem) -> Self {
        Failure::Problem(p)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Write(e)
    }
}

/// What the work wrote, for the request's log line.
pub struct Written {
    pub rows: Option<usize>,
}

/// Runs `work` on a blocking thread and answers with what it writes to its [`Output`].
/// `token` is the work's cancellation token (given to Oxigraph by the work); it is cancelled
/// when the timeout passes, when the client goes away and when the server shuts down.
/// Oxigraph sees a cancellation when it next reads the store, which a join computed in
/// memory may not do for a while: the deadline is kept here, whatever the work does.
pub async fn run<W>(
    state: &State,
    token: CancellationToken,
    log: RequestLog,
    work: W,
) -> Response<Body>
where
    W: FnOnce(&mut Output) -> Result<Written, Failure> + Send + 'static,
{
    let gone = Gone::new(log.clone(), Some(token.clone()));
    let timeout = state.options.timeout;
    let deadline = timeout.map(|limit| (tokio::time::Instant::now() + limit, limit));
    // Waiting for a permit counts towards the timeout. The permit is given back when the
    // answer is done, or at the deadline even if the work runs on (see above).
    let permit = match deadline {
        Some((at, limit)) => {
            match tokio::time::timeout_at(at, state.work.clone().acquire_owned()).await {
                Ok(permit) => permit,
                Err(_) => return timed_out(&log, limit),
            }
        }
        None => state.work.clone().acquire_owned().await,
    }
    .expect("the work semaphore is never closed");
    let registration = state.running.register(token.clone());
    let (head_tx, head_rx) = oneshot::channel();
    let worker_log = log.clone();
    tokio::task::spawn_blocking(move || {
        let _registration = registration;
        let mut output = Output::new(head_tx);
        let outcome = work(&mut output);
        output.finish(outcome, timeout, &worker_log);
    });
    let head = match deadline {
        Some((at, limit)) => match tokio::time::timeout_at(at, head_rx).await {
            Ok(head) => head,
            Err(_) => {
                token.cancel();
                return timed_out(&log, limit);
            }
        },
        None => head_rx.await,
    };
    match head {
        Ok(Start::Whole(response)) => response,
        Ok(Start::Streaming(mut response, chunks)) => {
            *response.body_mut() = Body::Streamed(Streamed::new(chunks, deadline, gone, permit));
            response
        }
        Err(_) => {
            let problem = Problem::internal("the request's work ended without an answer");
            log.line(problem.status.as_u16(), None, Some(&problem.message));
            problem.into_response()
        }
    }
}

fn timed_out(log: &RequestLog, limit: Duration) -> Response<Body> {
    let problem = past_the_timeout(limit);
    log.line(problem.status.as_u16(), None, Some(&problem.message));
    problem.into_response()
}

/// The answer to work stopped by the server's `--timeout`.
fn past_the_timeout(limit: Duration) -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        body::past_the_timeout(limit),
    )
}

/// What the work's thread sends once: the whole answer, or the head of a streamed one.
enum Start {
    Whole(Response<Body>),
    Streaming(Response<Body>, mpsc::Receiver<Chunk>),
}

enum Sink {
    Holding(oneshot::Sender<Start>),
    Streaming(mpsc::Sender<Chunk>),
    /// The client has gone, or the answer was sent.
    Closed,
}

/// Where work writes its answer: set the head, then write the body.
pub struct Output {
    status: StatusCode,
    content_type: Option<String>,
    buffer: Vec<u8>,
    sink: Sink,
    started: Instant,
}

impl Output {
    fn new(head: oneshot::Sender<Start>) -> Self {
        Output {
            status: StatusCode::OK,
            content_type: None,
            buffer: Vec::new(),
            sink: Sink::Holding(head),
            started: Instant::now(),
        }
    }

    /// The status and media type of the answer, before its body is written.
    pub fn head(&mut self, status: StatusCode, content_type: &str) {
        self.status = status;
        self.content_type = Some(content_type.to_string());
    }

    fn response(&self, body: Body) -> Response<Body> {
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        if let Some(ct) = self
            .content_type
            .as_deref()
            .and_then(|c| HeaderValue::from_str(c).ok())
        {
            response.headers_mut().insert(CONTENT_TYPE, ct);
        }
        response
    }

    fn send_chunk(&mut self) -> io::Result<()> {
        let Sink::Streaming(tx) = &self.sink else {
            return Ok(());
        };
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        if tx.blocking_send(Ok(chunk)).is_err() {
            self.sink = Sink::Closed;
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the client has gone",
            ));
        }
        Ok(())
    }

    /// Starts streaming: the head goes out with what is held.
    fn start_streaming(&mut self) -> io::Result<()> {
        let Sink::Holding(_) = &self.sink else {
            return Ok(());
        };
        let Sink::Holding(head) = std::mem::replace(&mut self.sink, Sink::Closed) else {
            unreachable!("checked above");
        };
        let (tx, rx) = mpsc::channel(IN_FLIGHT);
        if head
            .send(Start::Streaming(self.response(Body::empty()), rx))
            .is_err()
        {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the client has gone",
            ));
        }
        self.sink = Sink::Streaming(tx);
        self.send_chunk()
    }

    /// Sends the answer, or its failure, and logs the request (unless the timeout or the
    /// client going away ended it first).
    fn finish(
        mut self,
        outcome: Result<Written, Failure>,
        timeout: Option<Duration>,
        log: &RequestLog,
    ) {
        let failure = match outcome {
            Ok(written) => {
                // Logged before the answer goes, so the line is this one, not the client's
                // leaving after it.
                log.line(self.status.as_u16(), written.rows, None);
                match std::mem::replace(&mut self.sink, Sink::Closed) {
                    Sink::Holding(head) => {
                        let body = Body::whole(std::mem::take(&mut self.buffer));
                        let _ = head.send(Start::Whole(self.response(body)));
                    }
                    sink @ Sink::Streaming(_) => {
                        self.sink = sink;
                        let _ = self.send_chunk();
                    }
                    Sink::Closed => {}
                }
                return;
            }
            Err(Failure::Problem(p)) => p,
            Err(Failure::Cancelled) => {
                let took = self.started.elapsed();
                if let Some(limit) = timeout
                    && took > limit + Duration::from_secs(1)
                {
                    eprintln!(
                        "claimtrace serve: a query cancelled at its {} s limit went on {:.1} s more before the engine saw it (it checks as it reads the store)",
                        limit.as_secs_f64(),
                        (took - limit).as_secs_f64()
                    );
                }
                match timeout.filter(|limit| took >= *limit) {
                    Some(limit) => past_the_timeout(limit),
                    None => Problem::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "the request was cancelled: the client went away or the server is shutting down",
                    ),
                }
            }
            Err(Failure::Write(e)) => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("writing the answer failed: {e}"),
            ),
        };
        match std::mem::replace(&mut self.sink, Sink::Closed) {
            Sink::Holding(head) => {
                log.line(failure.status.as_u16(), None, Some(&failure.message));
                let _ = head.send(Start::Whole(failure.into_response()));
            }
            Sink::Streaming(tx) => {
                // The head has gone out as a success: only a failed transfer tells the truth.
                log.line(
                    self.status.as_u16(),
                    None,
                    Some(&format!("transfer aborted: {}", failure.message)),
                );
                let _ = tx.blocking_send(Err(io::Error::other(failure.message)));
            }
            Sink::Closed => log.line(499, None, Some("the client went away")),
        }
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if matches!(self.sink, Sink::Closed) {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the client has gone",
            ));
        }
        self.buffer.extend_from_slice(bytes);
        match self.sink {
            Sink::Holding(_) if self.buffer.len() >= HOLD => self.start_streaming()?,
            Sink::Streaming(_) if self.buffer.len() >= CHUNK => self.send_chunk()?,
            _ => {}
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
