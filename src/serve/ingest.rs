//! `POST /ingest`: articles in the request's body (text, a page, a JSON Lines batch, a feed),
//! read, extracted and stored exactly as `claimtrace ingest` stores them; the answer, JSON,
//! says what was stored and names what failed. The format comes from `?format=`, else the
//! Content-Type, else the body's first bytes; `?name=` names a document that has no URL or
//! id (its IRI is made from it), `?publisher=`, `?url=` and `?published=` override what the
//! article says, as on the command line.

use hyper::StatusCode;
use hyper::{Response, header::HeaderValue};
use serde_json::json;

use claimtrace_text::article::{Overrides, Published};
use claimtrace_text::input::{Failure, Format};

use super::body::Body;
use super::negotiate;
use super::problem::Problem;
use super::request::Incoming;
use crate::ingest::{self, Observer, Severity};
use crate::store::{Prepared, Store, Written};

/// Reads, extracts and stores the articles of `req`'s body; run with the writer's lock held.
pub fn ingest(store: &Store, req: &Incoming) -> Result<Response<Body>, Problem> {
    let options = ingest::Options {
        format: format_of(req)?,
        overrides: overrides_of(req)?,
        strict: false,
        jobs: 1,
    };
    if req.body.is_empty() {
        return Err(Problem::bad_request(
            "the request has no body: send the article (text, HTML, JSON Lines or a feed)",
        ));
    }
    let named = req.params.one("name").map_err(Problem::bad_request)?;
    let name = named.unwrap_or("request");
    // Failures name the input as the command line does (`batch.jsonl:2`).
    let input = named.unwrap_or("the request body");
    let mut report = Report::default();
    let summary = ingest::ingest_bytes(store, input, name, &req.body, &options, &mut report);
    let failures: Vec<_> = summary.failures.iter().map(failure_json).collect();
    let warnings: Vec<_> = summary.warnings.iter().map(failure_json).collect();
    let answer = json!({
        "read": summary.read,
        "added": summary.added,
        "replaced": summary.replaced,
        "unchanged": summary.unchanged,
        "duplicates": summary.duplicates,
        "statements": summary.statements,
        "articles": report.articles,
        "failures": failures,
        "warnings": warnings,
        "stopped": summary.stopped.as_ref().map(|s| s.reason.as_str()),
    });
    // The store could not be written: 507 when its disk is full, else 500, what was
    // stored before listed. All stored: 200; some: 207, the failures listed; none: 422.
    let status = match (
        &summary.stopped,
        summary.failures.is_empty(),
        summary.ingested() > 0,
    ) {
        (Some(s), ..) if s.store_full => StatusCode::INSUFFICIENT_STORAGE,
        (Some(_), ..) => StatusCode::INTERNAL_SERVER_ERROR,
        (None, true, _) => StatusCode::OK,
        (None, false, true) => StatusCode::MULTI_STATUS,
        (None, false, false) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let mut body = serde_json::to_vec_pretty(&answer).expect("JSON values serialise");
    body.push(b'\n');
    let mut response = Response::new(Body::whole(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

fn failure_json(f: &Failure) -> serde_json::Value {
    json!({ "input": f.input, "reason": f.reason })
}

/// The reader to use: `?format=`, else the Content-Type, else found from the bytes.
fn format_of(req: &Incoming) -> Result<Format, Problem> {
    if let Some(f) = req.params.one("format").map_err(Problem::bad_request)? {
        return match f {
            "auto" => Ok(Format::Auto),
            "text" => Ok(Format::Text),
            "html" => Ok(Format::Html),
            "jsonl" => Ok(Format::Jsonl),
            "feed" => Ok(Format::Feed),
            other => Err(Problem::bad_request(format!(
                "format={other}: give auto, text, html, jsonl or feed"
            ))),
        };
    }
    let media = req
        .content_type()
        .map(negotiate::media_type)
        .unwrap_or_default();
    Ok(match media.as_str() {
        "text/plain" => Format::Text,
        "text/html" | "application/xhtml+xml" => Format::Html,
        "application/x-ndjson"
        | "application/jsonl"
        | "application/jsonlines"
        | "application/json-lines"
        | "application/json" => Format::Jsonl,
        "application/rss+xml" | "application/atom+xml" => Format::Feed,
        _ => Format::Auto,
    })
}

fn overrides_of(req: &Incoming) -> Result<Overrides, Problem> {
    let one = |name| {
        req.params
            .one(name)
            .map(|v| v.map(str::to_string))
            .map_err(Problem::bad_request)
    };
    let published = one("published")?
        .map(|d| {
            Published::parse(&d).map_err(|e| Problem::bad_request(format!("published={d}: {e}")))
        })
        .transpose()?;
    Ok(Overrides {
        publisher: one("publisher")?,
        url: one("url")?,
        published,
    })
}

/// Collects what was stored, for the answer.
#[derive(Default)]
struct Report {
    articles: Vec<serde_json::Value>,
}

impl Observer for Report {
    fn report(&mut self, _severity: Severity, _failure: &Failure) {
        // Failures and warnings are in the summary.
    }

    fn stored(&mut self, article: &Prepared, written: &Written) {
        let written = match written {
            Written::Added => "added",
            Written::Replaced => "replaced",
            Written::Unchanged => "unchanged",
            Written::Duplicate { .. } => "duplicate",
        };
        self.articles.push(json!({
            "iri": article.mapped.article.as_str(),
            "input": article.location,
            "statements": article.statements,
            "written": written,
        }));
    }
}
