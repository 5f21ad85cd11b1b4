//! Which handler a request goes to, by its path; the read-only and token checks for writes;
//! CORS; and the log line for answers that are not streamed.

use std::convert::Infallible;
use std::net::SocketAddr;

use hyper::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ALLOW,
    HeaderValue, VARY,
};
use hyper::{Method, Request, Response, StatusCode};
use oxigraph::sparql::CancellationToken;

use super::body::{Body, Gone, whole};
use super::description;
use super::graph_store::{self, ReadJob, Target};
use super::ingest;
use super::log::RequestLog;
use super::page;
use super::pages;
use super::problem::Problem;
use super::request::Incoming;
use super::sparql::{self, Endpoint, Operation, QueryJob, UpdateJob};
use super::state::State;
use super::stream;

/// The largest query or update taken, in bytes.
const QUERY_LIMIT: usize = 4 << 20;
/// The largest graph or article batch taken, in bytes.
const UPLOAD_LIMIT: usize = 256 << 20;

const METHODS: &str = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

pub async fn handle(
    state: State,
    peer: SocketAddr,
    request: Request<hyper::body::Incoming>,
) -> Result<Response<Body>, Infallible> {
    let log = RequestLog::new(peer, request.method().as_str(), request.uri().path());
    // Dropped unanswered when the client goes away: the line says so.
    let gone = Gone::new(log.clone(), None);
    let (mut response, logged) = match route(&state, peer, request, &log).await {
        Ok(answer) => answer,
        Err(problem) => {
            log.line(problem.status.as_u16(), None, Some(&problem.message));
            (problem.into_response(), true)
        }
    };
    gone.disarm();
    if !logged {
        log.line(response.status().as_u16(), None, None);
    }
    if let Some(origin) = state
        .options
        .cors
        .as_deref()
        .and_then(|o| HeaderValue::from_str(o).ok())
    {
        let headers = response.headers_mut();
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(METHODS),
        );
        headers.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Accept, Authorization, Content-Type"),
        );
        headers.insert(VARY, HeaderValue::from_static("Origin"));
    }
    Ok(response)
}

/// The answer, and whether it has been logged already (streamed work logs when it ends).
async fn route(
    state: &State,
    peer: SocketAddr,
    request: Request<hyper::body::Incoming>,
    log: &RequestLog,
) -> Result<(Response<Body>, bool), Problem> {
    let path = request.uri().path().to_string();
    if request.method() == Method::OPTIONS {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NO_CONTENT;
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static(METHODS));
        return Ok((response, false));
    }
    if let Some(answer) = page::asset(request.method(), &path) {
        return Ok((answer?, false));
    }
    if let Some(answer) = pages::asset(request.method(), &path) {
        return Ok((answer?, false));
    }
    match path.as_str() {
        "/sparql" | "/sparql/" => {
            let req = Incoming::read(request, peer, QUERY_LIMIT).await?;
            protocol(state, req, Endpoint::Both, log).await
        }
        "/query" => {
            let req = Incoming::read(request, peer, QUERY_LIMIT).await?;
            protocol(state, req, Endpoint::Query, log).await
        }
        "/update" => {
            let req = Incoming::read(request, peer, QUERY_LIMIT).await?;
            protocol(state, req, Endpoint::Update, log).await
        }
        "/ingest" => {
            let req = Incoming::read(request, peer, UPLOAD_LIMIT).await?;
            if req.method != Method::POST {
                return Err(Problem::method_not_allowed("POST"));
            }
            may_write(state, &req)?;
            let (store, writer) = (state.store.clone(), state.writer.clone());
            let response = tokio::task::spawn_blocking(move || {
                let _writing = writer.lock().unwrap_or_else(|e| e.into_inner());
                ingest::ingest(&store, &req)
            })
            .await
            .map_err(|e| Problem::internal(format!("the ingest ended without an answer: {e}")))??;
            Ok((response, false))
        }
        p if pages::is_page(p) => {
            let req = Incoming::read(request, peer, QUERY_LIMIT).await?;
            pages::page(state, req, log).await
        }
        p if p == "/store" || p.starts_with("/store/") => {
            let req = Incoming::read(request, peer, UPLOAD_LIMIT).await?;
            store(state, req, log).await
        }
        _ => Err(Problem::not_found(format!(
            "nothing at {}: the SPARQL endpoint is /sparql (/query, /update), the graph store /store, the query page /, the search page /trace",
            path.chars().take(100).collect::<String>()
        ))),
    }
}

async fn protocol(
    state: &State,
    req: Incoming,
    endpoint: Endpoint,
    log: &RequestLog,
) -> Result<(Response<Body>, bool), Problem> {
    let base = req.url_of(&req.path);
    match sparql::operation(&req, endpoint)? {
        Operation::Describe => {
            let (content_type, bytes) =
                description::describe(&base, state.updates_allowed(), req.accept())?;
            Ok((whole(StatusCode::OK, &content_type, bytes), false))
        }
        Operation::Query { text, dataset } => {
            let token = CancellationToken::new();
            let job = QueryJob {
                store: state.store.clone(),
                text,
                dataset,
                base,
                accept: req.accept().map(str::to_string),
                max_rows: state.options.max_rows,
                token: token.clone(),
            };
            let response = stream::run(state, token, log.clone(), move |out| job.run(out)).await;
            Ok((response, true))
        }
        Operation::Update { text, dataset } => {
            may_write(state, &req)?;
            let token = CancellationToken::new();
            let job = UpdateJob {
                store: state.store.clone(),
                text,
                dataset,
                base,
                token: token.clone(),
                writer: state.writer.clone(),
            };
            let response = stream::run(state, token, log.clone(), move |out| job.run(out)).await;
            Ok((response, true))
        }
    }
}

async fn store(
    state: &State,
    req: Incoming,
    log: &RequestLog,
) -> Result<(Response<Body>, bool), Problem> {
    let target = Target::of(&req)?;
    match req.method {
        Method::GET | Method::HEAD => {
            let job = ReadJob {
                store: state.store.clone(),
                target,
                accept: req.accept().map(str::to_string),
            };
            let response = stream::run(state, CancellationToken::new(), log.clone(), move |out| {
                job.run(out)
            })
            .await;
            Ok((response, true))
        }
        Method::PUT | Method::POST | Method::DELETE => {
            may_write(state, &req)?;
            let (store, writer) = (state.store.clone(), state.writer.clone());
            let response = tokio::task::spawn_blocking(move || {
                let _writing = writer.lock().unwrap_or_else(|e| e.into_inner());
                graph_store::write(&store, &req, target)
            })
            .await
            .map_err(|e| Problem::internal(format!("the write ended without an answer: {e}")))??;
            Ok((response, false))
        }
        _ => Err(Problem::method_not_allowed("GET, HEAD, PUT, POST, DELETE")),
    }
}

/// Writes need a server started with updates allowed and the request to carry its token.
fn may_write(state: &State, req: &Incoming) -> Result<(), Problem> {
    if !state.updates_allowed() {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "this server is read-only; start it with --allow-update --token-env VAR to take updates",
        ));
    }
    if !state.authorised(req.authorization()) {
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "updates need the server's token: send the header Authorization: Bearer TOKEN",
        ));
    }
    Ok(())
}
