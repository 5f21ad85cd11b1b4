//! One line per request on stderr: who asked, the method and path, the status, the rows
//! answered, the time taken, and why it failed when it did. Whichever side ends a request
//! first (its work, the timeout, the client going away) writes the line; later tries are
//! ignored, so each request has exactly one.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

#[derive(Clone)]
pub struct RequestLog(Arc<Request>);

struct Request {
    peer: SocketAddr,
    method: String,
    path: String,
    started: Instant,
    written: AtomicBool,
}

impl RequestLog {
    pub fn new(peer: SocketAddr, method: &str, path: &str) -> Self {
        RequestLog(Arc::new(Request {
            peer,
            method: method.to_string(),
            // The query string can hold a whole query: the path says enough.
            path: path.chars().take(200).collect(),
            started: Instant::now(),
            written: AtomicBool::new(false),
        }))
    }

    /// Writes the request's line, unless it has been written.
    pub fn line(&self, status: u16, rows: Option<usize>, note: Option<&str>) {
        let request = &self.0;
        if request.written.swap(true, Ordering::SeqCst) {
            return;
        }
        let ms = request.started.elapsed().as_secs_f64() * 1000.0;
        let rows = rows.map_or(String::new(), |r| format!(" rows={r}"));
        let note = note.map_or(String::new(), |n| {
            let first: String = n.lines().next().unwrap_or("").chars().take(160).collect();
            format!(" ({first})")
        });
        eprintln!(
            "{} {} {} {status}{rows} {ms:.1}ms{note}",
            request.peer, request.method, request.path
        );
    }
}
