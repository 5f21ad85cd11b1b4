//! The SPARQL 1.1 Graph Store Protocol at `/store`: a graph named by `?graph=IRI` (indirect),
//! by the request's own URL under `/store/` (direct), or `?default`; the whole dataset when
//! none is named. Reads stream like query results; every write is one transaction.

use std::sync::atomic::{AtomicU64, Ordering};

use hyper::header::{HeaderValue, LOCATION};
use hyper::{Method, Response, StatusCode};
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, NamedNode, Quad};

use super::body::Body;
use super::formats;
use super::problem::Problem;
use super::request::Incoming;
use super::stream::{Failure, Output, Written};
use crate::export;
use crate::store::Store;

/// What a request names.
#[derive(Debug, Clone)]
pub enum Target {
    Graph(GraphName),
    /// No graph named: the whole dataset (or, for POST, a new graph).
    Dataset,
}

impl Target {
    pub fn of(req: &Incoming) -> Result<Self, Problem> {
        let graph = req.params.one("graph").map_err(Problem::bad_request)?;
        let default = req.params.has("default");
        let direct = req.path.strip_prefix("/store/").filter(|p| !p.is_empty());
        match (graph, default, direct) {
            (Some(_), true, _) | (Some(_), _, Some(_)) | (None, true, Some(_)) => {
                Err(Problem::bad_request(
                    "name one graph: ?graph=IRI, ?default, or a path under /store/",
                ))
            }
            (Some(iri), false, None) => NamedNode::new(iri)
                .map(|g| Target::Graph(g.into()))
                .map_err(|e| {
                    Problem::bad_request(format!("graph: {iri} is not an absolute IRI ({e})"))
                }),
            (None, true, None) => Ok(Target::Graph(GraphName::DefaultGraph)),
            (None, false, Some(_)) => NamedNode::new(req.url_of(&req.path))
                .map(|g| Target::Graph(g.into()))
                .map_err(|e| Problem::bad_request(format!("the path does not make an IRI ({e})"))),
            (None, false, None) => Ok(Target::Dataset),
        }
    }
}

/// Reads a graph or the dataset, as the Accept header asks.
pub struct ReadJob {
    pub store: Store,
    pub target: Target,
    pub accept: Option<String>,
}

impl ReadJob {
    pub fn run(self, out: &mut Output) -> Result<Written, Failure> {
        let accept = self.accept.as_deref();
        let (graph, (media, format)) = match &self.target {
            Target::Graph(g) => {
                if !self.store.graph_exists(g.as_ref()).map_err(internal)? {
                    return Err(Problem::not_found(format!("no graph {g} in the store")).into());
                }
                (Some(g.as_ref()), formats::graph(accept)?)
            }
            Target::Dataset => (None, formats::dataset(accept)?),
        };
        out.head(StatusCode::OK, &formats::content_type(media));
        let mut writer = export::serializer(format).for_writer(out);
        let mut rows = 0;
        for quad in self.store.graph_quads(graph) {
            let quad = quad.map_err(internal)?;
            rows += 1;
            if graph.is_some() {
                writer.serialize_triple(quad.as_ref())?;
            } else {
                writer.serialize_quad(&quad)?;
            }
        }
        writer.finish()?;
        Ok(Written { rows: Some(rows) })
    }
}

fn internal(e: impl std::fmt::Display) -> Failure {
    Problem::internal(format!("reading the store failed: {e}")).into()
}

/// A PUT, POST or DELETE; run on a blocking thread, the writer's lock held.
pub fn write(store: &Store, req: &Incoming, target: Target) -> Result<Response<Body>, Problem> {
    let failed =
        |e: crate::store::StoreError| Problem::internal(format!("writing the store failed: {e}"));
    match (&req.method, target) {
        (&Method::DELETE, Target::Graph(g)) => {
            if store.drop_graph(g.as_ref()).map_err(failed)? {
                Ok(status(StatusCode::NO_CONTENT))
            } else {
                Err(Problem::not_found(format!("no graph {g} in the store")))
            }
        }
        (&Method::DELETE, Target::Dataset) => {
            store.replace_all(&[]).map_err(failed)?;
            Ok(status(StatusCode::NO_CONTENT))
        }
        (&Method::PUT | &Method::POST, Target::Graph(g)) => {
            let quads = parse_body(req, Some(&g))?;
            let existed = store
                .write_graph(g.as_ref(), &quads, req.method == Method::PUT)
                .map_err(failed)?;
            Ok(status(if existed {
                StatusCode::NO_CONTENT
            } else {
                StatusCode::CREATED
            }))
        }
        (&Method::PUT, Target::Dataset) => {
            let quads = parse_body(req, None)?;
            store.replace_all(&quads).map_err(failed)?;
            Ok(status(StatusCode::NO_CONTENT))
        }
        (&Method::POST, Target::Dataset) => {
            let format = formats::of_body(req.content_type())?;
            if format.supports_datasets() {
                let quads = parse_body(req, None)?;
                store.add_all(&quads).map_err(failed)?;
                return Ok(status(StatusCode::NO_CONTENT));
            }
            // A graph posted to the store itself becomes a new graph, named by the server.
            let iri = NamedNode::new(req.url_of(&format!("/store/graph-{}", fresh_id()))).map_err(
                |e| Problem::bad_request(format!("the Host header does not make an IRI ({e})")),
            )?;
            let graph = GraphName::from(iri.clone());
            let quads = parse_body(req, Some(&graph))?;
            store
                .write_graph(graph.as_ref(), &quads, true)
                .map_err(failed)?;
            let mut response = status(StatusCode::CREATED);
            if let Ok(location) = HeaderValue::from_str(iri.as_str()) {
                response.headers_mut().insert(LOCATION, location);
            }
            Ok(response)
        }
        _ => Err(Problem::method_not_allowed("GET, HEAD, PUT, POST, DELETE")),
    }
}

fn status(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// A name for a graph the client did not name: the time and a counter, unique in this
/// server's life and unlikely to meet another's.
fn fresh_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The quads of the body, into `graph` when one is named (a body naming other graphs is
/// refused then); syntax errors say where.
fn parse_body(req: &Incoming, graph: Option<&GraphName>) -> Result<Vec<Quad>, Problem> {
    let format = formats::of_body(req.content_type())?;
    let base = match graph {
        Some(GraphName::NamedNode(g)) => g.as_str().to_string(),
        _ => req.url_of(&req.path),
    };
    let mut parser = RdfParser::from_format(format);
    parser = parser.clone().with_base_iri(base).unwrap_or(parser);
    let mut quads = Vec::new();
    for quad in parser.for_slice(&req.body) {
        let mut quad = quad.map_err(|e| {
            Problem::bad_request(format!("the body is not valid {}: {e}", format.name()))
        })?;
        if let Some(target) = graph {
            if !quad.graph_name.is_default_graph() {
                return Err(Problem::bad_request(format!(
                    "the body names the graph {}; send a graph format (Turtle, N-Triples, RDF/XML) to a graph, a dataset format to /store itself",
                    quad.graph_name
                )));
            }
            quad.graph_name = target.clone();
        }
        quads.push(quad);
    }
    Ok(quads)
}
