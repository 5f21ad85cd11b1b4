//! The SPARQL 1.1 Protocol: a query or an update from GET, a form POST or a direct POST, the
//! dataset the request names, and running them. Parameters clients add (SPARQLWrapper's
//! `format`, `output`, `results`) are ignored: the Accept header chooses the answer's form.

use std::sync::Arc;

use hyper::{Method, StatusCode};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{
    CancellationToken, QueryDatasetSpecification, QueryEvaluationError, QueryResults,
    QuerySolution, QuerySolutionIter, UpdateEvaluationError, Variable,
};

use super::formats;
use super::negotiate;
use super::params::Params;
use super::problem::Problem;
use super::request::Incoming;
use super::stream::{Failure, Output, Written};
use crate::export;
use crate::query::{self, QueryError, Reorder};
use crate::store::Store;

/// Which operations a path takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `/sparql`: queries and updates.
    Both,
    /// `/query`.
    Query,
    /// `/update`.
    Update,
}

#[derive(Debug)]
pub enum Operation {
    Query {
        text: String,
        dataset: Dataset,
    },
    Update {
        text: String,
        dataset: Dataset,
    },
    /// A bare GET: the service description.
    Describe,
}

/// The graphs a request names: `default-graph-uri` and `named-graph-uri` for a query,
/// `using-graph-uri` and `using-named-graph-uri` for an update.
#[derive(Debug, Default)]
pub struct Dataset {
    pub default: Vec<NamedNode>,
    pub named: Vec<NamedNode>,
}

