//! The propagation pages served: `/claim/<id>`, `/speaker/<path>`, `/outlet/<id>`, the search
//! page `/trace?q=...`, and their scripts and styles under `/assets/`. Each page is made on a
//! blocking thread, in its turn with the queries (see `stream`).

use hyper::{Method, Response, StatusCode};
use oxigraph::sparql::CancellationToken;

use super::body::{Body, whole};
use super::log::RequestLog;
use super::problem::Problem;
use super::request::Incoming;
use super::state::State;
use super::stream::{self, Failure, Output, Written};
use crate::pages::{self, Delivery, Kind, PageError};
use crate::source::Source;
use crate::store::Store;
use crate::trace::{self, Target, TraceError};

const HTML: &str = "text/html; charset=utf-8";

/// Whether `path` is one of the pages'.
pub fn is_page(path: &str) -> bool {
    path == "/trace"
        || ["/claim/", "/speaker/", "/outlet/"]
            .iter()
            .any(|p| path.starts_with(p))
}

/// A script or style sheet of the pages, for a GET or HEAD of `path`; `None` for other paths.
pub fn asset(method: &Method, path: &str) -> Option<Result<Response<Body>, Problem>> {
    let name = path.strip_prefix("/assets/")?;
    let asset = pages::ASSETS.iter().find(|a| a.name == name)?;
    if method != Method::GET && method != Method::HEAD {
        return Some(Err(Problem::method_not_allowed("GET, HEAD")));
    }
    Some(Ok(whole(StatusCode::OK, asset.content_type, asset.body)))
}

/// What a page's path asks for.
enum Asked {
    Search(Option<String>),
    Claim(String),
    Agent(Kind, String, usize),
}

pub async fn page(
    state: &State,
    req: Incoming,
    log: &RequestLog,
) -> Result<(Response<Body>, bool), Problem> {
    if req.method != Method::GET && req.method != Method::HEAD {
        return Err(Problem::method_not_allowed("GET, HEAD"));
    }
    let one = |name: &str| {
        req.params
            .one(name)
            .map(|v| v.map(str::to_string))
            .map_err(Problem::bad_request)
    };
    let ids = state.store.ids();
    let id_of = |prefix: &str| req.path.strip_prefix(prefix).unwrap_or("");
    let asked = if req.path == "/trace" {
        Asked::Search(one("q")?)
    } else if req.path.starts_with("/claim/") {
        match pages::iri_of(ids, Kind::Claim, id_of("/claim/")) {
            Some(iri) => Asked::Claim(iri),
            None => {
                return Ok((
                    not_found("No such claim", "This path names no claim."),
                    false,
                ));
            }
        }
    } else {
        let (kind, prefix) = if req.path.starts_with("/outlet/") {
            (Kind::Outlet, "/outlet/")
        } else {
            (Kind::Speaker, "/speaker/")
        };
        let number = one("page")?;
        let page = match number.as_deref().map(str::parse::<usize>) {
            None => 1,
            Some(Ok(n)) if n >= 1 => n,
            Some(_) => {
                return Err(Problem::bad_request(
                    "page: give a page number from 1".to_string(),
                ));
            }
        };
        match pages::iri_of(ids, kind, id_of(prefix)) {
            Some(iri) => Asked::Agent(kind, iri, page),
            None => return Ok((not_found("Nobody here", "This path names no one."), false)),
        }
    };
    let store = state.store.clone();
    let response = stream::run(state, CancellationToken::new(), log.clone(), move |out| {
        answer(&store, asked, out)
    })
    .await;
    Ok((response, true))
}

fn answer(store: &Store, asked: Asked, out: &mut Output) -> Result<Written, Failure> {
    let source = Source::Local(store);
    let made = match asked {
        Asked::Search(q) => pages::search_page(source, q.as_deref()).map(Some),
        Asked::Claim(iri) => match trace::trace(source, &Target::Claim(iri)) {
            Ok(t) => pages::claim_page(source, &t, Delivery::Served).map(Some),
            Err(TraceError::NoClaim(_)) => Ok(None),
            Err(e) => Err(PageError::from(e)),
        },
        Asked::Agent(kind, iri, page) => pages::agent_page_html(source, kind, &iri, page),
    };
    let (status, html) = match made {
        Ok(Some(html)) => (StatusCode::OK, html),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            pages::message_page(
                "Not in the store",
                "The store holds nothing by this name: search for it instead.",
            ),
        ),
        Err(e @ PageError::NoSuchPage { .. }) => (
            StatusCode::NOT_FOUND,
            pages::message_page("No such page", &e.to_string()),
        ),
        Err(e) => return Err(Problem::internal(format!("the page could not be made: {e}")).into()),
    };
    out.head(status, HTML);
    std::io::Write::write_all(out, html.as_bytes())?;
    Ok(Written { rows: None })
}

fn not_found(title: &str, text: &str) -> Response<Body> {
    whole(
        StatusCode::NOT_FOUND,
        HTML,
        pages::message_page(title, text).into_bytes(),
    )
}
