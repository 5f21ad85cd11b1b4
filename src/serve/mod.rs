//! `claimtrace serve`: the store as a SPARQL 1.1 endpoint (Protocol at `/sparql`, `/query`,
//! `/update`; Graph Store Protocol at `/store`; articles at `POST /ingest`; a query page at
//! `/`).
//!
//! One tokio runtime accepts connections (hyper, HTTP/1.1); each query runs on a blocking
//! thread ([`stream`]), because Oxigraph's result iterators are not `Send`, and its answer is
//! held until done or large, so failures keep their status. Writes take one lock, so there
//! is one writer at a time; readers read snapshots and never see half a write. Ctrl-C or
//! SIGTERM stops accepting, cancels running work, lets answers in flight finish and closes
//! the store.

mod body;
mod description;
mod formats;
mod graph_store;
mod ingest;
mod log;
mod negotiate;
mod page;
mod pages;
mod params;
mod problem;
mod request;
mod router;
mod sparql;
mod state;
mod stream;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub use state::Options;
use state::State;

use crate::store::Store;

/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 1024;
/// How long a client may take to send its request's head (a slow client is cut off).
const HEADER_DEADLINE: Duration = Duration::from_secs(10);
/// How long answers in flight may take to finish at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        #[source]
        source: io::Error,
    },
    #[error("cannot start the server: {0}")]
    Runtime(#[source] io::Error),
}

/// Serves `store` until Ctrl-C or SIGTERM.
pub fn serve(store: Store, options: Options) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("claimtrace-serve")
        .build()
        .map_err(ServeError::Runtime)?;
    let outcome = runtime.block_on(run(State::new(store, options)));
    // Work cancelled at shutdown ends at its next check; give it a moment, then go.
    runtime.shutdown_timeout(Duration::from_secs(5));
    outcome
}

async fn run(state: State) -> Result<(), ServeError> {
    let addr = state.options.bind;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let addr = listener.local_addr().unwrap_or(addr);
    announce(&state, addr);
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut stop = std::pin::pin!(shutdown_signal());
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            _ = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was taken.
                    eprintln!("claimtrace serve: accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let state = state.clone();
        let service = service_fn(move |request| router::handle(state.clone(), peer, request));
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_DEADLINE)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection's error (reset, a malformed request) ends that connection only.
            let _ = connection.await;
            drop(permit);
        });
    }
    let cancelled = state.running.cancel_all();
    eprintln!(
        "claimtrace serve: shutting down ({cancelled} running request{} cancelled)",
        if cancelled == 1 { "" } else { "s" }
    );
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(SHUTDOWN_GRACE) => {
            eprintln!("claimtrace serve: connections still open after {} s; closing them", SHUTDOWN_GRACE.as_secs());
        }
    }
    Ok(())
}

fn announce(state: &State, addr: std::net::SocketAddr) {
    if !addr.ip().is_loopback() {
        eprintln!(
            "claimtrace serve: warning: listening on {addr}, reachable from other machines; anyone who can reach it can query the store"
        );
    }
    let mode = if state.updates_allowed() {
        "updates allowed with the bearer token"
    } else {
        "read-only"
    };
    let timeout = state.options.timeout.map_or("no timeout".to_string(), |t| {
        format!("timeout {} s", t.as_secs_f64())
    });
    eprintln!(
        "claimtrace serve: http://{addr}/ (query page), SPARQL endpoint http://{addr}/sparql, graph store http://{addr}/store; {mode}, {timeout}"
    );
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
}