impl Dataset {
    fn from(params: &Params, default: &str, named: &str) -> Result<Self, Problem> {
        let iris = |name: &str| {
            params
                .all(name)
                .map(|v| {
                    NamedNode::new(v).map_err(|e| {
                        Problem::bad_request(format!("{name}: {v} is not an absolute IRI ({e})"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Dataset {
            default: iris(default)?,
            named: iris(named)?,
        })
    }

    fn is_empty(&self) -> bool {
        self.default.is_empty() && self.named.is_empty()
    }

    /// Replaces `spec` by the graphs named here, when any are.
    fn apply(&self, spec: &mut QueryDatasetSpecification) {
        if self.is_empty() {
            return;
        }
        spec.set_default_graph(self.default.iter().cloned().map(GraphName::from).collect());
        spec.set_available_named_graphs(
            self.named
                .iter()
                .cloned()
                .map(NamedOrBlankNode::from)
                .collect(),
        );
    }
}

const FORM: &str = "application/x-www-form-urlencoded";
const QUERY: &str = "application/sparql-query";
const UPDATE: &str = "application/sparql-update";

/// Reads the operation a request asks for.
pub fn operation(req: &Incoming, endpoint: Endpoint) -> Result<Operation, Problem> {
    let (params, direct) = match req.method {
        Method::GET | Method::HEAD => (req.params.clone(), None),
        Method::POST => {
            let Some(content_type) = req.content_type() else {
                return Err(Problem::bad_request(format!(
                    "a POST needs a Content-Type: {FORM}, {QUERY} or {UPDATE}"
                )));
            };
            match negotiate::media_type(content_type).as_str() {
                FORM => {
                    let mut params = req.params.clone();
                    let form = Params::parse(&req.text_body()?)
                        .map_err(|e| Problem::bad_request(format!("the form: {e}")))?;
                    params.extend(form);
                    (params, None)
                }
                QUERY => (req.params.clone(), Some((true, req.text_body()?))),
                UPDATE => (req.params.clone(), Some((false, req.text_body()?))),
                other => {
                    return Err(Problem::unsupported_media_type(format!(
                        "{other} is not a SPARQL request; send {FORM}, {QUERY} or {UPDATE}"
                    )));
                }
            }
        }
        _ => return Err(Problem::method_not_allowed("GET, POST")),
    };
    let (is_query, text) = match direct {
        Some(direct) => direct,
        None => {
            let query = params.one("query").map_err(Problem::bad_request)?;
            let update = params.one("update").map_err(Problem::bad_request)?;
            match (query, update) {
                (Some(_), Some(_)) => {
                    return Err(Problem::bad_request(
                        "a request carries a query or an update, not both",
                    ));
                }
                (Some(q), None) => (true, q.to_string()),
                (None, Some(u)) => {
                    if req.method != Method::POST {
                        return Err(Problem::bad_request(
                            "an update must be sent with POST: update= in a form, or the update itself as application/sparql-update",
                        ));
                    }
                    (false, u.to_string())
                }
                (None, None) if endpoint != Endpoint::Update && req.method != Method::POST => {
                    return Ok(Operation::Describe);
                }
                (None, None) => {
                    return Err(Problem::bad_request(
                        "the request has no query= or update= parameter",
                    ));
                }
            }
        }
    };
    match (is_query, endpoint) {
        (true, Endpoint::Update) => Err(Problem::bad_request(
            "this is the update endpoint; send queries to /query or /sparql",
        )),
        (false, Endpoint::Query) => Err(Problem::bad_request(
            "this is the query endpoint; send updates to /update or /sparql",
        )),
        (true, _) => Ok(Operation::Query {
            text,
            dataset: Dataset::from(&params, "default-graph-uri", "named-graph-uri")?,
        }),
        (false, _) => Ok(Operation::Update {
            text,
            dataset: Dataset::from(&params, "using-graph-uri", "using-named-graph-uri")?,
        }),
    }
}

/// What running a query needs, moved to its thread.
pub struct QueryJob {
    pub store: Store,
    pub text: String,
    pub dataset: Dataset,
    pub base: String,
    pub accept: Option<String>,
    pub max_rows: Option<usize>,
    pub token: CancellationToken,
}

/// Solutions read one after the other, with their variables.
type Solutions = (
    Vec<Variable>,
    Box<dyn Iterator<Item = Result<QuerySolution, QueryEvaluationError>>>,
);

/// `solutions` in the order `reorder` gives (see `query::order`): every one read first, as
/// Oxigraph's own sort would have read them all.
fn in_order(
    solutions: QuerySolutionIter<'static>,
    reorder: Option<&Reorder>,
) -> Result<Solutions, Failure> {
    let mut vars = solutions.variables().to_vec();
    let Some(reorder) = reorder else {
        return Ok((vars, Box::new(solutions)));
    };
    let mut rows = Vec::new();
    for solution in solutions {
        rows.push(solution.map_err(evaluation)?.values().to_vec());
    }
    reorder.apply(&mut vars, &mut rows);
    let columns: Arc<[Variable]> = vars.clone().into();
    let solutions = rows
        .into_iter()
        .map(move |row| Ok(QuerySolution::from((columns.clone(), row))));
    Ok((vars, Box::new(solutions)))
}

impl QueryJob {
    pub fn run(self, out: &mut Output) -> Result<Written, Failure> {
        let mut query =
            query::parse_query_only(&self.text, &self.base, &self.token).map_err(problem_of)?;
        self.dataset.apply(query.oxigraph.dataset_mut());
        let accept = self.accept.as_deref();
        match self.store.query(query.oxigraph).map_err(evaluation)? {
            QueryResults::Solutions(solutions) => {
                let (media, format) = formats::results(accept)?;
                let (vars, solutions) = in_order(solutions, query.reorder.as_ref())?;
                out.head(StatusCode::OK, &formats::content_type(media));
                let mut writer = QueryResultsSerializer::from_format(format)
                    .serialize_solutions_to_writer(out, vars)?;
                let mut rows = 0;
                for solution in solutions {
                    let solution = solution.map_err(evaluation)?;
                    rows += 1;
                    if let Some(max) = self.max_rows
                        && rows > max
                    {
                        return Err(too_many_rows(max).into());
                    }
                    writer.serialize(&solution)?;
                }
                writer.finish()?;
                Ok(Written { rows: Some(rows) })
            }
            QueryResults::Boolean(value) => {
                let (media, format) = formats::results(accept)?;
                out.head(StatusCode::OK, &formats::content_type(media));
                QueryResultsSerializer::from_format(format)
                    .serialize_boolean_to_writer(out, value)?;
                Ok(Written { rows: Some(1) })
            }
            QueryResults::Graph(triples) => {
                let (media, format) = formats::graph(accept)?;
                out.head(StatusCode::OK, &formats::content_type(media));
                let mut writer = export::serializer(format).for_writer(out);
                let mut rows = 0;
                for triple in triples {
                    let triple = triple.map_err(evaluation)?;
                    rows += 1;
                    if let Some(max) = self.max_rows
                        && rows > max
                    {
                        return Err(too_many_rows(max).into());
                    }
                    writer.serialize_triple(&triple)?;
                }
                writer.finish()?;
                Ok(Written { rows: Some(rows) })
            }
        }
    }
}

/// What running an update needs, moved to its thread.
pub struct UpdateJob {
    pub store: Store,
    pub text: String,
    pub dataset: Dataset,
    pub base: String,
    pub token: CancellationToken,
    pub writer: Arc<std::sync::Mutex<()>>,
}

impl UpdateJob {
    pub fn run(self, out: &mut Output) -> Result<Written, Failure> {
        let mut update =
            query::parse_update_only(&self.text, &self.base, &self.token).map_err(problem_of)?;
        if !self.dataset.is_empty() {
            for using in update.using_datasets_mut() {
                if !using.is_default_dataset() {
                    return Err(Problem::bad_request(
                        "the update names its graphs (USING or WITH) and so does the request (using-graph-uri, using-named-graph-uri): give them in one place",
                    )
                    .into());
                }
                self.dataset.apply(using);
            }
        }
        let _writing = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        self.store
            .update(update)
            .map_err(|e| match QueryError::from(e) {
                QueryError::Cancelled => Failure::Cancelled,
                QueryError::Update(e) => update_problem(e).into(),
                other => problem_of(other).into(),
            })?;
        out.head(StatusCode::NO_CONTENT, "text/plain; charset=utf-8");
        Ok(Written { rows: None })
    }
}

fn too_many_rows(max: usize) -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!(
            "the answer has more than {max} rows, this server's limit (--max-rows); add a LIMIT, or page with LIMIT and OFFSET"
        ),
    )
}

fn problem_of(e: QueryError) -> Problem {
    match e {
        QueryError::Syntax { message, .. } => {
            Problem::bad_request(format!("SPARQL syntax error: {message}"))
        }
        e @ (QueryError::NotAQuery(_) | QueryError::NotAnUpdate(_)) => {
            Problem::bad_request(e.to_string())
        }
        e => Problem::internal(e.to_string()),
    }
}

fn evaluation(e: QueryEvaluationError) -> Failure {
    match e {
        QueryEvaluationError::Cancelled => Failure::Cancelled,
        e @ (QueryEvaluationError::Dataset(_) | QueryEvaluationError::Unexpected(_)) => {
            Problem::internal(format!("the query failed: {e}")).into()
        }
        e => Problem::bad_request(format!("the query cannot be run: {e}")).into(),
    }
}

fn update_problem(e: UpdateEvaluationError) -> Problem {
    match e {
        e @ (UpdateEvaluationError::Storage(_) | UpdateEvaluationError::Unexpected(_)) => {
            Problem::internal(format!("the update failed: {e}"))
        }
        e => Problem::bad_request(format!("the update cannot be run: {e}")),
    }
}
